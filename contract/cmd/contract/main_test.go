package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const v1 = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /ping:
    get:
      operationId: ping
      parameters: [{name: n, in: query, schema: {type: integer, minimum: 1, maximum: 9}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, required: [ok], properties: {ok: {type: boolean}}}}}
        "400": {description: bad, content: {application/json: {schema: {type: object}}}}
`

// v2 makes n required: a breaking change for senders.
var v2 = strings.Replace(v1, "name: n, in: query,", "name: n, in: query, required: true,", 1)

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func cli(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"nope"}, {"diff", "one"}, {"probe"}, {"snapshot", "--spec", "x"}, {"diff", "a", "b", "--format", "xml"}} {
		if code, _, _ := cli(args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := cli("rules"); code != 0 || !strings.Contains(out, "response-enum-value-added") {
		t.Errorf("rules: %d\n%s", code, out)
	}
}

func TestDiff(t *testing.T) {
	a, b := write(t, "a.yaml", v1), write(t, "b.yaml", v2)
	if code, out, _ := cli("diff", a, a); code != exitOK || !strings.Contains(out, "0 changes") {
		t.Errorf("same: %d %s", code, out)
	}
	junit := filepath.Join(t.TempDir(), "diff.xml")
	code, out, _ := cli("diff", a, b, "--junit", junit)
	if code != exitFindings || !strings.Contains(out, "request-parameter-became-required") {
		t.Errorf("breaking: %d %s", code, out)
	}
	if x, err := os.ReadFile(junit); err != nil || !strings.Contains(string(x), `failures="1"`) {
		t.Errorf("junit: %v %s", err, x)
	}
	code, out, _ = cli("diff", "--format", "json", a, b)
	var r struct{ Changes []struct{ Rule string } }
	if code != exitFindings || json.Unmarshal([]byte(out), &r) != nil || len(r.Changes) != 1 {
		t.Errorf("json: %d %s", code, out)
	}
	ack := write(t, "ack.yaml", "- {rule: request-parameter-became-required, location: 'GET /ping query.n', reason: n was always sent}\n")
	if code, out, _ := cli("diff", a, b, "--ack", ack); code != exitOK || !strings.Contains(out, "acknowledged: n was always sent") {
		t.Errorf("acknowledged: %d %s", code, out)
	}
	if code, _, _ := cli("diff", a, b, "--fail-on", "WARN", "--ack", ack); code != exitOK {
		t.Errorf("--fail-on WARN with nothing at WARN: %d", code)
	}
	if code, _, errs := cli("diff", a, filepath.Join(t.TempDir(), "missing.yaml")); code != exitUsage || errs == "" {
		t.Errorf("missing file: %d %q", code, errs)
	}
}

func TestSnapshot(t *testing.T) {
	spec := write(t, "api.yaml", v1)
	golden := filepath.Join(t.TempDir(), "golden.yaml")
	if code, out, _ := cli("snapshot", "--spec", spec, "--golden", golden); code != exitFindings || !strings.Contains(out, "does not exist") {
		t.Errorf("no golden: %d %s", code, out)
	}
	if code, _, _ := cli("snapshot", "--spec", spec, "--golden", golden, "--update"); code != exitOK {
		t.Errorf("update: %d", code)
	}
	if code, _, _ := cli("snapshot", "--spec", spec, "--golden", golden); code != exitOK {
		t.Errorf("match: %d", code)
	}
	changed := write(t, "api2.yaml", v2)
	if code, out, _ := cli("snapshot", "--spec", changed, "--golden", golden); code != exitFindings || !strings.Contains(out, "~ GET /ping") {
		t.Errorf("drift: %d %s", code, out)
	}
}

func pingServer(extra bool) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/ping" {
			w.WriteHeader(404)
			return
		}
		if q := r.URL.Query().Get("n"); q != "" && (len(q) != 1 || q[0] < '1' || q[0] > '9') {
			w.WriteHeader(400)
			w.Write([]byte(`{}`))
			return
		}
		if extra {
			w.Write([]byte(`{"ok":true,"debug":"x"}`))
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
}

func TestProbe(t *testing.T) {
	spec := write(t, "api.yaml", v1)
	good := pingServer(false)
	defer good.Close()
	if code, out, errs := cli("probe", "--spec", spec, "--url", good.URL, "--examples", "5", "--seed", "42"); code != exitOK {
		t.Errorf("a correct service: %d\n%s%s", code, out, errs)
	}
	bad := pingServer(true)
	defer bad.Close()
	junit := filepath.Join(t.TempDir(), "probe.xml")
	code, out, _ := cli("probe", "--spec", spec, "--url", bad.URL, "--examples", "5", "--junit", junit)
	if code != exitFindings || !strings.Contains(out, "no-undocumented-property") || !strings.Contains(out, "curl -i -X GET") ||
		!strings.Contains(out, "replay: contract probe") {
		t.Errorf("a defective service: %d\n%s", code, out)
	}
	if x, _ := os.ReadFile(junit); !strings.Contains(string(x), "<failure") {
		t.Errorf("junit:\n%s", x)
	}
	code, out, _ = cli("probe", "--spec", spec, "--url", bad.URL, "--known", "no-undocumented-property:ping:debug field, TICKET-9")
	if code != exitOK || !strings.Contains(out, "KNOWN (debug field, TICKET-9)") {
		t.Errorf("known: %d\n%s", code, out)
	}
}
