package fakes_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/fakes"
)

// fakeTB is a testing.TB whose name, failure and log the test controls.
type fakeTB struct {
	testing.TB // the real test, for the methods not overridden
	name       string
	failed     bool
	logs       []string
	cleanups   []func()
}

type fatal struct{}

func (f *fakeTB) Name() string                 { return f.name }
func (f *fakeTB) Helper()                      {}
func (f *fakeTB) Failed() bool                 { return f.failed }
func (f *fakeTB) Cleanup(fn func())            { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Logf(format string, a ...any) { f.logs = append(f.logs, fmt.Sprintf(format, a...)) }
func (f *fakeTB) Fatalf(format string, a ...any) {
	f.failed = true
	f.Logf(format, a...)
	panic(fatal{})
}
func (f *fakeTB) Fatal(a ...any)                 { f.Fatalf("%s", fmt.Sprint(a...)) }
func (f *fakeTB) Errorf(format string, a ...any) { f.failed = true; f.Logf(format, a...) }
func (f *fakeTB) Error(a ...any)                 { f.Errorf("%s", fmt.Sprint(a...)) }
func (f *fakeTB) Log(a ...any)                   { f.Logf("%s", fmt.Sprint(a...)) }
func (f *fakeTB) Fail()                          { f.failed = true }
func (f *fakeTB) FailNow()                       { f.Fatalf("FailNow") }

// end runs the cleanups, as the end of a test does.
func (f *fakeTB) end() {
	for _, fn := range slices.Backward(f.cleanups) {
		fn()
	}
}

// run calls fn with f, recovering from Fatalf.
func (f *fakeTB) run(fn func(t testing.TB)) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fatal); !ok {
				panic(r)
			}
		}
	}()
	fn(f)
}

func TestSeedComesFromTheTestName(t *testing.T) {
	made := func(name string) []Signup {
		ft := &fakeTB{TB: t, name: name}
		defer ft.end()
		return append(fakes.Many[Signup](ft, 3), fakes.Make[Signup](ft))
	}
	if diff := cmp.Diff(made("TestA"), made("TestA")); diff != "" {
		t.Errorf("one name, two runs, different values:\n%s", diff)
	}
	if cmp.Equal(made("TestA"), made("TestB")) {
		t.Error("two names made the same values")
	}
	ft := &fakeTB{TB: t, name: "TestA"}
	defer ft.end()
	if a, b := fakes.Make[Signup](ft), fakes.Make[Signup](ft); a == b {
		t.Error("two calls in one test made the same value")
	}
}

func TestSeedOption(t *testing.T) {
	a := fakes.Make[Signup](t, fakes.Seed(42))
	ft := &fakeTB{TB: t, name: "Other"}
	defer ft.end()
	if b := fakes.Make[Signup](ft, fakes.Seed(42)); a != b {
		t.Errorf("Seed(42) made %+v and %+v", a, b)
	}
}

func TestSeedEnvironment(t *testing.T) {
	t.Setenv(fakes.SeedEnv, "1234")
	one := &fakeTB{TB: t, name: "TestOne"}
	two := &fakeTB{TB: t, name: "TestTwo"}
	defer one.end()
	defer two.end()
	if fakes.SeedOf(one) != 1234 || fakes.Make[Signup](one) != fakes.Make[Signup](two) {
		t.Errorf("%s=1234 should give every test seed 1234", fakes.SeedEnv)
	}
	t.Setenv(fakes.SeedEnv, "nope")
	bad := &fakeTB{TB: t, name: "TestBad"}
	bad.run(func(tb testing.TB) { fakes.Make[Signup](tb) })
	if !bad.failed || !strings.Contains(strings.Join(bad.logs, "\n"), "not an integer") {
		t.Errorf("a bad %s should fail the test; log %q", fakes.SeedEnv, bad.logs)
	}
}

func TestSeedIsLoggedWhenTheTestFails(t *testing.T) {
	for _, failed := range []bool{false, true} {
		ft := &fakeTB{TB: t, name: "TestFlaky"}
		seed := fakes.SeedOf(ft)
		fakes.Make[Signup](ft)
		ft.failed = failed
		ft.end()
		logged := strings.Contains(strings.Join(ft.logs, "\n"), fmt.Sprintf("%s=%d", fakes.SeedEnv, seed))
		if logged != failed {
			t.Errorf("failed=%v: log %q", failed, ft.logs)
		}
	}
}
