package apitest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/orderedmap"
)

// strictness is what strict mode needs of a whole document besides its
// bodies' shapes, worked out when its contract is built and only read
// after.
type strictness struct {
	ignored map[string]bool // headers never reported, in canonical form
	walkers sync.Pool       // of *walker, so that walks reuse their stacks
}

// newStrictness takes the validator's default list of ignored headers.
func newStrictness() *strictness {
	st := &strictness{ignored: map[string]bool{}}
	for _, h := range config.NewValidationOptions().GetEffectiveStrictIgnoredHeaders() {
		st.ignored[http.CanonicalHeaderKey(h)] = true
	}
	return st
}

// strictBody reports the undeclared properties of the body on side,
// documented as mt, once the validator found the body itself in order (it
// is then JSON of the right shape).
func (c *contract) strictBody(ex *exchange, mt *v3.MediaType, side string) {
	body, contentType := ex.reqBody, ex.req.Header.Get("Content-Type")
	if side == "response" {
		body, contentType = ex.respBody, ex.resp.Header.Get("Content-Type")
	}
	documented := c.bodies[mt]
	if documented == nil || documented.shape == nil || len(body) == 0 || !decodedAsJSON(contentType) {
		return
	}
	w, _ := c.strict.walkers.Get().(*walker)
	if w == nil {
		w = new(walker)
	}
	found := w.walk(documented.shape, body, side == "response")
	c.strict.walkers.Put(w)
	for _, u := range found {
		v := violation{where: side + " body", pointer: u.pointer, rule: "strict: " + errors.StrictSubTypeProperty,
			message: fmt.Sprintf("%s property '%s' at '%s' is not declared in schema", side, u.name, u.path),
			value:   truncate(contextValue(u.value))}
		if loc := c.bodyLocation(ex, side, u.pointer[:strings.LastIndexByte(u.pointer, '/')]); loc != "" {
			v.location = loc
		}
		ex.add(v)
	}
}

// contextValue is how a rejected value is shown: scalars as they are,
// objects and arrays by their brackets.
func contextValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		return "{...}"
	case []any:
		return "[...]"
	}
	return fmt.Sprint(v)
}

// bodyFailed reports whether the validator found fault with the body on
// side (not its headers), which strict mode leaves to that report.
func bodyFailed(errs []*errors.ValidationError, side string) bool {
	for _, e := range errs {
		switch {
		case side == "request" && e.ValidationType == helpers.RequestBodyValidation:
			return true
		case side == "response" && e.ValidationType == helpers.ResponseBodyValidation &&
			e.ValidationSubType != helpers.ParameterValidationHeader && e.ValidationSubType != headersSubType:
			return true
		}
	}
	return false
}

// strictRequest reports the query parameters, headers and cookies the
// request carries that its operation does not declare. A header a
// security scheme of the operation sends is declared by it.
func (c *contract) strictRequest(ex *exchange) {
	item, op := ex.route.PathItem, ex.route.Operation
	declared := func(in, name string, fold bool) bool {
		for _, params := range [2][]*v3.Parameter{item.Parameters, op.Parameters} {
			for _, p := range params {
				if p != nil && p.In == in && (p.Name == name || fold && strings.EqualFold(p.Name, name)) {
					return true
				}
			}
		}
		return false
	}
	if raw := ex.req.URL.RawQuery; raw != "" {
		query, _ := url.ParseQuery(raw)
		for _, name := range undeclaredKeys(query, func(name string) bool { return declared("query", name, false) }) {
			ex.add(violation{where: "query parameter " + name, rule: "strict: " + errors.StrictSubTypeQuery,
				message: fmt.Sprintf("query parameter '%s' is not declared in specification", name),
				value:   truncate(query.Get(name))})
		}
	}
	requestHeader := func(name string) bool {
		return declared("header", name, true) || c.ignoredHeader(name, false) || c.securityHeader(op, name)
	}
	for _, name := range undeclaredKeys(ex.req.Header, requestHeader) {
		ex.add(violation{where: "request header " + name, rule: "strict: " + errors.StrictSubTypeHeader,
			message: fmt.Sprintf("request header '%s' is not declared in specification", name),
			value:   truncate(ex.req.Header.Get(name)),
			hint: fmt.Sprintf("if a guard reads %s, have it implement framework.HeaderGuard (GuardHeaders) so the document declares it; "+
				"if the handler reads it, bind it with a `header:%q` field of the route's input", name, name)})
	}
	if len(ex.req.Header["Cookie"]) > 0 {
		for _, ck := range ex.req.Cookies() {
			if !declared("cookie", ck.Name, false) {
				ex.add(violation{where: "cookie " + ck.Name, rule: "strict: " + errors.StrictSubTypeCookie,
					message: fmt.Sprintf("cookie '%s' is not declared in specification", ck.Name),
					value:   truncate(ck.Value)})
			}
		}
	}
}

// strictResponseHeaders reports the response headers that its documented
// response does not declare.
func (c *contract) strictResponseHeaders(ex *exchange, headers *orderedmap.Map[string, *v3.Header]) {
	responseHeader := func(name string) bool {
		if c.ignoredHeader(name, true) {
			return true
		}
		for key := range headers.KeysFromOldest() {
			if strings.EqualFold(key, name) {
				return true
			}
		}
		return false
	}
	for _, name := range undeclaredKeys(ex.resp.Header, responseHeader) {
		ex.add(violation{where: "response header " + name, rule: "strict: " + errors.StrictSubTypeHeader,
			message: fmt.Sprintf("response header '%s' is not declared in specification", name),
			value:   truncate(ex.resp.Header.Get(name))})
	}
}

// ignoredHeader reports whether strict mode leaves the header alone:
// transport and caching headers, and Set-Cookie in a response. Names come
// from an http.Header, so in canonical form.
func (c *contract) ignoredHeader(name string, response bool) bool {
	if name == "Set-Cookie" {
		return response
	}
	return c.strict.ignored[name]
}

// securityHeader reports whether a security scheme the operation accepts
// sends the header: an API key's own header, or Authorization.
func (c *contract) securityHeader(op *v3.Operation, name string) bool {
	reqs := op.Security
	if reqs == nil {
		reqs = c.model.Security
	}
	if c.model.Components == nil || c.model.Components.SecuritySchemes == nil {
		return false
	}
	for _, req := range reqs {
		if req == nil || req.Requirements == nil {
			continue
		}
		for scheme := range req.Requirements.KeysFromOldest() {
			s := c.model.Components.SecuritySchemes.GetOrZero(scheme)
			if s == nil {
				continue
			}
			switch strings.ToLower(s.Type) {
			case "apikey":
				if strings.EqualFold(s.In, "header") && strings.EqualFold(s.Name, name) {
					return true
				}
			case "http", "oauth2", "openidconnect":
				if strings.EqualFold(name, "Authorization") {
					return true
				}
			}
		}
	}
	return false
}

// undeclaredKeys returns the keys of a header or query that are not
// declared, in order, so that several violations read the same in every
// run.
func undeclaredKeys[V any](m map[string]V, declared func(string) bool) []string {
	var keys []string
	for k := range m {
		if !declared(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
