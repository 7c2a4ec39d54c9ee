package contract

import (
	"fmt"
	"slices"
	"strings"
)

// Change is one difference between a baseline document and the current
// one, classified by a Rule.
type Change struct {
	Rule      string    `json:"rule"`
	Level     Level     `json:"level"`
	Direction Direction `json:"direction"`
	// Operation is "METHOD /path" (empty for document-wide changes).
	Operation string `json:"operation,omitempty"`
	// Location says where: the operation followed by the parameter
	// ("query.limit"), the body ("request body.tags[]") or the response
	// ("response 200 body.items[].email", "response 200 header.X-Rate").
	// Acknowledgements match it.
	Location string `json:"location"`
	// Message says what changed, with the old and new values.
	Message string `json:"message"`
	// Acknowledged is the reason from the acknowledgement file, when a
	// deliberate change was acknowledged.
	Acknowledged string `json:"acknowledged,omitempty"`
}

// String formats the change on one line.
func (c Change) String() string {
	s := fmt.Sprintf("%-4s %s  %s: %s", c.Level, c.Rule, c.Location, c.Message)
	if c.Acknowledged != "" {
		s += " (acknowledged: " + c.Acknowledged + ")"
	}
	return s
}

// Diff compares the current document head with the baseline base and
// returns every change, each classified by direction: what breaks a client
// sending requests differs from what breaks a client reading responses.
// The order is stable: by path, method, then place in the operation.
func Diff(base, head *Document) []Change {
	d := &differ{base: base, head: head}
	d.servers()
	d.operations()
	d.schemes()
	return d.out
}

type differ struct {
	base, head *Document
	out        []Change
	rules      map[string]Rule // the catalogue by id, built on first use
}

func (d *differ) add(rule, op, loc, format string, args ...any) {
	if d.rules == nil {
		d.rules = map[string]Rule{}
		for _, r := range Rules() {
			d.rules[r.ID] = r
		}
	}
	r, ok := d.rules[rule]
	if !ok {
		panic("contract: unknown rule " + rule)
	}
	d.out = append(d.out, Change{Rule: rule, Level: r.Level, Direction: r.Direction, Operation: op,
		Location: strings.TrimSpace(loc), Message: fmt.Sprintf(format, args...)})
}

func (d *differ) operations() {
	baseOps, headOps := index(d.base.operations()), index(d.head.operations())
	headPaths := map[string]bool{}
	for _, o := range headOps {
		headPaths[normPath(o.Path)] = true
	}
	removedPaths := map[string]bool{}
	for _, k := range sortedKeys(baseOps) {
		b := baseOps[k]
		h, ok := headOps[k]
		switch {
		case ok:
			d.operation(b, h)
		case !headPaths[normPath(b.Path)]:
			if !removedPaths[b.Path] {
				removedPaths[b.Path] = true
				d.add(RulePathRemoved, "", b.Path, "path %s was removed", b.Path)
			}
		default:
			d.add(RuleOperationRemoved, b.String(), b.String(), "%s was removed", b)
		}
	}
	for _, k := range sortedKeys(headOps) {
		if _, ok := baseOps[k]; !ok {
			h := headOps[k]
			d.add(RuleOperationAdded, h.String(), h.String(), "%s was added", h)
		}
	}
}

func index(ops []*operation) map[string]*operation {
	m := make(map[string]*operation, len(ops))
	for _, o := range ops {
		m[o.key()] = o
	}
	return m
}

