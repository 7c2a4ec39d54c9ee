package contract_test

import (
	"strings"
	"testing"

	"github.com/starling-http/starling/contract"
)

// The gate's verdicts on whole (old, new) document pairs, as reviewers
// check them: breaking when some client that worked against the old
// document fails against the new one, safe otherwise. Each row is one
// kind of change the rule tests (rules_test.go, gatedirection_test.go,
// the oasdiff pairs) do not already pair up.

const (
	pairHead31 = "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\n"
	pairHead30 = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\n"
)

// pairReq is a 3.1 document whose POST /items reads a JSON body of schema;
// extra is appended at the top level (components, servers …).
func pairReq(schema, extra string) string {
	return pairHead31 + "paths:\n  /items:\n    post:\n      requestBody: {required: true, content: {application/json: {schema: " + schema +
		"}}}\n      responses: {\"201\": {description: ok}}\n" + extra
}

// pairResp is a 3.1 document whose GET /items answers 200 with schema.
func pairResp(schema, extra string) string {
	return pairHead31 + "paths:\n  /items:\n    get:\n      responses: {\"200\": {description: ok, content: {application/json: {schema: " + schema +
		"}}}}\n" + extra
}

// pairResp30 is pairResp in an OpenAPI 3.0 document.
func pairResp30(schema, extra string) string {
	return strings.Replace(pairResp(schema, extra), pairHead31, pairHead30, 1)
}

// pairReq30 is pairReq in an OpenAPI 3.0 document.
func pairReq30(schema, extra string) string {
	return strings.Replace(pairReq(schema, extra), pairHead31, pairHead30, 1)
}

// pairParams is a 3.1 document whose GET /items/{id} takes params (a YAML
// flow list) next to its path parameter.
func pairParams(params string) string {
	return pairHead31 + "paths:\n  /items/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: integer}}" +
		params + "]\n      responses: {\"200\": {description: ok}}\n"
}

// pairOp is a 3.1 document with one operation block (YAML indented by 4)
// under path.
func pairOp(path, op, extra string) string {
	return pairHead31 + "paths:\n  " + path + ":\n" + op + extra
}

const pairSchemes = "components:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n    key: {type: apiKey, in: header, name: X-Key}\n"

// pairPet is a oneOf of two component schemas with a discriminator; the
// arguments replace its parts.
func pairPet(oneOf, discriminator string) string {
	return "{oneOf: " + oneOf + ", discriminator: " + discriminator + "}"
}

const pairPets = "components:\n  schemas:\n" +
	"    Dog: {type: object, required: [kind], properties: {kind: {type: string}, bark: {type: boolean}}}\n" +
	"    Cat: {type: object, required: [kind], properties: {kind: {type: string}, purr: {type: boolean}}}\n" +
	"    Fox: {type: object, required: [kind], properties: {kind: {type: string}}}\n"

type gatePair struct {
	name       string
	base, head string
	breaking   bool
	// where, when set, is text that the location or the message of some
	// failing change names.
	where string
}

