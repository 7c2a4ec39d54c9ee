package framework_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

type counterSvc struct{ n int64 }

func TestSingletonBuiltOnceAcrossConcurrentRequests(t *testing.T) {
	t.Parallel()
	var builds atomic.Int64
	type in struct {
		S *counterSvc `inject:""`
	}
	a := newApp(t,
		framework.Dependencies(framework.Provide(func() *counterSvc {
			return &counterSvc{n: builds.Add(1)}
		})),
		framework.Mount(framework.Get("/", func(_ context.Context, in in) (int64, error) { return in.S.n, nil })),
	)
	// No Start: the first requests race to start the app.
	const n = 32
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			w := get(t, a, "/")
			if w.Code != http.StatusOK || w.Body.String() != "1" {
				t.Errorf("got %d %s, want 200 1", w.Code, w.Body)
			}
		})
	}
	wg.Wait()
	if got := builds.Load(); got != 1 {
		t.Errorf("singleton built %d times, want 1", got)
	}
}

type (
	reqTx   struct{ id int64 }
	repoA   struct{ tx *reqTx }
	repoB   struct{ tx *reqTx }
	reqMeta struct {
		requestID string
		header    string
	}
)

func TestPerRequestBuiltOncePerRequest(t *testing.T) {
	t.Parallel()
	var builds atomic.Int64
	type in struct {
		A  *repoA `inject:""`
		B  *repoB `inject:""`
		Tx *reqTx `inject:""`
	}
	perRequest := framework.WithScope(framework.PerRequest)
	a := newApp(t,
		framework.Dependencies(
			framework.Provide(func() *reqTx { return &reqTx{id: builds.Add(1)} }, perRequest),
			framework.Provide(func(tx *reqTx) *repoA { return &repoA{tx} }, perRequest),
			framework.Provide(func(tx *reqTx) *repoB { return &repoB{tx} }, perRequest),
		),
		framework.Mount(framework.Get("/", func(_ context.Context, in in) (int64, error) {
			if in.A.tx != in.Tx || in.B.tx != in.Tx {
				return 0, errors.New("consumers of one request got different values")
			}
			return in.Tx.id, nil
		})),
	)
	const n = 16
	var wg sync.WaitGroup
	seen := make(chan string, n)
	for range n {
		wg.Go(func() {
			w := get(t, a, "/")
			if w.Code != http.StatusOK {
				t.Errorf("status %d: %s", w.Code, w.Body)
			}
			seen <- w.Body.String()
		})
	}
	wg.Wait()
	close(seen)
	ids := map[string]bool{}
	for id := range seen {
		ids[id] = true
	}
	if got := builds.Load(); got != n {
		t.Errorf("per-request provider built %d times for %d requests, want once each", got, n)
	}
	if len(ids) != n {
		t.Errorf("%d distinct values for %d requests; requests must not share them", len(ids), n)
	}
}

func TestCleanupsRunInReverseAfterTheHandlerAndSeeItsError(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	type conn struct{}
	type tx struct{}
	type in struct {
		Tx   *tx    `inject:""`
		Fail string `query:"fail"`
	}
	perRequest := framework.WithScope(framework.PerRequest)
	a := newApp(t,
		framework.Dependencies(
			framework.Provide(func() (*conn, func(), error) {
				rec.add("open conn")
				return &conn{}, func() { rec.add("close conn") }, nil
			}, perRequest),
			framework.Provide(func(*conn) (*tx, func(error), error) {
				rec.add("begin tx")
				return &tx{}, func(err error) { rec.add(fmt.Sprintf("end tx: %v", err)) }, nil
			}, perRequest),
		),
		framework.Mount(framework.Get("/", func(_ context.Context, in in) (string, error) {
			rec.add("handler")
			switch in.Fail {
			case "error":
				return "", framework.Conflict("stale")
			case "panic":
				panic("handler exploded")
			}
			return "ok", nil
		})),
		framework.WithLogger(discardLogger()),
	)
	tests := []struct {
		query  string
		status int
		want   []string
	}{
		{"", 200, []string{"open conn", "begin tx", "handler", "end tx: <nil>", "close conn"}},
		{"?fail=error", 409, []string{"open conn", "begin tx", "handler", "end tx: 409 Conflict: stale", "close conn"}},
		{"?fail=panic", 500, []string{"open conn", "begin tx", "handler", "end tx: panic: handler exploded", "close conn"}},
	}
	for _, tt := range tests { // sequential: one recorder
		wantStatus(t, get(t, a, "/"+tt.query), tt.status)
		if diff := cmp.Diff(tt.want, rec.reset()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.query, diff)
		}
	}
}

