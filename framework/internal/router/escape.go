package router

import (
	"net/url"
	"strings"
)

// Percent-escape helpers. They follow url.PathUnescape: "%XX" with two hex
// digits decodes to one byte, '+' stays '+', anything else after '%' is an
// error. A segment with an invalid escape matches nothing.

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// validEscapes reports whether every '%' in s starts a valid escape.
func validEscapes(s string) bool {
	for i := strings.IndexByte(s, '%'); i >= 0; {
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return false
		}
		j := strings.IndexByte(s[i+3:], '%')
		if j < 0 {
			return true
		}
		i += 3 + j
	}
	return true
}

// equalUnescaped reports whether the escaped segment seg unescapes to want,
// without allocating. An invalid escape is never equal.
func equalUnescaped(seg, want string) bool {
	j := 0
	for i := 0; i < len(seg); j++ {
		if j >= len(want) {
			return false
		}
		c := seg[i]
		if c == '%' {
			if i+2 >= len(seg) || !isHex(seg[i+1]) || !isHex(seg[i+2]) {
				return false
			}
			c = unhex(seg[i+1])<<4 | unhex(seg[i+2])
			i += 3
		} else {
			i++
		}
		if c != want[j] {
			return false
		}
	}
	return j == len(want)
}

// unescape decodes s; it allocates only when s contains an escape.
func unescape(s string) (string, bool) {
	if strings.IndexByte(s, '%') < 0 {
		return s, true
	}
	u, err := url.PathUnescape(s)
	return u, err == nil
}