func gatePairs() []gatePair {
	item := "components:\n  schemas:\n    Item: {type: object, required: [a], properties: {a: {type: string, maxLength: 5}, b: {type: integer}}}\n"
	itemInline := "{type: object, required: [a], properties: {a: {type: string, maxLength: 5}, b: {type: integer}}}"
	renamed := "components:\n  schemas:\n    Thing: {type: object, required: [a], properties: {a: {type: string, maxLength: 5}, b: {type: integer}}}\n"
	cycle := func(extra string) string {
		return "components:\n  schemas:\n" +
			"    A: {type: object, properties: {b: {$ref: \"#/components/schemas/B\"}" + extra + "}}\n" +
			"    B: {type: object, properties: {a: {$ref: \"#/components/schemas/A\"}, list: {type: array, items: {$ref: \"#/components/schemas/B\"}}}}\n"
	}
	allOfCycle := "components:\n  schemas:\n" +
		"    A: {allOf: [{$ref: \"#/components/schemas/B\"}], properties: {x: {type: string}}}\n" +
		"    B: {allOf: [{$ref: \"#/components/schemas/A\"}], properties: {y: {type: string}}}\n"
	closed := func(props string) string {
		return "{type: object, additionalProperties: false, properties: " + props + "}"
	}
	servers := func(urls string) string { return "servers: " + urls + "\n" }
	op := "    get:\n      responses: {\"200\": {description: ok}}\n"
	secured := func(sec string) string {
		return "    get:\n      security: " + sec + "\n      responses: {\"200\": {description: ok}}\n"
	}
	arrayParam := func(style string) string {
		return ", {name: tags, in: query, " + style + "schema: {type: array, items: {type: string}}}"
	}
	return []gatePair{
		// $refs and equal schemas.
		{"request $ref inlined to an equal schema", pairReq("{$ref: \"#/components/schemas/Item\"}", item), pairReq(itemInline, ""), false, ""},
		{"response inline schema moved to an equal $ref", pairResp(itemInline, ""), pairResp("{$ref: \"#/components/schemas/Item\"}", item), false, ""},
		{"response $ref target renamed, same shape", pairResp("{$ref: \"#/components/schemas/Item\"}", item), pairResp("{$ref: \"#/components/schemas/Thing\"}", renamed), false, ""},
		{"request $ref retargeted to a stricter schema", pairReq("{$ref: \"#/components/schemas/Item\"}", item),
			pairReq("{$ref: \"#/components/schemas/Thing\"}", strings.Replace(renamed, "maxLength: 5", "maxLength: 3", 1)), true, "body.a"},
		{"request allOf merging to the same schema", pairReq(itemInline, ""),
			pairReq("{allOf: [{type: object, required: [a], properties: {a: {type: string, maxLength: 5}}}, {properties: {b: {type: integer}}}]}", ""), false, ""},
		{"response allOf of $refs merging to the same schema", pairResp(itemInline, ""),
			pairResp("{allOf: [{$ref: \"#/components/schemas/A\"}, {$ref: \"#/components/schemas/B\"}]}",
				"components:\n  schemas:\n    A: {type: object, required: [a], properties: {a: {type: string, maxLength: 5}}}\n    B: {properties: {b: {type: integer}}}\n"), false, ""},
		{"request allOf member gains a required property", pairReq("{allOf: [{$ref: \"#/components/schemas/Item\"}]}", item),
			pairReq("{allOf: [{$ref: \"#/components/schemas/Item\"}, {required: [c], properties: {c: {type: string}}}]}", item), true, "body.c"},

		// Recursion must end, and still see changes.
		{"mutually recursive schemas, unchanged", pairResp("{$ref: \"#/components/schemas/A\"}", cycle("")), pairResp("{$ref: \"#/components/schemas/A\"}", cycle("")), false, ""},
		{"mutually recursive response loses a property", pairResp("{$ref: \"#/components/schemas/A\"}", cycle(", name: {type: string}")),
			pairResp("{$ref: \"#/components/schemas/A\"}", cycle("")), true, "body.name"},
		{"allOf cycle, unchanged", pairResp("{$ref: \"#/components/schemas/A\"}", allOfCycle), pairResp("{$ref: \"#/components/schemas/A\"}", allOfCycle), false, ""},

		// Types.
		{"response integer widened to number", pairResp("{type: object, properties: {n: {type: integer}}}", ""), pairResp("{type: object, properties: {n: {type: number}}}", ""), true, "body.n"},
		{"response number narrowed to integer", pairResp("{type: object, properties: {n: {type: number}}}", ""), pairResp("{type: object, properties: {n: {type: integer}}}", ""), false, ""},
		{"request body object became array", pairReq("{type: object}", ""), pairReq("{type: array, items: {type: object}}", ""), true, "POST /items request body"},
		{"response array item type changed", pairResp("{type: array, items: {type: string}}", ""), pairResp("{type: array, items: {type: integer}}", ""), true, "body[]"},
		{"path parameter integer became string", pairParams(""), strings.Replace(pairParams(""), "schema: {type: integer}", "schema: {type: string}", 1), false, ""},
		{"path parameter string became integer", strings.Replace(pairParams(""), "schema: {type: integer}", "schema: {type: string}", 1), pairParams(""), true, "path.id"},

		// Nullability, OpenAPI 3.0 and 3.1.
		{"3.0 response nullable removed", pairResp30("{type: object, properties: {a: {type: string, nullable: true}}}", ""), pairResp30("{type: object, properties: {a: {type: string}}}", ""), false, ""},
		{"3.0 response nullable added", pairResp30("{type: object, properties: {a: {type: string}}}", ""), pairResp30("{type: object, properties: {a: {type: string, nullable: true}}}", ""), true, "body.a"},
		{"3.0 request nullable removed", pairReq30("{type: object, properties: {a: {type: string, nullable: true}}}", ""), pairReq30("{type: object, properties: {a: {type: string}}}", ""), true, "body.a"},
		{"3.1 response null dropped from the type array", pairResp("{type: object, properties: {a: {type: [string, \"null\"]}}}", ""), pairResp("{type: object, properties: {a: {type: string}}}", ""), false, ""},
		{"3.0 nullable rewritten as a 3.1 type array", pairResp30("{type: object, properties: {a: {type: string, nullable: true}}}", ""),
			pairResp("{type: object, properties: {a: {type: [string, \"null\"]}}}", ""), false, ""},
		{"3.0 boolean exclusiveMaximum rewritten as 3.1 number", pairReq30("{type: integer, maximum: 10, exclusiveMaximum: true}", ""), pairReq("{type: integer, exclusiveMaximum: 10}", ""), false, ""},
		{"3.0 to 3.1 with a lower exclusive bound", pairReq30("{type: integer, maximum: 10, exclusiveMaximum: true}", ""), pairReq("{type: integer, exclusiveMaximum: 9}", ""), true, "exclusiveMaximum"},

		// Enums.
		{"response enum value added", pairResp("{type: string, enum: [a, b]}", ""), pairResp("{type: string, enum: [a, b, c]}", ""), true, "c"},
		{"request enum value added", pairReq("{type: string, enum: [a, b]}", ""), pairReq("{type: string, enum: [a, b, c]}", ""), false, ""},
		{"query enum value removed", pairParams(", {name: sort, in: query, schema: {type: string, enum: [asc, desc]}}"),
			pairParams(", {name: sort, in: query, schema: {type: string, enum: [asc]}}"), true, "query.sort"},
		{"response const changed", pairResp("{type: string, const: v1}", ""), pairResp("{type: string, const: v2}", ""), true, "v2"},
		{"request type array widened", pairReq("{type: [string]}", ""), pairReq("{type: [string, integer]}", ""), false, ""},
		{"single-value enum rewritten as const", pairReq("{type: string, enum: [a]}", ""), pairReq("{type: string, const: a}", ""), false, ""},
		{"response gains a null oneOf branch", pairResp("{type: object, properties: {a: {type: string}}}", ""),
			pairResp("{type: object, properties: {a: {oneOf: [{type: string}, {type: \"null\"}]}}}", ""), true, "body.a"},
		{"response enum reordered", pairResp("{type: string, enum: [a, b]}", ""), pairResp("{type: string, enum: [b, a]}", ""), false, ""},

		// Constraints in new places.
		{"query pattern added", pairParams(", {name: q, in: query, schema: {type: string}}"), pairParams(", {name: q, in: query, schema: {type: string, pattern: \"^[a-z]+$\"}}"), true, "query.q"},
		{"cookie maxLength lowered", pairParams(", {name: sid, in: cookie, schema: {type: string, maxLength: 64}}"),
			pairParams(", {name: sid, in: cookie, schema: {type: string, maxLength: 32}}"), true, "cookie.sid"},
		{"nested request array minItems raised", pairReq("{type: object, properties: {tags: {type: array, items: {type: string}}}}", ""),
			pairReq("{type: object, properties: {tags: {type: array, items: {type: string}, minItems: 1}}}", ""), true, "body.tags"},
		{"nested request object closed", pairReq("{type: object, properties: {meta: {type: object}}}", ""),
			pairReq("{type: object, properties: {meta: {type: object, additionalProperties: false}}}", ""), true, "body.meta"},
		{"closed request object loses a property", pairReq(closed("{a: {type: string}, b: {type: string}}"), ""), pairReq(closed("{a: {type: string}}"), ""), true, "body.b"},
		{"request property removed, additionalProperties refuses its type", pairReq("{type: object, additionalProperties: {type: integer}, properties: {a: {type: string}}}", ""),
			pairReq("{type: object, additionalProperties: {type: integer}}", ""), true, "body.a"},
		{"request property removed, additionalProperties takes its type", pairReq("{type: object, additionalProperties: {type: string}, properties: {a: {type: string}}}", ""),
			pairReq("{type: object, additionalProperties: {type: string}}", ""), false, ""},
		{"request requires an undeclared property", pairReq("{type: object}", ""), pairReq("{type: object, required: [a]}", ""), true, "body.a"},
		{"response no longer requires an undeclared property", pairResp("{type: object, required: [a]}", ""), pairResp("{type: object}", ""), true, "body.a"},
		{"open request object loses a property", pairReq("{type: object, properties: {a: {type: string}, b: {type: string}}}", ""),
			pairReq("{type: object, properties: {a: {type: string}}}", ""), false, ""},
		{"request default changed", pairReq("{type: object, properties: {n: {type: integer, default: 10}}}", ""),
			pairReq("{type: object, properties: {n: {type: integer, default: 20}}}", ""), false, ""},
		{"query default changed", pairParams(", {name: limit, in: query, schema: {type: integer, default: 10}}"),
			pairParams(", {name: limit, in: query, schema: {type: integer, default: 20}}"), false, ""},
		{"description and example changed", pairResp("{type: string, description: old, example: x}", ""), pairResp("{type: string, description: new, example: y}", ""), false, ""},

		// readOnly and writeOnly.
		{"request property became readOnly", pairReq("{type: object, properties: {a: {type: string}, id: {type: integer}}}", ""),
			pairReq("{type: object, properties: {a: {type: string}, id: {type: integer, readOnly: true}}}", ""), false, ""},
		{"required response property became writeOnly", pairResp("{type: object, required: [pw], properties: {pw: {type: string}}}", ""),
			pairResp("{type: object, required: [pw], properties: {pw: {type: string, writeOnly: true}}}", ""), true, "body.pw"},
		{"readOnly request property tightened", pairReq("{type: object, properties: {id: {type: integer, readOnly: true}}}", ""),
			pairReq("{type: object, properties: {id: {type: integer, readOnly: true, minimum: 1}}}", ""), false, ""},
		{"writeOnly response property loosened", pairResp("{type: object, properties: {pw: {type: string, writeOnly: true, maxLength: 8}}}", ""),
			pairResp("{type: object, properties: {pw: {type: string, writeOnly: true}}}", ""), false, ""},

		// Variants.
		{"request oneOf branch removed", pairReq("{oneOf: [{type: string}, {type: integer}]}", ""), pairReq("{oneOf: [{type: string}]}", ""), true, "request body"},
		{"request oneOf branch added", pairReq("{oneOf: [{type: string}]}", ""), pairReq("{oneOf: [{type: string}, {type: integer}]}", ""), false, ""},
		{"response anyOf branch added", pairResp("{anyOf: [{type: string}]}", ""), pairResp("{anyOf: [{type: string}, {type: integer}]}", ""), true, "response 200 body"},
		{"response oneOf branch removed", pairResp("{oneOf: [{type: string}, {type: integer}]}", ""), pairResp("{oneOf: [{type: string}]}", ""), false, ""},
		{"response oneOf first branch removed", pairResp("{oneOf: [{type: string}, {type: integer}]}", ""), pairResp("{oneOf: [{type: integer}]}", ""), false, ""},
		{"request oneOf branch added in front", pairReq("{oneOf: [{type: integer}]}", ""), pairReq("{oneOf: [{type: string}, {type: integer}]}", ""), false, ""},
		{"request oneOf branches reordered", pairReq("{oneOf: [{type: string}, {type: integer}]}", ""), pairReq("{oneOf: [{type: integer}, {type: string}]}", ""), false, ""},
		{"response oneOf $ref branches reordered", pairResp(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind}"), pairPets),
			pairResp(pairPet("[{$ref: \"#/components/schemas/Cat\"}, {$ref: \"#/components/schemas/Dog\"}]", "{propertyName: kind}"), pairPets), false, ""},
		{"request oneOf branch swapped for another", pairReq("{oneOf: [{type: string}, {type: integer}]}", ""), pairReq("{oneOf: [{type: string}, {type: boolean}]}", ""), true, "request body"},

		// Discriminators.
		{"request discriminator mapping value removed",
			pairReq(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Dog\", cat: \"#/components/schemas/Cat\"}}"), pairPets),
			pairReq(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Dog\", feline: \"#/components/schemas/Cat\"}}"), pairPets),
			true, "cat"},
		{"request discriminator propertyName changed",
			pairReq(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind}"), pairPets),
			pairReq(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: type}"), pairPets),
			true, "discriminator"},
		{"response discriminator mapping value added",
			pairResp(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Dog\", cat: \"#/components/schemas/Cat\"}}"), pairPets),
			pairResp(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Dog\", cat: \"#/components/schemas/Cat\", kitty: \"#/components/schemas/Cat\"}}"), pairPets),
			true, "kitty"},
		{"request discriminator mapping value added",
			pairReq(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Dog\", cat: \"#/components/schemas/Cat\"}}"), pairPets),
			pairReq(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Dog\", cat: \"#/components/schemas/Cat\", kitty: \"#/components/schemas/Cat\"}}"), pairPets),
			false, ""},
		{"response discriminator mapping value removed",
			pairResp(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Dog\", cat: \"#/components/schemas/Cat\", kitty: \"#/components/schemas/Cat\"}}"), pairPets),
			pairResp(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Dog\", cat: \"#/components/schemas/Cat\"}}"), pairPets),
			false, ""},
		{"response discriminator mapping made explicit, same names",
			pairResp(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind}"), pairPets),
			pairResp(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Cat\"}]", "{propertyName: kind, mapping: {Dog: \"#/components/schemas/Dog\", Cat: \"#/components/schemas/Cat\"}}"), pairPets),
			false, ""},
		{"response discriminator mapping retargeted",
			pairResp(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Fox\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Dog\", fox: \"#/components/schemas/Fox\"}}"), pairPets),
			pairResp(pairPet("[{$ref: \"#/components/schemas/Dog\"}, {$ref: \"#/components/schemas/Fox\"}]", "{propertyName: kind, mapping: {dog: \"#/components/schemas/Fox\", fox: \"#/components/schemas/Dog\"}}"), pairPets),
			true, "dog"},

		// Parameters.
		{"required header parameter added", pairParams(""), pairParams(", {name: X-Tenant, in: header, required: true, schema: {type: string}}"), true, "header.X-Tenant"},
		{"optional cookie made required", pairParams(", {name: sid, in: cookie, schema: {type: string}}"), pairParams(", {name: sid, in: cookie, required: true, schema: {type: string}}"), true, "cookie.sid"},
		{"required parameter moved from query to header", pairParams(", {name: tenant, in: query, required: true, schema: {type: string}}"),
			pairParams(", {name: tenant, in: header, required: true, schema: {type: string}}"), true, "header.tenant"},
		{"header parameter name case changed", pairParams(", {name: X-Tenant, in: header, required: true, schema: {type: string}}"),
			pairParams(", {name: x-tenant, in: header, required: true, schema: {type: string}}"), false, ""},
		{"query array explode turned off", pairParams(arrayParam("")), pairParams(arrayParam("explode: false, ")), true, "query.tags"},
		{"query array style became pipeDelimited", pairParams(arrayParam("")), pairParams(arrayParam("style: pipeDelimited, ")), true, "query.tags"},
		{"query array default style written out", pairParams(arrayParam("")), pairParams(arrayParam("style: form, explode: true, ")), false, ""},
		{"scalar query explode turned off", pairParams(", {name: q, in: query, schema: {type: string}}"), pairParams(", {name: q, in: query, explode: false, schema: {type: string}}"), false, ""},
		{"content-described query parameter maxLength lowered", pairParams(", {name: f, in: query, content: {application/json: {schema: {type: string, maxLength: 9}}}}"),
			pairParams(", {name: f, in: query, content: {application/json: {schema: {type: string, maxLength: 8}}}}"), true, "query.f"},
		{"path-level parameter moved to the operation", pairHead31 + "paths:\n  /items:\n    parameters: [{name: q, in: query, schema: {type: string}}]\n" + op,
			pairOp("/items", "    get:\n      parameters: [{name: q, in: query, schema: {type: string}}]\n      responses: {\"200\": {description: ok}}\n", ""), false, ""},
		{"operation overrides a path-level parameter as required", pairHead31 + "paths:\n  /items:\n    parameters: [{name: q, in: query, schema: {type: string}}]\n" + op,
			pairHead31 + "paths:\n  /items:\n    parameters: [{name: q, in: query, schema: {type: string}}]\n    get:\n      parameters: [{name: q, in: query, required: true, schema: {type: string}}]\n      responses: {\"200\": {description: ok}}\n", true, "query.q"},
		{"response header name case changed", pairOp("/items", "    get:\n      responses: {\"200\": {description: ok, headers: {X-Rate: {required: true, schema: {type: integer}}}}}\n", ""),
			pairOp("/items", "    get:\n      responses: {\"200\": {description: ok, headers: {x-rate: {required: true, schema: {type: integer}}}}}\n", ""), false, ""},
		{"parameter deprecated", pairParams(", {name: q, in: query, schema: {type: string}}"), pairParams(", {name: q, in: query, deprecated: true, schema: {type: string}}"), false, ""},

		// Paths, operations, statuses, media types.
		{"path renamed", pairOp("/items", op, ""), pairOp("/things", op, ""), true, "/items"},
		{"path gained a trailing slash", pairOp("/items", op, ""), pairOp("/items/", op, ""), true, "/items"},
		{"operation removed from a shared path", pairOp("/items", op+"    delete:\n      responses: {\"204\": {description: ok}}\n", ""), pairOp("/items", op, ""), true, "DELETE /items"},
		{"success status 200 became 201", pairOp("/items", op, ""), pairOp("/items", strings.Replace(op, "\"200\"", "\"201\"", 1), ""), true, "response 200"},
		{"request media type removed", pairOp("/items", "    post:\n      requestBody: {content: {application/json: {schema: {type: object}}, application/x-www-form-urlencoded: {schema: {type: object}}}}\n      responses: {\"201\": {description: ok}}\n", ""),
			pairOp("/items", "    post:\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n      responses: {\"201\": {description: ok}}\n", ""), true, "application/x-www-form-urlencoded"},
		{"request media type widened to a wildcard", pairOp("/items", "    post:\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n      responses: {\"201\": {description: ok}}\n", ""),
			pairOp("/items", "    post:\n      requestBody: {content: {application/*: {schema: {type: object}}}}\n      responses: {\"201\": {description: ok}}\n", ""), false, ""},
		{"request media type widened to a wildcard with a stricter schema", pairOp("/items", "    post:\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n      responses: {\"201\": {description: ok}}\n", ""),
			pairOp("/items", "    post:\n      requestBody: {content: {\"*/*\": {schema: {type: object, required: [a]}}}}\n      responses: {\"201\": {description: ok}}\n", ""), true, "required"},
		{"response media type became a wildcard", pairResp("{type: object}", ""), strings.Replace(pairResp("{type: object}", ""), "application/json", "application/*", 1), true, "application/json"},
		{"response media type removed", pairOp("/items", "    get:\n      responses: {\"200\": {description: ok, content: {application/json: {schema: {type: object}}, application/xml: {schema: {type: object}}}}}\n", ""),
			pairResp("{type: object}", ""), true, "application/xml"},
		{"required response header added", pairOp("/items", op, ""), pairOp("/items", "    get:\n      responses: {\"200\": {description: ok, headers: {X-Rate: {required: true, schema: {type: integer}}}}}\n", ""), false, ""},

		// Security.
		{"security scheme added to an operation", pairOp("/items", op, pairSchemes), pairOp("/items", secured("[{bearer: []}]"), pairSchemes), true, "GET /items security"},
		{"global security added", pairOp("/items", op, pairSchemes), pairOp("/items", op, pairSchemes+"security: [{key: []}]\n"), true, "GET /items security"},
		{"operation opts out of global security", pairOp("/items", op, pairSchemes+"security: [{key: []}]\n"), pairOp("/items", secured("[]"), pairSchemes+"security: [{key: []}]\n"), false, ""},
		{"security scheme renamed, same definition", pairOp("/items", secured("[{bearer: []}]"), pairSchemes),
			pairOp("/items", secured("[{jwt: []}]"), strings.Replace(pairSchemes, "bearer: {type: http", "jwt: {type: http", 1)), false, ""},
		{"security scheme swapped for another definition", pairOp("/items", secured("[{bearer: []}]"), pairSchemes), pairOp("/items", secured("[{key: []}]"), pairSchemes), true, "security"},
		{"second security scheme required together", pairOp("/items", secured("[{bearer: []}]"), pairSchemes), pairOp("/items", secured("[{bearer: [], key: []}]"), pairSchemes), true, "security"},

		// Servers.
		{"server base path changed", pairOp("/items", op, servers("[{url: \"https://api.example.com/v1\"}]")), pairOp("/items", op, servers("[{url: \"https://api.example.com/v2\"}]")), true, "/v1"},
		{"relative server base path changed", pairOp("/items", op, servers("[{url: /api}]")), pairOp("/items", op, servers("[{url: /}]")), true, "/api"},
		{"server host changed, same base path", pairOp("/items", op, servers("[{url: \"https://old.example.com/v1\"}]")), pairOp("/items", op, servers("[{url: \"https://new.example.com/v1\"}]")), false, ""},
		{"server added", pairOp("/items", op, servers("[{url: \"https://api.example.com/v1\"}]")),
			pairOp("/items", op, servers("[{url: \"https://api.example.com/v1\"}, {url: \"https://eu.example.com/v1\"}]")), false, ""},
		{"server variable default path changed", pairOp("/items", op, servers("[{url: \"https://api.example.com/{base}\", variables: {base: {default: v1}}}]")),
			pairOp("/items", op, servers("[{url: \"https://api.example.com/{base}\", variables: {base: {default: v2}}}]")), true, "/v1"},
		{"path servers override with the same base path", pairOp("/items", op, servers("[{url: /v1}]")),
			pairHead31 + "paths:\n  /items:\n    servers: [{url: \"https://x.example.com/v1/\"}]\n" + op + servers("[{url: /v1}]"), false, ""},
		{"operation servers override with another base path", pairOp("/items", op, servers("[{url: /v1}]")),
			pairOp("/items", "    get:\n      servers: [{url: /v2}]\n      responses: {\"200\": {description: ok}}\n", servers("[{url: /v1}]")), true, "GET /items"},
	}
}

// TestGatePairs is the gate's verdict on each pair: breaking pairs fail
// it (at ERR) and name the place; safe pairs pass it.
func TestGatePairs(t *testing.T) {
	t.Parallel()
	for _, p := range gatePairs() {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			fails := gatePairFailures(t, p.base, p.head)
			switch {
			case p.breaking && len(fails) == 0:
				t.Fatalf("breaking change passed the gate; all changes:\n%s", gateList(gateDiff(t, p.base, p.head)))
			case !p.breaking && len(fails) > 0:
				t.Fatalf("safe change failed the gate:\n%s", gateList(fails))
			}
			if p.where == "" {
				return
			}
			for _, c := range fails {
				if strings.Contains(c.Location, p.where) || strings.Contains(c.Message, p.where) {
					return
				}
			}
			t.Errorf("no failing change names %q:\n%s", p.where, gateList(fails))
		})
	}
}

// gatePairFailures returns the changes that fail the gate at its default
// level.
func gatePairFailures(t testing.TB, base, head string) []contract.Change {
	t.Helper()
	var out []contract.Change
	for _, c := range gateDiff(t, base, head) {
		if c.Level >= contract.Err {
			out = append(out, c)
		}
	}
	return out
}
