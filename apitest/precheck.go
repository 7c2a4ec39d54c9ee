package apitest

import (
	"encoding/json"
	"strings"

	"github.com/pb33f/jsonschema/v6"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/orderedmap"
)

// documentedBody is what the checks of one documented body (a media type
// of a request body or a response) need, worked out once per contract.
//
// compiled is its schema compiled by the validator's own compiler, for the
// precheck: a body that passes it is one the validator passes, since the
// validator would decode the same bytes the same way and run the same
// compiled schema, after hashing the schema to find it in its cache and
// copying the decoded body, which is most of what it costs. So a passing
// body is handed to a validator that checks all but the body, and a failing
// one, or one the precheck cannot judge, to the full validator, whose report
// is the one shown.
//
// shape is what strict mode needs of the schema (see strict.go).
type documentedBody struct {
	compiled *jsonschema.Schema // nil when it does not compile: the validator judges
	shape    *shape
}

// newDocumentedBodies works out every documented body of model. It runs
// while the contract is built, before any test reads the model: compiling
// renders the schemas, which writes into the model.
func newDocumentedBodies(model *v3.Document) map[*v3.MediaType]*documentedBody {
	bodies := map[*v3.MediaType]*documentedBody{}
	if model.Paths == nil {
		return bodies
	}
	options := config.NewValidationOptions(validationOptions()...)
	version := helpers.VersionToFloat(model.Version)
	shapes := newShapes(version)
	add := func(content *orderedmap.Map[string, *v3.MediaType], purpose schema_validation.SchemaValidationPurpose) {
		for _, mt := range content.FromOldest() {
			if mt == nil || mt.Schema == nil {
				continue
			}
			b := &documentedBody{shape: shapes.ofProxy(mt.Schema)}
			if s := mt.Schema.Schema(); s != nil {
				if compiled, err := schema_validation.CompileSchemaForValidation(s, purpose, options, version); err == nil && compiled != nil {
					b.compiled = compiled.CompiledSchema
				}
			}
			bodies[mt] = b
		}
	}
	for _, item := range model.Paths.PathItems.FromOldest() {
		for _, op := range item.GetOperations().FromOldest() {
			if op.RequestBody != nil {
				add(op.RequestBody.Content, schema_validation.SchemaValidationPurposeRequestBody)
			}
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Codes.FromOldest() {
				add(r.Content, schema_validation.SchemaValidationPurposeResponseBody)
			}
			if op.Responses.Default != nil {
				add(op.Responses.Default.Content, schema_validation.SchemaValidationPurposeResponseBody)
			}
		}
	}
	return bodies
}

// passes reports whether a body sent as contentType passes the schema of
// mt; false when it does not or when only the validator can tell (no
// compiled schema, no body, not JSON, not decodable).
func (c *contract) passes(mt *v3.MediaType, contentType string, body []byte) bool {
	b := c.bodies[mt]
	if b == nil || b.compiled == nil || len(body) == 0 || !decodedAsJSON(contentType) {
		return false
	}
	var value any
	if json.Unmarshal(body, &value) != nil {
		return false
	}
	return b.compiled.Validate(value) == nil
}

// requestBody finds the media type the validator checks the exchange's
// request body against (nil when none) and reports whether its body check
// would pass.
func (c *contract) requestBody(ex *exchange) (*v3.MediaType, bool) {
	op := ex.route.Operation
	if op.RequestBody == nil {
		return nil, true
	}
	contentType := ex.req.Header.Get("Content-Type")
	mt, ok := helpers.FindMediaType(op.RequestBody.Content, contentType)
	if !ok {
		return nil, false
	}
	return mt, mt.Schema == nil || c.passes(mt, contentType, ex.reqBody)
}

// responseBody is requestBody for the response, documented as resp (nil
// when the status is not documented: the validator then checks the body
// against the operation's default response, the app's fallback one).
func (c *contract) responseBody(ex *exchange, op *v3.Operation, resp *v3.Response) (*v3.MediaType, bool) {
	if resp == nil && op != nil && op.Responses != nil {
		resp = op.Responses.Default
	}
	if resp == nil || orderedmap.Len(resp.Content) == 0 {
		return nil, true
	}
	contentType := ex.resp.Header.Get("Content-Type")
	mt, ok := helpers.FindMediaType(resp.Content, contentType)
	if !ok {
		return nil, false
	}
	return mt, mt.Schema == nil || c.passes(mt, contentType, ex.respBody)
}

// decodedAsJSON reports whether the validator decodes a body sent as
// contentType with its JSON decoder: application/json and
// application/*+json.
func decodedAsJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	sub, ok := strings.CutPrefix(mt, "application/")
	if !ok {
		return false
	}
	return sub == "json" || strings.HasSuffix(sub, "+json") && !strings.ContainsAny(sub, " \t/")
}
