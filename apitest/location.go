package apitest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pb33f/libopenapi/datamodel/high/base"
)

// paramLocation is where a parameter's failing keyword sits in the
// document: the validator names the parameter where a pointer needs its
// index, so the pointer is rebuilt from the route.
func paramLocation(ex *exchange, in, name, kl string) string {
	const marker = "/parameters/"
	suffix := ""
	if i := strings.Index(kl, marker+name); i >= 0 {
		suffix = kl[i+len(marker)+len(name):]
	}
	if ex.route == nil || ex.route.Operation == nil {
		return "#" + kl
	}
	base := "#/paths/" + escape(ex.route.Path)
	for i, p := range ex.route.Operation.Parameters {
		if p != nil && p.Name == name && p.In == in {
			return fmt.Sprintf("%s/%s/parameters/%d%s", base, strings.ToLower(ex.req.Method), i, suffix)
		}
	}
	for i, p := range ex.route.PathItem.Parameters {
		if p != nil && p.Name == name && p.In == in {
			return fmt.Sprintf("%s/parameters/%d%s", base, i, suffix)
		}
	}
	return "#" + kl
}

// mediaSchema returns the schema of the exchange's body on side and where
// it sits in the document.
func (c *contract) mediaSchema(ex *exchange, side string) (*base.SchemaProxy, string) {
	if ex.route == nil || ex.route.Operation == nil {
		return nil, ""
	}
	op := ex.route.Operation
	base := "#/paths/" + escape(ex.route.Path) + "/" + strings.ToLower(ex.req.Method)
	if side == "request" {
		if op.RequestBody == nil {
			return nil, ""
		}
		key, ok := mediaTypeKey(op.RequestBody.Content, ex.req.Header.Get("Content-Type"))
		if !ok {
			return nil, ""
		}
		mt := op.RequestBody.Content.GetOrZero(key)
		return mt.Schema, base + "/requestBody/content/" + escape(key) + "/schema"
	}
	resp, code, ok := documentedResponse(op, ex.resp.StatusCode)
	if !ok {
		return nil, ""
	}
	key, ok := mediaTypeKey(resp.Content, ex.resp.Header.Get("Content-Type"))
	if !ok {
		return nil, ""
	}
	mt := resp.Content.GetOrZero(key)
	if mt == nil {
		return nil, ""
	}
	return mt.Schema, base + "/responses/" + code + "/content/" + escape(key) + "/schema"
}

// schemaLocation resolves a keyword location relative to the body's schema
// ("/properties/items/items/$ref/required") to where the keyword sits in
// the document ("#/components/schemas/User/required"), following $refs.
func (c *contract) schemaLocation(ex *exchange, side, kl string) string {
	proxy, loc := c.mediaSchema(ex, side)
	if loc == "" {
		return kl
	}
	if proxy != nil && proxy.IsReference() {
		loc = proxy.GetReference()
	}
	toks := strings.Split(strings.TrimPrefix(kl, "/"), "/")
	if kl == "" {
		toks = nil
	}
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		if tok == "$ref" {
			if proxy != nil && proxy.IsReference() {
				loc = proxy.GetReference()
			}
			continue
		}
		var s *base.Schema
		if proxy != nil {
			s = proxy.Schema()
		}
		if s == nil {
			loc += "/" + tok
			proxy = nil
			continue
		}
		next := (*base.SchemaProxy)(nil)
		step := "/" + tok
		switch tok {
		case "properties", "patternProperties", "dependentSchemas", "$defs":
			if i+1 < len(toks) {
				i++
				step += "/" + toks[i]
				name := unescape(toks[i])
				members := s.Defs
				switch tok {
				case "properties":
					members = s.Properties
				case "patternProperties":
					members = s.PatternProperties
				case "dependentSchemas":
					members = s.DependentSchemas
				}
				if members != nil { // a value under additionalProperties has none
					next = members.GetOrZero(name)
				}
			}
		case "allOf", "anyOf", "oneOf", "prefixItems":
			if i+1 < len(toks) {
				i++
				step += "/" + toks[i]
				list := map[string][]*base.SchemaProxy{"allOf": s.AllOf, "anyOf": s.AnyOf, "oneOf": s.OneOf, "prefixItems": s.PrefixItems}[tok]
				if n, err := strconv.Atoi(toks[i]); err == nil && n < len(list) {
					next = list[n]
				}
			}
		case "items":
			if s.Items != nil && s.Items.IsA() {
				next = s.Items.A
			}
		case "additionalProperties":
			if s.AdditionalProperties != nil && s.AdditionalProperties.IsA() {
				next = s.AdditionalProperties.A
			}
		case "unevaluatedProperties":
			if s.UnevaluatedProperties != nil && s.UnevaluatedProperties.IsA() {
				next = s.UnevaluatedProperties.A
			}
		case "not":
			next = s.Not
		case "if":
			next = s.If
		case "then":
			next = s.Then
		case "else":
			next = s.Else
		case "contains":
			next = s.Contains
		case "propertyNames":
			next = s.PropertyNames
		case "unevaluatedItems":
			next = s.UnevaluatedItems
		}
		loc += step
		proxy = next
	}
	return loc
}

// bodyLocation is where the schema of the value at pointer sits, for strict
// violations (which carry no keyword location).
func (c *contract) bodyLocation(ex *exchange, side, ptr string) string {
	// Follow the instance path through the schema: object members through
	// properties, array elements through items.
	var kl strings.Builder
	body := ex.reqBody
	if side == "response" {
		body = ex.respBody
	}
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return ""
	}
	cur := doc
	for _, tok := range splitPointer(ptr) {
		switch v := cur.(type) {
		case map[string]any:
			kl.WriteString("/properties/" + escape(tok))
			cur = v[tok]
		case []any:
			kl.WriteString("/items")
			n, _ := strconv.Atoi(tok)
			if n < len(v) {
				cur = v[n]
			}
		default:
			return ""
		}
	}
	return c.schemaLocation(ex, side, kl.String())
}

func splitPointer(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range toks {
		toks[i] = unescape(t)
	}
	return toks
}

func unescape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// pointer is the JSON pointer of an instance path.
func pointer(path []string) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteString("/" + escape(p))
	}
	return b.String()
}
