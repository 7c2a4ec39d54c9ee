package contract

import (
	"fmt"
	"strings"
	"testing"
)

// Small documents for the rule table: each case is a before/after pair.

const docHead = `openapi: 3.1.0
info: {title: t, version: "1"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: "https://x/token", scopes: {read: r, write: w}}}}
`

// paths builds a document from a paths block (YAML, indented by 2).
func paths(block string) string { return docHead + "paths:\n" + block }

// reqDoc: POST /items reading a JSON body with the given schema.
func reqDoc(schema string) string {
	return paths(fmt.Sprintf(`  /items:
    post:
      requestBody: {required: true, content: {application/json: {schema: %s}}}
      responses: {"201": {description: ok}}
`, schema))
}

// respDoc: GET /items answering 200 with the given schema.
func respDoc(schema string) string {
	return paths(fmt.Sprintf(`  /items:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: %s}}}}
`, schema))
}

// paramDoc: GET /items/{id} with the given extra parameters (a YAML flow list).
func paramDoc(params string) string {
	return paths(fmt.Sprintf(`  /items/{id}:
    get:
      parameters: %s
      responses: {"200": {description: ok}}
`, params))
}

// opDoc: the given operations on /items and /items/{id}.
func opDoc(items, item string) string {
	s := ""
	if items != "" {
		s += "  /items:\n" + items
	}
	if item != "" {
		s += "  /items/{id}:\n" + item
	}
	return paths(s)
}

const okOp = "      responses: {\"200\": {description: ok}}\n"

func secDoc(security string) string {
	return paths(fmt.Sprintf(`  /items:
    get:
      security: %s
      responses: {"200": {description: ok}}
`, security))
}

// withSchemas adds component schemas (YAML, indented by 4) to a document.
func withSchemas(doc, schemas string) string {
	return strings.Replace(doc, "components:\n", "components:\n  schemas:\n"+schemas, 1)
}

func obj1(props, required string) string {
	return fmt.Sprintf("{type: object, properties: %s, required: %s}", props, required)
}

type ruleCase struct {
	name          string
	rule          string
	before, after string
	location      string // expected location, when checked
}

