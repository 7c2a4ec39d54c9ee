package framework_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/starling-http/starling/framework"
)

// ---- helpers shared by the package's tests ----

// newApp builds an app or fails the test.
func newApp(tb testing.TB, opts ...framework.Option) *framework.App {
	tb.Helper()
	a, err := framework.New(opts...)
	if err != nil {
		tb.Fatalf("framework.New: %v", err)
	}
	return a
}

// buildError builds an app that must fail and returns the error's text.
func buildError(tb testing.TB, opts ...framework.Option) string {
	tb.Helper()
	a, err := framework.New(opts...)
	if err == nil {
		tb.Fatalf("framework.New succeeded with %d routes; want a build error", len(a.Routes()))
	}
	return err.Error()
}

// wantContains fails unless s contains every one of subs.
func wantContains(tb testing.TB, s string, subs ...string) {
	tb.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			tb.Errorf("%q\ndoes not contain %q", s, sub)
		}
	}
}

// serve sends one request through h and returns the recorded response.
// header is a list of name, value pairs.
func serve(tb testing.TB, h http.Handler, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	r := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// get is serve for a GET without a body.
func get(tb testing.TB, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	return serve(tb, h, http.MethodGet, target, nil, header...)
}

// postJSON sends body as application/json.
func postJSON(tb testing.TB, h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	tb.Helper()
	return serve(tb, h, method, target, strings.NewReader(body), "Content-Type", "application/json")
}

// wantStatus fails the test unless the response has the status.
func wantStatus(tb testing.TB, w *httptest.ResponseRecorder, status int) {
	tb.Helper()
	if w.Code != status {
		tb.Fatalf("status = %d, want %d; body: %s", w.Code, status, w.Body)
	}
}

// problem decodes an application/problem+json response, checking its
// status, and returns the standard members and all members.
func problem(tb testing.TB, w *httptest.ResponseRecorder, status int) (framework.Problem, map[string]any) {
	tb.Helper()
	wantStatus(tb, w, status)
	if ct := w.Header().Get("Content-Type"); ct != framework.ProblemContentType {
		tb.Fatalf("Content-Type = %q, want %q", ct, framework.ProblemContentType)
	}
	var p framework.Problem
	var all map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		tb.Fatalf("decoding problem %s: %v", w.Body, err)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &all); err != nil {
		tb.Fatalf("decoding problem %s: %v", w.Body, err)
	}
	if p.Status != status {
		tb.Errorf("problem status = %d, want %d", p.Status, status)
	}
	return p, all
}

// locations lists the locations of a validation problem's errors.
func locations(p framework.Problem) []string {
	var out []string
	for _, v := range p.Errors {
		out = append(out, v.Location)
	}
	return out
}

// decodeJSON decodes a JSON response body into T.
func decodeJSON[T any](tb testing.TB, w *httptest.ResponseRecorder) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		tb.Fatalf("decoding %s: %v", w.Body, err)
	}
	return v
}

