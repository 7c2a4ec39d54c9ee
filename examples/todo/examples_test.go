package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/starling-http/starling/examples/todo/app"
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

// checkExamples validates each example of doc against its own schema and
// returns how many it checked and what failed (the users example tests that
// it catches a bad one).
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
