// Package plan compiles Go types into type plans: the one description of a
// type's wire shape and constraints that drives decoding with validation,
// encoding, the JSON Schema in the OpenAPI document and fixture generation.
//
// A plan is compiled once, when the app is built, by a [Compiler], and is
// read-only afterwards, so it is safe for concurrent use by every request.
// Everything a plan cannot describe faithfully is refused when it is compiled,
// with an error that names the path of the offending field
// ("CreateUser.Meta: map[int]string: map keys must be strings").
//
// # Types
//
// bool; int, int8 … int64 and uint, uint8 … uint64 (uintptr is refused);
// float32, float64; string and named string types; []byte (base64);
// time.Time (RFC 3339); slices; arrays; maps with string (or named string)
// keys; structs; pointers (optional and nullable); json.RawMessage (any JSON).
// Types implementing encoding.TextMarshaler and encoding.TextUnmarshaler are
// JSON strings (kind [Text]). Interfaces (other than json.RawMessage), chans,
// funcs, complex numbers, unsafe.Pointer, non-string map keys and types with
// their own MarshalJSON/UnmarshalJSON are refused.
//
// Struct fields follow encoding/json: the json tag gives the name and the
// omitempty/omitzero options, json:"-" skips a field, unexported fields are
// skipped, embedded structs without a json name are flattened (a shallower
// field hides a deeper one of the same name; two at the same depth are an
// error unless exactly one is tagged). The ",string" option is refused. The
// doc tag gives the field's description.
//
// # Constraints: the validate tag
//
// Every rule is named by the JSON Schema 2020-12 keyword it becomes in the
// document, one to one, and is checked by the codec exactly as a JSON Schema
// validator would check it. Rules are separated by commas:
//
//	required             the property must be present in a request
//	minLength=N          strings: at least N Unicode code points
//	maxLength=N          strings: at most N Unicode code points
//	pattern=RE           strings: RE2 regular expression, unanchored; must be
//	                     the LAST rule in the tag (it may contain commas)
//	format=F             strings: email, uri, uuid, date-time, date, time,
//	                     ipv4, ipv6 or hostname (see [Format])
//	minimum=X            numbers: value >= X
//	maximum=X            numbers: value <= X
//	exclusiveMinimum=X   numbers: value > X
//	exclusiveMaximum=X   numbers: value < X
//	multipleOf=X         numbers: value is a multiple of X (X > 0); exact for
//	                     integers, within a relative epsilon for floats
//	enum=a|b|c           strings, numbers, bools: one of the listed values
//	const=x              strings, numbers, bools: exactly x
//	minItems=N           slices, arrays: at least N items
//	maxItems=N           slices, arrays: at most N items
//	uniqueItems          slices, arrays: no two items equal
//	minProperties=N      maps (and structs): at least N properties
//	maxProperties=N      maps (and structs): at most N properties
//	dive                 the rules after it apply to each item of a slice or
//	                     array, or each value of a map ([Rules].Items); it
//	                     may be repeated for nested collections
//
// Example:
//
//	Tags []string `json:"tags" validate:"required,maxItems=10,uniqueItems,dive,minLength=1,pattern=^[a-z-]+$"`
//
// Rules on a pointer field apply to the value it points to. Numbers are JSON
// number literals and are kept exactly ([Number]). Building fails, naming the
// field and the rule, on: an unknown rule (common validator spellings such as
// min, max, len or email get a hint), a malformed number, a rule on a kind it
// does not apply to, a duplicate rule, a minimum above a maximum (every pair,
// exclusive forms and items/properties counts included), negative counts, a
// bound outside the range of the field's Go type (maximum=300 on int8), a
// non-integer bound on an integer field, multipleOf <= 0, an enum value that
// does not parse as the field's type or breaks the field's other rules, a
// const not in the enum, a pattern that does not compile or uses RE2-only
// syntax JSON Schema tools read differently ((?i) flags, (?P<name>), \A, \z,
// \Q…\E, [[:alpha:]]), and a dive that is not followed by any rule.
//
// # DTOs
//
// [Compiler.CompileDTO] derives a plan from a model type as Litestar's DTOs
// do: see [DTOConfig] for exclude/include, rename and rename strategies,
// read-only, write-only, private, partial, max depth and unknown properties.
package plan
