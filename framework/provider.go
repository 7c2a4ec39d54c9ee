package framework

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"runtime"
	"unsafe"
)

// Provider makes values of one type for injection. Make one with Provide or
// Value and register it in a layer's Dependencies (or WithDependencies at the
// app); the layer nearest a route wins.
type Provider struct{ def *providerDef }

// Scope says how long a provided value lives.
type Scope uint8

const (
	// Singleton values are built once, when the app starts, and shared by
	// every request; their cleanups run when the app shuts down.
	Singleton Scope = iota
	// PerRequest values are built at most once per request, when a handler
	// or provider of that request needs them; their cleanups run after the
	// handler, in reverse order, and see the handler's error.
	PerRequest
)

// String names the scope as build errors and the route listing show it.
func (s Scope) String() string {
	if s == PerRequest {
		return "per-request"
	}
	return "singleton"
}

// ProvideOption configures a Provider.
type ProvideOption func(*providerDef)

// As provides the constructor's result as the interface I, so code that
// injects I receives it. The result must implement I; that is checked when
// the app is built.
func As[I any]() ProvideOption {
	return func(d *providerDef) { d.as = reflect.TypeFor[I]() }
}

// WithScope sets the provider's scope (Singleton by default).
func WithScope(s Scope) ProvideOption {
	return func(d *providerDef) { d.scope = s }
}

// Provide registers constructor as the provider of its first result's type.
// The constructor's parameters are resolved in turn from the same layers;
// a context.Context parameter receives the request's context (for
// singletons, the start context without its cancellation: they live until
// Shutdown) and *http.Request the current request.
// The constructor may return T, (T, error), (T, func(), error) or
// (T, func(error), error); the cleanup runs when the value's scope ends and
// the func(error) form sees the handler's error.
// Mistakes in the constructor's shape are reported when the app is built.
//
// A constructor returning T or (T, error), with at most four parameters,
// whose parameters and T are all pointers, maps, channels or funcs (not
// interfaces, structs or slices, and not provided As an interface), is
// called directly, without reflection; a route whose per-request providers
// are all such constructors builds them without allocating anything but
// what they allocate themselves.
func Provide(constructor any, opts ...ProvideOption) Provider {
	d := &providerDef{fn: reflect.ValueOf(constructor)}
	for _, o := range opts {
		o(d)
	}
	d.err = d.inspect()
	return Provider{def: d}
}

// Value provides v as a singleton of type T.
func Value[T any](v T) Provider {
	d := &providerDef{
		out:   reflect.TypeFor[T](),
		value: reflect.ValueOf(&v).Elem(),
		name:  fmt.Sprintf("framework.Value[%s]", reflect.TypeFor[T]()),
	}
	return Provider{def: d}
}

// Type returns the type the provider makes.
func (p Provider) Type() reflect.Type {
	if p.def == nil {
		return nil
	}
	if p.def.as != nil {
		return p.def.as
	}
	return p.def.out
}

var (
	typeContext = reflect.TypeFor[context.Context]()
	typeRequest = reflect.TypeFor[*http.Request]()
	typeError   = reflect.TypeFor[error]()
	typeCleanup = reflect.TypeFor[func()]()
	typeCleanE  = reflect.TypeFor[func(error)]()
)

type cleanupKind uint8

const (
	noCleanup cleanupKind = iota
	plainCleanup
	errorCleanup
)

type providerDef struct {
	fn      reflect.Value
	value   reflect.Value // set for Value providers
	out     reflect.Type
	as      reflect.Type
	ins     []reflect.Type
	hasErr  bool
	cleanup cleanupKind
	scope   Scope
	name    string
	err     error
	// fast calls the constructor without reflection; nil unless its shape
	// allows it (see fastConstructor).
	fast fastFunc
}

