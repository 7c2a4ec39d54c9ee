package framework_test

// The hostile input battery: an app that uses every kind of binding (typed
// path parameters, query parameters with slices and defaults, headers,
// cookies, a body with nested DTOs, Partial[T], injected providers and a
// token guard), and a table of requests that no client should send. Each is
// sent twice: in-process through ServeHTTP, and over a real net/http server
// as raw bytes, so that what net/http itself refuses is seen too. Every
// answer must be the exact expected 4xx, an application/problem+json
// document naming what was wrong (net/http's own refusals excepted), within
// a time bound; never a 5xx. After the battery the app still answers.

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/framework/auth"
	"github.com/starling-http/starling/internal/rawhttp"
)

// ---- the every-binding app ----

type hsAddress struct {
	Street string `json:"street" validate:"required,minLength=1,maxLength=100"`
	City   string `json:"city" validate:"maxLength=50"`
	Zip    string `json:"zip" validate:"pattern=^[0-9]{5}$"`
}

type hsLine struct {
	SKU   string  `json:"sku" validate:"required,minLength=1,maxLength=20"`
	Qty   int     `json:"qty" validate:"minimum=1,maximum=1000"`
	Price float64 `json:"price" validate:"minimum=0"`
}

// hsNode is recursive, so a body can nest as deep as a client likes.
type hsNode struct {
	Name     string   `json:"name" validate:"maxLength=50"`
	Children []hsNode `json:"children,omitempty"`
}

type hsOrder struct {
	Name    string            `json:"name" validate:"required,minLength=1,maxLength=50"`
	Count   int               `json:"count" validate:"minimum=0"`
	Small   int8              `json:"small"`
	Big     uint64            `json:"big"`
	Ratio   float64           `json:"ratio"`
	Active  bool              `json:"active"`
	When    *time.Time        `json:"when"`
	Note    *string           `json:"note" validate:"maxLength=200"`
	Address hsAddress         `json:"address"`
	Lines   []hsLine          `json:"lines" validate:"maxItems=20"`
	Labels  map[string]string `json:"labels" validate:"maxProperties=10"`
	Tree    *hsNode           `json:"tree"`
	Blob    []byte            `json:"blob"`
	Stock   map[string]hsLine `json:"stock"`
}

// hsStore is an app-lifetime provider: it counts the orders handlers saw.
type hsStore struct {
	mu      sync.Mutex
	orders  map[int64]hsOrder
	created atomic.Int64
}

func newHSStore() *hsStore {
	return &hsStore{orders: map[int64]hsOrder{1: {Name: "seed", Count: 1, Address: hsAddress{Street: "Old Rd 1"}}}}
}

// hsCaller is a per-request provider built from the request.
type hsCaller struct{ Agent string }

func newHSCaller(r *http.Request) (*hsCaller, error) { return &hsCaller{Agent: r.UserAgent()}, nil }

type hsCreate struct {
	Shop    string     `path:"shop" validate:"pattern=^[a-z0-9-]{1,20}$"`
	ID      int64      `path:"id" validate:"minimum=1"`
	Tags    []string   `query:"tag" validate:"maxItems=5,dive,minLength=1,maxLength=32"`
	Nums    []int      `query:"n" validate:"maxItems=100"`
	Limit   int        `query:"limit" default:"10" validate:"minimum=1,maximum=100"`
	Dry     bool       `query:"dry"`
	Since   *time.Time `query:"since"`
	Tenant  string     `header:"X-Tenant" validate:"required,pattern=^[A-Za-z0-9_-]{1,32}$"`
	Trace   []string   `header:"X-Trace" validate:"maxItems=8"`
	Codes   []int      `header:"X-Codes"`
	Session string     `cookie:"session" validate:"required,minLength=4,maxLength=64"`
	Body    hsOrder    `body:""`
	Store   *hsStore   `inject:""`
	Caller  *hsCaller  `inject:""`
}

type hsEcho struct {
	Shop    string   `json:"shop"`
	ID      int64    `json:"id"`
	Tags    []string `json:"tags"`
	Nums    []int    `json:"nums"`
	Limit   int      `json:"limit"`
	Dry     bool     `json:"dry"`
	Since   string   `json:"since"`
	Tenant  string   `json:"tenant"`
	Trace   []string `json:"trace"`
	Session string   `json:"session"`
	Agent   string   `json:"agent"`
	Order   hsOrder  `json:"order"`
}

type hsUpdate struct {
	Shop  string                     `path:"shop" validate:"pattern=^[a-z0-9-]{1,20}$"`
	ID    int64                      `path:"id" validate:"minimum=1"`
	Body  framework.Partial[hsOrder] `body:""`
	Store *hsStore                   `inject:""`
}

type hsStrict struct {
	Body hsAddress `body:""`
}

type hsMaybe struct {
	Body *hsAddress `body:""`
}

type hsTyped struct {
	U string    `path:"u"`
	D string    `path:"d"`
	F float64   `path:"f"`
	T time.Time `path:"t"`
}

type hsIDs struct {
	I     int64 `path:"i"`
	Small uint8 `path:"small"`
}

type hsFiles struct {
	Rest string `path:"rest"`
}

type hsSecure struct {
	Claims *auth.Claims `inject:""`
}

type hsNone struct{}

// hsLimit is the body limit of the every-binding app.
const hsLimit = 1 << 20

// hsKeys are the every-binding app's token key (EdDSA, so that an HS256
// token signed with its public key can be tried) and the issuer of good
// tokens.
type hsKeys struct {
	pub    ed25519.PublicKey
	priv   ed25519.PrivateKey
	guard  *auth.Guard
	issuer *auth.Issuer
}

var (
	hsKeysOnce sync.Once
	hsKeyRing  *hsKeys
)

func hostileKeys(tb testing.TB) *hsKeys {
	tb.Helper()
	hsKeysOnce.Do(func() {
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			panic(err)
		}
		key := auth.Key{ID: "ed-1", Alg: auth.EdDSA, Private: priv}
		guard, err := auth.New(auth.Config{Keys: []auth.Key{key}, Issuer: "hostile", Audience: []string{"hostile-api"}, Realm: "hostile"})
		if err != nil {
			panic(err)
		}
		issuer, err := auth.NewIssuer(auth.IssuerConfig{Key: key, Issuer: "hostile", Audience: []string{"hostile-api"}})
		if err != nil {
			panic(err)
		}
		hsKeyRing = &hsKeys{pub: pub, priv: priv, guard: guard, issuer: issuer}
	})
	return hsKeyRing
}

