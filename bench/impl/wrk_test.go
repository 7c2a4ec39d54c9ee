package impl_test

import (
	"os"
	"strings"
	"testing"

	"github.com/starling-http/starling/bench/workload"
)

// TestPostLua keeps wrk's POST body the same as the in-process one.
func TestPostLua(t *testing.T) {
	b, err := os.ReadFile("../post.lua")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "wrk.body = '"+workload.CreateBody+"'") {
		t.Fatalf("post.lua's body differs from workload.CreateBody:\n%s", b)
	}
}
