// Command users serves the users example API on 127.0.0.1:8000.
//
// With no configuration it keeps users in SQLite under ./data and signs
// access tokens with a random secret (logged as a warning: tokens then die
// with the process). Flags win over environment variables:
//
//	-addr HOST:PORT      listen address (ADDR, or PORT for 127.0.0.1:PORT)
//	-data-dir DIR        SQLite database users.db in DIR (DATA_DIR; ./data)
//	-memory              keep users in memory (STORE=memory)
//	-database-url URL    PostgreSQL instead of SQLite (DATABASE_URL)
//	-token-ttl 15m       access token lifetime (TOKEN_TTL)
//	-log-level info      debug, info, warn or error (LOG_LEVEL)
//	                     JWT_SECRET (environment only): the token signing
//	                     secret, at least 32 bytes
//	-openapi FILE        write the app's OpenAPI document to FILE ("-" for
//	                     stdout; YAML when FILE ends in .yaml or .yml) and exit
//	-docs-assets DIR     serve the docs pages' scripts and styles from DIR (a
//	                     node_modules directory with swagger-ui-dist, redoc and
//	                     @stoplight/elements) instead of a CDN
//
// Logs are JSON lines on stderr. SIGTERM or an interrupt drains in-flight
// requests, then closes the database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
)

func main() {
	cfg, err := loadConfig(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "users:", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	opts := []framework.Option{framework.WithLogger(logger), framework.WithAccessLog()}
	if cfg.assets != "" {
		opts = append(opts, framework.WithDocs(framework.Docs{AssetsDir: cfg.assets}))
	}
	a, err := app.NewWith(cfg.app, opts...)
	if err != nil {
		logger.Error("building the app", "error", err)
		os.Exit(1)
	}
	if cfg.openapi != "" {
		if err := writeDocument(a, cfg.openapi); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if cfg.randomSecret {
		logger.Warn("JWT_SECRET is unset: access tokens are signed with a random secret and die with the process")
	}
	logger.Info("store", "store", cfg.app.Store.String(), "token_ttl", cfg.app.Auth.TTL.String())
	ctx, stop := framework.SignalContext(context.Background())
	defer stop()
	if err := a.ListenAndServe(ctx, cfg.addr); err != nil {
		logger.Error("serving", "error", err)
		os.Exit(1)
	}
}

// writeDocument writes the app's document to file, or to stdout for "-".
func writeDocument(a *framework.App, file string) error {
	doc := a.OpenAPI()
	if strings.HasSuffix(file, ".yaml") || strings.HasSuffix(file, ".yml") {
		doc = a.OpenAPIYAML()
	}
	if file == "-" {
		_, err := os.Stdout.Write(doc)
		return err
	}
	return os.WriteFile(file, doc, 0o644)
}
