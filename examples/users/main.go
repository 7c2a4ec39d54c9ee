// Command users serves the users example API on 127.0.0.1:8000 (set ADDR,
// or PORT for 127.0.0.1:PORT).
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	a, err := app.New(framework.WithLogger(logger), framework.WithAccessLog())
	if err != nil {
		logger.Error("building the app", "error", err)
		os.Exit(1)
	}
	if err := a.ListenAndServe(context.Background(), addr()); err != nil {
		logger.Error("serving", "error", err)
		os.Exit(1)
	}
}

func addr() string {
	if a := os.Getenv("ADDR"); a != "" {
		return a
	}
	if p := os.Getenv("PORT"); p != "" {
		return "127.0.0.1:" + p
	}
	return "127.0.0.1:8000"
}
