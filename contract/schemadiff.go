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
	// text is set for parameters and headers: their values travel as
	// text, so a string schema accepts every integer, number or boolean.
	text bool
	// trial is set on the walks same makes: they pair variants only by
	// equal text, so that trials do not nest (see pairVariants).
	trial bool
}

func (d *differ) schema(dir Direction, op, loc string, b, h any) {
	if b == nil || h == nil {
		return
	}
	w := &schemaWalk{d: d, dir: dir, op: op, seen: map[string]bool{}}
	w.walk(loc, b, h)
}

// textSchema is schema for a parameter or a header.
func (d *differ) textSchema(dir Direction, op, loc string, b, h any) {
	if b == nil || h == nil {
		return
	}
	w := &schemaWalk{d: d, dir: dir, op: op, seen: map[string]bool{}, text: true}
	w.walk(loc, b, h)
}

// accepts reports whether the type set allows values of type t, as text
// when the walk is over a parameter or a header.
func (w *schemaWalk) accepts(set []string, t string) bool {
	if accepts(set, t) {
		return true
	}
	return w.text && slices.Contains(set, "string") && (t == "integer" || t == "number" || t == "boolean")
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
	if w.trial && len(w.d.out) > 0 {
		return // a trial only asks whether anything changed
	}
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
	switch bi, hi := b["items"], h["items"]; {
	case bi != nil && hi != nil:
		w.walk(loc+"[]", bi, hi)
	case bi != nil:
		w.loosen(loc, "the items schema was removed: items may be anything")
	case hi != nil:
		w.tighten(loc, "an items schema was added")
	}
	w.variants(loc, "oneOf", b, h)
	w.variants(loc, "anyOf", b, h)
	w.discriminator(loc, b, h)
	w.assertions(loc, b, h)
}

// otherAssertions are the JSON Schema keywords the walker does not reason
// about one by one. Every one is an assertion that only refuses values, so
// adding one loses values, removing one gains values, and changing one may
// do both.
func otherAssertions() []string {
	return []string{
		"not", "prefixItems", "contains", "minContains", "maxContains",
		"patternProperties", "propertyNames", "dependentRequired", "dependentSchemas",
		"if", "then", "else", "unevaluatedProperties", "unevaluatedItems",
		"contentEncoding", "contentMediaType", "contentSchema",
	}
}

func (w *schemaWalk) assertions(loc string, b, h map[string]any) {
	for _, k := range otherAssertions() {
		bv, bok := b[k]
		hv, hok := h[k]
		switch {
		case !bok && !hok:
		case !bok:
			w.tighten(loc, "%s was added", k)
		case !hok:
			w.loosen(loc, "%s was removed", k)
		default:
			bj, _ := json.Marshal(bv)
			hj, _ := json.Marshal(hv)
			if string(bj) != string(hj) {
				w.constraint(loc, true, true, "%s changed", k)
			}
		}
	}
}

// flatten merges allOf members into one schema: properties, required and
// the keywords of the first member that sets each.
func flatten(doc *Document, s map[string]any) map[string]any {
	return flattenRefs(doc, s, map[string]bool{})
}

