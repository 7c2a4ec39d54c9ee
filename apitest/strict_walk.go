package apitest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// maxStrictDepth is how deep the walk looks, as the validator's strict
// mode does: deeper values are checked by the schema alone.
const maxStrictDepth = 100

// undeclared is one value strict mode rejects in a body.
type undeclared struct {
	path    string // JSONPath as libopenapi-validator writes it: $.body.a['b.c'][0]
	pointer string // the same place as a JSON pointer: /a/b.c/0
	name    string // the property name, or the item's index
	value   any    // the value, decoded
}

// walk walks the JSON body against sh and returns the properties and
// items strict mode rejects. The body has passed the schema, so it is JSON;
// should it not be, the walk stops where it stops making sense. A walker can
// walk one body after another: its stacks keep their room, so a walk
// allocates nothing but what it reports.
func (w *walker) walk(sh *shape, body []byte, response bool) []undeclared {
	w.body, w.response = body, response
	w.members, w.path, w.layers, w.found = w.members[:0], w.path[:0], w.layers[:0], nil
	defer func() { w.body = nil }()
	start := skipSpace(body, 0)
	if start >= len(body) {
		return nil
	}
	w.value(sh, start, 0)
	return w.dedupe()
}

// walker walks bodies, one at a time.
type walker struct {
	body     []byte
	response bool
	members  []member // the members of the objects being walked, innermost last
	layers   []map[string]*shape
	path     []step
	found    []undeclared
}

// member is one member of an object: its name and where its value sits.
type member struct {
	name       []byte // unescaped
	start, end int
}

// step is one step of the path to the value being walked.
type step struct {
	name  []byte
	index int // -1 for a member
}

// scope is where a walk looks up the members of one object: maps of
// declared properties (an earlier map wins) and patterns.
type scope struct {
	layers     []map[string]*shape
	patterns   []pattern
	report     bool // an undeclared member is a violation
	additional *shape
}

func (w *walker) skip(sh *shape) bool {
	if w.response {
		return sh.writeOnly
	}
	return sh.readOnly
}

// value walks the value starting at start.
func (w *walker) value(sh *shape, start, depth int) {
	if sh == nil || sh.free || depth > maxStrictDepth || start >= len(w.body) {
		// A schema that says nothing of members or items ({}, a
		// free-form field) declares none and leaves them all free; the
		// validator's strict mode reports every member of an object
		// under it, except inside an allOf.
		return
	}
	switch w.body[start] {
	case '{':
		w.object(sh, start, depth)
	case '[':
		w.array(sh, start, depth)
	}
}

func (w *walker) object(sh *shape, start, depth int) {
	first := len(w.members)
	if !w.collect(start) {
		w.members = w.members[:first]
		return
	}
	last := len(w.members)
	base := len(w.layers)
	defer func() { w.members, w.layers = w.members[:first], w.layers[:base] }()

	if !sh.composed() {
		if sh.closed {
			w.layers = append(w.layers, sh.props)
			w.walkMembers(scope{layers: w.layers[base:], patterns: sh.patterns}, first, last, depth)
			return
		}
		w.declared(sh, start, first, last)
		w.walkMembers(scope{
			layers: w.layers[base:], patterns: sh.patterns,
			report: true, additional: sh.additional,
		}, first, last, depth)
		return
	}
	c := composition{}
	w.compose(&c, sh, start, first, last, 0)
	w.walkMembers(scope{
		layers: w.layers[base:], patterns: c.patterns,
		report: !c.closed && !c.unknown, additional: c.additional,
	}, first, last, depth)
}

// composed reports whether sh builds on other schemas.
func (sh *shape) composed() bool { return len(sh.allOf)+len(sh.oneOf)+len(sh.anyOf) > 0 }

// composition gathers what the schemas an object is made of declare.
type composition struct {
	patterns   []pattern
	closed     bool // one of them rejects undeclared properties itself
	unknown    bool // no branch of a oneOf or anyOf could be told to be the one
	additional *shape
}

