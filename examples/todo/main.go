// Command todo serves the todo example API on 127.0.0.1:8001, with lists and
// todos in memory (they are lost at exit).
//
//	-addr HOST:PORT   listen address (default ADDR, else 127.0.0.1:PORT with
//	                  PORT from the environment, else 127.0.0.1:8001)
//	-openapi FILE     write the app's OpenAPI document to FILE ("-" for
//	                  stdout; YAML when FILE ends in .yaml or .yml) and exit
//
// Logs are JSON lines on stderr. SIGTERM or an interrupt drains in-flight
// requests before the process exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/starling-http/starling/examples/todo/app"
	"github.com/starling-http/starling/framework"
)

// defaultAddr is a port apart from the users example's 8000, so that both
// can run at once.
const defaultAddr = "127.0.0.1:8001"

func main() {
	addr, openapi, err := parseFlags(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "todo:", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	a, err := app.New(framework.WithLogger(logger), framework.WithAccessLog())
	if err != nil {
		logger.Error("building the app", "error", err)
		os.Exit(1)
	}
	if openapi != "" {
		if err := writeDocument(a, openapi); err != nil {
			fmt.Fprintln(os.Stderr, "todo:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := framework.SignalContext(context.Background())
	defer stop()
	if err := a.ListenAndServe(ctx, addr); err != nil {
		logger.Error("serving", "error", err)
		os.Exit(1)
	}
}

// parseFlags reads args (without the program name); getenv supplies ADDR
// and PORT, as for the users example: -addr wins over ADDR, ADDR over PORT.
func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (addr, openapi string, err error) {
	fs := flag.NewFlagSet("todo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage of todo:\n")
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), `
Environment (a flag wins over its variable):
  ADDR   listen on HOST:PORT
  PORT   listen on 127.0.0.1:PORT when ADDR is unset
`)
	}
	def := defaultAddr
	if p := getenv("PORT"); p != "" {
		def = "127.0.0.1:" + p
	}
	if a := getenv("ADDR"); a != "" {
		def = a
	}
	fs.StringVar(&addr, "addr", def, "listen on `HOST:PORT` (env ADDR, or PORT for 127.0.0.1:PORT)")
	fs.StringVar(&openapi, "openapi", "", "write the OpenAPI document to `FILE` (- for stdout, YAML for .yaml/.yml) and exit")
	if err := fs.Parse(args); err != nil {
		return "", "", err
	}
	if fs.NArg() > 0 {
		return "", "", fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	return addr, openapi, nil
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
