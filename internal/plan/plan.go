package plan

import (
	"reflect"
	"regexp"
	"strconv"
	"sync/atomic"
	"unsafe"
)

// Kind is the wire kind of a planned type.
type Kind uint8

// The wire kinds. Every Go type a plan accepts maps to exactly one.
const (
	Invalid Kind = iota
	Bool
	Int    // int, int8, int16, int32, int64 (Bits says which width)
	Uint   // uint, uint8, uint16, uint32, uint64, uintptr is refused
	Float  // float32, float64 (Bits)
	String // string and named string types
	Bytes  // []byte, base64 (standard encoding) on the wire
	Time   // time.Time, RFC 3339 on the wire (format date-time)
	Slice  // []T (not []byte): a JSON array
	Array  // [N]T: a JSON array of exactly N items
	Map    // map[string]T (or a named string key type): a JSON object
	Struct // a JSON object with declared properties
	Pointer
	// Raw is json.RawMessage: any JSON value, passed through after a syntax check.
	Raw
	// Text is a type that implements both encoding.TextMarshaler and
	// encoding.TextUnmarshaler (uuid.UUID, netip.Addr, a named type with
	// MarshalText): on the wire a JSON string produced by MarshalText and read
	// by UnmarshalText, as encoding/json does. String rules (lengths, pattern,
	// format, enum, const) apply to the text. A codec that does not handle Text
	// must refuse it rather than treat the Go value as a string.
	Text
)

// String returns the kind's lower-case name ("int", "struct", …).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

var kindNames = [...]string{
	Invalid: "invalid", Bool: "bool", Int: "int", Uint: "uint", Float: "float",
	String: "string", Bytes: "bytes", Time: "time", Slice: "slice", Array: "array",
	Map: "map", Struct: "struct", Pointer: "pointer", Raw: "raw", Text: "text",
}

// Type is the compiled plan of one Go type in one direction-independent
// configuration (a DTO configuration yields its own Type).
type Type struct {
	// Go is the Go type the plan describes (for a DTO, the model's type).
	Go reflect.Type
	// Kind is the wire kind.
	Kind Kind
	// Name is the readable component name (TypeName: the Go type name with
	// generic arguments flattened, "" for unnamed and predeclared types; DTOs
	// get DTOConfig.Name or the model name, nested derived types the DTO name
	// plus their Go type name). Names are not unique across packages.
	Name string
	// Bits is the width of Int, Uint and Float kinds (8, 16, 32, 64).
	Bits int
	// Elem is the element of Slice, Array, Map and Pointer kinds.
	Elem *Type
	// Len is the length of an Array kind.
	Len int
	// Fields are the wire properties of a Struct kind, in declaration order,
	// embedded structs flattened, excluded and private fields removed.
	Fields []*Field
	// Unknown is what a Struct does with properties it does not declare.
	Unknown UnknownPolicy
	// MaxDepth bounds the nesting of values of this type when decoding
	// (0 means the package default, DefaultMaxDepth).
	MaxDepth int
	// Partial marks a DTO compiled for PATCH: every field is optional, and
	// pointer fields tell an absent value from an explicit null.
	Partial bool
	// DTO is true for a plan derived through a DTOConfig (the root and every
	// nested type the configuration changed). Its Go type is the model's, so
	// the plain plan of the same Go type may exist beside it under the same
	// Name; whoever names document components must keep them apart.
	DTO bool

	// compiled is the codec's compiled form of this plan (see Compiled). It
	// lives on the plan, not in a process-wide cache, so it is freed with
	// the app that owns the plan.
	compiled unsafe.Pointer
}

// Compiled returns what a codec stored with StoreCompiled, or nil. A copy of
// a Type (a DTO substitution clones and edits one) carries the original's
// pointer, so the codec must check that what it gets was built for t.
func (t *Type) Compiled() unsafe.Pointer { return atomic.LoadPointer(&t.compiled) }

// StoreCompiled keeps a codec's compiled form with the plan; safe for
// concurrent use, the last store wins.
func (t *Type) StoreCompiled(p unsafe.Pointer) { atomic.StorePointer(&t.compiled, p) }

// DefaultMaxDepth is how deep objects and arrays may nest in one request body.
const DefaultMaxDepth = 64

// UnknownPolicy says what a struct does with undeclared properties.
type UnknownPolicy uint8

const (
	// UnknownIgnore skips undeclared properties after a syntax check.
	UnknownIgnore UnknownPolicy = iota
	// UnknownForbid reports each undeclared property as a violation (rule
	// "additionalProperties").
	UnknownForbid
)