var ruleCases = []ruleCase{
	{"server base path changed", RuleServerBasePathChanged, opDoc("    get:\n"+okOp, "") + "servers: [{url: /v1}]\n", opDoc("    get:\n"+okOp, "") + "servers: [{url: /v2}]\n", "servers"},
	{"path removed", RulePathRemoved, opDoc("    get:\n"+okOp, "    get:\n"+okOp), opDoc("    get:\n"+okOp, ""), "/items/{id}"},
	{"operation removed", RuleOperationRemoved, opDoc("    get:\n"+okOp+"    delete:\n"+okOp, ""), opDoc("    get:\n"+okOp, ""), "DELETE /items"},
	{"operation added", RuleOperationAdded, opDoc("    get:\n"+okOp, ""), opDoc("    get:\n"+okOp+"    put:\n"+okOp, ""), "PUT /items"},
	{"operation id changed", RuleOperationIDChanged, opDoc("    get:\n      operationId: a\n"+okOp, ""), opDoc("    get:\n      operationId: b\n"+okOp, ""), "GET /items"},
	{"operation id removed", RuleOperationIDChanged, opDoc("    get:\n      operationId: a\n"+okOp, ""), opDoc("    get:\n"+okOp, ""), "GET /items"},
	{"operation id added", RuleOperationIDAdded, opDoc("    get:\n"+okOp, ""), opDoc("    get:\n      operationId: b\n"+okOp, ""), "GET /items"},
	{"operation deprecated", RuleOperationDeprecated, opDoc("    get:\n"+okOp, ""), opDoc("    get:\n      deprecated: true\n"+okOp, ""), "GET /items"},
	{"security added", RuleSecurityAdded, secDoc("[]"), secDoc("[{bearer: []}]"), "GET /items security"},
	{"security alternative dropped", RuleSecurityAdded, secDoc("[{bearer: []}, {key: []}]"), secDoc("[{bearer: []}]"), ""},
	{"security scope added", RuleSecurityAdded, secDoc("[{oauth: [read]}]"), secDoc("[{oauth: [read, write]}]"), ""},
	{"security anonymous removed", RuleSecurityAdded, secDoc("[{bearer: []}, {}]"), secDoc("[{bearer: []}]"), ""},
	{"security removed", RuleSecurityRemoved, secDoc("[{bearer: []}]"), secDoc("[]"), "GET /items security"},
	{"security alternative added", RuleSecurityRemoved, secDoc("[{bearer: []}]"), secDoc("[{bearer: []}, {key: []}]"), ""},
	{"security scheme changed", RuleSecuritySchemeChanged, secDoc("[{key: []}]"), strings.Replace(secDoc("[{key: []}]"), "name: X-Key", "name: X-Api-Key", 1), "components.securitySchemes.key"},
	{"parameter removed", RuleParamRemoved, paramDoc("[{name: q, in: query, schema: {type: string}}, {name: id, in: path, required: true, schema: {type: integer}}]"),
		paramDoc("[{name: id, in: path, required: true, schema: {type: integer}}]"), "GET /items/{id} query.q"},
	{"parameter renamed", RuleParamRenamed, paramDoc("[{name: q, in: query, schema: {type: string}}]"), paramDoc("[{name: query, in: query, schema: {type: string}}]"), "GET /items/{id} query.q"},
	{"parameter became required", RuleParamBecameRequired, paramDoc("[{name: q, in: query, schema: {type: string}}]"), paramDoc("[{name: q, in: query, required: true, schema: {type: string}}]"), "GET /items/{id} query.q"},
	{"required parameter added", RuleParamRequiredAdded, paramDoc("[]"), paramDoc("[{name: X-Tenant, in: header, required: true, schema: {type: string}}]"), "GET /items/{id} header.X-Tenant"},
	{"optional parameter added", RuleParamOptionalAdded, paramDoc("[]"), paramDoc("[{name: q, in: query, schema: {type: string}}]"), "GET /items/{id} query.q"},
	{"parameter became optional", RuleParamBecameOptional, paramDoc("[{name: q, in: query, required: true, schema: {type: string}}]"), paramDoc("[{name: q, in: query, schema: {type: string}}]"), ""},
	{"parameter explode changed", RuleParamSerializationChanged, paramDoc("[{name: tags, in: query, schema: {type: array, items: {type: string}}}]"),
		paramDoc("[{name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}]"), "GET /items/{id} query.tags"},
	{"parameter type changed", RuleReqTypeChanged, paramDoc("[{name: q, in: query, schema: {type: string}}]"), paramDoc("[{name: q, in: query, schema: {type: integer}}]"), "GET /items/{id} query.q"},
	{"parameter integer became string", RuleReqTypeWidened, paramDoc("[{name: q, in: query, schema: {type: integer}}]"), paramDoc("[{name: q, in: query, schema: {type: string}}]"), "GET /items/{id} query.q"},
	{"response header integer became string", RuleRespTypeChanged,
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, headers: {X-Rate: {schema: {type: integer}}}}}\n"),
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, headers: {X-Rate: {schema: {type: string}}}}}\n"), "GET /items response 200 header.x-rate"},
	{"error status falls back to default", RuleErrorStatusRemoved,
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok}, \"409\": {description: conflict}, default: {description: other}}\n"),
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok}, default: {description: other}}\n"), "GET /items response 409"},
	{"parameter maximum lowered", RuleReqConstraintTightened, paramDoc("[{name: limit, in: query, schema: {type: integer, maximum: 100}}]"), paramDoc("[{name: limit, in: query, schema: {type: integer, maximum: 50}}]"), "GET /items/{id} query.limit"},
	{"request body became required", RuleBodyBecameRequired,
		opDoc("    post:\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n"+okOp, ""),
		opDoc("    post:\n      requestBody: {required: true, content: {application/json: {schema: {type: object}}}}\n"+okOp, ""), "POST /items request"},
	{"required request body added", RuleBodyRequiredAdded, opDoc("    post:\n"+okOp, ""),
		opDoc("    post:\n      requestBody: {required: true, content: {application/json: {schema: {type: object}}}}\n"+okOp, ""), "POST /items request"},
	{"request body removed", RuleBodyRemoved, reqDoc("{type: object}"), opDoc("    post:\n"+okOp, ""), "POST /items request"},
	{"request media type removed", RuleReqMediaTypeRemoved,
		opDoc("    post:\n      requestBody: {content: {application/json: {schema: {type: object}}, application/xml: {schema: {type: object}}}}\n"+okOp, ""),
		opDoc("    post:\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n"+okOp, ""), "POST /items request application/xml"},
	{"request media type added", RuleReqMediaTypeAdded,
		opDoc("    post:\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n"+okOp, ""),
		opDoc("    post:\n      requestBody: {content: {application/json: {schema: {type: object}}, text/plain: {schema: {type: string}}}}\n"+okOp, ""), "POST /items request text/plain"},
	{"request property removed", RuleReqPropertyRemoved, reqDoc(obj1("{a: {type: string}, b: {type: string}}", "[]")), reqDoc(obj1("{a: {type: string}}", "[]")), "POST /items request body.b"},
	{"request property became required", RuleReqPropertyRequired, reqDoc(obj1("{a: {type: string}}", "[]")), reqDoc(obj1("{a: {type: string}}", "[a]")), "POST /items request body.a"},
	{"required request property added", RuleReqRequiredPropAdded, reqDoc(obj1("{a: {type: string}}", "[]")), reqDoc(obj1("{a: {type: string}, b: {type: string}}", "[b]")), "POST /items request body.b"},
	{"required request property no longer readOnly", RuleReqRequiredPropAdded,
		reqDoc(obj1("{a: {type: string}, id: {type: integer, readOnly: true}}", "[id]")), reqDoc(obj1("{a: {type: string}, id: {type: integer}}", "[id]")), "POST /items request body.id"},
	{"response property became writeOnly", RuleRespPropertyRemoved,
		respDoc(obj1("{a: {type: string}, pw: {type: string}}", "[]")), respDoc(obj1("{a: {type: string}, pw: {type: string, writeOnly: true}}", "[]")), "GET /items response 200 body.pw"},
	{"optional request property added", RuleReqOptionalPropAdded, reqDoc(obj1("{a: {type: string}}", "[]")), reqDoc(obj1("{a: {type: string}, b: {type: string}}", "[]")), "POST /items request body.b"},
	{"request property type changed", RuleReqTypeChanged, reqDoc(obj1("{a: {type: string}}", "[]")), reqDoc(obj1("{a: {type: integer}}", "[]")), "POST /items request body.a"},
	{"request property no longer nullable", RuleReqTypeChanged, reqDoc(obj1("{a: {type: [string, \"null\"]}}", "[]")), reqDoc(obj1("{a: {type: string}}", "[]")), "POST /items request body.a"},
	{"request number narrowed to integer", RuleReqTypeChanged, reqDoc("{type: number}"), reqDoc("{type: integer}"), "POST /items request body"},
	{"request type widened", RuleReqTypeWidened, reqDoc("{type: integer}"), reqDoc("{type: number}"), "POST /items request body"},
	{"request maxLength lowered", RuleReqConstraintTightened, reqDoc(obj1("{a: {type: string, maxLength: 100}}", "[]")), reqDoc(obj1("{a: {type: string, maxLength: 50}}", "[]")), "POST /items request body.a"},
	{"request maxLength added", RuleReqConstraintTightened, reqDoc("{type: string}"), reqDoc("{type: string, maxLength: 5}"), ""},
	{"request minLength raised", RuleReqConstraintTightened, reqDoc("{type: string, minLength: 1}"), reqDoc("{type: string, minLength: 8}"), ""},
	{"request minimum raised", RuleReqConstraintTightened, reqDoc("{type: integer, minimum: 0}"), reqDoc("{type: integer, minimum: 1}"), ""},
	{"request exclusiveMaximum added", RuleReqConstraintTightened, reqDoc("{type: number}"), reqDoc("{type: number, exclusiveMaximum: 10}"), ""},
	{"request maxItems lowered", RuleReqConstraintTightened, reqDoc("{type: array, items: {type: string}, maxItems: 10}"), reqDoc("{type: array, items: {type: string}, maxItems: 3}"), ""},
	{"request uniqueItems added", RuleReqConstraintTightened, reqDoc("{type: array, items: {type: string}}"), reqDoc("{type: array, items: {type: string}, uniqueItems: true}"), ""},
	{"request multipleOf added", RuleReqConstraintTightened, reqDoc("{type: integer}"), reqDoc("{type: integer, multipleOf: 5}"), ""},
	{"request item constraint tightened", RuleReqConstraintTightened, reqDoc("{type: array, items: {type: string, maxLength: 32}}"), reqDoc("{type: array, items: {type: string, maxLength: 16}}"), "POST /items request body[]"},
	{"request OpenAPI 3.0 exclusive maximum", RuleReqConstraintTightened, reqDoc("{type: integer, maximum: 10}"), reqDoc("{type: integer, maximum: 10, exclusiveMaximum: true}"), ""},
	{"response maximum tightened by the exclusive keyword", RuleRespConstraintTightened, respDoc("{type: integer, maximum: 10}"), respDoc("{type: integer, exclusiveMaximum: 10}"), ""},
	{"request maximum raised", RuleReqConstraintLoosened, reqDoc("{type: integer, maximum: 10}"), reqDoc("{type: integer, maximum: 20}"), ""},
	{"request enum value removed", RuleReqEnumValueRemoved, reqDoc("{type: string, enum: [a, b]}"), reqDoc("{type: string, enum: [a]}"), "POST /items request body"},
	{"request enum added", RuleReqEnumValueRemoved, reqDoc("{type: string}"), reqDoc("{type: string, enum: [a]}"), ""},
	{"request enum value added", RuleReqEnumValueAdded, reqDoc("{type: string, enum: [a]}"), reqDoc("{type: string, enum: [a, b]}"), ""},
	{"request pattern added", RuleReqPatternChanged, reqDoc("{type: string}"), reqDoc("{type: string, pattern: \"^[a-z]+$\"}"), ""},
	{"request format added", RuleReqFormatChanged, reqDoc("{type: string}"), reqDoc("{type: string, format: email}"), ""},
	{"request additional properties forbidden", RuleReqAdditionalForbidden, reqDoc("{type: object}"), reqDoc("{type: object, additionalProperties: false}"), "POST /items request body"},
	{"request variant removed", RuleReqVariantRemoved, reqDoc("{oneOf: [{type: string}, {type: integer}]}"), reqDoc("{oneOf: [{type: string}]}"), ""},
	{"success status removed", RuleSuccessStatusRemoved, respDoc("{type: object}"), paths("  /items:\n    get:\n      responses: {\"204\": {description: ok}}\n"), "GET /items response 200"},
	{"success status added", RuleSuccessStatusAdded, respDoc("{type: object}"),
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, content: {application/json: {schema: {type: object}}}}, \"202\": {description: later}}\n"), "GET /items response 202"},
	{"success status only covered by a range", RuleSuccessStatusRemoved, respDoc("{type: object}"),
		paths("  /items:\n    get:\n      responses: {\"2XX\": {description: ok, content: {application/json: {schema: {type: object}}}}}\n"), "GET /items response 200"},
	{"error status removed", RuleErrorStatusRemoved, paths("  /items:\n    get:\n      responses: {\"200\": {description: ok}, \"404\": {description: no}}\n"), paths("  /items:\n    get:\n" + okOp), "GET /items response 404"},
	{"error status added", RuleErrorStatusAdded, paths("  /items:\n    get:\n" + okOp), paths("  /items:\n    get:\n      responses: {\"200\": {description: ok}, \"429\": {description: slow}}\n"), "GET /items response 429"},
	{"response media type removed", RuleRespMediaTypeRemoved,
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, content: {application/json: {schema: {type: object}}, text/csv: {schema: {type: string}}}}}\n"),
		respDoc("{type: object}"), "GET /items response 200 text/csv"},
	{"response media type added", RuleRespMediaTypeAdded, respDoc("{type: object}"),
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, content: {application/json: {schema: {type: object}}, text/csv: {schema: {type: string}}}}}\n"), "GET /items response 200 text/csv"},
	{"response header removed", RuleRespHeaderRemoved,
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, headers: {X-Rate: {schema: {type: integer}}}}}\n"),
		paths("  /items:\n    get:\n" + okOp), "GET /items response 200 header.x-rate"},
	{"required response header removed", RuleRespRequiredHeaderRemoved,
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, headers: {X-Rate: {required: true, schema: {type: integer}}}}}\n"),
		paths("  /items:\n    get:\n" + okOp), "GET /items response 200 header.x-rate"},
	{"response header maxLength raised", RuleRespConstraintLoosened,
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, headers: {X-Id: {schema: {type: string, maxLength: 8}}}}}\n"),
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, headers: {X-Id: {schema: {type: string, maxLength: 9}}}}}\n"), "GET /items response 200 header.x-id"},
	{"response minimum removed", RuleRespConstraintLoosened, respDoc(obj1("{age: {type: integer, minimum: 0}}", "[age]")), respDoc(obj1("{age: {type: integer}}", "[age]")), "GET /items response 200 body.age"},
	{"response exclusiveMinimum lowered", RuleRespConstraintLoosened, respDoc("{type: number, exclusiveMinimum: 1}"), respDoc("{type: number, exclusiveMinimum: 0}"), ""},
	{"response minItems lowered", RuleRespConstraintLoosened, respDoc("{type: array, items: {type: string}, minItems: 1}"), respDoc("{type: array, items: {type: string}}"), ""},
	{"response uniqueItems removed", RuleRespConstraintLoosened, respDoc("{type: array, items: {type: string}, uniqueItems: true}"), respDoc("{type: array, items: {type: string}}"), ""},
	{"response multipleOf relaxed", RuleRespConstraintLoosened, respDoc("{type: integer, multipleOf: 10}"), respDoc("{type: integer, multipleOf: 5}"), ""},
	{"response format removed", RuleRespConstraintLoosened, respDoc("{type: string, format: email}"), respDoc("{type: string}"), ""},
	{"response format email to uri", RuleRespConstraintLoosened, respDoc("{type: string, format: email}"), respDoc("{type: string, format: uri}"), ""},
	{"response format narrowed", RuleRespConstraintTightened, respDoc("{type: string, format: idn-email}"), respDoc("{type: string, format: email}"), ""},
	{"response const removed", RuleRespEnumValueAdded, respDoc("{type: string, const: a}"), respDoc("{type: string}"), ""},
	{"response additionalProperties opened", RuleRespConstraintLoosened, respDoc("{type: object, additionalProperties: false}"), respDoc("{type: object}"), "GET /items response 200 body"},
	{"response additionalProperties schema widened", RuleRespConstraintLoosened,
		respDoc("{type: object, additionalProperties: {type: string, maxLength: 3}}"), respDoc("{type: object, additionalProperties: {type: string}}"), "GET /items response 200 body.*"},
	{"response loosened via $ref", RuleRespConstraintLoosened,
		withSchemas(respDoc("{$ref: \"#/components/schemas/Item\"}"), "    Item: {type: object, properties: {a: {type: string, maxLength: 3}}}\n"),
		withSchemas(respDoc("{$ref: \"#/components/schemas/Item\"}"), "    Item: {type: object, properties: {a: {type: string}}}\n"), "GET /items response 200 body.a"},
	{"request format email to uri", RuleReqFormatChanged, reqDoc("{type: string, format: email}"), reqDoc("{type: string, format: uri}"), ""},
	{"request format widened", RuleReqConstraintLoosened, reqDoc("{type: string, format: email}"), reqDoc("{type: string, format: idn-email}"), ""},
	{"request format removed", RuleReqConstraintLoosened, reqDoc("{type: string, format: email}"), reqDoc("{type: string}"), ""},
	{"parameter format changed", RuleReqFormatChanged, paramDoc("[{name: q, in: query, schema: {type: string, format: uuid}}]"), paramDoc("[{name: q, in: query, schema: {type: string, format: email}}]"), "GET /items/{id} query.q"},
	{"request header parameter maxLength lowered", RuleReqConstraintTightened, paramDoc("[{name: X-Tag, in: header, schema: {type: string, maxLength: 9}}]"), paramDoc("[{name: X-Tag, in: header, schema: {type: string, maxLength: 8}}]"), "GET /items/{id} header.X-Tag"},
	{"request multipleOf changed", RuleReqConstraintTightened, reqDoc("{type: integer, multipleOf: 2}"), reqDoc("{type: integer, multipleOf: 3}"), ""},
	{"request multipleOf relaxed", RuleReqConstraintLoosened, reqDoc("{type: integer, multipleOf: 10}"), reqDoc("{type: integer, multipleOf: 5}"), ""},
	{"request const added", RuleReqEnumValueRemoved, reqDoc("{type: string}"), reqDoc("{type: string, const: a}"), ""},
	{"request additionalProperties narrowed", RuleReqConstraintTightened, reqDoc("{type: object}"), reqDoc("{type: object, additionalProperties: {type: string}}"), ""},
	{"request tightened via $ref", RuleReqConstraintTightened,
		withSchemas(reqDoc("{$ref: \"#/components/schemas/Item\"}"), "    Item: {type: object, properties: {a: {type: string}}}\n"),
		withSchemas(reqDoc("{$ref: \"#/components/schemas/Item\"}"), "    Item: {type: object, properties: {a: {type: string, minLength: 2}}}\n"), "POST /items request body.a"},
	{"response header became optional", RuleRespHeaderOptional,
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, headers: {X-Rate: {required: true, schema: {type: integer}}}}}\n"),
		paths("  /items:\n    get:\n      responses: {\"200\": {description: ok, headers: {X-Rate: {schema: {type: integer}}}}}\n"), "GET /items response 200 header.x-rate"},
	{"response property removed", RuleRespPropertyRemoved, respDoc(obj1("{a: {type: string}, b: {type: string}}", "[a, b]")), respDoc(obj1("{a: {type: string}}", "[a]")), "GET /items response 200 body.b"},
	{"response property became optional", RuleRespPropertyOptional, respDoc(obj1("{a: {type: string}}", "[a]")), respDoc(obj1("{a: {type: string}}", "[]")), "GET /items response 200 body.a"},
	{"response property added", RuleRespPropertyAdded, respDoc(obj1("{a: {type: string}}", "[a]")), respDoc(obj1("{a: {type: string}, b: {type: string}}", "[a]")), "GET /items response 200 body.b"},
	{"response property type changed", RuleRespTypeChanged, respDoc(obj1("{a: {type: integer}}", "[a]")), respDoc(obj1("{a: {type: string}}", "[a]")), "GET /items response 200 body.a"},
	{"response property became nullable", RuleRespTypeChanged, respDoc(obj1("{a: {type: string}}", "[a]")), respDoc(obj1("{a: {type: [string, \"null\"]}}", "[a]")), ""},
	{"response type narrowed", RuleRespTypeNarrowed, respDoc("{type: [string, \"null\"]}"), respDoc("{type: string}"), ""},
	{"response enum value added", RuleRespEnumValueAdded, respDoc("{type: string, enum: [a]}"), respDoc("{type: string, enum: [a, b]}"), "GET /items response 200 body"},
	{"response enum value removed", RuleRespEnumValueRemoved, respDoc("{type: string, enum: [a, b]}"), respDoc("{type: string, enum: [a]}"), ""},
	{"response maxLength raised", RuleRespConstraintLoosened, respDoc("{type: string, maxLength: 10}"), respDoc("{type: string, maxLength: 20}"), ""},
	{"response pattern removed", RuleRespConstraintLoosened, respDoc("{type: string, pattern: \"^a$\"}"), respDoc("{type: string}"), ""},
	{"response maxLength lowered", RuleRespConstraintTightened, respDoc("{type: string, maxLength: 20}"), respDoc("{type: string, maxLength: 10}"), ""},
	{"response variant added", RuleRespVariantAdded, respDoc("{oneOf: [{type: string}]}"), respDoc("{oneOf: [{type: string}, {type: integer}]}"), ""},
	{"response property removed via $ref", RuleRespPropertyRemoved,
		withSchemas(respDoc("{$ref: \"#/components/schemas/Item\"}"), "    Item: {type: object, properties: {a: {type: string}, b: {type: string}}}\n"),
		withSchemas(respDoc("{$ref: \"#/components/schemas/Item\"}"), "    Item: {type: object, properties: {a: {type: string}}}\n"), "GET /items response 200 body.b"},
}

