package plan

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// DTOConfig derives a DTO plan from a model type, as Litestar's DTOConfig.
// Field paths are Go field names, dotted into nested structs ("Address.Zip");
// a path may pass through pointers, slices, arrays and maps of structs
// ("Orders.Items.SKU"), and names a promoted field of an embedded struct by its
// own name, as Go selectors do. A path that names no field is an error that
// lists the fields that exist.
//
// Wire names: an explicit Rename wins; otherwise, when Strategy is set, it is
// applied to the Go field name and overrides the json tag name (so a DTO can
// re-case a model whose tags say otherwise); otherwise the json tag name, else
// the Go name. Strategy applies at every level of the DTO, Rename only to the
// path it names.
//
// Every nested struct the configuration changes (any of the paths reaches
// into it, or Strategy, Partial, MaxDepth or ForbidUnknown is set) becomes a
// derived plan of its own, named Name + its Go type name ("PublicUserAddress";
// if that name is taken by a different derivation, the Go field path is
// inserted, "PublicUserBillingAddress", then a number). Nested types the
// configuration leaves alone keep their plain plan.
type DTOConfig struct {
	// Name is the component name of the DTO; empty means the model's
	// TypeName. It may contain letters, digits, '.', '-' and '_'.
	Name string
	// Exclude lists fields left out of the DTO in both directions.
	Exclude []string
	// Include lists the only fields kept (not together with Exclude). Naming
	// a nested path ("Address.Zip") keeps Address with only Zip; naming
	// "Address" keeps all of Address.
	Include []string
	// Rename maps Go paths to wire names.
	Rename map[string]string
	// Strategy renames every field of every level that Rename does not name.
	Strategy RenameStrategy
	// ReadOnly fields are written in responses and refused in requests
	// (Field.ReadOnly). They are never Required.
	ReadOnly []string
	// WriteOnly fields are read from requests and never written in responses
	// (Field.WriteOnly; their values are never echoed in violations). They are
	// never Required.
	WriteOnly []string
	// Private fields are never on the wire in either direction (left out, as
	// Exclude; kept apart for intent, and allowed together with Include).
	Private []string
	// Partial makes every field at every level optional (Required false,
	// Type.Partial true), for PATCH bodies.
	Partial bool
	// MaxDepth bounds how deeply values of the DTO may nest when decoding
	// (Type.MaxDepth on every derived struct); 0 means DefaultMaxDepth.
	MaxDepth int
	// ForbidUnknown refuses undeclared properties on every struct of the DTO
	// (Type.Unknown = UnknownForbid).
	ForbidUnknown bool
}

// dtoCtx is what a DTO configuration sets for every level.
type dtoCtx struct {
	name     string // the DTO's component name
	strategy RenameStrategy
	partial  bool
	forbid   bool
	maxDepth int
	key      string
}

func (x *dtoCtx) identity() bool {
	return x.strategy == RenameNone && !x.partial && !x.forbid && x.maxDepth == 0
}

// spec holds the paths of one level, relative to that level's struct.
type spec struct {
	exclude, include, private, readOnly, writeOnly []string
	rename                                         map[string]string
}

func (s *spec) empty() bool {
	return len(s.exclude)+len(s.include)+len(s.private)+len(s.readOnly)+len(s.writeOnly)+len(s.rename) == 0
}

func (s *spec) key() string {
	var b strings.Builder
	for i, l := range [][]string{s.exclude, s.include, s.private, s.readOnly, s.writeOnly} {
		l = slices.Clone(l)
		slices.Sort(l)
		l = slices.Compact(l)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(strconv.Quote(strings.Join(l, ",")))
	}
	for _, k := range slices.Sorted(maps.Keys(s.rename)) {
		b.WriteString(strconv.Quote(k) + "=" + strconv.Quote(s.rename[k]))
	}
	return b.String()
}

// dtoLevel is the DTO configuration as seen from one nested struct.
type dtoLevel struct {
	ctx   *dtoCtx
	spec  spec
	where string       // Go path from the DTO root ("" at the root)
	model reflect.Type // the DTO's model, for messages
}

func (d *dtoLevel) identity() bool { return d.ctx.identity() && d.spec.empty() }

func (d *dtoLevel) key() string { return d.ctx.key + "|" + d.spec.key() }

func (d *dtoLevel) full(path string) string {
	if d.where == "" {
		return path
	}
	return d.where + "." + path
}

