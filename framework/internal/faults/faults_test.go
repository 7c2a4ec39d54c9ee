package faults_test

// Faults, end to end over real connections: providers that fail or panic,
// handlers that outlive their deadline, clients that walk away. Each test
// runs alone (no t.Parallel) so that goleak can tell its goroutines from
// the rest of the package's, and checks that none outlive it.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/internal/leaktest"
)

// faultLog is a JSON log kept for the assertions, safe across goroutines.
type faultLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *faultLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// records returns the records with message msg.
func (l *faultLog) records(t *testing.T, msg string) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for line := range strings.Lines(l.buf.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

func (l *faultLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func newFaultLog() (*slog.Logger, *faultLog) {
	l := &faultLog{}
	return slog.New(slog.NewJSONHandler(l, nil)), l
}

// faultServe serves a on a loopback server closed at cleanup, and returns a
// client whose idle connections are closed then too.
func faultServe(t *testing.T, h http.Handler) (*httptest.Server, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	c := srv.Client()
	t.Cleanup(func() {
		c.CloseIdleConnections()
		srv.Close()
	})
	return srv, c
}

// faultResult is one response, read whole.
type faultResult struct {
	status  int
	header  http.Header
	body    string
	problem framework.Problem
}

func faultGet(t *testing.T, c *http.Client, url string) faultResult {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the body: %v", url, err)
	}
	r := faultResult{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if resp.Header.Get("Content-Type") == framework.ProblemContentType {
		if err := json.Unmarshal(b, &r.problem); err != nil {
			t.Fatalf("GET %s: problem %s: %v", url, b, err)
		}
	}
	return r
}

// wantProblem fails t unless r is a problem document with status.
func (r faultResult) wantProblem(t *testing.T, status int) {
	t.Helper()
	if r.status != status || r.header.Get("Content-Type") != framework.ProblemContentType || r.problem.Status != status {
		t.Fatalf("got %d %s %s; want a %d problem", r.status, r.header.Get("Content-Type"), r.body, status)
	}
}

// faultDep is a per-request dependency whose cleanup the tests count.
type faultDep struct{ name string }

// faultCleanups counts the cleanups of faultDep values and keeps the errors
// they saw.
type faultCleanups struct {
	mu   sync.Mutex
	errs []error
	ran  chan struct{} // gets a value per cleanup
}

func newFaultCleanups() *faultCleanups { return &faultCleanups{ran: make(chan struct{}, 64)} }

func (c *faultCleanups) provider() framework.Provider {
	return framework.Provide(func() (*faultDep, func(error), error) {
		return &faultDep{name: "dep"}, func(err error) {
			c.mu.Lock()
			c.errs = append(c.errs, err)
			c.mu.Unlock()
			c.ran <- struct{}{}
		}, nil
	}, framework.WithScope(framework.PerRequest))
}

// take returns the errors the cleanups saw since the last call.
func (c *faultCleanups) take() []error {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.errs
	c.errs = nil
	for range len(out) {
		<-c.ran
	}
	return out
}

// wait waits for one more cleanup, for those that run after the response
// has gone (the client may see the end before the server does).
func (c *faultCleanups) wait(t *testing.T) {
	t.Helper()
	select {
	case <-c.ran:
		c.ran <- struct{}{} // take drains it with its error
	case <-time.After(10 * time.Second):
		t.Fatal("the per-request cleanup did not run")
	}
}

// faultBroken is built by a provider that fails as the request asks.
type faultBroken struct{}

func TestFaultProviderErrors(t *testing.T) {
	leaktest.Check(t)
	cleanups := newFaultCleanups()
	log, logs := newFaultLog()
	type in struct {
		Dep    *faultDep    `inject:""`
		Broken *faultBroken `inject:""`
	}
	a := newApp(t,
		framework.WithLogger(log),
		framework.Dependencies(
			cleanups.provider(),
			// Needs the counted dependency, so that is built first and its
			// cleanup must run although this one fails.
			framework.Provide(func(_ *faultDep, r *http.Request) (*faultBroken, error) {
				switch r.URL.Query().Get("fail") {
				case "unavailable":
					e := framework.ServiceUnavailable("the queue is draining")
					e.Header = http.Header{"Retry-After": {"7"}}
					// Wrapped on its way up, as real code does.
					return nil, fmt.Errorf("connecting to the queue: %w", e)
				case "plain":
					return nil, errors.New("dial tcp 10.0.0.7:5432: password=hunter2 rejected")
				}
				return &faultBroken{}, nil
			}, framework.WithScope(framework.PerRequest)),
		),
		framework.Mount(framework.Get("/", func(context.Context, in) (string, error) { return "ok", nil })),
	)
	srv, c := faultServe(t, a)

	t.Run("an *Error keeps its status, detail and headers through wrapping", func(t *testing.T) {
		r := faultGet(t, c, srv.URL+"/?fail=unavailable")
		r.wantProblem(t, http.StatusServiceUnavailable)
		if r.problem.Detail != "the queue is draining" || r.header.Get("Retry-After") != "7" {
			t.Errorf("problem = %+v, Retry-After = %q", r.problem, r.header.Get("Retry-After"))
		}
		errs := cleanups.take()
		if len(errs) != 1 || !strings.Contains(fmt.Sprint(errs[0]), "the queue is draining") {
			t.Errorf("cleanup of the dependency built first: saw %v; want it once, with the provider's error", errs)
		}
	})

	t.Run("a plain error is a 500 that shows nothing of it and is logged", func(t *testing.T) {
		r := faultGet(t, c, srv.URL+"/?fail=plain")
		r.wantProblem(t, http.StatusInternalServerError)
		for _, leak := range []string{"hunter2", "10.0.0.7", "dial", "provider"} {
			if strings.Contains(r.body, leak) {
				t.Errorf("the 500 leaks %q: %s", leak, r.body)
			}
		}
		var logged bool
		for _, rec := range logs.records(t, "request failed") {
			if rec["request_id"] == r.problem.RequestID && rec["level"] == "ERROR" && rec["status"] == float64(500) &&
				strings.Contains(fmt.Sprint(rec["error"]), "password=hunter2 rejected") {
				logged = true
			}
		}
		if r.problem.RequestID == "" || !logged {
			t.Errorf("no ERROR record with the cause and request id %q:\n%s", r.problem.RequestID, logs.String())
		}
		if errs := cleanups.take(); len(errs) != 1 || errs[0] == nil {
			t.Errorf("cleanup saw %v; want once, with the error", errs)
		}
	})

	t.Run("the next request is served", func(t *testing.T) {
		if r := faultGet(t, c, srv.URL+"/"); r.status != http.StatusOK {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		if errs := cleanups.take(); len(errs) != 1 || errs[0] != nil {
			t.Errorf("cleanup saw %v; want once, with no error", errs)
		}
	})
}

func TestFaultPanics(t *testing.T) {
	leaktest.Check(t)
	cleanups := newFaultCleanups()
	log, logs := newFaultLog()
	type panicky struct{}
	type viaProvider struct {
		Dep *faultDep `inject:""`
		P   *panicky  `inject:""`
	}
	type viaHandler struct {
		Dep *faultDep `inject:""`
	}
	a := newApp(t,
		framework.WithLogger(log),
		framework.Dependencies(
			cleanups.provider(),
			framework.Provide(func(*faultDep) *panicky {
				panic("provider gave up holding secret-token-1") // after *faultDep was built
			}, framework.WithScope(framework.PerRequest)),
		),
		framework.Mount(
			framework.Get("/provider", func(context.Context, viaProvider) (string, error) { return "unreachable", nil }),
			framework.Get("/handler", func(context.Context, viaHandler) (string, error) {
				panic("handler gave up holding secret-token-2")
			}),
			framework.Get("/ok", func(context.Context, viaHandler) (string, error) { return "ok", nil }),
		),
	)
	srv, c := faultServe(t, a)

	for _, tc := range []struct{ path, secret string }{
		{"/handler", "secret-token-2"},
		{"/provider", "secret-token-1"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := faultGet(t, c, srv.URL+tc.path)
			r.wantProblem(t, http.StatusInternalServerError)
			for _, leak := range []string{tc.secret, "panic", "goroutine", ".go:"} {
				if strings.Contains(r.body, leak) {
					t.Errorf("the 500 leaks %q: %s", leak, r.body)
				}
			}
			var logged bool
			for _, rec := range logs.records(t, "panic serving request") {
				logged = logged || rec["request_id"] == r.problem.RequestID && strings.Contains(fmt.Sprint(rec["panic"]), tc.secret)
			}
			if !logged {
				t.Errorf("no panic record with request id %q:\n%s", r.problem.RequestID, logs.String())
			}
			// The dependency built before the panic is released, told why.
			if errs := cleanups.take(); len(errs) != 1 || !strings.Contains(fmt.Sprint(errs[0]), "panic") {
				t.Errorf("cleanup of the dependency built before the panic: saw %v; want it once, with the panic", errs)
			}
			// The server keeps serving, on the same client.
			if r := faultGet(t, c, srv.URL+"/ok"); r.status != http.StatusOK {
				t.Fatalf("after the panic: got %d %s", r.status, r.body)
			}
			if errs := cleanups.take(); len(errs) != 1 || errs[0] != nil {
				t.Errorf("cleanup after /ok saw %v", errs)
			}
		})
	}
}

// TestFaultDeadlines: the framework has no request timeout of its own (no
// option bounds a handler's run). A handler is bounded by what wraps the
// app: http.TimeoutHandler cancels its context and answers 503, while the
// server's WriteTimeout neither cancels it nor lets any answer through.
func TestFaultDeadlines(t *testing.T) {
	leaktest.Check(t)
	cleanups := newFaultCleanups()
	type in struct {
		Dep *faultDep `inject:""`
	}
	handlerErr := make(chan error, 1)
	// slow waits for its context to end, or for d, whichever is first.
	slow := func(d time.Duration) func(context.Context, in) (string, error) {
		return func(ctx context.Context, _ in) (string, error) {
			select {
			case <-ctx.Done():
				handlerErr <- ctx.Err()
				return "", ctx.Err()
			case <-time.After(d):
				handlerErr <- nil
				return "done", nil
			}
		}
	}

	t.Run("http.TimeoutHandler: 503, context cancelled, cleanups run", func(t *testing.T) {
		a := newApp(t, framework.WithLogger(discardLogger()), framework.Dependencies(cleanups.provider()),
			framework.Mount(framework.Get("/slow", slow(time.Minute))))
		srv, c := faultServe(t, http.TimeoutHandler(a, 50*time.Millisecond, `{"title":"timeout"}`))
		r := faultGet(t, c, srv.URL+"/slow")
		if r.status != http.StatusServiceUnavailable {
			t.Fatalf("got %d %s; want 503", r.status, r.body)
		}
		// Gap: the answer is the TimeoutHandler's, not a problem document.
		t.Logf("TimeoutHandler's 503: Content-Type %q, body %q", r.header.Get("Content-Type"), r.body)
		if err := <-handlerErr; !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("the handler's context ended with %v; want context.DeadlineExceeded", err)
		}
		cleanups.wait(t)
		if errs := cleanups.take(); len(errs) != 1 || !errors.Is(errs[0], context.DeadlineExceeded) {
			t.Errorf("cleanup saw %v; want once, with context.DeadlineExceeded", errs)
		}
	})

	t.Run("WriteTimeout: no answer, and the handler is not cancelled", func(t *testing.T) {
		a := newApp(t, framework.WithLogger(discardLogger()), framework.Dependencies(cleanups.provider()),
			// The handler outlives the write deadline (set when the request
			// was read) by far, whatever the scheduling.
			framework.WithServerConfig(framework.ServerConfig{WriteTimeout: 50 * time.Millisecond}),
			framework.Mount(framework.Get("/slow", slow(time.Second))))
		ctx, stop := context.WithCancel(context.Background())
		ln := listen(t)
		done := serveInBackground(ctx, a, ln)
		c := &http.Client{Transport: &http.Transport{}}
		resp, err := c.Get("http://" + ln.Addr().String() + "/slow")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			t.Errorf("got %d %s; want the connection closed without an answer", resp.StatusCode, body)
		}
		if err := <-handlerErr; err != nil {
			t.Errorf("the handler's context ended (%v): WriteTimeout now cancels handlers; update this test and the report", err)
		}
		cleanups.wait(t)
		if errs := cleanups.take(); len(errs) != 1 || errs[0] != nil {
			t.Errorf("cleanup saw %v; want once, with no error", errs)
		}
		c.CloseIdleConnections()
		stop()
		if err := waitServe(t, done); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
}

// faultWriter records whether writing the response failed.
type faultWriter struct {
	http.ResponseWriter
	failed atomic.Bool
}

func (w *faultWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	if err != nil {
		w.failed.Store(true)
	}
	return n, err
}

func (w *faultWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func TestFaultClientDisconnects(t *testing.T) {
	leaktest.Check(t)
	cleanups := newFaultCleanups()
	log, logs := newFaultLog()
	type in struct {
		Dep *faultDep `inject:""`
	}
	entered := make(chan struct{}, 1)
	handlerErr := make(chan error, 1)
	big := strings.Repeat("x", 16<<20) // more than the socket buffers hold
	a := newApp(t, framework.WithLogger(log), framework.Dependencies(cleanups.provider()), framework.Mount(
		framework.Get("/wait", func(ctx context.Context, _ in) (string, error) {
			entered <- struct{}{}
			<-ctx.Done() // only the client's going away ends it
			handlerErr <- ctx.Err()
			return "", ctx.Err()
		}),
		framework.Get("/big", func(context.Context, in) (string, error) { return big, nil }),
		framework.Get("/ok", func(context.Context, in) (string, error) { return "ok", nil }),
	))
	var last *faultWriter
	served := make(chan struct{}, 1)
	srv, c := faultServe(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fw := &faultWriter{ResponseWriter: w}
		a.ServeHTTP(fw, r)
		last = fw // read after <-served
		served <- struct{}{}
	}))
	waitServed := func(t *testing.T) {
		t.Helper()
		select {
		case <-served:
		case <-time.After(10 * time.Second):
			t.Fatal("the server is still serving the abandoned request")
		}
	}

	t.Run("while the handler works", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/wait", nil)
		got := make(chan error, 1)
		go func() {
			resp, err := c.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			got <- err
		}()
		<-entered
		cancel()
		if err := <-got; !errors.Is(err, context.Canceled) {
			t.Errorf("client: %v; want context.Canceled", err)
		}
		if err := <-handlerErr; !errors.Is(err, context.Canceled) {
			t.Errorf("the handler's context ended with %v; want context.Canceled", err)
		}
		waitServed(t)
		if errs := cleanups.take(); len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
			t.Errorf("cleanup saw %v; want once, with context.Canceled", errs)
		}
		// What the log says of it: an ERROR "request failed" 500, for a
		// response nobody reads (see the report).
		for _, rec := range logs.records(t, "request failed") {
			t.Logf("logged: level=%v status=%v error=%v", rec["level"], rec["status"], rec["error"])
		}
	})

	t.Run("half way through the body", func(t *testing.T) {
		resp, err := c.Get(srv.URL + "/big")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(resp.Body, make([]byte, 4096)); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close() // unread: the transport drops the connection
		waitServed(t)
		if !last.failed.Load() {
			t.Error("writing the body did not fail; the test did not disconnect mid-response")
		}
		if errs := cleanups.take(); len(errs) != 1 || errs[0] != nil {
			t.Errorf("cleanup saw %v; want once, with no error", errs)
		}
	})

	t.Run("the server keeps serving", func(t *testing.T) {
		if r := faultGet(t, c, srv.URL+"/ok"); r.status != http.StatusOK {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		waitServed(t)
		if errs := cleanups.take(); len(errs) != 1 {
			t.Errorf("cleanup saw %v", errs)
		}
	})
}
