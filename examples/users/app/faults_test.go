package app_test

// The users service when its database goes away: in the middle of a
// request, for a while, and for good. The app runs on a real loopback
// server over a real SQLite file; the outage is real too (the database's
// directory is moved away, or its handle closed), not a fake store. These
// tests run alone (no t.Parallel), so that goleak can check that none of
// their goroutines outlive them; the exchanges are not checked against the
// document, which lists no 503 for these routes (see the report of issue 10).

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/internal/leaktest"
)

// faultHasher is a cheap Hasher whose next Hash can be held, so that the
// database can be taken away while a request is inside the service: Create
// hashes the password before it writes.
type faultHasher struct {
	mu      sync.Mutex
	entered chan struct{}
	release chan struct{}
}

// holdNext holds the next Hash until release is called; entered is closed
// when it starts waiting.
func (h *faultHasher) holdNext() (entered <-chan struct{}, release func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entered, h.release = make(chan struct{}), make(chan struct{})
	rel := h.release
	return h.entered, func() { close(rel) }
}

func (h *faultHasher) Hash(password string) ([]byte, error) {
	h.mu.Lock()
	entered, release := h.entered, h.release
	h.entered, h.release = nil, nil
	h.mu.Unlock()
	if entered != nil {
		close(entered)
		<-release
	}
	return []byte("plain:" + password), nil
}

func (h *faultHasher) Verify(hash []byte, password string) error {
	if subtle.ConstantTimeCompare(hash, []byte("plain:"+password)) != 1 {
		return errors.New("password mismatch")
	}
	return nil
}

// faultLog keeps the app's JSON log for the assertions.
type faultLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *faultLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// find returns the record with message msg and the request id, or nil.
func (l *faultLog) find(t *testing.T, msg, requestID string) map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for line := range strings.Lines(l.buf.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg && rec["request_id"] == requestID {
			return rec
		}
	}
	return nil
}

// faultService is the users app over store, served on loopback.
type faultService struct {
	t      *testing.T
	url    string
	client *http.Client
	hasher *faultHasher
	log    *faultLog
}

func newFaultService(t *testing.T, store app.Store) *faultService {
	t.Helper()
	s := &faultService{t: t, hasher: &faultHasher{}, log: &faultLog{}}
	a, err := app.New(
		framework.WithLogger(slog.New(slog.NewJSONHandler(s.log, nil))),
		framework.WithOverrides(framework.Value[app.Store](store), framework.Value[app.Hasher](s.hasher)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := a.Shutdown(context.Background()); err != nil {
			t.Errorf("shutting the app down: %v", err)
		}
	})
	srv := httptest.NewServer(a)
	s.url, s.client = srv.URL, srv.Client()
	t.Cleanup(func() {
		s.client.CloseIdleConnections()
		srv.Close()
	})
	return s
}

// faultAnswer is one response, read whole.
type faultAnswer struct {
	status  int
	body    string
	problem map[string]any // set for application/problem+json
}

func (s *faultService) do(method, path, token string, body any) faultAnswer {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	a := faultAnswer{status: resp.StatusCode, body: string(b)}
	if resp.Header.Get("Content-Type") == framework.ProblemContentType {
		if err := json.Unmarshal(b, &a.problem); err != nil {
			s.t.Fatalf("%s %s: problem %s: %v", method, path, b, err)
		}
	}
	return a
}

// want fails the test unless the answer has status.
func (a faultAnswer) want(t *testing.T, what string, status int) faultAnswer {
	t.Helper()
	if a.status != status {
		t.Errorf("%s: got %d %s; want %d", what, a.status, a.body, status)
	}
	return a
}

