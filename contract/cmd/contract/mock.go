package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/starling-http/starling/contract"
)

// runMock serves a mock of a document until interrupted.
func runMock(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("mock", stderr)
	spec := fs.String("spec", "", "the OpenAPI document: `FILE_OR_URL`")
	addr := fs.String("addr", "127.0.0.1:4010", "listen on `HOST:PORT`")
	seed := fs.Uint64("seed", 1, "the seed of generated answers")
	stateful := fs.Bool("stateful", false, "remember what POST creates; GET, PATCH, PUT and DELETE act on it")
	status := fs.String("status", "", "answer this documented `STATUS` wherever an operation has it")
	latency := fs.Duration("latency", 0, "delay every answer by `DURATION`")
	failShare := fs.Float64("fail-share", 0, "answer this `SHARE` (0..1) of requests with 503 and Retry-After")
	retryAfter := fs.Duration("retry-after", time.Second, "the Retry-After of injected 503s")
	dropShare := fs.Float64("drop-share", 0, "close the connection of this `SHARE` (0..1) of requests")
	record := fs.String("record", "", "write the interactions served to `FILE` on exit")
	pos, err := parse(fs, args)
	if err != nil {
		return usageErr(stderr, err)
	}
	if len(pos) > 0 || *spec == "" {
		return usageErr(stderr, fmt.Errorf("mock wants --spec"))
	}
	doc, err := contract.Load(*spec)
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	opts := []contract.MockOption{contract.WithSeed(*seed), contract.WithStatus(*status)}
	if *stateful {
		opts = append(opts, contract.Stateful())
	}
	if *latency > 0 {
		opts = append(opts, contract.WithLatency(*latency))
	}
	if *failShare > 0 {
		opts = append(opts, contract.WithFailures(*failShare, *retryAfter))
	}
	if *dropShare > 0 {
		opts = append(opts, contract.WithDroppedConnections(*dropShare))
	}
	rec := contract.NewRecorder()
	if *record != "" {
		opts = append(opts, contract.Record(rec))
	}
	h, err := contract.NewMock(doc, opts...)
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	fmt.Fprintf(stdout, "contract mock of %s on http://%s\n", *spec, ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	if *record != "" {
		if err := rec.WriteFile(*record); err != nil {
			fmt.Fprintf(stderr, "contract: %v\n", err)
			return exitUsage
		}
	}
	return exitOK
}