// maxComposeDepth bounds how deep compose follows branches inside
// branches, which a document could make circular.
const maxComposeDepth = 16

// compose pushes on w.layers what an object of schema sh may have: the
// properties of the oneOf and the anyOf branch it matches, of each allOf
// branch, and sh's own, in that order of precedence, and the same for
// branches that are built of branches in turn (an allOf two levels deep, a
// oneOf whose branch is an allOf or a oneOf). The validator's strict mode
// looks one level deep only, and checks the allOf and the oneOf apart,
// each reporting what the other declares.
func (w *walker) compose(c *composition, sh *shape, start, first, last, depth int) {
	if depth < maxComposeDepth {
		for _, vs := range [][]variant{sh.oneOf, sh.anyOf} {
			if v := w.choose(sh, vs, kindObject, start, first, last); v != nil {
				w.compose(c, v, start, first, last, depth+1)
			} else if len(vs) > 0 {
				c.unknown = true
			}
		}
		for _, br := range sh.allOf {
			w.compose(c, br, start, first, last, depth+1)
		}
	}
	w.declared(sh, start, first, last)
	c.patterns = append(c.patterns, sh.patterns...)
	c.closed = c.closed || sh.closed
	if c.additional == nil {
		c.additional = sh.additional
	}
}

// choose picks the branch of vs a value of kind k is walked against, as
// the validator does: an object by its discriminator, else the first
// branch the value matches. first and last are the object's members.
func (w *walker) choose(sh *shape, vs []variant, k kind, start, first, last int) *shape {
	if len(vs) == 0 {
		return nil
	}
	if k == kindObject && sh.discriminator != "" {
		if v := w.discriminated(sh, vs, first, last); v != nil {
			return v
		}
	}
	var only *shape
	candidates := 0
	for _, v := range vs {
		if v.sh != nil && v.sh.kinds&k != 0 {
			only = v.sh
			candidates++
		}
	}
	if candidates <= 1 {
		// The body passed the schema, so some branch matched the value;
		// only one admits its kind at all.
		return only
	}
	data, ok := w.decode(start)
	if !ok {
		return nil
	}
	var unjudged []*shape
	for _, v := range vs {
		if v.sh == nil || v.sh.kinds&k == 0 {
			continue
		}
		if v.match == nil {
			unjudged = append(unjudged, v.sh)
			continue
		}
		if v.match.Validate(data) == nil {
			return v.sh
		}
	}
	// A branch that does not compile on its own (one that refers back to
	// the schema that holds it) is told apart by the properties it
	// requires, when that leaves exactly one.
	var chosen *shape
	for _, u := range unjudged {
		if k == kindObject && w.hasAll(u.required, first, last) {
			if chosen != nil {
				return nil
			}
			chosen = u
		}
	}
	return chosen
}

// discriminated is the branch the discriminator names: through the
// mapping (a $ref, or a schema name), else by the last segment of a
// branch's $ref.
func (w *walker) discriminated(sh *shape, vs []variant, first, last int) *shape {
	value, ok := w.memberString(sh.discriminator, first, last)
	if !ok {
		return nil
	}
	name := value
	if ref, mapped := sh.mapping[value]; mapped {
		for _, v := range vs {
			if v.ref != "" && v.ref == ref {
				return v.sh
			}
		}
		if !strings.ContainsAny(ref, "#/") {
			name = ref // a bare schema name
		}
	}
	for _, v := range vs {
		if v.ref != "" && v.ref[strings.LastIndexByte(v.ref, '/')+1:] == name {
			return v.sh
		}
	}
	return nil
}

func (w *walker) hasAll(names []string, first, last int) bool {
	for _, n := range names {
		if !w.has(n, first, last) {
			return false
		}
	}
	return true
}

