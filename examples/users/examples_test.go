package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/starling-http/starling/examples/users/app"
)

// TestDocumentExamplesSatisfySchemas walks the document and validates every
// example against the schema it illustrates (component examples, request
// and response media, parameters, headers), formats asserted: a generator
// or a mock server that shows them must never show a value the API refuses.
func TestDocumentExamplesSatisfySchemas(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	n, errs := checkExamples(t, a.OpenAPI())
	for _, e := range errs {
		t.Error(e)
	}
	if n == 0 {
		t.Fatal("the document has no examples to check")
	}
	t.Logf("%d examples checked", n)
}

// TestCheckExamplesCatches: the walker finds an example that breaks its
// schema, in a component and in a parameter.
func TestCheckExamplesCatches(t *testing.T) {
	doc := `{"openapi":"3.1.0","paths":{"/x":{"get":{"parameters":[{"name":"limit","in":"query",
		"schema":{"type":"integer","maximum":100},"example":228}]}}},
		"components":{"schemas":{"Problem":{"type":"object","properties":{"status":{"type":"integer","minimum":100,"maximum":599}},
		"examples":[{"status":867}]}}}}`
	n, errs := checkExamples(t, []byte(doc))
	if n != 2 || len(errs) != 2 {
		t.Fatalf("checked %d, errors %q; want 2 and 2", n, errs)
	}
}

// checkExamples validates each example of doc against its own schema and
// returns how many it checked and what failed.
func checkExamples(t *testing.T, doc []byte) (int, []string) {
	t.Helper()
	var errs []string
	root, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	const base = "mem:///openapi.json"
	if err := c.AddResource(base, root); err != nil {
		t.Fatal(err)
	}
	checked := 0
	check := func(schemaPtr string, example any) {
		checked++
		s, err := c.Compile(base + "#" + schemaPtr)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", schemaPtr, err))
			return
		}
		if err := s.Validate(example); err != nil {
			errs = append(errs, fmt.Sprintf("the example at %s does not satisfy its schema: %v", schemaPtr, err))
		}
	}
	var walk func(ptr string, v any)
	walk = func(ptr string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if ex, ok := v["example"]; ok {
				if _, ok := v["schema"]; ok { // media type, parameter, header
					check(ptr+"/schema", ex)
				}
			}
			if exs, ok := v["examples"].([]any); ok && strings.Contains(ptr, "/components/schemas/") {
				for _, ex := range exs {
					check(ptr, ex)
				}
			}
			for k, e := range v {
				walk(ptr+"/"+strings.NewReplacer("~", "~0", "/", "~1").Replace(k), e)
			}
		case []any:
			for i, e := range v {
				walk(fmt.Sprintf("%s/%d", ptr, i), e)
			}
		}
	}
	var m any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	walk("", m)
	return checked, errs
}
