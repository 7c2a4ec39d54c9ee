package app_test

// Consumer contracts: the interactions the consumer example recorded while
// its tests ran against a mock of this service's document
// (examples/consumer/testdata/users.interactions.json) are replayed against
// the real app. A change here that breaks what that consumer relies on fails
// this test, before the consumer sees it in production.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/starling-http/starling/contract"
	"github.com/starling-http/starling/examples/users/app"
)

const consumerInteractions = "../../consumer/testdata/users.interactions.json"

func TestConsumerInteractions(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	rep := contract.Verify(t, a, consumerInteractions)
	if rep != nil && len(rep.Results) < 5 {
		t.Fatalf("verified %d interactions; the consumer recorded more", len(rep.Results))
	}
}

// TestConsumerInteractionsCatchABreak removes a field the consumer reads
// (the user's email) from the app's answers, as a careless refactoring
// would, and expects verification to fail for each interaction that read it.
func TestConsumerInteractionsCatchABreak(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	broken := withoutField(a, "email")
	tb := &failures{TB: t}
	contract.Verify(tb, broken, consumerInteractions)
	if len(tb.errs) != 2 {
		t.Fatalf("%d interactions failed, want 2 (sign-up and read):\n%s", len(tb.errs), strings.Join(tb.errs, "\n"))
	}
	for _, e := range tb.errs {
		if !strings.Contains(e, "/email: missing") {
			t.Errorf("the failure does not name the removed field:\n%s", e)
		}
	}
}

// withoutField drops a top-level field from h's JSON object answers.
func withoutField(h http.Handler, field string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			delete(m, field)
			body, _ = json.Marshal(m)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = bytes.NewReader(body).WriteTo(w)
	})
}

// failures records what Verify reports instead of failing the test.
type failures struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (f *failures) Helper() {}

func (f *failures) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}