// whole returns the level of the items of a slice, array or map at this
// level. A partial DTO merges objects field by field, but a collection is
// replaced whole, so its items are full values again: their required fields
// stay required (else a PATCH could store an item its responses cannot
// show). nil stays nil.
func (d *dtoLevel) whole() *dtoLevel {
	if d == nil || !d.ctx.partial {
		return d
	}
	ctx := *d.ctx
	ctx.partial = false
	ctx.key += "|whole"
	return &dtoLevel{ctx: &ctx, spec: d.spec, where: d.where, model: d.model}
}

// sub returns the level of field goName of this level's struct.
func (d *dtoLevel) sub(goName string) *dtoLevel {
	strip := func(l []string) []string {
		var out []string
		for _, p := range l {
			if tail, ok := strings.CutPrefix(p, goName+"."); ok {
				out = append(out, tail)
			}
		}
		return out
	}
	s := spec{
		exclude: strip(d.spec.exclude), private: strip(d.spec.private),
		readOnly: strip(d.spec.readOnly), writeOnly: strip(d.spec.writeOnly),
	}
	if !slices.Contains(d.spec.include, goName) {
		s.include = strip(d.spec.include)
	}
	for k, v := range d.spec.rename {
		if tail, ok := strings.CutPrefix(k, goName+"."); ok {
			if s.rename == nil {
				s.rename = map[string]string{}
			}
			s.rename[tail] = v
		}
	}
	return &dtoLevel{ctx: d.ctx, spec: s, where: d.full(goName), model: d.model}
}

// keeps reports whether field goName of this level is on the wire.
func (d *dtoLevel) keeps(goName string) bool {
	if slices.Contains(d.spec.exclude, goName) || slices.Contains(d.spec.private, goName) {
		return false
	}
	if len(d.spec.include) == 0 {
		return true
	}
	for _, p := range d.spec.include {
		if p == goName || strings.HasPrefix(p, goName+".") {
			return true
		}
	}
	return false
}

// wire is the wire name of a kept field.
func (d *dtoLevel) wire(rf rawField) string {
	if w, ok := d.spec.rename[rf.goName]; ok {
		return w
	}
	if d.ctx.strategy != RenameNone {
		return d.ctx.strategy.Apply(rf.goName)
	}
	return rf.name
}

// structOf returns the struct a path may continue into from a field of type
// t (through pointers, slices, arrays and maps), or nil.
func structOf(t reflect.Type) reflect.Type {
	for {
		if !containsStruct(t) {
			return nil
		}
		if t.Kind() == reflect.Struct {
			return t
		}
		t = t.Elem()
	}
}

