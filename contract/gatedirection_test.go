package contract_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/starling-http/starling/contract"
)

// TestConstraintDirections is the gate's direction rule for every
// constraint keyword, in every place a schema can sit: tightening a
// constraint fails the gate where clients send the value, loosening it
// fails the gate where clients read it, and the opposite changes pass.
func TestConstraintDirections(t *testing.T) {
	// loose and tight differ by one constraint; tight allows a strict
	// subset of the values loose allows.
	keywords := []struct{ name, loose, tight string }{
		{"minimum added", "{type: integer}", "{type: integer, minimum: 0}"},
		{"minimum raised", "{type: integer, minimum: 0}", "{type: integer, minimum: 1}"},
		{"maximum lowered", "{type: integer, maximum: 10}", "{type: integer, maximum: 9}"},
		{"exclusiveMinimum raised", "{type: number, exclusiveMinimum: 0}", "{type: number, exclusiveMinimum: 1}"},
		{"exclusiveMaximum added", "{type: number}", "{type: number, exclusiveMaximum: 5}"},
		{"minLength raised", "{type: string, minLength: 1}", "{type: string, minLength: 2}"},
		{"maxLength lowered", "{type: string, maxLength: 9}", "{type: string, maxLength: 8}"},
		{"pattern added", "{type: string}", "{type: string, pattern: \"^[a-z]*$\"}"},
		{"format added", "{type: string}", "{type: string, format: email}"},
		{"format narrowed", "{type: string, format: idn-email}", "{type: string, format: email}"},
		{"enum added", "{type: string}", "{type: string, enum: [a, b]}"},
		{"enum value removed", "{type: string, enum: [a, b]}", "{type: string, enum: [a]}"},
		{"const added", "{type: string}", "{type: string, const: a}"},
		{"maxItems lowered", "{type: array, items: {type: string}, maxItems: 3}", "{type: array, items: {type: string}, maxItems: 2}"},
		{"minItems raised", "{type: array, items: {type: string}}", "{type: array, items: {type: string}, minItems: 1}"},
		{"uniqueItems added", "{type: array, items: {type: string}}", "{type: array, items: {type: string}, uniqueItems: true}"},
		{"item maxLength lowered", "{type: array, items: {type: string, maxLength: 4}}", "{type: array, items: {type: string, maxLength: 3}}"},
		{"multipleOf added", "{type: integer}", "{type: integer, multipleOf: 2}"},
		{"multipleOf coarser", "{type: integer, multipleOf: 2}", "{type: integer, multipleOf: 4}"},
		{"minProperties raised", "{type: object}", "{type: object, minProperties: 1}"},
		{"maxProperties lowered", "{type: object, maxProperties: 3}", "{type: object, maxProperties: 2}"},
		{"additionalProperties closed", "{type: object}", "{type: object, additionalProperties: false}"},
		{"additionalProperties typed", "{type: object}", "{type: object, additionalProperties: {type: string}}"},
		{"additional value maxLength lowered", "{type: object, additionalProperties: {type: string, maxLength: 4}}", "{type: object, additionalProperties: {type: string, maxLength: 3}}"},
		{"maximum became exclusive", "{type: integer, maximum: 10}", "{type: integer, exclusiveMaximum: 10}"},
		{"exclusiveMinimum replaced by a higher minimum", "{type: number, exclusiveMinimum: 0}", "{type: number, minimum: 1}"},
		{"items schema added", "{type: array}", "{type: array, items: {type: string}}"},
		{"not added", "{type: string}", "{type: string, not: {const: x}}"},
		{"contains added", "{type: array, items: {type: string}}", "{type: array, items: {type: string}, contains: {const: a}}"},
		{"patternProperties added", "{type: object}", "{type: object, patternProperties: {\"^x-\": {type: string}}}"},
		{"propertyNames added", "{type: object}", "{type: object, propertyNames: {maxLength: 3}}"},
		{"dependentRequired added", "{type: object}", "{type: object, dependentRequired: {a: [b]}}"},
		{"not nullable", "{type: [string, \"null\"]}", "{type: string}"},
	}
	// Each place puts a schema where a client sends it (request) or reads
	// it (response); component refs and nesting must change nothing.
	const head = "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\n"
	places := []struct {
		name    string
		request bool
		doc     func(schema string) string
	}{
		{"request body property", true, func(s string) string {
			return head + "paths:\n  /items:\n    post:\n      requestBody: {required: true, content: {application/json: {schema: {type: object, properties: {v: " + s + "}}}}}\n      responses: {\"201\": {description: ok}}\n"
		}},
		{"request body via component in array", true, func(s string) string {
			return head + "paths:\n  /items:\n    post:\n      requestBody: {content: {application/json: {schema: {type: array, items: {$ref: \"#/components/schemas/V\"}}}}}\n      responses: {\"201\": {description: ok}}\ncomponents:\n  schemas:\n    V: {type: object, properties: {v: " + s + "}}\n"
		}},
		{"query parameter", true, func(s string) string {
			return head + "paths:\n  /items:\n    get:\n      parameters: [{name: v, in: query, schema: " + s + "}]\n      responses: {\"200\": {description: ok}}\n"
		}},
		{"header parameter via component", true, func(s string) string {
			return head + "paths:\n  /items:\n    get:\n      parameters: [{$ref: \"#/components/parameters/V\"}]\n      responses: {\"200\": {description: ok}}\ncomponents:\n  parameters:\n    V: {name: X-V, in: header, schema: " + s + "}\n"
		}},
		{"response body property", false, func(s string) string {
			return head + "paths:\n  /items:\n    get:\n      responses: {\"200\": {description: ok, content: {application/json: {schema: {type: object, required: [v], properties: {v: " + s + "}}}}}}\n"
		}},
		{"response body via component in allOf", false, func(s string) string {
			return head + "paths:\n  /items:\n    get:\n      responses: {\"200\": {description: ok, content: {application/json: {schema: {allOf: [{$ref: \"#/components/schemas/V\"}]}}}}}\ncomponents:\n  schemas:\n    V: {type: object, properties: {v: " + s + "}}\n"
		}},
		{"response header via component", false, func(s string) string {
			return head + "paths:\n  /items:\n    get:\n      responses: {\"200\": {description: ok, headers: {X-V: {$ref: \"#/components/headers/V\"}}}}\ncomponents:\n  headers:\n    V: {schema: " + s + "}\n"
		}},
	}
	for _, p := range places {
		for _, k := range keywords {
			t.Run(p.name+"/"+k.name, func(t *testing.T) {
				tighten := gateDiff(t, p.doc(k.loose), p.doc(k.tight))
				loosen := gateDiff(t, p.doc(k.tight), p.doc(k.loose))
				breaking, harmless := tighten, loosen
				if !p.request {
					breaking, harmless = loosen, tighten
				}
				if !gateHasLevel(breaking, contract.Err) {
					t.Errorf("the breaking side is not ERR:\n%s", gateList(breaking))
				}
				if gateHasLevel(harmless, contract.Err) || len(harmless) == 0 {
					t.Errorf("the harmless side is ERR or unreported:\n%s", gateList(harmless))
				}
			})
		}
	}
}

