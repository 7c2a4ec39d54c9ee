package codec

import (
	"math"
	"strconv"
	"unsafe"
)

// intStatus says whether a number literal is an integer that fits 64 bits.
type intStatus uint8

const (
	intOK       intStatus = iota
	intFraction           // not integral: "type"
	intHuge               // magnitude beyond uint64: out of any range
)

// parseIntegral reads a checked JSON number literal as an exact integer:
// its sign and magnitude. Integral values written with a fraction or an
// exponent (1.0, 1e2, 100e-2) are accepted; the work is linear in the
// literal's length whatever its exponent.
func parseIntegral(n number) (neg bool, mag uint64, st intStatus) {
	lit := n.lit
	if len(lit) > 0 && lit[0] == '-' {
		neg = true
		lit = lit[1:]
	}
	if n.integral && len(lit) <= 19 {
		for _, c := range lit {
			mag = mag*10 + uint64(c-'0')
		}
		return neg, mag, intOK
	}
	// Split into integer digits, fraction digits and exponent.
	i := 0
	for i < len(lit) && isDigit(lit[i]) {
		i++
	}
	intPart := lit[:i]
	var frac []byte
	if i < len(lit) && lit[i] == '.' {
		j := i + 1
		for j < len(lit) && isDigit(lit[j]) {
			j++
		}
		frac = lit[i+1 : j]
		i = j
	}
	exp := 0
	if i < len(lit) && (lit[i] == 'e' || lit[i] == 'E') {
		i++
		eneg := false
		if lit[i] == '+' || lit[i] == '-' {
			eneg = lit[i] == '-'
			i++
		}
		for ; i < len(lit); i++ {
			if exp < 1<<30 {
				exp = exp*10 + int(lit[i]-'0')
			}
		}
		if eneg {
			exp = -exp
		}
	}
	// The value is digits(intPart ++ frac) × 10^(exp - len(frac)).
	total := len(intPart) + len(frac)
	digit := func(k int) byte {
		if k < len(intPart) {
			return intPart[k]
		}
		return frac[k-len(intPart)]
	}
	first := 0
	for first < total && digit(first) == '0' {
		first++
	}
	if first == total {
		return neg, 0, intOK
	}
	last := total // one past the last non-zero digit
	for digit(last-1) == '0' {
		last--
	}
	exp10 := exp - len(frac) + (total - last)
	if exp10 < 0 {
		return neg, 0, intFraction
	}
	if last-first+exp10 > 20 {
		return neg, 0, intHuge
	}
	for k := first; k < last; k++ {
		d := uint64(digit(k) - '0')
		if mag > (math.MaxUint64-d)/10 {
			return neg, 0, intHuge
		}
		mag = mag*10 + d
	}
	for ; exp10 > 0; exp10-- {
		if mag > math.MaxUint64/10 {
			return neg, 0, intHuge
		}
		mag *= 10
	}
	return neg, mag, intOK
}

// parseFloat reads a checked number literal as a float of the given width.
// It reports whether the value is within the width's range (huge exponents
// overflow rather than hang).
func parseFloat(lit []byte, bits int) (float64, bool) {
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(lit), len(lit)), bits)
	if err != nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return f, false
	}
	return f, true
}

// intBounds returns the range of a signed integer of size bytes.
func intBounds(size uintptr) (lo int64, hi int64) {
	switch size {
	case 1:
		return math.MinInt8, math.MaxInt8
	case 2:
		return math.MinInt16, math.MaxInt16
	case 4:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// uintMax returns the largest unsigned integer of size bytes.
func uintMax(size uintptr) uint64 {
	if size >= 8 {
		return math.MaxUint64
	}
	return 1<<(8*size) - 1
}
