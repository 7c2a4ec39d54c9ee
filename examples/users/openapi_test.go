package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/starling-http/starling/examples/users/app"
)

// The committed document (testdata/openapi.json) is checked, and rewritten
// with -update, by TestContractSnapshot in the app package (contract.Snapshot).
// go test passes -update to every package of ./examples/users/..., so this one
// must accept it too.
var _ = flag.Bool("update", false, "rewrite golden files (used by the app package)")

// TestOpenAPILoads loads the document in libopenapi and builds a validator
// from it, as apitest does, with no errors.
func TestOpenAPILoads(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string][]byte{"json": a.OpenAPI(), "yaml": a.OpenAPIYAML()} {
		d, err := libopenapi.NewDocument(doc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := d.BuildV3Model(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		v, errs := validator.NewValidator(d)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", name, errs)
		}
		if ok, verrs := v.ValidateDocument(); !ok {
			t.Fatalf("%s: not valid OpenAPI 3.1: %v", name, verrs)
		}
	}
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
