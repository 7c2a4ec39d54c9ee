package app_test

// The todo service's contract, checked two more ways than by the tests on
// apitest:
//
//   - TestContractSnapshot: the committed document
//     (examples/todo/testdata/openapi.json, the golden file of the todo
//     command's test) is the app's. Accept a change with
//     go test ./examples/todo/... -update.
//   - TestContractProbe: the service keeps the document's promises for
//     generated requests, valid and invalid (contract.Probe).

import (
	"testing"

	"github.com/starling-http/starling/contract"
	"github.com/starling-http/starling/examples/todo/app"
	"github.com/starling-http/starling/framework"
)

// contractApp is the app as main builds it.
func contractApp(t *testing.T) *framework.App {
	t.Helper()
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Shutdown(t.Context()) })
	return a
}

func TestContractSnapshot(t *testing.T) {
	contract.Snapshot(t, contractApp(t), "../testdata/openapi.json")
}

// TestContractProbe marks two findings of the valid-accepted check as
// known, each with its reason; any other finding fails the test.
func TestContractProbe(t *testing.T) {
	contract.Probe(t, contract.App(contractApp(t)),
		// The probe counts a 422 as the server being stricter than its
		// document, but a done todo with an open checklist item is a rule
		// of the domain that JSON Schema cannot state: the 422 is
		// documented and meant.
		contract.Known(contract.CheckValidAccepted, "createTodo",
			"422 for a done todo with an open checklist item, a documented domain rule"),
		// Besides that 422, a PATCH that creates a due date without its
		// date, or a checklist item without its text, gets a 400 the
		// document cannot announce: framework.Partial drops "required" at
		// every level (see missingRequired).
		contract.Known(contract.CheckValidAccepted, "updateTodo",
			"422 for the checklist rule; 400 for a nested object a PATCH creates incomplete (Partial drops required at every level)"),
	)
}
