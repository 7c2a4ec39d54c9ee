package framework_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

// layerName is provided differently at each layer.
type layerName string

type layerIn struct {
	Name layerName `inject:""`
}

func whoProvides(_ context.Context, in layerIn) (string, error) { return string(in.Name), nil }

// layered builds app -> router "/r" -> controller "/c" -> routes, with the
// given settings at each layer, and routes at every depth.
func layered(tb testing.TB, app []framework.Option, router framework.Router, ctl framework.Controller, route []framework.RouteOption, more ...framework.Option) *framework.App {
	tb.Helper()
	ctl.Path = "/c"
	ctl.Routes = append(ctl.Routes,
		framework.Get("/inherit", whoProvides),
		framework.Get("/own", whoProvides, route...),
	)
	router.Path = "/r"
	router.Routes = append(router.Routes, ctl, framework.Get("/direct", whoProvides))
	opts := append(app, framework.Mount(router, framework.Get("/top", whoProvides)))
	return newApp(tb, append(opts, more...)...)
}

func TestDependenciesNearestWins(t *testing.T) {
	t.Parallel()
	a := layered(t,
		[]framework.Option{framework.Dependencies(framework.Value[layerName]("app"))},
		framework.Router{Dependencies: []framework.Provider{framework.Value[layerName]("router")}},
		framework.Controller{Dependencies: []framework.Provider{framework.Value[layerName]("controller")}},
		[]framework.RouteOption{framework.Dependencies(framework.Value[layerName]("route"))},
	)
	tests := map[string]string{
		"/top":         "app",
		"/r/direct":    "router",
		"/r/c/inherit": "controller",
		"/r/c/own":     "route",
	}
	for path, want := range tests {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			w := get(t, a, path)
			wantStatus(t, w, http.StatusOK)
			if got := decodeJSON[string](t, w); got != want {
				t.Errorf("%s injected %q, want %q (nearest layer)", path, got, want)
			}
		})
	}
}

type teapotError struct{ from string }

func (e *teapotError) Error() string { return "teapot from " + e.from }

func TestExceptionHandlersNearestWins(t *testing.T) {
	t.Parallel()
	translate := func(layer string) framework.ExceptionHandler {
		return framework.OnError(func(_ *http.Request, err *teapotError) error {
			return framework.NewError(http.StatusTeapot, "translated at "+layer)
		})
	}
	render := func(layer string) framework.ExceptionHandler {
		return framework.OnStatus(http.StatusConflict, func(w http.ResponseWriter, _ *http.Request, e *framework.Error) {
			w.Header().Set("X-Rendered-By", layer)
			w.WriteHeader(e.Status)
		})
	}
	fail := func(context.Context, none) (string, error) { return "", &teapotError{"handler"} }
	conflict := func(context.Context, none) (string, error) { return "", framework.Conflict("busy") }
	a := newApp(t,
		framework.ExceptionHandlers(translate("app"), render("app")),
		framework.Mount(
			framework.Get("/app", fail),
			framework.Get("/app-conflict", conflict),
			framework.Controller{
				Path:              "/c",
				ExceptionHandlers: []framework.ExceptionHandler{translate("controller")},
				Routes: []framework.Route{
					framework.Get("/ctl", fail),
					framework.Get("/ctl-conflict", conflict), // the app's status handler still applies
					framework.Get("/route", fail, framework.ExceptionHandlers(translate("route"))),
					framework.Get("/route-conflict", conflict, framework.ExceptionHandlers(render("route"))),
				},
			},
		),
	)
	for path, want := range map[string]string{"/app": "app", "/c/ctl": "controller", "/c/route": "route"} {
		p, _ := problem(t, get(t, a, path), http.StatusTeapot)
		if p.Detail != "translated at "+want {
			t.Errorf("%s: detail %q, want the %s layer's handler", path, p.Detail, want)
		}
	}
	for path, want := range map[string]string{"/app-conflict": "app", "/c/ctl-conflict": "app", "/c/route-conflict": "route"} {
		w := get(t, a, path)
		wantStatus(t, w, http.StatusConflict)
		if got := w.Header().Get("X-Rendered-By"); got != want {
			t.Errorf("%s: rendered by %q, want %q", path, got, want)
		}
	}
}

