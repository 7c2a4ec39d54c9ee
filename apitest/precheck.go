package apitest

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/pb33f/jsonschema/v6"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/orderedmap"
)

// prechecks holds every JSON body schema of a document compiled once, by
// the validator's own compiler, for each side. A body that passes its
// precheck is one the validator passes: the validator would decode the same
// bytes the same way and run the same compiled schema, after hashing the
// schema to find it in its cache and copying the decoded body, which is
// most of what it costs. So a passing body is handed to a validator that
// checks all but the body, and a failing one, or one the precheck cannot
// judge, to the full validator, whose report is the one shown.
type prechecks struct {
	compiled map[*v3.MediaType]*jsonschema.Schema
}

// newPrechecks compiles the body schemas of model. It runs while the
// contract is built, before any test reads the model: compiling renders
// the schemas, which writes into the model.
func newPrechecks(model *v3.Document) *prechecks {
	p := &prechecks{compiled: map[*v3.MediaType]*jsonschema.Schema{}}
	if model.Paths == nil {
		return p
	}
	options := config.NewValidationOptions(validationOptions()...)
	version := helpers.VersionToFloat(model.Version)
	add := func(content *orderedmap.Map[string, *v3.MediaType], purpose schema_validation.SchemaValidationPurpose) {
		for _, mt := range content.FromOldest() {
			if mt == nil || mt.Schema == nil {
				continue
			}
			s := mt.Schema.Schema()
			if s == nil {
				continue
			}
			if compiled, err := schema_validation.CompileSchemaForValidation(s, purpose, options, version); err == nil && compiled != nil {
				p.compiled[mt] = compiled.CompiledSchema
			}
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
	return p
}

// passes reports whether a body sent as contentType passes the schema of
// mt; false when it does not or when only the validator can tell (no
// compiled schema, no body, not JSON, not decodable).
func (p *prechecks) passes(mt *v3.MediaType, contentType string, body []byte) bool {
	compiled := p.compiled[mt]
	if compiled == nil || len(body) == 0 || !decodedAsJSON(contentType) {
		return false
	}
	var value any
	if json.Unmarshal(body, &value) != nil {
		return false
	}
	return compiled.Validate(value) == nil
}

// request reports whether the validator's request body check would pass
// the exchange's request.
func (p *prechecks) request(ex *exchange) bool {
	op := ex.route.Operation
	if op.RequestBody == nil {
		return true
	}
	contentType := ex.req.Header.Get("Content-Type")
	mt, ok := helpers.FindMediaType(op.RequestBody.Content, contentType)
	if !ok {
		return false
	}
	return mt.Schema == nil || p.passes(mt, contentType, ex.reqBody)
}

// response reports whether the validator's response body check would pass
// the exchange's response; it finds the response the way the validator
// does.
func (p *prechecks) response(ex *exchange, op *v3.Operation) bool {
	if op == nil || op.Responses == nil || op.Responses.Codes == nil {
		return true
	}
	status := ex.resp.StatusCode
	found := op.Responses.Codes.GetOrZero(strconv.Itoa(status))
	if found == nil {
		found = op.Responses.Codes.GetOrZero(strconv.Itoa(status/100) + "XX")
	}
	if found == nil {
		found = op.Responses.Default
	}
	if found == nil || orderedmap.Len(found.Content) == 0 {
		return true
	}
	contentType := ex.resp.Header.Get("Content-Type")
	mt, ok := helpers.FindMediaType(found.Content, contentType)
	if !ok {
		return false
	}
	return mt.Schema == nil || p.passes(mt, contentType, ex.respBody)
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