func (d *differ) operation(b, h *operation) {
	op := h.String()
	// Generated clients name methods after the operationId: a rename or a
	// removal renames the method every caller uses.
	switch bid, hid := str(b.node, "operationId"), str(h.node, "operationId"); {
	case bid == hid:
	case bid == "":
		d.add(RuleOperationIDAdded, op, op, "operationId %q was added", hid)
	case hid == "":
		d.add(RuleOperationIDChanged, op, op, "operationId %q was removed", bid)
	default:
		d.add(RuleOperationIDChanged, op, op, "operationId %q became %q", bid, hid)
	}
	if !boolean(b.node, "deprecated") && boolean(h.node, "deprecated") {
		d.add(RuleOperationDeprecated, op, op, "%s is now deprecated", op)
	}
	if b.OwnServers || h.OwnServers {
		d.serverChange(op, op+" servers", b.Servers, h.Servers)
	}
	d.security(op, b, h)
	d.params(op, b, h)
	d.body(op, b, h)
	d.responses(op, b, h)
}

// paramKey identifies a parameter across documents: path parameters by
// their position in the path (their names do not reach the wire).
func paramKey(o *operation, p param) string {
	if p.In == "path" {
		names := pathParamRE.FindAllString(o.Path, -1)
		return fmt.Sprintf("path:#%d", slices.Index(names, "{"+p.Name+"}"))
	}
	if p.In == "header" {
		return "header:" + strings.ToLower(p.Name)
	}
	return p.In + ":" + p.Name
}

func (d *differ) params(op string, b, h *operation) {
	bm, hm := map[string]param{}, map[string]param{}
	for _, p := range b.Params {
		bm[paramKey(b, p)] = p
	}
	for _, p := range h.Params {
		hm[paramKey(h, p)] = p
	}
	var removed, added []string
	for _, k := range sortedKeys(bm) {
		bp := bm[k]
		hp, ok := hm[k]
		if !ok {
			removed = append(removed, k)
			continue
		}
		loc := op + " " + hp.In + "." + hp.Name
		switch {
		case !bp.Required && hp.Required:
			d.add(RuleParamBecameRequired, op, loc, "parameter %s %s became required", hp.In, hp.Name)
		case bp.Required && !hp.Required:
			d.add(RuleParamBecameOptional, op, loc, "parameter %s %s became optional", hp.In, hp.Name)
		}
		d.serialization(op, loc, bp, hp)
		d.textSchema(Request, op, loc, bp.Schema, hp.Schema)
	}
	for _, k := range sortedKeys(hm) {
		if _, ok := bm[k]; !ok {
			added = append(added, k)
		}
	}
	// A parameter removed and one added in the same place with the same
	// type is a rename.
	for _, rk := range removed {
		bp := bm[rk]
		i := slices.IndexFunc(added, func(ak string) bool {
			hp := hm[ak]
			return hp.In == bp.In && sameTypes(typeSet(d.base, bp.Schema), typeSet(d.head, hp.Schema))
		})
		if i >= 0 {
			hp := hm[added[i]]
			added = slices.Delete(added, i, i+1)
			d.add(RuleParamRenamed, op, op+" "+bp.In+"."+bp.Name, "parameter %s %s was renamed to %s", bp.In, bp.Name, hp.Name)
			continue
		}
		d.add(RuleParamRemoved, op, op+" "+bp.In+"."+bp.Name, "parameter %s %s was removed", bp.In, bp.Name)
	}
	for _, ak := range added {
		hp := hm[ak]
		loc := op + " " + hp.In + "." + hp.Name
		if hp.Required {
			d.add(RuleParamRequiredAdded, op, loc, "new required parameter %s %s", hp.In, hp.Name)
		} else {
			d.add(RuleParamOptionalAdded, op, loc, "new optional parameter %s %s", hp.In, hp.Name)
		}
	}
}

// serialization compares how a parameter's value is written: a client
// built for the old style or explode writes a value the server now reads
// differently (?tags=a&tags=b against tags=a,b). Explode does not change a
// single value, so it only counts for arrays and objects.
func (d *differ) serialization(op, loc string, b, h param) {
	switch {
	case b.Style == "" || h.Style == "":
	case b.Style != h.Style:
		d.add(RuleParamSerializationChanged, op, loc, "parameter %s %s: style %s became %s", h.In, h.Name, b.Style, h.Style)
	case b.Explode != h.Explode && !(singleValued(d.base, b.Schema) && singleValued(d.head, h.Schema)):
		d.add(RuleParamSerializationChanged, op, loc, "parameter %s %s: explode %t became %t", h.In, h.Name, b.Explode, h.Explode)
	}
}

