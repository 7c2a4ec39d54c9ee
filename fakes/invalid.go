package fakes

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/starling-http/starling/internal/plan"
)

// Variant is one request body of a table test: a value that breaks exactly
// one constraint of T (Valid false), or that sits exactly at a limit (Valid
// true). Every other rule holds, so a server must answer 400 with exactly
// one violation, at Pointer with Rule, or accept a valid one.
//
// Pointer is the RFC 6901 pointer of the offending value with wire names
// ("/address/zip", "/tags/0", "" for the body itself), where the framework
// reports it: for "required", "readOnly" and "additionalProperties" that is
// the property itself, while JSON Schema validators report the first two
// (required, additionalProperties) at the object holding it. Rule is the
// JSON Schema keyword: "required", "type", "minLength", "maxLength",
// "pattern", "format", "enum", "const", "minimum", "maximum",
// "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems",
// "maxItems", "uniqueItems", "minProperties", "maxProperties",
// "contentEncoding", "additionalProperties" or "readOnly" (readOnly is an
// annotation in JSON Schema: only the framework refuses it).
type Variant[T any] struct {
	// Name says what the variant is, for t.Run: "/address/zip pattern",
	// "/age maximum (at the limit)".
	Name    string
	Pointer string
	Rule    string
	// Valid is true for the at-the-limit half of a boundary pair.
	Valid bool
	// Value is the variant as a T, nil when a T cannot say it: a missing
	// required property, a value of the wrong JSON type, a number outside
	// the Go type, a read-only or unknown property, a zero value that
	// omitempty would leave out.
	Value *T
	// JSON is the request body, always set: POST this.
	JSON []byte
}

// Invalid returns, for each constraint of T (and of every struct, item and
// map value it holds), a variant that breaks exactly that one: the rules
// of its validate tags, the widths of its integer types, required
// properties, JSON types, read-only properties, unknown properties under
// ForbidUnknown and base64 bytes. Values start from one valid value made as
// Make with Optional(1) makes it (every optional field present, collections
// not empty), so every place is reached; Set and With apply to it. Breaks
// that no value satisfying the other rules can make (a minLength beside an
// enum, say) are left out and logged.
func Invalid[T any](t testing.TB, opts ...Option) []Variant[T] {
	t.Helper()
	var out []Variant[T]
	for _, v := range variants[T](t, "Invalid", opts) {
		if !v.Valid {
			out = append(out, v.Variant)
		}
	}
	return out
}

// Boundaries returns boundary pairs for each bound of T: the value at the
// limit (Valid, to be accepted) followed by the value one step past it
// (invalid, also in Invalid): minLength/maxLength (the limit counts code
// points, and holds multi-byte ones where the rules allow), minimum,
// maximum and their exclusive forms (one step is 1 for integers, multipleOf
// when given, else 0.01), the widths of integer types, minItems, maxItems,
// minProperties and maxProperties.
func Boundaries[T any](t testing.TB, opts ...Option) []Variant[T] {
	t.Helper()
	var out []Variant[T]
	for _, v := range variants[T](t, "Boundaries", opts) {
		if v.pair {
			out = append(out, v.Variant)
		}
	}
	return out
}

type variant[T any] struct {
	Variant[T]
	pair bool
}

// variantSet collects the variants of one T.
type variantSet[T any] struct {
	g       *gen
	p       *plan.Type
	base    T
	out     []variant[T]
	skipped []string
}

func variants[T any](t testing.TB, fn string, opts []Option) []variant[T] {
	t.Helper()
	c := newConfig(opts)
	c.optional = 1
	p := mustPlan[T](t, c)
	src := newSource(callSeed(t, c))
	g := newGen(src, c)
	g.full = true
	s := &variantSet[T]{g: g, p: p}
	if err := g.value(p, nil, "", reflect.ValueOf(&s.base).Elem()); err != nil {
		t.Fatalf("fakes.%s[%s]: %v", fn, p.Go, err)
	}
	if err := override(&s.base, p, c); err != nil {
		t.Fatalf("fakes.%s[%s]: %v", fn, p.Go, err)
	}
	s.walk(p, nil, rootLoc, reflect.ValueOf(&s.base).Elem(), "", 0)
	for _, sk := range s.skipped {
		t.Logf("fakes.%s[%s]: no variant for %s", fn, p.Go, sk)
	}
	return s.out
}

