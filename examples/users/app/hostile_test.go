package app_test

// The hostile input battery against the users service, built as main builds
// it (app.NewWith) and served by httptest.NewServer so that real net/http
// parsing applies; each case is also run in-process through ServeHTTP.
// Every answer must be the exact expected 4xx with a problem document that
// names what was wrong (or net/http's own refusal), within a time bound,
// never a 5xx, on every store; afterwards the service still works and no
// refused request changed anything.

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/internal/rawhttp"
)

// hostileSecret signs the battery's tokens; the app verifies with it.
var hostileSecret = bytes.Repeat([]byte("hostile-secret-"), 3)

// hostileHasher is a cheap Hasher, so that the battery does not spend its
// time in bcrypt.
type hostileHasher struct{}

func (hostileHasher) Hash(password string) ([]byte, error) { return []byte("h:" + password), nil }

func (hostileHasher) Verify(hash []byte, password string) error {
	if string(hash) != "h:"+password {
		return errors.New("mismatch")
	}
	return nil
}

// hostileTimeout bounds every request of the battery.
const hostileTimeout = 5 * time.Second

// hostileReq is one raw HTTP/1.1 request.
type hostileReq = rawhttp.Request

// hostileCase is one request and what must come back: the exact status,
// substrings of the problem (its detail, or a violation's location, rule
// or message), and a violation at loc with rule when they are set.
type hostileCase struct {
	name      string
	req       hostileReq
	status    int
	want      []string
	loc, rule string
	// challenge is a substring the WWW-Authenticate header of a 401 must have.
	challenge string
	// plain marks answers net/http gives itself over the server.
	plain bool
	// serverOnly skips the in-process run.
	serverOnly bool
}

func checkHostile(t *testing.T, c hostileCase, got rawhttp.Answer, inproc bool) {
	t.Helper()
	if got.Status >= 500 {
		t.Fatalf("status %d for bad input; body: %.500s", got.Status, got.Body)
	}
	if got.Status != c.status {
		t.Fatalf("status %d, want %d; body: %.500s", got.Status, c.status, got.Body)
	}
	if got.Took > hostileTimeout {
		t.Errorf("took %v", got.Took)
	}
	if len(got.Body) > 32<<10 {
		t.Errorf("the answer has %d bytes: %.300s…", len(got.Body), got.Body)
	}
	if c.status < 400 || c.plain && !inproc {
		return
	}
	if ct := got.Header.Get("Content-Type"); ct != framework.ProblemContentType {
		t.Fatalf("Content-Type %q, want %q: %.500s", ct, framework.ProblemContentType, got.Body)
	}
	var p framework.Problem
	if err := json.Unmarshal(got.Body, &p); err != nil {
		t.Fatalf("the problem does not decode: %v: %.500s", err, got.Body)
	}
	if p.Status != c.status || p.Title == "" || p.Detail == "" {
		t.Errorf("problem %+v: want status %d, a title and a detail", p, c.status)
	}
	var text strings.Builder
	text.WriteString(p.Detail)
	found := c.loc == "" && c.rule == ""
	for _, v := range p.Errors {
		text.WriteString("\n" + v.Location + " " + v.Rule + " " + v.Message)
		if (c.loc == "" || v.Location == c.loc) && (c.rule == "" || v.Rule == c.rule) {
			found = true
		}
	}
	if !found {
		t.Errorf("no violation at %q with rule %q: %s", c.loc, c.rule, got.Body)
	}
	for _, w := range c.want {
		if !strings.Contains(text.String(), w) {
			t.Errorf("the problem does not say %q: %s", w, got.Body)
		}
	}
	switch c.status {
	case http.StatusUnauthorized:
		ch := got.Header.Get("WWW-Authenticate")
		if !strings.HasPrefix(ch, `Bearer realm="users"`) || !strings.Contains(ch, c.challenge) {
			t.Errorf("WWW-Authenticate %q, want a Bearer challenge with %q", ch, c.challenge)
		}
	case http.StatusMethodNotAllowed:
		if got.Header.Get("Allow") == "" {
			t.Error("405 without Allow")
		}
	}
}