func TestProviderFailures(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	type first struct{}
	type second struct{}
	type in struct {
		S    *second `inject:""`
		Must int     `query:"must" validate:"required"`
	}
	perRequest := framework.WithScope(framework.PerRequest)
	log, logs := testLogger()
	a := newApp(t,
		framework.WithLogger(log),
		framework.Dependencies(
			framework.Provide(func() (*first, func(error), error) {
				rec.add("build first")
				return &first{}, func(err error) { rec.add("cleanup first: " + err.Error()) }, nil
			}, perRequest),
			framework.Provide(func(_ *first, r *http.Request) (*second, error) {
				switch r.URL.Query().Get("mode") {
				case "unauthorized":
					return nil, framework.Unauthorized("token expired")
				case "broken":
					return nil, errors.New("pool exhausted")
				}
				return &second{}, nil
			}, perRequest),
		),
		framework.Mount(framework.Get("/", func(context.Context, in) (string, error) { return "ok", nil })),
	)
	t.Run("an *Error from a provider keeps its status", func(t *testing.T) {
		p, _ := problem(t, get(t, a, "/?must=1&mode=unauthorized"), http.StatusUnauthorized)
		if p.Detail != "token expired" {
			t.Errorf("detail = %q", p.Detail)
		}
		got := rec.reset()
		if len(got) != 2 || got[0] != "build first" || !strings.HasPrefix(got[1], "cleanup first: provider ") ||
			!strings.HasSuffix(got[1], "401 Unauthorized: token expired") {
			t.Errorf("the values built before the failure must be cleaned up, seeing the error; got %q", got)
		}
	})
	t.Run("any other error is a 500 logged with its cause", func(t *testing.T) {
		p, _ := problem(t, get(t, a, "/?must=1&mode=broken"), http.StatusInternalServerError)
		if strings.Contains(p.Detail, "pool exhausted") {
			t.Errorf("500 leaks the cause: %q", p.Detail)
		}
		wantContains(t, logs.String(), "pool exhausted", p.RequestID)
		rec.reset()
	})
	t.Run("a 400 builds no provider", func(t *testing.T) {
		problem(t, get(t, a, "/"), http.StatusBadRequest)
		if got := rec.reset(); len(got) != 0 {
			t.Errorf("providers ran for an invalid request: %v", got)
		}
	})
}

