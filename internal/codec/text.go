package codec

import (
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/starling-http/starling/internal/plan"
)

// ParseText parses one parameter value (path, query, header, cookie) of a scalar
// plan (bool, ints, uints, floats, string, time, Text, and pointer to those) into ptr
// and checks rules; nil on success.
//
// Parsing is strict and follows the JSON number grammar: integers are decimal
// digits with an optional leading '-' (no '+', no leading zeros, no base
// prefix, no spaces, no fraction or exponent); floats are JSON numbers (no NaN,
// no infinities, no hex); booleans are exactly "true" or
// "false"; times are RFC 3339; strings must be valid UTF-8. A value that
// does not parse breaks rule "type"
// (rule "format" for times) with a message naming the expected type; a number
// beyond its Go width breaks "minimum" or "maximum", as in Decode. The
// violation's Pointer is empty: the caller knows the parameter's location.
// Strings are stored as given (s is not copied).
func ParseText(t *plan.Type, rules *plan.Rules, s string, ptr unsafe.Pointer) *plan.Violation {
	n, err := nodeFor(t)
	if err != nil {
		return &plan.Violation{Rule: "type", Message: err.Error(), Offset: -1}
	}
	if n.kind == plan.Pointer {
		np := reflect.New(n.elem.typ).UnsafePointer()
		if v := parseText(n.elem, rules, s, np); v != nil {
			return v
		}
		*(*unsafe.Pointer)(ptr) = np
		return nil
	}
	return parseText(n, rules, s, ptr)
}

func parseText(n *node, r *plan.Rules, s string, p unsafe.Pointer) *plan.Violation {
	bad := func(rule, msg string) *plan.Violation {
		return &plan.Violation{Rule: rule, Message: msg, Value: truncate(s), Offset: -1}
	}
	var v *plan.Violation
	switch n.kind {
	case plan.String:
		if !utf8.ValidString(s) {
			// As in bodies (I-JSON): a string is Unicode text, and
			// invalid bytes would reach the handler, a database or a
			// response (as U+FFFD) changed.
			return bad("type", "expected a string of valid UTF-8")
		}
		*(*string)(p) = s
		if r != nil {
			v = r.CheckString(s)
		}
	case plan.Bool:
		var b bool
		switch s {
		case "true":
			b = true
		case "false":
		default:
			return bad("type", `expected boolean ("true" or "false")`)
		}
		*(*bool)(p) = b
		if r != nil {
			v = r.CheckBool(b)
		}
	case plan.Int, plan.Uint, plan.Float:
		d := decoder{data: unsafe.Slice(unsafe.StringData(s), len(s)), max: 1}
		expect := "integer (" + n.typ.Kind().String() + ")"
		if n.kind == plan.Float {
			expect = "number (" + n.typ.Kind().String() + ")"
		}
		if s == "" || (s[0] != '-' && !isDigit(s[0])) {
			return bad("type", "expected "+expect)
		}
		num, ok := d.scanNumber()
		if !ok || d.pos != len(s) || n.kind != plan.Float && !num.integral {
			return bad("type", "expected "+expect)
		}
		d.pos = 0
		d.value(n, r, p)
		if len(d.errs) > 0 {
			v = &d.errs[0]
			v.Pointer = ""
			if v.Value == "" {
				v.Value = truncate(s)
			}
			return v
		}
		return nil
	case plan.Text:
		var d decoder
		d.text(n, r, s, p)
		if len(d.errs) > 0 {
			v := d.errs[0]
			v.Pointer = ""
			return &v
		}
		return nil
	case plan.Time:
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return bad("format", "expected an RFC 3339 date-time")
		}
		*(*time.Time)(p) = tm
		if r != nil {
			v = r.CheckTime(tm)
		}
	default:
		return bad("type", "parameters of kind "+strconv.Itoa(int(n.kind))+" are not supported")
	}
	if v != nil {
		vv := *v
		vv.Offset = -1
		if vv.Value == "" {
			vv.Value = truncate(s)
		}
		return &vv
	}
	return nil
}
