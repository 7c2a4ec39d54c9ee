package contract

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"pgregory.net/rapid"
)

// The generator: JSON values from JSON Schemas, drawn with rapid so that a
// failing request shrinks to a minimal one. It knows types, lengths,
// ranges, simple patterns, common formats, enums, required and optional
// properties, nested objects and arrays. Every value is one shrinkable
// draw (the limits themselves are the boundary phase's job).

// genMode says how much of a schema to fill in.
type genMode int

const (
	// modeRandom includes optional properties at random.
	modeRandom genMode = iota
	// modeFull includes every optional property, arrays get at least one
	// item and nullable values are never null, so every constraint of the
	// schema has a value to break (the negative and boundary probes).
	modeFull
)

const maxDepth = 6

type generator struct {
	doc  *Document
	mode genMode
}

// value draws a value for schema s. ascii limits strings to letters and
// digits (parameters); label names the draw in rapid's log.
func (g *generator) value(t *rapid.T, sv any, label string, depth int, ascii bool) any {
	s, _ := g.doc.resolve(sv)
	if s == nil {
		return "x"
	}
	s = flatten(g.doc, s)
	if c, ok := s["const"]; ok {
		return c
	}
	if e := arr(s["enum"]); len(e) > 0 {
		return rapid.SampledFrom(e).Draw(t, label)
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		if vs := arr(s[key]); len(vs) > 0 {
			i := rapid.IntRange(0, len(vs)-1).Draw(t, label+"#"+key)
			return g.value(t, vs[i], label, depth+1, ascii)
		}
	}
	switch g.pickType(t, s, label) {
	case "null":
		return nil
	case "boolean":
		return rapid.Bool().Draw(t, label)
	case "integer":
		return float64(g.integer(t, s, label))
	case "number":
		return g.number(t, s, label)
	case "array":
		return g.array(t, s, label, depth, ascii)
	case "object":
		return g.object(t, s, label, depth, ascii)
	}
	return g.str(t, s, label, ascii)
}

func (g *generator) pickType(t *rapid.T, s map[string]any, label string) string {
	ts := typeSet(g.doc, s)
	if ts == nil {
		switch {
		case s["properties"] != nil:
			return "object"
		case s["items"] != nil:
			return "array"
		}
		return "string"
	}
	nonNull := slices.DeleteFunc(slices.Clone(ts), func(x string) bool { return x == "null" })
	if len(nonNull) == 0 {
		return "null"
	}
	if len(nonNull) < len(ts) && g.mode == modeRandom && rapid.IntRange(0, 5).Draw(t, label+"#null") == 0 {
		return "null"
	}
	return rapid.SampledFrom(nonNull).Draw(t, label+"#type")
}

