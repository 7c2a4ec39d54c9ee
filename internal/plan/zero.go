package plan

import (
	"encoding"
	"reflect"
	"strconv"
)

// CheckZero checks the zero value of t, as it is written on the wire,
// against r: "" for strings, 0 for numbers, false, [] and {} for empty
// collections, MarshalText of the zero value for Text kinds. Pointers, Raw,
// times, arrays and structs pass (null, a fixed shape or their own fields).
// It also returns the zero value as JSON, for messages.
func (r *Rules) CheckZero(t *Type) (*Violation, string) {
	if r == nil || t == nil {
		return nil, ""
	}
	switch t.Kind {
	case String:
		return r.CheckString(""), `""`
	case Text:
		m, ok := reflect.New(t.Go).Interface().(encoding.TextMarshaler)
		if !ok {
			return nil, ""
		}
		b, err := m.MarshalText()
		if err != nil {
			return nil, ""
		}
		return r.CheckString(string(b)), strconv.Quote(string(b))
	case Int:
		return r.CheckInt(0), "0"
	case Uint:
		return r.CheckUint(0), "0"
	case Float:
		return r.CheckFloat(0), "0"
	case Bool:
		return r.CheckBool(false), "false"
	case Slice:
		return r.CheckCount(0, Slice), "[]"
	case Map:
		return r.CheckCount(0, Map), "{}"
	}
	return nil, ""
}
