package framework

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"

	"github.com/starling-http/starling/internal/plan"
)

// This file turns type plans into JSON Schema 2020-12 (the dialect of
// OpenAPI 3.1). The codec reads the same plans, so every keyword written here
// is one the codec enforces, and every rule the codec enforces is written:
//
//   - bool, string: boolean / string; []byte: string with contentEncoding
//     base64; time.Time: string, format date-time; json.RawMessage: {} (any
//     value, null included). Text kinds (encoding.TextMarshaler) are strings
//     with their rules; what their UnmarshalText refuses (netip.Addr's
//     syntax, say) is the one check JSON Schema cannot say in general, and
//     is left out.
//   - Integers: type integer; format int32 for widths that fit it, int64 for
//     int64 and uint32; minimum and maximum of the width for every width
//     below 64 bits; uint and uint64 get minimum 0 and no format (int64
//     would be a lie) and no maximum (JSON Schema validators read numbers as
//     float64, where 2^64-1 rounds up, and would refuse it). A rule's bound
//     replaces the width's.
//   - Floats: type number, format float or double.
//   - Pointers: nullable. type [T, "null"] (null added to an enum), or
//     anyOf [schema, {type: null}] for references and const.
//   - Slices and arrays: type array with items; an array [N]T has minItems
//     and maxItems N. Nil slices and maps are encoded as [] and {}, never null.
//   - Maps: type object with additionalProperties for the values.
//   - Named structs: a $ref to a component (see component naming below);
//     anonymous structs are inlined. A named string or integer type used
//     with an enum rule is a $ref to one component too (schema_enum.go).
//   - Rules: each plan.Rules field is its keyword (minLength, maximum,
//     exclusiveMinimum, multipleOf, pattern, enum, const, format, minItems,
//     uniqueItems, minProperties …); Items rules go to items or
//     additionalProperties. Bounds keep the literal of the validate tag.
//
// # Views and component names
//
// A struct has a request view and a response view. They differ when a field
// is WriteOnly (left out of responses) or when the required lists differ:
// a request requires the fields tagged required, a response requires every
// field the encoder always writes (not omitempty, not write-only). A ReadOnly
// field is left out of the request view when the type refuses unknown
// properties (UnknownForbid gives additionalProperties: false in both
// views), else it stays there marked readOnly; either way a request that
// sends it gets a 400. readOnly and writeOnly are written in a response
// view only when one component serves both directions: a response-only
// schema marked readOnly makes generators turn required fields into pointers.
//
// A component is named by its plan's Name (the Go type name with generic
// arguments flattened, or the DTO's Name). A type used in only one direction
// has one component under that name. A type used in both directions whose
// views differ (itself or any struct it reaches) has two: Name for responses
// and Name+"Input" for requests. Two different types that would get one name
// (two packages' User, a DTO named like a plain type, a type named like
// another's Input view), or two DTO configurations of one model that both
// take the model's name, are a build error that names both: there is no
// silent disambiguation, so names depend only on the types and on the
// directions they are used in. Rename one, or give its DTO a Name.

// view is the direction a schema describes.
type view uint8

const (
	viewRequest view = 1 << iota
	viewResponse
)

// compKey identifies the type behind a component. Plans are compared by key,
// not by pointer: a DTO substituted into a generic result clones the plans
// around it once per route, and the clones are one component.
type compKey struct {
	name string
	goT  reflect.Type
	dto  bool
}

func keyOf(t *plan.Type) compKey { return compKey{t.Name, t.Go, t.DTO} }

// component is one entry of components/schemas.
type component struct {
	name   string
	key    compKey
	schema *object
	json   []byte // the schema's bytes, to compare another plan's with
}

// schemaSet builds the schemas of one document and its components.
type schemaSet struct {
	uses   map[compKey]view   // the views each component type is used in
	where  map[compKey]string // the first route that used it, for errors
	differ map[*plan.Type]bool
	byName map[string]*component
	done   map[*plan.Type]map[view]string // plan and view -> component name
	errs   []error
	// examples, when set, makes each component's example.
	examples ExampleFunc
}

func newSchemaSet(examples ExampleFunc) *schemaSet {
	return &schemaSet{examples: examples,
		uses: map[compKey]view{}, where: map[compKey]string{}, differ: map[*plan.Type]bool{},
		byName: map[string]*component{}, done: map[*plan.Type]map[view]string{},
	}
}

// isComponent reports whether t is written as a component.
func isComponent(t *plan.Type) bool { return t.Kind == plan.Struct && t.Name != "" }

