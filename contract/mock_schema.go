package contract

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// schemas compiles the schemas of one document, by JSON pointer, with the
// JSON Schema 2020-12 dialect of OpenAPI 3.1 and formats asserted.
type schemas struct {
	c    *jsonschema.Compiler
	byPt map[string]*jsonschema.Schema
}

const mockDocURL = "mem:///openapi.json"

func newSchemas(d *Document) (*schemas, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(mockDocURL, d.root); err != nil {
		return nil, fmt.Errorf("loading the document's schemas: %w", err)
	}
	return &schemas{c: c, byPt: map[string]*jsonschema.Schema{}}, nil
}

// compile compiles the schema at the local pointer ptr ("#/paths/…").
func (s *schemas) compile(ptr string) (*jsonschema.Schema, error) {
	if sch, ok := s.byPt[ptr]; ok {
		return sch, nil
	}
	sch, err := s.c.Compile(mockDocURL + ptr)
	if err != nil {
		return nil, fmt.Errorf("%s: the schema does not compile: %w", ptr, err)
	}
	s.byPt[ptr] = sch
	return sch, nil
}

// schemaError is one way a value breaks its schema.
type schemaError struct {
	Pointer string // in the value, "" for the whole value
	Message string
}

// check validates v and lists what is wrong with it, most specific first.
func check(sch *jsonschema.Schema, v any) []schemaError {
	err := sch.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []schemaError{{Message: err.Error()}}
	}
	var out []schemaError
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		ptr := ""
		for _, tok := range e.InstanceLocation {
			ptr += "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
		}
		msg := e.ErrorKind.LocalizedString(english)
		if k := ptr + "\x00" + msg; !seen[k] {
			seen[k] = true
			out = append(out, schemaError{Pointer: ptr, Message: msg})
		}
	}
	walk(ve)
	// The validator's causes come in map order: sort, so the same request
	// always gets the same problem.
	slices.SortFunc(out, func(a, b schemaError) int {
		return cmp.Or(strings.Compare(a.Pointer, b.Pointer), strings.Compare(a.Message, b.Message))
	})
	return out
}

// english prints the validator's messages.
var english = message.NewPrinter(language.English)

// ptrJoin appends reference tokens to a local pointer, escaped.
func ptrJoin(ptr string, toks ...string) string {
	var b strings.Builder
	b.WriteString(ptr)
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}

// follow resolves the $ref chain at the local pointer ptr and returns the
// object it ends at and that object's pointer. External references are
// errors: the mock serves one document.
func (d *Document) follow(ptr string) (map[string]any, string, error) {
	for range 32 {
		m := obj(d.pointer(ptr))
		if m == nil {
			return nil, ptr, fmt.Errorf("%s: nothing there", ptr)
		}
		r := str(m, "$ref")
		if r == "" {
			return m, ptr, nil
		}
		if !strings.HasPrefix(r, "#") {
			return nil, ptr, fmt.Errorf("%s: external reference %q: the mock serves self-contained documents", ptr, r)
		}
		if u, err := url.PathUnescape(r); err == nil {
			r = u
		}
		ptr = r
	}
	return nil, ptr, fmt.Errorf("%s: a $ref cycle", ptr)
}
