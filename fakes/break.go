package fakes

import (
	"encoding"
	"math/big"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/starling-http/starling/internal/plan"
)

// This file makes the values that break one rule, or sit at its limit.

const breakAttempts = 100

// strings adds the variants of a string or Text value's rules.
func (s *variantSet[T]) strings(t *plan.Type, r *plan.Rules, l loc, name string) {
	choice := r.Const != nil || len(r.Enum) > 0
	type brk struct {
		rule  string
		minus plan.Rules        // r without the rule
		past  plan.Rules        // what the breaking value is made from
		ok    func(string) bool // extra test on the breaking value
		at    *plan.Rules       // the at-the-limit value's rules, for bounds
	}
	var brks []brk
	if r.Const != nil {
		m := *r
		m.Const = nil
		brks = append(brks, brk{rule: "const", minus: m, past: m, ok: func(x string) bool { return x != r.Const.String }})
	} else if len(r.Enum) > 0 {
		m := *r
		m.Enum = nil
		brks = append(brks, brk{rule: "enum", minus: m, past: m})
	}
	if !choice {
		if r.MinLength != nil && *r.MinLength > 0 {
			m := *r
			m.MinLength = nil
			p, a := m, *r
			n, k := *r.MinLength-1, *r.MinLength
			p.MinLength, p.MaxLength = &n, &n
			a.MinLength, a.MaxLength = &k, &k
			brks = append(brks, brk{rule: "minLength", minus: m, past: p, at: &a})
		}
		if r.MaxLength != nil {
			m := *r
			m.MaxLength = nil
			p, a := m, *r
			n, k := *r.MaxLength+1, *r.MaxLength
			p.MinLength, p.MaxLength = &n, &n
			a.MinLength, a.MaxLength = &k, &k
			brks = append(brks, brk{rule: "maxLength", minus: m, past: p, at: &a})
		}
		if r.Pattern != nil {
			m := *r
			m.Pattern = nil
			brks = append(brks, brk{rule: "pattern", minus: m, past: m})
		}
		if r.Format != "" {
			m := *r
			m.Format = ""
			f := string(r.Format)
			brks = append(brks, brk{rule: "format", minus: m, past: m, ok: func(x string) bool { return clearlyNotFormat(f, x) }})
		}
	}
	for _, b := range brks {
		past, found := s.findString(t, &b.past, name, func(x string) bool {
			v := r.CheckString(x)
			return v != nil && v.Rule == b.rule && b.minus.CheckString(x) == nil && (b.ok == nil || b.ok(x))
		})
		if !found {
			s.skip(l.ptr, b.rule)
			continue
		}
		pair := b.at != nil
		if pair {
			at, found := s.findString(t, b.at, name, func(x string) bool { return r.CheckString(x) == nil })
			if found {
				s.emitString(t, l, b.rule, true, true, at)
			}
		}
		s.emitString(t, l, b.rule, false, pair, past)
	}
}

// findString makes strings from r until one passes ok. For Text kinds the
// string must also survive UnmarshalText and MarshalText unchanged.
func (s *variantSet[T]) findString(t *plan.Type, r *plan.Rules, name string, ok func(string) bool) (string, bool) {
	for i := range breakAttempts {
		rr := *r
		if i >= 3 {
			name = "" // realistic values are alike: go on with free text
		}
		if t.Kind == plan.Text && rr.Format == "" && i%2 == 1 {
			rr.Format = textFormats[i/2%len(textFormats)].Format // text the type may read
		}
		x, err := s.g.str(&rr, name)
		if err != nil {
			if i > 4 {
				return "", false
			}
			continue
		}
		if i < breakAttempts/2 && r.MinLength != nil && *r.MinLength > 0 && utf8.RuneCountInString(x) == len(x) {
			continue // prefer a multi-byte rune in a length variant, to show code points count
		}
		if ok(x) && (t.Kind != plan.Text || textRoundTrips(t, x)) {
			return x, true
		}
	}
	return "", false
}

func textRoundTrips(t *plan.Type, x string) bool {
	p := reflect.New(t.Go)
	if p.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(x)) != nil {
		return false
	}
	out, err := p.Interface().(encoding.TextMarshaler).MarshalText()
	return err == nil && string(out) == x
}

