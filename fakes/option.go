package fakes

import (
	"fmt"
	"reflect"

	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/internal/plan"
)

// Option configures Make, Many, Invalid, Boundaries, Gen and JSON.
type Option func(*config)

// config is what the options set.
type config struct {
	seed     *int64
	dto      framework.DTOSpec
	plan     *plan.Type
	sets     []setOp
	withs    []withOp
	optional float64 // probability that an optional field is filled
	response bool    // fill read-only fields
}

type setOp struct {
	path  string
	value any
}

type withOp struct {
	typ reflect.Type
	fn  func(any)
}

func newConfig(opts []Option) *config {
	c := &config{optional: 0.75}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// Seed fixes the seed of this one call: the value no longer depends on the
// test's seed or on the calls made before it. Without it each call draws
// from the test's stream (see SeedOf).
func Seed(n int64) Option {
	return func(c *config) { c.seed = &n }
}

// DTO makes values of the DTO's wire shape: its exclusions, renames,
// read-only and write-only fields and partial mode. The DTO's model must be
// the type given to Make.
func DTO(spec framework.DTOSpec) Option {
	return func(c *config) { c.dto = spec }
}

// withPlan makes values from an already compiled plan instead of compiling
// one. Its Go type must be the type given to Make. It is not exported: a
// plan is internal, so a user could not build one to pass (the package's
// own tests reach it through export_test.go).
func withPlan(p *plan.Type) Option {
	return func(c *config) { c.plan = p }
}

// Set overrides one field after the value is made. The path names fields
// by Go name or by wire name (the Go name is tried first), dotted into
// nested structs ("Address.Zip" or "address.zip"), with decimal indexes for
// slice and array items ("Tags.0") and keys for map values ("Meta.color").
// Pointers on the way are allocated. A value assignable to the field, or to
// the type a pointer field points to, is stored as it is; nil stores the
// zero value (nil for pointers); a value of another numeric or string type
// is converted. Overrides are not checked against the rules: use them to
// pin a value, or to break one on purpose.
func Set(path string, value any) Option {
	return func(c *config) { c.sets = append(c.sets, setOp{path, value}) }
}

// With changes the made value with fn, after every Set. T must be the type
// given to Make (Many applies it to each value).
func With[T any](fn func(*T)) Option {
	return func(c *config) {
		c.withs = append(c.withs, withOp{typ: reflect.TypeFor[T](), fn: func(v any) { fn(v.(*T)) }})
	}
}

// Optional sets the probability (0 to 1) that a field which may be left out
// (an optional pointer, or an optional field with omitempty) is filled; the
// default is 0.75. Optional(1) fills every field, Optional(0) only the
// required ones and those without omitempty.
func Optional(p float64) Option {
	return func(c *config) { c.optional = min(max(p, 0), 1) }
}

// Response makes values as a server sends them: read-only fields (ids,
// creation times) are filled too. Return them from a handler to send them:
// the app's response encoder also leaves write-only fields out.
func Response() Option {
	return func(c *config) { c.response = true }
}

// planFor returns the plan values of t are made from.
func (c *config) planFor(t reflect.Type) (*plan.Type, error) {
	if c.plan != nil {
		if c.plan.Go != t {
			return nil, fmt.Errorf("fakes: the plan describes %s, not %s", c.plan.Go, t)
		}
		return c.plan, nil
	}
	p, err := plan.Of(t, c.dto)
	if err != nil {
		return nil, fmt.Errorf("fakes: %w", err)
	}
	return p, nil
}
