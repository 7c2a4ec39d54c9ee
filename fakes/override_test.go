package fakes_test

import (
	"strings"
	"testing"

	"github.com/starling-http/starling/fakes"
)

func TestOverrides(t *testing.T) {
	web := "https://example.com"
	for _, tc := range []struct {
		name  string
		opt   fakes.Option
		check func(p Profile) bool
	}{
		{"Go name", fakes.Set("Email", "a@b.co"), func(p Profile) bool { return p.Email == "a@b.co" }},
		{"wire name", fakes.Set("first_name", "Ada"), func(p Profile) bool { return p.FirstName == "Ada" }},
		{"nested, dotted", fakes.Set("Address.Zip", "75001"), func(p Profile) bool { return p.Address.Zip == "75001" }},
		{"nested wire names", fakes.Set("address.city", "Paris"), func(p Profile) bool { return p.Address.City == "Paris" }},
		{"named string type", fakes.Set("Level", "staff"), func(p Profile) bool { return p.Level == "staff" }},
		{"pointer by value", fakes.Set("Website", web), func(p Profile) bool { return p.Website != nil && *p.Website == web }},
		{"pointer to nil", fakes.Set("Website", nil), func(p Profile) bool { return p.Website == nil }},
		{"whole slice", fakes.Set("Tags", []string{"a", "b"}), func(p Profile) bool { return strings.Join(p.Tags, ",") == "a,b" }},
		{"slice item", fakes.Set("Previous", []Address{{City: "X"}}), func(p Profile) bool { return p.Previous[0].City == "X" }},
		{"map value", fakes.Set("Meta.color", "red"), func(p Profile) bool { return p.Meta["color"] == "red" }},
		{"typed function", fakes.With(func(p *Profile) { p.Handle = "ada" }), func(p Profile) bool { return p.Handle == "ada" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if p := fakes.Make[Profile](t, tc.opt); !tc.check(p) {
				t.Errorf("not applied: %+v", p)
			}
		})
	}
	n := fakes.Make[Numbers](t, fakes.Set("Age", 30), fakes.Set("Triple.1", 4), fakes.Set("Temp", 20.5))
	if n.Age != 30 || n.Triple[1] != 4 || n.Temp == nil || *n.Temp != 20.5 {
		t.Errorf("numbers: %+v", n)
	}
}

func TestOverrideErrorsFailTheTest(t *testing.T) {
	for _, tc := range []struct {
		opt  fakes.Option
		want string
	}{
		{fakes.Set("Nope", 1), `has no field "Nope"`},
		{fakes.Set("Email", 3), "cannot be stored"},
		{fakes.Set("Previous.9", "x"), "not an index"},
		{fakes.With(func(n *Numbers) {}), "takes *fakes_test.Numbers"},
	} {
		ft := &fakeTB{TB: t, name: t.Name()}
		ft.run(func(tb testing.TB) { fakes.Make[Profile](tb, tc.opt) })
		ft.end()
		if log := strings.Join(ft.logs, "\n"); !ft.failed || !strings.Contains(log, tc.want) {
			t.Errorf("want a failure saying %q, got %q", tc.want, log)
		}
	}
}
