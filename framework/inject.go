package framework

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"unsafe"
)

// scope is the providers one layer registers, chained to the outer layers.
type scope struct {
	parent    *scope
	layer     *layer
	providers map[reflect.Type]*providerDef
}

// scopeFor registers l's providers, applying overrides.
func (b *builder) scopeFor(parent *scope, l *layer) *scope {
	s := &scope{parent: parent, layer: l, providers: map[reflect.Type]*providerDef{}}
	for _, p := range l.deps {
		if p.def == nil {
			b.fail("%s: Dependencies holds a zero Provider; make one with framework.Provide or framework.Value", l.name())
			continue
		}
		if p.def.err != nil {
			b.fail("%s: %w", l.name(), p.def.err)
			continue
		}
		t := p.def.provides()
		if prev, ok := s.providers[t]; ok {
			b.fail("%s: two providers make %s (%s and %s); keep one, or give one a different type with framework.As", l.name(), t, prev.name, p.def.name)
			continue
		}
		d := p.def
		if o, ok := b.overrides[t]; ok {
			d = o
			b.used[t] = true
		}
		s.providers[t] = d
	}
	return s
}

// lookup finds the provider of t, nearest layer first.
func (s *scope) lookup(t reflect.Type) (*providerDef, *scope) {
	for c := s; c != nil; c = c.parent {
		if d, ok := c.providers[t]; ok {
			return d, c
		}
	}
	return nil, nil
}

// searched lists the layers a lookup went through, nearest first.
func (s *scope) searched() string {
	var names []string
	for c := s; c != nil; c = c.parent {
		names = append(names, c.layer.name())
	}
	return strings.Join(names, ", ")
}

// depKind says where an injected value comes from.
type depKind uint8

const (
	depContext depKind = iota
	depRequest
	depSingleton
	depPerRequest
)

type depRef struct {
	kind  depKind
	index int
}

// missingProvider explains a failed lookup and how to fix it.
func missingProvider(who string, t reflect.Type, s *scope) error {
	hint := ""
	if t.Kind() == reflect.Interface {
		for c := s; c != nil && hint == ""; c = c.parent {
			for pt, d := range c.providers {
				if pt.Implements(t) {
					hint = fmt.Sprintf("; %s (in %s) makes %s, which implements it: register it with framework.Provide(%s, framework.As[%s]())", d.name, c.layer.name(), pt, shortName(d.name), t)
					break
				}
			}
		}
	}
	return fmt.Errorf("%s needs %s, but no provider for it is registered (searched %s); add framework.Provide(<a constructor returning %s>) to the Dependencies of the layer that should own it%s", who, t, s.searched(), t, hint)
}

func shortName(fn string) string {
	if i := strings.LastIndexByte(fn, '/'); i >= 0 {
		fn = fn[i+1:]
	}
	return fn
}

// cycleLabel names a provider in a cycle report by the type it makes, which
// is what the user must untangle, and by its constructor.
func cycleLabel(d *providerDef) string {
	return fmt.Sprintf("%s (%s)", d.provides(), d.name)
}

// cycleError reports that def was met again while resolving stack.
func cycleError(stack []string, def *providerDef) error {
	return fmt.Errorf("provider cycle: %s -> %s; a provider cannot need, directly or through other providers, the type it makes: remove one of these dependencies (for instance by passing the value to a method instead of the constructor)",
		strings.Join(stack, " -> "), cycleLabel(def))
}

// injector resolves one route's dependencies per request.
type injector struct {
	steps  []requestStep
	fields []fieldInject
	// fast says run can take runFast; request that a provider or field
	// is given the request or its context. Both are set by finish.
	fast, request bool
}

// maxFastSteps bounds the per-request values of a route that runFast
// builds (they live in an array on its stack).
const maxFastSteps = 8

// finish is called once the route's steps and fields are known: it decides
// whether every per-request value can be built without reflection.
func (inj *injector) finish() {
	inj.fast = len(inj.steps) > 0 && len(inj.steps) <= maxFastSteps
	for _, s := range inj.steps {
		if s.def.fast == nil {
			inj.fast = false
		}
		for _, ref := range s.args {
			switch ref.kind {
			case depContext:
				inj.fast = false // an interface: never pointer-shaped
				inj.request = true
			case depRequest:
				inj.request = true
			}
		}
	}
	for i := range inj.fields {
		f := &inj.fields[i]
		switch f.ref.kind {
		case depSingleton:
			f.word = pointerShaped(f.typ)
		case depPerRequest:
			if !pointerShaped(f.typ) {
				inj.fast = false
			}
		case depContext, depRequest:
			inj.request = true
		}
	}
}

type requestStep struct {
	def  *providerDef
	args []depRef
}

type fieldInject struct {
	offset uintptr
	typ    reflect.Type
	ref    depRef
	// word says the field is a pointer-shaped singleton: it is set by
	// storing the singleton's pointer word, without reflection.
	word bool
}

// resolver resolves the dependencies of one route.
type resolver struct {
	b        *builder
	scope    *scope
	inj      *injector
	steps    map[*providerDef]int
	visiting map[*providerDef]bool
	stack    []string
}

