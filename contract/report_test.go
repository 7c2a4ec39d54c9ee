package contract_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starling-http/starling/contract"
)

const v1 = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      parameters: [{name: q, in: query, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /b:
    get:
      responses: {"200": {description: ok}}
`

const v2 = `openapi: 3.1.0
info: {title: t, version: "2"}
paths:
  /a:
    get:
      parameters: [{name: q, in: query, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
`

func docs(t *testing.T) (*contract.Document, *contract.Document) {
	t.Helper()
	a, err := contract.Parse([]byte(v1))
	if err != nil {
		t.Fatal(err)
	}
	b, err := contract.Parse([]byte(v2))
	if err != nil {
		t.Fatal(err)
	}
	a.Source, b.Source = "v1", "v2"
	return a, b
}

func TestAcks(t *testing.T) {
	base, head := docs(t)
	for name, text := range map[string]string{
		"yaml":      "acknowledged:\n  - rule: path-removed\n    location: /b\n    reason: gone for good\n",
		"yaml list": "- {rule: path-removed, location: /b, reason: gone for good}\n",
		"json":      `{"acknowledged": [{"rule": "path-removed", "location": "/*", "reason": "gone for good"}]}`,
		"json list": `[{"rule": "path-removed", "location": "/b", "reason": "gone for good"}]`,
	} {
		acks, err := contract.ParseAcks([]byte(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := contract.Compare(base, head, acks)
		fails := r.Failures(contract.Err)
		if len(fails) != 1 || fails[0].Rule != contract.RuleParamBecameRequired {
			t.Errorf("%s: failures %v", name, fails)
		}
	}
	for text, want := range map[string]string{
		"- {rule: nope, location: /b, reason: x}":          "unknown rule",
		"- {rule: path-removed, location: /b}":             "reason is required",
		"- {rule: path-removed, reason: x}":                "no location",
		"- {rule: path-removed, location: /x, reason: ok}": "",
	} {
		_, err := contract.ParseAcks([]byte(text))
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
	acks, _ := contract.ParseAcks([]byte("- {rule: path-removed, location: /zzz, reason: stale}"))
	if r := contract.Compare(base, head, acks); len(r.UnusedAcks) != 1 {
		t.Errorf("a stale acknowledgement is not reported: %+v", r)
	}
}

func TestReportFormats(t *testing.T) {
	base, head := docs(t)
	r := contract.Compare(base, head, nil)
	var text, js, junit bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "ERR  path-removed") || !strings.Contains(text.String(), "2 changes: 2 ERR") {
		t.Errorf("text:\n%s", text.String())
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Changes []struct{ Rule, Level, Direction, Location string }
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Changes) != 2 || back.Changes[0].Level != "ERR" {
		t.Errorf("json: %v %s", err, js.String())
	}
	if err := r.WriteJUnit(&junit, contract.Err); err != nil {
		t.Fatal(err)
	}
	var suites struct {
		Suites []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(junit.Bytes(), &suites); err != nil || suites.Suites[0].Failures != 2 {
		t.Errorf("junit: %v\n%s", err, junit.String())
	}
}

func TestLoadRevision(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	gitRun := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitRun("init", "-q")
	os.WriteFile(filepath.Join(dir, "api.yaml"), []byte(v1), 0o644)
	gitRun("add", "api.yaml")
	gitRun("commit", "-q", "-m", "v1")
	os.WriteFile(filepath.Join(dir, "api.yaml"), []byte(v2), 0o644)
	t.Chdir(dir)
	base, err := contract.LoadRevision("HEAD", "api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	head, err := contract.Load("api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r := contract.Compare(base, head, nil); len(r.Changes) != 2 || base.Source != "HEAD:api.yaml" {
		t.Errorf("%s: %+v", base.Source, r.Changes)
	}
	if _, err := contract.Load("HEAD:missing.yaml"); err == nil || !strings.Contains(err.Error(), "git show") {
		t.Errorf("a missing file at a revision: %v", err)
	}
}