// hostileApp builds the every-binding app.
func hostileApp(tb testing.TB, opts ...framework.Option) (*framework.App, *hsStore) {
	tb.Helper()
	store := newHSStore()
	keys := hostileKeys(tb)
	create := func(_ context.Context, in hsCreate) (hsEcho, error) {
		in.Store.created.Add(1)
		out := hsEcho{Shop: in.Shop, ID: in.ID, Tags: in.Tags, Nums: in.Nums, Limit: in.Limit, Dry: in.Dry,
			Tenant: in.Tenant, Trace: in.Trace, Session: in.Session, Agent: in.Caller.Agent, Order: in.Body}
		if in.Since != nil {
			out.Since = in.Since.UTC().Format(time.RFC3339)
		}
		return out, nil
	}
	update := func(_ context.Context, in hsUpdate) (hsOrder, error) {
		in.Store.mu.Lock()
		defer in.Store.mu.Unlock()
		o, ok := in.Store.orders[in.ID]
		if !ok {
			return hsOrder{}, framework.NotFound("no such order")
		}
		if err := in.Body.Apply(&o); err != nil {
			return hsOrder{}, err
		}
		in.Store.orders[in.ID] = o
		return o, nil
	}
	show := func(v any) (string, error) { return fmt.Sprint(v), nil }
	base := []framework.Option{
		framework.WithLogger(slog.New(slog.DiscardHandler)),
		framework.Dependencies(
			framework.Value(store),
			framework.Provide(newHSCaller, framework.WithScope(framework.PerRequest)),
			framework.Provide(keys.guard.Claims, framework.WithScope(framework.PerRequest)),
		),
		framework.Mount(framework.Controller{
			Path:      "/",
			BodyLimit: hsLimit,
			Routes: []framework.Route{
				framework.Post("/shops/{shop}/orders/{id:int}", create),
				framework.Patch("/shops/{shop}/orders/{id:int}", update),
				framework.Put("/strict", func(_ context.Context, in hsStrict) (hsAddress, error) { return in.Body, nil },
					framework.Accepts(framework.DTO[hsAddress](framework.Name("StrictAddress"), framework.ForbidUnknown()))),
				framework.Put("/maybe", func(_ context.Context, in hsMaybe) (string, error) {
					if in.Body == nil {
						return "none", nil
					}
					return in.Body.Street, nil
				}),
				framework.Get("/typed/{u:uuid}/{d:date}/{f:float}/{t:datetime}", func(_ context.Context, in hsTyped) (string, error) {
					return show([]any{in.U, in.D, in.F, in.T.UTC().Format(time.RFC3339)})
				}),
				framework.Get("/ids/{i:int}/{small:int}", func(_ context.Context, in hsIDs) (string, error) {
					return fmt.Sprintf("%d/%d", in.I, in.Small), nil
				}),
				framework.Get("/files/{rest:path}", func(_ context.Context, in hsFiles) (string, error) { return in.Rest, nil }),
				framework.Get("/secure", func(_ context.Context, in hsSecure) (string, error) { return in.Claims.Subject, nil },
					framework.Guards(keys.guard)),
				framework.Get("/ping", func(context.Context, hsNone) (string, error) { return "pong", nil }),
			},
		}),
	}
	a, err := framework.New(append(base, opts...)...)
	if err != nil {
		tb.Fatalf("framework.New: %v", err)
	}
	return a, store
}

// ---- requests ----

const (
	hsTarget = "/shops/acme/orders/7?tag=a&tag=b&n=1&n=2&dry=true&since=2024-01-02T03:04:05Z"
	hsBody   = `{"name":"widget","count":2,"small":3,"big":4,"ratio":0.5,"active":true,` +
		`"when":"2024-01-02T03:04:05Z","note":"n","address":{"street":"Main St 1","city":"X","zip":"12345"},` +
		`"lines":[{"sku":"A-1","qty":2,"price":9.5}],"labels":{"k":"v"},` +
		`"tree":{"name":"root","children":[{"name":"leaf"}]},"blob":"aGk="}`
)

// hsDefaultHeader is sent unless a case changes it.
var hsDefaultHeader = []string{
	"Content-Type", "application/json",
	"X-Tenant", "acme-1",
	"X-Trace", "a, b",
	"Cookie", "session=s3cr3t-1",
	"User-Agent", "hostile-test",
}

// hsReq is one raw HTTP/1.1 request: it is written byte for byte to a real
// server, and parsed by http.ReadRequest for the in-process run.
type hsReq = rawhttp.Request

// hsCase is one hostile request and what must come back.
type hsCase struct {
	name string
	req  hsReq
	// status is the exact status expected.
	status int
	// want are substrings of the problem's detail, or of one violation's
	// location, rule or message; loc and rule, when set, must be one
	// violation's exact location and rule.
	want      []string
	loc, rule string
	// plain marks answers net/http gives itself (text/plain, no problem).
	plain bool
	// via limits the case to one transport: "server" or "inproc".
	via string
	// inproc, when set, is the status expected in-process when it differs
	// (net/http's server refuses what ReadRequest lets through).
	inproc int
	// maxBody bounds the size of the answer.
	maxBody int
}

// hsPost is the valid create request with changes applied.
func hsPost(body string, change ...func(*hsReq)) hsReq {
	r := hsReq{Method: "POST", Target: hsTarget, Header: append([]string(nil), hsDefaultHeader...)}
	if body != "" {
		r.Body = body
	}
	for _, c := range change {
		c(&r)
	}
	return r
}

// setHeader replaces (or with value "" removes) every header named name.
func setHeader(name, value string) func(*hsReq) {
	return func(r *hsReq) {
		var h []string
		for i := 0; i+1 < len(r.Header); i += 2 {
			if !strings.EqualFold(r.Header[i], name) {
				h = append(h, r.Header[i], r.Header[i+1])
			}
		}
		if value != "" {
			h = append(h, name, value)
		}
		r.Header = h
	}
}

// addHeader adds one more header line.
func addHeader(name, value string) func(*hsReq) {
	return func(r *hsReq) { r.Header = append(r.Header, name, value) }
}

func target(t string) func(*hsReq) { return func(r *hsReq) { r.Target = t } }

func method(m string) func(*hsReq) { return func(r *hsReq) { r.Method = m } }

// hsGet is a bodiless request with the default headers.
func hsGet(m, t string, change ...func(*hsReq)) hsReq {
	r := hsReq{Method: m, Target: t, Header: append([]string(nil), hsDefaultHeader...)}
	for _, c := range change {
		c(&r)
	}
	return r
}

// hsTimeout bounds every case.
const hsTimeout = 5 * time.Second

// checkAnswer checks one answer against its case.
func checkAnswer(t *testing.T, c hsCase, got rawhttp.Answer, inproc bool) {
	t.Helper()
	want := c.status
	if inproc && c.inproc != 0 {
		want = c.inproc
	}
	if got.Status >= 500 {
		t.Fatalf("status %d (a 5xx for bad input); body: %.500s", got.Status, got.Body)
	}
	if got.Status != want {
		t.Fatalf("status %d, want %d; body: %.500s", got.Status, want, got.Body)
	}
	if got.Took > hsTimeout {
		t.Errorf("took %v, more than %v", got.Took, hsTimeout)
	}
	maxBody := c.maxBody
	if maxBody == 0 {
		maxBody = 32 << 10
	}
	if len(got.Body) > maxBody {
		t.Errorf("the answer has %d bytes, more than %d: %.300s…", len(got.Body), maxBody, got.Body)
	}
	if want < 400 {
		return
	}
	ct := got.Header.Get("Content-Type")
	if c.plain && !inproc {
		if ct == framework.ProblemContentType {
			t.Errorf("net/http was expected to answer itself, but the app did: %s", got.Body)
		}
		return
	}
	if ct != framework.ProblemContentType {
		t.Fatalf("Content-Type %q, want %q; body: %.500s", ct, framework.ProblemContentType, got.Body)
	}
	var p framework.Problem
	if err := json.Unmarshal(got.Body, &p); err != nil {
		t.Fatalf("the problem does not decode: %v: %.500s", err, got.Body)
	}
	if p.Status != want || p.Title == "" || p.Type == "" {
		t.Errorf("problem status %d, title %q, type %q; want status %d with a title and a type", p.Status, p.Title, p.Type, want)
	}
	if p.Detail == "" {
		t.Errorf("the problem has no detail: %s", got.Body)
	}
	var b strings.Builder
	b.WriteString(p.Detail)
	for _, v := range p.Errors {
		b.WriteString("\n" + v.Location + " " + v.Rule + " " + v.Message)
	}
	text := b.String()
	for _, w := range c.want {
		if !strings.Contains(text, w) {
			t.Errorf("the problem does not say %q: %s", w, got.Body)
		}
	}
	if c.loc != "" || c.rule != "" {
		found := false
		for _, v := range p.Errors {
			if (c.loc == "" || v.Location == c.loc) && (c.rule == "" || v.Rule == c.rule) {
				found = true
			}
		}
		if !found {
			t.Errorf("no violation at %q with rule %q: %s", c.loc, c.rule, got.Body)
		}
	}
	switch want {
	case http.StatusUnauthorized:
		if ch := got.Header.Get("WWW-Authenticate"); !strings.HasPrefix(ch, "Bearer") {
			t.Errorf("401 with WWW-Authenticate %q, want a Bearer challenge", ch)
		}
	case http.StatusMethodNotAllowed:
		if got.Header.Get("Allow") == "" {
			t.Errorf("405 without an Allow header")
		}
	}
}

