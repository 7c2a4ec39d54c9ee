package plan

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ParseRules parses a `validate` tag for a value of plan t (rules on a
// pointer apply to the value it points to), refusing rules that do not apply
// to its kind and conflicting rules. The vocabulary is in the package
// documentation. "required" is accepted and dropped: it is a property of the
// field (Field.Required), not of the value, and the compiler reads it itself.
func ParseRules(tag string, t *Type) (Rules, error) {
	r, _, err := parseRules(tag, t, 0)
	return r, err
}

// HasRequired reports whether a validate tag holds the rule "required" at its
// top level (before any dive). Binders of path, query and header parameters
// can use it; struct fields get it as Field.Required.
func HasRequired(tag string) bool {
	for item := range strings.SplitSeq(tag, ",") {
		switch strings.TrimSpace(item) {
		case "required":
			return true
		case "dive":
			return false
		}
		if strings.HasPrefix(strings.TrimSpace(item), "pattern=") {
			return false
		}
	}
	return false
}

func deref(t *Type) *Type {
	for t != nil && t.Kind == Pointer {
		t = t.Elem
	}
	return t
}

func describe(t *Type) string {
	if t.Go != nil {
		return t.Go.String()
	}
	return t.Kind.String()
}

// hints for the spellings of other validators.
var ruleHints = map[string]string{
	"min": "minLength, minimum or minItems", "max": "maxLength, maximum or maxItems",
	"len": "minLength and maxLength (or minItems and maxItems) with the same value",
	"gt":  "exclusiveMinimum", "gte": "minimum", "lt": "exclusiveMaximum", "lte": "maximum",
	"oneof": "enum=a|b|c", "eq": "const", "unique": "uniqueItems", "regexp": "pattern",
	"email": "format=email", "url": "format=uri", "uri": "format=uri", "uuid": "format=uuid",
	"ip": "format=ipv4 or format=ipv6", "ipv4": "format=ipv4", "ipv6": "format=ipv6",
	"hostname": "format=hostname", "datetime": "format=date-time", "omitempty": "nothing: leave it out, absence is allowed unless required",
	"minlength": "minLength", "maxlength": "maxLength", "minitems": "minItems", "maxitems": "maxItems",
	"multipleof": "multipleOf", "exclusiveminimum": "exclusiveMinimum", "exclusivemaximum": "exclusiveMaximum",
}

var knownFormats = []Format{FormatEmail, FormatURI, FormatUUID, FormatDateTime, FormatDate, FormatTime, FormatIPv4, FormatIPv6, FormatHostname}

// parseRules parses a tag (or the part of it after a dive, depth > 0).
func parseRules(tag string, t *Type, depth int) (r Rules, required bool, err error) {
	t = deref(t)
	if t == nil {
		return r, false, errors.New("no type to check rules against")
	}
	seen := map[string]bool{}
	// Every bad rule of the tag is reported at once, so a struct with four
	// mistakes takes one edit-and-run cycle, not four.
	var errs []error
	enumOpen := false // the items since an enum are bare words: enum=a,b,c
	rest := tag
items:
	for {
		rest = strings.TrimLeft(rest, " ")
		if rest == "" {
			break
		}
		var item string
		if strings.HasPrefix(rest, "pattern=") {
			item, rest = rest, ""
		} else if i := strings.IndexByte(rest, ','); i >= 0 {
			item, rest = strings.TrimSpace(rest[:i]), rest[i+1:]
		} else {
			item, rest = strings.TrimSpace(rest), ""
		}
		name, val, hasVal := strings.Cut(item, "=")
		if _, known := ruleKinds[name]; known || hasVal {
			enumOpen = name == "enum"
		}
		if name == "" {
			errs = append(errs, errors.New("empty rule (two commas in a row?)"))
			continue
		}
		if seen[name] {
			errs = append(errs, fmt.Errorf("rule %s appears twice", name))
			continue
		}
		seen[name] = true
		fail := func(format string, args ...any) error {
			return fmt.Errorf("rule %s: %s", item, fmt.Sprintf(format, args...))
		}
		wrongKind := func(what string) error {
			return fail("does not apply to %s (it is for %s)", describe(t), what)
		}
		switch name {
		case "required", "uniqueItems", "dive":
			if hasVal {
				errs = append(errs, fail("takes no value"))
				continue items
			}
		default:
			if !hasVal {
				if _, known := ruleKinds[name]; known {
					errs = append(errs, fail("needs a value (%s=…)", name))
					continue items
				}
			}
		}
		switch ruleKinds[name] {
		case forStrings:
			if t.Kind != String && t.Kind != Text {
				errs = append(errs, wrongKind("strings"))
				continue items
			}
		case forNumbers:
			if t.Kind != Int && t.Kind != Uint && t.Kind != Float {
				errs = append(errs, wrongKind("numbers"))
				continue items
			}
		case forScalars:
			if !slices.Contains([]Kind{String, Text, Int, Uint, Float, Bool}, t.Kind) {
				errs = append(errs, wrongKind("strings, numbers and bools"))
				continue items
			}
		case forItems:
			if t.Kind != Slice && t.Kind != Array {
				errs = append(errs, wrongKind("slices and arrays"))
				continue items
			}
		case forProps:
			if t.Kind != Map && t.Kind != Struct {
				errs = append(errs, wrongKind("maps and structs"))
				continue items
			}
		case forCollections:
			if t.Kind != Slice && t.Kind != Array && t.Kind != Map {
				errs = append(errs, wrongKind("slices, arrays and maps"))
				continue items
			}
		}
		switch name {
		case "required":
			if depth > 0 {
				errs = append(errs, fail("cannot follow dive: items of a collection are always present"))
				continue items
			}
			required = true
		case "dive":
			if strings.TrimSpace(rest) == "" {
				errs = append(errs, fail("must be followed by the rules for each item"))
				continue items
			}
			items, _, err := parseRules(rest, t.Elem, depth+1)
			if err != nil {
				for _, e := range unjoin(err) {
					errs = append(errs, fmt.Errorf("after dive: %w", e))
				}
				break items
			}
			r.Items = &items
			rest = ""
		case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties":
			n, err := parseCount(val)
			if err != nil {
				errs = append(errs, fail("%v", err))
				continue items
			}
			*countRule(&r, name) = &n
		case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
			n, err := parseBound(val, t)
			if err != nil {
				errs = append(errs, fail("%v", err))
				continue items
			}
			if name == "multipleOf" && n.Float <= 0 {
				errs = append(errs, fail("must be greater than 0"))
				continue items
			}
			*boundRule(&r, name) = &n
		case "pattern":
			if val == "" {
				errs = append(errs, fail("the pattern is empty"))
				continue items
			}
			if err := portablePattern(val); err != nil {
				errs = append(errs, fail("%v", err))
				continue items
			}
			re, err := regexp.Compile(val)
			if err != nil {
				errs = append(errs, fail("not a valid RE2 pattern: %v", err))
				continue items
			}
			r.Pattern = re
		case "format":
			f := Format(val)
			if !slices.Contains(knownFormats, f) {
				var names []string
				for _, k := range knownFormats {
					names = append(names, string(k))
				}
				errs = append(errs, fail("unknown format %q (known: %s)", val, strings.Join(names, ", ")))
				continue items
			}
			r.Format = f
		case "enum":
			if val == "" {
				errs = append(errs, fail("needs at least one value"))
				continue items
			}
			for lit := range strings.SplitSeq(val, "|") {
				v, err := parseValue(lit, t)
				if err != nil {
					errs = append(errs, fail("%v", err))
					continue items
				}
				for _, prev := range r.Enum {
					if sameValue(prev, v) {
						errs = append(errs, fail("the value %q is listed twice", lit))
						continue items
					}
				}
				r.Enum = append(r.Enum, v)
			}
		case "const":
			v, err := parseValue(val, t)
			if err != nil {
				errs = append(errs, fail("%v", err))
				continue items
			}
			r.Const = &v
		case "uniqueItems":
			r.UniqueItems = true
		default:
			switch h, ok := ruleHints[strings.ToLower(name)]; {
			case enumOpen:
				errs = append(errs, fmt.Errorf("unknown rule %q: enum values are separated by |, not commas (enum=a|b|c)", name))
			case ok:
				errs = append(errs, fmt.Errorf("unknown rule %q: rules are JSON Schema keywords; use %s", name, h))
			default:
				errs = append(errs, fmt.Errorf("unknown rule %q: rules are JSON Schema keywords (%s; see \"The validate vocabulary\" in the framework package documentation)", name, strings.Join(ruleNames(), ", ")))
			}
		}
	}
	if len(errs) > 0 {
		return r, false, errors.Join(errs...)
	}
	return r, required, consistent(&r, t)
}

// RuleNames lists the validate vocabulary, sorted; framework's package
// documentation has a table of it, kept in sync by a test.
func RuleNames() []string { return ruleNames() }

// ruleNames lists the vocabulary, sorted, for messages.
func ruleNames() []string {
	names := make([]string, 0, len(ruleKinds))
	for n := range ruleKinds {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

type ruleKind uint8

const (
	forAny ruleKind = iota
	forStrings
	forNumbers
	forScalars
	forItems
	forProps
	forCollections
)

var ruleKinds = map[string]ruleKind{
	"required": forAny, "dive": forCollections,
	"minLength": forStrings, "maxLength": forStrings, "pattern": forStrings, "format": forStrings,
	"minimum": forNumbers, "maximum": forNumbers, "exclusiveMinimum": forNumbers,
	"exclusiveMaximum": forNumbers, "multipleOf": forNumbers,
	"enum": forScalars, "const": forScalars,
	"minItems": forItems, "maxItems": forItems, "uniqueItems": forItems,
	"minProperties": forProps, "maxProperties": forProps,
}

func countRule(r *Rules, name string) **int {
	switch name {
	case "minLength":
		return &r.MinLength
	case "maxLength":
		return &r.MaxLength
	case "minItems":
		return &r.MinItems
	case "maxItems":
		return &r.MaxItems
	case "minProperties":
		return &r.MinProperties
	default:
		return &r.MaxProperties
	}
}

func boundRule(r *Rules, name string) **Number {
	switch name {
	case "minimum":
		return &r.Minimum
	case "maximum":
		return &r.Maximum
	case "exclusiveMinimum":
		return &r.ExclusiveMinimum
	case "exclusiveMaximum":
		return &r.ExclusiveMaximum
	default:
		return &r.MultipleOf
	}
}

// parseCount parses a non-negative decimal count.
func parseCount(s string) (int, error) {
	if s == "" {
		return 0, errors.New("needs a number")
	}
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	if neg {
		return 0, fmt.Errorf("%s is negative", s)
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return n, nil
}

// jsonNumber reports whether s is a JSON number literal (RFC 8259).
func jsonNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

// ParseNumber parses a JSON number literal into a Number (float bounds at
// 64 bits).
func ParseNumber(s string) (Number, error) { return parseNumber(s, 64) }

func parseNumber(s string, floatBits int) (Number, error) {
	if !jsonNumber(s) {
		return Number{}, fmt.Errorf("%q is not a JSON number", s)
	}
	n := Number{Text: s}
	rat, ok := new(big.Rat).SetString(s)
	if !ok {
		return Number{}, fmt.Errorf("%q is not a number", s)
	}
	f, err := strconv.ParseFloat(s, floatBits)
	if err != nil || math.IsInf(f, 0) {
		return Number{}, fmt.Errorf("%s is out of the range of a float%d", s, floatBits)
	}
	n.Float = f
	if rat.IsInt() {
		i := rat.Num()
		switch {
		case i.IsInt64():
			n.IsInt, n.Int = true, i.Int64()
		case i.IsUint64():
			n.IsUint, n.Uint = true, i.Uint64()
		}
	}
	return n, nil
}

// ratOf is the exact value of a number's literal.
func ratOf(n *Number) *big.Rat {
	r, _ := new(big.Rat).SetString(n.Text)
	return r
}

// intRange is the range of an integer plan.
func intRange(t *Type) (lo, hi *big.Rat) {
	if t.Kind == Uint {
		return new(big.Rat), new(big.Rat).SetInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(t.Bits)), big.NewInt(1)))
	}
	h := new(big.Int).Lsh(big.NewInt(1), uint(t.Bits-1))
	return new(big.Rat).SetInt(new(big.Int).Neg(h)), new(big.Rat).SetInt(new(big.Int).Sub(h, big.NewInt(1)))
}

// parseBound parses a numeric bound for a value of plan t.
func parseBound(s string, t *Type) (Number, error) {
	bits := 64
	if t.Kind == Float {
		bits = t.Bits
	}
	n, err := parseNumber(s, bits)
	if err != nil {
		return n, err
	}
	if t.Kind == Int || t.Kind == Uint {
		if !ratOf(&n).IsInt() {
			return n, fmt.Errorf("%s is not an integer, and %s holds only integers", s, describe(t))
		}
		lo, hi := intRange(t)
		if v := ratOf(&n); v.Cmp(lo) < 0 || v.Cmp(hi) > 0 {
			return n, fmt.Errorf("%s is outside the range of %s (%s to %s)", s, describe(t), lo.RatString(), hi.RatString())
		}
	}
	return n, nil
}

// parseValue parses an enum or const literal for a value of plan t.
func parseValue(s string, t *Type) (Value, error) {
	v := Value{Text: s}
	switch t.Kind {
	case String, Text:
		v.Kind, v.String = String, s
	case Bool:
		v.Kind = Bool
		switch s {
		case "true":
			v.Bool = true
		case "false":
		default:
			return v, fmt.Errorf("%q is not a bool (true or false)", s)
		}
	case Int, Uint, Float:
		n, err := parseBound(s, t)
		if err != nil {
			return v, err
		}
		v.Kind = t.Kind
		switch t.Kind {
		case Int:
			v.Int = n.Int
		case Uint:
			if n.IsUint {
				v.Uint = n.Uint
			} else {
				v.Uint = uint64(n.Int)
			}
		case Float:
			v.Float = n.Float
		}
	}
	return v, nil
}

// consistent refuses rules that contradict each other or the type.
func consistent(r *Rules, t *Type) error {
	pairs := []struct {
		min, max *int
		what     string
	}{
		{r.MinLength, r.MaxLength, "Length"}, {r.MinItems, r.MaxItems, "Items"}, {r.MinProperties, r.MaxProperties, "Properties"},
	}
	for _, p := range pairs {
		if p.min != nil && p.max != nil && *p.min > *p.max {
			return fmt.Errorf("min%s=%d is above max%s=%d", p.what, *p.min, p.what, *p.max)
		}
	}
	if t.Kind == Array {
		if r.MinItems != nil && *r.MinItems > t.Len {
			return fmt.Errorf("minItems=%d can never hold: %s always has %d items", *r.MinItems, describe(t), t.Len)
		}
		if r.MaxItems != nil && *r.MaxItems < t.Len {
			return fmt.Errorf("maxItems=%d can never hold: %s always has %d items", *r.MaxItems, describe(t), t.Len)
		}
	}
	type bound struct {
		n         *Number
		name      string
		exclusive bool
	}
	lows := []bound{{r.Minimum, "minimum", false}, {r.ExclusiveMinimum, "exclusiveMinimum", true}}
	highs := []bound{{r.Maximum, "maximum", false}, {r.ExclusiveMaximum, "exclusiveMaximum", true}}
	integer := t.Kind == Int || t.Kind == Uint
	for _, lo := range lows {
		for _, hi := range highs {
			if lo.n == nil || hi.n == nil {
				continue
			}
			a, b := ratOf(lo.n), ratOf(hi.n)
			one := big.NewRat(1, 1)
			if integer { // compare the inclusive integer bounds
				if lo.exclusive {
					a.Add(a, one)
				}
				if hi.exclusive {
					b.Sub(b, one)
				}
			}
			c := a.Cmp(b)
			if c > 0 || (!integer && c == 0 && (lo.exclusive || hi.exclusive)) {
				return fmt.Errorf("%s=%s and %s=%s leave no value allowed", lo.name, lo.n.Text, hi.name, hi.n.Text)
			}
		}
	}
	// enum and const must satisfy the other rules (fakes pick from them).
	rest := *r
	rest.Enum, rest.Const, rest.Items = nil, nil, nil
	check := func(v Value) *Violation {
		switch v.Kind {
		case String:
			return rest.CheckString(v.String)
		case Int:
			return rest.CheckInt(v.Int)
		case Uint:
			return rest.CheckUint(v.Uint)
		case Float:
			return rest.CheckFloat(v.Float)
		}
		return nil
	}
	for _, v := range r.Enum {
		if bad := check(v); bad != nil {
			return fmt.Errorf("enum value %q breaks %s: %s", v.Text, bad.Rule, bad.Message)
		}
	}
	if r.Const != nil {
		if bad := check(*r.Const); bad != nil {
			return fmt.Errorf("const value %q breaks %s: %s", r.Const.Text, bad.Rule, bad.Message)
		}
		if len(r.Enum) > 0 && !slices.ContainsFunc(r.Enum, func(v Value) bool { return sameValue(v, *r.Const) }) {
			return fmt.Errorf("const=%s is not one of the enum values", r.Const.Text)
		}
	}
	return nil
}

// portablePattern refuses RE2 syntax that JSON Schema (ECMA-262) tools read
// differently or not at all, so the document means what the codec checks.
func portablePattern(p string) error {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			if i+1 < len(p) && strings.IndexByte("AzQEC", p[i+1]) >= 0 {
				return fmt.Errorf(`\%c is RE2-only syntax that JSON Schema (ECMA-262) patterns do not share`, p[i+1])
			}
			i++
		case '(':
			if strings.HasPrefix(p[i:], "(?") && !strings.HasPrefix(p[i:], "(?:") && !strings.HasPrefix(p[i:], "(?<") {
				return errors.New("(? flags and (?P< groups are RE2-only syntax that JSON Schema (ECMA-262) patterns do not share")
			}
		case '[':
			if strings.HasPrefix(p[i:], "[[:") {
				return errors.New("[[:class:]] is RE2-only syntax that JSON Schema (ECMA-262) patterns do not share")
			}
		}
	}
	return nil
}

// sameValue compares two literals of one plan by value, not by spelling.
func sameValue(a, b Value) bool {
	a.Text, b.Text = "", ""
	return a == b
}
