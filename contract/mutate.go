package contract

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"pgregory.net/rapid"
)

// Mutations break exactly one constraint of a valid request; limits are
// the values at and one past each bound. The negative phase draws
// mutations at random, the boundary phase walks every limit.

// mutation turns a valid request into one that breaks one constraint.
type mutation struct {
	what  string
	apply func(r *probeRequest) bool
	// onPath marks a mutation of a path parameter: it points the request
	// at another resource, which safe mode must never change.
	onPath bool
}

// bad is one invalid value for a schema and what makes it invalid.
type bad struct {
	what string
	v    any
}

// limit is a bound of a schema: a value at it (valid) and one past it.
type limit struct {
	what     string
	at, past any
}

// site is a place in a request where a value goes: a parameter or a
// JSON pointer-like path into the body ("[]" stands for the first item).
type site struct {
	label  string // "query.limit", "body.tags[]"
	param  *param
	path   []string
	schema map[string]any
	parent map[string]any // the object schema holding the property, if any
}

// set puts v at the site (nil with del removes it); false when the site is
// missing from r.
func (s site) set(r *probeRequest, v any, del bool) bool {
	if s.param != nil {
		if del {
			v = nil
		}
		if s.param.In == "path" && scalar(v) == "" {
			// An empty path segment routes to another path (or none): the
			// answer says nothing about this operation.
			return false
		}
		r.setParam(*s.param, v)
		return true
	}
	if !r.hasBody {
		return false
	}
	if len(s.path) == 0 {
		r.body = v
		return true
	}
	cur := r.body
	for _, tok := range s.path[:len(s.path)-1] {
		next, ok := child(cur, tok)
		if !ok {
			return false
		}
		cur = next
	}
	last := s.path[len(s.path)-1]
	switch c := cur.(type) {
	case map[string]any:
		if del {
			delete(c, last)
		} else {
			c[last] = v
		}
		return true
	case []any:
		if last == "[]" && len(c) > 0 && !del {
			c[0] = v
			return true
		}
	}
	return false
}

func child(v any, tok string) (any, bool) {
	switch c := v.(type) {
	case map[string]any:
		e, ok := c[tok]
		return e, ok
	case []any:
		if tok == "[]" && len(c) > 0 {
			return c[0], true
		}
	}
	return nil, false
}

// sites lists the places of op where a constraint lives.
func (p *prober) sites(op *operation) []site {
	var out []site
	for i := range op.Params {
		pr := &op.Params[i]
		if pr.In == "cookie" || pr.In == "header" && slices.Contains(skipHeaders, strings.ToLower(pr.Name)) || pr.Schema == nil {
			continue
		}
		s := flatten(p.doc, pr.Schema)
		out = append(out, site{label: pr.In + "." + pr.Name, param: pr, schema: s})
	}
	if op.Body != nil {
		if mt, schema := jsonMedia(op.Body); mt != "" {
			p.bodySites(schema, nil, nil, map[string]bool{}, &out)
		}
	}
	return out
}

func (p *prober) bodySites(sv any, path []string, parent map[string]any, refs map[string]bool, out *[]site) {
	s, ref := p.doc.resolve(sv)
	if s == nil || len(path) > maxDepth || ref != "" && refs[ref] {
		return
	}
	if ref != "" {
		refs[ref] = true
		defer delete(refs, ref)
	}
	s = flatten(p.doc, s)
	label := "body"
	for _, t := range path {
		if t == "[]" {
			label += "[]"
		} else {
			label += "." + t
		}
	}
	*out = append(*out, site{label: label, path: slices.Clone(path), schema: s, parent: parent})
	props := obj(s["properties"])
	for _, name := range sortedKeys(props) {
		ps, _ := p.doc.resolve(props[name])
		if !boolean(ps, "readOnly") {
			p.bodySites(props[name], append(slices.Clone(path), name), s, refs, out)
		}
	}
	if s["items"] != nil {
		p.bodySites(s["items"], append(slices.Clone(path), "[]"), nil, refs, out)
	}
}

