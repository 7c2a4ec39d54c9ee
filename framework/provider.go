package framework

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"runtime"
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
	}
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
