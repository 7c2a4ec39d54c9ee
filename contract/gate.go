package contract

import (
	"os"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework"
)

// GateOption configures Compatible.
type GateOption func(*gateConfig)

type gateConfig struct {
	acks   string
	failOn Level
}

// AckFile names the acknowledgement file (see Ack). A missing file is an
// empty one.
func AckFile(path string) GateOption { return func(c *gateConfig) { c.acks = path } }

// FailOn sets the lowest level that fails the gate (Err by default).
func FailOn(l Level) GateOption { return func(c *gateConfig) { c.failOn = l } }

// Compatible is the breaking-change gate in go test: it compares the app's
// document with the baseline (a file, or REV:PATH for a file at a git
// revision) and fails t on every unacknowledged change at or above Err,
// printing the full report. Warnings and information are logged.
func Compatible(t testing.TB, app *framework.App, baseline string, opts ...GateOption) *Report {
	t.Helper()
	cfg := gateConfig{failOn: Err}
	for _, o := range opts {
		o(&cfg)
	}
	base, err := Load(baseline)
	if err != nil {
		t.Fatalf("contract.Compatible: the baseline: %v", err)
	}
	var acks Acks
	if cfg.acks != "" {
		if _, err := os.Stat(cfg.acks); err == nil {
			if acks, err = LoadAcks(cfg.acks); err != nil {
				t.Fatalf("contract.Compatible: %v", err)
			}
		}
	}
	r := Compare(base, FromApp(app), acks)
	var b strings.Builder
	_ = r.WriteText(&b)
	if fails := r.Failures(cfg.failOn); len(fails) > 0 {
		t.Errorf("contract.Compatible: %d breaking changes against %s\n%s"+
			"Restore compatibility, or acknowledge a deliberate break in the acknowledgement file with its rule, location and reason.",
			len(fails), baseline, b.String())
	} else if len(r.Changes) > 0 {
		t.Logf("contract.Compatible: %s", b.String())
	}
	return r
}
