package contract

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The generic tree helpers and the operation view that the gate and the
// probe share.

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// operation is one method on one path, with path-level parameters merged in
// and every $ref of its parameters, body and responses resolved.
type operation struct {
	Method    string // upper case
	Path      string // the template as written
	ID        string // operationId, or METHOD path when there is none
	Params    []param
	Body      map[string]any            // the resolved requestBody, or nil
	Responses map[string]map[string]any // status ("200", "4XX", "default") -> resolved response
	Security  [][]schemeReq             // alternatives; nil or empty: no auth
	// Servers is the servers list in effect; OwnServers says that the
	// operation or its path declares it (rather than the document).
	Servers    any
	OwnServers bool
	node       map[string]any
}

// param is one resolved parameter.
type param struct {
	Name     string
	In       string
	Required bool
	Schema   map[string]any
	// Style and Explode are how the value is written on the wire, with the
	// specification's defaults filled in; Style is "" for a parameter
	// described by content (its media type says how).
	Style   string
	Explode bool
}

// schemeReq is one scheme of a security requirement with its scopes.
type schemeReq struct {
	Name   string
	Scopes []string
}

// String names the operation for people: "POST /users".
func (o *operation) String() string { return o.Method + " " + o.Path }

// key identifies the operation across documents: parameter names in the
// path do not matter to clients, so they are blanked.
func (o *operation) key() string { return o.Method + " " + normPath(o.Path) }

var pathParamRE = regexp.MustCompile(`\{[^}]*\}`)

func normPath(p string) string { return pathParamRE.ReplaceAllString(p, "{}") }

// obj returns v as an object, or nil.
func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

// arr returns v as an array, or nil.
func arr(v any) []any { a, _ := v.([]any); return a }

// str returns m[key] as a string.
func str(m map[string]any, key string) string { s, _ := m[key].(string); return s }

// num returns m[key] as a number and whether it is one.
func num(m map[string]any, key string) (float64, bool) {
	f, ok := m[key].(float64)
	return f, ok
}

// boolean returns m[key] as a bool.
func boolean(m map[string]any, key string) bool { b, _ := m[key].(bool); return b }

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// resolve follows local $refs ("#/components/schemas/User") from v and
// returns the object they lead to and the last ref followed ("" when v was
// not a reference). An unresolvable reference gives nil.
func (d *Document) resolve(v any) (map[string]any, string) {
	m := obj(v)
	ref := ""
	for range 32 {
		r := str(m, "$ref")
		if r == "" {
			return m, ref
		}
		ref = r
		m = obj(d.pointer(r))
	}
	return nil, ref
}

// pointer returns the value at a local reference "#/a/b", or nil.
func (d *Document) pointer(ref string) any {
	p, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil
	}
	var cur any = d.root
	for _, tok := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// operations lists the document's operations in path, then method order.
func (d *Document) operations() []*operation {
	paths := obj(d.root["paths"])
	var ops []*operation
	for _, p := range sortedKeys(paths) {
		item, _ := d.resolve(paths[p])
		for _, m := range methods {
			on := obj(item[m])
			if on == nil {
				continue
			}
			ops = append(ops, d.operation(p, m, item, on))
		}
	}
	return ops
}

func (d *Document) operation(path, method string, item, on map[string]any) *operation {
	o := &operation{Method: strings.ToUpper(method), Path: path, ID: str(on, "operationId"), node: on,
		Responses: map[string]map[string]any{}}
	if o.ID == "" {
		o.ID = o.Method + " " + path
	}
	seen := map[string]int{}
	for _, list := range [][]any{arr(item["parameters"]), arr(on["parameters"])} {
		for _, pv := range list {
			pm, _ := d.resolve(pv)
			if pm == nil {
				continue
			}
			p := param{Name: str(pm, "name"), In: str(pm, "in"), Required: boolean(pm, "required")}
			p.Schema, _ = d.resolve(pm["schema"])
			if p.Schema != nil {
				p.Style, p.Explode = serialization(pm)
			}
			if p.Schema == nil { // a parameter described by content
				for _, mt := range obj(pm["content"]) {
					p.Schema, _ = d.resolve(obj(mt)["schema"])
					break
				}
			}
			if p.In == "path" {
				p.Required = true
			}
			k := p.In + ":" + strings.ToLower(p.Name)
			if i, ok := seen[k]; ok { // the operation's wins
				o.Params[i] = p
				continue
			}
			seen[k] = len(o.Params)
			o.Params = append(o.Params, p)
		}
	}
	o.Servers = d.root["servers"]
	for _, n := range []map[string]any{item, on} {
		if sv, ok := n["servers"]; ok {
			o.Servers, o.OwnServers = sv, true
		}
	}
	o.Body, _ = d.resolve(on["requestBody"])
	for code, rv := range obj(on["responses"]) {
		r, _ := d.resolve(rv)
		if r != nil {
			o.Responses[strings.ToUpper(code)] = r
		}
	}
	sec, declared := on["security"]
	if !declared {
		sec = d.root["security"]
	}
	for _, alt := range arr(sec) {
		var reqs []schemeReq
		for _, name := range sortedKeys(obj(alt)) {
			var scopes []string
			for _, s := range arr(obj(alt)[name]) {
				scopes = append(scopes, fmt.Sprint(s))
			}
			slices.Sort(scopes)
			reqs = append(reqs, schemeReq{Name: name, Scopes: scopes})
		}
		o.Security = append(o.Security, reqs)
	}
	return o
}

// serialization returns the style and explode a parameter object uses,
// defaults included: form for query and cookie, simple for path and
// header; explode is true by default only for form.
func serialization(pm map[string]any) (string, bool) {
	style := str(pm, "style")
	if style == "" {
		style = "simple"
		if in := str(pm, "in"); in == "query" || in == "cookie" {
			style = "form"
		}
	}
	explode := style == "form"
	if e, ok := pm["explode"].(bool); ok {
		explode = e
	}
	return style, explode
}

// secured reports whether every way to call the operation needs credentials.
func (o *operation) secured() bool {
	if len(o.Security) == 0 {
		return false
	}
	for _, alt := range o.Security {
		if len(alt) == 0 {
			return false
		}
	}
	return true
}

// mediaTypes returns the media types of a body or response object.
func mediaTypes(m map[string]any) []string { return sortedKeys(obj(m["content"])) }
