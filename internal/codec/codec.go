// Package codec is Starling's JSON codec driven by type plans.
//
// Decode parses a request body straight into a Go value through the field
// offsets of its plan, validating every rule in the same pass and reporting
// every failing field at once. Encode appends the JSON of a value to a buffer.
// ParseText parses path, query, header and cookie parameters.
//
// # Compiled form
//
// The first use of a plan compiles it into a tree of nodes (sizes, offsets,
// element types, field lookup tables, precomputed property keys) that is
// kept with the *plan.Type itself (no process-wide cache: the nodes are freed
// with the plan, and the app that owns it) and read-only afterwards, so
// Decode, Encode and ParseText are safe for concurrent use. Prepare compiles
// eagerly and reports plans the codec cannot handle; the framework calls it
// for every plan when the app is built, so nothing is compiled while serving.
//
// # Decoding decisions
//
//   - A syntax error (malformed JSON, invalid UTF-8, an unescaped control
//     character, trailing data after the value, an empty body) stops decoding
//     and is reported alone, rule "syntax", with the byte Offset and the
//     Pointer of the value being read.
//   - Every other problem is a violation, and decoding goes on so all are
//     reported at once: "type" (wrong JSON type, null for a non-pointer, a
//     number with a fraction for an integer), "minimum"/"maximum" (an integer
//     or float beyond the range of its Go type, as the document publishes the
//     width's bounds), "required", "readOnly", "additionalProperties",
//     "duplicateKeys" (a declared property or map key given twice; the first
//     value is kept), "format" (times, and Text kinds whose UnmarshalText
//     fails), "contentEncoding" (bytes that are not
//     standard base64), "minItems"/"maxItems" (arrays of fixed length),
//     "uniqueItems", and the rules checked by package plan.
//   - Integers may be written with a fraction or exponent when the value is
//     integral (1.0, 1e2), as JSON Schema's "integer" allows.
//   - Strings must be valid UTF-8, raw or escaped: invalid bytes and unpaired
//     \u surrogate escapes are syntax errors (I-JSON, RFC 7493), so no data is
//     ever replaced silently.
//   - Decoding stops once more than MaxViolations (100) violations are
//     collected, and those are returned; property names in a violation's
//     Pointer are cut to 128 bytes and messages to 512, marked with "…".
//     So an error never costs many times the size of the body it is about.
//   - Nesting deeper than the plan's MaxDepth (DefaultMaxDepth when 0) stops
//     decoding with one violation, rule "maxDepth"; the decoder's recursion is
//     bounded by that depth.
//   - null is accepted only for pointers (set to nil) and Raw (kept as null);
//     slices, maps, bytes and every other kind refuse it with rule "type", so
//     a non-pointer field is never null on either side.
//   - Required read-only properties are not required in requests (they are
//     refused there); Partial plans require nothing.
//   - Absent properties are left untouched in the destination (decoding onto an
//     existing model applies a PATCH when the plan is Partial). A non-nil
//     pointer to a Partial struct is merged into a fresh copy of its target;
//     other pointers get a fresh zero target. Slices and maps are always
//     allocated anew (one allocation per slice), never reused.
//   - Decoded strings without escapes alias the input (unsafe.String); the
//     caller must not modify the input afterwards. Raw values and bytes are
//     copied.
//
// # Encoding decisions
//
// Properties in plan order; WriteOnly fields never written; OmitEmpty leaves
// out zero values (false, 0, "", nil, empty slices and maps, the zero time,
// structs and arrays whose bytes are all zero). Nil slices encode as [] and nil
// maps as {}, so only pointers and Raw encode as null. Map keys are sorted.
// Strings are escaped per RFC 8259 without HTML escaping; invalid UTF-8 becomes
// \ufffd. Floats use the shortest representation in encoding/json's format;
// NaN and infinities are errors. Times are RFC 3339 with nanoseconds, years
// outside 0–9999 are errors. Bytes are standard base64. Text kinds
// (encoding.TextMarshaler) are JSON strings of their MarshalText. Raw values are
// syntax-checked and copied as they are.
package codec

import (
	"encoding"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/starling-http/starling/internal/plan"
)

