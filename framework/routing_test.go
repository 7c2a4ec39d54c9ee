package framework_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

func TestMethodsAndDefaultStatuses(t *testing.T) {
	t.Parallel()
	type body struct {
		Body map[string]string `body:""`
	}
	echo := func(method string) func(context.Context, body) (string, error) {
		return func(context.Context, body) (string, error) { return method, nil }
	}
	a := newApp(t, framework.Mount(
		framework.Get("/r", text("GET")),
		framework.Post("/r", echo("POST")),
		framework.Put("/r", echo("PUT")),
		framework.Patch("/r", echo("PATCH")),
		framework.Delete("/r", func(context.Context, none) (framework.NoContent, error) { return framework.NoContent{}, nil }),
		framework.Post("/accepted", echo("POST"), framework.Status(http.StatusAccepted)),
		framework.Delete("/gone", text("gone"), framework.Status(http.StatusOK)),
	))
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{http.MethodGet, "/r", 200, `"GET"`},
		{http.MethodPost, "/r", 201, `"POST"`},
		{http.MethodPut, "/r", 200, `"PUT"`},
		{http.MethodPatch, "/r", 200, `"PATCH"`},
		{http.MethodDelete, "/r", 204, ``},
		{http.MethodPost, "/accepted", 202, `"POST"`},
		{http.MethodDelete, "/gone", 200, `"gone"`},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			w := postJSON(t, a, tt.method, tt.path, `{}`)
			wantStatus(t, w, tt.status)
			if got := w.Body.String(); got != tt.body {
				t.Errorf("body = %q, want %q", got, tt.body)
			}
		})
	}
}

func TestHeadOptionsNotFoundMethodNotAllowed(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(
		framework.Get("/items", text("list")),
		framework.Post("/items", text("made")),
		framework.Delete("/items", text("cleared"), framework.Status(200)),
		framework.Get("/only-get", text("x")),
	))
	t.Run("HEAD has the GET headers and no body", func(t *testing.T) {
		t.Parallel()
		g := get(t, a, "/items")
		h := serve(t, a, http.MethodHead, "/items", nil)
		wantStatus(t, h, http.StatusOK)
		if h.Body.Len() != 0 {
			t.Errorf("HEAD body = %q, want none", h.Body)
		}
		for _, k := range []string{"Content-Type", "Content-Length"} {
			if h.Header().Get(k) != g.Header().Get(k) {
				t.Errorf("HEAD %s = %q, GET has %q", k, h.Header().Get(k), g.Header().Get(k))
			}
		}
	})
	t.Run("HEAD of an unknown path is a 404 without a body", func(t *testing.T) {
		t.Parallel()
		h := serve(t, a, http.MethodHead, "/nope", nil)
		wantStatus(t, h, http.StatusNotFound)
		if h.Body.Len() != 0 {
			t.Errorf("HEAD body = %q, want none", h.Body)
		}
	})
	t.Run("OPTIONS is 204 with Allow", func(t *testing.T) {
		t.Parallel()
		w := serve(t, a, http.MethodOptions, "/items", nil)
		wantStatus(t, w, http.StatusNoContent)
		if got, want := w.Header().Get("Allow"), "DELETE, GET, HEAD, OPTIONS, POST"; got != want {
			t.Errorf("Allow = %q, want %q", got, want)
		}
		if w.Body.Len() != 0 {
			t.Errorf("body = %q", w.Body)
		}
	})
	t.Run("OPTIONS of an unknown path is 404", func(t *testing.T) {
		t.Parallel()
		problem(t, serve(t, a, http.MethodOptions, "/nope", nil), http.StatusNotFound)
	})
	t.Run("wrong method is 405 with Allow", func(t *testing.T) {
		t.Parallel()
		w := serve(t, a, http.MethodPut, "/only-get", nil)
		p, _ := problem(t, w, http.StatusMethodNotAllowed)
		if got, want := w.Header().Get("Allow"), "GET, HEAD, OPTIONS"; got != want {
			t.Errorf("Allow = %q, want %q", got, want)
		}
		wantContains(t, p.Detail, "PUT", "/only-get", "GET, HEAD, OPTIONS")
	})
	t.Run("unknown path is 404 problem", func(t *testing.T) {
		t.Parallel()
		p, _ := problem(t, get(t, a, "/missing"), http.StatusNotFound)
		wantContains(t, p.Detail, "GET /missing")
		if p.Title != "Not Found" || p.Type != "about:blank" {
			t.Errorf("problem = %+v", p)
		}
	})
}

