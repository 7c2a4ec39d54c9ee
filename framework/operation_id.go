package framework

import (
	"strings"
	"unicode"
)

// operationID is a route's default operationId: a verb and the resource the
// path names, as a team would name the generated client's method. It reads
// only the method and the path template, so renaming a Go handler never
// renames a client method:
//
//	GET    /users             listUsers    (a plural last segment is a collection)
//	POST   /users             createUser
//	GET    /users/{user_id}   getUser      (a parameter last names one item)
//	PUT    /users/{user_id}   replaceUser
//	PATCH  /users/{user_id}   updateUser
//	DELETE /users/{user_id}   deleteUser
//	GET    /users/me          getMe        (a singular last segment is one thing)
//	POST   /auth/login        login        (POST to it is an action named by it)
//
// Two routes that get one id (GET /users/{id}/posts and GET /posts are both
// listPosts) are a build error naming both; give one of them OperationID.
func operationID(method, template string) string {
	var words []string // the literal segments, each in camel case
	item := false      // the template ends with a parameter
	for seg := range strings.SplitSeq(template, "/") {
		if seg == "" {
			continue
		}
		if strings.HasPrefix(seg, "{") {
			item = true
			continue
		}
		item = false
		words = append(words, camel(seg))
	}
	if len(words) == 0 {
		return strings.ToLower(method) + "Root"
	}
	last := words[len(words)-1]
	one := singular(last)
	collection := !item && one != last
	switch method {
	case "GET":
		if collection {
			return "list" + last
		}
		return "get" + one
	case "POST":
		if collection || item {
			return "create" + one
		}
		return lowerFirst(last)
	case "PUT":
		return "replace" + pick(collection, last, one)
	case "PATCH":
		return "update" + pick(collection, last, one)
	case "DELETE":
		return "delete" + pick(collection, last, one)
	}
	return strings.ToLower(method) + last
}

func pick(many bool, plural, one string) string {
	if many {
		return plural
	}
	return one
}

// camel turns a path segment into CamelCase: "email-addresses" ->
// "EmailAddresses".
func camel(seg string) string {
	var b strings.Builder
	upper := true
	for _, r := range seg {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// singular is the English singular of a CamelCase plural, or the word
// itself when it does not look plural. It knows the regular endings only;
// an irregular plural (People) is left as it is and reads as one thing.
func singular(w string) string {
	lw := strings.ToLower(w)
	switch {
	case strings.HasSuffix(lw, "ies") && len(w) > 3:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(lw, "sses"), strings.HasSuffix(lw, "xes"), strings.HasSuffix(lw, "ches"),
		strings.HasSuffix(lw, "shes"), strings.HasSuffix(lw, "uses"), strings.HasSuffix(lw, "zzes"):
		return w[:len(w)-2]
	case strings.HasSuffix(lw, "ss"), strings.HasSuffix(lw, "us"), strings.HasSuffix(lw, "is"):
		return w
	case strings.HasSuffix(lw, "s") && len(w) > 1:
		return w[:len(w)-1]
	}
	return w
}