// limits lists the bounds of a schema with values at and past each. Body
// strings mix in letters of two and three bytes, so that a server counting
// bytes where the document counts characters shows; parameters stay ASCII.
func (p *prober) limits(s map[string]any, ascii bool) []limit {
	var out []limit
	ts := typeSet(p.doc, s)
	f := str(s, "format")
	strAt := func(n int) any {
		if f == "email" && n >= 7 {
			return email(n, n, n, func(k int) string { return strings.Repeat("a", k) })
		}
		if ascii {
			return strings.Repeat("a", n)
		}
		return mixed(n)
	}
	if v, ok := num(s, "maxLength"); ok {
		n := int(v)
		out = append(out, limit{fmt.Sprintf("maxLength %d", n), strAt(n), strAt(n + 1)})
	}
	if v, ok := num(s, "minLength"); ok && v > 0 {
		n := int(v)
		out = append(out, limit{fmt.Sprintf("minLength %d", n), strAt(n), strAt(n - 1)})
	}
	integer := slices.Contains(ts, "integer") && !slices.Contains(ts, "number")
	step := 1.0
	if !integer {
		step = 0.5
	}
	if v, ok := num(s, "maximum"); ok {
		out = append(out, limit{fmt.Sprintf("maximum %v", v), v, v + step})
	}
	if v, ok := num(s, "exclusiveMaximum"); ok {
		out = append(out, limit{fmt.Sprintf("exclusiveMaximum %v", v), v - step, v})
	}
	if v, ok := num(s, "minimum"); ok {
		out = append(out, limit{fmt.Sprintf("minimum %v", v), v, v - step})
	}
	if v, ok := num(s, "exclusiveMinimum"); ok {
		out = append(out, limit{fmt.Sprintf("exclusiveMinimum %v", v), v + step, v})
	}
	if v, ok := num(s, "maxItems"); ok {
		if at, past, ok := p.itemsOf(s, int(v)); ok {
			out = append(out, limit{fmt.Sprintf("maxItems %d", int(v)), at, past})
		}
	}
	if v, ok := num(s, "minItems"); ok && v > 0 {
		if at, _, ok := p.itemsOf(s, int(v)); ok {
			out = append(out, limit{fmt.Sprintf("minItems %d", int(v)), at, at[:len(at)-1]})
		}
	}
	return out
}

// mixed returns n characters cycling through a, é and 日.
func mixed(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString([]string{"a", "é", "日"}[i%3])
	}
	return b.String()
}

// itemsOf returns n valid, distinct items of an array schema, and n+1.
func (p *prober) itemsOf(s map[string]any, n int) ([]any, []any, bool) {
	g := &generator{doc: p.doc, mode: modeRandom}
	seen := map[string]bool{}
	var items []any
	for seed := 0; len(items) <= n && seed < 4*n+20; seed++ {
		v, ok := example(func(t *rapid.T) any { return g.value(t, s["items"], "item", 1, false) }, seed)
		if ok && !seen[canonical(v)] {
			seen[canonical(v)] = true
			items = append(items, v)
		}
	}
	if len(items) <= n {
		return nil, nil, false
	}
	return items[:n], items[:n+1], true
}

// example draws one value with a fixed seed; ok is false when the
// generator cannot make one.
func example[V any](fn func(t *rapid.T) V, seed int) (v V, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	// rapid refuses a generator that draws nothing ("group did not use
	// any data"), which is what an operation without parameters or body
	// is: draw one bit first so every shape of operation gets a request.
	return rapid.Custom(func(t *rapid.T) V {
		_ = rapid.Bool().Draw(t, "_")
		return fn(t)
	}).Example(seed), true
}

