package app_test

import (
	"os"
	"testing"

	"github.com/starling-http/starling/apitest"
)

// TestMain prints the contract coverage of the users document after the
// package's tests: which operation × status × content type the tests on
// apitest exercised. Set APITEST_COVERAGE_JSON=file to keep it as JSON.
func TestMain(m *testing.M) {
	os.Exit(apitest.RunWithCoverage(m,
		apitest.MinCoverage(0.9),
		apitest.RequireOperations("createUser", "login", "listUsers", "getUser", "getMe",
			"updateUser", "deleteUser"),
	))
}
