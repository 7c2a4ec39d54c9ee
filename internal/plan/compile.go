package plan

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
)

var (
	timeType        = reflect.TypeFor[time.Time]()
	rawType         = reflect.TypeFor[json.RawMessage]()
	jsonMarshaler   = reflect.TypeFor[json.Marshaler]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// cacheKey identifies one plan: a Go type in one DTO configuration ("" for
// the plain plan).
type cacheKey struct {
	t   reflect.Type
	dto string
}

// Compiler compiles and caches plans for one app build. It is not safe for
// concurrent use; the plans it returns are.
//
// Plans are cached by Go type (and DTO configuration), so compiling the same
// type twice returns the same *Type, and recursive types compile to plans
// that point back at themselves.
type Compiler struct {
	cache map[cacheKey]*Type
	// names maps the derived names of nested DTO types to the configuration
	// that owns them, to keep them unique.
	names map[string]string
	// added and addedNames list the cache entries and names made by the
	// current top-level call, to drop them again when it fails.
	added      []cacheKey
	addedNames []string
	// rules are the validate tags of the current call, parsed when every
	// plan it made is complete (a recursive field may point at a plan that
	// is still being filled).
	rules []pendingRules
}

type pendingRules struct {
	f        *Field
	tag      string
	path     string
	optional bool // the field can never be required (partial DTO)
}

// NewCompiler returns an empty compiler.
func NewCompiler() *Compiler {
	return &Compiler{cache: map[cacheKey]*Type{}, names: map[string]string{}}
}

// Compile returns the plan of t with no DTO configuration.
func (c *Compiler) Compile(t reflect.Type) (*Type, error) {
	if t == nil {
		return nil, errors.New("nil type")
	}
	c.begin()
	p, err := c.compile(t, nil, rootPath(t))
	return c.end(p, err)
}

func (c *Compiler) begin() {
	c.added, c.addedNames, c.rules = c.added[:0], c.addedNames[:0], c.rules[:0]
}

// end finishes a top-level call: it parses the pending rules, and on failure
// drops the half-built plans the call cached, so a later call does not see
// them.
func (c *Compiler) end(p *Type, err error) (*Type, error) {
	if err == nil {
		err = c.parsePending()
	}
	if err != nil {
		for _, k := range c.added {
			delete(c.cache, k)
		}
		for _, n := range c.addedNames {
			delete(c.names, n)
		}
		p = nil
	}
	c.begin()
	return p, err
}

func (c *Compiler) put(k cacheKey, p *Type) {
	c.cache[k] = p
	c.added = append(c.added, k)
}

// rootPath is how errors name the top of a compiled type.
func rootPath(t reflect.Type) string {
	if n := TypeName(t); n != "" {
		return n
	}
	return t.String()
}

// planErr formats a build error: "path: type: message".
func planErr(path string, t reflect.Type, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if t != nil {
		return fmt.Errorf("%s: %s: %s", path, t, msg)
	}
	return fmt.Errorf("%s: %s", path, msg)
}

// compile returns the plan of t under DTO level d (nil for plain plans).
func (c *Compiler) compile(t reflect.Type, d *dtoLevel, path string) (*Type, error) {
	if d != nil && (d.identity() || !containsStruct(t)) {
		d = nil
	}
	key := cacheKey{t: t}
	if d != nil {
		key.dto = d.key()
	}
	if p, ok := c.cache[key]; ok {
		return p, nil
	}
	p := &Type{Go: t, Name: TypeName(t)}
	c.put(key, p)
	if d != nil {
		c.nameDerived(p, t, d) // before fill: outer types claim names first
	}
	if err := c.fill(p, t, d, path); err != nil {
		return nil, err
	}
	return p, nil
}

// containsStruct reports whether a DTO configuration can change t: whether a
// struct plan is reachable through its pointers, slices, arrays and maps.
func containsStruct(t reflect.Type) bool {
	for {
		if t == timeType || t == rawType || special(t) {
			return false
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			return true
		default:
			return false
		}
	}
}

// special reports whether t has its own JSON or text methods (by value or by
// pointer).
func special(t reflect.Type) bool {
	if t.Kind() == reflect.Interface || t.Kind() == reflect.Pointer {
		return false
	}
	pt := reflect.PointerTo(t)
	for _, i := range []reflect.Type{jsonMarshaler, jsonUnmarshaler, textMarshaler, textUnmarshaler} {
		if t.Implements(i) || pt.Implements(i) {
			return true
		}
	}
	return false
}

func implements(t, i reflect.Type) bool {
	return t.Implements(i) || reflect.PointerTo(t).Implements(i)
}

// fill compiles t into p. p is already cached, so recursive references find
// it; p.Kind is set before anything nested is compiled.
func (c *Compiler) fill(p *Type, t reflect.Type, d *dtoLevel, path string) error {
	switch {
	case t == timeType:
		p.Kind = Time
		return nil
	case t == rawType:
		p.Kind = Raw
		return nil
	case t.Kind() == reflect.Interface:
		return planErr(path, t, "interfaces are not supported (use a concrete type, or json.RawMessage for any JSON value)")
	case t.Kind() != reflect.Pointer && (implements(t, jsonMarshaler) || implements(t, jsonUnmarshaler)):
		return planErr(path, t, "types with their own MarshalJSON/UnmarshalJSON are not supported: a plan cannot describe their wire shape")
	case t.Kind() != reflect.Pointer && (implements(t, textMarshaler) || implements(t, textUnmarshaler)):
		if !implements(t, textMarshaler) {
			return planErr(path, t, "implements encoding.TextUnmarshaler but not encoding.TextMarshaler")
		}
		if !implements(t, textUnmarshaler) {
			return planErr(path, t, "implements encoding.TextMarshaler but not encoding.TextUnmarshaler")
		}
		p.Kind = Text
		return nil
	}
	switch t.Kind() {
	case reflect.Bool:
		p.Kind = Bool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.Kind, p.Bits = Int, t.Bits()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		p.Kind, p.Bits = Uint, t.Bits()
	case reflect.Float32, reflect.Float64:
		p.Kind, p.Bits = Float, t.Bits()
	case reflect.String:
		p.Kind = String
	case reflect.Slice:
		if e := t.Elem(); e.Kind() == reflect.Uint8 && !special(e) {
			p.Kind = Bytes
			return nil
		}
		p.Kind = Slice
		e, err := c.compile(t.Elem(), d.whole(), path+"[]")
		if err != nil {
			return err
		}
		p.Elem = e
	case reflect.Array:
		p.Kind, p.Len = Array, t.Len()
		e, err := c.compile(t.Elem(), d.whole(), path+"[]")
		if err != nil {
			return err
		}
		p.Elem = e
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return planErr(path, t, "map keys must be strings")
		}
		if special(t.Key()) {
			return planErr(path, t, "map keys must be plain strings (the key type %s has its own text or JSON methods)", t.Key())
		}
		p.Kind = Map
		e, err := c.compile(t.Elem(), d.whole(), path+"[]")
		if err != nil {
			return err
		}
		p.Elem = e
	case reflect.Pointer:
		p.Kind = Pointer
		e, err := c.compile(t.Elem(), d, path)
		if err != nil {
			return err
		}
		p.Elem = e
	case reflect.Struct:
		p.Kind = Struct
		return c.fillStruct(p, t, d, path)
	case reflect.Uintptr:
		return planErr(path, t, "uintptr is not supported")
	default: // complex, chan, func, unsafe.Pointer
		return planErr(path, t, "%s is not supported", t.Kind())
	}
	return nil
}