// singleValued reports whether every value s allows is a single value (no array
// or object); a schema without a type may be either.
func singleValued(doc *Document, s map[string]any) bool {
	ts := typeSet(doc, s)
	if ts == nil || s["oneOf"] != nil || s["anyOf"] != nil || s["allOf"] != nil {
		return false
	}
	return !slices.ContainsFunc(ts, func(t string) bool { return t == "array" || t == "object" })
}

func (d *differ) body(op string, b, h *operation) {
	loc := op + " request"
	switch {
	case b.Body == nil && h.Body == nil:
		return
	case b.Body == nil:
		if boolean(h.Body, "required") {
			d.add(RuleBodyRequiredAdded, op, loc, "the operation now requires a request body")
			return
		}
	case h.Body == nil:
		d.add(RuleBodyRemoved, op, loc, "the operation no longer reads a request body")
		return
	case !boolean(b.Body, "required") && boolean(h.Body, "required"):
		d.add(RuleBodyBecameRequired, op, loc, "the request body became required")
	}
	bc, hc := obj(b.Body["content"]), obj(h.Body["content"])
	for _, mt := range sortedKeys(bc) {
		hmt, ok := hc[mt]
		if !ok {
			r := mediaRange(hc, mt)
			if r == "" {
				d.add(RuleReqMediaTypeRemoved, op, loc+mediaLoc(mt), "request media type %s is no longer accepted", mt)
				continue
			}
			// A range (application/*) still accepts what clients send,
			// under the range's schema.
			hmt = hc[r]
		}
		d.schema(Request, op, loc+mediaLoc(mt)+" body", obj(bc[mt])["schema"], obj(hmt)["schema"])
	}
	for _, mt := range sortedKeys(hc) {
		if _, ok := bc[mt]; !ok {
			d.add(RuleReqMediaTypeAdded, op, loc+mediaLoc(mt), "request media type %s is now accepted", mt)
		}
	}
}

// mediaRange returns the media range of content ("type/*", "*/*") that
// covers the media type mt, the narrower first, or "".
func mediaRange(content map[string]any, mt string) string {
	typ, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(mt)), "/")
	for _, r := range []string{typ + "/*", "*/*"} {
		for k := range content {
			if strings.EqualFold(strings.TrimSpace(k), r) {
				return k
			}
		}
	}
	return ""
}

// mediaLoc names a media type in a location; JSON, the common case, is
// left implicit.
func mediaLoc(mt string) string {
	if mt == "application/json" {
		return ""
	}
	return " " + mt
}

func isSuccess(code string) bool { return strings.HasPrefix(code, "2") }

// response finds the response for code: exact, then its range, then
// default (for error statuses).
func response(o *operation, code string) (map[string]any, bool) {
	if r, ok := o.Responses[code]; ok {
		return r, true
	}
	if len(code) == 3 {
		if r, ok := o.Responses[code[:1]+"XX"]; ok {
			return r, true
		}
	}
	if !isSuccess(code) {
		r, ok := o.Responses["DEFAULT"]
		return r, ok
	}
	return nil, false
}

