package fakes

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/starling-http/starling/internal/plan"
)

// Make returns a T whose every field satisfies its rules in T's type plan
// (as the app compiles it, or the DTO given with the DTO option): lengths in code
// points, bounds (exclusive ones too) and multipleOf, patterns, formats,
// enums and consts, item counts and uniqueness, nested structs, slices,
// arrays, maps and pointers. Optional fields (pointers and omitempty fields
// that are not required) are sometimes left out; read-only fields are left
// zero, as a request must not send them; write-only fields are filled.
// Strings are realistic for their field's name where the rules allow
// (email, first_name, city, phone, url, company, title, description …).
//
// Values are reproducible: see SeedOf. Set and With override fields after
// the value is made. Make fails the test when T has no plan or when a field's
// rules cannot be satisfied.
func Make[T any](t testing.TB, opts ...Option) T {
	t.Helper()
	c := newConfig(opts)
	p := mustPlan[T](t, c)
	v, err := makeValue[T](newSource(callSeed(t, c)), p, c)
	if err != nil {
		t.Fatalf("fakes.Make[%s]: %v", reflect.TypeFor[T](), err)
	}
	return v
}

// Many returns n values made as Make makes one, each with its own seed. Set
// and With apply to each.
func Many[T any](t testing.TB, n int, opts ...Option) []T {
	t.Helper()
	c := newConfig(opts)
	p := mustPlan[T](t, c)
	src := newSource(callSeed(t, c))
	out := make([]T, n)
	for i := range out {
		v, err := makeValue[T](newSource(src.Uint64()), p, c)
		if err != nil {
			t.Fatalf("fakes.Many[%s]: value %d: %v", reflect.TypeFor[T](), i, err)
		}
		out[i] = v
	}
	return out
}

func mustPlan[T any](t testing.TB, c *config) *plan.Type {
	t.Helper()
	p, err := c.planFor(reflect.TypeFor[T]())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// makeValue makes one T from src and applies the overrides.
func makeValue[T any](src source, p *plan.Type, c *config) (T, error) {
	var v T
	g := newGen(src, c)
	if err := g.value(p, nil, "", reflect.ValueOf(&v).Elem()); err != nil {
		return v, err
	}
	return v, override(&v, p, c)
}

// override applies Set and With options to *v.
func override[T any](v *T, p *plan.Type, c *config) error {
	root := reflect.ValueOf(v).Elem()
	for _, s := range c.sets {
		if err := setPath(root, p, s.path, s.value); err != nil {
			return fmt.Errorf("Set(%q): %w", s.path, err)
		}
	}
	for _, w := range c.withs {
		if w.typ != root.Type() {
			return fmt.Errorf("With: the function takes *%s, the value is a %s", w.typ, root.Type())
		}
		w.fn(v)
	}
	return nil
}
