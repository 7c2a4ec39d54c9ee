package plan

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Violations is every violation found in one value; it is the error the codec
// and the binder return for bad input.
type Violations []Violation

// Error summarises the violations.
func (vs Violations) Error() string {
	if len(vs) == 0 {
		return "no violations"
	}
	s := vs[0].Pointer + ": " + vs[0].Message
	if len(vs) > 1 {
		s += " (and more)"
	}
	return s
}

// MaxValueLen is how many bytes of a rejected value a Violation echoes; longer
// values are cut at a rune boundary and end in "…".
const MaxValueLen = 64

// Truncate cuts s to at most MaxValueLen bytes (plus "…") for Violation.Value.
func Truncate(s string) string {
	if len(s) <= MaxValueLen {
		return s
	}
	cut := MaxValueLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func violation(rule, msg, value string) *Violation {
	return &Violation{Rule: rule, Message: msg, Value: Truncate(value), Offset: -1}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// CheckString checks string rules (const, enum, lengths, pattern, format, in
// that order) and returns the first broken one; nil when s passes, without
// allocating. Pointer is left empty for the caller to fill.
func (r *Rules) CheckString(s string) *Violation {
	if r == nil {
		return nil
	}
	if r.Const != nil && s != r.Const.String {
		return violation("const", "must be "+strconv.Quote(r.Const.String)+", got "+strconv.Quote(Truncate(s)), s)
	}
	if len(r.Enum) > 0 {
		found := false
		for i := range r.Enum {
			if r.Enum[i].String == s {
				found = true
				break
			}
		}
		if !found {
			return violation("enum", "must be one of "+enumList(r.Enum)+", got "+strconv.Quote(Truncate(s)), s)
		}
	}
	if r.MinLength != nil || r.MaxLength != nil {
		n := utf8.RuneCountInString(s)
		if r.MinLength != nil && n < *r.MinLength {
			return violation("minLength", "must be at least "+plural(*r.MinLength, "character", "characters")+", got "+strconv.Itoa(n), s)
		}
		if r.MaxLength != nil && n > *r.MaxLength {
			return violation("maxLength", "must be at most "+plural(*r.MaxLength, "character", "characters")+", got "+strconv.Itoa(n), s)
		}
	}
	if r.Pattern != nil && !r.Pattern.MatchString(s) {
		return violation("pattern", "must match the pattern "+r.Pattern.String(), s)
	}
	if r.Format != FormatNone && !r.Format.Valid(s) {
		return violation("format", "must be "+r.Format.Describe(), s)
	}
	return nil
}

func enumList(vs []Value) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		if v.Kind == String {
			b.WriteString(strconv.Quote(v.String))
		} else {
			b.WriteString(v.Text)
		}
	}
	return b.String()
}

// CheckInt checks numeric rules, enum and const on a signed integer.
func (r *Rules) CheckInt(n int64) *Violation {
	if r == nil {
		return nil
	}
	if r.Const != nil && !r.Const.eqInt(n) {
		return violation("const", "must be "+r.Const.Text+", got "+strconv.FormatInt(n, 10), strconv.FormatInt(n, 10))
	}
	if len(r.Enum) > 0 {
		found := false
		for i := range r.Enum {
			if r.Enum[i].eqInt(n) {
				found = true
				break
			}
		}
		if !found {
			s := strconv.FormatInt(n, 10)
			return violation("enum", "must be one of "+enumList(r.Enum)+", got "+s, s)
		}
	}
	if r.Minimum != nil && r.Minimum.cmpInt(n) > 0 {
		return numViolation("minimum", "at least", r.Minimum, strconv.FormatInt(n, 10))
	}
	if r.ExclusiveMinimum != nil && r.ExclusiveMinimum.cmpInt(n) >= 0 {
		return numViolation("exclusiveMinimum", "greater than", r.ExclusiveMinimum, strconv.FormatInt(n, 10))
	}
	if r.Maximum != nil && r.Maximum.cmpInt(n) < 0 {
		return numViolation("maximum", "at most", r.Maximum, strconv.FormatInt(n, 10))
	}
	if r.ExclusiveMaximum != nil && r.ExclusiveMaximum.cmpInt(n) <= 0 {
		return numViolation("exclusiveMaximum", "less than", r.ExclusiveMaximum, strconv.FormatInt(n, 10))
	}
	if m := r.MultipleOf; m != nil {
		var ok bool
		switch {
		case m.IsInt:
			ok = n%m.Int == 0
		case m.IsUint: // m > MaxInt64: only 0 is a multiple in range
			ok = n == 0
		default:
			ok = multipleFloat(float64(n), m.Float)
		}
		if !ok {
			return numViolation("multipleOf", "a multiple of", m, strconv.FormatInt(n, 10))
		}
	}
	return nil
}

