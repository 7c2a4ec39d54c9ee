package app_test

import (
	"os"
	"testing"

	"github.com/starling-http/starling/apitest"
)

// TestMain prints the contract coverage of the users document after the
// package's tests: which operation × status × content type the tests on
// apitest exercised, and fails the run when one was never exercised. Set
// APITEST_COVERAGE_JSON=file to keep it as JSON.
func TestMain(m *testing.M) {
	os.Exit(apitest.RunWithCoverage(m,
		// Every documented status of every operation has a test; a test
		// that goes missing fails the run and names the response it
		// covered. Nothing is exempt.
		apitest.RequireAll(),
	))
}