// mark records that t is used in view v (first pass, before any schema is
// written: names depend on every use).
func (s *schemaSet) mark(t *plan.Type, v view, where string) {
	s.markSeen(t, v, where, map[*plan.Type]bool{})
}

func (s *schemaSet) markSeen(t *plan.Type, v view, where string, seen map[*plan.Type]bool) {
	for t.Elem != nil {
		t = t.Elem
	}
	if t.Kind != plan.Struct || seen[t] {
		return
	}
	seen[t] = true
	if isComponent(t) {
		k := keyOf(t)
		s.uses[k] |= v
		if _, ok := s.where[k]; !ok {
			s.where[k] = where
		}
	}
	for _, f := range t.Fields {
		if v == viewResponse && f.WriteOnly {
			continue
		}
		s.markSeen(f.Type, v, where, seen)
	}
}

// localDiffer reports whether struct t's own views differ.
func localDiffer(t *plan.Type) bool {
	for _, f := range t.Fields {
		if f.WriteOnly || f.Required != responseRequired(f) || requestOmits(t, f) {
			return true
		}
	}
	return false
}

// requestOmits reports whether the request view of struct t leaves field f
// out. A read-only field is left out where the schema refuses undeclared
// properties anyway (additionalProperties: false), so generated request
// types never offer it; elsewhere it stays, marked readOnly, because the
// schema must still say that sending it is refused.
func requestOmits(t *plan.Type, f *plan.Field) bool {
	return f.ReadOnly && t.Unknown == plan.UnknownForbid
}

// sharedComponent reports whether struct t's one component serves both
// directions, the only place where readOnly and writeOnly say something: a
// response-only schema marked readOnly makes generators turn its required
// fields into pointers.
func (s *schemaSet) sharedComponent(t *plan.Type) bool {
	return !isComponent(t) || s.uses[keyOf(t)] == viewRequest|viewResponse && !s.deepDiffer(t)
}

func responseRequired(f *plan.Field) bool { return !f.OmitEmpty && !f.WriteOnly }

// deepDiffer reports whether t or any struct it reaches has differing views.
func (s *schemaSet) deepDiffer(t *plan.Type) bool {
	if d, ok := s.differ[t]; ok {
		return d
	}
	seen := map[*plan.Type]bool{}
	var walk func(t *plan.Type) bool
	walk = func(t *plan.Type) bool {
		for t.Elem != nil {
			t = t.Elem
		}
		if t.Kind != plan.Struct || seen[t] {
			return false
		}
		seen[t] = true
		if localDiffer(t) {
			return true
		}
		for _, f := range t.Fields {
			if walk(f.Type) {
				return true
			}
		}
		return false
	}
	d := walk(t)
	s.differ[t] = d
	return d
}

// viewOf picks the view of t's component that describes t in view v: v
// itself when the type is used both ways and its views differ, else the one
// view it has (the response view when both are the same).
func (s *schemaSet) viewOf(t *plan.Type, v view) view {
	switch u := s.uses[keyOf(t)]; {
	case u == viewRequest|viewResponse && s.deepDiffer(t):
		return v
	case u == viewRequest:
		return viewRequest
	}
	return viewResponse
}

// ref returns the $ref of t's component in view v, writing the component on
// first use.
func (s *schemaSet) ref(t *plan.Type, v view) string {
	cv := s.viewOf(t, v)
	if name, ok := s.done[t][cv]; ok {
		return "#/components/schemas/" + name
	}
	k := keyOf(t)
	name := t.Name
	if cv == viewRequest && s.uses[k] == viewRequest|viewResponse {
		name += "Input"
	}
	if s.done[t] == nil {
		s.done[t] = map[view]string{}
	}
	s.done[t][cv] = name
	prev, dup := s.byName[name]
	if dup && prev.key != k {
		s.errs = append(s.errs, fmt.Errorf("openapi: the component name %q is claimed by %s (first used by %s) and by %s (first used by %s); two types cannot share a name: rename one, or give its DTO another name with framework.Name",
			name, describeKey(prev.key), s.where[prev.key], describeKey(k), s.where[k]))
		return "#/components/schemas/" + name
	}
	c := &component{name: name, key: k}
	if !dup {
		s.byName[name] = c // before the schema: recursive types find it
	}
	c.schema = s.structSchema(t, cv)
	c.json = marshalJSON(c.schema)
	if !dup {
		return "#/components/schemas/" + name
	}
	if prev.json != nil && !bytes.Equal(prev.json, c.json) {
		s.errs = append(s.errs, fmt.Errorf("openapi: the component name %q is claimed by two different shapes of %s (first used by %s): give the DTOs different names with framework.Name",
			name, describeKey(k), s.where[k]))
	}
	return "#/components/schemas/" + name
}