// node is the compiled form of one plan.Type, shared by decoder and encoder.
type node struct {
	t     *plan.Type
	kind  plan.Kind
	typ   reflect.Type
	rtype unsafe.Pointer // *abi.Type of typ, for allocating arrays of it
	size  uintptr
	elem  *node // Slice, Array, Map, Pointer

	// Struct.
	fields   []field
	byName   map[string]int // for structs with many fields
	reqCount int            // number of required fields
	forbid   bool           // UnknownForbid
	partial  bool

	maxDepth int
	keyType  reflect.Type // Map
}

// field is one compiled struct property.
type field struct {
	wire      string
	offset    uintptr
	indirect  bool
	index     []int
	node      *node
	rules     *plan.Rules // nil when the field has no rules
	required  bool
	readOnly  bool
	writeOnly bool
	omitEmpty bool
	key       []byte // `,"wire":` escaped, for the encoder
}

// manyFields is the field count from which a struct gets a lookup map.
const manyFields = 12

// cached returns the node compiled for t, if t holds one. The node is kept
// with the plan (plan.Type.StoreCompiled), so it lives exactly as long as the
// plan, and a copy of a plan (which carries the original's pointer) is
// recompiled rather than trusted.
func cached(t *plan.Type) (*node, bool) {
	if t == nil {
		return nil, false
	}
	n := (*node)(t.Compiled())
	if n == nil || n.t != t {
		return nil, false
	}
	return n, true
}

// Prepare compiles t for the codec and keeps the result with t, reporting a
// plan the codec cannot handle. The framework calls it for every plan when
// the app is built, so that nothing is compiled while serving; Decode,
// Encode and ParseText compile a plan that was not prepared on first use.
func Prepare(t *plan.Type) error {
	_, err := nodeFor(t)
	return err
}

// Prepared reports whether t holds its compiled form.
func Prepared(t *plan.Type) bool {
	_, ok := cached(t)
	return ok
}

func nodeFor(t *plan.Type) (*node, error) {
	if n, ok := cached(t); ok {
		return n, nil
	}
	if t == nil {
		return nil, fmt.Errorf("codec: nil plan")
	}
	// Two goroutines may compile the same plan at once; both results are
	// correct, and publishing either is fine.
	c := compiler{built: map[*plan.Type]*node{}}
	n, err := c.build(t)
	if err != nil {
		return nil, err
	}
	for pt, pn := range c.built {
		pt.StoreCompiled(unsafe.Pointer(pn))
	}
	return n, nil
}

type compiler struct {
	built map[*plan.Type]*node
}

