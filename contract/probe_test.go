package contract_test

import (
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/starling-http/starling/contract"
)

func TestMain(m *testing.M) {
	flag.Parse()
	// The defective apps fail on purpose: keep rapid's fail files out of
	// testdata, and bound the time spent shrinking their failures.
	// A child of perSeed sets its own shrinking time: a limit in wall
	// time cut short by a loaded machine would make its minimal cases
	// flaky.
	_ = flag.Set("rapid.nofailfile", "true")
	if !flagGiven("rapid.shrinktime") {
		_ = flag.Set("rapid.shrinktime", "2s")
	}
	os.Exit(m.Run())
}

// flagGiven reports whether the command line set the flag name.
func flagGiven(name string) bool {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

func itemsDoc(t testing.TB) *contract.Document {
	t.Helper()
	d, err := contract.Load("testdata/items.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func probeItems(t *testing.T, defect string) *contract.ProbeReport {
	t.Helper()
	srv := httptest.NewServer(newItemsServer(defect))
	t.Cleanup(srv.Close)
	r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, itemsDoc(t)),
		contract.Header("Authorization", goodToken), contract.Examples(15))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestProbeCorrectService: the correct items service passes every check.
func TestProbeCorrectService(t *testing.T) {
	r := probeItems(t, "")
	for _, f := range r.Failures {
		t.Errorf("unexpected failure: %s", f)
	}
	if r.Operations != 4 || r.Requests < 50 {
		t.Errorf("probed %d operations with %d requests; want 4 and many", r.Operations, r.Requests)
	}
	for _, n := range r.Notes {
		t.Logf("note: %s", n)
	}
}

// TestProbeFindsSeededDefects: each seeded defect is found by the check
// meant for it, at the operation that has it, with a curl command.
func TestProbeFindsSeededDefects(t *testing.T) {
	cases := []struct {
		defect, check, op string
		want              string // in the failure's curl or message
	}{
		{defectBoundary500, contract.CheckServerError, "createItem", "answered 500"},
		{defectAcceptInvalid, contract.CheckInvalidRejected, "createItem", "quantity"},
		{defectUndocumented, contract.CheckUndocumentedProperty, "getItem", "/internal_cost"},
		{defectNoGuard, contract.CheckAuth, "deleteItem", "without credentials"},
		{defectDeleteNoop, contract.CheckStateful, "getItem", "should not find the deleted resource"},
	}
	for _, tc := range cases {
		t.Run(tc.defect, func(t *testing.T) {
			t.Parallel()
			r := probeItems(t, tc.defect)
			found := false
			for _, f := range r.Failures {
				if f.Check == tc.check && f.Operation == tc.op && strings.Contains(f.Curl+f.Message, tc.want) {
					found = true
					if !strings.HasPrefix(f.Curl, "curl -i -X ") || !strings.Contains(f.Curl, "/items") {
						t.Errorf("no curl command: %q", f.Curl)
					}
				}
			}
			if !found {
				t.Fatalf("the probe missed %s (want %s on %s showing %q); it found:\n%v", tc.defect, tc.check, tc.op, tc.want, r.Failures)
			}
			for _, f := range r.Failures {
				t.Logf("found: %s", f)
			}
		})
	}
}

// TestProbeApp probes a Starling app in-process: a correct app passes, and
// every phase ran (the guard was tried, the note created, fetched and
// deleted).
func TestProbeApp(t *testing.T) {
	a, err := notesApp()
	if err != nil {
		t.Fatal(err)
	}
	r := contract.Probe(t, contract.App(a), contract.Header("Authorization", "Bearer t0ken"), contract.Examples(10))
	if r.Operations != 3 || len(r.Failures) != 0 {
		t.Errorf("operations %d failures %d", r.Operations, len(r.Failures))
	}
	for _, n := range r.Notes {
		t.Errorf("note: %s", n)
	}
}

// TestProbeAppWithoutCredentials: a guarded operation is only auth-probed,
// and the notes the probe created stay, each listed, since only the guarded
// DELETE removes them.
func TestProbeAppWithoutCredentials(t *testing.T) {
	a, err := notesApp()
	if err != nil {
		t.Fatal(err)
	}
	r := contract.Probe(t, contract.App(a), contract.Examples(5), contract.SkipPhases(contract.PhaseStateful))
	if len(r.Notes) != 2 || !strings.Contains(r.Notes[0], "no credentials") || !strings.Contains(r.Notes[1], "cleanup") {
		t.Errorf("notes: %q", r.Notes)
	}
	if r.Created == 0 || len(r.Remaining) != r.Created || !strings.Contains(r.Remaining[0], "needs credentials") {
		t.Errorf("created %d, remaining %q", r.Created, r.Remaining)
	}
}

// TestProbeKnown: a known failure is listed with its reason, not failed.
func TestProbeKnown(t *testing.T) {
	srv := httptest.NewServer(newItemsServer(defectUndocumented))
	defer srv.Close()
	r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, itemsDoc(t)), contract.Header("Authorization", goodToken),
		contract.Examples(5), contract.Known(contract.CheckUndocumentedProperty, "getItem", "cost leaks: TICKET-1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Failures) != 0 || len(r.Known) != 1 || r.Known[0].Known != "cost leaks: TICKET-1" {
		t.Errorf("failures %v known %v", r.Failures, r.Known)
	}
}

// TestProbeOnly: the replay selector limits the probe to one operation and phase.
func TestProbeOnly(t *testing.T) {
	srv := httptest.NewServer(newItemsServer(""))
	defer srv.Close()
	r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, itemsDoc(t)), contract.Only("getItem:boundary"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Operations != 1 || r.Probed[0] != "getItem" || r.Requests > 10 {
		t.Errorf("probed %v with %d requests", r.Probed, r.Requests)
	}
}