// flattenRefs is flatten that skips members whose $ref it is already
// merging: a schema that is, through allOf, part of itself adds nothing
// more the second time, and following it again would never end.
func flattenRefs(doc *Document, s map[string]any, merging map[string]bool) map[string]any {
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
		r, ref := doc.resolve(m)
		if r == nil || merging[ref] {
			continue
		}
		if ref != "" {
			merging[ref] = true
			merge(flattenRefs(doc, r, merging))
			delete(merging, ref)
			continue
		}
		merge(flattenRefs(doc, r, merging))
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
	lost := (ht != nil && bt == nil) || slices.ContainsFunc(bt, func(t string) bool { return !w.accepts(ht, t) })
	gained := (bt != nil && ht == nil) || slices.ContainsFunc(ht, func(t string) bool { return !w.accepts(bt, t) })
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

// bounds returns the count and length keywords the gate compares one by
// one; value bounds (minimum, exclusiveMinimum …) are compared as one
// effective limit per side (see valueLimit).
func bounds() []bound {
	return []bound{
		{"maxLength", true}, {"minLength", false},
		{"maxItems", true}, {"minItems", false},
		{"maxProperties", true}, {"minProperties", false},
	}
}

// valueLimit is the effective bound on one side of a number: the tighter of
// the inclusive and the exclusive keyword. OpenAPI 3.0's boolean
// exclusiveMaximum/exclusiveMinimum make the inclusive one exclusive.
type valueLimit struct {
	set       bool
	value     float64
	exclusive bool
	name      string // the keyword that sets it, for messages
}

func valueLimitOf(s map[string]any, upper bool) valueLimit {
	inc, exc := "minimum", "exclusiveMinimum"
	if upper {
		inc, exc = "maximum", "exclusiveMaximum"
	}
	var l valueLimit
	if v, ok := num(s, inc); ok {
		l = valueLimit{set: true, value: v, exclusive: boolean(s, exc), name: inc}
	}
	if v, ok := num(s, exc); ok {
		tighter := !l.set || (upper && v <= l.value) || (!upper && v >= l.value)
		if tighter {
			l = valueLimit{set: true, value: v, exclusive: true, name: exc}
		}
	}
	return l
}

func (l valueLimit) String() string {
	if !l.set {
		return "none"
	}
	return fmt.Sprintf("%s %v", l.name, l.value)
}

// valueLimitChange compares two limits on one side: lost when the head refuses
// a value the base allowed, gained for the reverse.
func valueLimitChange(b, h valueLimit, upper bool) (lost, gained bool) {
	switch {
	case !b.set && !h.set:
		return false, false
	case !b.set:
		return true, false
	case !h.set:
		return false, true
	case b.value == h.value:
		return h.exclusive && !b.exclusive, b.exclusive && !h.exclusive
	case (h.value < b.value) == upper:
		return true, false
	}
	return false, true
}

// constraint records one changed constraint by its effect on the set of
// valid values: lost when the head refuses values the base allowed, gained
// when the head allows values the base refused (both when neither set
// contains the other). In requests losing values breaks clients (they send
// them); in responses gaining values does (readers were promised they
// would not come). The breaking side is reported when there is one.
func (w *schemaWalk) constraint(loc string, lost, gained bool, format string, args ...any) {
	switch {
	case w.req() && lost:
		w.d.add(RuleReqConstraintTightened, w.op, loc, format, args...)
	case w.req() && gained:
		w.d.add(RuleReqConstraintLoosened, w.op, loc, format, args...)
	case !w.req() && gained:
		w.d.add(RuleRespConstraintLoosened, w.op, loc, format, args...)
	case !w.req() && lost:
		w.d.add(RuleRespConstraintTightened, w.op, loc, format, args...)
	}
}

// tighten records a constraint that was added or tightened (values lost);
// loosen the opposite.
func (w *schemaWalk) tighten(loc, format string, args ...any) {
	w.constraint(loc, true, false, format, args...)
}

func (w *schemaWalk) loosen(loc, format string, args ...any) {
	w.constraint(loc, false, true, format, args...)
}

func (w *schemaWalk) bounds(loc string, b, h map[string]any) {
	for _, upper := range []bool{true, false} {
		bl, hl := valueLimitOf(b, upper), valueLimitOf(h, upper)
		if lost, gained := valueLimitChange(bl, hl, upper); lost || gained {
			w.constraint(loc, lost, gained, "%s became %s", bl, hl)
		}
	}
	for _, bd := range bounds() {
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
	case !bok && !hok, bok && hok && bm == hm:
	case !bok:
		w.tighten(loc, "multipleOf %v was added", hm)
	case !hok:
		w.loosen(loc, "multipleOf %v was removed", bm)
	default:
		// Every multiple of bm is a multiple of hm exactly when bm is a
		// multiple of hm; 2 -> 3 both loses and gains values.
		w.constraint(loc, !isMultipleOf(bm, hm), !isMultipleOf(hm, bm), "multipleOf %v became %v", bm, hm)
	}
}

// isMultipleOf reports whether a is an integer multiple of b.
func isMultipleOf(a, b float64) bool {
	if b == 0 {
		return false
	}
	q := a / b
	return math.Abs(q-math.Round(q)) < 1e-9
}

func (w *schemaWalk) strings(loc string, b, h map[string]any) {
	bp, hp := str(b, "pattern"), str(h, "pattern")
	switch {
	case bp == hp:
	case w.req() && hp != "":
		// No tool can tell whether a new pattern accepts every value the
		// old one did.
		w.d.add(RuleReqPatternChanged, w.op, loc, "pattern %q became %q", bp, hp)
	case hp == "":
		w.loosen(loc, "pattern %q was removed", bp)
	case bp == "":
		w.tighten(loc, "pattern %q was added", hp)
	default:
		w.constraint(loc, true, true, "pattern %q became %q", bp, hp)
	}
	bf, hf := str(b, "format"), str(h, "format")
	lost, gained := !formatAccepts(hf, bf), !formatAccepts(bf, hf)
	switch {
	case bf == hf:
	case w.req() && lost:
		w.d.add(RuleReqFormatChanged, w.op, loc, "format %q became %q", bf, hf)
	default:
		w.constraint(loc, lost, gained, "format %q became %q", bf, hf)
	}
}

// apKind is how much an object's additionalProperties allows.
type apKind int

const (
	apNone   apKind = iota // false: no undeclared property
	apSchema               // a schema: undeclared properties of that shape
	apAny                  // absent or true: anything
)

// additionalKind says how much s allows beyond its declared properties.
func additionalKind(s map[string]any) apKind {
	switch v := s["additionalProperties"].(type) {
	case bool:
		if !v {
			return apNone
		}
	case map[string]any:
		return apSchema
	}
	return apAny
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
				w.removedRequestProperty(pl, name, bp[name], h, !ok)
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
		// A property new to this direction: absent from the base, or
		// readOnly (writeOnly) there and no longer.
		if bv, ok := bp[name]; (ok && !w.skip(w.d.base, bv)) || w.skip(w.d.head, hp[name]) {
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
	w.undeclaredRequired(loc, bp, hp, br, hr)
	w.additionalProps(loc, b, h)
}

// undeclaredRequired compares required names that neither side declares
// as a property: they bind as much as declared ones (an object without the
// name is refused).
func (w *schemaWalk) undeclaredRequired(loc string, bp, hp map[string]any, br, hr map[string]bool) {
	undeclared := func(name string) bool { _, b := bp[name]; _, h := hp[name]; return !b && !h }
	for _, name := range sortedKeys(hr) {
		if br[name] || !undeclared(name) {
			continue
		}
		if w.req() {
			w.d.add(RuleReqPropertyRequired, w.op, loc+"."+name, "property %s became required", name)
		} else {
			w.tighten(loc+"."+name, "property %s became required", name)
		}
	}
	for _, name := range sortedKeys(br) {
		if hr[name] || !undeclared(name) {
			continue
		}
		if w.req() {
			w.loosen(loc+"."+name, "property %s became optional", name)
		} else {
			w.d.add(RuleRespPropertyOptional, w.op, loc+"."+name, "property %s became optional", name)
		}
	}
}

// removedRequestProperty reports a request property the head no longer
// declares (gone, or readOnly now). Clients that still send a gone one are
// ignored when the object takes undeclared properties, but refused when it
// does not, and held to the additionalProperties schema when there is one.
func (w *schemaWalk) removedRequestProperty(pl, name string, bv any, h map[string]any, gone bool) {
	switch k := additionalKind(h); {
	case gone && k == apNone:
		w.d.add(RuleReqAdditionalForbidden, w.op, pl, "property %s was removed and undeclared properties are refused: clients that send it are refused", name)
	case gone && k == apSchema:
		w.d.add(RuleReqPropertyRemoved, w.op, pl, "property %s was removed: additionalProperties now describes it", name)
		w.walk(pl, bv, h["additionalProperties"])
	default:
		w.d.add(RuleReqPropertyRemoved, w.op, pl, "property %s was removed", name)
	}
}

// additionalProps compares additionalProperties: false allows fewer undeclared
// properties than a schema, which allows fewer than true (or absent).
func (w *schemaWalk) additionalProps(loc string, b, h map[string]any) {
	ba, ha := additionalKind(b), additionalKind(h)
	switch {
	case ba == apSchema && ha == apSchema:
		w.walk(loc+".*", b["additionalProperties"], h["additionalProperties"])
	case ba == ha:
	case w.req() && ha == apNone:
		w.d.add(RuleReqAdditionalForbidden, w.op, loc, "undeclared properties are now refused")
	case ha < ba:
		w.tighten(loc, "additionalProperties became narrower")
	default:
		w.loosen(loc, "additionalProperties became wider: undeclared properties may appear")
	}
}