func (s *variantSet[T]) skip(ptr, rule string) {
	s.skipped = append(s.skipped, fmt.Sprintf("%s %s (no value breaks it alone)", orRoot(ptr), rule))
}

func orRoot(ptr string) string {
	if ptr == "" {
		return "(body)"
	}
	return ptr
}

func variantName(ptr, rule string, valid bool) string {
	n := orRoot(ptr) + " " + rule
	if valid {
		n += " (at the limit)"
	}
	return n
}

// typed adds a variant made by changing the base value at l with set; t is
// the plan of the value at l.
func (s *variantSet[T]) typed(l loc, t *plan.Type, rule string, valid, pair bool, set func(v reflect.Value)) {
	cp := deepCopy(reflect.ValueOf(&s.base).Elem())
	l.mutate(cp, set)
	for _, keeps := range l.guards {
		if !keeps(cp) {
			s.skip(l.ptr, rule)
			return
		}
	}
	var sub any
	l.mutate(cp, func(v reflect.Value) { sub = tree(t, v, true) })
	body := tree(s.p, cp, true)
	value := cp.Addr().Interface().(*T)
	if got, ok := jsonGet(body, l.ptr); !ok || !sameJSON(got, sub) {
		// The T does not say it (omitempty drops a zero value): send the
		// base with this one value replaced.
		value = nil
		var done bool
		if body, done = jsonSet(tree(s.p, reflect.ValueOf(&s.base).Elem(), true), l.ptr, sub); !done {
			s.skip(l.ptr, rule)
			return
		}
	}
	s.add(l.ptr, rule, valid, pair, value, body)
}

// raw adds a JSON-only variant: the base's body changed by edit.
func (s *variantSet[T]) raw(ptr, rule string, pair bool, edit func(body any) (any, bool)) {
	body, ok := edit(tree(s.p, reflect.ValueOf(&s.base).Elem(), true))
	if !ok {
		s.skip(ptr, rule)
		return
	}
	s.add(ptr, rule, false, pair, nil, body)
}

func (s *variantSet[T]) add(ptr, rule string, valid, pair bool, value *T, body any) {
	s.out = append(s.out, variant[T]{Variant: Variant[T]{
		Name: variantName(ptr, rule, valid), Pointer: ptr, Rule: rule, Valid: valid, Value: value, JSON: encode(body),
	}, pair: pair})
}

func sameJSON(a, b any) bool { return string(encode(a)) == string(encode(b)) }

// wrongType is a JSON value of another type than t's (null stays allowed
// for pointers, so it is never used).
func wrongType(t *plan.Type) any {
	for t.Kind == plan.Pointer {
		t = t.Elem
	}
	switch t.Kind {
	case plan.Int, plan.Uint, plan.Float:
		return "12"
	case plan.Bool:
		return "true"
	case plan.Slice, plan.Array:
		return &object{}
	case plan.Map, plan.Struct:
		return []any{}
	}
	return number("12345")
}

// walk adds the variants of the value at l (plan t, rules r, base value cur).
func (s *variantSet[T]) walk(t *plan.Type, r *plan.Rules, l loc, cur reflect.Value, name string, depth int) {
	s.walkTyped(t, r, l, cur, name, depth, true)
}

// walkTyped is walk, with the "type" variant only when typeVariant is set.
func (s *variantSet[T]) walkTyped(t *plan.Type, r *plan.Rules, l loc, cur reflect.Value, name string, depth int, typeVariant bool) {
	if depth > maxDepth {
		return
	}
	if r == nil {
		r = &noRules
	}
	if t.Kind != plan.Raw && typeVariant {
		s.raw(l.ptr, "type", false, func(body any) (any, bool) { return jsonSet(body, l.ptr, wrongType(t)) })
	}
	s.rules(t, r, l, cur, name, depth)
}

