package framework_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

// listen opens a listener on a free local port.
func listen(tb testing.TB) net.Listener {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	return ln
}

// serveInBackground runs a.Serve and returns a channel with its result.
func serveInBackground(ctx context.Context, a *framework.App, ln net.Listener) <-chan error {
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	return done
}

// waitServe waits for Serve to return.
func waitServe(tb testing.TB, done <-chan error) error {
	tb.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		tb.Fatal("Serve did not return")
		return nil
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	entered := make(chan struct{})
	release := make(chan struct{})
	type res struct{ ctx context.Context }
	log, _ := testLogger()
	a := newApp(t,
		framework.WithLogger(log),
		framework.Dependencies(framework.Provide(func(ctx context.Context) (*res, func(), error) {
			return &res{ctx}, func() { rec.add("singleton cleanup") }, nil
		})),
		framework.OnShutdown(func(context.Context) error { rec.add("shutdown hook"); return nil }),
		framework.Mount(
			framework.Get("/slow", func(ctx context.Context, in struct {
				R *res `inject:""`
			}) (string, error) {
				close(entered)
				<-release
				rec.add("request finished")
				if err := ctx.Err(); err != nil {
					return "", err // shutdown must not cancel in-flight requests
				}
				if err := in.R.ctx.Err(); err != nil {
					return "", err // nor the singletons they use, which live until Shutdown
				}
				return "done", nil
			}),
		),
	)
	ln := listen(t)
	addr := ln.Addr().String()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := serveInBackground(ctx, a, ln)

	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- result{resp.StatusCode, string(b), err}
	}()
	<-entered
	cancel()

	// The server stops accepting connections while the request is in flight.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err != nil {
			break
		}
		_ = c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener still accepts connections after cancel")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("Serve returned %v before the in-flight request finished", err)
	default:
	}
	if n := len(rec.get()); n != 0 {
		t.Fatalf("shutdown ran %v before the in-flight request finished", rec.get())
	}

	close(release)
	r := <-got
	if r.err != nil || r.status != http.StatusOK || r.body != `"done"` {
		t.Errorf("in-flight request: %d %q %v; want 200 \"done\"", r.status, r.body, r.err)
	}
	if err := waitServe(t, done); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	want := []string{"request finished", "shutdown hook", "singleton cleanup"}
	if diff := cmp.Diff(want, rec.get()); diff != "" {
		t.Errorf("shutdown order (-want +got):\n%s", diff)
	}
}

func TestServeAppliesServerTimeouts(t *testing.T) {
	t.Parallel()
	a := newApp(t,
		framework.WithLogger(discardLogger()),
		framework.WithServerConfig(framework.ServerConfig{ReadHeaderTimeout: 30 * time.Millisecond}),
		framework.Mount(framework.Get("/", text("x"))),
	)
	ln := listen(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := serveInBackground(ctx, a, ln)
	defer func() { cancel(); _ = waitServe(t, done) }()

	// A client that never finishes its headers is cut off after
	// ReadHeaderTimeout, not left holding the connection.
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept a slow client's connection open for %v", time.Since(start))
	}
}

func TestDefaultServerConfig(t *testing.T) {
	t.Parallel()
	want := framework.ServerConfig{
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ShutdownTimeout:   25 * time.Second,
	}
	if diff := cmp.Diff(want, framework.DefaultServerConfig()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestServeReturnsStartErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("no database")
	a := newApp(t, framework.WithLogger(discardLogger()), framework.OnStartup(func(context.Context) error { return boom }))
	ln := listen(t)
	if err := a.Serve(t.Context(), ln); !errors.Is(err, boom) {
		t.Fatalf("Serve = %v, want %v", err, boom)
	}
	if _, err := ln.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("the listener is still open after a failed start: %v", err)
	}
}

func TestListenAndServeStopsOnCancel(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.WithLogger(discardLogger()), framework.Mount(framework.Get("/", text("x"))))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := a.ListenAndServe(ctx, "127.0.0.1:0"); err != nil {
		t.Errorf("ListenAndServe = %v, want nil", err)
	}
	if err := a.ListenAndServe(t.Context(), "127.0.0.1:-1"); err == nil {
		t.Error("ListenAndServe on a bad address succeeded")
	}
}

// Not parallel: SIGTERM goes to the whole test process, so no other Serve
// may be running. Go runs every sequential top-level test before the
// parallel ones.
func TestSignalContextStopsServeOnSIGTERM(t *testing.T) {
	a := newApp(t, framework.WithLogger(discardLogger()), framework.Mount(framework.Get("/", text("x"))))
	ln := listen(t)
	ctx, stop := framework.SignalContext(context.Background())
	defer stop()
	done := serveInBackground(ctx, a, ln)
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := waitServe(t, done); err != nil {
		t.Errorf("Serve = %v, want nil after SIGTERM", err)
	}
}
