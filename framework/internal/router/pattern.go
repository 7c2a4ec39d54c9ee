package router

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParamType is the declared type of a path parameter, written after a colon
// in the pattern ("{user_id:int}"). The router matches structurally and never
// looks at the type; it matters for collision reports and for the framework,
// which parses and validates the value itself.
type ParamType uint8

// The parameter types. Str is the default when a parameter has no type.
const (
	Str      ParamType = iota // "str": any non-empty segment
	Int                       // "int"
	Float                     // "float"
	UUID                      // "uuid"
	Date                      // "date"
	DateTime                  // "datetime"
	Path                      // "path": the rest of the path, one or more segments; last segment only
)

var paramTypeNames = [...]string{
	Str:      "str",
	Int:      "int",
	Float:    "float",
	UUID:     "uuid",
	Date:     "date",
	DateTime: "datetime",
	Path:     "path",
}

// String returns the type's name as written in patterns ("int", "path", ...).
func (t ParamType) String() string {
	if int(t) < len(paramTypeNames) {
		return paramTypeNames[t]
	}
	return fmt.Sprintf("ParamType(%d)", uint8(t))
}

func lookupParamType(name string) (ParamType, bool) {
	for i, n := range paramTypeNames {
		if n == name {
			return ParamType(i), true
		}
	}
	return 0, false
}

// Segment is one '/'-separated piece of a parsed pattern: either static text
// or a parameter, never both.
type Segment struct {
	// Static is the unescaped text of a static segment ("%20" in the pattern
	// is a space here); it is compared with the unescaped request segment.
	// Empty for a parameter.
	Static string
	// Param is the parameter's name; empty for a static segment.
	Param string
	// Type is the parameter's declared type (Str when none was written).
	Type ParamType
}

// IsParam reports whether the segment is a parameter.
func (s Segment) IsParam() bool { return s.Param != "" }

// Param describes one path parameter of a pattern.
type Param struct {
	Name string    // as written in the pattern
	Type ParamType // declared type, Str by default
	// Segment is the index of the parameter's segment in Pattern.Segments.
	Segment int
}

// Pattern is a parsed route pattern. Build it with Parse.
type Pattern struct {
	// Raw is the pattern exactly as given to Parse.
	Raw string
	// Template is the pattern with parameter types removed and without a
	// trailing slash ("/users/{user_id}"), the form OpenAPI path keys use.
	Template string
	// Segments are the pattern's segments; the root pattern "/" has none.
	Segments []Segment
	// Params are the parameters in pattern order. Lookup fills its params
	// buffer in this same order.
	Params []Param
}

// String returns the raw pattern.
func (p Pattern) String() string { return p.Raw }

// ParseError reports a malformed pattern.
type ParseError struct {
	Pattern string // the pattern as given
	Reason  string // what is wrong with it
}

// Error implements error.
func (e *ParseError) Error() string {
	return fmt.Sprintf("router: invalid pattern %q: %s", e.Pattern, e.Reason)
}

// Parse parses a route pattern such as "/users/{user_id:int}" or
// "/files/{rest:path}".
//
// A pattern starts with '/'. Segments are separated by '/'; one trailing
// slash is ignored ("/users/" is "/users"), empty segments ("/a//b") are
// refused. A segment is either static text or a whole parameter "{name}" or
// "{name:type}": a parameter mixed with text inside one segment ("/a{b}") is
// refused. Names start with a letter or '_' and continue with letters,
// digits, '_', '-' or '.'; they must be unique within the pattern. Types are
// str (the default), int, float, uuid, date, datetime and path; a path
// parameter must be the last segment. Static text may use the characters
// RFC 3986 allows in a path segment, percent-escapes and non-ASCII UTF-8;
// "." and ".." segments are refused because clients resolve them before
// sending.
func Parse(pattern string) (Pattern, error) {
	fail := func(format string, args ...any) (Pattern, error) {
		return Pattern{}, &ParseError{Pattern: pattern, Reason: fmt.Sprintf(format, args...)}
	}
	if pattern == "" {
		return fail("empty pattern")
	}
	if pattern[0] != '/' {
		return fail("must start with '/'")
	}
	body := pattern[1:]
	if strings.HasSuffix(body, "/") {
		body = body[:len(body)-1]
	}
	p := Pattern{Raw: pattern}
	if body == "" {
		if len(pattern) > 1 {
			return fail("empty segment")
		}
		p.Template = "/"
		return p, nil
	}
	var tmpl strings.Builder
	raws := strings.Split(body, "/")
	for i, raw := range raws {
		tmpl.WriteByte('/')
		if raw == "" {
			return fail("empty segment %d", i+1)
		}
		if raw[0] != '{' {
			if j := strings.IndexAny(raw, "{}"); j >= 0 {
				return fail("segment %q: %s", raw, braceReason(raw[j]))
			}
			static, err := parseStatic(raw)
			if err != "" {
				return fail("segment %q: %s", raw, err)
			}
			p.Segments = append(p.Segments, Segment{Static: static})
			tmpl.WriteString(raw)
			continue
		}
		if strings.IndexByte(raw[1:], '{') >= 0 {
			return fail("segment %q: nested braces", raw)
		}
		end := strings.IndexByte(raw, '}')
		switch {
		case end < 0:
			return fail("segment %q: missing '}'", raw)
		case end != len(raw)-1:
			return fail("segment %q: a parameter must fill the whole segment", raw)
		}
		inner := raw[1:end]
		name, typ, hasType := strings.Cut(inner, ":")
		if name == "" {
			return fail("segment %q: empty parameter name", raw)
		}
		if !validName(name) {
			return fail("segment %q: parameter name %q must start with a letter or '_' and contain only letters, digits, '_', '-' or '.'", raw, name)
		}
		pt := Str
		if hasType {
			var ok bool
			if pt, ok = lookupParamType(typ); !ok {
				return fail("segment %q: unknown parameter type %q (want str, int, float, uuid, date, datetime or path)", raw, typ)
			}
		}
		if pt == Path && i != len(raws)-1 {
			return fail("segment %q: a path parameter must be the last segment", raw)
		}
		for _, q := range p.Params {
			if q.Name == name {
				return fail("duplicate parameter name %q", name)
			}
		}
		p.Params = append(p.Params, Param{Name: name, Type: pt, Segment: i})
		p.Segments = append(p.Segments, Segment{Param: name, Type: pt})
		tmpl.WriteString("{" + name + "}")
	}
	p.Template = tmpl.String()
	return p, nil
}

func braceReason(b byte) string {
	if b == '}' {
		return "unexpected '}'"
	}
	return "a parameter must fill the whole segment"
}

func validName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// parseStatic checks a static segment's characters and returns its
// unescaped text, or a reason it is invalid.
func parseStatic(raw string) (string, string) {
	if raw == "." || raw == ".." {
		return "", "dot segments are not allowed"
	}
	escaped := false
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '%':
			if i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2]) {
				return "", "invalid percent-escape"
			}
			escaped = true
			i += 3
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(raw[i:])
			if r == utf8.RuneError && size <= 1 {
				return "", "invalid UTF-8"
			}
			i += size
		case isPathChar(c):
			i++
		default:
			return "", fmt.Sprintf("invalid character %q", c)
		}
	}
	if !escaped {
		return raw, ""
	}
	s, ok := unescape(raw)
	if !ok {
		return "", "invalid percent-escape"
	}
	return s, ""
}

// isPathChar reports whether c is an RFC 3986 pchar other than a
// percent-escape: unreserved, sub-delims, ':' or '@'.
func isPathChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0
}