// rawField is a struct field as encoding/json sees it, before DTO transforms.
type rawField struct {
	goName   string
	name     string // json tag name, else the Go name
	tagged   bool
	index    []int
	offset   uintptr
	indirect bool
	typ      reflect.Type
	omit     bool
	validate string
	doc      string
	where    string // Go selector path for messages ("Base.ID")
}

// collectFields lists the JSON properties of struct t by the rules of
// encoding/json (embedded structs flattened, shallower names dominant).
func collectFields(t reflect.Type, path string) ([]rawField, error) {
	var out []rawField
	var walk func(t reflect.Type, index []int, offset uintptr, indirect bool, where string, chain []reflect.Type) error
	walk = func(t reflect.Type, index []int, offset uintptr, indirect bool, where string, chain []reflect.Type) error {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag, hasTag := sf.Tag.Lookup("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(slices.Clone(index), i)
			sel := where + sf.Name
			if sf.Anonymous {
				ft := sf.Type
				isPtr := ft.Kind() == reflect.Pointer
				if isPtr {
					ft = ft.Elem()
				}
				if !sf.IsExported() && ft.Kind() != reflect.Struct {
					continue
				}
				if name == "" && ft.Kind() == reflect.Struct {
					if isPtr && !sf.IsExported() {
						return planErr(path+"."+sel, sf.Type, "embedded pointer to an unexported struct type cannot be set when decoding; embed the struct by value or export it")
					}
					if slices.Contains(chain, ft) {
						continue
					}
					off := offset
					if !isPtr && !indirect {
						off += sf.Offset
					}
					if err := walk(ft, idx, off, indirect || isPtr, sel+".", append(chain, ft)); err != nil {
						return err
					}
					continue
				}
				if !sf.IsExported() {
					continue
				}
			} else if !sf.IsExported() {
				continue
			}
			f := rawField{
				goName: sf.Name, name: sf.Name, index: idx, indirect: indirect, typ: sf.Type,
				validate: sf.Tag.Get("validate"), doc: sf.Tag.Get("doc"), where: sel,
			}
			if !indirect {
				f.offset = offset + sf.Offset
			}
			if name != "" {
				if !validTagName(name) {
					return planErr(path+"."+sel, nil, "json tag name %q is not a valid JSON property name for encoding/json", name)
				}
				f.name, f.tagged = name, true
			}
			_ = hasTag
			for opt := range strings.SplitSeq(opts, ",") {
				switch opt {
				case "omitempty", "omitzero":
					f.omit = true
				case "string":
					return planErr(path+"."+sel, nil, "the json tag option \",string\" is not supported (declare the field as a string instead)")
				}
			}
			out = append(out, f)
		}
		return nil
	}
	if err := walk(t, nil, 0, false, "", []reflect.Type{t}); err != nil {
		return nil, err
	}

	// Dominance: per name, the shallowest field wins; at equal depth the one
	// tagged field wins; otherwise the name is ambiguous (encoding/json drops
	// it silently, we refuse it).
	byName := map[string][]int{}
	for i, f := range out {
		byName[f.name] = append(byName[f.name], i)
	}
	drop := map[int]bool{}
	for name, idxs := range byName {
		if len(idxs) == 1 {
			continue
		}
		minDepth := len(out[idxs[0]].index)
		for _, i := range idxs {
			minDepth = min(minDepth, len(out[i].index))
		}
		var top, tagged []int
		for _, i := range idxs {
			if len(out[i].index) == minDepth {
				top = append(top, i)
				if out[i].tagged {
					tagged = append(tagged, i)
				}
			}
		}
		win := -1
		switch {
		case len(top) == 1:
			win = top[0]
		case len(tagged) == 1:
			win = tagged[0]
		default:
			var sels []string
			for _, i := range top {
				sels = append(sels, out[i].where)
			}
			sort.Strings(sels)
			return nil, planErr(path, nil, "fields %s all map to the JSON property %q at the same depth; tag one of them or rename it", strings.Join(sels, " and "), name)
		}
		for _, i := range idxs {
			if i != win {
				drop[i] = true
			}
		}
	}
	kept := out[:0:0]
	for i, f := range out {
		if !drop[i] {
			kept = append(kept, f)
		}
	}
	sort.SliceStable(kept, func(a, b int) bool { return slices.Compare(kept[a].index, kept[b].index) < 0 })
	return kept, nil
}

