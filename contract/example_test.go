package contract_test

import (
	"fmt"
	"os"

	"github.com/starling-http/starling/contract"
)

// The gate on two versions of a small API: the request's name may now be
// shorter (breaks clients that send longer names), the response lost a
// property (breaks clients that read it), and a new optional query
// parameter harms no one.
func Example() {
	base, _ := contract.Parse([]byte(`
openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string, maxLength: 100}
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema:
                type: object
                required: [id, name]
                properties:
                  id: {type: integer}
                  name: {type: string}
                  nickname: {type: string}
`))
	head, _ := contract.Parse([]byte(`
openapi: 3.1.0
info: {title: Pets, version: "2"}
paths:
  /pets:
    post:
      parameters:
        - {name: dry_run, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string, maxLength: 50}
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema:
                type: object
                required: [id, name]
                properties:
                  id: {type: integer}
                  name: {type: string}
`))
	base.Source, head.Source = "v1", "v2"
	acks, _ := contract.ParseAcks([]byte(`
acknowledged:
  - rule: response-property-removed
    location: "POST /pets response 201 body.nickname"
    reason: never filled in; clients were told in the 1.4 release notes
`))
	report := contract.Compare(base, head, acks)
	_ = report.WriteText(os.Stdout)
	fmt.Println("gate fails:", len(report.Failures(contract.Err)) > 0)
	// Output:
	// contract diff v1 -> v2
	// ERR  request-constraint-tightened           POST /pets request body.name
	//      maxLength 100 became 50
	// ERR  response-property-removed              POST /pets response 201 body.nickname
	//      property nickname was removed
	//      acknowledged: never filled in; clients were told in the 1.4 release notes
	// INFO request-parameter-optional-added       POST /pets query.dry_run
	//      new optional parameter query dry_run
	// 3 changes: 2 ERR, 0 WARN, 1 INFO; 1 acknowledged
	// gate fails: true
}