// wantUnavailable fails the test unless the answer is a 503 problem that
// shows nothing of its cause, and the cause is logged with its request id.
func (s *faultService) wantUnavailable(what string, a faultAnswer, leaks ...string) {
	s.t.Helper()
	if a.status != http.StatusServiceUnavailable || a.problem == nil || a.problem["status"] != float64(503) {
		s.t.Errorf("%s: got %d %s; want a 503 problem", what, a.status, a.body)
		return
	}
	for _, leak := range append(leaks, "SQLITE", "sql:", "unable to open", "closed") {
		if strings.Contains(a.body, leak) {
			s.t.Errorf("%s: the 503 shows its cause (%q): %s", what, leak, a.body)
		}
	}
	id, _ := a.problem["request_id"].(string)
	rec := s.log.find(s.t, "request failed", id)
	if rec == nil || !strings.Contains(fmt.Sprint(rec["error"]), app.ErrUnavailable.Error()) {
		s.t.Errorf("%s: no log record of request %q with its cause: %v", what, id, rec)
	}
}

func faultDecode[T any](t *testing.T, a faultAnswer) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(a.body), &v); err != nil {
		t.Fatalf("decoding %s: %v", a.body, err)
	}
	return v
}

func faultNewUser(n int) app.CreateUser {
	return app.CreateUser{Email: fmt.Sprintf("user%d@example.com", n), Password: "correct horse", Name: fmt.Sprint("User ", n), Age: 30 + n}
}

// faultPost sends a POST /users that the hasher holds: outage runs while it
// is held, inside the service and before the store is written.
func (s *faultService) faultPost(in app.CreateUser, outage func()) faultAnswer {
	s.t.Helper()
	entered, release := s.hasher.holdNext()
	got := make(chan faultAnswer, 1)
	go func() {
		// Not s.do: t.Fatal must not be called from another goroutine.
		b, _ := json.Marshal(in)
		resp, err := s.client.Post(s.url+"/users", "application/json", bytes.NewReader(b))
		if err != nil {
			got <- faultAnswer{body: err.Error()}
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		a := faultAnswer{status: resp.StatusCode, body: string(body)}
		_ = json.Unmarshal(body, &a.problem)
		got <- a
	}()
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		s.t.Fatal("the POST never reached the hasher")
	}
	outage()
	release()
	return <-got
}