// hostileToken signs claims with method and key.
func hostileToken(tb testing.TB, m jwt.SigningMethod, key any, claims jwt.MapClaims, header map[string]any) string {
	tb.Helper()
	tok := jwt.NewWithClaims(m, claims)
	tok.Header["kid"] = "users-1"
	for k, v := range header {
		if v == nil {
			delete(tok.Header, k)
		} else {
			tok.Header[k] = v
		}
	}
	s, err := tok.SignedString(key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// hostileClaims are the claims of a valid token for sub, changed by kv (a
// nil value removes the claim).
func hostileClaims(sub int64, kv ...any) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{"iss": "starling-users", "aud": []string{"starling-users-api"}, "sub": strconv.FormatInt(sub, 10),
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(c, kv[i].(string))
		} else {
			c[kv[i].(string)] = kv[i+1]
		}
	}
	return c
}

var (
	hostileRSAOnce sync.Once
	hostileRSA     *rsa.PrivateKey
)

func hostileRSAKey() *rsa.PrivateKey {
	hostileRSAOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		hostileRSA = k
	})
	return hostileRSA
}

// usersBattery is the table, for a signed-up user me (whose token is
// token) and another user other.
func usersBattery(t *testing.T, me, other int64, token string) []hostileCase {
	jsonHeader := []string{"Content-Type", "application/json"}
	authed := []string{"Authorization", "Bearer " + token}
	post := func(target, body string) hostileReq {
		return hostileReq{Method: "POST", Target: target, Header: jsonHeader, Body: body}
	}
	signUp := func(body string) hostileReq { return post("/users", body) }
	login := func(body string) hostileReq { return post("/auth/login", body) }
	patch := func(body string) hostileReq {
		return hostileReq{Method: "PATCH", Target: fmt.Sprintf("/users/%d", me), Header: append(append([]string(nil), jsonHeader...), authed...), Body: body}
	}
	get := func(target string) hostileReq { return hostileReq{Method: "GET", Target: target, Header: authed} }
	withToken := func(tok string) hostileReq {
		return hostileReq{Method: "GET", Target: fmt.Sprintf("/users/%d", me), Header: []string{"Authorization", "Bearer " + tok}}
	}
	hs := func(claims jwt.MapClaims, header map[string]any) string {
		return hostileToken(t, jwt.SigningMethodHS256, hostileSecret, claims, header)
	}
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	huge := func(length int64) hostileReq {
		r := signUp("")
		r.Stream = func() io.Reader {
			return rawhttp.Filler(`{"email":"a@example.com","password":"`, "p", `"}`, 100<<20, nil)
		}
		r.Length = length
		return r
	}
	limit := strconv.FormatInt(framework.DefaultBodyLimit, 10)
	deep := 100_000
	valid := `{"email":"x@example.com","password":"password1","name":"X"}`

	return []hostileCase{
		// Malformed and truncated JSON.
		{name: "sign up: truncated", req: signUp(`{"email":"a@example.com","password":`), status: 400, rule: "syntax", want: []string{"unexpected end of input"}},
		{name: "sign up: trailing garbage", req: signUp(valid + `x`), status: 400, rule: "syntax"},
		{name: "sign up: two objects", req: signUp(valid + valid), status: 400, rule: "syntax"},
		{name: "sign up: empty body", req: signUp(""), status: 400, loc: "body", rule: "required"},
		{name: "log in: truncated", req: login(`{"email":"a@exa`), status: 400, rule: "syntax"},
		{name: "log in: not JSON", req: login(`email=a@example.com&password=x`), status: 400, rule: "syntax"},
		{name: "update: truncated", req: patch(`{"name":`), status: 400, rule: "syntax"},
		// Wrong types.
		{name: "sign up: array body", req: signUp(`[` + valid + `]`), status: 400, loc: "body", rule: "type"},
		{name: "sign up: number for email", req: signUp(`{"email":5,"password":"password1","name":"X"}`), status: 400, loc: "body.email", rule: "type"},
		{name: "sign up: string for age", req: signUp(`{"email":"x@example.com","password":"password1","name":"X","age":"30"}`), status: 400, loc: "body.age", rule: "type"},
		{name: "sign up: object for tags", req: signUp(`{"email":"x@example.com","password":"password1","name":"X","tags":{"a":1}}`), status: 400, loc: "body.tags", rule: "type"},
		{name: "sign up: every field wrong", req: signUp(`{"email":"not-an-email","password":"short","name":"","age":-1,"tags":["a","a"]}`), status: 400,
			want: []string{"body.email", "body.password", "body.name", "body.age", "body.tags"}},
		{name: "update: null name", req: patch(`{"name":null}`), status: 400, loc: "body.name", rule: "type"},
		{name: "update: bool for age", req: patch(`{"age":true}`), status: 400, loc: "body.age", rule: "type"},
		// Huge numbers and exponents.
		{name: "sign up: age 1e999999", req: signUp(`{"email":"x@example.com","password":"password1","name":"X","age":1e999999}`), status: 400, loc: "body.age", rule: "maximum"},
		{name: "sign up: age of 100 digits", req: signUp(`{"email":"x@example.com","password":"password1","name":"X","age":` + strings.Repeat("9", 100) + `}`), status: 400, loc: "body.age", rule: "maximum"},
		{name: "update: age -1e999999", req: patch(`{"age":-1e999999}`), status: 400, loc: "body.age", rule: "minimum"},
		{name: "update: age 1e-999999", req: patch(`{"age":1e-999999}`), status: 400, loc: "body.age", rule: "type"},
		// Invalid UTF-8 and NUL bytes.
		{name: "sign up: invalid UTF-8", req: signUp("{\"email\":\"x@example.com\",\"password\":\"password1\",\"name\":\"\xfe\xff\"}"), status: 400, rule: "syntax", want: []string{"invalid UTF-8"}},
		{name: "log in: invalid UTF-8 password", req: login("{\"email\":\"x@example.com\",\"password\":\"\xc3\x28\"}"), status: 400, rule: "syntax"},
		{name: "sign up: raw NUL", req: signUp("{\"email\":\"x@example.com\",\"password\":\"pass\x00word1\",\"name\":\"X\"}"), status: 400, rule: "syntax"},
		{name: "sign up: escaped NUL in email", req: signUp(`{"email":"x\u0000@example.com","password":"password1","name":"X"}`), status: 400, loc: "body.email", rule: "format"},
		// Every store refuses NUL in text alike (PostgreSQL cannot keep it), by a documented pattern.
		{name: "sign up: escaped NUL in name", req: signUp(`{"email":"x@example.com","password":"password1","name":"a\u0000b"}`), status: 400, loc: "body.name", rule: "pattern"},
		{name: "sign up: escaped NUL in a tag", req: signUp(`{"email":"x@example.com","password":"password1","name":"X","tags":["a\u0000"]}`), status: 400, loc: "body.tags.0", rule: "pattern"},
		{name: "update: escaped NUL in bio", req: patch(`{"bio":"\u0000"}`), status: 400, loc: "body.bio", rule: "pattern"},
		{name: "list: NUL in filter", req: get("/users?email_contains=a%00b"), status: 400, loc: "query.email_contains", rule: "pattern"},
		{name: "list: invalid UTF-8 filter", req: get("/users?email_contains=%C3%28"), status: 400, loc: "query.email_contains", rule: "type"},
		// Nesting 100,000 levels deep.
		{name: "sign up: 100,000 nested arrays", req: signUp(rawhttp.Nested("[", "", "]", deep)), status: 400, rule: "maxDepth"},
		{name: "sign up: 100,000 levels in tags", req: signUp(`{"email":"x@example.com","password":"password1","name":"X","tags":` + rawhttp.Nested("[", "", "]", deep) + `}`), status: 400, rule: "maxDepth"},
		{name: "log in: 100,000 objects in an unknown field", req: login(`{"x":` + rawhttp.Nested(`{"a":`, "1", "}", deep) + `}`), status: 400, rule: "maxDepth"},
		{name: "update: 100,000 unclosed arrays", req: patch(strings.Repeat("[", deep)), status: 400, rule: "maxDepth"},
		// Size.
		{name: "sign up: 100 MB with Content-Length", req: huge(100 << 20), status: 413, want: []string{limit}},
		{name: "sign up: 100 MB streamed", req: huge(-1), status: 413, want: []string{limit}},
		// Content-Type.
		{name: "sign up: text/plain", req: hostileReq{Method: "POST", Target: "/users", Header: []string{"Content-Type", "text/plain"}, Body: valid}, status: 415, want: []string{"text/plain"}},
		{name: "sign up: two Content-Types", req: signUp(valid).With("Content-Type", "text/plain"), status: 415, want: []string{"Content-Type"}},
		{name: "sign up: no Content-Type", req: hostileReq{Method: "POST", Target: "/users", Body: valid}, status: 415, want: []string{"no Content-Type"}},
		{name: "log in: form", req: hostileReq{Method: "POST", Target: "/auth/login", Header: []string{"Content-Type", "application/x-www-form-urlencoded"}, Body: "email=a&password=b"}, status: 415},
		{name: "update: UTF-16 charset", req: hostileReq{Method: "PATCH", Target: fmt.Sprintf("/users/%d", me), Header: append([]string{"Content-Type", "application/json; charset=utf-16"}, authed...), Body: `{}`}, status: 415},
		// Duplicate and unknown keys.
		{name: "sign up: duplicate email", req: signUp(`{"email":"x@example.com","email":"admin@example.com","password":"password1","name":"X"}`), status: 400, loc: "body.email", rule: "duplicateKeys"},
		{name: "log in: duplicate password", req: login(`{"email":"x@example.com","password":"a","password":"b"}`), status: 400, loc: "body.password", rule: "duplicateKeys"},
		{name: "update: duplicate bio", req: patch(`{"bio":"a","bio":null}`), status: 400, loc: "body.bio", rule: "duplicateKeys"},
		{name: "sign up: unknown fields do not bypass validation", req: signUp(`{"email":"bad","password":"password1","name":"X","id":1,"password_hash":"x"}`), status: 400, loc: "body.email", rule: "format"},
		// Path parameters, traversal and encoded slashes.
		{name: "get: id not a number", req: get("/users/abc"), status: 400, loc: "path.user_id", rule: "type"},
		{name: "get: id of 100 digits", req: get("/users/" + strings.Repeat("9", 100)), status: 400, loc: "path.user_id", rule: "maximum"},
		{name: "get: id 0", req: get("/users/0"), status: 400, loc: "path.user_id", rule: "minimum"},
		{name: "get: id with an encoded slash", req: get(fmt.Sprintf("/users/%d%%2F..", me)), status: 400, loc: "path.user_id", rule: "type"},
		{name: "get: dot-dot id", req: get("/users/.."), status: 400, loc: "path.user_id", rule: "type"},
		{name: "get: encoded dot-dot id", req: get("/users/%2e%2e"), status: 400, loc: "path.user_id", rule: "type"},
		{name: "get: traversal to the login route", req: get("/users/../auth/login"), status: 404},
		{name: "get: encoded traversal to the login route", req: get("/users/%2e%2e%2fauth%2flogin"), status: 400, loc: "path.user_id"},
		{name: "get: unknown user", req: get("/users/999999"), status: 404},
		{name: "get: no token for a bad id", req: hostileReq{Method: "GET", Target: "/users/abc"}, status: 401, challenge: `realm="users"`},
		{name: "update: another user", req: hostileReq{Method: "PATCH", Target: fmt.Sprintf("/users/%d", other), Header: append(append([]string(nil), jsonHeader...), authed...), Body: `{"name":"pwned"}`}, status: 403},
		// Query strings.
		{name: "list: limit not a number", req: get("/users?limit=ten"), status: 400, loc: "query.limit", rule: "type"},
		{name: "list: limit too big", req: get("/users?limit=101"), status: 400, loc: "query.limit", rule: "maximum"},
		{name: "list: offset of 100 digits", req: get("/users?offset=" + strings.Repeat("9", 100)), status: 400, loc: "query.offset", rule: "maximum"},
		{name: "list: sort injection", req: get("/users?sort=id;DROP%20TABLE%20users"), status: 400, loc: "query", rule: "syntax"},
		{name: "list: encoded sort injection", req: get("/users?sort=id%3BDROP%20TABLE%20users"), status: 400, loc: "query.sort", rule: "enum"},
		{name: "list: min_age exponent", req: get("/users?min_age=1e2"), status: 400, loc: "query.min_age", rule: "type"},
		{name: "list: filter too long", req: get("/users?email_contains=" + strings.Repeat("a", 300)), status: 400, loc: "query.email_contains", rule: "maxLength"},
		{name: "list: 900 KB query", req: get("/users?email_contains=" + strings.Repeat("a", 900_000)), status: 400, loc: "query.email_contains", rule: "maxLength"},
		{name: "list: 20,000 parameters", req: get("/users?" + strings.Repeat("limit=1&", 20_000)), status: 400, loc: "query", want: []string{"exceeded limit"}},
		{name: "list: 9,000 parameters", req: get("/users?" + strings.Repeat("x=1&", 9_000) + "limit=0"), status: 400, loc: "query.limit", rule: "minimum"},
		{name: "list: malformed escape", req: get("/users?email_contains=%zz"), status: 400, loc: "query", rule: "syntax"},
		// Oversized headers: net/http answers 431 past its 1 MiB default.
		{name: "a 2 MB header", req: get("/users").With("X-Big", strings.Repeat("b", 2<<20)), status: 431, plain: true, serverOnly: true},
		{name: "a 2 MB query", req: get("/users?email_contains=" + strings.Repeat("a", 2<<20)), status: 431, plain: true, serverOnly: true},
		// Method override headers change nothing.
		{name: "POST with X-HTTP-Method-Override: DELETE", req: hostileReq{Method: "POST", Target: fmt.Sprintf("/users/%d", me),
			Header: append(append([]string{"X-HTTP-Method-Override", "DELETE"}, authed...), jsonHeader...), Body: `{}`}, status: 405},
		{name: "POST with X-HTTP-Method: PATCH", req: hostileReq{Method: "POST", Target: fmt.Sprintf("/users/%d", me),
			Header: append(append([]string{"X-HTTP-Method", "PATCH"}, authed...), jsonHeader...), Body: `{"name":"x"}`}, status: 405},
		{name: "POST with _method=DELETE", req: hostileReq{Method: "POST", Target: fmt.Sprintf("/users/%d?_method=DELETE", me), Header: append(append([]string(nil), authed...), jsonHeader...), Body: `{}`}, status: 405},
		{name: "PUT on a user", req: hostileReq{Method: "PUT", Target: fmt.Sprintf("/users/%d", me), Header: append(append([]string(nil), authed...), jsonHeader...), Body: `{}`}, status: 405},
		{name: "DELETE on the collection", req: hostileReq{Method: "DELETE", Target: "/users", Header: authed}, status: 405},
		// Tokens.
		{name: "token: none", req: hostileReq{Method: "GET", Target: "/users"}, status: 401, want: []string{"bearer token is required"}},
		{name: "token: Basic scheme", req: get("/users").With("Authorization", "Basic YWRtaW46YWRtaW4="), status: 401, challenge: `realm="users"`},
		{name: "token: alg none", req: withToken(hostileToken(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, hostileClaims(me), nil)), status: 401,
			want: []string{"algorithm"}, challenge: `error="invalid_token"`},
		{name: "token: alg none without a kid", req: withToken(hostileToken(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, hostileClaims(me), map[string]any{"kid": nil})), status: 401,
			want: []string{"algorithm"}, challenge: `error="invalid_token"`},
		{name: "token: RS256 to an HS256 key", req: withToken(hostileToken(t, jwt.SigningMethodRS256, hostileRSAKey(), hostileClaims(me), nil)), status: 401,
			want: []string{"algorithm"}, challenge: `error="invalid_token"`},
		{name: "token: EdDSA to an HS256 key", req: withToken(hostileToken(t, jwt.SigningMethodEdDSA, edKey, hostileClaims(me), nil)), status: 401,
			want: []string{"algorithm"}, challenge: `error="invalid_token"`},
		{name: "token: HS512 with the right secret", req: withToken(hostileToken(t, jwt.SigningMethodHS512, hostileSecret, hostileClaims(me), nil)), status: 401,
			want: []string{"algorithm"}, challenge: `error="invalid_token"`},
		{name: "token: bad signature", req: withToken(hostileToken(t, jwt.SigningMethodHS256, []byte(strings.Repeat("x", 32)), hostileClaims(me), nil)), status: 401,
			want: []string{"signature"}, challenge: `error="invalid_token"`},
		{name: "token: expired", req: withToken(hs(hostileClaims(me, "exp", time.Now().Add(-time.Hour).Unix(), "iat", time.Now().Add(-2*time.Hour).Unix()), nil)), status: 401,
			want: []string{"expired"}, challenge: `error="invalid_token"`},
		{name: "token: no exp", req: withToken(hs(hostileClaims(me, "exp", nil), nil)), status: 401, want: []string{"required claim"}, challenge: `error="invalid_token"`},
		{name: "token: exp as a string", req: withToken(hs(hostileClaims(me, "exp", "tomorrow"), nil)), status: 401, challenge: `error="invalid_token"`},
		{name: "token: not valid yet", req: withToken(hs(hostileClaims(me, "nbf", time.Now().Add(time.Hour).Unix()), nil)), status: 401, want: []string{"not valid yet"}, challenge: `error="invalid_token"`},
		{name: "token: issued in the future", req: withToken(hs(hostileClaims(me, "iat", time.Now().Add(time.Hour).Unix()), nil)), status: 401, want: []string{"future"}, challenge: `error="invalid_token"`},
		{name: "token: wrong audience", req: withToken(hs(hostileClaims(me, "aud", "another-api"), nil)), status: 401, want: []string{"audience"}, challenge: `error="invalid_token"`},
		{name: "token: wrong issuer", req: withToken(hs(hostileClaims(me, "iss", "evil"), nil)), status: 401, want: []string{"issuer"}, challenge: `error="invalid_token"`},
		{name: "token: unknown kid", req: withToken(hs(hostileClaims(me), map[string]any{"kid": "users-2"})), status: 401, want: []string{"key is unknown"}, challenge: `error="invalid_token"`},
		{name: "token: numeric kid", req: withToken(hs(hostileClaims(me), map[string]any{"kid": 1})), status: 401, want: []string{"key is unknown"}, challenge: `error="invalid_token"`},
		{name: "token: garbage", req: withToken("eyJ.eyJ.x"), status: 401, want: []string{"malformed"}, challenge: `error="invalid_token"`},
		{name: "token: 1 MB", req: withToken(strings.Repeat("a", 1<<20)), status: 401, want: []string{"malformed"}, challenge: `error="invalid_token"`},
		{name: "token: two headers", req: withToken(token).With("Authorization", "Bearer "+token), status: 401, challenge: `error="invalid_token"`},
		{name: "token: NUL", req: withToken("a\x00b"), status: 400, plain: true, serverOnly: true},
	}
}

