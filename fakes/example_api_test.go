package fakes_test

import (
	"fmt"
	"testing"

	"github.com/starling-http/starling/fakes"
)

// Make returns a value that satisfies every rule of its type; Set pins a
// field. Seed makes it reproducible (in a test, the seed comes from the
// test's name, or STARLING_FAKES_SEED to replay a failure).
func ExampleMake() {
	t := &testing.T{} // in a test, the test's own t
	s := fakes.Make[Signup](t, fakes.Seed(3), fakes.Set("Age", 30))
	fmt.Println(s.Age, s.Plan == "free" || s.Plan == "pro", len(s.Email) <= 60)
	// Output: 30 true true
}

// Many returns n values, each valid on its own.
func ExampleMany() {
	t := &testing.T{}
	for _, s := range fakes.Many[Signup](t, 3, fakes.Seed(3)) {
		fmt.Println(s.Age >= 18 && s.Age <= 120, s.Name != "")
	}
	// Output:
	// true true
	// true true
	// true true
}

// Invalid returns one body per rule that breaks exactly that rule, with the
// JSON pointer and rule a validator reports, for table tests of 400s.
func ExampleInvalid() {
	t := &testing.T{}
	for _, v := range fakes.Invalid[Signup](t, fakes.Seed(3)) {
		if v.Pointer == "/plan" {
			fmt.Println(v.Pointer, v.Rule)
		}
	}
	// Output:
	// /plan required
	// /plan type
	// /plan enum
}
