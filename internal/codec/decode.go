package codec

import (
	"encoding"
	"encoding/base64"
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/starling-http/starling/internal/plan"
)

// decoder is the state of one Decode call. It lives on the caller's stack.
type decoder struct {
	data   []byte
	pos    int
	depth  int
	max    int
	fatal  bool // a syntax or depth error, or too many violations, stopped decoding
	secret int  // > 0 inside a WriteOnly field: rejected values are not echoed
	errs   []plan.Violation
	path   pathStack
	buf    []byte // scratch for escaped property names
}

// Decode parses one JSON value from data into the value at ptr (a *T for t.Go),
// validating every rule of the plan in the same pass. It returns nil or
// plan.Violations listing every failing field at once (pointer + rule + message).
// Decoded strings may alias data: the caller must not modify data afterwards.
//
// A plan the codec cannot handle is reported as a plain error (see Prepare).
func Decode(t *plan.Type, data []byte, ptr unsafe.Pointer) error {
	n, err := nodeFor(t)
	if err != nil {
		return err
	}
	d := decoder{data: data, max: n.maxDepth}
	d.ws()
	d.value(n, nil, ptr)
	if !d.fatal {
		d.ws()
		if d.pos < len(d.data) {
			d.syntax(d.pos, "invalid character "+quoteByte(d.data[d.pos])+" after top-level value")
		}
	}
	if len(d.errs) > 0 {
		return plan.Violations(d.errs)
	}
	return nil
}

// enter counts one level of nesting; beyond the limit it stops decoding.
func (d *decoder) enter() bool {
	d.depth++
	if d.depth > d.max {
		d.fatal = true
		d.errs = append(d.errs[:0], plan.Violation{Pointer: d.pointer(), Rule: "maxDepth",
			Message: "nesting deeper than " + strconv.Itoa(d.max) + " levels", Offset: d.pos})
		return false
	}
	return true
}

// jsonType names the JSON type of the value starting with c, for messages.
func jsonType(c byte) string {
	switch {
	case c == '"':
		return "string"
	case c == '-' || isDigit(c):
		return "number"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	}
	return "invalid"
}

// schemaType names the JSON Schema type a node expects.
func schemaType(n *node) string {
	switch n.kind {
	case plan.Bool:
		return "boolean"
	case plan.Int, plan.Uint:
		return "integer"
	case plan.Float:
		return "number"
	case plan.String, plan.Bytes, plan.Time, plan.Text:
		return "string"
	case plan.Slice, plan.Array:
		return "array"
	case plan.Map, plan.Struct:
		return "object"
	case plan.Pointer:
		return schemaType(n.elem) + " or null"
	}
	return "any JSON value"
}

// mismatch reports a value of the wrong JSON type and skips it.
func (d *decoder) mismatch(n *node) {
	if d.pos >= len(d.data) {
		d.unexpected("value")
		return
	}
	c := d.data[d.pos]
	got := jsonType(c)
	if got == "invalid" {
		d.unexpected("value")
		return
	}
	start := d.pos
	d.skip()
	if d.fatal {
		return
	}
	val := ""
	if c != '{' && c != '[' {
		val = string(d.data[start:d.pos])
		if c == '"' {
			val = val[1 : len(val)-1]
		}
	}
	d.violate("type", "expected "+schemaType(n)+", got "+got, val)
}