func mustParse(t *testing.T, s string) *Document {
	t.Helper()
	d, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, s)
	}
	return d
}

// TestRules checks every rule with a before/after pair: the rule fires,
// with its catalogue level, at the expected location.
func TestRules(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range ruleCases {
		t.Run(tc.name, func(t *testing.T) {
			covered[tc.rule] = true
			changes := Diff(mustParse(t, tc.before), mustParse(t, tc.after))
			rule, _ := RuleByID(tc.rule)
			for _, c := range changes {
				if c.Rule != tc.rule {
					continue
				}
				if c.Level != rule.Level || c.Direction != rule.Direction {
					t.Errorf("%s: level %v direction %v, want %v %v", c.Rule, c.Level, c.Direction, rule.Level, rule.Direction)
				}
				if tc.location != "" && c.Location != tc.location {
					continue
				}
				return
			}
			t.Errorf("want %s at %q; got:\n%s", tc.rule, tc.location, changesText(changes))
		})
	}
	for _, r := range Rules() {
		if !covered[r.ID] {
			t.Errorf("rule %s has no before/after case", r.ID)
		}
	}
}

// TestSameChangeBothDirections shows the direction rules: one schema change,
// opposite verdicts for senders and readers.
func TestSameChangeBothDirections(t *testing.T) {
	cases := []struct {
		before, after string
		req, resp     string
	}{
		{"{type: string, maxLength: 100}", "{type: string, maxLength: 50}", RuleReqConstraintTightened, RuleRespConstraintTightened},
		{"{type: string, enum: [a, b]}", "{type: string, enum: [a]}", RuleReqEnumValueRemoved, RuleRespEnumValueRemoved},
		{"{type: string, enum: [a]}", "{type: string, enum: [a, b]}", RuleReqEnumValueAdded, RuleRespEnumValueAdded},
		{"{type: string}", "{type: [string, \"null\"]}", RuleReqTypeWidened, RuleRespTypeChanged},
	}
	for _, tc := range cases {
		req := Diff(mustParse(t, reqDoc(tc.before)), mustParse(t, reqDoc(tc.after)))
		resp := Diff(mustParse(t, respDoc(tc.before)), mustParse(t, respDoc(tc.after)))
		if len(req) != 1 || req[0].Rule != tc.req {
			t.Errorf("%s -> %s in a request: got\n%s", tc.before, tc.after, changesText(req))
		}
		if len(resp) != 1 || resp[0].Rule != tc.resp {
			t.Errorf("%s -> %s in a response: got\n%s", tc.before, tc.after, changesText(resp))
		}
		if len(req) == 1 && len(resp) == 1 && req[0].Level == resp[0].Level {
			t.Errorf("%s -> %s: same level %v in both directions", tc.before, tc.after, req[0].Level)
		}
	}
}

