package apitest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
)

// FuzzStrictBody feeds the strict walk bodies of any shape, broken ones
// included: it must end without panicking on each, whatever it reports.
func FuzzStrictBody(f *testing.F) {
	sh := thingShape(f)
	for _, seed := range []string{
		`{"email":"a@b.co","size":"s","parent":{"x":[1,{"y":"\"}"}]}}`,
		`{"a\u0062":1,"ab":2,"ab":{"c":3}}`,
		`{"tags":[[[[]]]],"parent":null}`,
		`{"x":`, `{"x"`, `{`, `[`, `"`, `{"x":"\`, `}`, ``, `   `, `{"x":1,}`, `{,}`, `[1,,2]`,
		// Small enough that the fuzzer can minimize what it grows from
		// them within its time: past the walk's depth, past the size
		// where names are looked up in a map.
		strings.Repeat(`{"parent":`, 110) + `{}` + strings.Repeat(`}`, 110),
		strings.Repeat(`[`, 200),
		manyNames(40),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, response := range []bool{false, true} {
			for _, u := range new(walker).walk(sh, body, response) {
				if !strings.HasPrefix(u.path, "$.body") || u.pointer == "" {
					t.Fatalf("a report without a place: %+v", u)
				}
			}
		}
	})
}

// thingShape is the shape of precheckDoc's Thing.
func thingShape(tb testing.TB) *shape {
	tb.Helper()
	doc, err := libopenapi.NewDocument([]byte(precheckDoc))
	if err != nil {
		tb.Fatal(err)
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		tb.Fatal(err)
	}
	return newShapes(3.1).ofProxy(m.Model.Components.Schemas.GetOrZero("Thing"))
}

// manyNames is an object of n undeclared names, each given twice, the
// second time with the value that counts.
func manyNames(n int) string {
	var b strings.Builder
	b.WriteString(`{"email":"a@b.co"`)
	for i := range n {
		fmt.Fprintf(&b, `,"k%d":{"first":1}`, i)
	}
	for i := range n {
		fmt.Fprintf(&b, `,"k%d":%d`, i, i)
	}
	b.WriteString(`}`)
	return b.String()
}

// TestStrictBodyManyNames holds a big object (past the point where names
// are looked up in a map) to the rule for a name given twice: reported
// once, with its last value.
func TestStrictBodyManyNames(t *testing.T) {
	const n = 200
	found := new(walker).walk(thingShape(t), []byte(manyNames(n)), false)
	if len(found) != n {
		t.Fatalf("want %d undeclared names, got %d", n, len(found))
	}
	for i, u := range found {
		if want := fmt.Sprintf("/k%d", i); u.pointer != want || u.value != float64(i) {
			t.Fatalf("report %d: got %s = %v, want %s = %d", i, u.pointer, u.value, want, i)
		}
	}
}
