// Package fakes makes test data from the framework's type plans, the same
// plans that decode, validate, encode and document a type, so fixtures,
// codec and document cannot disagree:
//
//   - Make and Many: values valid by construction (every rule of every
//     field), realistic where a field's name says what it holds (email,
//     first_name, city, phone, url, company, title, description …).
//   - Invalid and Boundaries: table-test variants that break exactly one
//     constraint, labelled with the JSON pointer and the JSON Schema keyword
//     the server must report, and values at each limit; each with a JSON
//     body to POST.
//   - JSON: the request body of a made value.
//   - Gen: a pgregory.net/rapid generator of the same values, with shrinking.
//   - Examples: the examples the framework puts in the OpenAPI document.
//   - Store, Clock, Sequence and UUIDs: the fake providers tests swap in.
//
// # Reproducible
//
// Each test has a seed: a hash of its name, or STARLING_FAKES_SEED when set.
// Make, Many, Invalid and Boundaries draw their seeds, in call order, from a
// stream started from it, so a test makes the same values on every run, and
// a failing test logs its seed. Seed fixes the seed of one call.
//
// # Overrides
//
// Set names a field by Go name or wire name, dotted into nested values
// ("Address.Zip", "address.zip", "Tags.0", "Meta.color"); With changes the
// value with a typed function. Both run after the value is made and are not
// checked against the rules.
//
// # What is generated
//
// Rules: minLength/maxLength (in code points; free text sometimes holds
// multi-byte letters to prove it), pattern (see regex.go for the RE2
// features generated and refused), format (all nine: email, uri, uuid,
// date-time, date, time, ipv4, ipv6, hostname), enum, const, minimum,
// maximum, exclusiveMinimum, exclusiveMaximum, multipleOf (numbers are made
// on a decimal grid so that the JSON literal satisfies them exactly, as JSON
// Schema validators check), minItems/maxItems, uniqueItems,
// minProperties/maxProperties and dive rules on items and map values.
// Kinds: bool, integers and floats of every width, strings and named
// strings, Text kinds (uuid.UUID, netip.Addr …: a string that UnmarshalText
// reads and MarshalText writes back within the rules), []byte, time.Time
// (UTC, 2000–2035, to the millisecond), json.RawMessage, slices, arrays,
// maps, structs (embedded ones too) and pointers. Optional fields
// (pointers, and omitempty fields that are not required) are left out now
// and then (see Optional); read-only fields are left zero unless Response
// is given; write-only fields are filled.
//
// A rule set no value satisfies, or one sampling cannot meet (a pattern and
// a format that rarely agree), fails the test with the field and its rules.
package fakes