type hostileStore struct {
	name string
	cfg  func(t *testing.T) app.StoreConfig
}

// hostileStores are the stores the battery runs against: memory and
// SQLite always, PostgreSQL when DATABASE_URL is set.
func hostileStores() []hostileStore {
	stores := []hostileStore{
		{"memory", func(*testing.T) app.StoreConfig { return app.StoreConfig{Memory: true} }},
		{"sqlite", func(t *testing.T) app.StoreConfig { return app.StoreConfig{DataDir: t.TempDir()} }},
	}
	if os.Getenv("DATABASE_URL") != "" {
		stores = append(stores, hostileStore{"postgres", func(t *testing.T) app.StoreConfig {
			return app.StoreConfig{DatabaseURL: postgresSchema(t)}
		}})
	}
	return stores
}

// hostileUsers builds the users app on a store and serves it; handlerRead
// counts the body bytes the app read.
func hostileUsers(t *testing.T, store app.StoreConfig) (a *framework.App, addr string, handlerRead *atomic.Int64) {
	t.Helper()
	a, err := app.NewWith(app.Config{Store: store, Auth: app.AuthConfig{Secret: hostileSecret}},
		framework.WithOverrides(framework.Value[app.Hasher](hostileHasher{})),
		framework.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	handlerRead = new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = &hostileCount{ReadCloser: r.Body, n: handlerRead}
		a.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = a.Shutdown(ctx)
	})
	return a, srv.Listener.Addr().String(), handlerRead
}

