package apitest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/starling-http/starling/framework"
)

// The harness's tests drive a small widgets app: a body route, a path
// parameter with a constraint, a no-content route, a 404, and a provider
// (Greeter) to override.

type CreateWidget struct {
	Name string `json:"name" validate:"required,minLength=1,maxLength=40"`
	Size int    `json:"size" validate:"minimum=0,maximum=100"`
}

type Widget struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Size int    `json:"size"`
}

type Hello struct {
	Message string `json:"message"`
}

// Greeter is the provider the override tests swap.
type Greeter interface{ Greet(name string) string }

type polite struct{}

func (polite) Greet(name string) string { return "Hello, " + name }

func newPolite() polite { return polite{} }

// widgets keeps widgets for one app.
type widgets struct {
	mu   sync.Mutex
	next int64
	byID map[int64]Widget
}

func newWidgets() *widgets { return &widgets{byID: map[int64]Widget{}} }

type createIn struct {
	Body  CreateWidget `body:""`
	Store *widgets     `inject:""`
}

type byID struct {
	ID    int64    `path:"id" validate:"minimum=1"`
	Store *widgets `inject:""`
}

type helloIn struct {
	Name    string  `path:"name"`
	Greeter Greeter `inject:""`
}

func widgetApp(t testing.TB) *framework.App {
	t.Helper()
	a, err := framework.New(
		framework.WithInfo(framework.Info{Title: "Widgets", Version: "1.0.0"}),
		framework.Dependencies(
			framework.Provide(newWidgets),
			framework.Provide(newPolite, framework.As[Greeter]()),
		),
		framework.Mount(framework.Controller{
			Path: "/widgets",
			Routes: []framework.Route{
				framework.Post("/", func(_ context.Context, in createIn) (Widget, error) {
					in.Store.mu.Lock()
					defer in.Store.mu.Unlock()
					in.Store.next++
					w := Widget{ID: in.Store.next, Name: in.Body.Name, Size: in.Body.Size}
					in.Store.byID[w.ID] = w
					return w, nil
				}, framework.OperationID("createWidget")),
				framework.Get("/{id:int}", func(_ context.Context, in byID) (Widget, error) {
					in.Store.mu.Lock()
					defer in.Store.mu.Unlock()
					w, ok := in.Store.byID[in.ID]
					if !ok {
						return Widget{}, framework.NotFound("no such widget")
					}
					return w, nil
				}, framework.OperationID("getWidget"), framework.Raises(http.StatusNotFound)),
				framework.Delete("/{id:int}", func(_ context.Context, in byID) (framework.NoContent, error) {
					return framework.NoContent{}, nil
				}, framework.OperationID("deleteWidget")),
			},
		}),
		framework.Mount(framework.Get("/hello/{name:str}", func(_ context.Context, in helloIn) (Hello, error) {
			return Hello{Message: in.Greeter.Greet(in.Name)}, nil
		}, framework.OperationID("hello"))),
	)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// tamper answers method+path itself with a response the document does not
// allow, leaving every other request to the app.
func tamper(method, path string, status int, contentType, body string) framework.Option {
	return framework.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != method || r.URL.Path != path {
				next.ServeHTTP(w, r)
				return
			}
			if contentType != "" {
				w.Header().Set("Content-Type", contentType)
			}
			w.WriteHeader(status)
			fmt.Fprint(w, body)
		})
	})
}

// fakeTB records what the harness reports instead of failing the test.
type fakeTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatals []string
}

func newFakeTB(t testing.TB) *fakeTB { return &fakeTB{TB: t} }

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Error(args ...any) { f.Errorf("%s", fmt.Sprint(args...)) }

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatal(args ...any) { f.Fatalf("%s", fmt.Sprint(args...)) }

func (f *fakeTB) FailNow() { f.Fatalf("FailNow") }

func (f *fakeTB) reports() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append(append([]string(nil), f.errors...), f.fatals...)
}

func (f *fakeTB) all() string { return strings.Join(f.reports(), "\n---\n") }