func TestResponseHeadersMergeNearestWins(t *testing.T) {
	t.Parallel()
	a := layered(t,
		[]framework.Option{
			framework.Dependencies(framework.Value[layerName]("x")),
			framework.ResponseHeader("X-Layer", "app"),
			framework.ResponseHeader("X-App", "yes"),
		},
		framework.Router{ResponseHeaders: map[string]string{"x-layer": "router", "X-Router": "yes"}},
		framework.Controller{ResponseHeaders: map[string]string{"X-Layer": "controller"}},
		[]framework.RouteOption{framework.ResponseHeader("x-layer", "route")},
	)
	tests := []struct {
		path string
		want http.Header
	}{
		{"/top", http.Header{"X-Layer": {"app"}, "X-App": {"yes"}}},
		{"/r/direct", http.Header{"X-Layer": {"router"}, "X-App": {"yes"}, "X-Router": {"yes"}}},
		{"/r/c/inherit", http.Header{"X-Layer": {"controller"}, "X-App": {"yes"}, "X-Router": {"yes"}}},
		{"/r/c/own", http.Header{"X-Layer": {"route"}, "X-App": {"yes"}, "X-Router": {"yes"}}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			w := get(t, a, tt.path)
			wantStatus(t, w, http.StatusOK)
			got := http.Header{}
			for _, k := range []string{"X-Layer", "X-App", "X-Router"} {
				if v := w.Header().Values(k); len(v) > 0 {
					got[k] = v
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("error responses carry them too", func(t *testing.T) {
		t.Parallel()
		b := newApp(t, framework.ResponseHeader("Cache-Control", "no-store"), framework.Mount(
			framework.Get("/fail", func(context.Context, none) (string, error) { return "", framework.NotFound("no") })))
		w := get(t, b, "/fail")
		problem(t, w, http.StatusNotFound)
		if got := w.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control = %q", got)
		}
	})
}

func TestGuardsAndMiddlewareConcatenateAppFirst(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	guard := func(layer string) framework.Guard {
		return framework.GuardFunc(func(*http.Request, *framework.RouteInfo) error {
			rec.add("guard " + layer)
			return nil
		})
	}
	mw := func(layer string) framework.Middleware {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec.add("before " + layer)
				next.ServeHTTP(w, r)
				rec.add("after " + layer)
			})
		}
	}
	handler := func(context.Context, none) (string, error) { rec.add("handler"); return "ok", nil }
	a := newApp(t,
		framework.Guards(guard("app 1"), guard("app 2")),
		framework.Use(mw("app 1"), mw("app 2")),
		framework.Tags("app", "shared"),
		framework.Mount(framework.Router{
			Path: "/r", Guards: []framework.Guard{guard("router")}, Middleware: []framework.Middleware{mw("router")},
			Tags: []string{"router", "shared"},
			Routes: []framework.Routable{framework.Controller{
				Path: "/c", Guards: []framework.Guard{guard("controller")}, Middleware: []framework.Middleware{mw("controller")},
				Tags: []string{"controller"},
				Routes: []framework.Route{
					framework.Get("/x", handler, framework.Guards(guard("route")), framework.Use(mw("route")), framework.Tags("route")),
				},
			}},
		}),
	)
	wantStatus(t, get(t, a, "/r/c/x"), http.StatusOK)
	want := []string{
		"before app 1", "before app 2", "before router", "before controller", "before route",
		"guard app 1", "guard app 2", "guard router", "guard controller", "guard route",
		"handler",
		"after route", "after controller", "after router", "after app 2", "after app 1",
	}
	if diff := cmp.Diff(want, rec.reset()); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"app", "shared", "router", "controller", "route"}, a.Routes()[0].Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}

	// The app's middleware wraps unmatched requests too; the others only
	// their routes.
	wantStatus(t, get(t, a, "/nope"), http.StatusNotFound)
	if diff := cmp.Diff([]string{"before app 1", "before app 2", "after app 2", "after app 1"}, rec.reset()); diff != "" {
		t.Errorf("404 order (-want +got):\n%s", diff)
	}
}

func TestMiddlewareCanShortCircuitAndSeeRequestID(t *testing.T) {
	t.Parallel()
	deny := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Block") != "" {
				w.Header().Set("X-Seen-ID", framework.RequestID(r.Context()))
				http.Error(w, "blocked", http.StatusTeapot)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	called := false
	a := newApp(t, framework.Mount(framework.Controller{
		Path: "/c", Middleware: []framework.Middleware{deny},
		Routes: []framework.Route{framework.Get("/", func(context.Context, none) (string, error) { called = true; return "ok", nil })},
	}))
	w := get(t, a, "/c", "X-Block", "1", "X-Request-ID", "abc-123")
	wantStatus(t, w, http.StatusTeapot)
	if called {
		t.Error("handler ran after the middleware answered")
	}
	if got := w.Header().Get("X-Seen-ID"); got != "abc-123" {
		t.Errorf("middleware saw request id %q", got)
	}
}
