// Package leaktest is the goroutine-leak check the fault tests share
// (framework/internal/faults, examples/users/app).
//
// It is a package of its own, imported only by tests of packages no service
// imports, so that goleak stays out of the module graph a consumer of
// framework sees.
package leaktest

import (
	"testing"

	"go.uber.org/goleak"
)

// Check fails t if goroutines started during the test outlive it. Call it
// first: the check is a cleanup, and cleanups run last-in first-out, so it
// runs after every cleanup registered later (servers closed, apps shut
// down). Tests that use it must not call t.Parallel, or the goroutines of
// other tests would be counted.
func Check(t testing.TB) {
	t.Helper()
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
}
