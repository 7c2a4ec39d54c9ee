package contract_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starling-http/starling/contract"
	"github.com/starling-http/starling/framework"
)

func TestWriteChoosesFormatByExtension(t *testing.T) {
	a, err := notesApp()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, prefix := range map[string]string{"api.json": "{", "nested/api.yaml": "openapi:", "api.yml": "openapi:"} {
		path := filepath.Join(dir, name)
		if err := contract.Write(a, path); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		if !strings.HasPrefix(string(data), prefix) {
			t.Errorf("%s starts with %.20q", name, data)
		}
		d, err := contract.Load(path)
		if err != nil || d.Version() != "3.1.0" {
			t.Errorf("%s: %v %q", name, err, d.Version())
		}
	}
}

func TestSnapshot(t *testing.T) {
	t.Setenv(contract.UpdateEnv, "")
	a, err := notesApp()
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(t.TempDir(), "openapi.json")

	// No golden file yet: a failure that says how to create it.
	f := run(func(tb testing.TB) { contract.Snapshot(tb, a, golden) })
	// go test runs in the package's directory; the command is for the
	// module root, so it names the package.
	const rerun = "accept it from the module root with:\n  STARLING_UPDATE=1 go test -run '^TestFake$' ./contract"
	if !strings.Contains(f.text(), "does not exist") || !strings.Contains(f.text(), rerun) {
		t.Errorf("missing golden: %s", f.text())
	}

	// STARLING_UPDATE=1 writes it; then it matches.
	t.Setenv(contract.UpdateEnv, "1")
	if f := run(func(tb testing.TB) { contract.Snapshot(tb, a, golden) }); len(f.errors) > 0 {
		t.Fatalf("update: %s", f.text())
	}
	t.Setenv(contract.UpdateEnv, "")
	if f := run(func(tb testing.TB) { contract.Snapshot(tb, a, golden) }); len(f.errors) > 0 {
		t.Fatalf("unchanged: %s", f.text())
	}

	// A changed app: the failure names the operation, the schema and shows a diff.
	b, err := a.With(framework.Mount(framework.Get("/extra", func(_ context.Context, _ struct{}) (NewNote, error) {
		return NewNote{}, nil
	})))
	if err != nil {
		t.Fatal(err)
	}
	f = run(func(tb testing.TB) { contract.Snapshot(tb, b, golden) })
	for _, want := range []string{"operations:\n  + GET /extra", "diff (-golden +current)", `"operationId": "getExtra"`, rerun} {
		if !strings.Contains(f.text(), want) {
			t.Errorf("the drift report lacks %q:\n%s", want, f.text())
		}
	}
}

func TestCompareSnapshotIgnoresFormatting(t *testing.T) {
	golden := filepath.Join(t.TempDir(), "g.yaml")
	os.WriteFile(golden, []byte("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"), 0o644)
	drift, err := contract.CompareSnapshot([]byte(`{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{}}`), golden, false)
	if err != nil || drift != nil {
		t.Errorf("the same document in another format drifted: %v %v", drift, err)
	}
	drift, _ = contract.CompareSnapshot([]byte(`{"openapi":"3.1.0","info":{"title":"t","version":"2"},"paths":{}}`), golden, false)
	if drift == nil || len(drift.Other) != 1 || drift.Other[0] != "info" {
		t.Errorf("drift: %+v", drift)
	}
}

func TestCompatible(t *testing.T) {
	a, err := notesApp()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	baseline := filepath.Join(dir, "v1.json")
	if err := contract.Write(a, baseline); err != nil {
		t.Fatal(err)
	}
	if f := run(func(tb testing.TB) { contract.Compatible(tb, a, baseline) }); len(f.errors) > 0 {
		t.Fatalf("an app is compatible with itself: %s", f.text())
	}
	// Remove the DELETE route: a breaking change, until acknowledged.
	b, err := framework.New(framework.WithInfo(framework.Info{Title: "Notes", Version: "1.0.0"}))
	if err != nil {
		t.Fatal(err)
	}
	f := run(func(tb testing.TB) { contract.Compatible(tb, b, baseline) })
	if !strings.Contains(f.text(), "path-removed") || !strings.Contains(f.text(), "acknowledge") {
		t.Errorf("got: %s", f.text())
	}
	acks := filepath.Join(dir, "acks.yaml")
	os.WriteFile(acks, []byte("acknowledged:\n  - {rule: path-removed, location: '/notes*', reason: notes are retired}\n"), 0o644)
	if f := run(func(tb testing.TB) { contract.Compatible(tb, b, baseline, contract.AckFile(acks)) }); len(f.errors) > 0 {
		t.Errorf("acknowledged: %s", f.text())
	}
}