// intRange returns the inclusive range an integer schema allows.
func intRange(s map[string]any) (lo, hi int64) {
	lo, hi = -1<<53+1, 1<<53-1
	if str(s, "format") == "int32" {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	if v, ok := num(s, "minimum"); ok {
		lo = max(lo, int64(math.Ceil(v)))
	}
	if v, ok := num(s, "exclusiveMinimum"); ok {
		lo = max(lo, int64(math.Floor(v))+1)
	}
	if v, ok := num(s, "maximum"); ok {
		hi = min(hi, int64(math.Floor(v)))
	}
	if v, ok := num(s, "exclusiveMaximum"); ok {
		hi = min(hi, int64(math.Ceil(v))-1)
	}
	return lo, hi
}

func (g *generator) integer(t *rapid.T, s map[string]any, label string) int64 {
	lo, hi := intRange(s)
	if lo > hi {
		t.Skipf("%s: the schema allows no integer", label)
	}
	if m, ok := num(s, "multipleOf"); ok && m >= 1 && m == math.Trunc(m) {
		step := int64(m)
		first, last := ceilDiv(lo, step), floorDiv(hi, step)
		if first > last {
			t.Skipf("%s: no multiple of %d in range", label, step)
		}
		return rapid.Int64Range(first, min(last, first+1000)).Draw(t, label) * step
	}
	// One draw, no separate pick of the limits: rapid shrinks a range draw
	// towards zero (or the end nearest it), so a failing value shrinks to
	// the smallest that fails. A pick of lo or hi would be a second draw
	// the shrinker cannot trade for a smaller value, and leave the report
	// at the schema's maximum. The boundary phase sends the limits.
	a, b := max(lo, -1000), min(hi, 1000)
	if a > b {
		a, b = lo, min(hi, lo+1000)
	}
	return shrinkableRange(a, b).Draw(t, label)
}

// shrinkableRange draws from a..b (b below MaxInt64) as rapid does, but
// without its jump to the range's end: now and then rapid returns b
// whatever the random bits say, and such a draw cannot shrink (lowering
// the bits changes nothing, lowering the jump redraws from unrelated
// bits), so a failing value found that way stays at the schema's maximum.
// Drawing from a..b+1 and refusing b+1 leaves only draws whose bits carry
// the value, which rapid shrinks one bit pattern at a time to the smallest
// that fails.
func shrinkableRange(a, b int64) *rapid.Generator[int64] {
	return rapid.Int64Range(a, b+1).Filter(func(v int64) bool { return v <= b })
}

func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a > 0 {
		q++
	}
	return q
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// numRange returns the range a number schema allows.
func numRange(s map[string]any) (lo, hi float64) {
	lo, hi = -1e9, 1e9
	if v, ok := num(s, "minimum"); ok {
		lo = v
	}
	if v, ok := num(s, "exclusiveMinimum"); ok {
		lo = math.Nextafter(v, math.Inf(1))
	}
	if v, ok := num(s, "maximum"); ok {
		hi = v
	}
	if v, ok := num(s, "exclusiveMaximum"); ok {
		hi = math.Nextafter(v, math.Inf(-1))
	}
	return lo, hi
}

func (g *generator) number(t *rapid.T, s map[string]any, label string) float64 {
	if _, ok := num(s, "multipleOf"); ok {
		return float64(g.integer(t, s, label))
	}
	lo, hi := numRange(s)
	if lo > hi {
		t.Skipf("%s: the schema allows no number", label)
	}
	return rapid.Float64Range(max(lo, -1e6), min(hi, 1e6)).Draw(t, label)
}

// lengthRange returns the string or array length range of s, capping the
// upper end at lo+span when s sets none.
func lengthRange(s map[string]any, minKey, maxKey string, span int) (lo, hi int) {
	if v, ok := num(s, minKey); ok {
		lo = int(v)
	}
	hi = lo + span
	if v, ok := num(s, maxKey); ok {
		hi = int(v)
	}
	return lo, hi
}

var (
	bodyRunes  = []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.éßø日本")
	asciiRunes = []rune("abcdefghijklmnopqrstuvwxyz0123456789")
)

func (g *generator) str(t *rapid.T, s map[string]any, label string, ascii bool) string {
	lo, hi := lengthRange(s, "minLength", "maxLength", 24)
	if lo > hi {
		t.Skipf("%s: the schema allows no string", label)
	}
	if p := str(s, "pattern"); p != "" {
		if _, err := regexp.Compile(p); err != nil {
			t.Skipf("%s: pattern %q is beyond the generator: %v", label, p, err)
		}
		return rapid.StringMatching(p).Draw(t, label)
	}
	// Lengths shrink towards minLength and characters towards the first
	// rune: a failing string shrinks to the shortest that fails, and a
	// string unrelated to the failure to its smallest valid value. The
	// boundary phase sends maxLength itself.
	if f := str(s, "format"); f != "" && knownFormat(f) {
		n := int(shrinkableRange(int64(lo), int64(min(hi, lo+24))).Draw(t, label+"#len"))
		v, _ := formatted(t, f, n, lo, hi, label)
		return v
	}
	runes := bodyRunes
	if ascii {
		runes = asciiRunes
	}
	// The length is a draw of its own over the whole documented range (up
	// to lo+maxDrawnLength): rapid's own slice lengths stay near their
	// minimum, so a bug past the middle of a long maxLength was seen only
	// by the boundary phase, at maxLength itself, unshrunk.
	n := int(shrinkableRange(int64(lo), int64(min(hi, lo+maxDrawnLength))).Draw(t, label+"#len"))
	return rapid.StringOfN(rapid.SampledFrom(runes), n, n, -1).Draw(t, label)
}

// maxDrawnLength bounds the strings the randomised phases draw beyond
// minLength (lengthRange caps strings without a maxLength far lower).
const maxDrawnLength = 256

// knownFormat reports whether formatted can draw format.
func knownFormat(format string) bool {
	switch format {
	case "email", "uuid", "date-time", "date", "time", "uri", "url", "iri", "hostname", "idn-hostname", "ipv4", "ipv6", "byte":
		return true
	}
	return false
}

// formatted draws a string of a known format, of length n when the format
// allows it (else within lo..hi). ok is false for formats it does not know.
func formatted(t *rapid.T, format string, n, lo, hi int, label string) (string, bool) {
	alnum := func(k int, l string) string {
		return rapid.StringOfN(rapid.SampledFrom(asciiRunes), k, k, -1).Draw(t, l)
	}
	var v string
	switch format {
	case "email":
		return email(n, lo, hi, func(k int) string { return alnum(k, label+"#local") }), true
	case "uuid":
		b := rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, label)
		b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
		v = fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	case "date-time":
		v = drawTime(t, label).Format(time.RFC3339)
	case "date":
		v = drawTime(t, label).Format(time.DateOnly)
	case "time":
		v = drawTime(t, label).Format("15:04:05Z")
	case "uri", "url", "iri":
		v = "https://example.com/" + alnum(max(1, min(n, hi)-20), label)
	case "hostname", "idn-hostname":
		v = alnum(max(1, min(n, hi)-12), label) + ".example.com"
	case "ipv4":
		b := rapid.SliceOfN(rapid.Byte(), 4, 4).Draw(t, label)
		v = fmt.Sprintf("%d.%d.%d.%d", b[0], b[1], b[2], b[3])
	case "ipv6":
		v = fmt.Sprintf("2001:db8::%x", rapid.IntRange(1, 0xffff).Draw(t, label))
	case "byte":
		v = base64.StdEncoding.EncodeToString(rapid.SliceOfN(rapid.Byte(), 0, max(0, hi*3/4)).Draw(t, label))
	default:
		return "", false
	}
	if len([]rune(v)) < lo || len([]rune(v)) > hi {
		t.Skipf("%s: a %s value cannot have %d..%d characters", label, format, lo, hi)
	}
	return v, true
}