func (rs *resolver) resolve(who string, t reflect.Type) (depRef, error) {
	switch t {
	case typeContext:
		return depRef{kind: depContext}, nil
	case typeRequest:
		return depRef{kind: depRequest}, nil
	}
	def, home := rs.scope.lookup(t)
	if def == nil {
		return depRef{}, missingProvider(who, t, rs.scope)
	}
	if def.scope == Singleton {
		i, err := rs.b.app.singletons.add(rs.b, def, home, nil)
		return depRef{kind: depSingleton, index: i}, err
	}
	if i, ok := rs.steps[def]; ok {
		return depRef{kind: depPerRequest, index: i}, nil
	}
	if rs.visiting[def] {
		return depRef{}, cycleError(rs.stack, def)
	}
	rs.visiting[def] = true
	rs.stack = append(rs.stack, cycleLabel(def))
	step := requestStep{def: def}
	for _, in := range def.ins {
		ref, err := rs.resolve("provider "+def.name, in)
		if err != nil {
			return depRef{}, err
		}
		step.args = append(step.args, ref)
	}
	rs.stack = rs.stack[:len(rs.stack)-1]
	delete(rs.visiting, def)
	rs.inj.steps = append(rs.inj.steps, step)
	rs.steps[def] = len(rs.inj.steps) - 1
	return depRef{kind: depPerRequest, index: len(rs.inj.steps) - 1}, nil
}

// run builds the route's per-request values and sets the inject fields of
// the input at in. It returns the cleanups to run after the handler.
func (inj *injector) run(r *http.Request, singles *singletons, in unsafe.Pointer) ([]func(error), error) {
	if inj == nil {
		return nil, nil
	}
	if inj.fast {
		return nil, inj.runFast(r, singles, in)
	}
	var vals []reflect.Value
	var cleanups []func(error)
	if len(inj.steps) > 0 {
		vals = make([]reflect.Value, len(inj.steps))
		// A provider that panics unwinds past the caller, which never sees
		// the cleanups of the values built before it: run them here, told
		// why, then let the panic go on.
		defer func() {
			if len(cleanups) > 0 {
				if p := recover(); p != nil {
					runCleanups(cleanups, fmt.Errorf("panic: %v", p))
					panic(p)
				}
			}
		}()
	}
	value := func(ref depRef) reflect.Value {
		switch ref.kind {
		case depContext:
			return reflect.ValueOf(r.Context())
		case depRequest:
			return reflect.ValueOf(r)
		case depSingleton:
			return singles.values[ref.index]
		default:
			return vals[ref.index]
		}
	}
	for i, s := range inj.steps {
		args := make([]reflect.Value, len(s.args))
		for j, ref := range s.args {
			args[j] = value(ref)
		}
		v, cleanup, err := s.def.build(args)
		if err != nil {
			return cleanups, err
		}
		vals[i] = v
		if cleanup != nil {
			cleanups = append(cleanups, cleanup)
		}
	}
	for _, f := range inj.fields {
		switch {
		case f.word:
			*(*unsafe.Pointer)(unsafe.Add(in, f.offset)) = singles.words[f.ref.index]
		case f.ref.kind == depContext, f.ref.kind == depRequest:
			f.setRequest(r, in)
		default:
			reflect.NewAt(f.typ, unsafe.Add(in, f.offset)).Elem().Set(value(f.ref))
		}
	}
	return cleanups, nil
}

// setRequest sets a context.Context or *http.Request field.
func (f *fieldInject) setRequest(r *http.Request, in unsafe.Pointer) {
	p := unsafe.Add(in, f.offset)
	if f.ref.kind == depContext {
		*(*context.Context)(p) = r.Context()
		return
	}
	*(**http.Request)(p) = r
}

// needsRequest reports whether a provider or field of the route is given
// the request or its context (set by finish).
func (inj *injector) needsRequest() bool { return inj != nil && inj.request }

// runFast is run for routes whose per-request constructors all have a
// fastFunc (see finish): the values are pointer words in an array on the
// stack, the constructors are called directly, and per-request fields are
// set with a pointer store. Nothing is allocated but what the constructors
// allocate. A constructor's panic propagates as it would through reflect;
// there are no cleanups to run, since no fast constructor has one.
func (inj *injector) runFast(r *http.Request, singles *singletons, in unsafe.Pointer) error {
	var vals [maxFastSteps]unsafe.Pointer
	for i := range inj.steps {
		s := &inj.steps[i]
		var args [maxFastArgs]unsafe.Pointer
		for j, ref := range s.args {
			switch ref.kind {
			case depRequest:
				args[j] = unsafe.Pointer(r)
			case depSingleton:
				args[j] = singles.words[ref.index]
			default: // depPerRequest: finish ruled depContext out
				args[j] = vals[ref.index]
			}
		}
		v, err := s.def.fast(args)
		if err != nil {
			return fmt.Errorf("provider %s: %w", s.def.name, err)
		}
		vals[i] = v
	}
	for i := range inj.fields {
		f := &inj.fields[i]
		switch f.ref.kind {
		case depPerRequest:
			*(*unsafe.Pointer)(unsafe.Add(in, f.offset)) = vals[f.ref.index]
		case depSingleton:
			if f.word {
				*(*unsafe.Pointer)(unsafe.Add(in, f.offset)) = singles.words[f.ref.index]
				break
			}
			reflect.NewAt(f.typ, unsafe.Add(in, f.offset)).Elem().Set(singles.values[f.ref.index])
		default:
			f.setRequest(r, in)
		}
	}
	return nil
}

