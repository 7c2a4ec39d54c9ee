package router

import (
	"errors"
	"fmt"
	"iter"
	"strings"
)

// Route is one registered method and pattern with its handler.
type Route[H any] struct {
	Method  string  // as given to Add
	Pattern Pattern // as given to Add
	Handler H       // as given to Add
}

// Tree is a path router: a tree of pattern segments with handlers keyed by
// method at the nodes where patterns end. The zero value is an empty tree
// ready for Add.
//
// A Tree is built with Add and then only read: Lookup, Allow, Routes and
// MaxParams are safe for concurrent use and take no locks, but must not run
// concurrently with Add.
type Tree[H any] struct {
	root      node[H]
	routes    []*Route[H]
	maxParams int
}

// mapThreshold is the number of static children above which a node indexes
// them in a map rather than scanning a slice.
const mapThreshold = 8

type node[H any] struct {
	label    string              // unescaped static text; "" for param and catch-all nodes
	statics  []*node[H]          // static children in insertion order
	index    map[string]*node[H] // statics by label once there are many
	param    *node[H]            // the single-segment parameter child, whatever its name or type
	catchAll *node[H]            // the path-parameter child; it has no children
	routes   []*Route[H]         // routes ending here, one per method
	allow    string              // the Allow header value for routes, "" when none
}

// CollisionError reports that a route would match exactly the requests an
// existing route already matches: same method, same static segments and
// parameters at the same positions, whatever their names or types.
type CollisionError struct {
	Method   string // the method of both routes
	Pattern  string // the pattern being added
	Existing string // the pattern already registered
}

// Error implements error.
func (e *CollisionError) Error() string {
	return fmt.Sprintf("router: route %s %s collides with %s %s: same static segments and parameters at the same positions",
		e.Method, e.Pattern, e.Method, e.Existing)
}

// Add registers h for method and p. Methods are case-sensitive HTTP tokens
// ("GET"). Registering HEAD or OPTIONS explicitly overrides the answers
// Lookup gives for them by default. Add fails with a *CollisionError when the
// method is already registered for a structurally identical pattern.
func (t *Tree[H]) Add(method string, p Pattern, h H) error {
	if !validMethod(method) {
		return fmt.Errorf("router: invalid method %q for %s", method, p.Raw)
	}
	if p.Raw == "" {
		return errors.New("router: pattern was not built by Parse")
	}
	n := &t.root
	for _, s := range p.Segments {
		n = n.child(s)
	}
	for _, r := range n.routes {
		if r.Method == method {
			return &CollisionError{Method: method, Pattern: p.Raw, Existing: r.Pattern.Raw}
		}
	}
	r := &Route[H]{Method: method, Pattern: p, Handler: h}
	n.routes = append(n.routes, r)
	n.allow = allowHeader(n.routes)
	t.routes = append(t.routes, r)
	t.maxParams = max(t.maxParams, len(p.Params))
	return nil
}

// child returns n's child for s, creating it when missing.
func (n *node[H]) child(s Segment) *node[H] {
	switch {
	case s.IsParam() && s.Type == Path:
		if n.catchAll == nil {
			n.catchAll = &node[H]{}
		}
		return n.catchAll
	case s.IsParam():
		if n.param == nil {
			n.param = &node[H]{}
		}
		return n.param
	}
	for _, c := range n.statics {
		if c.label == s.Static {
			return c
		}
	}
	c := &node[H]{label: s.Static}
	n.statics = append(n.statics, c)
	if len(n.statics) > mapThreshold {
		if n.index == nil {
			n.index = make(map[string]*node[H], len(n.statics))
			for _, s := range n.statics {
				n.index[s.label] = s
			}
		}
		n.index[c.label] = c
	}
	return c
}

// Routes iterates over the registered routes in registration order.
func (t *Tree[H]) Routes() iter.Seq[*Route[H]] {
	return func(yield func(*Route[H]) bool) {
		for _, r := range t.routes {
			if !yield(r) {
				return
			}
		}
	}
}

// MaxParams is the largest number of parameters of any registered pattern:
// the length the params buffer given to Lookup needs.
func (t *Tree[H]) MaxParams() int { return t.maxParams }

// validMethod reports whether m is an RFC 9110 token.
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
