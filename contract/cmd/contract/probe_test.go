package main

import (
	"net"
	"strings"
	"testing"
)

// TestProbeDeadURL: nothing listens at the URL: exit 1 and one clear line,
// never a green run.
func TestProbeDeadURL(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	spec := write(t, "api.yaml", v1)
	code, out, errs := cli("probe", "--spec", spec, "--url", url, "--seed", "1")
	if code != exitFindings || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "unreachable") || out != "" {
		t.Errorf("a dead URL: exit %d, stdout %q, stderr %q; want exit 1 and one line", code, out, errs)
	}
}
