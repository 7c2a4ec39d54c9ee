package codec_test

import (
	"net/netip"
	"testing"
	"time"
	"unsafe"

	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

func parse[T any](t *testing.T, rules *plan.Rules, s string) (T, *plan.Violation) {
	t.Helper()
	var v T
	viol := codec.ParseText(compile[T](t), rules, s, unsafe.Pointer(&v))
	return v, viol
}

func TestParseText(t *testing.T) {
	ok := func(name string, got, want any, v *plan.Violation) {
		t.Helper()
		if v != nil || got != want {
			t.Errorf("%s: got %v %+v, want %v", name, got, v, want)
		}
	}
	fail := func(name, rule string, v *plan.Violation) {
		t.Helper()
		if v == nil || v.Rule != rule || v.Message == "" || v.Pointer != "" {
			t.Errorf("%s: got %+v, want rule %s", name, v, rule)
		}
	}
	i, v := parse[int64](t, nil, "-42")
	ok("int", i, int64(-42), v)
	for _, bad := range []string{"", "+1", "0x10", " 1", "1 ", "1.0", "1e2", "007", "1_000", "abc"} {
		_, v := parse[int](t, nil, bad)
		fail("int "+bad, "type", v)
	}
	_, v = parse[int8](t, nil, "128")
	fail("int8 overflow", "maximum", v)
	_, v = parse[uint](t, nil, "-1")
	fail("uint negative", "minimum", v)
	u, v := parse[uint16](t, nil, "65535")
	ok("uint16", u, uint16(65535), v)
	f, v := parse[float64](t, nil, "-1.5e3")
	ok("float", f, -1500.0, v)
	for _, bad := range []string{"NaN", "Inf", "-Inf", "infinity", "0x1p-2", ".5", "1."} {
		_, v := parse[float64](t, nil, bad)
		fail("float "+bad, "type", v)
	}
	b, v := parse[bool](t, nil, "true")
	ok("bool", b, true, v)
	for _, bad := range []string{"1", "0", "True", "yes", ""} {
		_, v := parse[bool](t, nil, bad)
		fail("bool "+bad, "type", v)
	}
	s, v := parse[string](t, nil, "hello world")
	ok("string", s, "hello world", v)
	tm, v := parse[time.Time](t, nil, "2024-01-02T03:04:05Z")
	ok("time", tm, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), v)
	_, v = parse[time.Time](t, nil, "2024-01-02")
	fail("time", "format", v)
	ip, v := parse[netip.Addr](t, nil, "::1")
	ok("text", ip, netip.MustParseAddr("::1"), v)
	_, v = parse[netip.Addr](t, nil, "nope")
	fail("text", "format", v)
	p, v := parse[*int](t, nil, "7")
	if v != nil || p == nil || *p != 7 {
		t.Errorf("pointer: %v %+v", p, v)
	}

	// Rules are checked.
	maxLen := 3
	_, v = parse[string](t, &plan.Rules{MaxLength: &maxLen}, "toolong")
	fail("rules", "maxLength", v)
	if v != nil && v.Value != "toolong" {
		t.Errorf("rejected value not echoed: %+v", v)
	}
	_, v = parse[int](t, &plan.Rules{Maximum: &plan.Number{Text: "10", IsInt: true, Int: 10, Float: 10}}, "11")
	fail("int rules", "maximum", v)
}