// email builds an address of n characters (n within lo..hi; at least 7):
// a local part of at most 64 and domain labels of at most 63.
func email(n, lo, hi int, local func(int) string) string {
	const tld = ".com"
	n = min(max(n, lo, 7), max(hi, 7))
	l := min(64, n-len(tld)-2) // leave at least one domain character
	rest := n - l - 1 - len(tld)
	var labels []string
	for rest > 0 {
		k := min(rest, 63)
		if rest-k == 1 { // a label of 0 is impossible: split evenly
			k--
		}
		labels = append(labels, strings.Repeat("d", k))
		rest -= k
		if rest > 0 {
			rest-- // the dot
		}
	}
	return local(l) + "@" + strings.Join(labels, ".") + tld
}

func drawTime(t *rapid.T, label string) time.Time {
	sec := rapid.Int64Range(0, 4102444800).Draw(t, label+"#time") // 1970..2100
	return time.Unix(sec, 0).UTC()
}

func (g *generator) array(t *rapid.T, s map[string]any, label string, depth int, ascii bool) []any {
	lo, hi := lengthRange(s, "minItems", "maxItems", 4)
	if g.mode == modeFull && hi >= 1 {
		lo = max(lo, 1)
	}
	if depth >= maxDepth {
		hi = lo
	}
	if lo > hi {
		t.Skipf("%s: the schema allows no array", label)
	}
	hi = min(hi, lo+5)
	elem := rapid.Custom(func(t *rapid.T) any { return g.value(t, s["items"], label+"[]", depth+1, ascii) })
	if boolean(s, "uniqueItems") {
		return rapid.SliceOfNDistinct(elem, lo, hi, canonical).Draw(t, label)
	}
	return rapid.SliceOfN(elem, lo, hi).Draw(t, label)
}

// canonical is the JSON text of v, as a key for uniqueness.
func canonical(v any) string { b, _ := json.Marshal(v); return string(b) }

func (g *generator) object(t *rapid.T, s map[string]any, label string, depth int, ascii bool) map[string]any {
	out := map[string]any{}
	props := obj(s["properties"])
	req := requiredSet(s)
	for _, name := range sortedKeys(props) {
		ps, _ := g.doc.resolve(props[name])
		if g.skipProperty(ps) {
			continue
		}
		if !req[name] && (depth >= maxDepth || g.mode == modeRandom && !rapid.Bool().Draw(t, label+"."+name+"?")) {
			continue
		}
		out[name] = g.value(t, props[name], label+"."+name, depth+1, ascii)
	}
	return out
}
