package framework

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// ServerConfig holds the HTTP server's limits. Zero fields take the defaults
// from DefaultServerConfig.
type ServerConfig struct {
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// after a shutdown begins.
	ShutdownTimeout time.Duration
}

// DefaultServerConfig returns the defaults: 5s to read headers, 30s to read
// a request, 30s to write a response, 2m idle, 1 MiB of headers and 25s for
// in-flight requests at shutdown.
func DefaultServerConfig() ServerConfig { return defaultServerConfig() }

func defaultServerConfig() ServerConfig {
	return ServerConfig{
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ShutdownTimeout:   25 * time.Second,
	}
}

// WithServerConfig overrides the HTTP server limits used by Serve; zero
// fields keep their defaults. (WithServers, by contrast, lists the servers
// the document advertises.)
func WithServerConfig(c ServerConfig) Option {
	return appOption(func(a *appConfig) {
		d := &a.server
		set := func(dst *time.Duration, v time.Duration) {
			if v > 0 {
				*dst = v
			}
		}
		set(&d.ReadHeaderTimeout, c.ReadHeaderTimeout)
		set(&d.ReadTimeout, c.ReadTimeout)
		set(&d.WriteTimeout, c.WriteTimeout)
		set(&d.IdleTimeout, c.IdleTimeout)
		set(&d.ShutdownTimeout, c.ShutdownTimeout)
		if c.MaxHeaderBytes > 0 {
			d.MaxHeaderBytes = c.MaxHeaderBytes
		}
	})
}

// ListenAndServe listens on addr and calls Serve.
func (a *App) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}

// Serve starts the app and serves it on ln until ctx is done. Then it stops
// accepting connections, lets in-flight requests finish (up to
// ShutdownTimeout) and shuts the app down. Signals are main's business:
// pass a ctx from SignalContext to stop on SIGTERM or an interrupt.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	if err := a.Start(ctx); err != nil {
		_ = ln.Close()
		return err
	}
	c := a.cfg.server
	srv := &http.Server{
		Handler:           a,
		ReadHeaderTimeout: c.ReadHeaderTimeout,
		ReadTimeout:       c.ReadTimeout,
		WriteTimeout:      c.WriteTimeout,
		IdleTimeout:       c.IdleTimeout,
		MaxHeaderBytes:    c.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(a.cfg.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	a.cfg.logger.LogAttrs(ctx, slog.LevelInfo, "serving", slog.String("addr", ln.Addr().String()))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
		a.cfg.logger.LogAttrs(context.Background(), slog.LevelInfo, "shutting down", slog.Duration("grace", c.ShutdownTimeout))
		sctx, cancel := context.WithTimeout(context.Background(), c.ShutdownTimeout)
		defer cancel()
		err = srv.Shutdown(sctx)
		<-served
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	sctx, cancel := context.WithTimeout(context.Background(), c.ShutdownTimeout)
	defer cancel()
	return errors.Join(err, a.Shutdown(sctx))
}

// SignalContext returns a copy of ctx that is done when the process gets
// SIGTERM (what orchestrators send before killing) or an interrupt (Ctrl-C),
// for main to pass to Serve or ListenAndServe. Call stop to release the
// signals once serving is over, so a second Ctrl-C kills the process.
func SignalContext(ctx context.Context) (_ context.Context, stop context.CancelFunc) {
	return signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
}
