package main

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func envOf(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestConfigDefaults(t *testing.T) {
	c, err := loadConfig(nil, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s := c.app.Store
	if c.addr != "127.0.0.1:8000" || s.DataDir != "data" || s.Memory || s.DatabaseURL != "" ||
		c.app.Auth.TTL != 15*time.Minute || c.logLevel != slog.LevelInfo || !c.randomSecret || c.app.Auth.Secret != nil {
		t.Fatalf("defaults: %+v", c)
	}
	if got := s.String(); got != "sqlite data/users.db" {
		t.Fatalf("store = %q", got)
	}
}

func TestConfigFromEnvironment(t *testing.T) {
	env := envOf(map[string]string{
		"PORT": "9000", "DATA_DIR": "/var/lib/users", "STORE": "Memory", "DATABASE_URL": "postgres://u:secret@db/users",
		"JWT_SECRET": strings.Repeat("s", 32), "TOKEN_TTL": "120", "LOG_LEVEL": "debug",
	})
	c, err := loadConfig(nil, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s := c.app.Store
	if c.addr != "127.0.0.1:9000" || s.DataDir != "/var/lib/users" || !s.Memory || s.DatabaseURL != "postgres://u:secret@db/users" ||
		c.app.Auth.TTL != 2*time.Minute || c.logLevel != slog.LevelDebug || c.randomSecret || len(c.app.Auth.Secret) != 32 {
		t.Fatalf("from the environment: %+v", c)
	}
	if got := s.String(); got != "memory" {
		t.Fatalf("STORE=memory wins: store = %q", got)
	}
	s.Memory = false
	if got := s.String(); strings.Contains(got, "secret") {
		t.Fatalf("the store's description shows the password: %q", got)
	}
}

func TestConfigFlagsWin(t *testing.T) {
	env := envOf(map[string]string{"ADDR": "0.0.0.0:1", "DATA_DIR": "env", "TOKEN_TTL": "1h", "DATABASE_URL": "postgres://env"})
	args := []string{"-addr", "127.0.0.1:2", "-data-dir", "flag", "-token-ttl", "90s", "-database-url", "postgres://flag", "-log-level", "warn"}
	c, err := loadConfig(args, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "127.0.0.1:2" || c.app.Store.DataDir != "flag" || c.app.Auth.TTL != 90*time.Second ||
		c.app.Store.DatabaseURL != "postgres://flag" || c.logLevel != slog.LevelWarn {
		t.Fatalf("flags: %+v", c)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, map[string]string{"JWT_SECRET": "short"}, "JWT_SECRET has 5 bytes"},
		{nil, map[string]string{"TOKEN_TTL": "soon"}, "TOKEN_TTL"},
		{[]string{"-token-ttl", "-5m"}, nil, "not positive"},
		{nil, map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{[]string{"extra"}, nil, "unexpected arguments"},
		{[]string{"-nope"}, nil, "not defined"},
	}
	for _, tt := range tests {
		_, err := loadConfig(tt.args, envOf(tt.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("loadConfig(%q, %v) = %v, want an error mentioning %q", tt.args, tt.env, err, tt.want)
		}
	}
}

// TestHelpListsReadmeEnvironment: -h names every environment variable the
// repository README says the service reads.
func TestHelpListsReadmeEnvironment(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "configured by flags or the environment")
	if !ok {
		t.Fatal("README: the paragraph on configuration is gone; update this test")
	}
	para, _, _ := strings.Cut(after, "\n\n")
	vars := regexp.MustCompile("`([A-Z][A-Z_]+)[`=/]").FindAllStringSubmatch(para, -1)
	if len(vars) < 5 {
		t.Fatalf("README names only %d variables in %q", len(vars), para)
	}
	var help strings.Builder
	if _, err := loadConfig([]string{"-h"}, envOf(nil), &help); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, v := range vars {
		if !regexp.MustCompile(`(?m)^\s+` + v[1] + `\s`).MatchString(help.String()) {
			t.Errorf("-h does not list %s:\n%s", v[1], help.String())
		}
	}
}
