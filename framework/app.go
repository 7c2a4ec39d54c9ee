package framework

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/starling-http/starling/framework/internal/router"
)

// App is a built application: an http.Handler whose routes, providers,
// type plans and document were all checked when it was built.
type App struct {
	opts   []Option
	cfg    appConfig
	routes []*route
	tree   *router.Tree[*route]
	// handler is the dispatcher wrapped in the app-level middleware.
	handler   http.Handler
	maxParams int

	singletons *singletons
	startOnce  sync.Once
	startErr   error
	started    atomic.Bool
	stopOnce   sync.Once
	stopped    atomic.Bool

	ids  requestIDs
	bufs bufferPool
	doc  openAPIDoc // the document, built by New (openapi.go)
}

// appConfig holds what the app options set.
type appConfig struct {
	root       *layer
	logger     *slog.Logger
	overrides  []Provider
	onStartup  []func(context.Context) error
	onShutdown []func(context.Context) error
	accessLog  bool
	// requestIDHeader says which answers carry X-Request-ID.
	requestIDHeader RequestIDHeader
	health          *healthRoutes
	server          ServerConfig
	openapi         openAPIConfig // the document and docs options (openapi.go, docs.go)
}

// Mount adds routes, controllers and routers to the app.
func Mount(routes ...Routable) Option {
	return appOption(func(c *appConfig) {
		for _, r := range routes {
			if r != nil {
				c.root.children = append(c.root.children, r.layerOf())
			}
		}
	})
}

// WithLogger sets the logger for the access log, panics and lifecycle
// events (slog.Default() otherwise).
func WithLogger(l *slog.Logger) Option {
	return appOption(func(c *appConfig) { c.logger = l })
}

// WithAccessLog logs one structured line per request: method, route
// pattern, status, duration, bytes and request id. It never logs
// Authorization or Cookie values.
func WithAccessLog() Option {
	return appOption(func(c *appConfig) { c.accessLog = true })
}

// WithOverrides replaces providers by type wherever they are registered
// (app, router, controller or route), without touching the app's code.
// Tests use it to swap real services for fakes. Overriding a type that no
// layer provides is a build error: it is almost always a mistake.
func WithOverrides(providers ...Provider) Option {
	return appOption(func(c *appConfig) { c.overrides = append(c.overrides, providers...) })
}

// OnStartup runs fn when the app starts, after singletons are built, in
// registration order. An error stops the start.
func OnStartup(fn func(context.Context) error) Option {
	return appOption(func(c *appConfig) { c.onStartup = append(c.onStartup, fn) })
}

// OnShutdown runs fn when the app shuts down, before singleton cleanups,
// in reverse registration order.
func OnShutdown(fn func(context.Context) error) Option {
	return appOption(func(c *appConfig) { c.onShutdown = append(c.onShutdown, fn) })
}

// New builds an app. Every wiring mistake (a missing provider, a cycle, a
// route collision, a bad parameter tag, an unsupported type …) is reported
// here, naming the route, the type and the layer, all at once.
func New(opts ...Option) (*App, error) {
	a := &App{opts: opts}
	a.ids.prefix = newIDPrefix()
	a.cfg = appConfig{root: &layer{kind: "app"}, server: defaultServerConfig()}
	for _, o := range opts {
		if o != nil {
			o.applyApp(&a.cfg)
		}
	}
	if a.cfg.logger == nil {
		a.cfg.logger = slog.Default()
	}
	if err := a.build(); err != nil {
		return nil, err
	}
	return a, nil
}

// Must returns a, or panics with err. It suits package-level wiring in main.
func Must(a *App, err error) *App {
	if err != nil {
		panic(err)
	}
	return a
}

// With builds a new app from the same options plus opts, for instance
// WithOverrides in a test. The receiver is not changed.
func (a *App) With(opts ...Option) (*App, error) {
	all := make([]Option, 0, len(a.opts)+len(opts))
	all = append(all, a.opts...)
	all = append(all, opts...)
	return New(all...)
}

// Logger returns the app's logger.
func (a *App) Logger() *slog.Logger { return a.cfg.logger }

// Start builds the singletons and runs the start-up hooks. ServeHTTP starts
// the app on first use if Start was not called, but calling it first
// surfaces provider errors before any request.
func (a *App) Start(ctx context.Context) error {
	a.startOnce.Do(func() {
		a.startErr = a.start(ctx)
		// Only a successful start lets ServeHTTP skip Start: after a failed
		// one every request must keep answering 503, not run without its
		// singletons or hooks.
		a.started.Store(a.startErr == nil)
	})
	return a.startErr
}

func (a *App) start(ctx context.Context) error {
	// Singletons live until Shutdown, not until ctx is cancelled: Serve's
	// ctx ends when a shutdown begins, while in-flight requests still use
	// them. They keep ctx's values.
	if err := a.singletons.build(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	for _, fn := range a.cfg.onStartup {
		if err := fn(ctx); err != nil {
			// The app will not serve, and Serve does not call Shutdown
			// after a failed start: release what was built now.
			a.singletons.close()
			return err
		}
	}
	a.cfg.logger.LogAttrs(ctx, slog.LevelDebug, "app started", slog.Int("routes", len(a.routes)))
	return nil
}

// Shutdown runs the shutdown hooks in reverse order, then the singletons'
// cleanups in reverse order of construction. It runs once; later calls
// return nil.
func (a *App) Shutdown(ctx context.Context) error {
	var errs []error
	a.stopOnce.Do(func() {
		a.stopped.Store(true)
		for i := len(a.cfg.onShutdown) - 1; i >= 0; i-- {
			if err := a.cfg.onShutdown[i](ctx); err != nil {
				errs = append(errs, err)
			}
		}
		a.singletons.close()
	})
	return errors.Join(errs...)
}
