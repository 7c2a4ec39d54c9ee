package contract

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The schema walker: it compares two JSON Schemas in one direction. In the
// request direction a change breaks clients when the server accepts less;
// in the response direction when the server may send more.

type schemaWalk struct {
	d    *differ
	dir  Direction
	op   string
	seen map[string]bool // pairs of $refs already compared (recursion)
}

func (d *differ) schema(dir Direction, op, loc string, b, h any) {
	if b == nil || h == nil {
		return
	}
	w := &schemaWalk{d: d, dir: dir, op: op, seen: map[string]bool{}}
	w.walk(loc, b, h)
}

func (w *schemaWalk) req() bool { return w.dir == Request }

// pick returns the request rule or the response rule.
func (w *schemaWalk) pick(reqRule, respRule string) string {
	if w.req() {
		return reqRule
	}
	return respRule
}

func (w *schemaWalk) walk(loc string, bv, hv any) {
	b, bref := w.d.base.resolve(bv)
	h, href := w.d.head.resolve(hv)
	if b == nil || h == nil {
		return
	}
	if bref != "" || href != "" {
		k := bref + "|" + href
		if w.seen[k] {
			return
		}
		w.seen[k] = true
		defer delete(w.seen, k)
	}
	b, h = flatten(w.d.base, b), flatten(w.d.head, h)
	w.types(loc, b, h)
	w.enums(loc, b, h)
	w.bounds(loc, b, h)
	w.strings(loc, b, h)
	w.properties(loc, b, h)
	if b["items"] != nil && h["items"] != nil {
		w.walk(loc+"[]", b["items"], h["items"])
	}
	w.variants(loc, "oneOf", b, h)
	w.variants(loc, "anyOf", b, h)
}

