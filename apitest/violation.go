package apitest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
)

// convert turns the validator's errors into violations.
func (c *contract) convert(ex *exchange, errs []*errors.ValidationError, side string) {
	for _, e := range errs {
		switch {
		case e.ValidationType == errors.StrictValidationType:
			c.convertStrict(ex, e, side)
		case e.ValidationType == helpers.ResponseBodyValidation && e.ValidationSubType == "statusCode":
			c.convertStatus(ex, ex.route.Operation, ex.req.Method, ex.resp.StatusCode)
		case e.ValidationType == helpers.ResponseBodyValidation && e.ValidationSubType == "contentType":
			c.convertContentType(ex)
		case len(e.SchemaValidationErrors) > 0:
			for _, f := range e.SchemaValidationErrors {
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
		case helpers.ParameterValidationHeader:
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
		location: responseLocation(ex.route.Path, ex.req.Method, code) + "/content",
		message:  fmt.Sprintf("%s is not documented for status %s (documented: %s)", got, code, strings.Join(documented, ", "))})
}

// strictPath finds the JSONPath of an undeclared property in the message.
var strictPath = regexp.MustCompile(`at '([^']*)'`)

// strictHeader finds the name of an undeclared header in the message.
var strictHeader = regexp.MustCompile(`header '([^']*)'`)

func (c *contract) convertStrict(ex *exchange, e *errors.ValidationError, side string) {
	v := violation{where: side + " body", rule: "strict: " + e.ValidationSubType, message: e.Message}
	if m := strictPath.FindStringSubmatch(e.Message); m != nil {
		v.pointer = jsonPathToPointer(m[1])
	}
	if e.ValidationSubType == errors.StrictSubTypeHeader {
		v.where = side + " header " + e.ParameterName
		if m := strictHeader.FindStringSubmatch(e.Message); m != nil {
			v.where = side + " header " + m[1]
		}
	}
	if s, ok := e.Context.(string); ok {
		v.value = truncate(s)
	}
	if v.pointer != "" {
		parent := v.pointer[:strings.LastIndexByte(v.pointer, '/')]
		if loc := c.bodyLocation(ex, side, parent); loc != "" {
			v.location = loc
		}
	}
	ex.add(v)
}

// jsonPathToPointer turns the validator's "$.body.items[0].name" into
// "/items/0/name".
func jsonPathToPointer(p string) string {
	p = strings.TrimPrefix(p, "$")
	p = strings.TrimPrefix(p, ".body")
	var b strings.Builder
	for p != "" {
		switch p[0] {
		case '.':
			p = p[1:]
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			b.WriteString("/" + escape(p[:end]))
			p = p[end:]
		case '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return b.String()
			}
			tok := strings.Trim(p[1:end], `'"`)
			b.WriteString("/" + escape(tok))
			p = p[end+1:]
		default:
			return b.String()
		}
	}
	return b.String()
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
		if e.ValidationSubType == helpers.ParameterValidationHeader {
			v.where = "response header " + f.FieldName
			v.location = kl
			if _, code, ok := documentedResponse(ex.route.Operation, ex.resp.StatusCode); ok {
				v.location = responseLocation(ex.route.Path, ex.req.Method, code) + "/headers/" + escape(f.FieldName)
				if v.rule == "required" {
					v.location += "/required"
				} else {
					v.location += "/schema/" + v.rule
				}
			}
			v.value = truncate(ex.resp.Header.Get(f.FieldName))
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