func (c *compiler) build(t *plan.Type) (*node, error) {
	if t == nil {
		return nil, fmt.Errorf("codec: nil plan")
	}
	if n, ok := cached(t); ok {
		return n, nil
	}
	if n, ok := c.built[t]; ok {
		return n, nil
	}
	if t.Go == nil {
		return nil, fmt.Errorf("codec: plan %q has no Go type", t.Name)
	}
	n := &node{t: t, kind: t.Kind, typ: t.Go, rtype: rtypeOf(t.Go), size: t.Go.Size(),
		partial: t.Partial, forbid: t.Unknown == plan.UnknownForbid, maxDepth: t.MaxDepth}
	if n.maxDepth <= 0 {
		n.maxDepth = plan.DefaultMaxDepth
	}
	c.built[t] = n
	bad := func(format string, args ...any) error {
		return fmt.Errorf("codec: plan %s (%s): %s", t.Name, t.Go, fmt.Sprintf(format, args...))
	}
	gk := t.Go.Kind()
	switch t.Kind {
	case plan.Bool:
		if gk != reflect.Bool {
			return nil, bad("kind Bool for Go kind %s", gk)
		}
	case plan.Int:
		if gk < reflect.Int || gk > reflect.Int64 {
			return nil, bad("kind Int for Go kind %s", gk)
		}
	case plan.Uint:
		if gk < reflect.Uint || gk > reflect.Uint64 {
			return nil, bad("kind Uint for Go kind %s", gk)
		}
	case plan.Float:
		if gk != reflect.Float32 && gk != reflect.Float64 {
			return nil, bad("kind Float for Go kind %s", gk)
		}
	case plan.String:
		if gk != reflect.String {
			return nil, bad("kind String for Go kind %s", gk)
		}
	case plan.Bytes, plan.Raw:
		if gk != reflect.Slice || t.Go.Elem().Kind() != reflect.Uint8 {
			return nil, bad("kind Bytes/Raw for Go type %s", t.Go)
		}
	case plan.Text:
		pt := reflect.PointerTo(t.Go)
		if !pt.Implements(textMarshalerType) || !pt.Implements(textUnmarshalerType) {
			return nil, bad("kind Text without MarshalText and UnmarshalText")
		}
	case plan.Time:
		if t.Go != timeType {
			return nil, bad("kind Time for Go type %s", t.Go)
		}
	case plan.Slice, plan.Array, plan.Pointer, plan.Map:
		want := map[plan.Kind]reflect.Kind{plan.Slice: reflect.Slice, plan.Array: reflect.Array,
			plan.Pointer: reflect.Pointer, plan.Map: reflect.Map}[t.Kind]
		if gk != want {
			return nil, bad("kind %d for Go kind %s", t.Kind, gk)
		}
		if t.Kind == plan.Array && t.Go.Len() != t.Len {
			return nil, bad("array length %d, plan says %d", t.Go.Len(), t.Len)
		}
		if t.Kind == plan.Map {
			if t.Go.Key().Kind() != reflect.String {
				return nil, bad("map key must be a string type")
			}
			n.keyType = t.Go.Key()
		}
		if t.Elem == nil || t.Elem.Go != t.Go.Elem() {
			return nil, bad("element plan does not match %s", t.Go.Elem())
		}
		e, err := c.build(t.Elem)
		if err != nil {
			return nil, err
		}
		n.elem = e
	case plan.Struct:
		if gk != reflect.Struct {
			return nil, bad("kind Struct for Go kind %s", gk)
		}
		n.fields = make([]field, len(t.Fields))
		for i, pf := range t.Fields {
			if pf == nil || pf.Type == nil {
				return nil, bad("field %d has no plan", i)
			}
			if ft, ok := fieldType(t.Go, pf.Index); !ok || ft != pf.Type.Go {
				return nil, bad("field %s does not match the Go type", pf.GoName)
			}
			if !pf.Indirect && pf.Offset+pf.Type.Go.Size() > n.size {
				return nil, bad("field %s offset out of range", pf.GoName)
			}
			fn, err := c.build(pf.Type)
			if err != nil {
				return nil, err
			}
			f := field{wire: pf.Wire, offset: pf.Offset, indirect: pf.Indirect, index: pf.Index,
				node: fn, required: pf.Required && !t.Partial && !pf.ReadOnly, readOnly: pf.ReadOnly,
				writeOnly: pf.WriteOnly, omitEmpty: pf.OmitEmpty}
			if !reflect.ValueOf(pf.Rules).IsZero() {
				f.rules = &pf.Rules
			}
			f.key = appendString(append([]byte(nil), ','), pf.Wire)
			f.key = append(f.key, ':')
			if f.required {
				n.reqCount++
			}
			n.fields[i] = f
		}
		if len(n.fields) >= manyFields {
			n.byName = make(map[string]int, len(n.fields))
			for i, f := range n.fields {
				if _, dup := n.byName[f.wire]; !dup {
					n.byName[f.wire] = i
				}
			}
		}
	default:
		return nil, bad("unsupported kind %d", t.Kind)
	}
	return n, nil
}

// fieldType walks a field index path through structs and embedded pointers.
func fieldType(t reflect.Type, index []int) (reflect.Type, bool) {
	for i, x := range index {
		if i > 0 && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || x < 0 || x >= t.NumField() {
			return nil, false
		}
		t = t.Field(x).Type
	}
	return t, len(index) > 0
}

var (
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// lookup returns the index of the field named key, trying hint first (the
// field after the previous one, as bodies usually follow declaration order).
func (n *node) lookup(key []byte, hint int) int {
	if hint < len(n.fields) && n.fields[hint].wire == string(key) {
		return hint
	}
	if n.byName != nil {
		if i, ok := n.byName[string(key)]; ok {
			return i
		}
		return -1
	}
	for i := range n.fields {
		if n.fields[i].wire == string(key) {
			return i
		}
	}
	return -1
}
