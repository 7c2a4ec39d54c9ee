package apitest

import (
	"os"
	"runtime"
	"testing"
)

// TestInstanceHeapIsBounded measures what one pool instance (a parse of the
// document and its two validators) keeps alive, on the users example's
// document, and holds it under a bound: the pool keeps one per test
// validating at the same moment. Run with -v to see the figure
// BENCHMARKS.md quotes.
func TestInstanceHeapIsBounded(t *testing.T) {
	raw, err := os.ReadFile("../examples/users/app/testdata/openapi.v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const n, bound = 4, 3 << 20
	keep := make([]*instance, 0, n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range n {
		in, err := newInstance(raw)
		if err != nil {
			t.Fatal(err)
		}
		keep = append(keep, in)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	t.Logf("one instance keeps %.2f MiB", float64(per)/(1<<20))
	if per > bound {
		t.Errorf("one instance keeps %d bytes, more than %d", per, bound)
	}
	runtime.KeepAlive(keep)
}
