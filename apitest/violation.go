package apitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// convert turns the validator's errors into violations.
func (c *contract) convert(ex *exchange, errs []*errors.ValidationError, side string) {
	for _, e := range errs {
		switch {
		case e.ValidationType == helpers.ResponseBodyValidation && e.ValidationSubType == "statusCode":
			c.convertStatus(ex, ex.route.Operation, ex.req.Method, ex.resp.StatusCode)
		case e.ValidationType == helpers.ResponseBodyValidation && e.ValidationSubType == "contentType":
			c.convertContentType(ex)
		case len(e.SchemaValidationErrors) > 0:
			for _, f := range closestBranches(e.SchemaValidationErrors) {
				ex.add(c.schemaViolation(ex, e, f, side))
			}
		default:
			msg := e.Message
			if e.Reason != "" && e.Reason != e.Message {
				msg += ": " + e.Reason
			}
			ex.add(violation{where: where(e, side), rule: rule(e), message: msg, location: specLocation(e)})
		}
	}
}

// where names the part of the exchange an error is about.
func where(e *errors.ValidationError, side string) string {
	switch e.ValidationType {
	case helpers.RequestBodyValidation:
		return "request body"
	case helpers.ParameterValidation:
		return e.ValidationSubType + " parameter " + e.ParameterName
	case helpers.SecurityValidation:
		return "request security"
	case helpers.ResponseBodyValidation:
		switch e.ValidationSubType {
		case "contentType":
			return "response content type"
		case helpers.ParameterValidationHeader, headersSubType:
			return "response header"
		}
		return "response body"
	}
	return side
}

func rule(e *errors.ValidationError) string {
	switch e.ValidationSubType {
	case "contentType":
		return "undocumented content type"
	case "statusCode":
		return "undocumented status"
	}
	if e.ValidationType == helpers.SecurityValidation {
		return "security (" + e.ValidationSubType + ")"
	}
	return e.ValidationSubType
}

func specLocation(e *errors.ValidationError) string {
	if e.SpecLine > 0 {
		return fmt.Sprintf("line %d, column %d", e.SpecLine, e.SpecCol)
	}
	return ""
}

func (c *contract) convertContentType(ex *exchange) {
	got := ex.resp.Header.Get("Content-Type")
	if got == "" {
		got = "none"
	}
	resp, code, _ := documentedResponse(ex.route.Operation, ex.resp.StatusCode)
	var documented []string
	if resp != nil {
		for pair := resp.Content.First(); pair != nil; pair = pair.Next() {
			documented = append(documented, pair.Key())
		}
	}
	ex.add(violation{where: "response content type", rule: "undocumented content type",
		location: responseLocation(ex.route.Path, ex.docMethod(), code) + "/content",
		message:  fmt.Sprintf("%s is not documented for status %s (documented: %s)", got, code, strings.Join(documented, ", "))})
}

func (c *contract) schemaViolation(ex *exchange, e *errors.ValidationError, f *errors.SchemaValidationFailure, side string) violation {
	v := violation{where: where(e, side), message: f.Reason}
	kl := f.KeywordLocation
	if i := strings.LastIndexByte(kl, '/'); i >= 0 {
		v.rule = kl[i+1:]
	}
	switch e.ValidationType {
	case helpers.ParameterValidation:
		v.location = paramLocation(ex, e.ValidationSubType, e.ParameterName, kl)
		v.value = truncate(paramValue(ex, e.ValidationSubType, e.ParameterName))
		return v
	case helpers.ResponseBodyValidation:
		if isResponseHeader(e) {
			// A missing required header names itself in FieldName; a value
			// that breaks its schema is checked as a lone value, so only
			// ParameterName (lower-cased) says which header it was.
			name := f.FieldName
			if name == "" {
				name = e.ParameterName
			}
			resp, code, ok := documentedResponse(ex.route.Operation, ex.resp.StatusCode)
			if ok {
				name = declaredHeader(resp, name)
			}
			v.where = "response header " + name
			v.location = kl
			if ok {
				v.location = responseLocation(ex.route.Path, ex.docMethod(), code) + "/headers/" + escape(name)
				if v.rule == "required" {
					v.location += "/required"
				} else {
					v.location += "/schema" + strings.TrimPrefix(kl, "#")
				}
			}
			v.value = truncate(strings.Join(ex.resp.Header.Values(name), ", "))
			return v
		}
	}
	v.pointer = pointer(f.InstancePath)
	body := ex.reqBody
	if side == "response" {
		body = ex.respBody
	}
	v.value = truncate(valueAt(body, f.InstancePath))
	v.location = c.schemaLocation(ex, side, kl)
	return v
}

// headersSubType is the sub-type libopenapi-validator gives a response
// header whose value breaks its schema ("header" marks a missing one).
const headersSubType = "headers"

func isResponseHeader(e *errors.ValidationError) bool {
	return e.ValidationType == helpers.ResponseBodyValidation &&
		(e.ValidationSubType == helpers.ParameterValidationHeader || e.ValidationSubType == headersSubType)
}

// declaredHeader is name as resp declares it (header names are
// case-insensitive; the validator lower-cases them).
func declaredHeader(resp *v3.Response, name string) string {
	if resp == nil || resp.Headers == nil {
		return http.CanonicalHeaderKey(name)
	}
	for pair := resp.Headers.First(); pair != nil; pair = pair.Next() {
		if strings.EqualFold(pair.Key(), name) {
			return pair.Key()
		}
	}
	return http.CanonicalHeaderKey(name)
}

// paramValue is a request parameter's value as sent.
func paramValue(ex *exchange, in, name string) string {
	switch in {
	case helpers.ParameterValidationPath:
		if ex.route != nil {
			return ex.route.PathParams[name]
		}
	case helpers.ParameterValidationQuery:
		return strings.Join(ex.req.URL.Query()[name], ",")
	case helpers.ParameterValidationHeader:
		return ex.req.Header.Get(name)
	case helpers.ParameterValidationCookie:
		if ck, err := ex.req.Cookie(name); err == nil {
			return ck.Value
		}
	}
	return ""
}

// valueAt renders the JSON value at path in body.
func valueAt(body []byte, path []string) string {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return string(body)
	}
	cur := doc
	for _, tok := range path {
		switch v := cur.(type) {
		case map[string]any:
			cur = v[tok]
		case []any:
			n, err := strconv.Atoi(tok)
			if err != nil || n >= len(v) {
				return ""
			}
			cur = v[n]
		default:
			return ""
		}
	}
	b, _ := json.Marshal(cur)
	return string(b)
}