// inspect checks the constructor's shape.
func (d *providerDef) inspect() error {
	if !d.fn.IsValid() || d.fn.Kind() != reflect.Func || d.fn.IsNil() {
		got := "nil"
		if d.fn.IsValid() {
			got = d.fn.Type().String() // not %T of d.fn, which is always reflect.Value
		}
		return fmt.Errorf("framework.Provide: constructor must be a non-nil func, got %s", got)
	}
	ft := d.fn.Type()
	d.name = runtime.FuncForPC(d.fn.Pointer()).Name()
	if ft.IsVariadic() {
		return fmt.Errorf("framework.Provide(%s): variadic constructors are not supported", d.name)
	}
	for i := range ft.NumIn() {
		d.ins = append(d.ins, ft.In(i))
	}
	switch {
	case ft.NumOut() == 1:
	case ft.NumOut() == 2 && ft.Out(1) == typeError:
		d.hasErr = true
	case ft.NumOut() == 3 && ft.Out(1) == typeCleanup && ft.Out(2) == typeError:
		d.hasErr, d.cleanup = true, plainCleanup
	case ft.NumOut() == 3 && ft.Out(1) == typeCleanE && ft.Out(2) == typeError:
		d.hasErr, d.cleanup = true, errorCleanup
	default:
		return fmt.Errorf("framework.Provide(%s): a constructor returns T, (T, error), (T, func(), error) or (T, func(error), error); got %s", d.name, ft)
	}
	d.out = ft.Out(0)
	if d.out == typeError {
		return fmt.Errorf("framework.Provide(%s): cannot provide error", d.name)
	}
	if d.as != nil {
		if d.as.Kind() != reflect.Interface {
			return fmt.Errorf("framework.Provide(%s): As[%s]: %s is not an interface", d.name, d.as, d.as)
		}
		if !d.out.Implements(d.as) {
			return fmt.Errorf("framework.Provide(%s): As[%s]: %s does not implement %s", d.name, d.as, d.out, d.as)
		}
		// The value is stored as the interface, two words: the fast path
		// handles one-word values only.
		return nil
	}
	d.fast = fastConstructor(d.fn, d.hasErr, d.cleanup)
	return nil
}

// provides is the type a route injects to receive this provider's value.
func (d *providerDef) provides() reflect.Type {
	if d.as != nil {
		return d.as
	}
	return d.out
}

// build calls the constructor with args. It returns the value, its cleanup
// (nil when none) and the constructor's error.
func (d *providerDef) build(args []reflect.Value) (reflect.Value, func(error), error) {
	if d.value.IsValid() {
		return d.value, nil, nil
	}
	outs := d.fn.Call(args)
	var err error
	if d.hasErr {
		if e := outs[len(outs)-1]; !e.IsNil() {
			err = e.Interface().(error)
		}
	}
	var cleanup func(error)
	switch d.cleanup {
	case plainCleanup:
		if f, ok := outs[1].Interface().(func()); ok && f != nil {
			cleanup = func(error) { f() }
		}
	case errorCleanup:
		if f, ok := outs[1].Interface().(func(error)); ok && f != nil {
			cleanup = f
		}
	}
	if err != nil {
		if cleanup != nil {
			cleanup(err)
		}
		return reflect.Value{}, nil, fmt.Errorf("provider %s: %w", d.name, err)
	}
	v := outs[0]
	if d.as != nil {
		iv := reflect.New(d.as).Elem()
		iv.Set(v)
		v = iv
	}
	return v, cleanup, nil
}

// A fastFunc calls a constructor directly, without reflect.Value.Call (which
// allocates its results): the arguments and the result are pointer words.
// It is passed its arguments by value, so they stay on the caller's stack.
type fastFunc func(args [maxFastArgs]unsafe.Pointer) (unsafe.Pointer, error)

// maxFastArgs bounds the parameters of constructors called by a fastFunc.
const maxFastArgs = 4

// pointerShaped reports whether a value of t is exactly one pointer word
// that the garbage collector scans: pointers, unsafe.Pointer, maps,
// channels and funcs (a func value is a pointer to its closure).
func pointerShaped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Map, reflect.Chan, reflect.Func:
		return true
	}
	return false
}

