package fakes_test

import (
	"flag"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// A property test: whatever valid CreateUser rapid draws, its request body
// decodes to itself. A failure would shrink to the smallest such user.
func TestGenPropertyRoundTrip(t *testing.T) {
	p, err := plan.Of(reflect.TypeFor[app.CreateUser](), nil)
	if err != nil {
		t.Fatal(err)
	}
	gen := fakes.Gen[app.CreateUser]()
	rapid.Check(t, func(rt *rapid.T) {
		u := gen.Draw(rt, "user")
		var got app.CreateUser
		if err := codec.Unmarshal(p, fakes.JSON(t, u, fakes.Plan(p)), &got); err != nil {
			rt.Fatalf("a made user is refused: %v", err)
		}
		if diff := cmp.Diff(u, got, cmpopts.EquateEmpty()); diff != "" {
			rt.Fatalf("round trip changes the user:\n%s", diff)
		}
	})
}

// Gen's values shrink: a property that fails for any user with a tag
// shrinks to a user with one tag (realistic words shrink to the first of
// their list, not to shorter text).
func TestGenShrinks(t *testing.T) {
	// The failure is deliberate: keep rapid from saving it under testdata.
	if f := flag.Lookup("rapid.nofailfile"); f != nil {
		old := f.Value.String()
		_ = f.Value.Set("true")
		t.Cleanup(func() { _ = f.Value.Set(old) })
	}
	gen := fakes.Gen[app.CreateUser](fakes.Optional(1))
	var smallest app.CreateUser
	ft := &fakeTB{TB: t, name: t.Name()}
	ft.run(func(tb testing.TB) {
		rapid.Check(tb, func(rt *rapid.T) {
			u := gen.Draw(rt, "user")
			if len(u.Tags) > 0 {
				smallest = u
				rt.Fatalf("has tags")
			}
		})
	})
	if !ft.failed || len(smallest.Tags) != 1 {
		t.Errorf("did not shrink to one tag: %+v", smallest.Tags)
	}
}

// Gen applies overrides too.
func TestGenOverrides(t *testing.T) {
	gen := fakes.Gen[app.CreateUser](fakes.Set("Age", 33))
	rapid.Check(t, func(rt *rapid.T) {
		if u := gen.Draw(rt, "user"); u.Age != 33 || slices.Contains(u.Tags, "") {
			rt.Fatalf("%+v", u)
		}
	})
}
