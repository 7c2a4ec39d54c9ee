package codec

import (
	"encoding"
	"encoding/base64"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/starling-http/starling/internal/plan"
)

// Encode appends the JSON encoding of the value at ptr (a *T for t.Go) to dst
// (a nil dst starts as a 256-byte buffer).
// It fails only for values JSON cannot hold (NaN, infinities, times outside
// years 0–9999, invalid Raw values) and for plans the codec cannot handle.
func Encode(dst []byte, t *plan.Type, ptr unsafe.Pointer) ([]byte, error) {
	n, err := nodeFor(t)
	if err != nil {
		return dst, err
	}
	if dst == nil {
		dst = make([]byte, 0, 256)
	}
	return n.encode(dst, ptr)
}

// encodeError names the value that could not be encoded.
type encodeError struct{ msg string }

func (e *encodeError) Error() string { return "codec: " + e.msg }

var errNonFinite = &encodeError{"NaN and infinite floats have no JSON encoding"}

// encode appends the value at p.
func (n *node) encode(dst []byte, p unsafe.Pointer) ([]byte, error) {
	switch n.kind {
	case plan.String:
		return appendString(dst, *(*string)(p)), nil
	case plan.Int:
		var v int64
		switch n.size {
		case 1:
			v = int64(*(*int8)(p))
		case 2:
			v = int64(*(*int16)(p))
		case 4:
			v = int64(*(*int32)(p))
		default:
			v = *(*int64)(p)
		}
		return strconv.AppendInt(dst, v, 10), nil
	case plan.Uint:
		var v uint64
		switch n.size {
		case 1:
			v = uint64(*(*uint8)(p))
		case 2:
			v = uint64(*(*uint16)(p))
		case 4:
			v = uint64(*(*uint32)(p))
		default:
			v = *(*uint64)(p)
		}
		return strconv.AppendUint(dst, v, 10), nil
	case plan.Float:
		if n.size == 4 {
			return appendFloat(dst, float64(*(*float32)(p)), 32)
		}
		return appendFloat(dst, *(*float64)(p), 64)
	case plan.Bool:
		if *(*bool)(p) {
			return append(dst, "true"...), nil
		}
		return append(dst, "false"...), nil
	case plan.Struct:
		return n.encodeStruct(dst, p)
	case plan.Slice:
		h := (*sliceHeader)(p)
		return n.encodeItems(dst, h.data, h.len)
	case plan.Array:
		return n.encodeItems(dst, p, n.t.Len)
	case plan.Pointer:
		q := *(*unsafe.Pointer)(p)
		if q == nil {
			return append(dst, "null"...), nil
		}
		return n.elem.encode(dst, q)
	case plan.Time:
		return appendTime(dst, (*time.Time)(p))
	case plan.Bytes:
		b := *(*[]byte)(p)
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, b)
		return append(dst, '"'), nil
	case plan.Raw:
		b := *(*[]byte)(p)
		if len(b) == 0 {
			return append(dst, "null"...), nil
		}
		if !validJSON(b) {
			return dst, &encodeError{"invalid Raw JSON value"}
		}
		return append(dst, b...), nil
	case plan.Map:
		return n.encodeMap(dst, p)
	case plan.Text:
		b, err := reflect.NewAt(n.typ, p).Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return dst, &encodeError{n.t.Name + ": " + err.Error()}
		}
		return appendString(dst, unsafe.String(unsafe.SliceData(b), len(b))), nil
	}
	return dst, &encodeError{"unsupported kind"}
}

func (n *node) encodeStruct(dst []byte, p unsafe.Pointer) ([]byte, error) {
	dst = append(dst, '{')
	first := true
	var err error
	for i := range n.fields {
		f := &n.fields[i]
		if f.writeOnly {
			continue
		}
		fp := fieldPtr(n, f, p, false)
		if fp == nil || f.omitEmpty && f.node.empty(fp) {
			continue
		}
		if first {
			dst = append(dst, f.key[1:]...)
			first = false
		} else {
			dst = append(dst, f.key...)
		}
		if dst, err = f.node.encode(dst, fp); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

func (n *node) encodeItems(dst []byte, base unsafe.Pointer, count int) ([]byte, error) {
	dst = append(dst, '[')
	e := n.elem
	var err error
	for i := range count {
		if i > 0 {
			dst = append(dst, ',')
		}
		if e.kind == plan.String { // the common case, without the call
			dst = appendString(dst, *(*string)(unsafe.Add(base, uintptr(i)*e.size)))
			continue
		}
		if dst, err = e.encode(dst, unsafe.Add(base, uintptr(i)*e.size)); err != nil {
			return dst, err
		}
	}
	return append(dst, ']'), nil
}

func (n *node) encodeMap(dst []byte, p unsafe.Pointer) ([]byte, error) {
	m := reflect.NewAt(n.typ, p).Elem()
	if m.Len() == 0 {
		return append(dst, "{}"...), nil
	}
	keys := m.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		switch x, y := a.String(), b.String(); {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	tmp := reflect.New(n.elem.typ).Elem()
	tp := tmp.Addr().UnsafePointer()
	dst = append(dst, '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k.String())
		dst = append(dst, ':')
		tmp.Set(m.MapIndex(k))
		if dst, err = n.elem.encode(dst, tp); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// empty reports whether the value at p is empty for OmitEmpty.
func (n *node) empty(p unsafe.Pointer) bool {
	switch n.kind {
	case plan.String:
		return *(*string)(p) == ""
	case plan.Bool:
		return !*(*bool)(p)
	case plan.Slice, plan.Bytes, plan.Raw:
		return (*sliceHeader)(p).len == 0
	case plan.Pointer:
		return *(*unsafe.Pointer)(p) == nil
	case plan.Map:
		return reflect.NewAt(n.typ, p).Elem().Len() == 0
	case plan.Time:
		return (*time.Time)(p).IsZero()
	case plan.Float:
		if n.size == 4 {
			return *(*float32)(p) == 0
		}
		return *(*float64)(p) == 0
	}
	// Ints, uints, structs, arrays: all bytes zero.
	for _, b := range unsafe.Slice((*byte)(p), n.size) {
		if b != 0 {
			return false
		}
	}
	return true
}

// appendFloat appends f as encoding/json does: the shortest representation,
// in exponent form only for very small or large magnitudes.
func appendFloat(dst []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, errNonFinite
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) ||
			bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	dst = strconv.AppendFloat(dst, f, format, -1, bits)
	if format == 'e' { // e-09 -> e-9
		if k := len(dst); k >= 4 && dst[k-4] == 'e' && dst[k-3] == '-' && dst[k-2] == '0' {
			dst[k-2] = dst[k-1]
			dst = dst[:k-1]
		}
	}
	return dst, nil
}

// appendTime appends t in RFC 3339 with nanoseconds, quoted.
func appendTime(dst []byte, t *time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		return dst, &encodeError{"time year outside 0-9999 has no RFC 3339 encoding"}
	}
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"'), nil
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string: '"', '\\' and control characters
// escaped (RFC 8259, no HTML escaping), invalid UTF-8 replaced by \ufffd.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// maxRawDepth bounds the nesting of Raw values the encoder checks.
const maxRawDepth = 10000

// validJSON reports whether b is exactly one JSON value (with optional whitespace).
func validJSON(b []byte) bool {
	d := decoder{data: b, max: maxRawDepth}
	d.ws()
	d.skip()
	d.ws()
	return !d.fatal && d.pos == len(b)
}