type hostileCount struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c *hostileCount) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// hostileDo sends a well-formed request over the server and decodes a 2xx
// answer into out.
func hostileDo(t *testing.T, addr string, req hostileReq, status int, out any) {
	t.Helper()
	got, err := rawhttp.Send(addr, req, hostileTimeout)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != status {
		t.Fatalf("%s %s: %d, want %d: %s", req.Method, req.Target, got.Status, status, got.Body)
	}
	if out != nil {
		if err := json.Unmarshal(got.Body, out); err != nil {
			t.Fatal(err)
		}
	}
}

func TestUsersHostileInput(t *testing.T) {
	for _, store := range hostileStores() {
		t.Run(store.name, func(t *testing.T) {
			a, addr, handlerRead := hostileUsers(t, store.cfg(t))
			jsonHeader := []string{"Content-Type", "application/json"}
			signUp := func(email string) app.User {
				var u app.User
				hostileDo(t, addr, hostileReq{Method: "POST", Target: "/users", Header: jsonHeader,
					Body: `{"email":"` + email + `","password":"password1","name":"Me","age":30,"tags":["a"]}`}, 201, &u)
				return u
			}
			me, other := signUp("me@example.com"), signUp("other@example.com")
			var tok app.AccessToken
			hostileDo(t, addr, hostileReq{Method: "POST", Target: "/auth/login", Header: jsonHeader,
				Body: `{"email":"me@example.com","password":"password1"}`}, 200, &tok)

			for _, c := range usersBattery(t, me.ID, other.ID, tok.AccessToken) {
				t.Run(c.name, func(t *testing.T) {
					if !c.serverOnly {
						handlerRead.Store(0)
						got, err := rawhttp.Serve(a, c.req, hostileTimeout)
						if err != nil {
							t.Fatalf("inproc: %v", err)
						}
						checkHostile(t, c, got, true)
					}
					handlerRead.Store(0)
					got, err := rawhttp.Send(addr, c.req, hostileTimeout)
					if err != nil {
						t.Fatalf("server: %v", err)
					}
					checkHostile(t, c, got, false)
					if c.status == http.StatusRequestEntityTooLarge {
						// Refused from its Content-Length unread, or at the limit.
						max := int64(0)
						if c.req.Length < 0 {
							max = framework.DefaultBodyLimit + 1
						}
						if n := handlerRead.Load(); n > max+64<<10 {
							t.Errorf("the app read %d bytes of the body, want at most %d", n, max)
						}
					}
				})
			}

			// Nothing refused changed anything, and the service still answers.
			var now app.User
			hostileDo(t, addr, hostileReq{Method: "GET", Target: fmt.Sprintf("/users/%d", me.ID),
				Header: []string{"Authorization", "Bearer " + tok.AccessToken}}, 200, &now)
			if now.Name != me.Name || now.Age != me.Age || now.Bio != nil || len(now.Tags) != 1 {
				t.Errorf("refused requests changed the user: %+v, was %+v", now, me)
			}
			hostileDo(t, addr, hostileReq{Method: "GET", Target: fmt.Sprintf("/users/%d", other.ID),
				Header: []string{"Authorization", "Bearer " + tok.AccessToken}}, 200, &now)
			if now.Name != other.Name {
				t.Errorf("the other user was changed: %+v", now)
			}
			var page app.Page[app.User]
			hostileDo(t, addr, hostileReq{Method: "GET", Target: "/users?limit=100",
				Header: []string{"Authorization", "Bearer " + tok.AccessToken}}, 200, &page)
			if page.Total != 2 {
				t.Errorf("%d users after the battery, want 2: %+v", page.Total, page.Items)
			}
			signUp("after@example.com")
		})
	}
}

