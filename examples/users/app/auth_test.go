package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/framework/auth"
)

// lowCostBcrypt keeps the tests fast: bcrypt at its lowest cost. It makes
// a new option for each app: framework.New marks an override's provider,
// so one shared by apps built in parallel tests would race.
func lowCostBcrypt() framework.Option {
	return framework.WithOverrides(framework.Value[app.Hasher](app.Bcrypt{Cost: bcrypt.MinCost}))
}

// flowClient drives an app in-process.
type flowClient struct {
	t *testing.T
	h http.Handler
}

func newFlowClient(t *testing.T, cfg app.Config) *flowClient {
	t.Helper()
	a, err := app.NewWith(cfg, lowCostBcrypt())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Shutdown(t.Context()) })
	return &flowClient{t: t, h: a}
}

func (c *flowClient) do(method, path, token string, body any) *httptest.ResponseRecorder {
	c.t.Helper()
	var r *http.Request
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		r = httptest.NewRequest(method, path, bytes.NewReader(b))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, r)
	return w
}

func (c *flowClient) expect(w *httptest.ResponseRecorder, status int, into any) {
	c.t.Helper()
	if w.Code != status {
		c.t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if into != nil {
		if err := json.Unmarshal(w.Body.Bytes(), into); err != nil {
			c.t.Fatalf("decoding %s: %v", w.Body, err)
		}
	}
}

type flowUser struct {
	ID    int64   `json:"id"`
	Email string  `json:"email"`
	Name  string  `json:"name"`
	Age   int     `json:"age"`
	Bio   *string `json:"bio"`
}

// signUp creates a user and logs in, returning the user and its token.
func (c *flowClient) signUp(email, name string, age int) (flowUser, string) {
	c.t.Helper()
	var u flowUser
	c.expect(c.do("POST", "/users", "", map[string]any{
		"email": email, "password": "correct horse", "name": name, "age": age,
	}), http.StatusCreated, &u)
	var tok app.AccessToken
	c.expect(c.do("POST", "/auth/login", "", map[string]any{"email": email, "password": "correct horse"}), http.StatusOK, &tok)
	return u, tok.AccessToken
}

func TestLogin(t *testing.T) {
	c := newFlowClient(t, app.Config{Auth: app.AuthConfig{TTL: 10 * time.Minute}})
	c.expect(c.do("POST", "/users", "", map[string]any{
		"email": "Ann@example.com", "password": "correct horse", "name": "Ann", "age": 31,
	}), http.StatusCreated, nil)

	var tok app.AccessToken
	c.expect(c.do("POST", "/auth/login", "", map[string]any{"email": "ANN@example.com", "password": "correct horse"}), http.StatusOK, &tok)
	if tok.TokenType != "Bearer" || tok.ExpiresIn != 600 || strings.Count(tok.AccessToken, ".") != 2 {
		t.Fatalf("token = %+v", tok)
	}

	wrong := c.do("POST", "/auth/login", "", map[string]any{"email": "ann@example.com", "password": "wrong horse"})
	unknown := c.do("POST", "/auth/login", "", map[string]any{"email": "bob@example.com", "password": "correct horse"})
	for _, w := range []*httptest.ResponseRecorder{wrong, unknown} {
		if w.Code != http.StatusUnauthorized || !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
			t.Fatalf("failed login: %d %q %s", w.Code, w.Header().Get("WWW-Authenticate"), w.Body)
		}
	}
	// One answer for both failures, but for the request id.
	strip := func(s string) string { return s[:strings.Index(s, `"request_id"`)] }
	if strip(wrong.Body.String()) != strip(unknown.Body.String()) {
		t.Fatalf("wrong password and unknown email answer differently:\n%s\n%s", wrong.Body, unknown.Body)
	}
	c.expect(c.do("POST", "/auth/login", "", map[string]any{"email": "ann@example.com"}), http.StatusBadRequest, nil)
}

func TestGuardedRoutes(t *testing.T) {
	c := newFlowClient(t, app.Config{})
	ann, annTok := c.signUp("ann@example.com", "Ann", 31)
	bob, bobTok := c.signUp("bob@example.com", "Bob", 40)
	annPath := "/users/" + strconv.FormatInt(ann.ID, 10)
	bobPath := "/users/" + strconv.FormatInt(bob.ID, 10)

	// Without a token: 401 with a bare challenge; with a bad one: invalid_token.
	for _, tt := range []struct{ method, path string }{{"GET", "/users"}, {"GET", annPath}, {"PATCH", annPath}, {"DELETE", annPath}} {
		w := c.do(tt.method, tt.path, "", map[string]any{})
		if w.Code != http.StatusUnauthorized || w.Header().Get("WWW-Authenticate") != `Bearer realm="users"` {
			t.Errorf("%s %s without a token: %d %q", tt.method, tt.path, w.Code, w.Header().Get("WWW-Authenticate"))
		}
		w = c.do(tt.method, tt.path, annTok+"x", map[string]any{})
		if w.Code != http.StatusUnauthorized || !strings.Contains(w.Header().Get("WWW-Authenticate"), `error="invalid_token"`) {
			t.Errorf("%s %s with a bad token: %d %q", tt.method, tt.path, w.Code, w.Header().Get("WWW-Authenticate"))
		}
	}

	// A token of another key (another instance's random secret) is refused.
	other, err := app.NewTokens(app.AuthConfig{})
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := other.Issuer.Issue(auth.Claims{Subject: strconv.FormatInt(ann.ID, 10)})
	c.expect(c.do("GET", annPath, forged.Raw, nil), http.StatusUnauthorized, nil)

	// Any user may read any user.
	var got flowUser
	c.expect(c.do("GET", annPath, bobTok, nil), http.StatusOK, &got)
	if got.Email != "ann@example.com" {
		t.Fatalf("GET = %+v", got)
	}

	// Only oneself may be changed or deleted: 403 for another user, even
	// one that does not exist.
	c.expect(c.do("PATCH", annPath, bobTok, map[string]any{"name": "Mallory"}), http.StatusForbidden, nil)
	c.expect(c.do("DELETE", annPath, bobTok, nil), http.StatusForbidden, nil)
	c.expect(c.do("DELETE", "/users/999", bobTok, nil), http.StatusForbidden, nil)

	// PATCH: absent fields untouched, null clears the bio.
	c.expect(c.do("PATCH", annPath, annTok, map[string]any{"bio": "hello"}), http.StatusOK, &got)
	if got.Bio == nil || *got.Bio != "hello" || got.Name != "Ann" {
		t.Fatalf("after PATCH bio: %+v", got)
	}
	c.expect(c.do("PATCH", annPath, annTok, map[string]any{"bio": nil, "age": 32}), http.StatusOK, &got)
	if got.Bio != nil || got.Age != 32 || got.Name != "Ann" {
		t.Fatalf("after PATCH bio=null: %+v", got)
	}

	c.expect(c.do("DELETE", bobPath, bobTok, nil), http.StatusNoContent, nil)
	c.expect(c.do("GET", bobPath, annTok, nil), http.StatusNotFound, nil)
	// Bob's token still verifies, but Bob is gone.
	c.expect(c.do("PATCH", bobPath, bobTok, map[string]any{"name": "Bobby"}), http.StatusNotFound, nil)
}

