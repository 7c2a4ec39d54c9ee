package apitest

import (
	"bytes"
	"strings"
	"testing"
)

func TestRequireAll(t *testing.T) {
	t.Parallel()
	cells := []CoverageCell{
		{Operation: "getPet", Method: "GET", Path: "/pets/{id}", Status: "200", ContentType: "application/json", Hits: 3},
		{Operation: "getPet", Method: "GET", Path: "/pets/{id}", Status: "404", ContentType: "application/problem+json"},
		{Operation: "getPet", Method: "GET", Path: "/pets/{id}", Status: "500", ContentType: "application/problem+json"},
	}
	c := Coverage{Documents: []DocumentCoverage{{Title: "Pets", Version: "1", Covered: 1, Total: 3, Cells: cells}}}
	for _, tc := range []struct {
		name       string
		exemptions []Exemption
		want       []string // "" entries never appear; nil want means no error
		out        []string
	}{{
		name:       "a lost 404 is named",
		exemptions: []Exemption{Exempt("getPet", "500", "the store cannot fail in memory")},
		want:       []string{"getPet (GET /pets/{id}) → 404 application/problem+json was never exercised"},
		out:        []string{"apitest: never exercised: getPet (GET /pets/{id}) → 404 application/problem+json"},
	}, {
		name:       "everything exempt with reasons",
		exemptions: []Exemption{Exempt("getPet", "404", "r"), Exempt("getPet", "500", "r")},
	}, {
		name:       "no reason",
		exemptions: []Exemption{Exempt("getPet", "404", " "), Exempt("getPet", "500", "r")},
		want:       []string{"exemption of getPet → 404 has no reason"},
	}, {
		name:       "no such response",
		exemptions: []Exemption{Exempt("getPet", "404", "r"), Exempt("getPet", "500", "r"), Exempt("getPet", "409", "r")},
		want:       []string{"exemption of getPet → 409: the document has no such response"},
	}, {
		name:       "stale exemption",
		exemptions: []Exemption{Exempt("getPet", "404", "r"), Exempt("getPet", "500", "r"), Exempt("getPet", "200", "r")},
		out:        []string{"exemption of getPet → 200 is stale"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			s := coverageSettings{out: &out}
			RequireAll(tc.exemptions...)(&s)
			err := finishCoverage(c, s, false)
			if tc.want == nil && err != nil {
				t.Errorf("finishCoverage = %v, want nil", err)
			}
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("finishCoverage = %v, want it to say %q", err, w)
				}
			}
			for _, w := range tc.out {
				if !strings.Contains(out.String(), w) {
					t.Errorf("the output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
