package framework

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/starling-http/starling/internal/plan"
)

// ExampleFunc makes the example value of a shape for the document: the
// request view (request true: no read-only fields) or the response view.
// It must be deterministic, so the document stays byte-stable; fakes.Examples
// is the usual implementation.
type ExampleFunc func(s Shape, request bool) (json.RawMessage, error)

// WithExamples puts an example on every component schema and request body
// of the document, made by fn. The framework defines the hook and the app
// passes the implementation in, so the framework never imports test code.
func WithExamples(fn ExampleFunc) Option {
	return appOption(func(c *appConfig) { c.openapi.examples = fn })
}

// example returns the document node of t's example in view v, or nil.
func (s *schemaSet) example(t *plan.Type, v view) (any, error) {
	if s.examples == nil {
		return nil, nil
	}
	raw, err := s.examples(shape{t}, v == viewRequest)
	if err != nil {
		return nil, fmt.Errorf("example of %s: %w", t.Go, err)
	}
	return rawNode(raw)
}

// rawNode turns JSON into document nodes, keeping the order of object keys.
func rawNode(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	n, err := readNode(dec)
	if err != nil {
		return nil, fmt.Errorf("example is not valid JSON: %w", err)
	}
	return n, nil
}

func readNode(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '{' {
			o := obj()
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := readNode(dec)
				if err != nil {
					return nil, err
				}
				o.set(k.(string), v)
			}
			_, err := dec.Token()
			return o, err
		}
		arr := []any{}
		for dec.More() {
			v, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.Token()
		return arr, err
	case json.Number:
		return jsonNumber(tok.String()), nil
	default:
		return tok, nil // string, bool or nil
	}
}
