package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/starling-http/starling/examples/users/app"
)

// update rewrites the golden document: go test ./examples/users/... -update
var update = flag.Bool("update", false, "rewrite testdata/openapi.json from the app")

const golden = "testdata/openapi.json"

// TestOpenAPIGolden compares the app's document with the committed copy, so
// that every change to the API shows up in review as a change to the file.
func TestOpenAPIGolden(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	got := a.OpenAPI()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (write it with: go test ./examples/users/... -update)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("the document differs from %s at line %d:\n got  %s\n want %s\nif the change is meant, run: go test ./examples/users/... -update", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("the document differs from %s in length (%d lines, want %d); if the change is meant, run: go test ./examples/users/... -update", golden, len(gl), len(wl))
	}
}

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
