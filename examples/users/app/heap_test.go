package app_test

import (
	"fmt"
	"net/http"
	"runtime"
	"testing"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
)

// heapBound is what a suite of 1,000 validated exchanges may add to the
// live heap once it is over: the apps, clients and requests it used are
// garbage then, so only a cache keyed by something per exchange (a request,
// a body, a hash of one) could keep memory, and it would grow with the
// suite. 2 MiB is about ten times what the suite measured (about 190 KiB,
// the same with apitest.WithoutValidation, so none of it is the
// validator's), and a leak of 2 KiB per exchange, a fifteenth of what one
// allocates, trips it.
const heapBound = 2 << 20

// TestValidationHeapIsBounded runs 1,000 validated exchanges, as ten tests
// of 100 with an API each, and fails when the live heap grew past
// heapBound. It is not parallel, so no other test's memory is counted
// (parallel tests start once the sequential ones are done).
func TestValidationHeapIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 1,000 exchanges")
	}
	// One exchange first: the document's validator is built once per
	// process and kept, which is not growth.
	newUsersAPI(t, forgetful()).POST("/users").WithJSON(app.CreateUser{
		Email: "heap@example.com", Password: "correct horse", Name: "Ada",
	}).Expect().Status(http.StatusCreated)
	before := liveHeap()
	for i := range 10 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			api := newUsersAPI(t, forgetful())
			for j := range 100 {
				api.POST("/users").WithJSON(app.CreateUser{
					Email: fmt.Sprintf("heap%d.%d@example.com", i, j), Password: "correct horse", Name: "Ada",
				}).Expect().Status(http.StatusCreated)
			}
		})
	}
	grew := int64(liveHeap()) - int64(before)
	t.Logf("1,000 validated exchanges grew the live heap by %d KiB (bound %d KiB)", grew>>10, heapBound>>10)
	if grew > heapBound {
		t.Errorf("1,000 validated exchanges grew the live heap by %d KiB, past the bound of %d KiB", grew>>10, heapBound>>10)
	}
}

// forgetful swaps in a store that keeps no users, so the heap measured is
// the harness's, not the users'.
func forgetful() apitest.Option {
	return apitest.Override(framework.Provide(func() *forgetfulStore { return &forgetfulStore{} }, framework.As[app.Store]()))
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
