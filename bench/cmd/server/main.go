// Command server serves one implementation of the benchmark's workloads on
// a loopback address, for wrk.sh:
//
//	server -fw=starling -addr=127.0.0.1:8089
//
// It stops on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/starling-http/starling/bench/impl"
)

func main() {
	names := make([]string, len(impl.All))
	for i, f := range impl.All {
		names[i] = f.Name
	}
	fw := flag.String("fw", "nethttp", "implementation: "+strings.Join(names, ", "))
	addr := flag.String("addr", "127.0.0.1:8089", "listen address (loopback only)")
	flag.Parse()

	f, err := impl.Lookup(*fw)
	if err != nil {
		log.Fatal(err)
	}
	h, err := f.New()
	if err != nil {
		log.Fatal(err)
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		log.Fatal(err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		log.Fatalf("-addr %s: only loopback addresses are allowed", *addr)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// Every implementation is served by the same plain http.Server.
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	fmt.Printf("serving %s on http://%s\n", f.Name, ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