// declared pushes on w.layers the maps of properties sh declares for the
// object: its own, those of the dependentSchemas whose trigger is present,
// and those of then or else.
func (w *walker) declared(sh *shape, start, first, last int) {
	w.layers = append(w.layers, sh.props)
	for _, d := range sh.dependent {
		if w.has(d.trigger, first, last) {
			w.layers = append(w.layers, d.props.props)
		}
	}
	if c := sh.cond; c != nil {
		matched := false
		if c.match != nil {
			if data, ok := w.decode(start); ok {
				matched = c.match.Validate(data) == nil
			}
		}
		branch := c.els
		if matched {
			branch = c.then
		}
		if branch != nil {
			w.layers = append(w.layers, branch.props)
		}
	}
}

// walkMembers walks the members first..last of one object in scope.
func (w *walker) walkMembers(sc scope, first, last, depth int) {
	for i := first; i < last; i++ {
		m := w.members[i]
		child, ok := sc.find(m.name)
		if !ok {
			for _, p := range sc.patterns {
				if p.re.Match(m.name) {
					ok = true
					child = p.sh
					break
				}
			}
		}
		w.path = append(w.path, step{name: m.name, index: -1})
		switch {
		case !ok && sc.additional != nil:
			// A schema for additionalProperties declares every other
			// name: a map's keys are not undeclared properties. (The
			// validator's strict mode reports them all the same, which
			// would fail every map a DTO has.)
			w.value(sc.additional, m.start, depth+1)
		case !ok && sc.report:
			w.report(m.name, m.start, m.end)
		case ok && child != nil && !w.skip(child):
			w.value(child, m.start, depth+1)
		}
		w.path = w.path[:len(w.path)-1]
	}
}

func (sc *scope) find(name []byte) (*shape, bool) {
	for _, props := range sc.layers {
		if sh, ok := props[string(name)]; ok {
			return sh, true
		}
	}
	return nil, false
}

func (w *walker) array(sh *shape, start, depth int) {
	w.arrayOf(sh, start, depth, 0)
}

// arrayOf walks the array at start against sh, its allOf branches and the
// oneOf and anyOf branch it matches.
func (w *walker) arrayOf(sh *shape, start, depth, nest int) {
	if sh.composed() && nest < maxComposeDepth {
		for _, br := range sh.allOf {
			w.arrayOf(br, start, depth, nest+1)
		}
		for _, vs := range [][]variant{sh.oneOf, sh.anyOf} {
			if v := w.choose(sh, vs, kindArray, start, 0, 0); v != nil {
				w.arrayOf(v, start, depth, nest+1)
			}
		}
	}
	i := skipSpace(w.body, start+1)
	for n := 0; i < len(w.body) && w.body[i] != ']'; n++ {
		end := skipValue(w.body, i)
		if end < 0 {
			return
		}
		w.path = append(w.path, step{index: n})
		switch {
		case n < len(sh.prefix):
			w.value(sh.prefix[n], i, depth+1)
		case sh.itemsFalse:
			// items: false forbids the items after prefixItems only.
			w.report([]byte(strconv.Itoa(n)), i, end)
		case sh.items != nil:
			w.value(sh.items, i, depth+1)
		case sh.noItems && sh.unevaluated != nil:
			w.value(sh.unevaluated, i, depth+1)
		}
		w.path = w.path[:len(w.path)-1]
		i = skipSpace(w.body, end)
		switch {
		case i < len(w.body) && w.body[i] == ',':
			i = skipSpace(w.body, i+1)
		case i < len(w.body) && w.body[i] != ']':
			return // not an array after all: stop rather than loop
		}
	}
}

