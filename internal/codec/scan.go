package codec

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/starling-http/starling/internal/plan"
)

// This file holds the byte-level scanner: whitespace, strings, numbers,
// literals, skipping a value with a syntax check, and counting array items.
// Every syntax error is fatal: it replaces the violations found so far and
// stops the decoder.

// plain[c] is true for bytes that stand for themselves inside a JSON string
// (printable ASCII other than '"' and '\\').
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// special8 reports whether any of the eight bytes in x is not plain (a quote,
// a backslash, a control character or a non-ASCII byte). Borrows in the
// subtractions start only at such a byte, so there are no false negatives.
func special8(x uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q := x ^ (lo * '"')
	b := x ^ (lo * '\\')
	return ((x-lo*0x20)|(q-lo)|(b-lo)|x)&hi != 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func isDigit(c byte) bool { return c-'0' < 10 }

// ws skips whitespace.
func (d *decoder) ws() {
	for d.pos < len(d.data) && isSpace(d.data[d.pos]) {
		d.pos++
	}
}

// syntax records a fatal syntax error at byte offset off.
func (d *decoder) syntax(off int, msg string) {
	if d.fatal {
		return
	}
	d.fatal = true
	d.errs = append(d.errs[:0], plan.Violation{Pointer: d.pointer(), Rule: "syntax",
		Message: msg + " at offset " + strconv.Itoa(off), Offset: off})
}

// unexpected reports the byte at d.pos (or the end of input) as a syntax error.
func (d *decoder) unexpected(looking string) {
	if d.pos >= len(d.data) {
		d.syntax(d.pos, "unexpected end of input looking for "+looking)
		return
	}
	d.syntax(d.pos, "invalid character "+quoteByte(d.data[d.pos])+" looking for "+looking)
}

func quoteByte(c byte) string {
	if c < 0x20 || c >= 0x7f {
		return `'\x` + strconv.FormatUint(uint64(c)>>4, 16) + strconv.FormatUint(uint64(c)&15, 16) + `'`
	}
	return "'" + string(rune(c)) + "'"
}

// scanString checks the string starting at d.pos (a '"') and moves past it.
// It returns the bounds of the content and whether it holds escapes.
func (d *decoder) scanString() (start, end int, escaped, ok bool) {
	data := d.data
	i := d.pos + 1
	start = i
	for {
		// Fast path: runs of plain ASCII, eight bytes at a time.
		for i+8 <= len(data) && !special8(binary.LittleEndian.Uint64(data[i:])) {
			i += 8
		}
		for i < len(data) && plain[data[i]] {
			i++
		}
		if i >= len(data) {
			d.syntax(len(data), "unexpected end of input in string")
			return 0, 0, false, false
		}
		switch c := data[i]; {
		case c == '"':
			d.pos = i + 1
			return start, i, escaped, true
		case c == '\\':
			escaped = true
			n := d.checkEscape(i)
			if n == 0 {
				return 0, 0, false, false
			}
			i += n
		case c < 0x20:
			d.syntax(i, "invalid control character "+quoteByte(c)+" in string")
			return 0, 0, false, false
		default: // c >= 0x80
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				d.syntax(i, "invalid UTF-8 in string")
				return 0, 0, false, false
			}
			i += n
		}
	}
}

// checkEscape checks the escape at data[i] ('\\') and returns its length in
// bytes (12 for a surrogate pair), or 0 after reporting a syntax error.
func (d *decoder) checkEscape(i int) int {
	data := d.data
	if i+1 >= len(data) {
		d.syntax(len(data), "unexpected end of input in string escape")
		return 0
	}
	switch data[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		r, ok := hex4(data, i+2)
		if !ok {
			d.syntax(i, "invalid \\u escape in string")
			return 0
		}
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if i+7 < len(data) && data[i+6] == '\\' && data[i+7] == 'u' {
				if r2, ok := hex4(data, i+8); ok && r2 >= 0xDC00 && r2 < 0xE000 {
					return 12
				}
			}
			d.syntax(i, "unpaired UTF-16 surrogate escape in string")
			return 0
		case r >= 0xDC00 && r < 0xE000:
			d.syntax(i, "unpaired UTF-16 surrogate escape in string")
			return 0
		}
		return 6
	}
	d.syntax(i, "invalid escape "+quoteByte(data[i+1])+" in string")
	return 0
}

// hex4 reads the four hex digits at data[i:].
func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// unescape appends the decoded content of a checked string to dst.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			j := i + 1
			for j < len(s) && s[j] != '\\' {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		switch s[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, _ := hex4(s, i+2)
			if r >= 0xD800 && r < 0xDC00 {
				r2, _ := hex4(s, i+8)
				r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
				i += 6
			}
			dst = utf8.AppendRune(dst, r)
			i += 6
			continue
		default: // '"', '\\', '/'
			dst = append(dst, s[i+1])
		}
		i += 2
	}
	return dst
}