// runCleanups runs cleanups in reverse order with the handler's error.
func runCleanups(cleanups []func(error), err error) {
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i](err)
	}
}

// singletons are the app-lifetime values, built in dependency order.
type singletons struct {
	index  map[singletonKey]int
	nodes  []requestStep
	values []reflect.Value
	// words holds the pointer word of each pointer-shaped value, for
	// runFast's arguments; nil for other values.
	words    []unsafe.Pointer
	cleanups []func(error)
}

type singletonKey struct {
	def  *providerDef
	home *scope
}

func newSingletons() *singletons {
	return &singletons{index: map[singletonKey]int{}}
}

// add registers def (found in home) and its dependencies, resolved from
// home outwards, and returns its index.
func (s *singletons) add(b *builder, def *providerDef, home *scope, stack []string) (int, error) {
	key := singletonKey{def, home}
	if b.overrideDefs[def] {
		// An override is one fake for the whole app, wherever the provider it
		// replaces was registered; its own dependencies resolve from the
		// first layer that needed it.
		key.home = nil
	}
	if i, ok := s.index[key]; ok {
		if i < 0 {
			return 0, cycleError(stack, def)
		}
		return i, nil
	}
	s.index[key] = -1 // being added: meeting it again below is a cycle
	node, err := s.node(b, def, home, append(stack, cycleLabel(def)))
	if err != nil {
		// Forget the failed provider, so that the next route needing it
		// gets this same error rather than a false "provider cycle".
		delete(s.index, key)
		return 0, err
	}
	s.nodes = append(s.nodes, node)
	s.index[key] = len(s.nodes) - 1
	return len(s.nodes) - 1, nil
}

// node resolves the arguments of def's constructor.
func (s *singletons) node(b *builder, def *providerDef, home *scope, stack []string) (requestStep, error) {
	node := requestStep{def: def}
	for _, in := range def.ins {
		switch in {
		case typeContext:
			node.args = append(node.args, depRef{kind: depContext})
			continue
		case typeRequest:
			return node, fmt.Errorf("singleton provider %s needs *http.Request, which exists only per request; register it with framework.WithScope(framework.PerRequest)", def.name)
		}
		dd, dh := home.lookup(in)
		if dd == nil {
			return node, missingProvider("singleton provider "+def.name, in, home)
		}
		if dd.scope != Singleton {
			return node, fmt.Errorf("singleton provider %s (in %s) needs %s, but its provider %s (in %s) is per-request; a singleton can only depend on singletons: make %s per-request with framework.WithScope(framework.PerRequest), or make %s a singleton",
				def.name, home.layer.name(), in, dd.name, dh.layer.name(), def.provides(), in)
		}
		i, err := s.add(b, dd, dh, stack)
		if err != nil {
			return node, err
		}
		node.args = append(node.args, depRef{kind: depSingleton, index: i})
	}
	return node, nil
}

// build constructs every singleton; on failure it cleans up what it built.
func (s *singletons) build(ctx context.Context) error {
	s.values = make([]reflect.Value, len(s.nodes))
	s.words = make([]unsafe.Pointer, len(s.nodes))
	for i, n := range s.nodes {
		args := make([]reflect.Value, len(n.args))
		for j, ref := range n.args {
			if ref.kind == depContext {
				args[j] = reflect.ValueOf(&ctx).Elem()
				continue
			}
			args[j] = s.values[ref.index]
		}
		v, cleanup, err := buildSingleton(n.def, args)
		if err != nil {
			s.close()
			return fmt.Errorf("starting the app: %w", err)
		}
		s.values[i] = v
		if pointerShaped(v.Type()) {
			s.words[i] = pointerWord(v)
		}
		if cleanup != nil {
			s.cleanups = append(s.cleanups, cleanup)
		}
	}
	return nil
}

// buildSingleton is d.build, with a panic of the constructor returned as an
// error: a singleton that panics fails the start like one that returns an
// error, and the app answers 503 rather than run with values never built.
func buildSingleton(d *providerDef, args []reflect.Value) (v reflect.Value, cleanup func(error), err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("provider %s panicked: %v", d.name, p)
		}
	}()
	return d.build(args)
}

// pointerWord is the one word of a pointer-shaped value: for a func, the
// pointer to its closure (which Value.UnsafePointer does not give).
func pointerWord(v reflect.Value) unsafe.Pointer {
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	return *(*unsafe.Pointer)(p.UnsafePointer())
}

func (s *singletons) close() {
	runCleanups(s.cleanups, nil)
	s.cleanups = nil
}
