package framework_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

// roleGuard allows requests whose X-Role header matches the route's "role"
// option; it has a Name for introspection.
type roleGuard struct{ rec *recorder }

func (g roleGuard) Name() string { return "role" }

func (g roleGuard) Check(r *http.Request, route *framework.RouteInfo) error {
	g.rec.add("role guard on " + route.Method + " " + route.Path)
	want, _ := route.Opt["role"].(string)
	if want == "" {
		return nil
	}
	if r.Header.Get("X-Role") != want {
		return framework.Forbidden("needs role " + want)
	}
	return nil
}

func bearer(rec *recorder) framework.Guard {
	return framework.GuardFunc(func(r *http.Request, _ *framework.RouteInfo) error {
		rec.add("bearer guard")
		switch r.Header.Get("Authorization") {
		case "Bearer good":
			return nil
		case "Bearer broken":
			return errors.New("token store unreachable at 10.1.2.3")
		}
		e := framework.Unauthorized("a bearer token is required")
		e.Header = http.Header{"WWW-Authenticate": {`Bearer realm="api"`}}
		return e
	})
}

func TestGuards(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	var built bool
	type svc struct{}
	type in struct {
		ID  int  `path:"id"`
		Svc *svc `inject:""`
	}
	a := newApp(t,
		framework.WithLogger(discardLogger()),
		framework.Guards(bearer(rec)),
		framework.Mount(framework.Controller{
			Path:         "/admin",
			Guards:       []framework.Guard{roleGuard{rec}},
			Dependencies: []framework.Provider{framework.Provide(func() *svc { built = true; return &svc{} }, framework.WithScope(framework.PerRequest))},
			Routes: []framework.Route{
				framework.Get("/{id:int}", func(_ context.Context, in in) (int, error) { rec.add("handler"); return in.ID, nil },
					framework.Opt("role", "admin")),
				framework.Get("/open", text("open")),
			},
		}),
	)
	tests := []struct {
		name   string
		path   string
		header []string
		status int
		events []string
	}{
		{"allowed", "/admin/1", []string{"Authorization", "Bearer good", "X-Role", "admin"}, 200,
			[]string{"bearer guard", "role guard on GET /admin/{id:int}", "handler"}},
		{"no credentials: 401 and later guards do not run", "/admin/1", nil, 401,
			[]string{"bearer guard"}},
		{"wrong role: 403", "/admin/1", []string{"Authorization", "Bearer good", "X-Role", "user"}, 403,
			[]string{"bearer guard", "role guard on GET /admin/{id:int}"}},
		{"guards run before binding: 401, not 400", "/admin/not-a-number", nil, 401,
			[]string{"bearer guard"}},
		{"a route without the option", "/admin/open", []string{"Authorization", "Bearer good"}, 200,
			[]string{"bearer guard", "role guard on GET /admin/open"}},
		{"a plain error fails closed as 403", "/admin/open", []string{"Authorization", "Bearer broken"}, 403,
			[]string{"bearer guard"}},
	}
	for _, tt := range tests { // sequential: one recorder
		t.Run(tt.name, func(t *testing.T) {
			built = false
			w := get(t, a, tt.path, tt.header...)
			if tt.status != 200 {
				p, _ := problem(t, w, tt.status)
				if strings.Contains(w.Body.String(), "10.1.2.3") {
					t.Errorf("guard error leaked: %s", p.Detail)
				}
				if built {
					t.Error("a denied request built its providers")
				}
			}
			wantStatus(t, w, tt.status)
			if diff := cmp.Diff(tt.events, rec.reset()); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if tt.status == 401 && w.Header().Get("WWW-Authenticate") != `Bearer realm="api"` {
				t.Errorf("401 without WWW-Authenticate: %v", w.Header())
			}
		})
	}
	if diff := cmp.Diff([]string{"framework_test.TestGuards.bearer.func5", "role"}, a.Routes()[0].Guards); diff != "" {
		t.Errorf("Routes()[0].Guards (-want +got):\n%s", diff)
	}
}

func TestOptionsAndUnmatchedRequestsSkipGuards(t *testing.T) {
	t.Parallel()
	deny := framework.GuardFunc(func(*http.Request, *framework.RouteInfo) error { return framework.Unauthorized("no") })
	a := newApp(t, framework.Guards(deny), framework.Mount(framework.Get("/x", text("x"))))
	wantStatus(t, serve(t, a, http.MethodOptions, "/x", nil), http.StatusNoContent)
	problem(t, get(t, a, "/nope"), http.StatusNotFound)
	problem(t, serve(t, a, http.MethodPost, "/x", nil), http.StatusMethodNotAllowed)
	problem(t, get(t, a, "/x"), http.StatusUnauthorized)
	wantStatus(t, serve(t, a, http.MethodHead, "/x", nil), http.StatusUnauthorized)
}
