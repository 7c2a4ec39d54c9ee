package framework_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/starling-http/starling/framework"
)

// do serves one request in-process and prints the status and body.
func do(h http.Handler, method, target, body string) {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Header().Get("Content-Type") == framework.ProblemContentType {
		var p framework.Problem // the request_id member differs per request
		_ = json.Unmarshal(w.Body.Bytes(), &p)
		fmt.Printf("%d problem: %s: %s\n", w.Code, p.Title, p.Detail)
		return
	}
	fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
}

type exStore interface{ Name(id int64) (string, bool) }

type exMemStore struct{}

func (exMemStore) Name(id int64) (string, bool) { return "Ada", id == 1 }

func newExMemStore() *exMemStore { return &exMemStore{} }

type exGetIn struct {
	ID    int64   `path:"id"`
	Store exStore `inject:""`
}

type exName struct {
	Name string `json:"name"`
}

func exGet(_ context.Context, in exGetIn) (exName, error) {
	name, ok := in.Store.Name(in.ID)
	if !ok {
		return exName{}, framework.NotFound(fmt.Sprintf("no user %d", in.ID))
	}
	return exName{Name: name}, nil
}

// Wiring mistakes are errors from New: here a route injects a store no
// layer provides.
func ExampleNew() {
	_, err := framework.New(framework.Mount(framework.Get("/users/{id:int}", exGet)))
	fmt.Println(err != nil)
	// Output: true
}

// Provide registers a constructor; As makes its result satisfy an
// interface, so handlers depend on the interface and tests can override it.
func ExampleProvide() {
	app := framework.Must(framework.New(
		framework.Dependencies(framework.Provide(newExMemStore, framework.As[exStore]())),
		framework.Mount(framework.Get("/users/{id:int}", exGet)),
	))
	do(app, "GET", "/users/1", "")
	// Output: 200 {"name":"Ada"}
}

// A handler returns an *Error to choose the status; every error is an RFC
// 9457 problem.
func ExampleNotFound() {
	app := framework.Must(framework.New(
		framework.Dependencies(framework.Provide(newExMemStore, framework.As[exStore]())),
		framework.Mount(framework.Get("/users/{id:int}", exGet)),
	))
	do(app, "GET", "/users/2", "")
	// Output: 404 problem: Not Found: no user 2
}

type exAccount struct {
	ID           int64  `json:"id"`
	Email        string `json:"email"`
	PasswordHash string `json:"passwordHash"`
}

// DTO derives a wire shape from a model: here without the hash, with
// camelCase names.
func ExampleDTO() {
	public := framework.DTO[exAccount](framework.Name("PublicAccount"), framework.Exclude("PasswordHash"))
	app := framework.Must(framework.New(framework.Mount(
		framework.Get("/me", func(context.Context, struct{}) (exAccount, error) {
			return exAccount{ID: 7, Email: "ada@example.com", PasswordHash: "secret"}, nil
		}, framework.Returns(public)),
	)))
	do(app, "GET", "/me", "")
	// Output: 200 {"id":7,"email":"ada@example.com"}
}

type exProfile struct {
	Name string `json:"name" validate:"minLength=1"`
	Bio  string `json:"bio"`
}

type exPatchIn struct {
	Body framework.Partial[exProfile] `body:""`
}

// Partial is a PATCH body: Apply writes only the fields the client sent.
func ExamplePartial() {
	app := framework.Must(framework.New(framework.Mount(
		framework.Patch("/profile", func(_ context.Context, in exPatchIn) (exProfile, error) {
			p := exProfile{Name: "Ada", Bio: "mathematician"}
			err := in.Body.Apply(&p)
			return p, err
		}),
	)))
	do(app, "PATCH", "/profile", `{"bio":"programmer"}`)
	// Output: 200 {"name":"Ada","bio":"programmer"}
}

// A guard allows a request or denies it with an error; set at the app or a
// route with the Guards option, or on a Controller or Router with its
// Guards field.
func ExampleGuardFunc() {
	apiKey := framework.GuardFunc(func(r *http.Request, _ *framework.RouteInfo) error {
		if r.Header.Get("X-Api-Key") != "letmein" {
			return framework.Unauthorized("a valid X-Api-Key header is required")
		}
		return nil
	})
	app := framework.Must(framework.New(framework.Mount(framework.Controller{
		Path:   "/admin",
		Guards: []framework.Guard{apiKey},
		Routes: []framework.Route{framework.Get("/", func(context.Context, struct{}) (framework.Text, error) {
			return "welcome", nil
		})},
	})))
	do(app, "GET", "/admin", "")
	// Output: 401 problem: Unauthorized: a valid X-Api-Key header is required
}

// OnError maps a domain error to a problem, at any layer.
func ExampleOnError() {
	errClosed := errors.New("the shop is closed")
	app := framework.Must(framework.New(
		framework.WithLogger(slog.New(slog.DiscardHandler)),
		framework.ExceptionHandlers(framework.OnError(func(_ *http.Request, err error) error {
			if errors.Is(err, errClosed) {
				return framework.ServiceUnavailable(err.Error())
			}
			return err
		})),
		framework.Mount(framework.Get("/buy", func(context.Context, struct{}) (framework.NoContent, error) {
			return framework.NoContent{}, errClosed
		})),
	))
	do(app, "GET", "/buy", "")
	// Output: 503 problem: Service Unavailable: the shop is closed
}
