package main

import (
	"strings"
	"testing"
)

// TestDiffFailsOnWidenedResponses: the CLI gate exits with findings when a
// response constraint is loosened or an operationId is renamed, and passes
// the mirror-image changes.
func TestDiffFailsOnWidenedResponses(t *testing.T) {
	cases := []struct {
		name, from, to, rule string
		fails                bool
	}{
		{"response property nullable", "ok: {type: boolean}", `ok: {type: [boolean, "null"]}`, "response-type-changed", true},
		{"query maximum raised", "maximum: 9", "maximum: 99", "request-constraint-loosened", false},
		{"query maximum lowered", "maximum: 9", "maximum: 5", "request-constraint-tightened", true},
		{"operationId renamed", "operationId: ping", "operationId: healthCheck", "operation-id-changed", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			head := strings.Replace(v1, tc.from, tc.to, 1)
			if head == v1 {
				t.Fatalf("%q is not in the document", tc.from)
			}
			code, out, _ := cli("diff", write(t, "a.yaml", v1), write(t, "b.yaml", head))
			if want := map[bool]int{true: exitFindings, false: exitOK}[tc.fails]; code != want || !strings.Contains(out, tc.rule) {
				t.Errorf("exit %d (want %d), want rule %s:\n%s", code, want, tc.rule, out)
			}
			// Reversed, the change is harmless for the same clients, or
			// breaking for the others: never the same rule.
			_, back, _ := cli("diff", write(t, "b.yaml", head), write(t, "a.yaml", v1))
			if tc.rule != "operation-id-changed" && strings.Contains(back, tc.rule+" ") {
				t.Errorf("the reverse change reports %s too:\n%s", tc.rule, back)
			}
		})
	}
	_, out, _ := cli("rules")
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[2] == "response-constraint-loosened" && f[0] != "ERR" {
			t.Errorf("rules lists response-constraint-loosened at %s", f[0])
		}
	}
	if !strings.Contains(out, "response-constraint-loosened") {
		t.Errorf("rules lacks response-constraint-loosened:\n%s", out)
	}
}
