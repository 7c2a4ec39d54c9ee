package fakes

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Strings for a pattern are generated from the parsed RE2 syntax tree
// (regexp/syntax), then checked against the compiled pattern and the other
// rules; a miss is retried with other choices (rejection sampling).
//
// Generated: literals (case-folded ones in random case), character classes
// (negated ones too, \d \w \s, \pL and other Unicode classes), . (with and
// without s), alternation, capturing and non-capturing groups, the
// repetitions * + ? {n} {n,} {n,m} (lazy forms alike), and the anchors ^ $
// \A \z at the edges of the pattern. Patterns are unanchored, as JSON Schema
// reads them, so a match too short for minLength is padded on an unanchored
// side.
//
// By rejection only: \b and \B (generated as nothing, then checked), anchors
// inside the pattern ("a^b"), and patterns whose branches must agree with
// each other or with a format.
//
// Refused: patterns that can match nothing ([^\x00-\x{10FFFF}]) and, after
// 200 tries, any combination of pattern, lengths and format that sampling
// cannot satisfy; Make then fails the test naming the field and its rules.

// regex is a pattern ready for generation.
type regex struct {
	re         *regexp.Regexp
	tree       *syntax.Regexp
	begin, end bool // anchored at the start, at the end
}

// regexFor parses a field's pattern for generation. Parsed trees are kept by
// the generator that asked, for the one value it makes, so nothing outlives
// the call: a process-wide cache keyed by the plans' patterns would only grow.
func (g *gen) regexFor(re *regexp.Regexp) (*regex, error) {
	if x, ok := g.regexes[re]; ok {
		return x, nil
	}
	x, err := parseRegex(re)
	if err != nil {
		return nil, err
	}
	if g.regexes == nil {
		g.regexes = make(map[*regexp.Regexp]*regex)
	}
	g.regexes[re] = x
	return x, nil
}

func parseRegex(re *regexp.Regexp) (*regex, error) {
	pattern := re.String()
	tree, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("pattern %s: %w", pattern, err)
	}
	if noMatch(tree) {
		return nil, fmt.Errorf("pattern %s matches no string", pattern)
	}
	x := &regex{re: re, tree: tree}
	x.begin, x.end = anchored(tree)
	return x, nil
}

func noMatch(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpNoMatch:
		return true
	case syntax.OpCharClass:
		return len(re.Rune) == 0
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if noMatch(s) {
				return true
			}
		}
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !noMatch(s) {
				return false
			}
		}
		return true
	case syntax.OpCapture, syntax.OpPlus:
		return noMatch(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min > 0 && noMatch(re.Sub[0])
	}
	return false
}

// anchored reports whether the pattern starts with ^ or \A and ends with $ or \z.
func anchored(re *syntax.Regexp) (begin, end bool) {
	isBegin := func(r *syntax.Regexp) bool { return r.Op == syntax.OpBeginText || r.Op == syntax.OpBeginLine }
	isEnd := func(r *syntax.Regexp) bool { return r.Op == syntax.OpEndText || r.Op == syntax.OpEndLine }
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op == syntax.OpConcat && len(re.Sub) > 0 {
		return isBegin(re.Sub[0]), isEnd(re.Sub[len(re.Sub)-1])
	}
	return isBegin(re), isEnd(re)
}

// pattern makes a string matching re with lo to hi code points; attempt
// varies how far unbounded repetitions reach.
func (g *gen) pattern(re *regex, lo, hi, attempt int) string {
	// With the far reach of repeat (one time in three), lo-1 and hi-1 make
	// strings of exactly lo or hi code points from a pattern such as [a-z]+.
	extras := []int{2, 4, 8, lo - 1, lo, 16, hi - 1, hi, 2 * lo, 32}
	extra := extras[attempt%len(extras)]
	var b strings.Builder
	g.walk(re.tree, &b, max(extra, 1))
	s := b.String()
	n := utf8.RuneCountInString(s)
	if n < lo && (!re.begin || !re.end) {
		pad := g.text(lo-n, lo-n, "")
		if !re.end {
			s += pad
		} else {
			s = pad + s
		}
	}
	return s
}

// walk appends a string the node matches.
func (g *gen) walk(re *syntax.Regexp, b *strings.Builder, extra int) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 && g.intn(2) == 0 {
				r = unicode.SimpleFold(r)
			}
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		b.WriteRune(g.classRune(re.Rune))
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteRune(g.classRune(anyRunes))
	case syntax.OpCapture:
		g.walk(re.Sub[0], b, extra)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			g.walk(s, b, extra)
		}
	case syntax.OpAlternate:
		g.walk(re.Sub[g.intn(len(re.Sub))], b, extra)
	case syntax.OpStar:
		g.repeat(re.Sub[0], b, 0, -1, extra)
	case syntax.OpPlus:
		g.repeat(re.Sub[0], b, 1, -1, extra)
	case syntax.OpQuest:
		g.repeat(re.Sub[0], b, 0, 1, extra)
	case syntax.OpRepeat:
		g.repeat(re.Sub[0], b, re.Min, re.Max, extra)
	}
	// OpEmptyMatch, anchors and word boundaries match the empty string.
}

func (g *gen) repeat(re *syntax.Regexp, b *strings.Builder, lo, hi, extra int) {
	if hi < 0 {
		hi = lo + extra
		if g.intn(3) == 0 {
			lo = hi // reach far now and then, for long minLengths
		}
	}
	n := lo + g.intn(hi-lo+1)
	for range n {
		g.walk(re, b, extra)
	}
}

// anyRunes is what . matches that generation uses.
var anyRunes = []rune{'0', '9', 'A', 'Z', 'a', 'z', ' ', '~', 'à', 'ÿ'}

// classRune picks a rune from a class given as ranges: letters and digits
// when the class has them, else printable ASCII, else any valid rune.
func (g *gen) classRune(ranges []rune) rune {
	for _, pref := range [][]rune{{'0', '9', 'A', 'Z', 'a', 'z'}, {' ', '~'}, {0xA0, 0xD7FF, 0xE000, 0xFFFD, 0x10000, unicode.MaxRune}, {0, unicode.MaxRune}} {
		if g.intn(8) == 0 && pref[0] == '0' {
			continue // sometimes skip letters, to show punctuation classes too
		}
		in := intersect(ranges, pref)
		if len(in) == 0 {
			continue
		}
		total := 0
		for i := 0; i < len(in); i += 2 {
			total += int(in[i+1]-in[i]) + 1
		}
		k := g.intn(total)
		for i := 0; i < len(in); i += 2 {
			size := int(in[i+1]-in[i]) + 1
			if k < size {
				r := in[i] + rune(k)
				if utf8.ValidRune(r) {
					return r
				}
				break
			}
			k -= size
		}
	}
	if len(ranges) > 0 {
		return ranges[0]
	}
	return 'a'
}

// intersect returns the ranges common to two sorted range lists.
func intersect(a, b []rune) []rune {
	var out []rune
	for i := 0; i < len(a); i += 2 {
		for j := 0; j < len(b); j += 2 {
			lo, hi := max(a[i], b[j]), min(a[i+1], b[j+1])
			if lo > hi {
				continue
			}
			if lo <= 0xDFFF && hi >= 0xD800 { // no surrogates
				if lo < 0xD800 {
					out = append(out, lo, 0xD7FF)
				}
				if hi > 0xDFFF {
					out = append(out, 0xE000, hi)
				}
				continue
			}
			out = append(out, lo, hi)
		}
	}
	return out
}
