//go:build !race

// The race detector makes sync.Pool drop values at random, which adds
// allocations that are not the framework's.

package framework_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/starling-http/starling/framework"
)

// nopWriter is a ResponseWriter that allocates nothing: it keeps one header
// map (cleared, not replaced, between requests) and discards the body.
type nopWriter struct {
	h    http.Header
	code int
	n    int
}

func (w *nopWriter) Header() http.Header               { return w.h }
func (w *nopWriter) Write(b []byte) (int, error)       { w.n += len(b); return len(b), nil }
func (w *nopWriter) WriteString(s string) (int, error) { w.n += len(s); return len(s), nil }
func (w *nopWriter) WriteHeader(code int)              { w.code = code }

type (
	allocStore struct{ users map[int64]allocUser }
	allocUser  struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	allocC struct{ v string }
	allocB struct{ c *allocC }
	allocA struct{ b *allocB }
)

// The allocations the framework makes per request, pinned exactly so that a
// change that adds one fails and a change that saves one updates the pin.
// What remains: the request state (which is also the request's context and,
// when the route is matched before anything sees the state, holds the
// route's In/Out frame), a copy of the request when something besides the
// handler may read its context, the frame when app middleware runs before
// the route is known, and what constructors and handlers allocate.
func TestAllocationsPerRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	pr := framework.WithScope(framework.PerRequest)
	store := &allocStore{users: map[int64]allocUser{1: {1, "Ada"}}}
	type getIn struct {
		ID    int64       `path:"id"`
		Store *allocStore `inject:""`
	}
	type diIn struct {
		A *allocA `inject:""`
	}
	routes := framework.Mount(
		framework.Get("/text", func(context.Context, struct{}) (framework.Text, error) { return "Hello, World!", nil }),
		framework.Get("/users/{id:int}", func(_ context.Context, in getIn) (allocUser, error) {
			return in.Store.users[in.ID], nil
		}),
		framework.Get("/di", func(_ context.Context, in diIn) (string, error) { return in.A.b.c.v, nil }),
		framework.Get("/guarded", func(context.Context, struct{}) (framework.Text, error) { return "ok", nil },
			framework.Guards(framework.GuardFunc(func(*http.Request, *framework.RouteInfo) error { return nil }))),
	)
	deps := framework.Dependencies(
		framework.Value(store),
		framework.Provide(func() *allocC { return &allocC{"c"} }, pr),
		framework.Provide(func(c *allocC) *allocB { return &allocB{c} }, pr),
		framework.Provide(func(b *allocB) *allocA { return &allocA{b} }, pr),
	)
	plain := newApp(t, deps, routes)
	withMiddleware := newApp(t, deps, routes, framework.Use(func(next http.Handler) http.Handler { return next }))
	idOnErrors := newApp(t, deps, routes, framework.WithRequestIDHeader(framework.RequestIDOnErrors))
	for _, tc := range []struct {
		name string
		app  *framework.App
		path string
		want float64
	}{
		{"Text", plain, "/text", 1}, // the state
		{"JSON with a path parameter and a singleton", plain, "/users/1", 1}, // the state with In/Out
		{"three per-request providers", plain, "/di", 4},                     // + the three values
		{"guarded", plain, "/guarded", 2},                                    // + the request's copy
		{"app middleware", withMiddleware, "/text", 2},                       // + the request's copy
		{"app middleware, JSON", withMiddleware, "/users/1", 3},              // + the frame
		{"request id on errors only", idOnErrors, "/users/1", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, tc.path, nil)
			w := &nopWriter{h: http.Header{}}
			if err := tc.app.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := testing.AllocsPerRun(200, func() {
				clear(w.h)
				tc.app.ServeHTTP(w, r)
			})
			if w.code != http.StatusOK {
				t.Fatalf("status %d", w.code)
			}
			if got != tc.want {
				t.Errorf("%v allocations per request, want %v", got, tc.want)
			}
		})
	}
}
