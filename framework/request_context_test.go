package framework_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/starling-http/starling/framework"
)

// The request's state is its context: one value that embeds the incoming
// context. A route with nothing but a handler to see the request (no
// middleware, guards or providers of the request or its context) is run
// without giving the request that context (route.direct) and hands its
// handler the state as ctx; every other route gets r.WithContext(state).
// These tests hold both paths to the same behaviour.

type parentKey struct{}

type ctxSeen struct {
	mu     sync.Mutex
	byName map[string]string
}

func (s *ctxSeen) set(name, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byName[name] = v
}

func (s *ctxSeen) get(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byName[name]
}

// describe says what a ctx carries: its request id and the parent's value.
func rcDescribe(ctx context.Context) string {
	return fmt.Sprintf("id=%s parent=%v", framework.RequestID(ctx), ctx.Value(parentKey{}))
}

type ctxDep struct{ ctx string }

func TestRequestContextOnEveryPath(t *testing.T) {
	t.Parallel()
	pr := framework.WithScope(framework.PerRequest)
	type plainIn struct {
		Fail string `query:"fail"`
	}
	type ctxIn struct {
		Fail string  `query:"fail"`
		Dep  *ctxDep `inject:""`
	}
	type ctxFieldIn struct {
		Fail string          `query:"fail"`
		Ctx  context.Context `inject:""`
		Req  *http.Request   `inject:""`
	}
	for _, tc := range []struct {
		name       string
		opts       []framework.Option
		routeOpts  []framework.RouteOption
		in         string // which input: plain, provider, fields
		wantDirect bool
	}{
		{name: "handler only", in: "plain", wantDirect: true},
		{name: "app middleware", in: "plain", opts: []framework.Option{framework.Use(rcPassThrough)}},
		{name: "route middleware", in: "plain", routeOpts: []framework.RouteOption{framework.Use(rcPassThrough)}},
		{name: "middleware rcDeriving a context", in: "plain", routeOpts: []framework.RouteOption{framework.Use(rcDeriving)}},
		{name: "guard", in: "plain", routeOpts: []framework.RouteOption{framework.Guards(framework.GuardFunc(
			func(r *http.Request, _ *framework.RouteInfo) error {
				if framework.RequestID(r.Context()) == "" {
					return errors.New("the guard's request has no id")
				}
				return nil
			}))}},
		{name: "provider of the request", in: "provider"},
		{name: "context and request fields", in: "fields"},
		{name: "access log", in: "plain", opts: []framework.Option{framework.WithAccessLog()}, wantDirect: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			seen := &ctxSeen{byName: map[string]string{}}
			answer := func(ctx context.Context, fail string) (framework.Text, error) {
				seen.set("handler", rcDescribe(ctx))
				switch fail {
				case "error":
					return "", errKettle
				case "panic":
					panic("handler exploded")
				}
				return "ok", nil
			}
			var route framework.Route
			switch tc.in {
			case "plain":
				route = framework.Get("/x", func(ctx context.Context, in plainIn) (framework.Text, error) {
					return answer(ctx, in.Fail)
				}, tc.routeOpts...)
			case "provider":
				route = framework.Get("/x", func(ctx context.Context, in ctxIn) (framework.Text, error) {
					seen.set("provider", in.Dep.ctx)
					return answer(ctx, in.Fail)
				}, tc.routeOpts...)
			case "fields":
				route = framework.Get("/x", func(ctx context.Context, in ctxFieldIn) (framework.Text, error) {
					seen.set("fields", rcDescribe(in.Ctx)+" "+rcDescribe(in.Req.Context()))
					return answer(ctx, in.Fail)
				}, tc.routeOpts...)
			}
			opts := append([]framework.Option{
				framework.WithLogger(discardLogger()),
				framework.Dependencies(framework.Provide(func(r *http.Request) *ctxDep {
					return &ctxDep{rcDescribe(r.Context())}
				}, pr)),
				framework.ExceptionHandlers(framework.OnError(func(r *http.Request, err rcKettleError) error {
					seen.set("exception handler", rcDescribe(r.Context()))
					return framework.NewError(http.StatusTeapot, "teapot")
				})),
				framework.Mount(route),
			}, tc.opts...)
			a := newApp(t, opts...)
			if _, direct, _ := framework.RoutePaths(a, http.MethodGet, "/x"); direct != tc.wantDirect {
				t.Errorf("direct = %v, want %v", direct, tc.wantDirect)
			}

			do := func(target string) (*httptest.ResponseRecorder, string) {
				t.Helper()
				ctx := context.WithValue(context.Background(), parentKey{}, "p")
				r := httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil)
				w := httptest.NewRecorder()
				a.ServeHTTP(w, r)
				id := w.Header().Get("X-Request-Id")
				if id == "" {
					t.Fatalf("%s: no X-Request-Id", target)
				}
				return w, fmt.Sprintf("id=%s parent=p", id)
			}

			w, want := do("/x")
			wantStatus(t, w, http.StatusOK)
			wantSeen := map[string]string{"handler": want}
			switch tc.in {
			case "provider":
				wantSeen["provider"] = want
			case "fields":
				wantSeen["fields"] = want + " " + want // the context field, the request's context
			}
			for who, want := range wantSeen {
				if got := seen.get(who); got != want {
					t.Errorf("%s saw %q, want %q", who, got, want)
				}
			}

			w, want = do("/x?fail=error")
			if p, _ := problem(t, w, http.StatusTeapot); "id="+p.RequestID+" parent=p" != want {
				t.Errorf("problem request id %q, want the header's (%s)", p.RequestID, want)
			}
			if got := seen.get("exception handler"); got != want {
				t.Errorf("the exception handler saw %q, want %q", got, want)
			}

			w, want = do("/x?fail=panic")
			if p, _ := problem(t, w, http.StatusInternalServerError); "id="+p.RequestID+" parent=p" != want {
				t.Errorf("panic: problem request id %q, want the header's (%s)", p.RequestID, want)
			}

			for _, target := range []string{"/nowhere", "/x?fail=bad%zz"} {
				w, want = do(target)
				if w.Code < 400 {
					t.Fatalf("%s: %d", target, w.Code)
				}
				if p, _ := problem(t, w, w.Code); "id="+p.RequestID+" parent=p" != want {
					t.Errorf("%s: problem request id %q, want the header's (%s)", target, p.RequestID, want)
				}
			}
			resp := serve(t, a, http.MethodPost, "/x", nil)
			if p, _ := problem(t, resp, http.StatusMethodNotAllowed); p.RequestID != resp.Header().Get("X-Request-Id") {
				t.Errorf("405: problem request id %q, header %q", p.RequestID, resp.Header().Get("X-Request-Id"))
			}
		})
	}
}

