package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework/auth"
)

// config is what the flags and the environment set. A flag wins over its
// variable, a variable over the default.
type config struct {
	addr     string
	app      app.Config
	logLevel slog.Level
	openapi  string
	assets   string
	// randomSecret is set when JWT_SECRET was unset.
	randomSecret bool
}

// loadConfig reads args (without the program name) and the environment
// through getenv.
func loadConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("users", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage of users:\n")
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), envHelp)
	}
	addr := "127.0.0.1:8000"
	if p := getenv("PORT"); p != "" {
		addr = "127.0.0.1:" + p
	}
	fs.StringVar(&c.addr, "addr", or(getenv("ADDR"), addr), "listen on `HOST:PORT` (env ADDR, or PORT for 127.0.0.1:PORT)")
	fs.StringVar(&c.app.Store.DataDir, "data-dir", or(getenv("DATA_DIR"), "data"), "keep the SQLite database users.db in `DIR` (env DATA_DIR)")
	fs.BoolVar(&c.app.Store.Memory, "memory", strings.EqualFold(getenv("STORE"), "memory"), "keep users in memory, lost at exit (env STORE=memory)")
	// No default from DATABASE_URL here: -h would print its password.
	fs.StringVar(&c.app.Store.DatabaseURL, "database-url", "", "use PostgreSQL at `URL` instead of SQLite (env DATABASE_URL)")
	ttl := fs.String("token-ttl", or(getenv("TOKEN_TTL"), auth.DefaultTTL.String()), "access tokens live for `DURATION`, as 15m or 900 (seconds) (env TOKEN_TTL)")
	level := fs.String("log-level", or(getenv("LOG_LEVEL"), "info"), "log at `LEVEL`: debug, info, warn or error (env LOG_LEVEL)")
	fs.StringVar(&c.openapi, "openapi", "", "write the OpenAPI document to `FILE` (- for stdout, YAML for .yaml/.yml) and exit")
	fs.StringVar(&c.assets, "docs-assets", "", "serve the docs pages' assets from `DIR` instead of a CDN")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.app.Store.DatabaseURL == "" {
		c.app.Store.DatabaseURL = getenv("DATABASE_URL")
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	var errs []error
	d, err := parseTTL(*ttl)
	if err != nil {
		errs = append(errs, fmt.Errorf("-token-ttl / TOKEN_TTL: %w", err))
	}
	c.app.Auth.TTL = d
	if err := c.logLevel.UnmarshalText([]byte(*level)); err != nil {
		errs = append(errs, fmt.Errorf("-log-level / LOG_LEVEL: %w", err))
	}
	if s := getenv("JWT_SECRET"); s != "" {
		if len(s) < auth.MinSecretLen {
			errs = append(errs, fmt.Errorf("JWT_SECRET has %d bytes; it needs at least %d (try: openssl rand -base64 32)", len(s), auth.MinSecretLen))
		}
		c.app.Auth.Secret = []byte(s)
	} else {
		c.randomSecret = true
	}
	return c, errors.Join(errs...)
}

// envHelp lists every environment variable the service reads, for -h.
const envHelp = `
Environment (a flag wins over its variable):
  ADDR          listen on HOST:PORT
  PORT          listen on 127.0.0.1:PORT when ADDR is unset
  DATA_DIR      directory of the SQLite database users.db (default data)
  STORE         memory: keep users in memory, lost at exit
  DATABASE_URL  use PostgreSQL at this URL instead of SQLite
  JWT_SECRET    HS256 signing secret, at least 32 bytes (try: openssl rand -base64 32);
                when unset, a random one is made at start-up and tokens die with the process
  TOKEN_TTL     access token lifetime, as 15m or 900 (seconds) (default 15m)
  LOG_LEVEL     debug, info, warn or error (default info)
`

// parseTTL reads a duration ("15m", "1h30m") or a number of seconds.
func parseTTL(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		n, nerr := strconv.Atoi(s)
		if nerr != nil {
			return 0, fmt.Errorf("%q is neither a duration (15m) nor seconds (900)", s)
		}
		d = time.Duration(n) * time.Second
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q is not positive", s)
	}
	return d, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
