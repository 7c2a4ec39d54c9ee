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
// # What the probe sends
//
// The probe is safe by default; it writes only to what it created:
//
//   - GET, HEAD and OPTIONS go to any path and id the schemas allow.
//   - POST to a path without parameters is sent: that is how the probe
//     creates. A POST that creates nothing (POST /auth/login) is an action
//     that names no existing resource and is sent too; leave out one that
//     changes shared state (POST /admin/reset) with Exclude.
//   - PUT, PATCH, DELETE, and POST under a parameterised path, go only to
//     resources the probe created in this run: their ids come from its own
//     POST answers (the Location header, else an id property of the body),
//     and are put in the operation's path parameters, parents first
//     (/lists/{list_id}/todos/{todo_id} gets a list and a todo the probe
//     made). An operation no POST of the document creates for (PATCH /me,
//     PUT /settings) is skipped, and so is one whose POST refuses the
//     probe: both are listed in the report's Skipped, never failed.
//   - The negative, boundary and auth phases of those operations use the
//     same ids, because what they test is whether the server refuses a
//     request: if the guard is broken, an auth check without credentials
//     to DELETE /users/1 deletes user 1. A mutation or limit that changes
//     the id itself is withheld (counted in Withheld); the GET on the same
//     path, when there is one, tries those ids safely.
//   - A PUT that creates at an id the client chooses is not used to
//     create: the probe cannot know an id is free without risking
//     overwriting one, so it PUTs only to ids its POST made.
//   - An id is used only while the resource lives: a store may give a
//     deleted resource's id to the next one, someone else's.
//   - At the end the probe deletes what it created and has not deleted,
//     where the document has a DELETE for it. What stays (no DELETE, the
//     DELETE refused or guarded without credentials) is listed in
//     Remaining, with the reason, and in a note.
//
// ReadOnly sends GET, HEAD and OPTIONS only (no POST either, so no stateful
// phase). Destructive sends every method to any id the generator draws,
// DELETE /users/1 included, and still cleans up what it created: for a
// disposable environment only.
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
