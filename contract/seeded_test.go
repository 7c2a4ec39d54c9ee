package contract_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/starling-http/starling/contract"
)

// seededBugs is what the probe must report on seededServer: one failure
// per seeded bug, by operation and check. Every other operation is a
// control and must report nothing.
var seededBugs = []struct{ class, op, check string }{
	{"a 500 on some input", "divide", contract.CheckServerError},
	{"a crash that drops the connection", "crash", contract.CheckNoCrash},
	{"a slow answer past the timeout", "slow", contract.CheckNoCrash},
	{"accepted invalid input", "createAccount", contract.CheckInvalidRejected},
	{"a response missing a required property", "getProfile", contract.CheckSchema},
	{"a wrong type for some values", "getPrice", contract.CheckSchema},
	{"an undocumented status", "getWeather", contract.CheckStatus},
	{"a wrong content type", "getReport", contract.CheckContentType},
	{"no auth on an operation without inputs", "listSecrets", contract.CheckAuth},
	{"no auth on an operation with parameters", "listVaultItems", contract.CheckAuth},
	{"a resource still readable after DELETE", "getNote", contract.CheckStateful},
	{"an undeclared header in a closed response", "getFile", contract.CheckUndocumentedHeader},
	{"an undeclared property in a response", "getUser", contract.CheckUndocumentedProperty},
}

// TestProbeFindsSeededBugs: with each of three seeds, the probe reports
// every seeded bug exactly once and nothing on the controls.
func TestProbeFindsSeededBugs(t *testing.T) {
	if !perSeed(t, 1, 2, 3) {
		return
	}
	doc, err := contract.Parse([]byte(seededDoc))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(seededServer(t))
	t.Cleanup(srv.Close)
	r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, doc),
		contract.Header("Authorization", seededAuth), contract.Examples(10), contract.Timeout(500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	found, extra := 0, 0
	for _, b := range seededBugs {
		t.Run(b.class, func(t *testing.T) {
			n := 0
			for _, f := range r.Failures {
				if f.Operation == b.op && f.Check == b.check {
					n++
				}
			}
			if n > 0 {
				found++
				extra += n - 1
			}
			if n != 1 {
				t.Errorf("%d %s failures on %s, want 1", n, b.check, b.op)
			}
		})
	}
	for _, f := range r.Failures {
		if !slices.ContainsFunc(seededBugs, func(b struct{ class, op, check string }) bool { return b.op == f.Operation && b.check == f.Check }) {
			extra++
			t.Errorf("a failure no bug was seeded for: %s", f)
		}
	}
	// A guard that lets calls through is shown with the leanest request:
	// the optional limit plays no role in it.
	for _, f := range r.Failures {
		if f.Operation == "listVaultItems" && f.Check == contract.CheckAuth && strings.Contains(f.Curl, "limit=") {
			t.Errorf("the auth failure keeps the optional limit: %s", f.Curl)
		}
	}
	t.Logf("seeded classes found: %d of %d; failures beyond one per class: %d; failures in all: %d",
		found, len(seededBugs), extra, len(r.Failures))
	for _, s := range append(r.Idle, r.Unexercised...) {
		t.Errorf("not exercised: %s", s)
	}
}