func TestTypedPathParams(t *testing.T) {
	t.Parallel()
	type intIn struct {
		ID int64 `path:"id"`
	}
	type strIn struct {
		Name string `path:"name"`
	}
	type uuidIn struct {
		ID string `path:"id"`
	}
	type floatIn struct {
		F float64 `path:"f"`
	}
	type dateIn struct {
		D string `path:"d"`
	}
	type timeIn struct {
		T time.Time `path:"t"`
	}
	type pathIn struct {
		Rest string `path:"rest"`
	}
	show := func(v any) (string, error) { return fmt.Sprint(v), nil }
	a := newApp(t, framework.Mount(
		framework.Get("/int/{id:int}", func(_ context.Context, in intIn) (string, error) { return show(in.ID) }),
		framework.Get("/str/{name:str}", func(_ context.Context, in strIn) (string, error) { return show(in.Name) }),
		framework.Get("/untyped/{name}", func(_ context.Context, in strIn) (string, error) { return show(in.Name) }),
		framework.Get("/uuid/{id:uuid}", func(_ context.Context, in uuidIn) (string, error) { return show(in.ID) }),
		framework.Get("/float/{f:float}", func(_ context.Context, in floatIn) (string, error) { return show(in.F) }),
		framework.Get("/date/{d:date}", func(_ context.Context, in dateIn) (string, error) { return show(in.D) }),
		framework.Get("/datetime/{t:datetime}", func(_ context.Context, in timeIn) (string, error) {
			return show(in.T.UTC().Format(time.RFC3339))
		}),
		framework.Get("/files/{rest:path}", func(_ context.Context, in pathIn) (string, error) { return show(in.Rest) }),
	))
	tests := []struct {
		path string
		want string // the value the handler saw; "" means a 400 naming badParam
		bad  string
	}{
		{path: "/int/42", want: "42"},
		{path: "/int/-7", want: "-7"},
		{path: "/int/x", bad: "path.id"},
		{path: "/int/1.5", bad: "path.id"},
		{path: "/int/99999999999999999999", bad: "path.id"},
		{path: "/str/hello", want: "hello"},
		{path: "/str/a%20b", want: "a b"},
		{path: "/str/a%2Fb", want: "a/b"}, // %2F stays inside its segment
		{path: "/untyped/x", want: "x"},
		{path: "/uuid/0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e", want: "0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e"},
		{path: "/uuid/not-a-uuid", bad: "path.id"},
		{path: "/float/1.5", want: "1.5"},
		{path: "/float/-2", want: "-2"},
		{path: "/float/abc", bad: "path.f"},
		{path: "/date/2024-02-29", want: "2024-02-29"},
		{path: "/date/2024-13-01", bad: "path.d"},
		{path: "/date/yesterday", bad: "path.d"},
		{path: "/datetime/2024-01-02T03:04:05Z", want: "2024-01-02T03:04:05Z"},
		{path: "/datetime/2024-01-02T04:04:05+01:00", want: "2024-01-02T03:04:05Z"},
		{path: "/datetime/2024-01-02", bad: "path.t"},
		{path: "/files/a/b/c.txt", want: "a/b/c.txt"},
		{path: "/files/one", want: "one"},
		{path: "/files/a%2Fb/c", want: "a/b/c"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			w := get(t, a, tt.path)
			if tt.bad != "" {
				p, _ := problem(t, w, http.StatusBadRequest)
				if diff := cmp.Diff([]string{tt.bad}, locations(p)); diff != "" {
					t.Errorf("locations (-want +got):\n%s", diff)
				}
				return
			}
			wantStatus(t, w, http.StatusOK)
			if got := decodeJSON[string](t, w); got != tt.want {
				t.Errorf("handler saw %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTrailingSlashAndEmptySegments(t *testing.T) {
	t.Parallel()
	type in struct {
		ID int `path:"id"`
	}
	a := newApp(t, framework.Mount(
		framework.Controller{Path: "/items/", Routes: []framework.Route{
			framework.Get("/", text("list")),
			framework.Get("/{id:int}/", func(_ context.Context, in in) (int, error) { return in.ID, nil }),
		}},
	))
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/items", 200, `"list"`},
		{"/items/", 200, `"list"`},
		{"/items/3", 200, `3`},
		{"/items/3/", 200, `3`},
		{"/items//", 404, ""},
		{"/items//3", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			w := get(t, a, tt.path)
			wantStatus(t, w, tt.status)
			if tt.body != "" && w.Body.String() != tt.body {
				t.Errorf("body = %s, want %s", w.Body, tt.body)
			}
		})
	}
	if got := a.Routes()[0].Path; got != "/items" {
		t.Errorf("pattern = %q, want /items (no trailing slash)", got)
	}
}

func TestRouteCollisionsAreRefused(t *testing.T) {
	t.Parallel()
	type idIn struct {
		ID int `path:"id"`
	}
	type nameIn struct {
		Name string `path:"name"`
	}
	byID := func(context.Context, idIn) (string, error) { return "", nil }
	byName := func(context.Context, nameIn) (string, error) { return "", nil }
	tests := []struct {
		name   string
		routes []framework.Routable
		want   []string
	}{
		{
			name:   "same method and path",
			routes: []framework.Routable{framework.Get("/a", text("1")), framework.Get("/a", text("2"))},
			want:   []string{"route GET /a"},
		},
		{
			name:   "parameters of different names and types",
			routes: []framework.Routable{framework.Get("/a/{id:int}", byID), framework.Get("/a/{name:str}", byName)},
			want:   []string{"route GET /a/{name:str}", "/a/{id:int}"},
		},
		{
			name:   "trailing slash",
			routes: []framework.Routable{framework.Post("/a", text("1")), framework.Post("/a/", text("2"))},
			want:   []string{"route POST /a"},
		},
		{
			name: "across layers",
			routes: []framework.Routable{
				framework.Controller{Path: "/a", Routes: []framework.Route{framework.Get("/b", text("1"))}},
				framework.Router{Path: "/a/b", Routes: []framework.Routable{framework.Get("/", text("2"))}},
			},
			want: []string{"route GET /a/b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			msg := buildError(t, framework.Mount(tt.routes...))
			wantContains(t, msg, tt.want...)
		})
	}
	t.Run("not collisions", func(t *testing.T) {
		t.Parallel()
		a := newApp(t, framework.Mount(
			framework.Get("/a", text("get")), framework.Post("/a", text("post")),
			framework.Get("/a/me", text("me")), framework.Get("/a/{id:int}", byID, framework.OperationID("getAByID")),
		))
		if got := get(t, a, "/a/me").Body.String(); got != `"me"` {
			t.Errorf("static segment must beat the parameter: got %s", got)
		}
	})
}

func TestRouteBuildErrors(t *testing.T) {
	t.Parallel()
	type idIn struct {
		ID int `path:"id"`
	}
	type strID struct {
		ID string `path:"id"`
	}
	type otherIn struct {
		Other int `path:"other"`
	}
	type bodyIn struct {
		Body struct{} `body:""`
	}
	tests := []struct {
		name  string
		route framework.Routable
		want  []string
	}{
		{"non-2xx status", framework.Get("/s", text("x"), framework.Status(404)),
			[]string{"route GET /s", "Status(404)", "2xx", "*framework.Error"}},
		{"204 with a body", framework.Get("/s", text("x"), framework.Status(204)),
			[]string{"route GET /s", "Status(204)", "framework.NoContent"}},
		{"controller path without slash", framework.Controller{Path: "c", Routes: []framework.Route{framework.Get("/x", text("x"))}},
			[]string{`controller "c"`, "must start with '/'"}},
		{"unknown parameter type", framework.Get("/p/{id:bogus}", func(context.Context, idIn) (string, error) { return "", nil }),
			[]string{"route GET /p/{id:bogus}", "bogus"}},
		{"path parameter without a field", framework.Get("/p/{id:int}", text("x")),
			[]string{"route GET /p/{id:int}", "{id}", "has no field", "path:\"id\""}},
		{"field for a parameter the path lacks", framework.Get("/p/{id:int}", func(context.Context, otherIn) (string, error) { return "", nil }),
			[]string{"route GET /p/{id:int}", "otherIn.Other", "no parameter {other}"}},
		{"field type does not fit the parameter type", framework.Get("/p/{id:int}", func(context.Context, strID) (string, error) { return "", nil }),
			[]string{"route GET /p/{id:int}", "strID.ID", "{id:int}", "integer", "string"}},
		{"GET with a body", framework.Get("/b", func(context.Context, bodyIn) (string, error) { return "", nil }),
			[]string{"route GET /b", "bodyIn.Body", "GET routes cannot have a body"}},
		{"nil handler", framework.Get[none, string]("/n", nil),
			[]string{"route GET /n", "handler is nil"}},
		{"input not a struct", framework.Get("/i", func(context.Context, int) (string, error) { return "", nil }),
			[]string{"route GET /i", "input int must be a struct"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantContains(t, buildError(t, framework.Mount(tt.route)), tt.want...)
		})
	}
	t.Run("all errors at once", func(t *testing.T) {
		t.Parallel()
		msg := buildError(t, framework.Mount(
			framework.Get("/one", text("x"), framework.Status(500)),
			framework.Get("/two/{id}", text("x")),
		))
		wantContains(t, msg, "route GET /one", "route GET /two/{id}")
		if n := strings.Count(msg, "\n") + 1; n != 2 {
			t.Errorf("want 2 errors, got %d:\n%s", n, msg)
		}
	})
}
