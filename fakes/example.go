package fakes

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"reflect"

	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// Examples returns the function the framework calls to put an example on a
// schema or a request body of the OpenAPI document, as Litestar's
// create_examples uses polyfactory. p is the plan being documented; request
// says which view: a request body leaves read-only properties out and
// writes write-only ones, a response fills read-only properties and leaves
// write-only ones out (it is encoded by the codec, as the app
// encodes responses).
//
// Each example is made from seed and the plan's Go type and name alone, not
// from the order of calls, so a document built twice is byte-identical.
// Every optional field is filled, so the example shows every property.
func Examples(seed int64) framework.ExampleFunc {
	return func(s framework.Shape, request bool) (json.RawMessage, error) {
		h, ok := s.(plan.Holder)
		if !ok {
			return nil, fmt.Errorf("fakes: %T is not a shape made by the framework", s)
		}
		p := h.Plan()
		sum := fnv.New64a()
		fmt.Fprintf(sum, "%d|%s|%s|%t", seed, p.Go, p.Name, p.DTO)
		c := newConfig([]Option{Optional(1)})
		c.response = !request
		g := newGen(newSource(sum.Sum64()), c)
		v := reflect.New(p.Go)
		if err := g.value(p, nil, "", v.Elem()); err != nil {
			return nil, fmt.Errorf("fakes: example of %s: %w", p.Go, err)
		}
		if request {
			return encode(tree(p, v.Elem(), true)), nil
		}
		b, err := codec.Marshal(p, v.Interface())
		if err != nil {
			return nil, fmt.Errorf("fakes: example of %s: %w", p.Go, err)
		}
		return b, nil
	}
}