// Field is one wire property of a struct plan.
type Field struct {
	// GoName is the Go field name; fields promoted from embedded structs keep
	// their own name (never dotted), as Go selectors do.
	GoName string
	// Wire is the JSON property name after DTO renames.
	Wire string
	// Index is the reflect field index path from the outer struct (len > 1
	// for fields promoted from embedded structs).
	Index []int
	// Offset is the byte offset of the field from the start of the outer
	// struct, valid when the path crosses no pointer (Indirect is false; it
	// is 0 otherwise).
	Offset uintptr
	// Indirect is true when Index crosses an embedded pointer; codecs must
	// then walk Index with reflect.
	Indirect bool
	// Type is the plan of the field's Go type.
	Type *Type
	// Rules are the constraints from the field's `validate` tag; for a
	// pointer field they apply to the value it points to.
	Rules Rules
	// Required means a request must contain the property (the rule
	// "required" in the validate tag). For a pointer field the property must
	// be present but may be null. Never set on ReadOnly or WriteOnly fields
	// or in Partial DTOs.
	Required bool
	// OmitEmpty means the encoder leaves the property out when it holds its
	// zero value (json tag omitempty or omitzero), so responses may lack it.
	OmitEmpty bool
	// ReadOnly fields are written in responses and refused in requests (rule
	// "readOnly").
	ReadOnly bool
	// WriteOnly fields are read from requests and never written in responses.
	WriteOnly bool
	// Description comes from the `doc` tag, for the document.
	Description string
}

// Rules are the constraints on one value. Each field maps one to one to a
// JSON Schema 2020-12 keyword; nil pointers and zero values mean "no rule".
type Rules struct {
	MinLength, MaxLength *int // in Unicode code points
	Minimum, Maximum     *Number
	ExclusiveMinimum     *Number
	ExclusiveMaximum     *Number
	MultipleOf           *Number
	Pattern              *regexp.Regexp // RE2, unanchored as in JSON Schema
	Enum                 []Value
	Const                *Value
	Format               Format
	MinItems, MaxItems   *int
	UniqueItems          bool
	MinProperties        *int
	MaxProperties        *int
	// Items are rules on each element of a slice, array or map value,
	// written in the tag after "dive" (validate:"maxItems=10,dive,maxLength=20").
	Items *Rules
}

// Number is a numeric bound kept exactly: integers as int64 (or uint64 when
// above MaxInt64) and everything else as float64. Text is the literal as written
// in the tag (always a valid JSON number), used verbatim in the document.
//
// Float is always set (for float fields it is rounded to the field's width, so
// maximum=0.1 on a float32 accepts float32(0.1)). IsInt/Int are set whenever
// the literal is an integer that fits int64 ("1e3" included), IsUint/Uint when
// it is an integer above MaxInt64 that fits uint64.
type Number struct {
	Text   string
	IsInt  bool
	Int    int64
	IsUint bool
	Uint   uint64
	Float  float64
}

// Value is one enum or const literal, typed by the kind of the value it
// constrains. Text is the literal as written in the tag. Kind is String for
// String and Text plans (String holds the value), Int (Int), Uint (Uint),
// Float (Float, rounded to the field's width) or Bool (Bool).
type Value struct {
	Text   string
	Kind   Kind
	String string
	Int    int64
	Uint   uint64
	Float  float64
	Bool   bool
}

// Format is a JSON Schema format that the codec asserts.
type Format string

// The formats the codec asserts. Every one of them is checked, never just documented.
const (
	FormatNone     Format = ""
	FormatEmail    Format = "email"
	FormatURI      Format = "uri"
	FormatUUID     Format = "uuid"
	FormatDateTime Format = "date-time"
	FormatDate     Format = "date"
	FormatTime     Format = "time"
	FormatIPv4     Format = "ipv4"
	FormatIPv6     Format = "ipv6"
	FormatHostname Format = "hostname"
)

// Violation is one broken rule at one place in a value.
type Violation struct {
	// Pointer is the RFC 6901 JSON pointer of the value ("/address/zip";
	// "" is the whole document).
	Pointer string
	// Rule is the JSON Schema keyword that was broken ("maxLength",
	// "required", "type", "additionalProperties", "readOnly", "format", …)
	// or "syntax" for malformed JSON.
	Rule string
	// Message says what was wrong, for people.
	Message string
	// Value is the rejected value as text, truncated, empty when it is not safe
	// to echo (WriteOnly fields such as passwords) or not a scalar.
	Value string
	// Offset is the byte offset in the body for syntax errors, -1 otherwise.
	Offset int
}
