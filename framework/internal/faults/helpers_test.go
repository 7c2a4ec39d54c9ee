package faults_test

import (
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/starling-http/starling/framework"
)

// newApp builds an app or fails the test.
func newApp(tb testing.TB, opts ...framework.Option) *framework.App {
	tb.Helper()
	a, err := framework.New(opts...)
	if err != nil {
		tb.Fatalf("framework.New: %v", err)
	}
	return a
}

// discardLogger drops every record.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

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