// readString reads the string at d.pos; strings without escapes alias the input.
func (d *decoder) readString() (string, bool) {
	start, end, escaped, ok := d.scanString()
	if !ok {
		return "", false
	}
	if !escaped {
		return unsafe.String(unsafe.SliceData(d.data[start:]), end-start), true
	}
	b := unescape(make([]byte, 0, end-start), d.data[start:end])
	return unsafe.String(unsafe.SliceData(b), len(b)), true
}

// readKey reads a property name at d.pos; escaped names are decoded into a
// scratch buffer that the next key overwrites.
func (d *decoder) readKey() ([]byte, bool) {
	start, end, escaped, ok := d.scanString()
	if !ok {
		return nil, false
	}
	if !escaped {
		return d.data[start:end], true
	}
	d.buf = unescape(d.buf[:0], d.data[start:end])
	return d.buf, true
}

// number is what scanNumber learnt about a number literal.
type number struct {
	lit      []byte
	integral bool // no fraction and no exponent
}

// scanNumber checks the number at d.pos against the JSON grammar and moves past it.
func (d *decoder) scanNumber() (number, bool) {
	data, i := d.data, d.pos
	start := i
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && isDigit(data[i]):
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	default:
		d.pos = i
		d.unexpected("digit")
		return number{}, false
	}
	integral := true
	if i < len(data) && data[i] == '.' {
		integral = false
		i++
		if i >= len(data) || !isDigit(data[i]) {
			d.pos = i
			d.unexpected("digit after decimal point")
			return number{}, false
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		integral = false
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			d.pos = i
			d.unexpected("digit in exponent")
			return number{}, false
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	d.pos = i
	return number{lit: data[start:i], integral: integral}, true
}

// literal checks that word (true, false, null) is at d.pos and moves past it.
func (d *decoder) literal(word string) bool {
	if len(d.data)-d.pos >= len(word) && string(d.data[d.pos:d.pos+len(word)]) == word {
		d.pos += len(word)
		return true
	}
	for i := 0; i < len(word); i++ {
		if d.pos+i >= len(d.data) || d.data[d.pos+i] != word[i] {
			d.pos += i
			d.unexpected("literal " + word)
			return false
		}
	}
	return false
}

// skip checks and moves past the value at d.pos (whitespace already skipped).
// Containers count towards the depth limit.
func (d *decoder) skip() {
	if d.pos >= len(d.data) {
		d.unexpected("value")
		return
	}
	switch c := d.data[d.pos]; {
	case c == '"':
		d.scanString()
	case c == '-' || isDigit(c):
		d.scanNumber()
	case c == 't':
		d.literal("true")
	case c == 'f':
		d.literal("false")
	case c == 'n':
		d.literal("null")
	case c == '{':
		if !d.enter() {
			return
		}
		d.pos++
		d.ws()
		if d.pos < len(d.data) && d.data[d.pos] == '}' {
			d.pos++
			d.depth--
			return
		}
		for {
			if d.pos >= len(d.data) || d.data[d.pos] != '"' {
				d.unexpected("property name")
				return
			}
			if _, _, _, ok := d.scanString(); !ok {
				return
			}
			if !d.colon() {
				return
			}
			d.skip()
			if d.fatal {
				return
			}
			if !d.next('}') {
				break
			}
		}
		d.depth--
	case c == '[':
		if !d.enter() {
			return
		}
		d.pos++
		d.ws()
		if d.pos < len(d.data) && d.data[d.pos] == ']' {
			d.pos++
			d.depth--
			return
		}
		for {
			d.skip()
			if d.fatal {
				return
			}
			if !d.next(']') {
				break
			}
		}
		d.depth--
	default:
		d.unexpected("value")
	}
}

// colon reads the ':' after a property name and the whitespace around it.
func (d *decoder) colon() bool {
	d.ws()
	if d.pos >= len(d.data) || d.data[d.pos] != ':' {
		d.unexpected("':' after property name")
		return false
	}
	d.pos++
	d.ws()
	return true
}

// next reads what follows an item: ',' (returns true, whitespace skipped) or
// the closing byte (returns false). Anything else is a syntax error (false).
func (d *decoder) next(closing byte) bool {
	d.ws()
	if d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.ws()
			return true
		case closing:
			d.pos++
			return false
		}
	}
	if closing == '}' {
		d.unexpected("',' or '}' after object property")
	} else {
		d.unexpected("',' or ']' after array item")
	}
	return false
}

// countItems counts the items of the array at d.pos without checking them
// (the decoding pass does). For valid JSON the count is exact.
func (d *decoder) countItems() int {
	data := d.data
	depth, n, empty := 0, 0, true
	for i := d.pos + 1; i < len(data); i++ {
		switch c := data[i]; c {
		case '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
			empty = false
		case '[', '{':
			depth++
			empty = false
		case ']', '}':
			if depth == 0 {
				if empty {
					return 0
				}
				return n + 1
			}
			depth--
		case ',':
			if depth == 0 {
				n++
			}
		case ' ', '\n', '\r', '\t':
		default:
			empty = false
		}
	}
	return n + 1
}