// invalid lists values that break one constraint of s (besides its limits).
func (p *prober) invalid(s map[string]any, isParam bool) []bad {
	var out []bad
	ts := typeSet(p.doc, s)
	if ts != nil {
		if isParam {
			if !accepts(ts, "string") {
				out = append(out, bad{"a value that is not a " + strings.Join(ts, "|"), "probe"})
			}
		} else {
			for _, c := range []bad{{"a string", "probe"}, {"a number", 1.5}, {"a boolean", true}, {"an object", map[string]any{}}, {"an array", []any{}}} {
				if !accepts(ts, typeOf(c.v)) {
					out = append(out, bad{c.what + " where " + strings.Join(ts, "|") + " is expected", c.v})
					break
				}
			}
			if !accepts(ts, "null") {
				out = append(out, bad{"null where " + strings.Join(ts, "|") + " is expected", nil})
			}
		}
	}
	if e := arr(s["enum"]); len(e) > 0 {
		v := any("probe-not-in-enum")
		if !accepts(ts, "string") {
			v = 987654321.0
		}
		out = append(out, bad{"a value outside the enum", v})
	}
	if c, ok := s["const"]; ok {
		out = append(out, bad{"a value other than the const", fmt.Sprint(c) + "-probe"})
	}
	if pat := str(s, "pattern"); pat != "" {
		if re, err := regexp.Compile(pat); err == nil {
			for _, cand := range []string{"!", "", "probe value", "0", "~~~", "A"} {
				if !re.MatchString(cand) {
					out = append(out, bad{fmt.Sprintf("a string not matching %q", pat), cand})
					break
				}
			}
		}
	}
	if f := str(s, "format"); f != "" {
		if v, ok := badFormats[f]; ok {
			out = append(out, bad{"a malformed " + f, v})
		}
	}
	if m, ok := num(s, "multipleOf"); ok && m > 1 && m == math.Trunc(m) {
		lo, _ := intRange(s)
		out = append(out, bad{fmt.Sprintf("a number that is not a multiple of %v", m), float64(ceilDiv(max(lo, 0), int64(m))*int64(m) + 1)})
	}
	if boolean(s, "uniqueItems") {
		if at, _, ok := p.itemsOf(s, 1); ok {
			out = append(out, bad{"duplicate items", []any{at[0], at[0]}})
		}
	}
	return out
}

var badFormats = map[string]string{
	"email": "not-an-email", "uuid": "not-a-uuid", "date-time": "yesterday", "date": "2021-13-45",
	"time": "25:61:00", "uri": "not a uri", "ipv4": "999.1.1.1", "ipv6": "not-an-ip",
}

func typeOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "null"
}

// mutations lists every way to break one constraint of op's requests.
func (p *prober) mutations(op *operation) []mutation {
	var out []mutation
	set := func(s site, b bad) {
		out = append(out, mutation{what: s.label + " = " + b.what, apply: func(r *probeRequest) bool { return s.set(r, deepCopy(b.v), false) },
			onPath: s.param != nil && s.param.In == "path"})
	}
	for _, s := range p.sites(op) {
		if s.param != nil && s.param.Required && s.param.In != "path" {
			out = append(out, mutation{what: "required " + s.label + " missing", apply: func(r *probeRequest) bool { return s.set(r, nil, true) }})
		}
		for _, l := range p.limits(s.schema, s.param != nil) {
			set(s, bad{l.what + " exceeded", l.past})
		}
		for _, b := range p.invalid(s.schema, s.param != nil) {
			set(s, b)
		}
		if s.param == nil {
			for _, name := range sortedKeys(requiredSet(s.schema)) {
				child := site{label: s.label + "." + name, path: append(slices.Clone(s.path), name)}
				out = append(out, mutation{what: "required " + child.label + " missing", apply: func(r *probeRequest) bool { return child.set(r, nil, true) }})
			}
			if s.schema["additionalProperties"] == false {
				child := site{label: s.label + ".probe_undeclared", path: append(slices.Clone(s.path), "probe_undeclared")}
				out = append(out, mutation{what: "an undeclared property " + child.label, apply: func(r *probeRequest) bool { return child.set(r, 1.0, false) }})
			}
		}
	}
	if op.Body != nil && boolean(op.Body, "required") {
		out = append(out, mutation{what: "no request body", apply: func(r *probeRequest) bool {
			r.hasBody, r.raw, r.body = false, nil, nil
			return true
		}})
	}
	if mt, _ := jsonMedia(op.Body); mt != "" {
		out = append(out, mutation{what: "malformed JSON", apply: func(r *probeRequest) bool {
			r.raw, r.ctype = []byte(`{"probe": `), mt
			return true
		}})
	}
	return out
}
