package consumer_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starling-http/starling/contract"
	"github.com/starling-http/starling/examples/consumer"
)

// usersDoc is the provider's published document: the consumer's only
// knowledge of the users API.
const usersDoc = "../users/app/testdata/openapi.v1.yaml"

// interactionsFile is what the consumer relied on, committed and verified
// by the provider (examples/users/app/consumers_test.go).
const interactionsFile = "testdata/users.interactions.json"

var update = flag.Bool("update", false, "rewrite "+interactionsFile)

// recorder collects the interactions of every test that records.
var recorder = contract.NewRecorder()

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && !testing.Short() {
		code = checkInteractions()
	}
	os.Exit(code)
}

// checkInteractions writes the recorded interactions with -update, and
// otherwise fails when they differ from the committed file: a consumer
// change that relies on more of the API must reach the provider.
func checkInteractions() int {
	tmp := filepath.Join(os.TempDir(), fmt.Sprintf("interactions-%d.json", os.Getpid()))
	defer os.Remove(tmp)
	if err := recorder.WriteFile(tmp); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	got, _ := os.ReadFile(tmp)
	if *update {
		if err := os.WriteFile(interactionsFile, got, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	}
	want, err := os.ReadFile(interactionsFile)
	if err != nil || !bytes.Equal(got, want) && !repeats(tmp, interactionsFile) {
		fmt.Fprintf(os.Stderr, "%s is out of date (run go test -update): %v\n", interactionsFile, err)
		return 1
	}
	return 0
}

// repeats reports whether the recording at got is the one at want played
// several times over, as go test -count=N records it.
func repeats(got, want string) bool {
	g, err1 := contract.ReadInteractions(got)
	w, err2 := contract.ReadInteractions(want)
	if err1 != nil || err2 != nil || len(w) == 0 || len(g)%len(w) != 0 {
		return false
	}
	for i := range g {
		if !reflect.DeepEqual(g[i], w[i%len(w)]) {
			return false
		}
	}
	return true
}

func mock(t *testing.T, opts ...contract.MockOption) *consumer.Client {
	t.Helper()
	doc, err := contract.Load(usersDoc)
	if err != nil {
		t.Fatal(err)
	}
	srv := contract.Mock(t, doc, opts...)
	return consumer.New(srv.URL, consumer.WithHTTPClient(srv.Client()), consumer.WithRetries(2, 10*time.Millisecond))
}

const (
	email    = "ada@example.com"
	password = "correct horse battery"
)

func TestJoin(t *testing.T) {
	users := mock(t, contract.Stateful(), contract.Record(recorder))
	got, err := (&consumer.Onboarding{Users: users}).Join(context.Background(), email, "Ada", password)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Welcome, Ada <ada@example.com>"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestSignUpConflict(t *testing.T) {
	users := mock(t, contract.WithStatus("409"), contract.Record(recorder))
	_, err := users.SignUp(context.Background(), email, "Ada again", password)
	if !errors.Is(err, consumer.ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
}

func TestLoginUnauthorized(t *testing.T) {
	users := mock(t, contract.WithStatus("401"), contract.Record(recorder))
	_, err := users.Login(context.Background(), email, "wrong password")
	if !errors.Is(err, consumer.ErrUnauthorized) {
		t.Fatalf("got %v, want ErrUnauthorized", err)
	}
}

func TestUserNotFound(t *testing.T) {
	ctx := context.Background()
	users := mock(t, contract.WithStatus("404"), contract.Record(recorder))
	token, err := users.Login(ctx, email, password) // login documents no 404: it succeeds
	if err != nil {
		t.Fatal(err)
	}
	if _, err := users.User(ctx, token, 999999); !errors.Is(err, consumer.ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
}

// counting counts the 503s a client sees.
type counting struct {
	base     http.RoundTripper
	sent, na atomic.Int64
}

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	c.sent.Add(1)
	if err == nil && resp.StatusCode == http.StatusServiceUnavailable {
		c.na.Add(1)
	}
	return resp, err
}

func TestRetriesUnavailable(t *testing.T) {
	doc, err := contract.Load(usersDoc)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		share   float64
		wantErr error
	}{
		{"recovers", 0.5, nil},
		{"gives up", 1, consumer.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := contract.Mock(t, doc, contract.WithFailures(tt.share, time.Second))
			rt := &counting{base: srv.Client().Transport}
			users := consumer.New(srv.URL, consumer.WithHTTPClient(&http.Client{Transport: rt}), consumer.WithRetries(3, 10*time.Millisecond))
			var last error
			for range 10 {
				if _, last = users.Login(context.Background(), email, password); last != nil && tt.wantErr == nil {
					t.Fatalf("a call failed despite retries: %v", last)
				}
			}
			if !errors.Is(last, tt.wantErr) && (tt.wantErr != nil || last != nil) {
				t.Fatalf("got %v, want %v", last, tt.wantErr)
			}
			if rt.na.Load() == 0 || rt.sent.Load() <= 10 {
				t.Fatalf("%d requests, %d answered 503: the retry path was not exercised", rt.sent.Load(), rt.na.Load())
			}
		})
	}
}