func TestNoChanges(t *testing.T) {
	d := mustParse(t, reqDoc(obj1("{a: {type: string}}", "[a]")))
	if cs := Diff(d, d); len(cs) != 0 {
		t.Errorf("a document differs from itself:\n%s", changesText(cs))
	}
}

func TestPathParamRenameIsNotBreaking(t *testing.T) {
	before := paths("  /items/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]\n" + okOp)
	after := paths("  /items/{item_id}:\n    get:\n      parameters: [{name: item_id, in: path, required: true, schema: {type: integer}}]\n" + okOp)
	if cs := Diff(mustParse(t, before), mustParse(t, after)); len(cs) != 0 {
		t.Errorf("renaming a path parameter changes nothing on the wire; got\n%s", changesText(cs))
	}
}

func TestRecursiveSchema(t *testing.T) {
	doc := func(extra string) string {
		return withSchemas(respDoc("{$ref: \"#/components/schemas/Node\"}"),
			"    Node: {type: object, properties: {children: {type: array, items: {$ref: \"#/components/schemas/Node\"}}"+extra+"}}\n")
	}
	cs := Diff(mustParse(t, doc(", name: {type: string}")), mustParse(t, doc("")))
	if len(cs) != 1 || cs[0].Rule != RuleRespPropertyRemoved {
		t.Errorf("got\n%s", changesText(cs))
	}
}

func changesText(cs []Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString("  " + c.String() + "\n")
	}
	if len(cs) == 0 {
		b.WriteString("  (no changes)\n")
	}
	return b.String()
}