// TestUsersHostileAccepted runs inputs that look hostile but are valid
// JSON and valid for the DTOs through every store: none may be a 5xx, and
// each keeps its data exactly, through a write, a read and a list filter.
func TestUsersHostileAccepted(t *testing.T) {
	for _, store := range hostileStores() {
		t.Run(store.name, func(t *testing.T) {
			_, addr, _ := hostileUsers(t, store.cfg(t))
			jsonHeader := []string{"Content-Type", "application/json"}
			for i, tt := range []struct {
				name string
				// value is a JSON string; want is what it decodes to.
				value, want string
			}{
				{"control characters", `"\u0001\u001f\t\r\n"`, "\x01\x1f\t\r\n"},
				{"LIKE wildcards", `"100%_\\"`, `100%_\`},
				{"emoji", `"\ud83d\ude00"`, "\U0001F600"},
				{"SQL", `"x'); DROP TABLE users;--"`, "x'); DROP TABLE users;--"},
				{"noncharacters", `"\ufffe\uffff"`, "\ufffe\uffff"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					email := fmt.Sprintf("ok%d@example.com", i)
					got, err := rawhttp.Send(addr, hostileReq{Method: "POST", Target: "/users", Header: jsonHeader,
						Body: `{"email":"` + email + `","password":"password1","name":` + tt.value + `,"tags":[` + tt.value + `]}`}, hostileTimeout)
					if err != nil {
						t.Fatal(err)
					}
					if got.Status != http.StatusCreated {
						t.Fatalf("sign up: %d: %s", got.Status, got.Body)
					}
					var u app.User
					if err := json.Unmarshal(got.Body, &u); err != nil {
						t.Fatal(err)
					}
					if u.Name != tt.want || len(u.Tags) != 1 || u.Tags[0] != tt.want {
						t.Errorf("signed up with name %q and tags %q, want %q", u.Name, u.Tags, tt.want)
					}
					var tok app.AccessToken
					hostileDo(t, addr, hostileReq{Method: "POST", Target: "/auth/login", Header: jsonHeader,
						Body: `{"email":"` + email + `","password":"password1"}`}, 200, &tok)
					authed := []string{"Authorization", "Bearer " + tok.AccessToken}
					var again app.User
					hostileDo(t, addr, hostileReq{Method: "PATCH", Target: fmt.Sprintf("/users/%d", u.ID),
						Header: append(append([]string(nil), jsonHeader...), authed...), Body: `{"bio":` + tt.value + `}`}, 200, &again)
					if again.Bio == nil || *again.Bio != tt.want {
						t.Errorf("bio %v, want %q", again.Bio, tt.want)
					}
					hostileDo(t, addr, hostileReq{Method: "GET", Target: fmt.Sprintf("/users/%d", u.ID), Header: authed}, 200, &again)
					if again.Name != tt.want || again.Bio == nil || *again.Bio != tt.want || len(again.Tags) != 1 || again.Tags[0] != tt.want {
						t.Errorf("read back %+v, want name, bio and tag %q", again, tt.want)
					}
					// The value as a list filter finds nothing, and fails nothing.
					var page app.Page[app.User]
					hostileDo(t, addr, hostileReq{Method: "GET", Target: "/users?email_contains=" + url.QueryEscape(tt.want), Header: authed}, 200, &page)
					if page.Total != 0 {
						t.Errorf("the filter %q found %d users", tt.want, page.Total)
					}
				})
			}
		})
	}
}