func (s *variantSet[T]) rules(t *plan.Type, r *plan.Rules, l loc, cur reflect.Value, name string, depth int) {
	switch t.Kind {
	case plan.Pointer:
		if !cur.IsNil() {
			s.rules(t.Elem, r, l.elem(), cur.Elem(), name, depth)
		}
	case plan.String, plan.Text:
		s.strings(t, r, l, name)
	case plan.Int, plan.Uint, plan.Float:
		s.numbers(t, r, l)
	case plan.Bool:
		if r.Const != nil || len(r.Enum) > 0 {
			rule := "enum"
			if r.Const != nil {
				rule = "const"
			}
			b := !cur.Bool()
			if x := r.CheckBool(b); x != nil && x.Rule == rule {
				s.typed(l, t, rule, false, false, func(v reflect.Value) { v.SetBool(b) })
			} else {
				s.skip(l.ptr, rule)
			}
		}
	case plan.Bytes:
		s.raw(l.ptr, "contentEncoding", false, func(body any) (any, bool) { return jsonSet(body, l.ptr, "not base64!") })
	case plan.Time:
		s.raw(l.ptr, "format", false, func(body any) (any, bool) { return jsonSet(body, l.ptr, "not a date-time") })
	case plan.Slice, plan.Array, plan.Map:
		s.collection(t, r, l, cur)
		if t.Kind == plan.Map {
			if keys := sortedKeys(cur); len(keys) > 0 {
				s.walk(t.Elem, r.Items, l.key(keys[0]), cur.MapIndex(keys[0]), keys[0].String(), depth+1)
			}
		} else if cur.Len() > 0 {
			// The codec leaves an item of the wrong type zero, and checks
			// uniqueItems on it: no "type" variant when that makes a duplicate.
			clash := false
			for i := 1; r.UniqueItems && i < cur.Len(); i++ {
				clash = clash || cur.Index(i).IsZero()
			}
			if clash {
				s.skip(l.ptr+"/0", "type")
			}
			il := l.index(0)
			if r.UniqueItems {
				il = il.guarded(func(root reflect.Value) bool {
					unique := true
					l.mutate(root, func(v reflect.Value) { unique = r.CheckUnique(v) == nil })
					return unique
				})
			}
			s.walkTyped(t.Elem, r.Items, il, cur.Index(0), name, depth+1, !clash)
		}
	case plan.Struct:
		s.object(t, l, cur, depth)
	}
}

func (s *variantSet[T]) object(t *plan.Type, l loc, cur reflect.Value, depth int) {
	for _, f := range t.Fields {
		fl := l.field(f.Wire, f.Index)
		if f.ReadOnly {
			v := reflect.New(f.Type.Go).Elem()
			if err := s.g.value(f.Type, &f.Rules, f.Wire, v); err != nil {
				s.skip(fl.ptr, "readOnly")
				continue
			}
			s.raw(fl.ptr, "readOnly", false, func(body any) (any, bool) { return jsonSet(body, fl.ptr, tree(f.Type, v, true)) })
			continue
		}
		fv, ok := fieldIfSet(cur, f.Index)
		if !ok {
			continue
		}
		if f.Required {
			s.raw(fl.ptr, "required", false, func(body any) (any, bool) { return body, jsonDel(body, fl.ptr) })
		}
		s.walk(f.Type, &f.Rules, fl, fv, f.Wire, depth+1)
	}
	if t.Unknown != 0 { // UnknownForbid, which framework does not export
		key := "unknownProperty"
		for findField(t, key) != nil {
			key += "_"
		}
		ptr := l.ptr + "/" + key
		s.raw(ptr, "additionalProperties", false, func(body any) (any, bool) { return jsonSet(body, ptr, "surprise") })
	}
}

func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j].String() < keys[j-1].String(); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