// CheckUint checks numeric rules, enum and const on an unsigned integer.
func (r *Rules) CheckUint(n uint64) *Violation {
	if r == nil {
		return nil
	}
	if r.Const != nil && !r.Const.eqUint(n) {
		return violation("const", "must be "+r.Const.Text+", got "+strconv.FormatUint(n, 10), strconv.FormatUint(n, 10))
	}
	if len(r.Enum) > 0 {
		found := false
		for i := range r.Enum {
			if r.Enum[i].eqUint(n) {
				found = true
				break
			}
		}
		if !found {
			s := strconv.FormatUint(n, 10)
			return violation("enum", "must be one of "+enumList(r.Enum)+", got "+s, s)
		}
	}
	if r.Minimum != nil && r.Minimum.cmpUint(n) > 0 {
		return numViolation("minimum", "at least", r.Minimum, strconv.FormatUint(n, 10))
	}
	if r.ExclusiveMinimum != nil && r.ExclusiveMinimum.cmpUint(n) >= 0 {
		return numViolation("exclusiveMinimum", "greater than", r.ExclusiveMinimum, strconv.FormatUint(n, 10))
	}
	if r.Maximum != nil && r.Maximum.cmpUint(n) < 0 {
		return numViolation("maximum", "at most", r.Maximum, strconv.FormatUint(n, 10))
	}
	if r.ExclusiveMaximum != nil && r.ExclusiveMaximum.cmpUint(n) <= 0 {
		return numViolation("exclusiveMaximum", "less than", r.ExclusiveMaximum, strconv.FormatUint(n, 10))
	}
	if m := r.MultipleOf; m != nil {
		var ok bool
		switch {
		case m.IsInt && m.Int > 0:
			ok = n%uint64(m.Int) == 0
		case m.IsUint:
			ok = n%m.Uint == 0
		default:
			ok = multipleFloat(float64(n), m.Float)
		}
		if !ok {
			return numViolation("multipleOf", "a multiple of", m, strconv.FormatUint(n, 10))
		}
	}
	return nil
}

// CheckFloat checks numeric rules, enum and const on a float. For a float32
// value pass float64(v): bounds and enum values of float32 plans are rounded
// to float32 when compiled.
func (r *Rules) CheckFloat(f float64) *Violation {
	if r == nil {
		return nil
	}
	if r.Const != nil && r.Const.Float != f {
		s := formatFloat(f)
		return violation("const", "must be "+r.Const.Text+", got "+s, s)
	}
	if len(r.Enum) > 0 {
		found := false
		for i := range r.Enum {
			if r.Enum[i].Float == f {
				found = true
				break
			}
		}
		if !found {
			s := formatFloat(f)
			return violation("enum", "must be one of "+enumList(r.Enum)+", got "+s, s)
		}
	}
	if r.Minimum != nil && !(f >= r.Minimum.Float) {
		return numViolation("minimum", "at least", r.Minimum, formatFloat(f))
	}
	if r.ExclusiveMinimum != nil && !(f > r.ExclusiveMinimum.Float) {
		return numViolation("exclusiveMinimum", "greater than", r.ExclusiveMinimum, formatFloat(f))
	}
	if r.Maximum != nil && !(f <= r.Maximum.Float) {
		return numViolation("maximum", "at most", r.Maximum, formatFloat(f))
	}
	if r.ExclusiveMaximum != nil && !(f < r.ExclusiveMaximum.Float) {
		return numViolation("exclusiveMaximum", "less than", r.ExclusiveMaximum, formatFloat(f))
	}
	if r.MultipleOf != nil && !multipleFloat(f, r.MultipleOf.Float) {
		return numViolation("multipleOf", "a multiple of", r.MultipleOf, formatFloat(f))
	}
	return nil
}

// CheckBool checks enum and const on a bool.
func (r *Rules) CheckBool(b bool) *Violation {
	if r == nil {
		return nil
	}
	s := "false"
	if b {
		s = "true"
	}
	if r.Const != nil && r.Const.Bool != b {
		return violation("const", "must be "+r.Const.Text+", got "+s, s)
	}
	if len(r.Enum) > 0 {
		for i := range r.Enum {
			if r.Enum[i].Bool == b {
				return nil
			}
		}
		return violation("enum", "must be one of "+enumList(r.Enum)+", got "+s, s)
	}
	return nil
}

// CheckTime checks rules on a time (enum/const are refused at compile time for
// times, so this exists for symmetry and future rules); it returns nil.
func (r *Rules) CheckTime(t time.Time) *Violation { return nil }

