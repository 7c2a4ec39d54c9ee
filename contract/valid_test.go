package contract_test

import (
	"strings"
	"testing"

	"github.com/starling-http/starling/contract"
)

func TestValid(t *testing.T) {
	t.Parallel()
	a, err := notesApp()
	if err != nil {
		t.Fatal(err)
	}
	if f := run(func(tb testing.TB) { contract.Valid(tb, a) }); len(f.errors) > 0 {
		t.Errorf("the notes app's document is reported invalid:\n%s", f.text())
	}
	for _, tt := range []struct{ name, doc string }{
		{"no info", `{"openapi":"3.1.0","paths":{}}`},
		{"not JSON or YAML", `{"openapi":`},
		{"bad path item", `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/x":{"get":{"responses":7}}}}`},
	} {
		f := run(func(tb testing.TB) { contract.ValidBytes(tb, tt.name, []byte(tt.doc)) })
		if len(f.errors) == 0 || !strings.Contains(f.text(), "contract.Valid: "+tt.name) {
			t.Errorf("%s: want a failure naming the document, got %q", tt.name, f.text())
		}
	}
}
