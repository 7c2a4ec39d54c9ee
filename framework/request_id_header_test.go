package framework_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework"
)

// Which answers carry X-Request-Id, per WithRequestIDHeader, and what the
// document says about it.
func TestRequestIDHeader(t *testing.T) {
	routes := framework.Mount(
		framework.Get("/ok", func(context.Context, struct{}) (framework.Text, error) { return "ok", nil }),
		framework.Get("/users/{id:int}", func(_ context.Context, in struct {
			ID int64 `path:"id"`
		}) (struct{ ID int64 }, error) {
			return struct{ ID int64 }{in.ID}, nil
		}),
		framework.Get("/fail", func(context.Context, struct{}) (framework.Text, error) {
			return "", framework.NotFound("no such thing")
		}, framework.Raises(http.StatusNotFound)),
		framework.Get("/panic", func(context.Context, struct{}) (framework.Text, error) { panic("boom") }),
	)
	quiet := framework.WithLogger(discardLogger())
	for _, tc := range []struct {
		name      string
		opts      []framework.Option
		onSuccess bool
	}{
		{"default: every answer", nil, true},
		{"every answer", []framework.Option{framework.WithRequestIDHeader(framework.RequestIDOnEveryAnswer)}, true},
		{"errors only", []framework.Option{framework.WithRequestIDHeader(framework.RequestIDOnErrors)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp(t, append([]framework.Option{routes, quiet}, tc.opts...)...)
			for _, c := range []struct {
				method, path string
				status       int
				want         bool
			}{
				{"GET", "/ok", 200, tc.onSuccess},
				{"GET", "/users/7", 200, tc.onSuccess},
				{"HEAD", "/ok", 200, tc.onSuccess},
				{"GET", "/users/x", 400, true},
				{"GET", "/fail", 404, true},
				{"GET", "/nowhere", 404, true},
				{"POST", "/ok", 405, true},
				{"GET", "/panic", 500, true},
			} {
				w := httptest.NewRecorder()
				r := httptest.NewRequest(c.method, c.path, nil)
				r.Header.Set("X-Request-ID", "client-id-1")
				app.ServeHTTP(w, r)
				if w.Code != c.status {
					t.Fatalf("%s %s: status %d, want %d", c.method, c.path, w.Code, c.status)
				}
				if got := w.Header().Values("X-Request-Id"); c.want && (len(got) != 1 || got[0] != "client-id-1") || !c.want && len(got) != 0 {
					t.Errorf("%s %s: X-Request-Id %q, want it: %v", c.method, c.path, got, c.want)
				}
			}
			var doc struct {
				Paths map[string]map[string]struct {
					Responses map[string]struct {
						Ref     string         `json:"$ref"`
						Headers map[string]any `json:"headers"`
					} `json:"responses"`
				} `json:"paths"`
				Components struct {
					Responses map[string]struct {
						Headers map[string]any `json:"headers"`
					} `json:"responses"`
				} `json:"components"`
			}
			if err := json.Unmarshal(app.OpenAPI(), &doc); err != nil {
				t.Fatal(err)
			}
			_, documented := doc.Paths["/ok"]["get"].Responses["200"].Headers["X-Request-Id"]
			if documented != tc.onSuccess {
				t.Errorf("the document lists X-Request-Id on a 200: %v, want %v", documented, tc.onSuccess)
			}
			ref := doc.Paths["/fail"]["get"].Responses["404"].Ref
			name := ref[strings.LastIndexByte(ref, '/')+1:]
			if _, ok := doc.Components.Responses[name].Headers["X-Request-Id"]; !ok {
				t.Errorf("the document does not list X-Request-Id on the 404 (%q)", ref)
			}
		})
	}
}

func TestRequestIDHeaderInvalid(t *testing.T) {
	msg := buildError(t, framework.WithRequestIDHeader(framework.RequestIDHeader(7)))
	if !strings.Contains(msg, "not a RequestIDHeader") {
		t.Errorf("error %q does not name the bad value", msg)
	}
}
