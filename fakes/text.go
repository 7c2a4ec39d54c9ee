package fakes

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/starling-http/starling/internal/plan"
)

// lengths returns the code-point bounds of a string under r; hi is -1 when
// unbounded.
func lengths(r *plan.Rules) (lo, hi int) {
	hi = -1
	if r.MinLength != nil {
		lo = *r.MinLength
	}
	if r.MaxLength != nil {
		hi = *r.MaxLength
	}
	return lo, hi
}

// str makes a string that satisfies r, realistic for name when it can be.
func (g *gen) str(r *plan.Rules, name string) (string, error) {
	switch {
	case r.Const != nil:
		return r.Const.String, nil
	case len(r.Enum) > 0:
		return r.Enum[g.intn(len(r.Enum))].String, nil
	}
	lo, hi := lengths(r)
	if hi >= 0 && lo > hi {
		return "", fmt.Errorf("minLength %d is above maxLength %d", lo, hi)
	}
	var re *regex
	if r.Pattern != nil {
		var err error
		if re, err = g.regexFor(r.Pattern); err != nil && r.Format == "" {
			return "", err
		}
	}
	const attempts = 200
	for i := range attempts {
		var s string
		switch {
		case r.Format != "" && (re == nil || i%2 == 0):
			s = g.format(string(r.Format), lo, hi, name, i)
		case re != nil:
			s = g.pattern(re, lo, hi, i)
		case i < 4 && realistic(name):
			s = fit(g.realistic(name, lo, hi), hi)
		default:
			s = g.text(lo, hi, name)
		}
		if r.CheckString(s) == nil {
			return s, nil
		}
	}
	return "", fmt.Errorf("cannot make a string that satisfies %s (tried %d times)", describeRules(r), attempts)
}

// describeRules lists the string rules of r for error messages.
func describeRules(r *plan.Rules) string {
	var parts []string
	if r.MinLength != nil {
		parts = append(parts, fmt.Sprintf("minLength=%d", *r.MinLength))
	}
	if r.MaxLength != nil {
		parts = append(parts, fmt.Sprintf("maxLength=%d", *r.MaxLength))
	}
	if r.Format != "" {
		parts = append(parts, "format="+string(r.Format))
	}
	if r.Pattern != nil {
		parts = append(parts, "pattern="+r.Pattern.String())
	}
	return strings.Join(parts, ",")
}

// fit cuts s to at most hi code points, without trailing spaces.
func fit(s string, hi int) string {
	if hi < 0 || utf8.RuneCountInString(s) <= hi {
		return s
	}
	return strings.TrimRightFunc(string([]rune(s)[:hi]), unicode.IsSpace)
}

// nonASCII are letters mixed into free text, so that lengths are proven to
// count code points, not bytes.
var nonASCII = []rune("éüøñßçåœ日本ž")

// text makes free text of lo to hi code points from words.
func (g *gen) text(lo, hi int, name string) string {
	top := max(lo, 8) + 16
	if hi >= 0 {
		top = min(top, hi)
	}
	n := lo
	if top > lo {
		n += g.intn(top - lo + 1)
	}
	if n == 0 && top > 0 {
		n = 1
	}
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.word())
	}
	rs := []rune(b.String())[:n]
	if n > 0 && rs[n-1] == ' ' {
		rs[n-1] = 'a'
	}
	if n > 0 && g.intn(4) == 0 {
		rs[g.intn(n)] = nonASCII[g.intn(len(nonASCII))]
	}
	return string(rs)
}

// word returns one lower-case word.
func (g *gen) word() string {
	w := strings.ToLower(g.fk.Noun())
	if w == "" || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) {
		w = strings.ToLower(g.fk.Word())
	}
	if w == "" {
		w = "word"
	}
	return w
}

var (
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// textFormats are the shapes tried for Text kinds (uuid.UUID, netip.Addr …)
// whose rules do not say which text their UnmarshalText reads.
var textFormats = []plan.Rules{
	{}, {Format: "uuid"}, {Format: "ipv4"}, {Format: "ipv6"}, {Format: "date-time"},
	{Format: "date"}, {Format: "time"}, {Format: "email"}, {Format: "uri"}, {Format: "hostname"},
}

// text fills a Text kind: a string made from r, through UnmarshalText, whose
// MarshalText again satisfies r.
func (g *gen) textValue(t *plan.Type, r *plan.Rules, name string, v reflect.Value) error {
	var lastErr error
	for i := range 4 * len(textFormats) {
		rr := *r
		if rr.Format == "" && rr.Pattern == nil && rr.Const == nil && len(rr.Enum) == 0 {
			rr.Format = textFormats[i%len(textFormats)].Format
		}
		s, err := g.str(&rr, name)
		if err != nil {
			lastErr = err
			continue
		}
		p := reflect.New(t.Go)
		if err := p.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			lastErr = err
			continue
		}
		out, err := p.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil || r.CheckString(string(out)) != nil {
			lastErr = fmt.Errorf("%s text %q does not satisfy its rules", t.Go, out)
			continue
		}
		v.Set(p.Elem())
		return nil
	}
	return fmt.Errorf("cannot make a %s: %v", t.Go, lastErr)
}