// logBuffer collects log output; slog handlers may write from many goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// records decodes the JSON log lines.
func (l *logBuffer) records(tb testing.TB) []map[string]any {
	tb.Helper()
	var out []map[string]any
	for line := range strings.Lines(l.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			tb.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// find returns the first record with the message.
func (l *logBuffer) find(tb testing.TB, msg string) map[string]any {
	tb.Helper()
	for _, r := range l.records(tb) {
		if r["msg"] == msg {
			return r
		}
	}
	tb.Fatalf("no log record %q in:\n%s", msg, l)
	return nil
}

// findWith returns the first record with the message and the attribute.
func (l *logBuffer) findWith(tb testing.TB, msg, key string, value any) map[string]any {
	tb.Helper()
	for _, r := range l.records(tb) {
		if r["msg"] == msg && r[key] == value {
			return r
		}
	}
	tb.Fatalf("no log record %q with %s=%v in:\n%s", msg, key, value, l)
	return nil
}

// testLogger returns a JSON logger writing to a buffer.
func testLogger() (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// recorder records events in order, safely across goroutines.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(e string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// reset empties the record and returns what it held.
func (r *recorder) reset() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.events
	r.events = nil
	return out
}

// none is the input of handlers that bind nothing.
type none struct{}

// text answers a constant string.
func text(s string) func(context.Context, none) (string, error) {
	return func(context.Context, none) (string, error) { return s, nil }
}

// ---- the app ----

func TestAppIsHandlerAndMountsLayers(t *testing.T) {
	t.Parallel()
	var _ http.Handler = (*framework.App)(nil)
	a := newApp(t,
		framework.Mount(
			framework.Get("/", text("root")),
			framework.Controller{Path: "/ctl", Routes: []framework.Route{framework.Get("/x", text("controller"))}},
			framework.Router{Path: "/api", Routes: []framework.Routable{
				framework.Router{Path: "/v1", Routes: []framework.Routable{
					framework.Controller{Path: "/users", Routes: []framework.Route{
						framework.Get("/", text("users")),
						framework.Get("/me", text("me")),
					}},
				}},
				framework.Get("/ping", text("pong")),
			}},
		),
	)
	tests := []struct{ path, want string }{
		{"/", `"root"`},
		{"/ctl/x", `"controller"`},
		{"/api/v1/users", `"users"`},
		{"/api/v1/users/me", `"me"`},
		{"/api/ping", `"pong"`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			w := get(t, a, tt.path)
			wantStatus(t, w, http.StatusOK)
			if got := w.Body.String(); got != tt.want {
				t.Errorf("body = %s, want %s", got, tt.want)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestLifecycleHooksAndSingletonCleanup(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	type db struct{}
	type cache struct{}
	newDB := func() (*db, func(), error) {
		rec.add("build db")
		return &db{}, func() { rec.add("close db") }, nil
	}
	newCache := func(*db) (*cache, func(), error) {
		rec.add("build cache")
		return &cache{}, func() { rec.add("close cache") }, nil
	}
	type in struct {
		C *cache `inject:""`
	}
	hook := func(name string) func(context.Context) error {
		return func(context.Context) error { rec.add(name); return nil }
	}
	a := newApp(t,
		framework.Dependencies(framework.Provide(newDB), framework.Provide(newCache)),
		framework.Mount(framework.Get("/", func(context.Context, in) (string, error) { return "ok", nil })),
		framework.OnStartup(hook("startup 1")),
		framework.OnStartup(hook("startup 2")),
		framework.OnShutdown(hook("shutdown 1")),
		framework.OnShutdown(hook("shutdown 2")),
	)
	if got := rec.get(); len(got) != 0 {
		t.Fatalf("New ran %v; providers and hooks must wait for Start", got)
	}
	if err := a.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := a.Start(t.Context()); err != nil { // runs once
		t.Fatal(err)
	}
	wantStatus(t, get(t, a, "/"), http.StatusOK)
	if err := a.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := a.Shutdown(t.Context()); err != nil { // runs once
		t.Fatal(err)
	}
	want := []string{
		"build db", "build cache", "startup 1", "startup 2",
		"shutdown 2", "shutdown 1", "close cache", "close db",
	}
	if diff := cmp.Diff(want, rec.get()); diff != "" {
		t.Errorf("lifecycle (-want +got):\n%s", diff)
	}
}

func TestStartFailure(t *testing.T) {
	t.Parallel()
	boom := errors.New("database unreachable")
	tests := []struct {
		name string
		opts []framework.Option
	}{
		{"startup hook", []framework.Option{
			framework.Dependencies(framework.Value(&strings.Builder{})),
			framework.OnStartup(func(context.Context) error { return boom }),
		}},
		{"singleton provider", []framework.Option{
			framework.Dependencies(framework.Provide(func() (*strings.Builder, error) { return nil, boom })),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			type in struct {
				B *strings.Builder `inject:""`
			}
			log, logs := testLogger()
			opts := append([]framework.Option{
				framework.WithLogger(log),
				framework.Mount(framework.Get("/", func(context.Context, in) (string, error) { return "ok", nil })),
			}, tt.opts...)
			a := newApp(t, opts...)
			if err := a.Start(t.Context()); !errors.Is(err, boom) {
				t.Fatalf("Start = %v, want %v", err, boom)
			}
			// A request to an app that failed to start is a 503 whose body
			// does not leak the cause; the log has it.
			p, _ := problem(t, get(t, a, "/"), http.StatusServiceUnavailable)
			if strings.Contains(p.Detail, boom.Error()) {
				t.Errorf("503 detail leaks the cause: %q", p.Detail)
			}
			wantContains(t, logs.String(), boom.Error())
		})
	}
}

func TestServeHTTPStartsTheAppOnFirstUse(t *testing.T) {
	t.Parallel()
	type conn struct{ ctx context.Context }
	type in struct {
		C *conn `inject:""`
	}
	a := newApp(t,
		framework.Dependencies(framework.Provide(func(ctx context.Context) *conn { return &conn{ctx} })),
		framework.Mount(framework.Get("/", func(_ context.Context, in in) (string, error) {
			return "ok", in.C.ctx.Err()
		})),
	)
	ctx, cancel := context.WithCancel(t.Context())
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil)
	w := httptest.NewRecorder()
	a.ServeHTTP(w, r)
	wantStatus(t, w, http.StatusOK)
	cancel() // the first request ends; the singleton lives on
	wantStatus(t, get(t, a, "/"), http.StatusOK)
}

func TestWithLeavesTheOriginalUntouched(t *testing.T) {
	t.Parallel()
	type greeter interface{ Greet() string }
	type in struct {
		G greeter `inject:""`
	}
	a := newApp(t,
		framework.Dependencies(framework.Provide(func() real { return real{} }, framework.As[greeter]())),
		framework.Mount(framework.Get("/", func(_ context.Context, in in) (string, error) { return in.G.Greet(), nil })),
	)
	b, err := a.With(
		framework.WithOverrides(framework.Provide(func() fake { return fake{} }, framework.As[greeter]())),
		framework.ResponseHeader("X-Test", "yes"),
	)
	if err != nil {
		t.Fatal(err)
	}
	wb := get(t, b, "/")
	if wb.Body.String() != `"fake"` || wb.Header().Get("X-Test") != "yes" {
		t.Errorf("derived app: body %s, X-Test %q; want the override and the header", wb.Body, wb.Header().Get("X-Test"))
	}
	wa := get(t, a, "/")
	if wa.Body.String() != `"real"` || wa.Header().Get("X-Test") != "" {
		t.Errorf("original app: body %s, X-Test %q; With must not change it", wa.Body, wa.Header().Get("X-Test"))
	}
	if len(a.Routes()) != len(b.Routes()) {
		t.Errorf("route counts differ: %d and %d", len(a.Routes()), len(b.Routes()))
	}
}

type real struct{}

func (real) Greet() string { return "real" }

type fake struct{}

func (fake) Greet() string { return "fake" }

func TestMust(t *testing.T) {
	t.Parallel()
	a := framework.Must(framework.New(framework.Mount(framework.Get("/", text("ok")))))
	if a == nil {
		t.Fatal("Must returned nil")
	}
	defer func() {
		if recover() == nil {
			t.Error("Must did not panic on an error")
		}
	}()
	framework.Must(framework.New(framework.Mount(framework.Get("no-slash/{x}", text("ok")))))
}

type adminOnly struct{}

func (adminOnly) Check(*http.Request, *framework.RouteInfo) error { return nil }

func TestRoutesIntrospection(t *testing.T) {
	t.Parallel()
	type svc struct{}
	type in struct {
		ID  int  `path:"id"`
		Svc *svc `inject:""`
	}
	type body struct {
		Body struct {
			Name string `json:"name"`
		} `body:""`
	}
	get := func(context.Context, in) (string, error) { return "", nil }
	create := func(context.Context, body) (string, error) { return "", nil }
	allow := framework.GuardFunc(func(*http.Request, *framework.RouteInfo) error { return nil })
	a := newApp(t,
		framework.Guards(allow),
		framework.Tags("app"),
		framework.ResponseHeader("X-App", "1"),
		framework.Mount(framework.Router{
			Path:      "/api",
			BodyLimit: 1 << 10,
			Tags:      []string{"api"},
			Routes: []framework.Routable{framework.Controller{
				Path:            "/things",
				Dependencies:    []framework.Provider{framework.Provide(func() *svc { return &svc{} })},
				ResponseHeaders: map[string]string{"x-ctl": "1"},
				Guards:          []framework.Guard{adminOnly{}},
				Routes: []framework.Route{
					framework.Get("/{id:int}", get, framework.Summary("Get a thing"), framework.Opt("role", "admin")),
					framework.Post("/", create, framework.BodyLimit(64), framework.ResponseHeader("X-App", "route"), framework.Hidden()),
				},
			}},
		}),
	)
	got := a.Routes()
	want := []framework.RouteInfo{
		{
			Method:      "GET",
			Path:        "/api/things/{id:int}",
			OperationID: "getThing",
			Status:      200,
			Summary:     "Get a thing",
			Tags:        []string{"app", "api"},
			Guards:      []string{"framework_test.TestRoutesIntrospection.func3", "framework_test.adminOnly"},
			Opt:         map[string]any{"role": "admin"},
			Dependencies: []framework.DependencyInfo{{
				Field: "Svc", Type: "*framework_test.svc", Layer: `controller "/things"`, Scope: framework.Singleton,
			}},
			Sources: map[string]string{
				"BodyLimit":              `router "/api"`,
				"ResponseHeaders[X-App]": "app",
				"ResponseHeaders[X-Ctl]": `controller "/things"`,
			},
			BodyLimit: 1 << 10,
		},
		{
			Method:      "POST",
			Path:        "/api/things",
			OperationID: "createThing",
			Status:      201,
			Tags:        []string{"app", "api"},
			Guards:      []string{"framework_test.TestRoutesIntrospection.func3", "framework_test.adminOnly"},
			Hidden:      true,
			Sources: map[string]string{
				"BodyLimit":              "route POST /api/things",
				"ResponseHeaders[X-App]": "route POST /api/things",
				"ResponseHeaders[X-Ctl]": `controller "/things"`,
			},
			BodyLimit: 64,
		},
	}
	ignore := cmpopts.IgnoreFields(framework.RouteInfo{}, "Handler")
	ignoreProvider := cmpopts.IgnoreFields(framework.DependencyInfo{}, "Provider")
	if diff := cmp.Diff(want, got, ignore, ignoreProvider, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Routes() (-want +got):\n%s", diff)
	}
	for _, ri := range got {
		wantContains(t, ri.Handler, "framework_test.TestRoutesIntrospection")
		wantContains(t, ri.String(), ri.Method, ri.Path)
	}
	wantContains(t, got[0].Dependencies[0].Provider, "framework_test.TestRoutesIntrospection")
}

func TestRoutesIsACopy(t *testing.T) {
	t.Parallel()
	seen := make(chan []string, 1)
	guard := framework.GuardFunc(func(_ *http.Request, ri *framework.RouteInfo) error {
		seen <- slices.Clone(ri.Tags)
		return nil
	})
	a := newApp(t, framework.Tags("a"), framework.Guards(guard), framework.Mount(framework.Get("/", text("ok"))))
	routes := a.Routes()
	routes[0].Tags[0] = "changed"
	routes[0].Sources["BodyLimit"] = "changed"
	wantStatus(t, get(t, a, "/"), http.StatusOK)
	if diff := cmp.Diff([]string{"a"}, <-seen); diff != "" {
		t.Errorf("changing Routes() changed what guards see (-want +got):\n%s", diff)
	}
	if _, ok := a.Routes()[0].Sources["BodyLimit"]; ok {
		t.Error("changing Routes()[0].Sources changed the app")
	}
}

func TestFailedStartupHookClosesSingletons(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	type db struct{}
	type in struct {
		DB *db `inject:""`
	}
	a := newApp(t,
		framework.Dependencies(framework.Provide(func() (*db, func(), error) {
			rec.add("build db")
			return &db{}, func() { rec.add("close db") }, nil
		})),
		framework.OnStartup(func(context.Context) error { return errors.New("migrations failed") }),
		framework.Mount(framework.Get("/", func(context.Context, in) (string, error) { return "ok", nil })),
	)
	if err := a.Start(t.Context()); err == nil {
		t.Fatal("Start succeeded")
	}
	if diff := cmp.Diff([]string{"build db", "close db"}, rec.get()); diff != "" {
		t.Errorf("a failed start must release the singletons it built (-want +got):\n%s", diff)
	}
	if err := a.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := len(rec.get()); got != 2 {
		t.Errorf("Shutdown after a failed start ran cleanups again: %v", rec.get())
	}
}

// discardLogger keeps expected error logs out of the test output.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestRequestsAfterShutdownGet503(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(framework.Get("/", text("hi"))))
	wantStatus(t, get(t, a, "/"), http.StatusOK)
	if err := a.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	p, _ := problem(t, get(t, a, "/"), http.StatusServiceUnavailable)
	wantContains(t, p.Detail, "shutting down")
}

func TestAppHeadersOnAnswersNoRouteGave(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.ResponseHeader("Cache-Control", "no-store"),
		framework.Mount(framework.Get("/x", text("hi"))))
	for _, tt := range []struct{ method, path string }{
		{http.MethodGet, "/nope"}, {http.MethodPut, "/x"}, {http.MethodOptions, "/x"}, {http.MethodGet, "/x"},
	} {
		w := serve(t, a, tt.method, tt.path, nil)
		if got := w.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s: Cache-Control = %q, want the app's header", tt.method, tt.path, got)
		}
	}
}
