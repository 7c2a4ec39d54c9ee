package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/starling-http/starling/contract"
	"github.com/starling-http/starling/examples/users/app"
)

// The committed document (testdata/openapi.json) is checked, and rewritten
// with -update, by TestContractSnapshot in the app package (contract.Snapshot).
// go test passes -update to every package of ./examples/users/..., so this one
// must accept it too.
var _ = flag.Bool("update", false, "rewrite golden files (used by the app package)")

// TestOpenAPILoads: the document, in JSON and YAML, is valid OpenAPI 3.1
// for the validator apitest uses.
func TestOpenAPILoads(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	contract.Valid(t, a)
}

// TestOpenAPIFlag checks what -openapi writes: the document, in YAML for a
// .yaml file.
func TestOpenAPIFlag(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for file, want := range map[string][]byte{"doc.json": a.OpenAPI(), "doc.yaml": a.OpenAPIYAML(), "doc.yml": a.OpenAPIYAML()} {
		path := filepath.Join(dir, file)
		if err := writeDocument(a, path); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("-openapi %s wrote something else than the document", file)
		}
	}
}
