package router

import (
	"fmt"
	"strings"
)

// Result says how a lookup ended.
type Result uint8

// The lookup results. The zero value is NotFound.
const (
	// NotFound: no pattern matches the path (answer 404).
	NotFound Result = iota
	// Found: Match.Route is the route to run.
	Found
	// MethodNotAllowed: patterns match the path but none is registered for
	// the method (answer 405 with Match.Allow as the Allow header).
	MethodNotAllowed
	// Options: the method is OPTIONS, no OPTIONS route matches, and other
	// routes do (answer 204 with Match.Allow as the Allow header).
	Options
)

var resultNames = [...]string{NotFound: "NotFound", Found: "Found", MethodNotAllowed: "MethodNotAllowed", Options: "Options"}

// String returns the result's name.
func (r Result) String() string {
	if int(r) < len(resultNames) {
		return resultNames[r]
	}
	return fmt.Sprintf("Result(%d)", uint8(r))
}

// Match is the outcome of a Lookup.
type Match[H any] struct {
	// Result says which of the other fields are set.
	Result Result
	// Route is the matched route when Result is Found. For a HEAD request
	// answered by a GET route, Route.Method is "GET" and the caller must not
	// write a body.
	Route *Route[H]
	// NParams is the number of values written to the params buffer (Found
	// only); they belong to Route.Pattern.Params, in order.
	NParams int
	// Allow is the Allow header value when Result is MethodNotAllowed or
	// Options: the sorted methods that would succeed, e.g. "GET, HEAD, OPTIONS".
	Allow string
}

// Lookup finds the route for method and escapedPath (r.URL.EscapedPath()).
//
// An empty path is "/"; a path that does not start with '/' (such as the
// "*" of "OPTIONS *") is NotFound. The path is split on literal '/' before
// anything is unescaped, so "%2F" stays inside its segment. One trailing
// slash is ignored ("/users/" matches "/users"); empty segments match nothing. Dot segments are not resolved: "."
// and ".." are ordinary segment text. A static segment of a pattern matches a
// path segment that unescapes to it; a parameter matches any non-empty
// segment, whatever its declared type; a path parameter matches the
// non-empty rest of the path. A segment with an invalid percent-escape
// matches nothing, so such a path is NotFound.
//
// When several patterns match, static segments beat parameters, which beat
// path parameters, segment by segment from the left, backtracking as needed;
// the first matching pattern with a route for the method wins. HEAD falls
// back to the GET route of a pattern that has no HEAD route. OPTIONS without
// an OPTIONS route gives Options.
//
// On Found the parameter values are written to params, unescaped, in pattern
// order. params must have at least MaxParams elements; Lookup panics
// otherwise. Lookup allocates only to unescape values that contain '%', and
// to build the Allow value when several patterns with different methods
// match.
func (t *Tree[H]) Lookup(method, escapedPath string, params []string) Match[H] {
	if len(params) < t.maxParams {
		panic("router: Lookup params buffer is shorter than Tree.MaxParams")
	}
	path, ok := normalize(escapedPath)
	if !ok {
		return Match[H]{}
	}
	if r, n := t.root.find(method, path, 1, params, 0); r != nil {
		for i, v := range params[:n] {
			params[i], _ = unescape(v) // find checked the escapes
		}
		return Match[H]{Result: Found, Route: r, NParams: n}
	}
	allow := t.root.allowFor(path)
	switch {
	case allow == "":
		return Match[H]{}
	case method == "OPTIONS":
		return Match[H]{Result: Options, Allow: allow}
	default:
		return Match[H]{Result: MethodNotAllowed, Allow: allow}
	}
}

// Allow returns the Allow header value for escapedPath: the sorted methods
// registered for the patterns that match it, plus HEAD when GET is among them
// and OPTIONS; "" when no pattern matches.
func (t *Tree[H]) Allow(escapedPath string) string {
	path, ok := normalize(escapedPath)
	if !ok {
		return ""
	}
	return t.root.allowFor(path)
}

