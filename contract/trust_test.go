package contract_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/starling-http/starling/contract"
)

// trustDoc documents two operations: GET /echo?n= (an integer 0..1000 that
// the crashing server drops the connection on from 500 up) and GET /me, a
// guarded operation with no parameters and no body.
const trustDoc = `{
  "openapi": "3.1.0",
  "info": {"title": "trust", "version": "1"},
  "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
  "paths": {
    "/echo": {"get": {"operationId": "echo",
      "parameters": [{"name": "n", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 0, "maximum": 1000}}],
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}, "additionalProperties": false}}}},
        "400": {"description": "bad"}}}},
    "/me": {"get": {"operationId": "me", "security": [{"bearer": []}],
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": false}}}},
        "401": {"description": "no credentials"}}}}
  }
}`

func trustDocument(t testing.TB) *contract.Document {
	t.Helper()
	d, err := contract.Parse([]byte(trustDoc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// trustServer serves trustDoc; crashAt > 0 drops the connection on n >=
// crashAt; openMe answers GET /me without looking at credentials.
func trustServer(crashAt int, openMe bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /echo", func(w http.ResponseWriter, r *http.Request) {
		n := r.URL.Query().Get("n")
		var v int
		for _, c := range n {
			if c < '0' || c > '9' || len(n) > 4 {
				w.WriteHeader(400)
				return
			}
			v = v*10 + int(c-'0')
		}
		if n == "" || v > 1000 {
			w.WriteHeader(400)
			return
		}
		if crashAt > 0 && v >= crashAt {
			panic(http.ErrAbortHandler) // drops the connection, as a crash does
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"n":` + n + `}`))
	})
	mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		if !openMe && r.Header.Get("Authorization") != "Bearer good" {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"me"}`))
	})
	return mux
}

func probeTrust(t *testing.T, h http.Handler, opts ...contract.ProbeOption) *contract.ProbeReport {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts = append([]contract.ProbeOption{contract.Header("Authorization", "Bearer good"), contract.Examples(30)}, opts...)
	r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, trustDocument(t)), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestProbeDeadTargetFails: nothing listens at the URL: the probe is an
// error (ErrUnreachable), never a green run.
func TestProbeDeadTargetFails(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	r, err := contract.RunProbe(context.Background(), contract.URL(url, trustDocument(t)))
	if !errors.Is(err, contract.ErrUnreachable) {
		t.Fatalf("RunProbe on a dead port: err %v, report %+v; want ErrUnreachable", err, r)
	}
}

// TestProbeSilentTargetFails: something accepts connections but never
// answers HTTP: unreachable too.
func TestProbeSilentTargetFails(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, err = contract.RunProbe(context.Background(), contract.URL("http://"+l.Addr().String(), trustDocument(t)))
	if !errors.Is(err, contract.ErrUnreachable) {
		t.Fatalf("RunProbe on a server that closes every connection: err %v; want ErrUnreachable", err)
	}
}

// TestProbeCrashIsOneFailure: a server that drops the connection on n >=
// 500 gives exactly one no-crash failure, shrunk to the smallest such n,
// with a curl line.
func TestProbeCrashIsOneFailure(t *testing.T) {
	r := probeTrust(t, trustServer(500, false))
	var crashes []contract.Failure
	for _, f := range r.Failures {
		if f.Check == contract.CheckNoCrash {
			crashes = append(crashes, f)
		} else {
			t.Errorf("unexpected failure: %s", f)
		}
	}
	if len(crashes) != 1 {
		t.Fatalf("%d no-crash failures, want 1: %v (notes %v)", len(crashes), crashes, r.Notes)
	}
	f := crashes[0]
	if f.Operation != "echo" || !strings.Contains(f.Curl, "curl -i -X GET") {
		t.Errorf("the failure is not the shrunk crash with a curl line: %s", f)
	}
}

// TestProbeGuardedWithoutInputs: GET /me has no parameters and no body and
// answers 200 without credentials: one auth failure.
func TestProbeGuardedWithoutInputs(t *testing.T) {
	r := probeTrust(t, trustServer(0, true))
	var auth []contract.Failure
	for _, f := range r.Failures {
		if f.Check == contract.CheckAuth && f.Operation == "me" {
			auth = append(auth, f)
		} else {
			t.Errorf("unexpected failure: %s", f)
		}
	}
	if len(auth) != 1 {
		t.Fatalf("%d auth failures on GET /me, want 1 (notes %v)", len(auth), r.Notes)
	}
	for _, n := range r.Notes {
		if strings.Contains(n, "could not be generated") {
			t.Errorf("a phase produced nothing: %s", n)
		}
	}
}

// TestProbeCorrectTrustServer: the control: the correct server passes, and
// every operation was exercised.
func TestProbeCorrectTrustServer(t *testing.T) {
	r := probeTrust(t, trustServer(0, false))
	for _, f := range r.Failures {
		t.Errorf("unexpected failure: %s", f)
	}
	if len(r.Unexercised) != 0 {
		t.Errorf("operations not exercised: %v", r.Unexercised)
	}
}
