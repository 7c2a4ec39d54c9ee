package framework_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/starling-http/starling/internal/plan"
)

// TestVocabularyTableIsComplete keeps the validate table of the package
// documentation in sync with the rules the compiler accepts.
func TestVocabularyTableIsComplete(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(src), "//\trule ")
	if !ok {
		t.Fatal("doc.go has no validate table")
	}
	table, _, _ = strings.Cut(table, "\n//\n")
	var documented []string
	for _, line := range strings.Split(table, "\n")[1:] {
		row := strings.Fields(strings.TrimPrefix(line, "//\t"))
		if len(row) < 4 || !strings.HasPrefix(row[len(row)-1], `validate:"`) {
			t.Errorf("row %q: want rule, keyword, Go types and an example", line)
			continue
		}
		name, _, _ := strings.Cut(row[0], "=")
		documented = append(documented, name)
		if !strings.Contains(row[len(row)-1], name) {
			t.Errorf("row %q: the example does not use %s", line, name)
		}
	}
	slices.Sort(documented)
	if want := plan.RuleNames(); !slices.Equal(documented, want) {
		t.Errorf("the table documents %v; the compiler accepts %v", documented, want)
	}
}
