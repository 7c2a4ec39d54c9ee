// Package contract checks an HTTP API against its OpenAPI 3.1 document, in
// go test and, through the contract command (contract/cmd/contract), in CI
// for services written in any language. It does three jobs for a provider
// and one for its consumers.
//
// # Snapshot: the document does not drift unnoticed
//
// Snapshot compares an app's document with a committed golden file and, on
// a difference, prints which operations and schemas changed and a
// structural diff:
//
//	func TestOpenAPISnapshot(t *testing.T) {
//		contract.Snapshot(t, app, "testdata/openapi.json")
//	}
//
// Accept a deliberate change with STARLING_UPDATE=1 go test ./... (or
// -update, when the test binary defines that flag: the package registers no
// flags of its own). Write writes the document to a file without starting
// a server; JSON and YAML return its bytes.
//
// # Gate: no breaking change ships by accident
//
// Compare (Compatible in go test, contract diff in CI) classifies every
// change between a baseline document (a file, or REV:PATH for a file at a
// git revision) and the current one by a Rule with a Level (ERR, WARN,
// INFO) and a Direction. Direction matters: lowering a maxLength breaks
// clients that send requests and harms no client that reads responses;
// adding an enum value is the reverse. Rules returns every rule; the rules
// table (docs/contract-rules.md in the repository) is generated from it. A deliberate
// break passes when an acknowledgement file lists its rule, location and a
// reason (see Ack). Reports are text, JSON or JUnit XML.
//
// # Probe: the service keeps the document's promises
//
// Probe (RunProbe outside go test, contract probe in CI) is property-based
// contract testing in the manner of Schemathesis. It generates requests
// from the document's schemas, sends them to an app in-process (App) or to
// a live service (URL), and checks every answer: no 5xx, documented status
// and media type, conforming body and headers, no undocumented property
// (nor header, where a response sets ClosedHeadersExtension);
// that invalid requests get a 4xx, that limits hold at and one past their
// value, that guarded operations refuse missing and bad credentials, and
// that a resource created by POST can be fetched and is gone after DELETE.
// Failing cases are shrunk with pgregory.net/rapid and printed with a curl
// command and a one-line replay that includes the seed. The check names
// are the Check constants.
//
// # Mock and verify: the consumer side
//
// A service that calls an API tests against Mock (NewMock for a plain
// http.Handler, contract mock in CI), a server made from the document
// alone: it refuses requests the document does not allow with a problem
// response naming each violation, and answers with documented examples or
// values generated from the schemas, the same for the same WithSeed.
// Stateful remembers created resources; WithLatency, WithFailures and
// WithDroppedConnections inject faults only when asked. Record writes what
// the consumer relied on to a file, and the provider replays it with Verify
// (contract verify against a live service), failing per interaction.
package contract