// validTagName mirrors encoding/json's isValidTag.
func validTagName(s string) bool {
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// fillStruct compiles the fields of struct t into p.
func (c *Compiler) fillStruct(p *Type, t reflect.Type, d *dtoLevel, path string) error {
	raws, err := collectFields(t, path)
	if err != nil {
		return err
	}
	if d != nil {
		if err := d.check(t, raws); err != nil {
			return err
		}
	}
	wires := map[string]string{}
	for _, rf := range raws {
		var sub *dtoLevel
		f := &Field{
			GoName: rf.goName, Wire: rf.name, Index: rf.index, Offset: rf.offset,
			Indirect: rf.indirect, OmitEmpty: rf.omit, Description: rf.doc,
		}
		if d != nil {
			if !d.keeps(rf.goName) {
				continue
			}
			f.Wire = d.wire(rf)
			f.ReadOnly = slices.Contains(d.spec.readOnly, rf.goName)
			f.WriteOnly = slices.Contains(d.spec.writeOnly, rf.goName)
			sub = d.sub(rf.goName)
		}
		fpath := path + "." + rf.goName
		if f.Type, err = c.compile(rf.typ, sub, fpath); err != nil {
			return err
		}
		c.rules = append(c.rules, pendingRules{f: f, tag: rf.validate, path: fpath, optional: d != nil && d.ctx.partial})
		if prev, dup := wires[f.Wire]; dup {
			return planErr(fpath, nil, "wire name %q is already used by field %s", f.Wire, prev)
		}
		wires[f.Wire] = rf.where
		p.Fields = append(p.Fields, f)
	}
	return nil
}

// TypeName is the readable component name of a Go type: its name, with the
// package paths of generic type arguments dropped and the arguments flattened
// (Page[pkg.User] -> "PageUser", Page[[]pkg.User] -> "PageUserList",
// Map[string,int] -> "MapStringInt"). Unnamed and predeclared types (int,
// string) have no name ("").
func TypeName(t reflect.Type) string {
	n := t.Name()
	if n == "" || t.PkgPath() == "" {
		return ""
	}
	base, args, ok := strings.Cut(n, "[")
	if !ok {
		return n
	}
	var b strings.Builder
	b.WriteString(base)
	for _, a := range splitArgs(strings.TrimSuffix(args, "]")) {
		b.WriteString(readable(a))
	}
	return b.String()
}

// splitArgs splits a generic argument list at its top-level commas.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[', '(', '{':
			depth++
		case ']', ')', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// readable turns one type argument as reflect spells it into a name part.
func readable(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return ""
	case strings.HasPrefix(s, "*"):
		return readable(s[1:])
	case strings.HasPrefix(s, "[]"):
		return readable(s[2:]) + "List"
	case strings.HasPrefix(s, "["):
		if i := strings.IndexByte(s, ']'); i > 0 {
			return readable(s[i+1:]) + "Array"
		}
	case strings.HasPrefix(s, "map["):
		depth := 0
		for i := 3; i < len(s); i++ {
			switch s[i] {
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					return "Map" + readable(s[4:i]) + readable(s[i+1:])
				}
			}
		}
	case strings.HasPrefix(s, "interface"):
		return "Any"
	case strings.HasPrefix(s, "struct"):
		return "Struct"
	case strings.HasPrefix(s, "func"):
		return "Func"
	}
	base, args, generic := strings.Cut(s, "[")
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		base = base[i+1:]
	}
	var b strings.Builder
	for i, r := range base {
		if i == 0 {
			r = unicode.ToUpper(r)
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(r)
		}
	}
	if generic {
		for _, a := range splitArgs(strings.TrimSuffix(args, "]")) {
			b.WriteString(readable(a))
		}
	}
	return b.String()
}

// parsePending parses the validate tags of the fields compiled by this call.
// Every bad rule of every field is reported, one line each, so all the
// mistakes in a struct are fixed in one edit.
func (c *Compiler) parsePending() error {
	var errs []error
	for _, pr := range c.rules {
		f := pr.f
		if pr.tag == "" {
			continue
		}
		rules, required, err := parseRules(pr.tag, f.Type, 0)
		if err != nil {
			for _, e := range unjoin(err) {
				errs = append(errs, planErr(pr.path, nil, "validate:%q: %v", pr.tag, e))
			}
			continue
		}
		f.Rules = rules
		f.Required = required && !f.ReadOnly && !f.WriteOnly && !pr.optional
	}
	return errors.Join(errs...)
}

// unjoin splits an errors.Join into its errors.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
