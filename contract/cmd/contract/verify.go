package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/starling-http/starling/contract"
)

// runVerify replays recorded interactions against a provider.
func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify", stderr)
	file := fs.String("interactions", "", "the interactions a consumer recorded: `FILE`")
	base := fs.String("url", "", "the provider's base `URL`, such as http://127.0.0.1:8000")
	timeout := fs.Duration("timeout", 10*time.Second, "give up on one request after `DURATION`")
	pos, err := parse(fs, args)
	if err != nil {
		return usageErr(stderr, err)
	}
	if len(pos) > 0 || *file == "" || *base == "" {
		return usageErr(stderr, fmt.Errorf("verify wants --interactions and --url"))
	}
	list, err := contract.ReadInteractions(*file)
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := contract.VerifyInteractions(ctx, &http.Client{Timeout: *timeout}, *base, list)
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	if err := rep.WriteText(stdout); err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	if len(rep.Failed()) > 0 {
		return exitFindings
	}
	return exitOK
}
