package framework_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/starling-http/starling/framework"
)

// generatedID is the shape of ids the app makes: a per-app random prefix
// and a counter.
var generatedID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-z]+$`)

func TestRequestID(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(framework.Get("/id", func(ctx context.Context, _ none) (string, error) {
		return framework.RequestID(ctx), nil
	})))
	tests := []struct {
		name     string
		incoming string
		keep     bool
	}{
		{"none", "", false},
		{"well formed", "abc-123", true},
		{"uuid", "0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e", true},
		{"all allowed punctuation", "a_b.c:d/e+f=g", true},
		{"128 characters", strings.Repeat("a", 128), true},
		{"too long", strings.Repeat("a", 129), false},
		{"space", "abc 123", false},
		{"newline (log injection)", "abc\nlevel=ERROR msg=forged", false},
		{"carriage return", "abc\r123", false},
		{"markup", "<script>alert(1)</script>", false},
		{"quote", `abc"123`, false},
		{"non-ASCII", "réq-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var header []string
			if tt.incoming != "" {
				header = []string{"X-Request-ID", tt.incoming}
			}
			w := get(t, a, "/id", header...)
			wantStatus(t, w, http.StatusOK)
			echoed := w.Header().Get("X-Request-ID")
			if seen := decodeJSON[string](t, w); seen != echoed {
				t.Errorf("handler saw %q, response header says %q", seen, echoed)
			}
			switch {
			case tt.keep && echoed != tt.incoming:
				t.Errorf("id = %q, want the incoming %q kept", echoed, tt.incoming)
			case !tt.keep && !generatedID.MatchString(echoed):
				t.Errorf("id = %q, want a generated one in place of %q", echoed, tt.incoming)
			}
			// The problem body carries the same id.
			p, _ := problem(t, get(t, a, "/missing", header...), http.StatusNotFound)
			if tt.keep && p.RequestID != tt.incoming || !tt.keep && !generatedID.MatchString(p.RequestID) {
				t.Errorf("problem request_id = %q", p.RequestID)
			}
		})
	}
	if got := framework.RequestID(context.Background()); got != "" {
		t.Errorf("RequestID outside a request = %q", got)
	}
}

func TestGeneratedRequestIDsAreUnique(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(framework.Get("/", text("x"))))
	b := newApp(t, framework.Mount(framework.Get("/", text("x"))))
	const n = 50
	ids := make(chan string, 2*n)
	var wg sync.WaitGroup
	for range n {
		for _, app := range []*framework.App{a, b} {
			wg.Go(func() { ids <- get(t, app, "/").Header().Get("X-Request-ID") })
		}
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("id %q given twice", id)
		}
		seen[id] = true
	}
}

func TestAccessLog(t *testing.T) {
	t.Parallel()
	type in struct {
		ID int `path:"id"`
	}
	log, logs := testLogger()
	a := newApp(t, framework.WithLogger(log), framework.WithAccessLog(), framework.Mount(
		framework.Get("/users/{id:int}", func(_ context.Context, in in) (string, error) { return "user", nil }),
	))
	const (
		token  = "Bearer eyJhbGciOiJIUzI1NiJ9.secret-token"
		cookie = "session=cookie-secret-value"
	)
	w := get(t, a, "/users/7?q=1", "Authorization", token, "Cookie", cookie, "X-Request-ID", "log-1")
	wantStatus(t, w, http.StatusOK)
	miss := get(t, a, "/nope", "X-Request-ID", "log-2")

	var got []map[string]any
	for _, r := range logs.records(t) {
		if r["msg"] == "request" {
			got = append(got, r)
		}
	}
	if len(got) != 2 {
		t.Fatalf("want one access line per request, got %d:\n%s", len(got), logs)
	}
	for _, r := range got {
		if d, ok := r["duration"].(float64); !ok || d <= 0 {
			t.Errorf("duration = %v", r["duration"])
		}
	}
	want := []map[string]any{
		{"level": "INFO", "msg": "request", "method": "GET", "route": "/users/{id:int}", "path": "/users/7",
			"status": float64(200), "bytes": float64(w.Body.Len()), "request_id": "log-1", "remote": "192.0.2.1:1234"},
		{"level": "INFO", "msg": "request", "method": "GET", "route": "", "path": "/nope",
			"status": float64(404), "bytes": float64(miss.Body.Len()), "request_id": "log-2", "remote": "192.0.2.1:1234"},
	}
	ignore := cmpopts.IgnoreMapEntries(func(k string, _ any) bool { return k == "time" || k == "duration" })
	if diff := cmp.Diff(want, got, ignore); diff != "" {
		t.Errorf("access log (-want +got):\n%s", diff)
	}
	for _, secret := range []string{"secret-token", "eyJhbGci", "cookie-secret-value", "session="} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log holds %q:\n%s", secret, logs)
		}
	}
}

// TestCancelledRequestLog: a handler that fails because its client went
// away is logged at INFO as a closed request, not as an ERROR; the same
// error while the request is alive is a failure.
func TestCancelledRequestLog(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		cancelled bool
		err       error
		level     string
		msg       string
	}{
		{"client gone", true, context.Canceled, "INFO", "client closed the request"},
		{"client gone, wrapped", true, fmt.Errorf("querying: %w", context.Canceled), "INFO", "client closed the request"},
		{"canceled while the request lives", false, context.Canceled, "ERROR", "request failed"},
		{"other failure of a gone client", true, errors.New("disk full"), "ERROR", "request failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			log, logs := testLogger()
			a := newApp(t, framework.WithLogger(log), framework.Mount(
				framework.Get("/slow", func(context.Context, none) (string, error) { return "", tt.err }),
			))
			ctx, cancel := context.WithCancel(context.Background())
			if tt.cancelled {
				cancel()
			} else {
				defer cancel()
			}
			w := httptest.NewRecorder()
			a.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/slow", nil).WithContext(ctx))
			wantStatus(t, w, http.StatusInternalServerError)
			var got []map[string]any
			for _, r := range logs.records(t) {
				if r["status"] == float64(500) {
					got = append(got, map[string]any{"level": r["level"], "msg": r["msg"]})
				}
			}
			want := []map[string]any{{"level": tt.level, "msg": tt.msg}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("log (-want +got):\n%s\n%s", diff, logs)
			}
		})
	}
}

func TestNoAccessLogUnlessAsked(t *testing.T) {
	t.Parallel()
	log, logs := testLogger()
	a := newApp(t, framework.WithLogger(log), framework.Mount(framework.Get("/", text("x"))))
	wantStatus(t, get(t, a, "/"), http.StatusOK)
	for _, r := range logs.records(t) {
		if r["msg"] == "request" {
			t.Errorf("access log without WithAccessLog: %v", r)
		}
	}
	if a.Logger() != log {
		t.Error("Logger() is not the configured logger")
	}
}