func (s *variantSet[T]) emitString(t *plan.Type, l loc, rule string, valid, pair bool, x string) {
	s.typed(l, t, rule, valid, pair, func(v reflect.Value) {
		if t.Kind == plan.Text {
			_ = v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(x))
			return
		}
		v.SetString(x)
	})
}

// clearlyNotFormat reports whether x breaks format f by a margin that every
// JSON Schema validator sees, not only the codec's stricter reading.
func clearlyNotFormat(f, x string) bool {
	switch f {
	case "email":
		return !strings.Contains(x, "@")
	case "uri":
		return !strings.Contains(x, ":")
	case "hostname":
		return strings.ContainsAny(x, " _!,") || x == ""
	}
	var r plan.Rules
	for _, fr := range textFormats {
		if string(fr.Format) == f {
			r = fr
		}
	}
	return !r.Format.Valid(x)
}

// numbers adds the variants of a number's rules and its type's width.
func (s *variantSet[T]) numbers(t *plan.Type, r *plan.Rules, l loc) {
	choice := r.Const != nil || len(r.Enum) > 0
	set := func(x *big.Rat) func(v reflect.Value) {
		return func(v reflect.Value) { _ = setNumber(t, v, x) }
	}
	// ok reports whether x, stored in t, breaks rule alone.
	ok := func(x *big.Rat, rule string, minus *plan.Rules) bool {
		v := reflect.New(t.Go).Elem()
		if setNumber(t, v, x) != nil {
			return false
		}
		schemaSees := t.Kind != plan.Float || rule == "enum" || rule == "const" || !exactNumber(t, r, v)
		return checkNumber(t, r, v) == rule && checkNumber(t, minus, v) == "" && exactNumber(t, minus, v) && schemaSees
	}
	valid := func(x *big.Rat) bool {
		v := reflect.New(t.Go).Elem()
		return setNumber(t, v, x) == nil && checkNumber(t, r, v) == "" && exactNumber(t, r, v)
	}
	grid := func(nr numRange, k *big.Int) *big.Rat { return new(big.Rat).Mul(new(big.Rat).SetInt(k), nr.step) }

	for _, b := range []struct {
		rule      string
		lower     bool
		exclusive bool
		present   bool
	}{
		{"minimum", true, false, r.Minimum != nil},
		{"exclusiveMinimum", true, true, r.ExclusiveMinimum != nil},
		{"maximum", false, false, r.Maximum != nil},
		{"exclusiveMaximum", false, true, r.ExclusiveMaximum != nil},
	} {
		if !b.present || choice {
			continue
		}
		minus := *r
		bn := r.Minimum // the bound, shared: plans are read-only
		switch b.rule {
		case "minimum":
			minus.Minimum = nil
		case "exclusiveMinimum":
			bn, minus.ExclusiveMinimum = r.ExclusiveMinimum, nil
		case "maximum":
			bn, minus.Maximum = r.Maximum, nil
		case "exclusiveMaximum":
			bn, minus.ExclusiveMaximum = r.ExclusiveMaximum, nil
		}
		text := bn.Text
		// The other side of the bound: values beyond it satisfying minus.
		beyond := minus
		switch {
		case b.lower && b.exclusive:
			beyond.Maximum = bn
		case b.lower:
			beyond.ExclusiveMaximum = bn
		case b.exclusive:
			beyond.Minimum = bn
		default:
			beyond.ExclusiveMinimum = bn
		}
		// At the limit: the valid value nearest the bound.
		if nr, found := rangeOf(t, r); found {
			k := nr.hi
			if b.lower {
				k = nr.lo
			}
			if x := grid(nr, k); valid(x) && (b.exclusive || x.Cmp(rat(text)) == 0) {
				s.typed(l, t, b.rule, true, true, set(x))
			}
		}
		if nr, found := rangeOf(t, &beyond); found {
			k := nr.lo
			if b.lower {
				k = nr.hi
			}
			if x := grid(nr, k); ok(x, b.rule, &minus) {
				s.typed(l, t, b.rule, false, true, set(x))
				continue
			}
		}
		// Beyond the Go type's width: only JSON can say it.
		step := stepOf(t, r)
		x := new(big.Rat).Set(rat(text))
		if b.lower {
			x = floorTo(x, step, !b.exclusive, -1)
		} else {
			x = floorTo(x, step, !b.exclusive, +1)
		}
		lit := ratLiteral(x)
		s.raw(l.ptr, b.rule, true, func(body any) (any, bool) { return jsonSet(body, l.ptr, number(lit)) })
	}
	// The width of integer types, where no rule bounds that side.
	// uint64 has no maximum in the document: JSON Schema validators read
	// numbers as float64, in which 2^64-1 and 2^64 are one number.
	if (t.Kind == plan.Int && t.Bits < 64 || t.Kind == plan.Uint) && !choice {
		lo, hi := widthBounds(t)
		step := stepOf(t, r)
		if r.Minimum == nil && r.ExclusiveMinimum == nil {
			if x := ceilTo(lo, step); valid(x) {
				s.typed(l, t, "minimum", true, true, set(x))
			}
			lit := ratLiteral(floorTo(lo, step, true, -1))
			s.raw(l.ptr, "minimum", true, func(body any) (any, bool) { return jsonSet(body, l.ptr, number(lit)) })
		}
		if r.Maximum == nil && r.ExclusiveMaximum == nil && t.Bits < 64 {
			if x := new(big.Rat).Mul(new(big.Rat).SetInt(floorDiv(hi, step, false)), step); valid(x) {
				s.typed(l, t, "maximum", true, true, set(x))
			}
			lit := ratLiteral(floorTo(hi, step, true, +1))
			s.raw(l.ptr, "maximum", true, func(body any) (any, bool) { return jsonSet(body, l.ptr, number(lit)) })
		}
	}
	// multipleOf, enum and const: a value in range that is not allowed.
	for _, rule := range []string{"multipleOf", "enum", "const"} {
		minus := *r
		switch {
		case rule == "multipleOf" && r.MultipleOf != nil && !choice:
			minus.MultipleOf = nil
		case rule == "enum" && len(r.Enum) > 0 && r.Const == nil:
			minus.Enum = nil
		case rule == "const" && r.Const != nil:
			minus.Const = nil
		default:
			continue
		}
		nr, found := rangeOf(t, &minus)
		done := false
		for i := 0; found && i < breakAttempts && !done; i++ {
			var x *big.Rat
			if rule == "const" && len(r.Enum) > 0 {
				x = rat(r.Enum[s.g.intn(len(r.Enum))].Text)
			} else {
				x = grid(nr, s.g.pick(nr))
			}
			if rule == "multipleOf" && t.Kind == plan.Float {
				x.Add(x, new(big.Rat).Quo(rat(r.MultipleOf.Text), big.NewRat(2, 1))) // off the grid
			}
			if ok(x, rule, &minus) {
				s.typed(l, t, rule, false, false, set(x))
				done = true
			}
		}
		if !done {
			s.skip(l.ptr, rule)
		}
	}
}

// stepOf is the grid step of a numeric plan under r.
func stepOf(t *plan.Type, r *plan.Rules) *big.Rat {
	nr, _ := rangeOf(t, &plan.Rules{MultipleOf: r.MultipleOf})
	return nr.step
}

// floorTo returns the grid value next to x in direction dir (-1 below, +1
// above), strictly beyond x when strict, else x itself when on the grid.
func floorTo(x, step *big.Rat, strict bool, dir int) *big.Rat {
	var k *big.Int
	if dir < 0 {
		k = floorDiv(x, step, strict)
	} else {
		k = ceilDiv(x, step, strict)
	}
	return new(big.Rat).Mul(new(big.Rat).SetInt(k), step)
}

func ceilTo(x, step *big.Rat) *big.Rat { return floorTo(x, step, false, +1) }

// ratLiteral writes x as a JSON number literal.
func ratLiteral(x *big.Rat) string {
	if x.IsInt() {
		return x.Num().String()
	}
	for prec := 1; prec < 40; prec++ {
		s := x.FloatString(prec)
		if y, _ := new(big.Rat).SetString(s); y.Cmp(x) == 0 {
			return s
		}
	}
	return x.FloatString(40)
}
