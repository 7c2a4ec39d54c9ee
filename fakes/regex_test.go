package fakes_test

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/internal/plan"
)

// patterned is a one-field type with the pattern and lengths under test.
type patterned struct {
	S string `json:"s"`
}

// withPattern returns a plan of patterned whose field has rules tag.
func withPattern(t *testing.T, tag string) *plan.Type {
	t.Helper()
	st := reflect.StructOf([]reflect.StructField{{Name: "S", Type: reflect.TypeFor[string](),
		Tag: reflect.StructTag(`json:"s" validate:"` + tag + `"`)}})
	p, err := plan.Of(st, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Same layout as patterned: borrow its Go type so Make[patterned] can use the plan.
	cp := *p
	cp.Go = reflect.TypeFor[patterned]()
	return &cp
}

func TestPatternsAreGenerated(t *testing.T) {
	for _, tag := range []string{
		`pattern=^[a-z]+$`,
		`pattern=^\d{3}-\d{4}$`,
		`pattern=^(red|green|blue)$`,
		`pattern=^[A-Z]{2}[0-9]{2}( [0-9A-Z]{4}){2,4}$`,
		`pattern=^[^@\s]+@[^@\s]+\.[a-z]{2,}$`,
		`pattern=^\w+(\.\w+)*$`,
		`pattern=^\pL+$`,
		`pattern=^.{3,5}$`,
		`pattern=^(?:ab)+c?$`,
		`pattern=^a*?b+?$`,
		`pattern=x`,
		`pattern=^\bword\b`,
		`pattern=^[^a-zA-Z0-9]+$`,
		`minLength=30,pattern=^[a-f0-9]+$`,
		`minLength=10,maxLength=12,pattern=^[a-z]+-[0-9]+$`,
		`minLength=40,pattern=abc`,
		`maxLength=8,format=email`,
		`minLength=100,format=uri`,
		`format=hostname,pattern=^[a-z.]+$`,
	} {
		t.Run(tag, func(t *testing.T) {
			p := withPattern(t, tag)
			r := &p.Fields[0].Rules
			for _, v := range fakes.Many[patterned](t, 200, fakes.Plan(p)) {
				if x := r.CheckString(v.S); x != nil {
					t.Fatalf("%q: %s", v.S, x.Message)
				}
			}
		})
	}
}

func TestImpossibleRulesFailTheTest(t *testing.T) {
	for _, tag := range []string{
		`maxLength=3,format=uuid`,
		`minLength=5,pattern=^a{1,3}$`,
		`pattern=a^b`,
	} {
		p := withPattern(t, tag)
		ft := &fakeTB{TB: t, name: t.Name()}
		ft.run(func(tb testing.TB) { fakes.Make[patterned](tb, fakes.Plan(p)) })
		ft.end()
		if log := strings.Join(ft.logs, "\n"); !ft.failed || !strings.Contains(log, "cannot make") {
			t.Errorf("%s: want a failure naming the rules, got %q", tag, log)
		}
	}
}

// iban has a pattern field, to measure what generating from a pattern costs.
type iban struct {
	Code string `json:"code" validate:"pattern=^[A-Z]{2}[0-9]{2}( [0-9A-Z]{4}){2,4}$"`
}

// TestPatternsAreNotKept makes values of a patterned type many times and
// checks that the live heap does not grow with them: the parsed patterns
// belong to the call that made them. (A process-wide cache keyed by the
// plans' patterns once kept 8.6 KiB per call, as Make compiles the plan anew.)
func TestPatternsAreNotKept(t *testing.T) {
	const calls = 2000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range calls {
		if v := fakes.Make[iban](t); v.Code == "" {
			t.Fatal("empty code")
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("the live heap grew %d bytes over %d calls", grown, calls)
	if grown > 1<<20 {
		t.Fatalf("the live heap grew %d bytes over %d calls of Make, want at most 1 MiB", grown, calls)
	}
}

func BenchmarkMakePatterned(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if v := fakes.Make[iban](b); v.Code == "" {
			b.Fatal("empty code")
		}
	}
}