// collect appends the members of the object at start to w.members; a name
// given twice keeps its last value, as a decoder would. It reports whether
// the object is well formed.
func (w *walker) collect(start int) bool {
	first := len(w.members)
	var seen map[string]int // the index of each name, once an object is too big to search
	i := skipSpace(w.body, start+1)
	for i < len(w.body) && w.body[i] != '}' {
		if w.body[i] != '"' {
			return false
		}
		end := skipString(w.body, i)
		if end < 0 {
			return false
		}
		name := w.body[i+1 : end-1]
		if bytes.IndexByte(name, '\\') >= 0 {
			var s string
			if json.Unmarshal(w.body[i:end], &s) != nil {
				return false
			}
			name = []byte(s)
		}
		i = skipSpace(w.body, end)
		if i >= len(w.body) || w.body[i] != ':' {
			return false
		}
		i = skipSpace(w.body, i+1)
		vend := skipValue(w.body, i)
		if vend < 0 {
			return false
		}
		m := member{name: name, start: i, end: vend}
		if seen == nil && len(w.members)-first > 32 {
			seen = make(map[string]int, 2*(len(w.members)-first))
			for j := first; j < len(w.members); j++ {
				seen[string(w.members[j].name)] = j
			}
		}
		j := -1
		if seen != nil {
			if at, ok := seen[string(name)]; ok {
				j = at
			} else {
				seen[string(name)] = len(w.members)
			}
		} else {
			j = w.index(name, first, len(w.members))
		}
		if j >= 0 {
			w.members[j].start, w.members[j].end = m.start, m.end
		} else {
			w.members = append(w.members, m)
		}
		i = skipSpace(w.body, vend)
		switch {
		case i < len(w.body) && w.body[i] == ',':
			i = skipSpace(w.body, i+1)
		case i < len(w.body) && w.body[i] != '}':
			return false
		}
	}
	return i < len(w.body)
}

// index is the position of the member called name among first..last, -1
// when there is none.
func (w *walker) index(name []byte, first, last int) int {
	for j := first; j < last; j++ {
		if bytes.Equal(w.members[j].name, name) {
			return j
		}
	}
	return -1
}

func (w *walker) has(name string, first, last int) bool {
	return w.index([]byte(name), first, last) >= 0
}

// memberString is the value of the member called name when it is a string.
func (w *walker) memberString(name string, first, last int) (string, bool) {
	j := w.index([]byte(name), first, last)
	if j < 0 || w.body[w.members[j].start] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(w.body[w.members[j].start:w.members[j].end], &s) != nil {
		return "", false
	}
	return s, true
}

// decode decodes the value at start, for the rare walks that must match a
// value against a compiled schema.
func (w *walker) decode(start int) (any, bool) {
	end := skipValue(w.body, start)
	if end < 0 {
		return nil, false
	}
	var v any
	if json.Unmarshal(w.body[start:end], &v) != nil {
		return nil, false
	}
	return v, true
}

func (w *walker) report(name []byte, start, end int) {
	var value any
	_ = json.Unmarshal(w.body[start:end], &value)
	var path, pointer strings.Builder
	path.WriteString("$.body")
	for _, s := range w.path {
		if s.index >= 0 {
			i := strconv.Itoa(s.index)
			path.WriteString("[" + i + "]")
			pointer.WriteString("/" + i)
			continue
		}
		if n := string(s.name); strings.ContainsAny(n, ".[]") {
			path.WriteString("['" + n + "']")
		} else {
			path.WriteString("." + n)
		}
		pointer.WriteString("/" + escape(string(s.name)))
	}
	w.found = append(w.found, undeclared{path: path.String(), pointer: pointer.String(), name: string(name), value: value})
}

// dedupe drops a place reported twice (by an allOf and a oneOf of the same
// schema): the validator walks each place once.
func (w *walker) dedupe() []undeclared {
	if len(w.found) < 2 {
		return w.found
	}
	out := w.found[:0]
	seen := map[string]bool{}
	for _, u := range w.found {
		if !seen[u.pointer] {
			seen[u.pointer] = true
			out = append(out, u)
		}
	}
	return out
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the end of the string starting at b[i] (a quote),
// -1 when it does not end.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// skipValue returns the end of the value starting at b[i], -1 when it is
// cut short. Nesting is counted, not recursed into, so a deep body costs
// no stack.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				end := skipString(b, i)
				if end < 0 {
					return -1
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	start := i
	for i < len(b) && !strings.ContainsRune(" \t\r\n,}]", rune(b[i])) {
		i++
	}
	if i == start { // a delimiter where a value should be
		return -1
	}
	return i
}
