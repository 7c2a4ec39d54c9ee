package app_test

// The users service's contract, checked three ways:
//
//   - TestContractSnapshot: the document is committed
//     (examples/users/testdata/openapi.json, the golden file the users
//     command's test shares) and a change to it shows up in review. Accept
//     one with STARLING_UPDATE=1 go test ./examples/users/app (or
//     go test ./examples/users/... -update).
//   - TestContractCompatible: the document stays compatible with the
//     released one (testdata/openapi.v1.yaml). A deliberate break is
//     acknowledged, with a reason, in testdata/contract-acks.yaml.
//   - TestContractProbe: the service keeps the document's promises for
//     generated requests (contract.Probe).

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/starling-http/starling/contract"
	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
)

// contractApp is the app with a cheap hasher, in memory.
func contractApp(t *testing.T) *framework.App {
	t.Helper()
	a, err := app.New(framework.WithOverrides(framework.Value[app.Hasher](app.Bcrypt{Cost: bcrypt.MinCost})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Shutdown(t.Context()) })
	return a
}

// contractToken signs a user up and logs in, for the guarded operations.
func contractToken(t *testing.T, h http.Handler) string {
	t.Helper()
	postJSON(t, h, "/users", map[string]any{"email": "prober@example.com", "password": "probe-password", "name": "Prober"})
	return signIn(t, h, "prober@example.com", "probe-password")
}

// postJSON sends body as JSON to h and fails t unless the answer is 2xx.
func postJSON(t *testing.T, h http.Handler, path string, body any) []byte {
	t.Helper()
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 300 {
		t.Fatalf("POST %s: %d %s", path, rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// signIn logs a user in and returns its bearer token.
func signIn(t *testing.T, h http.Handler, email, password string) string {
	t.Helper()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(postJSON(t, h, "/auth/login", map[string]any{"email": email, "password": password}), &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("no token: %v", err)
	}
	return tok.AccessToken
}

func TestContractSnapshot(t *testing.T) {
	contract.Snapshot(t, contractApp(t), "../testdata/openapi.json")
}

func TestContractCompatible(t *testing.T) {
	contract.Compatible(t, contractApp(t), "testdata/openapi.v1.yaml", contract.AckFile("testdata/contract-acks.yaml"))
}

func TestContractProbe(t *testing.T) {
	a := contractApp(t)
	contract.Probe(t, contract.App(a), contract.Header("Authorization", "Bearer "+contractToken(t, a)))
}