// runBattery sends every case in-process and over a real server.
func runBattery(t *testing.T, h http.Handler, addr string, cases []hsCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.via != "server" {
				t.Run("inproc", func(t *testing.T) {
					got, err := rawhttp.Serve(h, c.req, hsTimeout)
					if errors.Is(err, rawhttp.ErrUnparsable) && c.plain {
						return // net/http never lets it reach a handler
					}
					if err != nil {
						t.Fatal(err)
					}
					checkAnswer(t, c, got, true)
				})
			}
			if c.via != "inproc" {
				t.Run("server", func(t *testing.T) {
					got, err := rawhttp.Send(addr, c.req, hsTimeout)
					if err != nil {
						t.Fatal(err)
					}
					checkAnswer(t, c, got, false)
				})
			}
		})
	}
}

// startServer serves h on a loopback port with net/http's defaults and
// returns its address.
func startServer(tb testing.TB, h http.Handler) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: hsTimeout, ErrorLog: log.New(io.Discard, "", 0)}
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

// ---- tokens ----

// signToken signs claims with method and key, header fields added.
func signToken(tb testing.TB, m jwt.SigningMethod, key any, claims jwt.MapClaims, header map[string]any) string {
	tb.Helper()
	tok := jwt.NewWithClaims(m, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		tb.Fatalf("signing: %v", err)
	}
	return s
}

// hsClaims are valid claims for the every-binding app's guard, changed by kv.
func hsClaims(kv ...any) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{"iss": "hostile", "aud": []string{"hostile-api"}, "sub": "7",
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(c, kv[i].(string))
			continue
		}
		c[kv[i].(string)] = kv[i+1]
	}
	return c
}

var (
	hsRSAOnce sync.Once
	hsRSAKey  *rsa.PrivateKey
)

func testRSAKey(tb testing.TB) *rsa.PrivateKey {
	tb.Helper()
	hsRSAOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		hsRSAKey = k
	})
	return hsRSAKey
}

// ---- the battery ----