type rcKettleError struct{}

func (rcKettleError) Error() string { return "teapot" }

var errKettle error = rcKettleError{}

func rcPassThrough(next http.Handler) http.Handler { return next }

func rcDeriving(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		type own struct{}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), own{}, 1)))
	})
}

// A handler may keep its ctx after the response (a goroutine, a log
// record): it still answers its request's id and values and is cancelled
// with the request, and no later request changes it.
func TestHandlerContextOutlivesTheResponse(t *testing.T) {
	t.Parallel()
	type kept struct {
		ctx context.Context
		id  string
	}
	keptCh := make(chan kept, 16)
	a := newApp(t, framework.Mount(framework.Get("/", func(ctx context.Context, _ struct{}) (framework.Text, error) {
		keptCh <- kept{ctx, framework.RequestID(ctx)}
		return "ok", nil
	})))
	var cancels []context.CancelFunc
	for range 8 {
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), parentKey{}, "p"))
		cancels = append(cancels, cancel)
		w := httptest.NewRecorder()
		a.ServeHTTP(w, httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil))
		wantStatus(t, w, http.StatusOK)
	}
	close(keptCh)
	var wg sync.WaitGroup
	i := 0
	for k := range keptCh {
		cancel := cancels[i]
		i++
		wg.Go(func() {
			derived, stop := context.WithCancel(k.ctx)
			defer stop()
			fired := make(chan struct{})
			context.AfterFunc(k.ctx, func() { close(fired) })
			if got := framework.RequestID(k.ctx); got != k.id || got == "" {
				t.Errorf("RequestID after the response = %q, want %q", got, k.id)
			}
			if k.ctx.Value(parentKey{}) != "p" || k.ctx.Err() != nil {
				t.Errorf("kept ctx: value %v, err %v", k.ctx.Value(parentKey{}), k.ctx.Err())
			}
			cancel() // the request's own context ends
			for _, c := range []context.Context{k.ctx, derived} {
				select {
				case <-c.Done():
				case <-time.After(5 * time.Second):
					t.Error("a ctx was not cancelled with its request")
				}
			}
			select {
			case <-fired:
			case <-time.After(5 * time.Second):
				t.Error("AfterFunc did not run")
			}
			if !errors.Is(k.ctx.Err(), context.Canceled) {
				t.Errorf("Err = %v", k.ctx.Err())
			}
		})
	}
	wg.Wait()
}
