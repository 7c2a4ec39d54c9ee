package framework_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

type fakeDB struct{ down atomic.Bool }

func (db *fakeDB) Ping(context.Context) error {
	if db.down.Load() {
		return errors.New("connection refused")
	}
	return nil
}

type fakeQueue struct{}

func TestHealth(t *testing.T) {
	t.Parallel()
	db := &fakeDB{}
	a := newApp(t,
		framework.WithLogger(discardLogger()),
		framework.Dependencies(framework.Value(db), framework.Value(&fakeQueue{})),
		framework.WithHealth(framework.Health{
			Timeout: 20 * time.Millisecond,
			Checks: []framework.HealthCheck{
				framework.Check("db", func(ctx context.Context, db *fakeDB) error { return db.Ping(ctx) }),
				framework.Check("queue", func(context.Context, *fakeQueue) error { return nil }),
			},
		}),
		framework.Mount(framework.Get("/api", text("api"))),
	)

	w := get(t, a, "/health/live")
	wantStatus(t, w, http.StatusOK)
	if diff := cmp.Diff(framework.HealthStatus{Status: "ok"}, decodeJSON[framework.HealthStatus](t, w)); diff != "" {
		t.Errorf("live (-want +got):\n%s", diff)
	}

	w = get(t, a, "/health/ready")
	wantStatus(t, w, http.StatusOK)
	want := framework.HealthStatus{Status: "ok", Checks: map[string]string{"db": "ok", "queue": "ok"}}
	if diff := cmp.Diff(want, decodeJSON[framework.HealthStatus](t, w)); diff != "" {
		t.Errorf("ready (-want +got):\n%s", diff)
	}

	db.down.Store(true)
	p, all := problem(t, get(t, a, "/health/ready"), http.StatusServiceUnavailable)
	wantContains(t, p.Detail, "not ready", "db")
	if diff := cmp.Diff(map[string]any{"db": "failing", "queue": "ok"}, all["checks"]); diff != "" {
		t.Errorf("checks (-want +got):\n%s", diff)
	}
	// Liveness does not depend on the checks.
	wantStatus(t, get(t, a, "/health/live"), http.StatusOK)

	// Health routes are left out of the document unless asked.
	for _, ri := range a.Routes() {
		if want := ri.Path != "/api"; ri.Hidden != want {
			t.Errorf("%s %s: Hidden = %v, want %v", ri.Method, ri.Path, ri.Hidden, want)
		}
	}
}

func TestHealthCheckTimeout(t *testing.T) {
	t.Parallel()
	a := newApp(t,
		framework.WithLogger(discardLogger()),
		framework.Dependencies(framework.Value(&fakeQueue{})),
		framework.WithHealth(framework.Health{
			Path:    "/-/health",
			Timeout: 10 * time.Millisecond,
			Checks: []framework.HealthCheck{framework.Check("slow", func(ctx context.Context, _ *fakeQueue) error {
				<-ctx.Done()
				return ctx.Err()
			})},
		}),
	)
	start := time.Now()
	p, all := problem(t, get(t, a, "/-/health/ready"), http.StatusServiceUnavailable)
	if d := time.Since(start); d > time.Second {
		t.Errorf("readiness took %v; the timeout is 10ms", d)
	}
	wantContains(t, p.Detail, "slow")
	if diff := cmp.Diff(map[string]any{"slow": "failing"}, all["checks"]); diff != "" {
		t.Errorf("checks (-want +got):\n%s", diff)
	}
}

func TestHealthDocumentedWhenAsked(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.WithHealth(framework.Health{Document: true}))
	var paths []string
	for _, ri := range a.Routes() {
		paths = append(paths, ri.Path)
		if ri.Hidden {
			t.Errorf("%s is hidden with Document: true", ri.Path)
		}
	}
	if diff := cmp.Diff([]string{"/health/live", "/health/ready"}, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}

func TestHealthBuildErrors(t *testing.T) {
	t.Parallel()
	check := framework.Check("db", func(ctx context.Context, db *fakeDB) error { return nil })
	tests := []struct {
		name string
		opts []framework.Option
		want []string
	}{
		{"no provider", nil, []string{`health check "db" needs *framework_test.fakeDB`, "searched app", "framework.Provide"}},
		{"per-request provider", []framework.Option{framework.Dependencies(framework.Provide(func() *fakeDB { return nil }, framework.WithScope(framework.PerRequest)))},
			[]string{`health check "db" needs *framework_test.fakeDB`, "per-request", "checks take singletons"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := append(tt.opts, framework.WithHealth(framework.Health{Checks: []framework.HealthCheck{check}}))
			wantContains(t, buildError(t, opts...), tt.want...)
		})
	}
}