func TestFaultDatabaseGoesAwayAndComesBack(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	store, err := app.OpenSQLite(ctx, filepath.Join(dir, "users.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	// No idle connections: each statement opens the file afresh, so the
	// outage below is met by the next statement, as a restarted database
	// server is met once pooled connections fail.
	store.DB().SetMaxIdleConns(0)
	s := newFaultService(t, store)

	// Healthy: sign up, log in, read.
	ann := faultNewUser(1)
	s.do("GET", "/health/ready", "", nil).want(t, "ready", http.StatusOK)
	annUser := faultDecode[app.User](t, s.do("POST", "/users", "", ann).want(t, "create", http.StatusCreated))
	tok := faultDecode[app.AccessToken](t, s.do("POST", "/auth/login", "", app.Login{Email: ann.Email, Password: ann.Password}).want(t, "login", http.StatusOK))
	annPath := fmt.Sprintf("/users/%d", annUser.ID)
	s.do("GET", annPath, tok.AccessToken, nil).want(t, "get", http.StatusOK)

	// The database goes away while a sign-up is in the service.
	gone := dir + ".gone"
	bob := faultNewUser(2)
	mid := s.faultPost(bob, func() {
		if err := os.Rename(dir, gone); err != nil {
			t.Fatal(err)
		}
	})
	s.wantUnavailable("POST /users mid-request", mid, dir)

	// While it is away: unready, and every route that needs it answers 503.
	ready := s.do("GET", "/health/ready", "", nil)
	if ready.status != http.StatusServiceUnavailable || fmt.Sprint(ready.problem["checks"]) != "map[store:failing]" {
		t.Errorf("ready during the outage: got %d %s; want a 503 naming the failing store", ready.status, ready.body)
	}
	s.do("GET", "/health/live", "", nil).want(t, "live during the outage", http.StatusOK)
	s.wantUnavailable("GET "+annPath, s.do("GET", annPath, tok.AccessToken, nil))
	s.wantUnavailable("GET /users", s.do("GET", "/users", tok.AccessToken, nil))
	s.wantUnavailable("PATCH "+annPath, s.do("PATCH", annPath, tok.AccessToken, map[string]any{"name": "Ann"}))
	s.wantUnavailable("DELETE "+annPath, s.do("DELETE", annPath, tok.AccessToken, nil))
	// Not a 401: the password may well be right.
	s.wantUnavailable("POST /auth/login", s.do("POST", "/auth/login", "", app.Login{Email: ann.Email, Password: ann.Password}))
	s.wantUnavailable("POST /users", s.do("POST", "/users", "", faultNewUser(3)))

	// It comes back: ready again, nothing lost, nothing half-written.
	if err := os.Rename(gone, dir); err != nil {
		t.Fatal(err)
	}
	s.do("GET", "/health/ready", "", nil).want(t, "ready after the outage", http.StatusOK)
	if got := faultDecode[app.User](t, s.do("GET", annPath, tok.AccessToken, nil).want(t, "get after", http.StatusOK)); got.Email != ann.Email {
		t.Errorf("after the outage: %+v", got)
	}
	s.do("POST", "/auth/login", "", app.Login{Email: ann.Email, Password: ann.Password}).want(t, "login after", http.StatusOK)
	// The sign-up that met the outage was not stored: it can be made now.
	s.do("POST", "/users", "", bob).want(t, "the failed sign-up again", http.StatusCreated)
	page := faultDecode[app.Page[app.User]](t, s.do("GET", "/users", tok.AccessToken, nil).want(t, "list after", http.StatusOK))
	if page.Total != 2 {
		t.Errorf("after the outage the store holds %d users, want 2 (ann, bob): %+v", page.Total, page.Items)
	}
}

func TestFaultDatabaseClosedMidRequest(t *testing.T) {
	leaktest.Check(t)
	store, err := app.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "users.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	s := newFaultService(t, store)
	ann := faultNewUser(1)
	annUser := faultDecode[app.User](t, s.do("POST", "/users", "", ann).want(t, "create", http.StatusCreated))
	tok := faultDecode[app.AccessToken](t, s.do("POST", "/auth/login", "", app.Login{Email: ann.Email, Password: ann.Password}).want(t, "login", http.StatusOK))

	mid := s.faultPost(faultNewUser(2), func() {
		if err := store.Close(); err != nil {
			t.Fatal(err)
		}
	})
	s.wantUnavailable("POST /users mid-request", mid)
	ready := s.do("GET", "/health/ready", "", nil)
	if ready.status != http.StatusServiceUnavailable {
		t.Errorf("ready with the database closed: got %d %s; want 503", ready.status, ready.body)
	}
	s.wantUnavailable("GET /users/{id}", s.do("GET", fmt.Sprintf("/users/%d", annUser.ID), tok.AccessToken, nil))
	s.wantUnavailable("POST /auth/login", s.do("POST", "/auth/login", "", app.Login{Email: ann.Email, Password: ann.Password}))
	s.do("GET", "/health/live", "", nil).want(t, "live", http.StatusOK)
}

// TestFaultStoreErrorsAreClassified: what the SQLite store says when its
// database is out of reach is ErrUnavailable; a missing user is not.
func TestFaultStoreErrorsAreClassified(t *testing.T) {
	leaktest.Check(t)
	ctx := context.Background()
	store, err := app.OpenSQLite(ctx, filepath.Join(t.TempDir(), "users.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Get(ctx, 1); !errors.Is(err, app.ErrNoUser) || errors.Is(err, app.ErrUnavailable) {
		t.Errorf("Get of a missing user: %v; want ErrNoUser only", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := store.Get(cctx, 1); !errors.Is(err, context.Canceled) || errors.Is(err, app.ErrUnavailable) {
		t.Errorf("Get for a request that went away: %v; want context.Canceled, not ErrUnavailable", err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Get(ctx, 1); !errors.Is(err, app.ErrUnavailable) {
		t.Errorf("Get on a closed database: %v; want ErrUnavailable", err)
	}
	if _, _, err := store.List(ctx, app.ListQuery{Limit: 1}); !errors.Is(err, app.ErrUnavailable) {
		t.Errorf("List on a closed database: %v; want ErrUnavailable", err)
	}
}
