package plan

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// RenameStrategy turns Go field names into wire names (DTOConfig.Strategy).
// Go names are split into words at case changes, keeping initialisms
// together ("UserID" -> User, ID; "HTTPServer" -> HTTP, Server; "IDs" stays
// one word; digits stay with the word before them, "Line2" -> Line2) and at
// underscores.
type RenameStrategy uint8

// The rename strategies, with what each makes of the Go name "UserID".
const (
	RenameNone   RenameStrategy = iota // the json tag name, else the Go name: "UserID"
	RenameCamel                        // "userId"
	RenamePascal                       // "UserId"
	RenameSnake                        // "user_id"
	RenameKebab                        // "user-id"
	RenameUpper                        // the whole Go name upper-cased: "USERID"
	RenameLower                        // the whole Go name lower-cased: "userid"
)

// String returns the strategy's name ("camel", "snake", …).
func (s RenameStrategy) String() string {
	switch s {
	case RenameNone:
		return "none"
	case RenameCamel:
		return "camel"
	case RenamePascal:
		return "pascal"
	case RenameSnake:
		return "snake"
	case RenameKebab:
		return "kebab"
	case RenameUpper:
		return "upper"
	case RenameLower:
		return "lower"
	}
	return "unknown"
}

// Apply returns the wire name the strategy makes of a Go field name.
// RenameNone returns the name unchanged.
func (s RenameStrategy) Apply(goName string) string {
	switch s {
	case RenameUpper:
		return strings.ToUpper(goName)
	case RenameLower:
		return strings.ToLower(goName)
	case RenameCamel, RenamePascal:
		var b strings.Builder
		for i, w := range SplitWords(goName) {
			if i == 0 && s == RenameCamel {
				b.WriteString(strings.ToLower(w))
				continue
			}
			r, n := utf8.DecodeRuneInString(w)
			b.WriteRune(unicode.ToUpper(r))
			b.WriteString(strings.ToLower(w[n:]))
		}
		return b.String()
	case RenameSnake, RenameKebab:
		sep := "_"
		if s == RenameKebab {
			sep = "-"
		}
		words := SplitWords(goName)
		for i, w := range words {
			words[i] = strings.ToLower(w)
		}
		return strings.Join(words, sep)
	}
	return goName
}

// SplitWords splits a Go identifier into the words the rename strategies
// join.
func SplitWords(name string) []string {
	rs := []rune(name)
	var words []string
	start := 0
	flush := func(end int) {
		if end > start {
			words = append(words, string(rs[start:end]))
		}
		start = end
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '_' || r == '-' {
			flush(i)
			start = i + 1
			continue
		}
		if i == start {
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			// userID -> user|ID, line2Text -> line2|Text
			flush(i)
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// HTTPServer -> HTTP|Server, but IDs stays whole
			if rs[i+1] == 's' && (i+2 == len(rs) || !unicode.IsLower(rs[i+2])) {
				continue
			}
			flush(i)
		}
	}
	flush(len(rs))
	return words
}