func (d *differ) responses(op string, b, h *operation) {
	for _, code := range sortedKeys(b.Responses) {
		loc := op + " response " + strings.ToLower(code)
		if codes := rangeSplit(code, h); codes != nil {
			// A range became exact statuses: each is held to the range's
			// promise, and readers that handled the range lose nothing.
			for _, c := range codes {
				d.response(op, op+" response "+strings.ToLower(c), b.Responses[code], h.Responses[c])
			}
			continue
		}
		hr, ok := response(h, code)
		switch _, exact := h.Responses[code]; {
		case ok && !exact && isSuccess(code):
			// Clients generated per status (a JSON200 field, a case per
			// code) lose the status even though a range still covers it.
			d.add(RuleSuccessStatusRemoved, op, loc, "success status %s was removed: only %s covers it now", code, fallbackName(h, code))
		case ok && !exact:
			// The status is gone from the document; "default" (or its
			// range) now describes it, and is held to the old promise.
			d.add(RuleErrorStatusRemoved, op, loc, "status %s is no longer documented on its own: the document's %s response describes it now", code, fallbackName(h, code))
		}
		if !ok {
			if isSuccess(code) {
				d.add(RuleSuccessStatusRemoved, op, loc, "success status %s was removed", code)
			} else {
				d.add(RuleErrorStatusRemoved, op, loc, "status %s is no longer documented", code)
			}
			continue
		}
		d.response(op, loc, b.Responses[code], hr)
	}
	for _, code := range sortedKeys(h.Responses) {
		if _, ok := response(b, code); ok {
			continue
		}
		loc := op + " response " + strings.ToLower(code)
		if isSuccess(code) {
			d.add(RuleSuccessStatusAdded, op, loc, "new success status %s", code)
		} else {
			d.add(RuleErrorStatusAdded, op, loc, "new status %s", code)
		}
	}
}

func (d *differ) response(op, loc string, b, h map[string]any) {
	bc, hc := obj(b["content"]), obj(h["content"])
	for _, mt := range sortedKeys(bc) {
		hmt, ok := hc[mt]
		if !ok {
			d.add(RuleRespMediaTypeRemoved, op, loc+mediaLoc(mt), "response media type %s was removed", mt)
			continue
		}
		d.schema(Response, op, loc+mediaLoc(mt)+" body", obj(bc[mt])["schema"], obj(hmt)["schema"])
	}
	for _, mt := range sortedKeys(hc) {
		if _, ok := bc[mt]; !ok {
			d.add(RuleRespMediaTypeAdded, op, loc+mediaLoc(mt), "response media type %s was added", mt)
		}
	}
	bh, hh := headerMap(d.base, b), headerMap(d.head, h)
	for _, name := range sortedKeys(bh) {
		hl := loc + " header." + name
		hv, ok := hh[name]
		switch {
		case !ok && boolean(bh[name], "required"):
			d.add(RuleRespRequiredHeaderRemoved, op, hl, "required response header %s was removed", name)
			continue
		case !ok:
			d.add(RuleRespHeaderRemoved, op, hl, "response header %s was removed", name)
			continue
		}
		if boolean(bh[name], "required") && !boolean(hv, "required") {
			d.add(RuleRespHeaderOptional, op, hl, "response header %s became optional", name)
		}
		d.textSchema(Response, op, hl, bh[name]["schema"], hv["schema"])
	}
}

// headerMap returns a response's resolved headers by canonical name.
func headerMap(doc *Document, r map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, v := range obj(r["headers"]) {
		h, _ := doc.resolve(v)
		if h != nil {
			out[strings.ToLower(name)] = h
		}
	}
	return out
}

// fallbackName names the response that describes code when the operation
// does not list it: its range ("4XX") or "default".
func fallbackName(o *operation, code string) string {
	if len(code) == 3 {
		if _, ok := o.Responses[code[:1]+"XX"]; ok {
			return code[:1] + "XX"
		}
	}
	return "default"
}

// rangeSplit returns the exact statuses of o within the range code ("2XX")
// when o no longer lists the range itself, else nil.
func rangeSplit(code string, o *operation) []string {
	if len(code) != 3 || code[1:] != "XX" {
		return nil
	}
	if _, ok := o.Responses[code]; ok {
		return nil
	}
	var out []string
	for _, c := range sortedKeys(o.Responses) {
		if len(c) == 3 && c[0] == code[0] && c[1:] != "XX" {
			out = append(out, c)
		}
	}
	return out
}