// value decodes the value at d.pos (whitespace skipped) into p, checking r.
func (d *decoder) value(n *node, r *plan.Rules, p unsafe.Pointer) {
	if d.pos >= len(d.data) {
		d.unexpected("value")
		return
	}
	c := d.data[d.pos]
	switch n.kind {
	case plan.String:
		if c != '"' {
			d.mismatch(n)
			return
		}
		s, ok := d.readString()
		if !ok {
			return
		}
		*(*string)(p) = s
		if r != nil {
			if v := r.CheckString(s); v != nil {
				d.checked(v, s)
			}
		}
	case plan.Int:
		if c != '-' && !isDigit(c) {
			d.mismatch(n)
			return
		}
		d.integer(n, r, p)
	case plan.Uint:
		if c != '-' && !isDigit(c) {
			d.mismatch(n)
			return
		}
		d.unsigned(n, r, p)
	case plan.Float:
		if c != '-' && !isDigit(c) {
			d.mismatch(n)
			return
		}
		num, ok := d.scanNumber()
		if !ok {
			return
		}
		f, ok := parseFloat(num.lit, int(n.size*8))
		if !ok {
			rule, msg := "maximum", "beyond the range of "+n.typ.Kind().String()
			if num.lit[0] == '-' {
				rule = "minimum"
			}
			d.violate(rule, msg, string(num.lit))
			return
		}
		if n.size == 4 {
			*(*float32)(p) = float32(f)
		} else {
			*(*float64)(p) = f
		}
		if r != nil {
			if v := r.CheckFloat(f); v != nil {
				d.checked(v, string(num.lit))
			}
		}
	case plan.Bool:
		var b bool
		switch c {
		case 't':
			if !d.literal("true") {
				return
			}
			b = true
		case 'f':
			if !d.literal("false") {
				return
			}
		default:
			d.mismatch(n)
			return
		}
		*(*bool)(p) = b
		if r != nil {
			if v := r.CheckBool(b); v != nil {
				d.checked(v, strconv.FormatBool(b))
			}
		}
	case plan.Struct:
		if c != '{' {
			d.mismatch(n)
			return
		}
		d.object(n, r, p)
	case plan.Slice:
		if c != '[' {
			d.mismatch(n)
			return
		}
		d.slice(n, r, p)
	case plan.Pointer:
		if c == 'n' {
			if d.literal("null") {
				*(*unsafe.Pointer)(p) = nil
			}
			return
		}
		np := reflect.New(n.elem.typ).UnsafePointer()
		if old := *(*unsafe.Pointer)(p); old != nil && n.elem.partial {
			reflect.NewAt(n.elem.typ, np).Elem().Set(reflect.NewAt(n.elem.typ, old).Elem())
		}
		d.value(n.elem, r, np)
		*(*unsafe.Pointer)(p) = np
	case plan.Time:
		if c != '"' {
			d.mismatch(n)
			return
		}
		s, ok := d.readString()
		if !ok {
			return
		}
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			d.violate("format", "expected an RFC 3339 date-time", s)
			return
		}
		*(*time.Time)(p) = tm
		if r != nil {
			if v := r.CheckTime(tm); v != nil {
				d.checked(v, s)
			}
		}
	case plan.Text:
		if c != '"' {
			d.mismatch(n)
			return
		}
		s, ok := d.readString()
		if !ok {
			return
		}
		d.text(n, r, s, p)
	case plan.Bytes:
		if c != '"' {
			d.mismatch(n)
			return
		}
		start, end, escaped, ok := d.scanString()
		if !ok {
			return
		}
		src := d.data[start:end]
		if escaped {
			src = unescape(nil, src)
		}
		b := make([]byte, base64.StdEncoding.DecodedLen(len(src)))
		m, err := base64.StdEncoding.Decode(b, src)
		if err != nil {
			d.violate("contentEncoding", "expected standard base64", string(src))
			return
		}
		*(*[]byte)(p) = b[:m:m]
	case plan.Raw:
		start := d.pos
		d.skip()
		if d.fatal {
			return
		}
		*(*[]byte)(p) = append([]byte(nil), d.data[start:d.pos]...)
	case plan.Array:
		if c != '[' {
			d.mismatch(n)
			return
		}
		d.array(n, r, p)
	case plan.Map:
		if c != '{' {
			d.mismatch(n)
			return
		}
		d.mapping(n, r, p)
	default:
		d.mismatch(n)
	}
}

// text stores s into the encoding.TextUnmarshaler at p and checks r on s.
func (d *decoder) text(n *node, r *plan.Rules, s string, p unsafe.Pointer) {
	u := reflect.NewAt(n.typ, p).Interface().(encoding.TextUnmarshaler)
	// A copy: UnmarshalText may modify its argument (normalise in place),
	// and s may alias the body or a parameter's immutable string, which a
	// violation echoes afterwards.
	if err := u.UnmarshalText([]byte(s)); err != nil {
		d.violate("format", "invalid "+n.t.Name+": "+err.Error(), s)
		return
	}
	if r != nil {
		if v := r.CheckString(s); v != nil {
			d.checked(v, s)
		}
	}
}