func TestListQuery(t *testing.T) {
	c := newFlowClient(t, app.Config{})
	_, tok := c.signUp("zed@corp.example", "Zed", 50)
	c.signUp("amy@home.example", "Amy", 20)
	c.signUp("cat@corp.example", "Cat", 30)

	var page struct {
		Items  []flowUser `json:"items"`
		Total  int        `json:"total"`
		Offset int        `json:"offset"`
		Limit  int        `json:"limit"`
	}
	c.expect(c.do("GET", "/users?email_contains=corp&sort=-name&limit=1", tok, nil), http.StatusOK, &page)
	if page.Total != 2 || len(page.Items) != 1 || page.Items[0].Name != "Zed" || page.Limit != 1 {
		t.Fatalf("page = %+v", page)
	}
	c.expect(c.do("GET", "/users?min_age=25&max_age=40&sort=name", tok, nil), http.StatusOK, &page)
	if page.Total != 1 || page.Items[0].Name != "Cat" {
		t.Fatalf("page = %+v", page)
	}
	for _, bad := range []string{"sort=password_hash", "sort=name;drop", "min_age=-1", "limit=0", "limit=101", "max_age=abc"} {
		w := c.do("GET", "/users?"+bad, tok, nil)
		if w.Code != http.StatusBadRequest {
			t.Errorf("GET /users?%s: %d, want 400; %s", bad, w.Code, w.Body)
		}
	}
}

func TestOpenAPIDocumentsTheBearerScheme(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			SecuritySchemes map[string]map[string]any `json:"securitySchemes"`
		} `json:"components"`
		Paths map[string]map[string]struct {
			Security  []map[string][]string `json:"security"`
			Responses map[string]any        `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(a.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if s := doc.Components.SecuritySchemes[auth.DefaultSchemeName]; s["scheme"] != "bearer" || s["bearerFormat"] != "JWT" {
		t.Fatalf("securitySchemes = %v", doc.Components.SecuritySchemes)
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			guarded := len(op.Security) > 0
			open := method == "post" && (path == "/users" || path == "/auth/login")
			if guarded == open {
				t.Errorf("%s %s: security %v", method, path, op.Security)
			}
			if _, ok := op.Responses["401"]; guarded && !ok {
				t.Errorf("%s %s: a guarded operation without 401", method, path)
			}
		}
	}
}

// A password of 72 characters may be longer than bcrypt's 72 bytes: it is
// accepted, and logging in needs all of what bcrypt reads.
func TestLongPassword(t *testing.T) {
	c := newFlowClient(t, app.Config{})
	long := strings.Repeat("本", 72) // 216 bytes
	c.expect(c.do("POST", "/users", "", map[string]any{"email": "long@example.com", "password": long, "name": "Long"}), http.StatusCreated, nil)
	c.expect(c.do("POST", "/auth/login", "", map[string]any{"email": "long@example.com", "password": long}), http.StatusOK, nil)
	c.expect(c.do("POST", "/auth/login", "", map[string]any{"email": "long@example.com", "password": strings.Repeat("本", 23)}), http.StatusUnauthorized, nil)
}

// TestTokenNamingNoUser presents tokens that the app's own key signed but
// whose subject is no user id: GET /users/me refuses them as it refuses a
// bad token (401), rather than looking a user up and answering 404.
func TestTokenNamingNoUser(t *testing.T) {
	cfg := app.Config{Auth: app.AuthConfig{Secret: []byte(strings.Repeat("k", 32))}}
	c := newFlowClient(t, cfg)
	c.signUp("ann@example.com", "Ann", 31)
	tokens, err := app.NewTokens(cfg.Auth)
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"0", "-1", "ann", "1.0"} {
		tok, err := tokens.Issuer.Issue(auth.Claims{Subject: sub})
		if err != nil {
			t.Fatalf("issuing a token for %q: %v", sub, err)
		}
		if w := c.do("GET", "/users/me", tok.Raw, nil); w.Code != http.StatusUnauthorized {
			t.Errorf("GET /users/me with subject %q: %d, want 401; %s", sub, w.Code, w.Body)
		}
	}
}