// normalize strips one trailing slash (not from "/", nor from a path ending
// in "//") and reports whether the path is absolute. After it, a path ends
// in '/' only when it is "/" or has an empty last segment.
func normalize(p string) (string, bool) {
	if p == "" {
		return "/", true
	}
	if p[0] != '/' {
		return "", false
	}
	if n := len(p); n > 1 && p[n-1] == '/' && p[n-2] != '/' {
		p = p[:n-1]
	}
	return p, true
}

// segment returns the segment of path starting at pos and the position of
// the next segment (len(path) after the last one).
func segment(path string, pos int) (seg string, next int) {
	end := strings.IndexByte(path[pos:], '/')
	if end < 0 {
		return path[pos:], len(path)
	}
	return path[pos : pos+end], pos + end + 1
}

// find returns the first route for method below n matching path[pos:], in
// priority order, and the number of params written.
func (n *node[H]) find(method, path string, pos int, params []string, np int) (*Route[H], int) {
	if pos == len(path) {
		return n.route(method), np
	}
	seg, next := segment(path, pos)
	if seg == "" {
		return nil, 0
	}
	if c := n.staticChild(seg); c != nil {
		if r, k := c.find(method, path, next, params, np); r != nil {
			return r, k
		}
	}
	if n.param != nil && validEscapes(seg) {
		params[np] = seg
		if r, k := n.param.find(method, path, next, params, np+1); r != nil {
			return r, k
		}
	}
	if n.catchAll != nil && validRest(path[pos:]) {
		if r := n.catchAll.route(method); r != nil {
			params[np] = path[pos:]
			return r, np + 1
		}
	}
	return nil, 0
}

// route returns n's route for method, or for GET when method is HEAD.
func (n *node[H]) route(method string) *Route[H] {
	for _, r := range n.routes {
		if r.Method == method {
			return r
		}
	}
	if method == "HEAD" {
		return n.route("GET")
	}
	return nil
}

// staticChild returns the static child whose label seg unescapes to.
func (n *node[H]) staticChild(seg string) *node[H] {
	if strings.IndexByte(seg, '%') >= 0 {
		for _, c := range n.statics {
			if equalUnescaped(seg, c.label) {
				return c
			}
		}
		return nil
	}
	if n.index != nil {
		return n.index[seg]
	}
	for _, c := range n.statics {
		if c.label == seg {
			return c
		}
	}
	return nil
}

// validRest reports whether rest can be the value of a path parameter: one
// or more non-empty segments with valid escapes.
func validRest(rest string) bool {
	return rest != "" && rest[len(rest)-1] != '/' && !strings.Contains(rest, "//") && validEscapes(rest)
}

// allowSet gathers the Allow values of every node matching a path.
type allowSet[H any] struct {
	first  *node[H]
	others [][]*Route[H] // routes of matching nodes whose Allow differs from first's
}

func (a *allowSet[H]) add(n *node[H]) {
	switch {
	case len(n.routes) == 0:
	case a.first == nil:
		a.first = n
	case n.allow != a.first.allow:
		a.others = append(a.others, n.routes)
	}
}

func (n *node[H]) allowFor(path string) string {
	var a allowSet[H]
	n.collect(path, 1, &a)
	switch {
	case a.first == nil:
		return ""
	case a.others == nil:
		return a.first.allow
	}
	return allowHeader(append(a.others, a.first.routes)...)
}

// collect adds every node below n matching path[pos:] to a.
func (n *node[H]) collect(path string, pos int, a *allowSet[H]) {
	if pos == len(path) {
		a.add(n)
		return
	}
	seg, next := segment(path, pos)
	if seg == "" {
		return
	}
	if c := n.staticChild(seg); c != nil {
		c.collect(path, next, a)
	}
	if n.param != nil && validEscapes(seg) {
		n.param.collect(path, next, a)
	}
	if n.catchAll != nil && validRest(path[pos:]) {
		a.add(n.catchAll)
	}
}