// describeKey names a component's Go type (and DTO) for build errors.
func describeKey(k compKey) string {
	g := k.goT.String()
	if k.goT.PkgPath() != "" {
		g = k.goT.PkgPath() + "." + k.goT.Name()
	}
	if k.dto {
		return fmt.Sprintf("the DTO %q of %s", k.name, g)
	}
	return g
}

// origin names the Go type behind component name ("" when unknown).
func (s *schemaSet) origin(name string) string {
	c, ok := s.byName[name]
	if !ok || c.key.goT == nil {
		return ""
	}
	return c.key.goT.PkgPath() + "." + c.key.goT.String()
}

// components returns the component schemas sorted by name.
func (s *schemaSet) components() *object {
	o := obj()
	for _, name := range slices.Sorted(maps.Keys(s.byName)) {
		o.set(name, s.byName[name].schema)
	}
	return o
}

var noRules plan.Rules

// schema returns the schema of a value of plan t under rules r in view v.
// Each call returns a fresh object, so callers may add siblings to it.
func (s *schemaSet) schema(t *plan.Type, r *plan.Rules, v view) *object {
	if r == nil {
		r = &noRules
	}
	o := obj()
	switch t.Kind {
	case plan.Pointer:
		return nullable(s.schema(t.Elem, r, v))
	case plan.Bool:
		o.set("type", "boolean")
		enumConst(o, r)
	case plan.Int, plan.Uint:
		integerSchema(o, t, r)
	case plan.Float:
		o.set("type", "number")
		if t.Bits == 32 {
			o.set("format", "float")
		} else {
			o.set("format", "double")
		}
		enumConst(o, r)
		numberRules(o, r)
	case plan.String, plan.Text:
		o.set("type", "string")
		if r.Format != plan.FormatNone {
			o.set("format", string(r.Format))
		}
		enumConst(o, r)
		stringRules(o, r)
	case plan.Bytes:
		o.set("type", "string").set("contentEncoding", "base64")
	case plan.Time:
		o.set("type", "string").set("format", "date-time")
	case plan.Raw:
		// any JSON value
	case plan.Slice, plan.Array:
		o.set("type", "array").set("items", s.schema(t.Elem, r.Items, v))
		minItems, maxItems := r.MinItems, r.MaxItems
		if t.Kind == plan.Array {
			n := t.Len
			minItems, maxItems = &n, &n
		}
		if minItems != nil {
			o.set("minItems", *minItems)
		}
		if maxItems != nil {
			o.set("maxItems", *maxItems)
		}
		if r.UniqueItems {
			o.set("uniqueItems", true)
		}
	case plan.Map:
		o.set("type", "object").set("additionalProperties", s.schema(t.Elem, r.Items, v))
		propertyCounts(o, r)
	case plan.Struct:
		if isComponent(t) {
			o.set("$ref", s.ref(t, v))
		} else {
			o = s.structSchema(t, v)
		}
		propertyCounts(o, r)
	default:
		s.errs = append(s.errs, fmt.Errorf("openapi: %s: the plan kind %s has no JSON Schema", t.Go, t.Kind))
	}
	if enumComponent(t, r) {
		return s.enumRef(t, o)
	}
	return o
}

// structSchema writes the object schema of struct t in view v.
func (s *schemaSet) structSchema(t *plan.Type, v view) *object {
	o := obj().set("type", "object")
	props := obj()
	var required []any
	shared := s.sharedComponent(t)
	for _, f := range t.Fields {
		if v == viewResponse && f.WriteOnly || v == viewRequest && requestOmits(t, f) {
			continue
		}
		fs := s.schema(f.Type, &f.Rules, v)
		if f.Description != "" {
			fs = obj().set("description", f.Description).merge(fs)
		}
		if f.ReadOnly && (shared || v == viewRequest) {
			fs.set("readOnly", true)
		}
		if f.WriteOnly {
			fs.set("writeOnly", true)
		}
		props.set(f.Wire, fs)
		if (v == viewRequest && f.Required) || (v == viewResponse && responseRequired(f)) {
			required = append(required, f.Wire)
		}
	}
	if props.len() > 0 {
		o.set("properties", props)
	}
	if len(required) > 0 {
		o.set("required", required)
	}
	if t.Unknown == plan.UnknownForbid {
		o.set("additionalProperties", false)
	}
	if isComponent(t) {
		ex, err := s.example(t, v)
		if err != nil {
			s.errs = append(s.errs, err)
		} else if ex != nil {
			o.set("examples", []any{ex})
		}
	}
	return o
}