func TestContextAndRequestInjection(t *testing.T) {
	t.Parallel()
	type in struct {
		Meta *reqMeta        `inject:""`
		Ctx  context.Context `inject:""`
		Req  *http.Request   `inject:""`
	}
	a := newApp(t,
		framework.Dependencies(framework.Provide(func(ctx context.Context, r *http.Request) *reqMeta {
			return &reqMeta{requestID: framework.RequestID(ctx), header: r.Header.Get("X-Tenant")}
		}, framework.WithScope(framework.PerRequest))),
		framework.Mount(framework.Get("/", func(ctx context.Context, in in) ([]string, error) {
			return []string{
				in.Meta.requestID, in.Meta.header,
				framework.RequestID(in.Ctx), in.Req.Header.Get("X-Tenant"), framework.RequestID(ctx),
			}, nil
		})),
	)
	w := get(t, a, "/", "X-Tenant", "acme", "X-Request-ID", "req-1")
	wantStatus(t, w, http.StatusOK)
	want := []string{"req-1", "acme", "req-1", "acme", "req-1"}
	if diff := cmp.Diff(want, decodeJSON[[]string](t, w)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

type greeter interface{ Greet() string }

func TestAsProvidesAnInterface(t *testing.T) {
	t.Parallel()
	type in struct {
		G greeter `inject:""`
	}
	hello := func(_ context.Context, in in) (string, error) { return in.G.Greet(), nil }
	a := newApp(t,
		framework.Dependencies(framework.Provide(func() real { return real{} }, framework.As[greeter]())),
		framework.Mount(framework.Get("/", hello)),
	)
	if got := get(t, a, "/").Body.String(); got != `"real"` {
		t.Errorf("body = %s", got)
	}
	if got := a.Routes()[0].Dependencies[0].Type; got != "framework_test.greeter" {
		t.Errorf("dependency type = %q", got)
	}

	// Without As the concrete provider does not satisfy the interface, and
	// the error says how to fix it.
	msg := buildError(t,
		framework.Dependencies(framework.Provide(newReal)),
		framework.Mount(framework.Get("/", hello)),
	)
	wantContains(t, msg, "route GET /", "in.G needs framework_test.greeter",
		"framework.Provide(framework_test.newReal, framework.As[framework_test.greeter]())")
}

func newReal() real { return real{} }

type (
	cycA   struct{}
	cycB   struct{}
	single struct{}
	perReq struct{}
)

func TestProviderBuildErrors(t *testing.T) {
	t.Parallel()
	type needs[T any] struct {
		V T `inject:""`
	}
	perRequest := framework.WithScope(framework.PerRequest)
	route := func(path string, opts ...framework.RouteOption) framework.Route {
		return framework.Get(path, func(context.Context, needs[*counterSvc]) (string, error) { return "", nil }, opts...)
	}
	tests := []struct {
		name string
		opts []framework.Option
		want []string
	}{
		{
			name: "missing provider",
			opts: []framework.Option{framework.Mount(framework.Controller{Path: "/c", Routes: []framework.Route{route("/x")}})},
			want: []string{
				"route GET /c/x", "counterSvc].V needs *framework_test.counterSvc",
				`searched route GET /c/x, controller "/c", app`,
				"add framework.Provide(", "to the Dependencies of the layer",
			},
		},
		{
			name: "missing dependency of a provider",
			opts: []framework.Option{
				framework.Dependencies(framework.Provide(func(*cycA) *counterSvc { return nil }, perRequest)),
				framework.Mount(route("/x")),
			},
			want: []string{"route GET /x", "provider github.com/starling-http/starling/framework_test.TestProviderBuildErrors.func", "needs *framework_test.cycA", "searched route GET /x, app"},
		},
		{
			name: "per-request cycle",
			opts: []framework.Option{
				framework.Dependencies(
					framework.Provide(func(*cycA) *counterSvc { return nil }, perRequest),
					framework.Provide(func(*cycB) *cycA { return nil }, perRequest),
					framework.Provide(func(*cycA) *cycB { return nil }, perRequest),
				),
				framework.Mount(route("/x")),
			},
			want: []string{"route GET /x", "provider cycle: *framework_test.counterSvc (", ") -> *framework_test.cycA (", ") -> *framework_test.cycB (", "remove one of these dependencies"},
		},
		{
			name: "singleton cycle",
			opts: []framework.Option{
				framework.Dependencies(
					framework.Provide(func(*cycA) *counterSvc { return nil }),
					framework.Provide(func(*cycB) *cycA { return nil }),
					framework.Provide(func(*cycA) *cycB { return nil }),
				),
				framework.Mount(route("/x")),
			},
			want: []string{"route GET /x", "provider cycle: *framework_test.counterSvc (", ") -> *framework_test.cycA (", ") -> *framework_test.cycB (", "remove one of these dependencies"},
		},
		{
			name: "ambiguous: two providers of one type in one layer",
			opts: []framework.Option{framework.Mount(framework.Controller{
				Path: "/c",
				Dependencies: []framework.Provider{
					framework.Provide(func() *counterSvc { return nil }),
					framework.Value(&counterSvc{}),
				},
				Routes: []framework.Route{route("/x")},
			})},
			want: []string{`controller "/c"`, "two providers make *framework_test.counterSvc", "framework.Value[*framework_test.counterSvc]", "keep one", "framework.As"},
		},
		{
			name: "singleton needs a per-request value",
			opts: []framework.Option{
				framework.Dependencies(
					framework.Provide(func(*perReq) *counterSvc { return nil }),
					framework.Provide(func() *perReq { return nil }, perRequest),
				),
				framework.Mount(route("/x")),
			},
			want: []string{"route GET /x", "singleton provider", "(in app) needs *framework_test.perReq", "per-request",
				"make *framework_test.counterSvc per-request with framework.WithScope(framework.PerRequest), or make *framework_test.perReq a singleton"},
		},
		{
			name: "singleton needs the request",
			opts: []framework.Option{
				framework.Dependencies(framework.Provide(func(*http.Request) *counterSvc { return nil })),
				framework.Mount(route("/x")),
			},
			want: []string{"route GET /x", "needs *http.Request", "framework.WithScope(framework.PerRequest)"},
		},
		{
			name: "constructor is not a func",
			opts: []framework.Option{framework.Dependencies(framework.Provide(42)), framework.Mount(route("/x"))},
			want: []string{"app", "constructor must be a non-nil func, got int"},
		},
		{
			name: "constructor has a bad shape",
			opts: []framework.Option{framework.Dependencies(framework.Provide(func() (*counterSvc, int) { return nil, 0 })), framework.Mount(route("/x"))},
			want: []string{"app", "returns T, (T, error), (T, func(), error) or (T, func(error), error)"},
		},
		{
			name: "As of a type that is not an interface",
			opts: []framework.Option{framework.Dependencies(framework.Provide(newReal, framework.As[fake]())), framework.Mount(route("/x"))},
			want: []string{"As[framework_test.fake]", "is not an interface"},
		},
		{
			name: "As of an interface the type lacks",
			opts: []framework.Option{framework.Dependencies(framework.Provide(func() *counterSvc { return nil }, framework.As[greeter]())), framework.Mount(route("/x"))},
			want: []string{"As[framework_test.greeter]", "*framework_test.counterSvc does not implement framework_test.greeter"},
		},
		{
			name: "zero Provider",
			opts: []framework.Option{framework.Dependencies(framework.Provider{}), framework.Mount(route("/x"))},
			want: []string{"app", "zero Provider"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantContains(t, buildError(t, tt.opts...), tt.want...)
		})
	}
}

// A singleton that fails to resolve is reported as it is for every route
// that needs it, not as a cycle for the second one.
func TestSingletonErrorIsReportedForEveryRoute(t *testing.T) {
	t.Parallel()
	type in struct {
		S *single `inject:""`
	}
	h := func(context.Context, in) (string, error) { return "", nil }
	msg := buildError(t,
		framework.Dependencies(
			framework.Provide(func(*perReq) *single { return nil }),
			framework.Provide(func() *perReq { return nil }, framework.WithScope(framework.PerRequest)),
		),
		framework.Mount(framework.Get("/one", h), framework.Get("/two", h)),
	)
	if strings.Contains(msg, "cycle") {
		t.Errorf("error reports a cycle that does not exist:\n%s", msg)
	}
	wantContains(t, msg, "route GET /one", "route GET /two")
	if n := strings.Count(msg, "a singleton can only depend on singletons"); n != 2 {
		t.Errorf("want the error for both routes, got %d:\n%s", n, msg)
	}
}

func TestOverridesReplaceAtEveryLayer(t *testing.T) {
	t.Parallel()
	app := func(tb testing.TB, opts ...framework.Option) *framework.App {
		tb.Helper()
		return layered(tb,
			[]framework.Option{framework.Dependencies(framework.Value[layerName]("app"))},
			framework.Router{Dependencies: []framework.Provider{framework.Value[layerName]("router")}},
			framework.Controller{Dependencies: []framework.Provider{framework.Value[layerName]("controller")}},
			[]framework.RouteOption{framework.Dependencies(framework.Provide(func() layerName { return "route" }))},
			opts...,
		)
	}
	paths := []string{"/top", "/r/direct", "/r/c/inherit", "/r/c/own"}
	t.Run("Value override", func(t *testing.T) {
		t.Parallel()
		a := app(t, framework.WithOverrides(framework.Value[layerName]("fake")))
		for _, p := range paths {
			if got := decodeJSON[string](t, get(t, a, p)); got != "fake" {
				t.Errorf("%s injected %q, want the override", p, got)
			}
		}
	})
	t.Run("per-request override of singletons", func(t *testing.T) {
		t.Parallel()
		var n atomic.Int64
		a := app(t, framework.WithOverrides(framework.Provide(func(r *http.Request) layerName {
			n.Add(1)
			return layerName("from " + r.URL.Path)
		}, framework.WithScope(framework.PerRequest))))
		for _, p := range paths {
			if got := decodeJSON[string](t, get(t, a, p)); got != "from "+p {
				t.Errorf("%s injected %q", p, got)
			}
		}
		if n.Load() != int64(len(paths)) {
			t.Errorf("override built %d times for %d requests", n.Load(), len(paths))
		}
	})
	t.Run("one singleton override for every layer it replaces", func(t *testing.T) {
		t.Parallel()
		var n atomic.Int64
		a := app(t, framework.WithOverrides(framework.Provide(func() layerName {
			n.Add(1)
			return "fake"
		})))
		for _, p := range paths {
			get(t, a, p)
		}
		if n.Load() != 1 {
			t.Errorf("a singleton override was built %d times; tests share one fake across layers", n.Load())
		}
	})
	t.Run("interface override", func(t *testing.T) {
		t.Parallel()
		type in struct {
			G greeter `inject:""`
		}
		base := []framework.Option{
			framework.Mount(framework.Controller{
				Path:         "/c",
				Dependencies: []framework.Provider{framework.Provide(newReal, framework.As[greeter]())},
				Routes: []framework.Route{framework.Get("/", func(_ context.Context, in in) (string, error) {
					return in.G.Greet(), nil
				})},
			}),
		}
		a := newApp(t, append(base, framework.WithOverrides(framework.Value[greeter](fake{})))...)
		if got := get(t, a, "/c").Body.String(); got != `"fake"` {
			t.Errorf("body = %s, want the override", got)
		}
	})
	t.Run("override of a type no layer provides", func(t *testing.T) {
		t.Parallel()
		msg := buildError(t,
			framework.Mount(framework.Get("/", text("x"))),
			framework.WithOverrides(framework.Value(&counterSvc{})),
		)
		wantContains(t, msg, "framework.WithOverrides", "no layer provides *framework_test.counterSvc", "remove the override")
	})
	t.Run("override with a bad constructor", func(t *testing.T) {
		t.Parallel()
		msg := buildError(t,
			framework.Dependencies(framework.Value[layerName]("app")),
			framework.Mount(framework.Get("/", whoProvides)),
			framework.WithOverrides(framework.Provide(func(...int) layerName { return "" })),
		)
		wantContains(t, msg, "framework.WithOverrides", "variadic")
	})
}

func TestProvidersAreTheRequestsOwn(t *testing.T) {
	t.Parallel()
	// A per-request provider's context is the request's: cancelling the
	// request cancels it.
	type in struct {
		Ctx context.Context `inject:""`
	}
	a := newApp(t, framework.WithLogger(discardLogger()), framework.Mount(framework.Get("/", func(_ context.Context, in in) (string, error) {
		<-in.Ctx.Done()
		return "", framework.ServiceUnavailable("client went away")
	})))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil)
	w := httptest.NewRecorder()
	a.ServeHTTP(w, r)
	problem(t, w, http.StatusServiceUnavailable)
}