// integer decodes a signed integer of the node's width.
func (d *decoder) integer(n *node, r *plan.Rules, p unsafe.Pointer) {
	num, ok := d.scanNumber()
	if !ok {
		return
	}
	neg, mag, st := parseIntegral(num)
	lo, hi := intBounds(n.size)
	switch {
	case st == intFraction:
		d.violate("type", "expected integer, got "+truncate(string(num.lit)), string(num.lit))
		return
	case neg && (st == intHuge || mag > uint64(hi)+1):
		d.violate("minimum", "must be at least "+strconv.FormatInt(lo, 10)+" ("+n.typ.Kind().String()+")", string(num.lit))
		return
	case !neg && (st == intHuge || mag > uint64(hi)):
		d.violate("maximum", "must be at most "+strconv.FormatInt(hi, 10)+" ("+n.typ.Kind().String()+")", string(num.lit))
		return
	}
	v := int64(mag)
	if neg {
		v = -v // wraps correctly for the minimum
	}
	switch n.size {
	case 1:
		*(*int8)(p) = int8(v)
	case 2:
		*(*int16)(p) = int16(v)
	case 4:
		*(*int32)(p) = int32(v)
	default:
		*(*int64)(p) = v
	}
	if r != nil {
		if vi := r.CheckInt(v); vi != nil {
			d.checked(vi, string(num.lit))
		}
	}
}

// unsigned decodes an unsigned integer of the node's width.
func (d *decoder) unsigned(n *node, r *plan.Rules, p unsafe.Pointer) {
	num, ok := d.scanNumber()
	if !ok {
		return
	}
	neg, mag, st := parseIntegral(num)
	hi := uintMax(n.size)
	switch {
	case st == intFraction:
		d.violate("type", "expected integer, got "+truncate(string(num.lit)), string(num.lit))
		return
	case neg && (st == intHuge || mag != 0):
		d.violate("minimum", "must be at least 0 ("+n.typ.Kind().String()+")", string(num.lit))
		return
	case st == intHuge || mag > hi:
		d.violate("maximum", "must be at most "+strconv.FormatUint(hi, 10)+" ("+n.typ.Kind().String()+")", string(num.lit))
		return
	}
	switch n.size {
	case 1:
		*(*uint8)(p) = uint8(mag)
	case 2:
		*(*uint16)(p) = uint16(mag)
	case 4:
		*(*uint32)(p) = uint32(mag)
	default:
		*(*uint64)(p) = mag
	}
	if r != nil {
		if v := r.CheckUint(mag); v != nil {
			d.checked(v, string(num.lit))
		}
	}
}

// object decodes a JSON object into the struct at p.
func (d *decoder) object(n *node, r *plan.Rules, p unsafe.Pointer) {
	if !d.enter() {
		return
	}
	d.pos++
	d.ws()
	var seenBuf [4]uint64
	var seen []uint64
	if words := (len(n.fields) + 63) / 64; words <= len(seenBuf) {
		seen = seenBuf[:words]
	} else {
		seen = make([]uint64, words)
	}
	count, hint := 0, 0
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
	} else {
		for {
			if d.pos >= len(d.data) || d.data[d.pos] != '"' {
				d.unexpected("property name")
				return
			}
			key, ok := d.readKey()
			if !ok || !d.colon() {
				return
			}
			count++
			i := n.lookup(key, hint)
			switch {
			case i < 0:
				if n.forbid {
					d.violateAt(string(key), "additionalProperties", "unknown property "+strconv.Quote(truncate(string(key))))
				}
				d.skip()
			case seen[i/64]&(1<<(i%64)) != 0:
				d.violateAt(n.fields[i].wire, "duplicateKeys", "property given more than once")
				d.skip()
			default:
				seen[i/64] |= 1 << (i % 64)
				hint = i + 1
				f := &n.fields[i]
				if f.readOnly {
					d.violateAt(f.wire, "readOnly", "read-only property may not be sent")
					d.skip()
					break
				}
				d.pushName(f.wire)
				if f.writeOnly {
					d.secret++
				}
				d.value(f.node, f.rules, fieldPtr(n, f, p, true))
				if f.writeOnly {
					d.secret--
				}
				d.pop()
			}
			if d.fatal || !d.next('}') {
				break
			}
		}
		if d.fatal {
			return
		}
	}
	d.depth--
	if n.reqCount > 0 {
		for i := range n.fields {
			if f := &n.fields[i]; f.required && seen[i/64]&(1<<(i%64)) == 0 {
				d.violateAt(f.wire, "required", "missing required property")
			}
		}
	}
	if r != nil {
		if v := r.CheckCount(count, plan.Struct); v != nil {
			d.checked(v, "")
		}
	}
}