// merge copies every key of other into o, in other's order.
func (o *object) merge(other *object) *object {
	for i, k := range other.keys {
		o.set(k, other.vals[i])
	}
	return o
}

// nullable lets s also accept null.
func nullable(s *object) *object {
	if s.len() == 0 {
		return s // {} accepts null already
	}
	if typ, ok := s.get("type").(string); ok && !s.has("const") {
		s.set("type", []any{typ, "null"})
		if e, ok := s.get("enum").([]any); ok {
			s.set("enum", append(e, nil))
		}
		return s
	}
	if anyOf, ok := s.get("anyOf").([]any); ok && s.len() == 1 {
		for _, a := range anyOf {
			if a, ok := a.(*object); ok && a.len() == 1 && a.get("type") == "null" {
				return s
			}
		}
	}
	return obj().set("anyOf", []any{s, obj().set("type", "null")})
}

// integerSchema writes an integer of t's width: format and the width's
// bounds, replaced by the rule's where the rule sets one.
func integerSchema(o *object, t *plan.Type, r *plan.Rules) {
	o.set("type", "integer")
	signed := t.Kind == plan.Int
	switch {
	case signed && t.Bits <= 32, !signed && t.Bits <= 16:
		o.set("format", "int32")
	case signed, t.Bits == 32:
		o.set("format", "int64")
	}
	enumConst(o, r)
	var lo, hi any
	switch {
	case signed && t.Bits < 64:
		lo, hi = -(1 << (t.Bits - 1)), (1<<(t.Bits-1))-1
	case signed:
	case t.Bits < 64:
		lo, hi = 0, (1<<t.Bits)-1
	default:
		// No maximum: validators read JSON numbers as float64, in which
		// 2^64-1 rounds to 2^64, so they would refuse the largest values.
		lo = 0
	}
	if r.Minimum != nil {
		lo = jsonNumber(r.Minimum.Text)
	}
	if lo != nil {
		o.set("minimum", lo)
	}
	if r.ExclusiveMinimum != nil {
		o.set("exclusiveMinimum", jsonNumber(r.ExclusiveMinimum.Text))
	}
	if r.Maximum != nil {
		hi = jsonNumber(r.Maximum.Text)
	}
	if hi != nil {
		o.set("maximum", hi)
	}
	if r.ExclusiveMaximum != nil {
		o.set("exclusiveMaximum", jsonNumber(r.ExclusiveMaximum.Text))
	}
	if r.MultipleOf != nil {
		o.set("multipleOf", jsonNumber(r.MultipleOf.Text))
	}
}

func numberRules(o *object, r *plan.Rules) {
	for _, b := range []struct {
		key string
		n   *plan.Number
	}{
		{"minimum", r.Minimum}, {"exclusiveMinimum", r.ExclusiveMinimum},
		{"maximum", r.Maximum}, {"exclusiveMaximum", r.ExclusiveMaximum},
		{"multipleOf", r.MultipleOf},
	} {
		if b.n != nil {
			o.set(b.key, jsonNumber(b.n.Text))
		}
	}
}

func stringRules(o *object, r *plan.Rules) {
	if r.MinLength != nil {
		o.set("minLength", *r.MinLength)
	}
	if r.MaxLength != nil {
		o.set("maxLength", *r.MaxLength)
	}
	if r.Pattern != nil {
		o.set("pattern", r.Pattern.String())
	}
}

func propertyCounts(o *object, r *plan.Rules) {
	if r.MinProperties != nil {
		o.set("minProperties", *r.MinProperties)
	}
	if r.MaxProperties != nil {
		o.set("maxProperties", *r.MaxProperties)
	}
}

// enumConst writes enum and const with values of the plan's type.
func enumConst(o *object, r *plan.Rules) {
	if len(r.Enum) > 0 {
		vals := make([]any, len(r.Enum))
		for i, v := range r.Enum {
			vals[i] = valueOf(v)
		}
		o.set("enum", vals)
	}
	if r.Const != nil {
		o.set("const", valueOf(*r.Const))
	}
}

// valueOf is an enum or const literal as a document value.
func valueOf(v plan.Value) any {
	switch v.Kind {
	case plan.String:
		return v.String
	case plan.Bool:
		return v.Bool
	case plan.Int:
		return jsonNumber(strconv.FormatInt(v.Int, 10))
	case plan.Uint:
		return jsonNumber(strconv.FormatUint(v.Uint, 10))
	default:
		return jsonNumber(v.Text)
	}
}