// fastConstructor returns a fastFunc for fn when fn has the shape
// func(P1, …, Pn) R or func(P1, …, Pn) (R, error), with n <= maxFastArgs
// and every Pi and R pointer-shaped; nil otherwise (other shapes, and
// constructors with cleanups, go through reflect).
//
// Why this is sound: a pointer-shaped type is represented exactly as an
// unsafe.Pointer, and Go's calling conventions (the register ABI, and the
// stack ABI of ports without it) assign arguments and results by their
// representation, so func(*A, map[K]V) (*B, error) and
// func(unsafe.Pointer, unsafe.Pointer) (unsafe.Pointer, error) pass their
// arguments and results in the same registers or stack slots. A func value
// is a pointer to its closure whatever its type (plain functions, closures,
// method values, generic instantiations and reflect.MakeFunc functions
// alike), so fn's func value is reinterpreted as the second type and called
// directly. The garbage collector sees every word as a pointer on both
// sides, as it must.
func fastConstructor(fn reflect.Value, hasErr bool, cleanup cleanupKind) fastFunc {
	ft := fn.Type()
	if cleanup != noCleanup || ft.IsVariadic() || ft.NumIn() > maxFastArgs || !pointerShaped(ft.Out(0)) {
		return nil
	}
	for i := range ft.NumIn() {
		if !pointerShaped(ft.In(i)) {
			return nil
		}
	}
	// The func value, read from a variable of fn's own type: a pointer to
	// the closure (Value.UnsafePointer would give the code pointer).
	v := reflect.New(ft)
	v.Elem().Set(fn)
	fv := *(*unsafe.Pointer)(v.UnsafePointer())
	if hasErr {
		return fastErrCaller(ft.NumIn(), unsafe.Pointer(&fv))
	}
	return fastCaller(ft.NumIn(), unsafe.Pointer(&fv))
}

// fastCaller calls the func value at fv as a func(unsafe.Pointer…)
// unsafe.Pointer of n parameters.
func fastCaller(n int, fv unsafe.Pointer) fastFunc {
	type p = unsafe.Pointer
	switch n {
	case 0:
		f := *(*func() p)(fv)
		return func([maxFastArgs]p) (p, error) { return f(), nil }
	case 1:
		f := *(*func(p) p)(fv)
		return func(a [maxFastArgs]p) (p, error) { return f(a[0]), nil }
	case 2:
		f := *(*func(p, p) p)(fv)
		return func(a [maxFastArgs]p) (p, error) { return f(a[0], a[1]), nil }
	case 3:
		f := *(*func(p, p, p) p)(fv)
		return func(a [maxFastArgs]p) (p, error) { return f(a[0], a[1], a[2]), nil }
	default:
		f := *(*func(p, p, p, p) p)(fv)
		return func(a [maxFastArgs]p) (p, error) { return f(a[0], a[1], a[2], a[3]), nil }
	}
}

// fastErrCaller calls the func value at fv as a func(unsafe.Pointer…)
// (unsafe.Pointer, error) of n parameters.
func fastErrCaller(n int, fv unsafe.Pointer) fastFunc {
	type p = unsafe.Pointer
	switch n {
	case 0:
		f := *(*func() (p, error))(fv)
		return func([maxFastArgs]p) (p, error) { return f() }
	case 1:
		f := *(*func(p) (p, error))(fv)
		return func(a [maxFastArgs]p) (p, error) { return f(a[0]) }
	case 2:
		f := *(*func(p, p) (p, error))(fv)
		return func(a [maxFastArgs]p) (p, error) { return f(a[0], a[1]) }
	case 3:
		f := *(*func(p, p, p) (p, error))(fv)
		return func(a [maxFastArgs]p) (p, error) { return f(a[0], a[1], a[2]) }
	default:
		f := *(*func(p, p, p, p) (p, error))(fv)
		return func(a [maxFastArgs]p) (p, error) { return f(a[0], a[1], a[2], a[3]) }
	}
}
