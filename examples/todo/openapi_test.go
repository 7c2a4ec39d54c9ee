package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starling-http/starling/contract"
	"github.com/starling-http/starling/examples/todo/app"
)

// The committed document (testdata/openapi.json) is checked, and rewritten
// with -update, by TestContractSnapshot in the app package (contract.Snapshot).
// go test passes -update to every package of ./examples/todo/..., so this one
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

// TestOpenAPIEnums: the enums are declared once in Go, as constants, and
// again in validate tags; the document lists exactly the constants once, in
// one component per Go type, and every use (bodies, partial bodies, query
// parameters) refers to it, so generators make one type per enum.
func TestOpenAPIEnums(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	type ref struct {
		Ref string `json:"$ref"`
	}
	var doc struct {
		Paths      map[string]map[string]json.RawMessage
		Components struct {
			Schemas map[string]struct {
				Enum       []string
				Properties map[string]ref
			}
		}
	}
	if err := json.Unmarshal(a.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		component string
		values    []string
	}{
		"status":   {"Status", []string{string(app.StatusOpen), string(app.StatusDone)}},
		"priority": {"Priority", []string{string(app.PriorityLow), string(app.PriorityNormal), string(app.PriorityHigh)}},
	}
	for _, w := range want {
		if got := doc.Components.Schemas[w.component].Enum; !equal(got, w.values) {
			t.Errorf("component %s: enum %v, want %v", w.component, got, w.values)
		}
	}
	for _, schema := range []string{"Todo", "TodoInput", "PartialTodo"} {
		for prop, w := range want {
			if got := doc.Components.Schemas[schema].Properties[prop].Ref; got != "#/components/schemas/"+w.component {
				t.Errorf("%s.%s: $ref %q, want the %s component", schema, prop, got, w.component)
			}
		}
	}
	var list struct {
		Parameters []struct {
			Name   string
			Schema ref
		}
	}
	if err := json.Unmarshal(doc.Paths["/lists/{list_id}/todos"]["get"], &list); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, p := range list.Parameters {
		if w, ok := want[p.Name]; ok {
			found++
			if p.Schema.Ref != "#/components/schemas/"+w.component {
				t.Errorf("query %s: $ref %q, want the %s component", p.Name, p.Schema.Ref, w.component)
			}
		}
	}
	if found != len(want) {
		t.Errorf("listTodos has %d of the %d enum query parameters", found, len(want))
	}
}

// TestOpenAPIOneChecklistItemInput: the partial body's checklist item and
// the request body's have one shape, so they are one component.
func TestOpenAPIOneChecklistItemInput(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Items struct {
						Ref string `json:"$ref"`
					}
				}
			}
		}
	}
	if err := json.Unmarshal(a.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.Components.Schemas["PartialTodoChecklistItem"]; ok {
		t.Error("PartialTodoChecklistItem is a component of its own")
	}
	for _, s := range []string{"TodoInput", "PartialTodo"} {
		if got := doc.Components.Schemas[s].Properties["checklist"].Items.Ref; got != "#/components/schemas/TodoChecklistItemInput" {
			t.Errorf("%s.checklist items: %q", s, got)
		}
	}
}

func equal(a, b []string) bool { return strings.Join(a, "|") == strings.Join(b, "|") }

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

// TestParseFlags: the flags, their defaults, ADDR and PORT.
func TestParseFlags(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	for _, tt := range []struct {
		args          []string
		env           map[string]string
		addr, openapi string
		err           bool
	}{
		{args: nil, addr: "127.0.0.1:8001"},
		{args: nil, env: map[string]string{"ADDR": ":9000"}, addr: ":9000"},
		{args: nil, env: map[string]string{"PORT": "9100"}, addr: "127.0.0.1:9100"},
		{args: nil, env: map[string]string{"ADDR": ":9000", "PORT": "9100"}, addr: ":9000"},
		{args: []string{"-addr", "0.0.0.0:80"}, env: map[string]string{"ADDR": ":9000"}, addr: "0.0.0.0:80"},
		{args: []string{"-addr", "0.0.0.0:80"}, env: map[string]string{"PORT": "9100"}, addr: "0.0.0.0:80"},
		{args: []string{"-openapi", "-"}, addr: "127.0.0.1:8001", openapi: "-"},
		{args: []string{"serve"}, err: true},
		{args: []string{"-port", "1"}, err: true},
	} {
		addr, openapi, err := parseFlags(tt.args, env(tt.env), io.Discard)
		if (err != nil) != tt.err {
			t.Errorf("%q: error %v, want error %t", tt.args, err, tt.err)
			continue
		}
		if !tt.err && (addr != tt.addr || openapi != tt.openapi) {
			t.Errorf("%q: addr %q, openapi %q; want %q, %q", tt.args, addr, openapi, tt.addr, tt.openapi)
		}
	}
}