func gateDiff(t testing.TB, before, after string) []contract.Change {
	t.Helper()
	b, err := contract.Parse([]byte(before))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, before)
	}
	a, err := contract.Parse([]byte(after))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, after)
	}
	return contract.Diff(b, a)
}

func gateHasLevel(cs []contract.Change, l contract.Level) bool {
	for _, c := range cs {
		if c.Level >= l {
			return true
		}
	}
	return false
}

func gateList(cs []contract.Change) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "  %s\n", c)
	}
	if len(cs) == 0 {
		b.WriteString("  (no changes)\n")
	}
	return b.String()
}

// TestRangeBecameExactStatuses: a 2XX that became 200 and 201 narrows what
// readers get (nothing to report as removed), but each exact status is
// still held to the range's body.
func TestRangeBecameExactStatuses(t *testing.T) {
	doc := func(responses string) string {
		return "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /items:\n    get:\n      responses: " + responses + "\n"
	}
	body := func(schema string) string {
		return "{description: ok, content: {application/json: {schema: " + schema + "}}}"
	}
	same := gateDiff(t, doc("{\"2XX\": "+body("{type: string}")+"}"), doc("{\"200\": "+body("{type: string}")+", \"201\": "+body("{type: string}")+"}"))
	if gateHasLevel(same, contract.Err) {
		t.Errorf("2XX became 200 and 201 with the same body:\n%s", gateList(same))
	}
	wider := gateDiff(t, doc("{\"2XX\": "+body("{type: string}")+"}"), doc("{\"200\": "+body("{type: [string, \"null\"]}")+"}"))
	if !gateHasLevel(wider, contract.Err) {
		t.Errorf("200 may be null where 2XX could not:\n%s", gateList(wider))
	}
}
