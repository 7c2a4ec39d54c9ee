package fakes_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/internal/plan"
)

// The document's examples are stable across builds and valid against the
// schemas they illustrate.
func TestExamplesAreStableAndValid(t *testing.T) {
	d := readDocument(t, proofApp(t))
	example := fakes.Examples(1)
	for _, tc := range []struct {
		typ  reflect.Type
		dto  framework.DTOSpec
		path string
	}{
		{reflect.TypeFor[Profile](), nil, "/t/profile"},
		{reflect.TypeFor[Numbers](), nil, "/t/numbers"},
		{reflect.TypeFor[Kinds](), nil, "/t/kinds"},
		{reflect.TypeFor[Account](), AccountDTO, "/dto/account"},
	} {
		t.Run(tc.typ.Name(), func(t *testing.T) {
			p, err := plan.Of(tc.typ, tc.dto)
			if err != nil {
				t.Fatal(err)
			}
			for _, request := range []bool{true, false} {
				a, err := example(shape{p}, request)
				if err != nil {
					t.Fatal(err)
				}
				p2, _ := plan.Of(tc.typ, tc.dto) // a fresh plan, as a second build has
				b, _ := fakes.Examples(1)(shape{p2}, request)
				if !bytes.Equal(a, b) {
					t.Errorf("request=%v: two builds give\n%s\n%s", request, a, b)
				}
				s := d.requestSchema(t, "POST", tc.path)
				if !request {
					s = d.responseSchema(t, "POST", tc.path, "201")
				}
				if fs := d.validate(s, a); fs != nil {
					t.Errorf("request=%v: example %s fails its schema: %+v", request, a, fs)
				}
			}
		})
	}
}

// shape is a framework.Shape over a plan compiled here, as the app hands one
// to an ExampleFunc.
type shape struct{ p *plan.Type }

func (s shape) Type() reflect.Type { return s.p.Go }
func (s shape) Plan() *plan.Type   { return s.p }