// flatten merges allOf members into one schema: properties, required and
// the keywords of the first member that sets each.
func flatten(doc *Document, s map[string]any) map[string]any {
	all := arr(s["allOf"])
	if len(all) == 0 {
		return s
	}
	out := map[string]any{}
	props := map[string]any{}
	var required []any
	merge := func(m map[string]any) {
		for k, v := range m {
			switch k {
			case "allOf":
			case "properties":
				for pk, pv := range obj(v) {
					props[pk] = pv
				}
			case "required":
				required = append(required, arr(v)...)
			default:
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
		}
	}
	merge(s)
	for _, m := range all {
		r, _ := doc.resolve(m)
		merge(flatten(doc, r))
	}
	if len(props) > 0 {
		out["properties"] = props
	}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

// typeSet returns the types a schema allows; nil means any.
func typeSet(doc *Document, s map[string]any) []string {
	s, _ = doc.resolve(s)
	if s == nil {
		return nil
	}
	var ts []string
	switch t := s["type"].(type) {
	case string:
		ts = []string{t}
	case []any:
		for _, e := range t {
			ts = append(ts, fmt.Sprint(e))
		}
	}
	if len(ts) == 0 {
		return nil
	}
	if boolean(s, "nullable") && !slices.Contains(ts, "null") {
		ts = append(ts, "null")
	}
	slices.Sort(ts)
	return ts
}

func sameTypes(a, b []string) bool { return slices.Equal(a, b) }

// accepts reports whether the type set allows values of type t.
func accepts(set []string, t string) bool {
	return set == nil || slices.Contains(set, t) || t == "integer" && slices.Contains(set, "number")
}

func (w *schemaWalk) types(loc string, b, h map[string]any) {
	bt, ht := typeSet(w.d.base, b), typeSet(w.d.head, h)
	if sameTypes(bt, ht) {
		return
	}
	show := func(ts []string) string {
		if ts == nil {
			return "any"
		}
		return strings.Join(ts, "|")
	}
	// lost: types the base allowed that the head does not; gained: the reverse.
	lost := (ht != nil && bt == nil) || slices.ContainsFunc(bt, func(t string) bool { return !accepts(ht, t) })
	gained := (bt != nil && ht == nil) || slices.ContainsFunc(ht, func(t string) bool { return !accepts(bt, t) })
	msg := fmt.Sprintf("type %s became %s", show(bt), show(ht))
	if w.req() {
		if lost {
			w.d.add(RuleReqTypeChanged, w.op, loc, "%s", msg)
		} else if gained {
			w.d.add(RuleReqTypeWidened, w.op, loc, "%s", msg)
		}
		return
	}
	if gained {
		w.d.add(RuleRespTypeChanged, w.op, loc, "%s", msg)
	} else if lost {
		w.d.add(RuleRespTypeNarrowed, w.op, loc, "%s", msg)
	}
}

// enumSet returns the allowed values (enum or const) as canonical JSON, or
// nil when any value is allowed.
func enumSet(s map[string]any) []string {
	var vals []any
	if c, ok := s["const"]; ok {
		vals = []any{c}
	} else if e, ok := s["enum"].([]any); ok {
		vals = e
	} else {
		return nil
	}
	out := []string{}
	for _, v := range vals {
		j, _ := json.Marshal(v)
		out = append(out, string(j))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (w *schemaWalk) enums(loc string, b, h map[string]any) {
	be, he := enumSet(b), enumSet(h)
	switch {
	case be == nil && he == nil:
		return
	case be == nil:
		w.d.add(w.pick(RuleReqEnumValueRemoved, RuleRespEnumValueRemoved), w.op, loc, "values are now limited to %s", strings.Join(he, ", "))
		return
	case he == nil:
		w.d.add(w.pick(RuleReqEnumValueAdded, RuleRespEnumValueAdded), w.op, loc, "the enum %s was removed: any value is possible", strings.Join(be, ", "))
		return
	}
	var removed, added []string
	for _, v := range be {
		if !slices.Contains(he, v) {
			removed = append(removed, v)
		}
	}
	for _, v := range he {
		if !slices.Contains(be, v) {
			added = append(added, v)
		}
	}
	if len(removed) > 0 {
		w.d.add(w.pick(RuleReqEnumValueRemoved, RuleRespEnumValueRemoved), w.op, loc, "enum values removed: %s", strings.Join(removed, ", "))
	}
	if len(added) > 0 {
		w.d.add(w.pick(RuleReqEnumValueAdded, RuleRespEnumValueAdded), w.op, loc, "enum values added: %s", strings.Join(added, ", "))
	}
}

// bound is a numeric keyword and whether it limits from above.
type bound struct {
	key   string
	upper bool
}

var bounds = []bound{
	{"maxLength", true}, {"minLength", false},
	{"maximum", true}, {"minimum", false},
	{"exclusiveMaximum", true}, {"exclusiveMinimum", false},
	{"maxItems", true}, {"minItems", false},
	{"maxProperties", true}, {"minProperties", false},
}

// tighten records a constraint that was added or tightened; loosen the
// opposite. Which is breaking depends on the direction.
func (w *schemaWalk) tighten(loc, format string, args ...any) {
	w.d.add(w.pick(RuleReqConstraintTightened, RuleRespConstraintTightened), w.op, loc, format, args...)
}

func (w *schemaWalk) loosen(loc, format string, args ...any) {
	w.d.add(w.pick(RuleReqConstraintLoosened, RuleRespConstraintLoosened), w.op, loc, format, args...)
}

func (w *schemaWalk) bounds(loc string, b, h map[string]any) {
	for _, bd := range bounds {
		bv, bok := num(b, bd.key)
		hv, hok := num(h, bd.key)
		switch {
		case !bok && !hok, bok && hok && bv == hv:
		case !bok:
			w.tighten(loc, "%s %v was added", bd.key, hv)
		case !hok:
			w.loosen(loc, "%s %v was removed", bd.key, bv)
		case (hv < bv) == bd.upper:
			w.tighten(loc, "%s %v became %v", bd.key, bv, hv)
		default:
			w.loosen(loc, "%s %v became %v", bd.key, bv, hv)
		}
	}
	switch bu, hu := boolean(b, "uniqueItems"), boolean(h, "uniqueItems"); {
	case !bu && hu:
		w.tighten(loc, "uniqueItems was added")
	case bu && !hu:
		w.loosen(loc, "uniqueItems was removed")
	}
	bm, bok := num(b, "multipleOf")
	hm, hok := num(h, "multipleOf")
	switch {
	case hok && (!bok || math.Mod(hm, bm) != 0):
		w.tighten(loc, "multipleOf became %v", hm)
	case bok && (!hok || hm != bm):
		w.loosen(loc, "multipleOf %v was removed or relaxed", bm)
	}
}

func (w *schemaWalk) strings(loc string, b, h map[string]any) {
	bp, hp := str(b, "pattern"), str(h, "pattern")
	switch {
	case bp == hp:
	case w.req() && hp != "":
		w.d.add(RuleReqPatternChanged, w.op, loc, "pattern %q became %q", bp, hp)
	case hp == "":
		w.loosen(loc, "pattern %q was removed", bp)
	case bp == "":
		w.tighten(loc, "pattern %q was added", hp)
	default:
		w.loosen(loc, "pattern %q became %q", bp, hp)
	}
	bf, hf := str(b, "format"), str(h, "format")
	switch {
	case bf == hf:
	case w.req() && hf != "":
		w.d.add(RuleReqFormatChanged, w.op, loc, "format %q became %q", bf, hf)
	case hf == "":
		w.loosen(loc, "format %q was removed", bf)
	case bf == "":
		w.tighten(loc, "format %q was added", hf)
	default:
		w.loosen(loc, "format %q became %q", bf, hf)
	}
}

// skip reports whether a property is not part of this direction's wire
// shape (readOnly in requests, writeOnly in responses).
func (w *schemaWalk) skip(doc *Document, p any) bool {
	s, _ := doc.resolve(p)
	if w.req() {
		return boolean(s, "readOnly")
	}
	return boolean(s, "writeOnly")
}

func requiredSet(s map[string]any) map[string]bool {
	m := map[string]bool{}
	for _, r := range arr(s["required"]) {
		if name, ok := r.(string); ok {
			m[name] = true
		}
	}
	return m
}

func (w *schemaWalk) properties(loc string, b, h map[string]any) {
	bp, hp := obj(b["properties"]), obj(h["properties"])
	br, hr := requiredSet(b), requiredSet(h)
	const sep = "."
	for _, name := range sortedKeys(bp) {
		if w.skip(w.d.base, bp[name]) {
			continue
		}
		pl := loc + sep + name
		hv, ok := hp[name]
		if !ok || w.skip(w.d.head, hv) {
			if w.req() {
				w.d.add(RuleReqPropertyRemoved, w.op, pl, "property %s was removed", name)
			} else {
				w.d.add(RuleRespPropertyRemoved, w.op, pl, "property %s was removed", name)
			}
			continue
		}
		switch {
		case !br[name] && hr[name]:
			if w.req() {
				w.d.add(RuleReqPropertyRequired, w.op, pl, "property %s became required", name)
			} else {
				w.tighten(pl, "property %s became required", name)
			}
		case br[name] && !hr[name]:
			if w.req() {
				w.loosen(pl, "property %s became optional", name)
			} else {
				w.d.add(RuleRespPropertyOptional, w.op, pl, "property %s became optional", name)
			}
		}
		w.walk(pl, bp[name], hv)
	}
	for _, name := range sortedKeys(hp) {
		if _, ok := bp[name]; ok || w.skip(w.d.head, hp[name]) {
			continue
		}
		pl := loc + sep + name
		switch {
		case !w.req():
			w.d.add(RuleRespPropertyAdded, w.op, pl, "property %s was added", name)
		case hr[name]:
			w.d.add(RuleReqRequiredPropAdded, w.op, pl, "new required property %s", name)
		default:
			w.d.add(RuleReqOptionalPropAdded, w.op, pl, "new optional property %s", name)
		}
	}
	ba, ha := b["additionalProperties"], h["additionalProperties"]
	if w.req() && ba != false && ha == false {
		w.d.add(RuleReqAdditionalForbidden, w.op, loc, "undeclared properties are now refused")
	}
	if obj(ba) != nil && obj(ha) != nil {
		w.walk(loc+".*", ba, ha)
	}
}

func (w *schemaWalk) variants(loc, key string, b, h map[string]any) {
	bv, hv := arr(b[key]), arr(h[key])
	for i := range min(len(bv), len(hv)) {
		w.walk(fmt.Sprintf("%s(%s %d)", loc, key, i), bv[i], hv[i])
	}
	switch {
	case len(bv) > len(hv) && w.req():
		w.d.add(RuleReqVariantRemoved, w.op, loc, "%s went from %d to %d variants", key, len(bv), len(hv))
	case len(bv) > len(hv):
		w.d.add(RuleRespTypeNarrowed, w.op, loc, "%s went from %d to %d variants", key, len(bv), len(hv))
	case len(hv) > len(bv) && w.req():
		w.d.add(RuleReqTypeWidened, w.op, loc, "%s went from %d to %d variants", key, len(bv), len(hv))
	case len(hv) > len(bv):
		w.d.add(RuleRespVariantAdded, w.op, loc, "%s went from %d to %d variants", key, len(bv), len(hv))
	}
}
