package contract_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// The -update flag refreshes golden files. It is looked up rather than
// owned, so another test file of the package may register it too.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files with the current output")
	}
}

func gateUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// gateGolden compares got with the file at path, or rewrites the file under
// -update.
func gateGolden(t testing.TB, path string, got []byte) {
	t.Helper()
	if gateUpdating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s is out of date: run go test ./contract -run %s -update and review the diff", path, t.Name())
	}
}