// CheckCount checks minItems/maxItems (Slice, Array) or
// minProperties/maxProperties (Map, Struct) against n elements; other kinds
// pass.
func (r *Rules) CheckCount(n int, k Kind) *Violation {
	if r == nil {
		return nil
	}
	switch k {
	case Slice, Array:
		if r.MinItems != nil && n < *r.MinItems {
			return violation("minItems", "must have at least "+plural(*r.MinItems, "item", "items")+", got "+strconv.Itoa(n), "")
		}
		if r.MaxItems != nil && n > *r.MaxItems {
			return violation("maxItems", "must have at most "+plural(*r.MaxItems, "item", "items")+", got "+strconv.Itoa(n), "")
		}
	case Map, Struct:
		if r.MinProperties != nil && n < *r.MinProperties {
			return violation("minProperties", "must have at least "+plural(*r.MinProperties, "property", "properties")+", got "+strconv.Itoa(n), "")
		}
		if r.MaxProperties != nil && n > *r.MaxProperties {
			return violation("maxProperties", "must have at most "+plural(*r.MaxProperties, "property", "properties")+", got "+strconv.Itoa(n), "")
		}
	}
	return nil
}

// CheckUnique checks uniqueItems on a decoded slice or array (a reflect.Value
// of the Go slice or array); nil when r has no uniqueItems rule or every item
// differs. Items are compared by value as encoding/json would write them
// (pointers are followed), which matches JSON Schema equality for the values
// a plan can hold. It reflects, so call it only when r.UniqueItems is set.
func (r *Rules) CheckUnique(v reflect.Value) *Violation {
	if r == nil || !r.UniqueItems || (v.Kind() != reflect.Slice && v.Kind() != reflect.Array) {
		return nil
	}
	n := v.Len()
	switch v.Type().Elem().Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.String:
		seen := make(map[any]int, n)
		for i := range n {
			k := v.Index(i).Interface()
			if j, dup := seen[k]; dup {
				return duplicate(j, i)
			}
			seen[k] = i
		}
	default:
		for i := range n {
			for j := range i {
				if reflect.DeepEqual(v.Index(j).Interface(), v.Index(i).Interface()) {
					return duplicate(j, i)
				}
			}
		}
	}
	return nil
}

func duplicate(i, j int) *Violation {
	return violation("uniqueItems", "must not contain duplicate items (items "+strconv.Itoa(i)+" and "+strconv.Itoa(j)+" are equal)", "")
}

func numViolation(rule, relation string, bound *Number, got string) *Violation {
	return violation(rule, "must be "+relation+" "+bound.Text+", got "+got, got)
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// multipleFloat reports whether f is a multiple of m, tolerating the
// rounding of decimal literals to binary floats: the quotient f/m may miss a
// whole number by 1e-9, or by a relative 1e-15 for large quotients (so 0.3 is
// a multiple of 0.1, 0.35 is not).
func multipleFloat(f, m float64) bool {
	q := f / m
	if math.IsInf(q, 0) || math.IsNaN(q) {
		return false
	}
	return math.Abs(q-math.Round(q)) <= math.Max(1e-9, math.Abs(q)*1e-15)
}

// cmpInt compares the bound with n: -1 when the bound is below n, 0 equal,
// +1 above.
func (b *Number) cmpInt(n int64) int {
	switch {
	case b.IsInt:
		return cmp3(b.Int < n, b.Int > n)
	case b.IsUint: // above MaxInt64
		return 1
	}
	return cmp3(b.Float < float64(n), b.Float > float64(n))
}

func (b *Number) cmpUint(n uint64) int {
	switch {
	case b.IsInt:
		if b.Int < 0 {
			return -1
		}
		return cmp3(uint64(b.Int) < n, uint64(b.Int) > n)
	case b.IsUint:
		return cmp3(b.Uint < n, b.Uint > n)
	}
	return cmp3(b.Float < float64(n), b.Float > float64(n))
}

func cmp3(less, more bool) int {
	switch {
	case less:
		return -1
	case more:
		return 1
	}
	return 0
}

func (v *Value) eqInt(n int64) bool {
	switch v.Kind {
	case Int:
		return v.Int == n
	case Uint:
		return n >= 0 && uint64(n) == v.Uint
	case Float:
		return v.Float == float64(n)
	}
	return false
}

func (v *Value) eqUint(n uint64) bool {
	switch v.Kind {
	case Uint:
		return v.Uint == n
	case Int:
		return v.Int >= 0 && uint64(v.Int) == n
	case Float:
		return v.Float == float64(n)
	}
	return false
}
