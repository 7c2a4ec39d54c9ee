package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/framework/auth"
)

func asFrameworkError(t *testing.T, err error) *framework.Error {
	t.Helper()
	var fe *framework.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *framework.Error", err, err)
	}
	return fe
}

type whoami struct {
	Claims *auth.Claims `inject:""`
}

type me struct {
	Subject string   `json:"subject"`
	Scopes  []string `json:"scopes"`
}

// guardedApp serves GET /me behind the guard and GET /admin behind
// Require("admin"); both inject the verified claims.
func guardedApp(t *testing.T, g *auth.Guard) http.Handler {
	t.Helper()
	handler := func(_ context.Context, in whoami) (me, error) {
		return me{Subject: in.Claims.Subject, Scopes: in.Claims.Scopes}, nil
	}
	a, err := framework.New(framework.Mount(framework.Controller{
		Path:         "/",
		Dependencies: []framework.Provider{framework.Provide(g.Claims, framework.WithScope(framework.PerRequest))},
		Routes: []framework.Route{
			framework.Get("/me", handler, framework.Guards(g)),
			framework.Get("/admin", handler, framework.Guards(g.Require("admin"))),
			framework.Get("/open", handler), // no guard: the claims provider itself fails closed
		},
	}))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestStatuses(t *testing.T) {
	g := newGuard(t, auth.Config{Realm: "users"})
	h := guardedApp(t, g)
	user := issue(t, edKey(), auth.Claims{Subject: "42", Scopes: []string{"read"}})
	admin := issue(t, hsKey(), auth.Claims{Subject: "1", Scopes: []string{"read", "admin"}})
	expired := issue(t, hsKey(), auth.Claims{Subject: "42", ExpiresAt: now.Add(-time.Hour)})

	tests := []struct {
		name      string
		path      string
		header    []string // Authorization values
		status    int
		challenge string // expected WWW-Authenticate, "" for none
		subject   string
	}{
		{"no header", "/me", nil, 401, `Bearer realm="users"`, ""},
		{"other scheme", "/me", []string{"Basic YWxhZGRpbjpvcGVuc2VzYW1l"}, 401, `Bearer realm="users"`, ""},
		{"Bearer without token", "/me", []string{"Bearer "}, 401, `Bearer realm="users"`, ""},
		{"not token68", "/me", []string{"Bearer a b"}, 401,
			`Bearer realm="users", error="invalid_token", error_description="the token is malformed"`, ""},
		{"two headers", "/me", []string{"Bearer " + user, "Bearer " + user}, 401,
			`Bearer realm="users", error="invalid_token", error_description="the Authorization header is malformed"`, ""},
		{"expired", "/me", []string{"Bearer " + expired}, 401,
			`Bearer realm="users", error="invalid_token", error_description="the token has expired"`, ""},
		{"valid", "/me", []string{"Bearer " + user}, 200, "", "42"},
		{"scheme is case-insensitive", "/me", []string{"bearer " + user}, 200, "", "42"},
		{"valid but lacks the scope", "/admin", []string{"Bearer " + user}, 403,
			`Bearer realm="users", error="insufficient_scope", error_description="the token lacks a required scope", scope="admin"`, ""},
		{"scope granted", "/admin", []string{"Bearer " + admin}, 200, "", "1"},
		{"scope route without token", "/admin", nil, 401, `Bearer realm="users"`, ""},
		{"unguarded route, no token: the provider fails closed", "/open", nil, 401, `Bearer realm="users"`, ""},
		{"unguarded route with a token", "/open", []string{"Bearer " + user}, 200, "", "42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, tt.path, nil)
			for _, v := range tt.header {
				r.Header.Add("Authorization", v)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d; body %s", w.Code, tt.status, w.Body)
			}
			if got := w.Header().Get("WWW-Authenticate"); got != tt.challenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.challenge)
			}
			if tt.status >= 400 {
				if ct := w.Header().Get("Content-Type"); ct != framework.ProblemContentType {
					t.Errorf("Content-Type = %q", ct)
				}
				if strings.Contains(w.Body.String(), "auth:") {
					t.Errorf("the problem leaks an internal error: %s", w.Body)
				}
				return
			}
			var got me
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", got.Subject, tt.subject)
			}
		})
	}
}

func TestRouteTableNamesTheGuards(t *testing.T) {
	g := newGuard(t, auth.Config{})
	a, err := framework.New(framework.Mount(framework.Controller{
		Path:   "/",
		Guards: []framework.Guard{g, g.Require("a", "b")},
		Routes: []framework.Route{framework.Get("/x", func(context.Context, struct{}) (me, error) { return me{}, nil })},
	}))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(a.Routes()[0].Guards, ",")
	if got != "auth.Guard,auth.Require(a b)" {
		t.Fatalf("guards = %q", got)
	}
}

func TestDocumentedSecurity(t *testing.T) {
	g := newGuard(t, auth.Config{})
	a, err := framework.New(framework.Mount(framework.Controller{
		Path:         "/",
		Dependencies: []framework.Provider{framework.Provide(g.Claims, framework.WithScope(framework.PerRequest))},
		Routes: []framework.Route{
			framework.Get("/me", func(context.Context, whoami) (me, error) { return me{}, nil }, framework.Guards(g)),
			framework.Get("/admin", func(context.Context, whoami) (me, error) { return me{}, nil }, framework.Guards(g.Require("admin", "audit"))),
			framework.Get("/open", func(context.Context, struct{}) (me, error) { return me{}, nil }),
		},
	}))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			SecuritySchemes map[string]map[string]string `json:"securitySchemes"`
		} `json:"components"`
		Paths map[string]map[string]struct {
			Security  []map[string][]string      `json:"security"`
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(a.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	scheme := doc.Components.SecuritySchemes[auth.DefaultSchemeName]
	if scheme["type"] != "http" || scheme["scheme"] != "bearer" || scheme["bearerFormat"] != "JWT" {
		t.Fatalf("scheme = %v", doc.Components.SecuritySchemes)
	}
	sec := func(path string) string {
		b, _ := json.Marshal(doc.Paths[path]["get"].Security)
		return string(b)
	}
	if got := sec("/me"); got != `[{"bearerAuth":[]}]` {
		t.Errorf("/me security = %s", got)
	}
	if got := sec("/admin"); got != `[{"bearerAuth":["admin","audit"]}]` {
		t.Errorf("/admin security = %s", got)
	}
	if got := sec("/open"); got != "[]" { // public: no guard applies
		t.Errorf("/open security = %s", got)
	}
	// The guard denies with 401 only; Require adds the 403 of a token
	// without the scopes.
	for path, want := range map[string][2]bool{"/me": {true, false}, "/admin": {true, true}, "/open": {false, false}} {
		r := doc.Paths[path]["get"].Responses
		if got := [2]bool{r["401"] != nil, r["403"] != nil}; got != want {
			t.Errorf("%s documents 401, 403: %v, want %v", path, got, want)
		}
	}
}