// check validates this level's paths against the fields of struct t.
func (d *dtoLevel) check(t reflect.Type, raws []rawField) error {
	fields := map[string]rawField{}
	var names []string
	for _, rf := range raws {
		fields[rf.goName] = rf
		names = append(names, rf.goName)
	}
	fail := func(option, path, format string, args ...any) error {
		return fmt.Errorf("DTO %s of %s: %s %q: %s", d.ctx.name, d.model, option, d.full(path), fmt.Sprintf(format, args...))
	}
	type list struct {
		option string
		paths  []string
	}
	lists := []list{
		{"Exclude", d.spec.exclude}, {"Include", d.spec.include}, {"Private", d.spec.private},
		{"ReadOnly", d.spec.readOnly}, {"WriteOnly", d.spec.writeOnly},
		{"Rename", slices.Sorted(maps.Keys(d.spec.rename))},
	}
	for _, l := range lists {
		for _, p := range l.paths {
			head, tail, _ := strings.Cut(p, ".")
			rf, ok := fields[head]
			if !ok {
				return fail(l.option, p, "%s has no field %q (its fields: %s)", t, head, strings.Join(names, ", "))
			}
			if tail != "" && structOf(rf.typ) == nil {
				return fail(l.option, p, "%s.%s is %s, not a struct, so it has no field %q", t, head, rf.typ, tail)
			}
			switch l.option {
			case "ReadOnly", "WriteOnly", "Rename":
				if !d.keeps(head) {
					return fail(l.option, p, "the DTO leaves out %s", d.full(head))
				}
			}
		}
	}
	for _, p := range d.spec.readOnly {
		if slices.Contains(d.spec.writeOnly, p) {
			return fail("ReadOnly", p, "the field is also WriteOnly")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(d.spec.rename)) {
		if w := d.spec.rename[k]; w == "" || !validTagName(w) {
			return fail("Rename", k, "%q is not a valid wire name", w)
		}
	}
	return nil
}

// nameDerived names a derived type and marks it as a DTO plan.
func (c *Compiler) nameDerived(p *Type, t reflect.Type, d *dtoLevel) {
	p.DTO = true
	if t.Kind() == reflect.Struct {
		p.Partial = d.ctx.partial
		p.MaxDepth = d.ctx.maxDepth
		if d.ctx.forbid {
			p.Unknown = UnknownForbid
		}
	}
	key := d.key()
	if d.where == "" {
		p.Name = d.ctx.name
		c.claim(p.Name, key)
		return
	}
	base := TypeName(t)
	if base == "" {
		p.Name = ""
		return
	}
	cands := []string{d.ctx.name + base, d.ctx.name + strings.ReplaceAll(d.where, ".", "") + base}
	for _, n := range cands {
		if owner, ok := c.names[n]; !ok || owner == key {
			p.Name = n
			c.claim(n, key)
			return
		}
	}
	for i := 2; ; i++ {
		n := cands[1] + strconv.Itoa(i)
		if owner, ok := c.names[n]; !ok || owner == key {
			p.Name = n
			c.claim(n, key)
			return
		}
	}
}

func (c *Compiler) claim(name, key string) {
	if _, ok := c.names[name]; !ok {
		c.names[name] = key
		c.addedNames = append(c.addedNames, name)
	}
}

// CompileDTO returns the plan of model type t (a struct) transformed by cfg.
// The same model and an equal configuration return the same *Type. A
// configuration that changes nothing and has no Name returns the plain plan.
func (c *Compiler) CompileDTO(t reflect.Type, cfg DTOConfig) (*Type, error) {
	if t == nil {
		return nil, errors.New("CompileDTO: nil type")
	}
	name := cfg.Name
	if name == "" {
		name = TypeName(t)
	}
	fail := func(format string, args ...any) (*Type, error) {
		return nil, fmt.Errorf("DTO %s of %s: %s", name, t, fmt.Sprintf(format, args...))
	}
	switch {
	case t.Kind() != reflect.Struct || t == timeType || special(t):
		return fail("a DTO model must be a struct type")
	case name == "":
		return fail("an unnamed struct type needs DTOConfig.Name")
	case !validComponentName(name):
		return fail("name %q may contain only letters, digits, '.', '-' and '_'", name)
	case len(cfg.Exclude) > 0 && len(cfg.Include) > 0:
		return fail("Exclude and Include cannot be used together")
	case cfg.Strategy > RenameLower:
		return fail("unknown rename strategy %d", cfg.Strategy)
	case cfg.MaxDepth < 0:
		return fail("MaxDepth %d is negative", cfg.MaxDepth)
	}
	for option, l := range map[string][]string{"Exclude": cfg.Exclude, "Include": cfg.Include, "Private": cfg.Private, "ReadOnly": cfg.ReadOnly, "WriteOnly": cfg.WriteOnly} {
		for _, p := range l {
			if !validPath(p) {
				return fail("%s %q is not a dotted Go field path", option, p)
			}
		}
	}
	for p := range cfg.Rename {
		if !validPath(p) {
			return fail("Rename %q is not a dotted Go field path", p)
		}
	}
	ctx := &dtoCtx{name: name, strategy: cfg.Strategy, partial: cfg.Partial, forbid: cfg.ForbidUnknown, maxDepth: cfg.MaxDepth}
	ctx.key = fmt.Sprintf("%q/%d/%t/%t/%d", cfg.Name, cfg.Strategy, cfg.Partial, cfg.ForbidUnknown, cfg.MaxDepth)
	d := &dtoLevel{ctx: ctx, model: t, spec: spec{
		exclude: cfg.Exclude, include: cfg.Include, private: cfg.Private,
		readOnly: cfg.ReadOnly, writeOnly: cfg.WriteOnly, rename: cfg.Rename,
	}}
	if d.identity() && cfg.Name == "" {
		return c.Compile(t)
	}
	key := cacheKey{t: t, dto: d.key()}
	if p, ok := c.cache[key]; ok {
		return p, nil
	}
	if owner, ok := c.names[name]; ok && cfg.Name != "" && owner != d.key() {
		return fail("the name %q is already used by another DTO configuration", name)
	}
	c.begin()
	p := &Type{Go: t, Kind: Struct}
	c.put(key, p)
	c.nameDerived(p, t, d)
	err := c.fillStruct(p, t, d, name)
	return c.end(p, err)
}

func validComponentName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return s != ""
}

func validPath(p string) bool {
	for seg := range strings.SplitSeq(p, ".") {
		if seg == "" || strings.ContainsAny(seg, " \t") {
			return false
		}
	}
	return true
}
