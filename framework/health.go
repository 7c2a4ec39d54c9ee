package framework

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"sync"
	"time"
)

// Health configures the liveness and readiness routes.
type Health struct {
	// Path prefixes the two routes: Path+"/live" and Path+"/ready"
	// ("/health" by default).
	Path string
	// Checks run on every readiness request, concurrently; any failure
	// makes the answer a 503 that names the failing checks.
	Checks []HealthCheck
	// Timeout bounds each check (2s by default).
	Timeout time.Duration
	// Document lists the health routes in the API document (left out by default).
	Document bool
}

// HealthCheck is one readiness check. Make one with Check.
type HealthCheck struct {
	name string
	typ  reflect.Type
	run  func(ctx context.Context, v reflect.Value) error
	idx  int
}

// Check makes a readiness check that receives the app's singleton of type T
// (a database handle, say), resolved from the app-level providers when the
// app is built.
func Check[T any](name string, fn func(ctx context.Context, v T) error) HealthCheck {
	return HealthCheck{
		name: name,
		typ:  reflect.TypeFor[T](),
		run: func(ctx context.Context, v reflect.Value) error {
			return fn(ctx, v.Interface().(T))
		},
	}
}

// WithHealth adds liveness and readiness routes.
func WithHealth(h Health) Option {
	return appOption(func(c *appConfig) {
		if h.Path == "" {
			h.Path = "/health"
		}
		if h.Timeout <= 0 {
			h.Timeout = 2 * time.Second
		}
		c.health = &healthRoutes{cfg: h, checks: append([]HealthCheck(nil), h.Checks...)}
	})
}

// HealthStatus is the body of a health answer.
type HealthStatus struct {
	Status string            `json:"status,omitempty" validate:"enum=ok|unavailable"`
	Checks map[string]string `json:"checks,omitempty"`
}

type healthRoutes struct {
	cfg    Health
	checks []HealthCheck
	app    *App
}

func (h *healthRoutes) checksOrNil() []*HealthCheck {
	if h == nil {
		return nil
	}
	out := make([]*HealthCheck, len(h.checks))
	for i := range h.checks {
		out[i] = &h.checks[i]
	}
	return out
}

func (c *HealthCheck) compile(b *builder, app *scope) {
	def, home := app.lookup(c.typ)
	if def == nil {
		b.errs = append(b.errs, missingProvider(fmt.Sprintf("health check %q", c.name), c.typ, app))
		return
	}
	if def.scope != Singleton {
		b.fail("health check %q needs %s, whose provider %s is per-request; checks take singletons", c.name, c.typ, def.name)
		return
	}
	i, err := b.app.singletons.add(b, def, home, nil)
	if err != nil {
		b.errs = append(b.errs, err)
	}
	c.idx = i
}

func (h *healthRoutes) layer() *layer {
	var opts []RouteOption
	if !h.cfg.Document {
		opts = append(opts, Hidden())
	}
	ready := append(opts, Summary("Readiness"), Raises(http.StatusServiceUnavailable), OperationID("healthReady"),
		Description("Runs the readiness checks; a 503 names the ones that fail."))
	live := append(slices.Clone(opts), Summary("Liveness"), OperationID("healthLive"),
		Description("Answers while the process serves requests."))
	c := Controller{
		Path: h.cfg.Path,
		Tags: []string{"health"},
		Routes: []Route{
			Get("/live", func(context.Context, struct{}) (HealthStatus, error) {
				return HealthStatus{Status: "ok"}, nil
			}, live...),
			Get("/ready", h.ready, ready...),
		},
	}
	return c.layerOf()
}

// ready runs every check concurrently, each bounded by the timeout.
func (h *healthRoutes) ready(ctx context.Context, _ struct{}) (HealthStatus, error) {
	st, _ := ctx.Value(stateKey{}).(*requestState)
	res := HealthStatus{Status: "ok", Checks: map[string]string{}}
	if len(h.checks) == 0 || st == nil {
		return res, nil
	}
	singles := st.app.singletons
	var mu sync.Mutex
	var wg sync.WaitGroup
	failed := false
	for i := range h.checks {
		c := &h.checks[i]
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, h.cfg.Timeout)
			defer cancel()
			err := c.run(cctx, singles.values[c.idx])
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed = true
				// The cause goes to the log, not to a public endpoint: it may
				// name hosts or credentials.
				st.app.cfg.logger.LogAttrs(ctx, slog.LevelWarn, "readiness check failing",
					slog.String("check", c.name), slog.String("error", err.Error()),
					slog.String("request_id", st.requestID))
				res.Checks[c.name] = "failing"
				return
			}
			res.Checks[c.name] = "ok"
		})
	}
	wg.Wait()
	if failed {
		names := make([]string, 0, len(res.Checks))
		for n, v := range res.Checks {
			if v != "ok" {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		return HealthStatus{}, ServiceUnavailable(fmt.Sprintf("not ready: %v", names)).With("checks", res.Checks)
	}
	return res, nil
}
