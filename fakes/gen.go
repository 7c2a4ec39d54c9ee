package fakes

import (
	"fmt"
	"reflect"

	"pgregory.net/rapid"
)

// Gen returns a rapid generator of T made from the same plan and rules as
// Make, for property tests with shrinking: every choice (a length, an item
// count, a character, an enum value, whether an optional field is there) is
// a rapid draw, so a failing value shrinks towards shorter strings, fewer
// items, lower numbers and absent optional fields. Set, With, DTO, Plan and
// Optional apply; Seed is ignored (rapid has its own, -rapid.seed). Gen
// panics when T has no plan.
func Gen[T any](opts ...Option) *rapid.Generator[T] {
	c := newConfig(opts)
	p, err := c.planFor(reflect.TypeFor[T]())
	if err != nil {
		panic(err)
	}
	return rapid.Custom(func(t *rapid.T) T {
		v, err := makeValue[T](rapidSource{t}, p, c)
		if err != nil {
			panic(fmt.Sprintf("fakes.Gen[%s]: %v", p.Go, err))
		}
		return v
	})
}

// rapidSource draws generation's choices from rapid.
type rapidSource struct{ t *rapid.T }

func (s rapidSource) Uint64() uint64 { return rapid.Uint64().Draw(s.t, "bits") }

func (s rapidSource) IntN(n int) int { return rapid.IntRange(0, n-1).Draw(s.t, "choice") }
