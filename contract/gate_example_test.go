package contract_test

import (
	"fmt"

	"github.com/starling-http/starling/contract"
)

// One edit, opposite verdicts: raising a maxLength widens what a client
// may send (harmless) and what a server may answer (breaks readers that
// relied on the limit, such as a fixed-size column).
func ExampleDiff_directions() {
	doc := func(maxLength int) *contract.Document {
		d, err := contract.Parse(fmt.Appendf(nil, `
openapi: 3.1.0
info: {title: Notes, version: "1"}
paths:
  /notes:
    post:
      requestBody:
        content: {application/json: {schema: {type: string, maxLength: %[1]d}}}
      responses:
        "200":
          description: The note as stored.
          content: {application/json: {schema: {type: string, maxLength: %[1]d}}}
`, maxLength))
		if err != nil {
			panic(err)
		}
		return d
	}
	for _, c := range contract.Diff(doc(100), doc(200)) {
		fmt.Println(c.Level, c.Rule)
	}
	// Output:
	// INFO request-constraint-loosened
	// ERR response-constraint-loosened
}

// Every rule has a level, a direction and an example; the published table
// (docs/contract-rules.md) is generated from Rules.
func ExampleRuleByID() {
	r, _ := contract.RuleByID(contract.RuleReqFormatChanged)
	fmt.Println(r.Level, r.Direction, r.Example)
	// Output:
	// ERR request format email became uri
}
