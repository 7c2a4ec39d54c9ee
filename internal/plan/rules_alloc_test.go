//go:build !race

// The race detector makes sync.Pool drop values at random; regexp keeps its
// matchers in one, so a pattern check allocates now and then under -race
// (seen once in 300 runs). CI runs this file without -race.

package plan_test

import (
	"testing"
	"time"

	"github.com/starling-http/starling/internal/plan"
)

// TestChecksDoNotAllocate holds the hot path to zero allocations when a value
// passes.
func TestChecksDoNotAllocate(t *testing.T) {
	s, _ := rulesFor(t, tString, "minLength=1,maxLength=100,enum=alice@example.com|bob@example.com,format=email,pattern=^[a-z]+@")
	i, _ := rulesFor(t, tInt64, "minimum=0,maximum=100,multipleOf=5,enum=5|10|15")
	u, _ := rulesFor(t, tUint64, "minimum=1,exclusiveMaximum=100,multipleOf=5,const=5")
	f, _ := rulesFor(t, tFloat64, "exclusiveMinimum=0,maximum=100,multipleOf=0.5")
	b, _ := rulesFor(t, tBool, "const=true")
	c, _ := rulesFor(t, tSlice, "minItems=1,maxItems=5")
	var nilRules *plan.Rules
	formats := map[plan.Format]string{
		plan.FormatEmail: "a.b@example.com", plan.FormatURI: "https://user@example.com:8080/a/b?q=1#f",
		plan.FormatUUID: "123e4567-e89b-12d3-a456-426614174000", plan.FormatDateTime: "2024-02-29T23:59:60.5-00:00",
		plan.FormatDate: "2024-02-29", plan.FormatTime: "12:00:00+01:00", plan.FormatIPv4: "192.168.0.1",
		plan.FormatIPv6: "2001:db8::1", plan.FormatHostname: "api.example.com",
	}
	allocs := testing.AllocsPerRun(100, func() {
		if s.CheckString("alice@example.com") != nil || i.CheckInt(10) != nil || u.CheckUint(5) != nil ||
			f.CheckFloat(2.5) != nil || b.CheckBool(true) != nil || c.CheckCount(3, plan.Slice) != nil ||
			nilRules.CheckString("x") != nil || s.CheckTime(time.Time{}) != nil {
			panic("refused")
		}
		for format, v := range formats {
			if !format.Valid(v) {
				panic("format " + format)
			}
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per passing check, want 0", allocs)
	}
}