func hostileCases(t *testing.T) []hsCase {
	keys := hostileKeys(t)
	edHeader := map[string]any{"kid": "ed-1"}
	good := signToken(t, jwt.SigningMethodEdDSA, keys.priv, hsClaims(), edHeader)
	secure := func(token string) hsReq {
		return hsGet("GET", "/secure", setHeader("Authorization", "Bearer "+token))
	}
	noneToken := signToken(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, hsClaims(), edHeader)
	// The classic key confusion: HS256 with the public key as the secret.
	confused := signToken(t, jwt.SigningMethodHS256, []byte(keys.pub), hsClaims(), edHeader)
	rsaToken := signToken(t, jwt.SigningMethodRS256, testRSAKey(t), hsClaims(), edHeader)
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	badSig := signToken(t, jwt.SigningMethodEdDSA, otherPriv, hsClaims(), edHeader)
	expired := signToken(t, jwt.SigningMethodEdDSA, keys.priv, hsClaims("exp", time.Now().Add(-time.Hour).Unix()), edHeader)
	wrongAud := signToken(t, jwt.SigningMethodEdDSA, keys.priv, hsClaims("aud", "other-api"), edHeader)
	tampered := good[:len(good)-4] + flip(good[len(good)-4:])

	deep := 100_000
	return []hsCase{
		// ---- malformed and truncated JSON ----
		{name: "truncated object", req: hsPost(`{"name":"x","count":`), status: 400, rule: "syntax", want: []string{"unexpected end of input"}},
		{name: "only an opening brace", req: hsPost(`{`), status: 400, rule: "syntax"},
		{name: "truncated string", req: hsPost(`{"name":"wid`), status: 400, rule: "syntax", want: []string{"in string"}},
		{name: "truncated escape", req: hsPost(`{"name":"a\`), status: 400, rule: "syntax"},
		{name: "trailing comma", req: hsPost(`{"name":"x",}`), status: 400, rule: "syntax"},
		{name: "missing colon", req: hsPost(`{"name" "x"}`), status: 400, rule: "syntax"},
		{name: "single quotes", req: hsPost(`{'name':'x'}`), status: 400, rule: "syntax"},
		{name: "unquoted key", req: hsPost(`{name:"x"}`), status: 400, rule: "syntax"},
		{name: "two values", req: hsPost(`{"name":"x"}{"name":"y"}`), status: 400, rule: "syntax", want: []string{"after top-level value"}},
		{name: "comment", req: hsPost(`{"name":"x" /* hi */}`), status: 400, rule: "syntax"},
		{name: "whitespace only", req: hsPost("  \r\n\t "), status: 400, rule: "syntax"},
		{name: "empty body with a content type", req: hsPost("", setHeader("Content-Length", "0")), status: 400, loc: "body", rule: "required"},
		{name: "no body and no content type", req: hsPost("", setHeader("Content-Type", "")), status: 400, loc: "body", rule: "required"},
		{name: "byte order mark", req: hsPost("\ufeff" + hsBody), status: 400, rule: "syntax"},
		{name: "truncated body: Content-Length larger than sent", req: hsPost(`{"name":"x"}`, func(r *hsReq) {
			r.RawLength, r.HalfClose = "Content-Length: 100\r\n", true
		}), status: 400, via: "server", want: []string{"could not be read"}},
		{name: "truncated chunked body", req: hsPost("", func(r *hsReq) {
			r.RawLength, r.HalfClose = "Transfer-Encoding: chunked\r\n", true
			r.Stream = func() io.Reader { return strings.NewReader("5\r\n{\"nam") }
			r.Length = -1
		}), status: 400, via: "server", want: []string{"could not be read"}},

		// ---- wrong types ----
		{name: "array for the body", req: hsPost(`[1,2]`), status: 400, loc: "body", rule: "type", want: []string{"expected object"}},
		{name: "string for the body", req: hsPost(`"order"`), status: 400, loc: "body", rule: "type"},
		{name: "null for the body", req: hsPost(`null`), status: 400, loc: "body", rule: "type"},
		{name: "string for an integer", req: hsPost(`{"name":"x","count":"5"}`), status: 400, loc: "body.count", rule: "type"},
		{name: "fraction for an integer", req: hsPost(`{"name":"x","count":1.5}`), status: 400, loc: "body.count", rule: "type"},
		{name: "string for a bool", req: hsPost(`{"name":"x","active":"true"}`), status: 400, loc: "body.active", rule: "type"},
		{name: "object for an array", req: hsPost(`{"name":"x","lines":{}}`), status: 400, loc: "body.lines", rule: "type"},
		{name: "array for an object", req: hsPost(`{"name":"x","address":[]}`), status: 400, loc: "body.address", rule: "type"},
		{name: "number for a string", req: hsPost(`{"name":5}`), status: 400, loc: "body.name", rule: "type"},
		{name: "null for a string", req: hsPost(`{"name":null}`), status: 400, loc: "body.name", rule: "type"},
		{name: "bad time", req: hsPost(`{"name":"x","when":"yesterday"}`), status: 400, loc: "body.when", rule: "format"},
		{name: "bad base64", req: hsPost(`{"name":"x","blob":"!!!"}`), status: 400, loc: "body.blob", rule: "contentEncoding"},
		{name: "leading zeros", req: hsPost(`{"name":"x","count":007}`), status: 400, rule: "syntax"},
		{name: "plus sign", req: hsPost(`{"name":"x","count":+1}`), status: 400, rule: "syntax"},
		{name: "NaN", req: hsPost(`{"name":"x","ratio":NaN}`), status: 400, rule: "syntax"},
		{name: "Infinity", req: hsPost(`{"name":"x","ratio":-Infinity}`), status: 400, rule: "syntax"},
		{name: "hex number", req: hsPost(`{"name":"x","count":0x10}`), status: 400, rule: "syntax"},
		{name: "every field wrong at once", req: hsPost(`{"name":"","count":-1,"small":1000,"address":{"zip":"x"},"lines":[{"qty":0}]}`),
			status: 400, want: []string{"body.name", "body.count", "body.small", "body.address.street", "body.address.zip", "body.lines.0.sku", "body.lines.0.qty"}},

		// ---- huge numbers and exponents ----
		{name: "1e999999 for an integer", req: hsPost(`{"name":"x","count":1e999999}`), status: 400, loc: "body.count", rule: "maximum"},
		{name: "-1e999999 for an integer", req: hsPost(`{"name":"x","count":-1e999999}`), status: 400, loc: "body.count", rule: "minimum"},
		{name: "1e-999999 for an integer", req: hsPost(`{"name":"x","count":1e-999999}`), status: 400, loc: "body.count", rule: "type"},
		{name: "100-digit integer", req: hsPost(`{"name":"x","count":` + strings.Repeat("9", 100) + `}`), status: 400, loc: "body.count", rule: "maximum"},
		{name: "100-digit negative integer", req: hsPost(`{"name":"x","count":-` + strings.Repeat("9", 100) + `}`), status: 400, loc: "body.count", rule: "minimum"},
		{name: "int8 overflow", req: hsPost(`{"name":"x","small":128}`), status: 400, loc: "body.small", rule: "maximum"},
		{name: "uint64 overflow", req: hsPost(`{"name":"x","big":18446744073709551616}`), status: 400, loc: "body.big", rule: "maximum"},
		{name: "negative uint", req: hsPost(`{"name":"x","big":-1}`), status: 400, loc: "body.big", rule: "minimum"},
		{name: "1e999999 for a float", req: hsPost(`{"name":"x","ratio":1e999999}`), status: 400, loc: "body.ratio", rule: "maximum"},
		{name: "-1e999999 for a float", req: hsPost(`{"name":"x","ratio":-1e999999}`), status: 400, loc: "body.ratio", rule: "minimum"},
		{name: "exponent of 100,000 digits", req: hsPost(`{"name":"x","count":1e` + strings.Repeat("9", 100_000) + `}`), status: 400, loc: "body.count", rule: "maximum"},
		{name: "float of 500,000 digits", req: hsPost(`{"name":"x","ratio":1` + strings.Repeat("0", 500_000) + `}`), status: 400, loc: "body.ratio", rule: "maximum"},
		{name: "fraction of 500,000 digits for an integer", req: hsPost(`{"name":"x","count":0.` + strings.Repeat("0", 500_000) + `1}`), status: 400, loc: "body.count", rule: "type"},
		{name: "huge number in an unknown field", req: hsPost(`{"name":"x","zzz":1e999999,"count":-1}`), status: 400, loc: "body.count", rule: "minimum"},

		// ---- invalid UTF-8 and NUL bytes ----
		{name: "invalid UTF-8 in a string", req: hsPost("{\"name\":\"\xff\"}"), status: 400, rule: "syntax", want: []string{"invalid UTF-8"}},
		{name: "invalid UTF-8 in a key", req: hsPost("{\"\xc3\":1,\"name\":\"x\"}"), status: 400, rule: "syntax", want: []string{"invalid UTF-8"}},
		{name: "overlong UTF-8", req: hsPost("{\"name\":\"\xc0\xaf\"}"), status: 400, rule: "syntax"},
		{name: "UTF-8 encoded surrogate", req: hsPost("{\"name\":\"\xed\xa0\x80\"}"), status: 400, rule: "syntax"},
		{name: "unpaired surrogate escape", req: hsPost(`{"name":"\ud800"}`), status: 400, rule: "syntax", want: []string{"surrogate"}},
		{name: "invalid UTF-8 outside strings", req: hsPost("{\"name\":\"x\"\xff}"), status: 400, rule: "syntax"},
		{name: "raw NUL in a string", req: hsPost("{\"name\":\"a\x00b\"}"), status: 400, rule: "syntax", want: []string{"control character"}},
		{name: "NUL after the value", req: hsPost(hsBody + "\x00"), status: 400, rule: "syntax"},
		{name: "NUL body", req: hsPost("\x00\x00\x00\x00"), status: 400, rule: "syntax"},
		{name: "NUL in a header value", req: hsPost(hsBody, setHeader("X-Tenant", "acme\x00evil")),
			status: 400, plain: true, inproc: 400, want: []string{"header.X-Tenant"}},
		{name: "NUL in a path parameter", req: hsPost(hsBody, target("/shops/ac%00me/orders/7")), status: 400, loc: "path.shop", rule: "pattern"},
		{name: "NUL in a query value", req: hsPost(hsBody, target(hsTarget+"&limit=1%00")), status: 400, loc: "query.limit", rule: "type"},

		// ---- deep nesting: 100,000 levels ----
		{name: "100,000 nested arrays", req: hsPost(rawhttp.Nested("[", "", "]", deep)), status: 400, rule: "maxDepth", want: []string{"nesting deeper than 64"}},
		{name: "100,000 unclosed arrays", req: hsPost(strings.Repeat("[", deep)), status: 400, rule: "maxDepth"},
		{name: "100,000 nested objects", req: hsPost(rawhttp.Nested(`{"a":`, "1", "}", deep)), status: 400, rule: "maxDepth"},
		{name: "100,000 levels in an unknown field", req: hsPost(`{"name":"x","zzz":` + rawhttp.Nested("[", "", "]", deep) + `}`), status: 400, rule: "maxDepth"},
		{name: "100,000 levels in a map value", req: hsPost(`{"name":"x","labels":{"k":` + rawhttp.Nested(`{"a":`, "1", "}", deep) + `}}`), status: 400, rule: "maxDepth"},
		{name: "100,000 levels of a recursive DTO", req: hsPost(`{"name":"x","tree":` + rawhttp.Nested(`{"children":[`, "", "]}", deep/2) + `}`), status: 400, rule: "maxDepth"},
		{name: "100,000 levels in a PATCH", req: hsPatch(`{"tree":` + rawhttp.Nested(`{"children":[`, "", "]}", deep/2) + `}`), status: 400, rule: "maxDepth"},

		// ---- size ----
		{name: "100 MB body with its Content-Length", req: hsPost("", func(r *hsReq) {
			r.Stream = func() io.Reader { return rawhttp.Filler(`{"name":"`, "a", `"}`, 100<<20, nil) }
			r.Length = 100 << 20
		}), status: 413, want: []string{strconv.Itoa(hsLimit)}},
		{name: "100 MB streamed body", req: hsPost("", func(r *hsReq) {
			r.Stream = func() io.Reader { return rawhttp.Filler(`{"name":"`, "a", `"}`, 100<<20, nil) }
			r.Length = -1
		}), status: 413, want: []string{strconv.Itoa(hsLimit)}},
		{name: "one byte over the limit", req: hsPost(`{"name":"x","note":"` + strings.Repeat("a", hsLimit-len(`{"name":"x","note":""}`)+1) + `"}`), status: 413},
		{name: "at the limit but invalid", req: hsPost(`{"name":"x","note":"` + strings.Repeat("a", hsLimit-len(`{"name":"x","note":""}`)) + `"}`),
			status: 400, loc: "body.note", rule: "maxLength"},
		{name: "50,000 invalid items", req: hsPost(`{"name":"x","lines":[` + strings.TrimSuffix(strings.Repeat(`{"qty":0},`, 50_000), ",") + `]}`),
			status: 400, loc: "body.lines.0.sku", rule: "required", want: []string{"more than 100 invalid values"}},
		{name: "20,000 unknown properties", req: hsPost(`{"name":"x",`+strings.TrimSuffix(strings.Repeat(`"u":1,`, 20_000), ",")+`}`, setHeader("X-Tenant", "")),
			status: 400, loc: "header.X-Tenant", rule: "required"},
		{name: "a 900 KB string", req: hsPost(`{"name":"` + strings.Repeat("x", 900_000) + `"}`), status: 400, loc: "body.name", rule: "maxLength"},
		{name: "a 900 KB map key over invalid items", req: hsPost(`{"name":"x","stock":{"` + strings.Repeat("k", 900_000) + `":{"sku":"","qty":0,"price":-1}}}`),
			status: 400, rule: "minLength", want: []string{"body.stock.kkkk", "…"}},
		{name: "a 900 KB unknown key on a strict DTO", req: hsPut("/strict", `{"street":"s","`+strings.Repeat("u", 900_000)+`":1}`),
			status: 400, rule: "additionalProperties", want: []string{"unknown property"}},
		{name: "20,000 unknown keys on a strict DTO", req: hsPut("/strict", `{"street":"s",`+manyProps(20_000)+`}`),
			status: 400, rule: "additionalProperties", want: []string{"more than 100 invalid values"}},
		{name: "100,000 invalid items in a header list", req: hsPost(hsBody, setHeader("X-Codes", strings.Repeat("x,", 100_000))),
			status: 400, loc: "header.X-Codes.0", rule: "type", want: []string{"more than 100 invalid values"}},

		// ---- Content-Type ----
		{name: "text/plain", req: hsPost(hsBody, setHeader("Content-Type", "text/plain")), status: 415, want: []string{"application/json", "text/plain"}},
		{name: "no Content-Type", req: hsPost(hsBody, setHeader("Content-Type", "")), status: 415, want: []string{"no Content-Type"}},
		{name: "form", req: hsPost("name=x", setHeader("Content-Type", "application/x-www-form-urlencoded")), status: 415},
		{name: "multipart", req: hsPost("--x\r\n\r\n--x--", setHeader("Content-Type", "multipart/form-data; boundary=x")), status: 415},
		{name: "latin-1 charset", req: hsPost(hsBody, setHeader("Content-Type", "application/json; charset=latin1")), status: 415},
		{name: "application/jsonx", req: hsPost(hsBody, setHeader("Content-Type", "application/jsonx")), status: 415},
		{name: "empty media type", req: hsPost(hsBody, setHeader("Content-Type", ";charset=utf-8")), status: 415},
		{name: "two Content-Types", req: hsPost(hsBody, addHeader("Content-Type", "text/plain")), status: 415, want: []string{"2 Content-Type headers"}},
		{name: "two equal Content-Types", req: hsPost(hsBody, addHeader("Content-Type", "application/json")), status: 415, want: []string{"2 Content-Type headers"}},
		{name: "JSON-looking text/json", req: hsPost(hsBody, setHeader("Content-Type", "text/json")), status: 415},
		{name: "NUL in the Content-Type", req: hsPost(hsBody, setHeader("Content-Type", "application/json\x00")), status: 400, plain: true, inproc: 415},

		// ---- duplicate and unknown keys ----
		{name: "duplicate key", req: hsPost(`{"name":"a","name":"b"}`), status: 400, loc: "body.name", rule: "duplicateKeys"},
		{name: "duplicate key, second escaped", req: hsPost(`{"name":"a","n\u0061me":"b"}`), status: 400, loc: "body.name", rule: "duplicateKeys"},
		{name: "duplicate nested key", req: hsPost(`{"name":"a","address":{"street":"s","street":"t"}}`), status: 400, loc: "body.address.street", rule: "duplicateKeys"},
		{name: "duplicate map key", req: hsPost(`{"name":"a","labels":{"k":"1","k":"2"}}`), status: 400, loc: "body.labels.k", rule: "duplicateKeys"},
		{name: "unknown field on a strict DTO", req: hsPut("/strict", `{"street":"s","admin":true}`), status: 400, loc: "body.admin", rule: "additionalProperties"},
		{name: "unknown field on a strict DTO, escaped", req: hsPut("/strict", `{"street":"s","\u0061dmin":true}`), status: 400, loc: "body.admin", rule: "additionalProperties"},
		{name: "too many map entries", req: hsPost(`{"name":"a","labels":{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11"}}`),
			status: 400, loc: "body.labels", rule: "maxProperties"},

		// ---- Partial[T] ----
		{name: "PATCH: null for a string", req: hsPatch(`{"name":null}`), status: 400, loc: "body.name", rule: "type"},
		{name: "PATCH: too short", req: hsPatch(`{"name":""}`), status: 400, loc: "body.name", rule: "minLength"},
		{name: "PATCH: nested pattern", req: hsPatch(`{"address":{"zip":"abc"}}`), status: 400, loc: "body.address.zip", rule: "pattern"},
		{name: "PATCH: malformed", req: hsPatch(`{"name":`), status: 400, rule: "syntax"},
		{name: "PATCH: wrong id type", req: hsPatch(`{}`, target("/shops/acme/orders/one")), status: 400, loc: "path.id", rule: "type"},
		{name: "PATCH: unknown order", req: hsPatch(`{}`, target("/shops/acme/orders/999")), status: 404},

		// ---- path parameters ----
		{name: "int param not a number", req: hsPost(hsBody, target("/shops/acme/orders/abc")), status: 400, loc: "path.id", rule: "type"},
		{name: "int param of 100 digits", req: hsPost(hsBody, target("/shops/acme/orders/"+strings.Repeat("9", 100))), status: 400, loc: "path.id", rule: "maximum"},
		{name: "int param with exponent", req: hsPost(hsBody, target("/shops/acme/orders/1e3")), status: 400, loc: "path.id", rule: "type"},
		{name: "int param in hex", req: hsPost(hsBody, target("/shops/acme/orders/0x10")), status: 400, loc: "path.id", rule: "type"},
		{name: "int param with a space", req: hsPost(hsBody, target("/shops/acme/orders/%207")), status: 400, loc: "path.id", rule: "type"},
		{name: "int param with a plus", req: hsPost(hsBody, target("/shops/acme/orders/+7")), status: 400, loc: "path.id", rule: "type"},
		{name: "int param zero", req: hsPost(hsBody, target("/shops/acme/orders/0")), status: 400, loc: "path.id", rule: "minimum"},
		{name: "int param with an encoded slash", req: hsPost(hsBody, target("/shops/acme/orders/1%2F2")), status: 400, loc: "path.id", rule: "type"},
		{name: "invalid UTF-8 in a path param", req: hsPost(hsBody, target("/shops/%FF/orders/7")), status: 400, loc: "path.shop"},
		{name: "uuid param", req: hsGet("GET", "/typed/not-a-uuid/2024-01-02/1.5/2024-01-02T03:04:05Z"), status: 400, loc: "path.u", rule: "format"},
		{name: "date param", req: hsGet("GET", "/typed/0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e/2024-02-30/1.5/2024-01-02T03:04:05Z"), status: 400, loc: "path.d", rule: "format"},
		{name: "float param NaN", req: hsGet("GET", "/typed/0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e/2024-01-02/NaN/2024-01-02T03:04:05Z"), status: 400, loc: "path.f", rule: "type"},
		{name: "float param 1e999999", req: hsGet("GET", "/typed/0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e/2024-01-02/1e999999/2024-01-02T03:04:05Z"), status: 400, loc: "path.f", rule: "maximum"},
		{name: "datetime param", req: hsGet("GET", "/typed/0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e/2024-01-02/1.5/2024-01-02T25:00:00Z"), status: 400, loc: "path.t", rule: "format"},
		{name: "every typed param wrong", req: hsGet("GET", "/typed/x/y/z/w"), status: 400, want: []string{"path.u", "path.d", "path.f", "path.t"}},
		{name: "invalid escape in the path", req: hsPost(hsBody, target("/shops/acme/orders/%zz")), status: 400, plain: true},

		// ---- path traversal and encoded slashes ----
		{name: "dot-dot as a param value", req: hsPost(hsBody, target("/shops/../orders/7")), status: 400, loc: "path.shop", rule: "pattern"},
		{name: "encoded dot-dot as a param value", req: hsPost(hsBody, target("/shops/%2e%2e/orders/7")), status: 400, loc: "path.shop", rule: "pattern"},
		{name: "encoded slash in a param", req: hsPost(hsBody, target("/shops/a%2Fb/orders/7")), status: 400, loc: "path.shop", rule: "pattern"},
		{name: "dot-dot does not climb to another route", req: hsGet("GET", "/shops/acme/orders/7/../../../../ping"), status: 404},
		{name: "dot segment after a static", req: hsGet("GET", "/ping/.."), status: 404},
		{name: "encoded slash in a static segment", req: hsGet("GET", "/shops%2Facme/orders/7"), status: 404},
		{name: "double slash", req: hsPost(hsBody, target("//shops/acme/orders/7")), status: 404},
		{name: "backslash traversal", req: hsPost(hsBody, target(`/shops/..%5C..%5Cping/orders/7`)), status: 400, loc: "path.shop"},
		{name: "absolute-form target with traversal", req: hsGet("GET", "http://hostile.test/ping/../shops"), status: 404},
		{name: "asterisk target", req: hsGet("OPTIONS", "*"), status: 200, plain: true, inproc: 404},

		// ---- query ----
		{name: "query int not a number", req: hsPost(hsBody, target(hsTarget+"&limit=ten")), status: 400, loc: "query.limit", rule: "type"},
		{name: "query int empty", req: hsPost(hsBody, target(hsTarget+"&limit=")), status: 400, loc: "query.limit", rule: "type"},
		{name: "query int too big", req: hsPost(hsBody, target(hsTarget+"&limit="+strings.Repeat("9", 100))), status: 400, loc: "query.limit", rule: "maximum"},
		{name: "query bool", req: hsPost(hsBody, target("/shops/acme/orders/7?dry=yes")), status: 400, loc: "query.dry", rule: "type"},
		{name: "query time", req: hsPost(hsBody, target("/shops/acme/orders/7?since=yesterday")), status: 400, loc: "query.since", rule: "format"},
		{name: "query slice item", req: hsPost(hsBody, target("/shops/acme/orders/7?n=1&n=x&n=3")), status: 400, loc: "query.n.1", rule: "type"},
		{name: "query slice too long", req: hsPost(hsBody, target("/shops/acme/orders/7?"+strings.Repeat("tag=a&", 6))), status: 400, loc: "query.tag", rule: "maxItems"},
		{name: "5,000 values of one parameter", req: hsPost(hsBody, target("/shops/acme/orders/7?"+strings.Repeat("n=1&", 5000))), status: 400, loc: "query.n", rule: "maxItems"},
		{name: "9,000 distinct parameters", req: hsPost(hsBody, target("/shops/acme/orders/7?"+manyParams(9000)+"&limit=0")), status: 400, loc: "query.limit", rule: "minimum"},
		{name: "20,000 parameters", req: hsPost(hsBody, target("/shops/acme/orders/7?"+strings.Repeat("x=1&", 20_000))), status: 400, loc: "query", want: []string{"exceeded limit"}},
		{name: "900 KB query value", req: hsPost(hsBody, target("/shops/acme/orders/7?tag="+strings.Repeat("a", 900_000))), status: 400, loc: "query.tag.0", rule: "maxLength"},
		{name: "malformed escape in the query", req: hsPost(hsBody, target("/shops/acme/orders/7?tag=%zz")), status: 400, loc: "query", rule: "syntax"},
		{name: "semicolon in the query", req: hsPost(hsBody, target("/shops/acme/orders/7?tag=a;b=c")), status: 400, loc: "query", rule: "syntax"},
		{name: "invalid UTF-8 in a query value", req: hsPost(hsBody, target("/shops/acme/orders/7?tag=%FF%FE")), status: 400, loc: "query.tag.0"},

		// ---- headers and cookies ----
		{name: "missing header", req: hsPost(hsBody, setHeader("X-Tenant", "")), status: 400, loc: "header.X-Tenant", rule: "required"},
		{name: "header breaks its pattern", req: hsPost(hsBody, setHeader("X-Tenant", "acme/../root")), status: 400, loc: "header.X-Tenant", rule: "pattern"},
		{name: "header list too long", req: hsPost(hsBody, setHeader("X-Trace", strings.Repeat("a,", 20))), status: 400, loc: "header.X-Trace", rule: "maxItems"},
		{name: "invalid UTF-8 in a header", req: hsPost(hsBody, setHeader("X-Tenant", "acme\xff")), status: 400, loc: "header.X-Tenant"},
		{name: "missing cookie", req: hsPost(hsBody, setHeader("Cookie", "")), status: 400, loc: "cookie.session", rule: "required"},
		{name: "cookie too short", req: hsPost(hsBody, setHeader("Cookie", "session=ab")), status: 400, loc: "cookie.session", rule: "minLength"},
		{name: "cookie without a value", req: hsPost(hsBody, setHeader("Cookie", "session")), status: 400, loc: "cookie.session", rule: "minLength"},
		{name: "cookie with a backslash", req: hsPost(hsBody, setHeader("Cookie", `session=ab\cdef`)), status: 400, loc: "cookie.session", rule: "required"},
		{name: "3,000 cookies", req: hsPost(hsBody, setHeader("Cookie", manyCookies(3000))), status: 400, loc: "cookie.session", rule: "required"},
		{name: "every source wrong at once", req: hsPost(`{"name":""}`, target("/shops/ACME/orders/0?limit=0&n=x"), setHeader("X-Tenant", ""), setHeader("Cookie", "")),
			status: 400, want: []string{"path.shop", "path.id", "query.limit", "query.n.0", "header.X-Tenant", "cookie.session", "body.name"}},

		// ---- oversized headers (net/http answers 431 over a server) ----
		{name: "a 2 MB header", req: hsPost(hsBody, addHeader("X-Big", strings.Repeat("b", 2<<20))), status: 431, plain: true, via: "server"},
		{name: "a 2 MB request line", req: hsPost(hsBody, target("/shops/acme/orders/7?tag="+strings.Repeat("a", 2<<20))), status: 431, plain: true, via: "server"},
		{name: "10,000 header lines", req: hsPost(hsBody, manyHeaders(10_000, 200)), status: 431, plain: true, via: "server"},

		// ---- requests net/http refuses before any handler ----
		{name: "no Host", req: hsPost(hsBody, func(r *hsReq) { r.NoHost = true }), status: 400, plain: true, via: "server"},
		{name: "two Content-Lengths", req: hsPost(`{"name":"x"}`, func(r *hsReq) {
			r.RawLength = "Content-Length: 12\r\nContent-Length: 13\r\n"
		}), status: 400, plain: true},
		{name: "Content-Length and chunked: chunked wins", req: hsPost(`{"name":"x"}`, func(r *hsReq) {
			r.RawLength, r.HalfClose = "Content-Length: 12\r\nTransfer-Encoding: chunked\r\n", true
		}), status: 400, want: []string{"could not be read"}},
		{name: "negative Content-Length", req: hsPost(`{"name":"x"}`, func(r *hsReq) { r.RawLength = "Content-Length: -1\r\n" }), status: 400, plain: true},
		{name: "space in a header name", req: hsGet("GET", "/nope", addHeader("X Bad", "1")), status: 400, plain: true, inproc: 404},

		// ---- method override (must not change the method) ----
		{name: "X-HTTP-Method-Override on POST", req: hsPost(hsBody, target("/ping"), addHeader("X-HTTP-Method-Override", "GET")), status: 405},
		{name: "X-HTTP-Method on POST", req: hsPost(hsBody, target("/ping"), addHeader("X-HTTP-Method", "GET")), status: 405},
		{name: "X-Method-Override on POST", req: hsPost(hsBody, target("/ping"), addHeader("X-Method-Override", "GET")), status: 405},
		{name: "_method in the query", req: hsPost(hsBody, target("/ping?_method=GET")), status: 405},
		{name: "override to POST on GET", req: hsGet("GET", "/shops/acme/orders/7", addHeader("X-HTTP-Method-Override", "POST")), status: 405},
		{name: "override to PATCH on PUT", req: hsPut("/shops/acme/orders/1", `{}`, addHeader("X-HTTP-Method-Override", "PATCH")), status: 405},
		{name: "override to PUT on PATCH keeps PATCH", req: hsPatch(`{"name":""}`, addHeader("X-HTTP-Method-Override", "PUT")), status: 400, loc: "body.name"},
		{name: "lowercase method", req: hsGet("get", "/ping"), status: 405},
		{name: "unknown method", req: hsGet("BREW", "/ping"), status: 405},
		{name: "TRACE", req: hsGet("TRACE", "/ping"), status: 405},
		{name: "unknown path", req: hsGet("GET", "/nope"), status: 404},

		// ---- tokens ----
		{name: "no token", req: hsGet("GET", "/secure"), status: 401, want: []string{"bearer token is required"}},
		{name: "alg none", req: secure(noneToken), status: 401, want: []string{"algorithm"}},
		{name: "HS256 signed with the EdDSA public key", req: secure(confused), status: 401, want: []string{"algorithm"}},
		{name: "RS256 token to an EdDSA key", req: secure(rsaToken), status: 401, want: []string{"algorithm"}},
		{name: "signed by another key", req: secure(badSig), status: 401, want: []string{"signature"}},
		{name: "tampered signature", req: secure(tampered), status: 401, want: []string{"signature"}},
		{name: "expired", req: secure(expired), status: 401, want: []string{"expired"}},
		{name: "wrong audience", req: secure(wrongAud), status: 401, want: []string{"audience"}},
		{name: "garbage token", req: secure("a.b.c"), status: 401, want: []string{"malformed"}},
		{name: "token with NUL", req: secure("a\x00b"), status: 400, plain: true, inproc: 401},
		{name: "token of 1 MB", req: secure(strings.Repeat("a", 1<<20)), status: 401, want: []string{"malformed"}},
		{name: "two Authorization headers", req: hsGet("GET", "/secure", addHeader("Authorization", "Bearer "+good), addHeader("Authorization", "Bearer "+good)), status: 401},
		{name: "Basic scheme", req: hsGet("GET", "/secure", addHeader("Authorization", "Basic YWRtaW46YWRtaW4=")), status: 401},
	}
}

// flip changes the first character of s to another base64url character.
func flip(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

func hsPatch(body string, change ...func(*hsReq)) hsReq {
	return hsPost(body, append([]func(*hsReq){method("PATCH"), target("/shops/acme/orders/1")}, change...)...)
}

func hsPut(path, body string, change ...func(*hsReq)) hsReq {
	return hsPost(body, append([]func(*hsReq){method("PUT"), target(path)}, change...)...)
}

func manyParams(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte('&')
		}
		fmt.Fprintf(&b, "p%d=%d", i, i)
	}
	return b.String()
}

func manyProps(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"p%d":%d`, i, i)
	}
	return b.String()
}

func manyCookies(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "c%d=%d", i, i)
	}
	return b.String()
}

func manyHeaders(n, size int) func(*hsReq) {
	return func(r *hsReq) {
		for i := range n {
			r.Header = append(r.Header, fmt.Sprintf("X-H%d", i), strings.Repeat("h", size))
		}
	}
}

func TestHostileInput(t *testing.T) {
	a, store := hostileApp(t)
	addr := startServer(t, a)
	keys := hostileKeys(t)
	good := signToken(t, jwt.SigningMethodEdDSA, keys.priv, hsClaims(), map[string]any{"kid": "ed-1"})

	// The valid request works both ways, so that the refusals below are
	// about what each case changed.
	for _, via := range []string{"inproc", "server"} {
		send := func(req hsReq) (rawhttp.Answer, error) { return rawhttp.Send(addr, req, hsTimeout) }
		if via == "inproc" {
			send = func(req hsReq) (rawhttp.Answer, error) { return rawhttp.Serve(a, req, hsTimeout) }
		}
		got, err := send(hsPost(hsBody))
		if err != nil || got.Status != http.StatusCreated {
			t.Fatalf("%s: the valid request: %d %v %s", via, got.Status, err, got.Body)
		}
		var echo hsEcho
		if err := json.Unmarshal(got.Body, &echo); err != nil {
			t.Fatal(err)
		}
		if echo.Shop != "acme" || echo.ID != 7 || len(echo.Tags) != 2 || echo.Limit != 10 || !echo.Dry || echo.Since == "" ||
			echo.Tenant != "acme-1" || len(echo.Trace) != 2 || echo.Session != "s3cr3t-1" || echo.Agent != "hostile-test" ||
			echo.Order.Tree == nil || len(echo.Order.Tree.Children) != 1 || string(echo.Order.Blob) != "hi" {
			t.Fatalf("%s: the valid request bound %+v", via, echo)
		}
		if got, err := send(hsGet("GET", "/secure", setHeader("Authorization", "Bearer "+good))); err != nil || got.Status != 200 {
			t.Fatalf("%s: the valid token: %d %v %s", via, got.Status, err, got.Body)
		}
	}
	before := store.created.Load()

	runBattery(t, a, addr, hostileCases(t))

	// No refused request reached the create handler.
	if n := store.created.Load(); n != before {
		t.Errorf("the create handler ran %d times for refused requests", n-before)
	}
	// The seeded order is unchanged by the refused PATCHes.
	store.mu.Lock()
	seed := store.orders[1]
	store.mu.Unlock()
	if seed.Name != "seed" || seed.Address.Street != "Old Rd 1" {
		t.Errorf("refused PATCHes changed the order: %+v", seed)
	}
	// And the server still answers.
	got, err := rawhttp.Send(addr, hsPost(hsBody), hsTimeout)
	if err != nil || got.Status != http.StatusCreated {
		t.Fatalf("after the battery: %d %v %s", got.Status, err, got.Body)
	}
}

// TestHostileAccepted pins what the framework accepts on purpose: inputs
// that look hostile but are valid, so that no refusal above comes from a
// binding that refuses everything.
func TestHostileAccepted(t *testing.T) {
	a, _ := hostileApp(t)
	addr := startServer(t, a)
	tests := []struct {
		name   string
		req    hsReq
		status int
		want   string // a substring of the answer
	}{
		{"escaped NUL in a string is data", hsPost(`{"name":"a\u0000b"}`), 201, `"name":"a\u0000b"`},
		{"unknown fields are ignored by default", hsPost(`{"name":"x","admin":true,"zzz":[[[1]]]}`), 201, `"name":"x"`},
		{"1e2 is an integer", hsPost(`{"name":"x","count":1e2}`), 201, `"count":100`},
		{"1e-999999 for a float is 0", hsPost(`{"name":"x","ratio":1e-999999}`), 201, `"ratio":0`},
		{"-0 for an integer", hsPost(`{"name":"x","count":-0}`), 201, `"count":0`},
		{"uint64 max", hsPost(`{"name":"x","big":18446744073709551615}`), 201, `"big":18446744073709551615`},
		{"64 levels", hsPost(`{"name":"x","tree":` + rawhttp.Nested(`{"children":[`, `{"name":"deep"}`, "]}", 31) + `}`), 201, `"deep"`},
		{"charset utf-8", hsPost(`{"name":"x"}`, setHeader("Content-Type", "application/json; charset=utf-8")), 201, `"name":"x"`},
		{"+json media type", hsPost(`{"name":"x"}`, setHeader("Content-Type", "application/vnd.acme+json")), 201, `"name":"x"`},
		{"escaped key", hsPost(`{"n\u0061me":"x"}`), 201, `"name":"x"`},
		{"unicode escapes", hsPost(`{"name":"\ud83d\ude00 \u00e9"}`), 201, "\"name\":\"\U0001F600 \u00e9\""},
		{"streamed body", hsPost("", func(r *hsReq) {
			r.Stream = func() io.Reader { return strings.NewReader(`{"name":"streamed"}`) }
			r.Length = -1
		}), 201, `"streamed"`},
		{"duplicate scalar query takes the first", hsPost(`{"name":"x"}`, target("/shops/acme/orders/7?limit=5&limit=500")), 201, `"limit":5`},
		{"path parameter keeps dot-dot", hsGet("GET", "/files/a/../../etc/passwd"), 200, `"a/../../etc/passwd"`},
		{"encoded dot-dot stays in its parameter", hsGet("GET", "/files/%2e%2e/..%2f..%2fping"), 200, `"../../../ping"`},
		{"method override header is ignored", hsGet("GET", "/ping", addHeader("X-HTTP-Method-Override", "DELETE")), 200, `"pong"`},
		{"PATCH null clears a pointer", hsPatch(`{"note":null,"address":{"zip":"54321"}}`), 200, `"zip":"54321"`},
		{"optional body absent", hsReq{Method: "PUT", Target: "/maybe"}, 200, `"none"`},
		{"typed params", hsGet("GET", "/typed/0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e/2024-02-29/-1.5e3/2024-01-02T04:04:05+01:00"), 200, "-1500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, via := range []string{"inproc", "server"} {
				var got rawhttp.Answer
				var err error
				if via == "inproc" {
					got, err = rawhttp.Serve(a, tt.req, hsTimeout)
				} else {
					got, err = rawhttp.Send(addr, tt.req, hsTimeout)
				}
				if err != nil {
					t.Fatalf("%s: %v", via, err)
				}
				if got.Status != tt.status || !strings.Contains(string(got.Body), tt.want) {
					t.Errorf("%s: %d %s, want %d with %s", via, got.Status, got.Body, tt.status, tt.want)
				}
			}
		})
	}
}

// countingHandler counts the bytes handlers read from request bodies.
func countingHandler(h http.Handler, n *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = &countingBody{ReadCloser: r.Body, n: n}
		h.ServeHTTP(w, r)
	})
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// TestHugeBodyIsNotRead sends 100 MB bodies, with and without a
// Content-Length, and checks that the app read no more than its limit (plus
// a little) before it answered 413, and that the client was not made to send
// them whole.
func TestHugeBodyIsNotRead(t *testing.T) {
	const size = 100 << 20
	const slack = 64 << 10
	a, store := hostileApp(t)
	var handlerRead atomic.Int64
	addr := startServer(t, countingHandler(a, &handlerRead))
	for _, tt := range []struct {
		name     string
		length   int64
		maxRead  int64 // by the app
		maxSent  int64 // by the client, socket buffers included
		describe string
	}{
		{"with Content-Length", size, 0, 32 << 20, "refused from its Content-Length, unread"},
		{"streamed", -1, hsLimit + slack, hsLimit + 32<<20, "refused at the limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, via := range []string{"inproc", "server"} {
				handlerRead.Store(0)
				var sent atomic.Int64
				req := hsPost("", func(r *hsReq) {
					r.Stream = func() io.Reader { return rawhttp.Filler(`{"name":"`, "a", `"}`, size, &sent) }
					r.Length = tt.length
				})
				var got rawhttp.Answer
				var err error
				if via == "inproc" {
					got, err = rawhttp.Serve(countingHandler(a, &handlerRead), req, hsTimeout)
				} else {
					got, err = rawhttp.Send(addr, req, hsTimeout)
				}
				if err != nil {
					t.Fatalf("%s: %v", via, err)
				}
				checkAnswer(t, hsCase{status: 413, want: []string{strconv.Itoa(hsLimit)}}, got, via == "inproc")
				if n := handlerRead.Load(); n > tt.maxRead+slack {
					t.Errorf("%s: the app read %d bytes of the body, want at most %d (%s)", via, n, tt.maxRead+slack, tt.describe)
				}
				if n := sent.Load(); n > tt.maxSent {
					t.Errorf("%s: %d bytes of the body were sent, want at most %d", via, n, tt.maxSent)
				}
				t.Logf("%s: app read %d, client sent %d, %v", via, handlerRead.Load(), sent.Load(), got.Took)
			}
		})
	}
	if n := store.created.Load(); n != 0 {
		t.Errorf("the handler ran %d times", n)
	}
}

// TestHeaderLimitOfServe checks that Serve applies ServerConfig's
// MaxHeaderBytes: past it net/http answers 431 and the app keeps serving.
func TestHeaderLimitOfServe(t *testing.T) {
	a, _ := hostileApp(t, framework.WithServerConfig(framework.ServerConfig{MaxHeaderBytes: 8 << 10}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	addr := ln.Addr().String()
	// net/http allows 4 KiB beyond MaxHeaderBytes.
	for _, tt := range []struct {
		name   string
		req    hsReq
		status int
	}{
		{"under the limit", hsGet("GET", "/ping", addHeader("X-Pad", strings.Repeat("p", 4<<10))), 200},
		{"a 16 KiB header", hsGet("GET", "/ping", addHeader("X-Big", strings.Repeat("b", 16<<10))), 431},
		{"a 16 KiB query", hsGet("GET", "/ping?q="+strings.Repeat("q", 16<<10)), 431},
		{"a 16 KiB cookie", hsGet("GET", "/ping", setHeader("Cookie", "c="+strings.Repeat("c", 16<<10))), 431},
		{"after them", hsGet("GET", "/ping"), 200},
	} {
		got, err := rawhttp.Send(addr, tt.req, hsTimeout)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got.Status != tt.status {
			t.Errorf("%s: %d, want %d: %.200s", tt.name, got.Status, tt.status, got.Body)
		}
	}
}
