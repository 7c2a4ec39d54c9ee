package framework_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

// These tests cover the two ways the framework calls a provider's
// constructor: through reflect, and directly (the fast path, which
// reinterprets a constructor whose parameters and result are pointer-shaped
// as a func of unsafe.Pointers). Every constructor shape the framework
// accepts is run with every kind of result, in both scopes, and checked for
// the values it gives, how often it is built, its errors, its panics and its
// cleanups; framework.FastProvider and framework.RoutePaths (test-only
// hooks) say which path each case takes, so that both are known to be run.

// Results of every kind, each carrying the serial number of its build.
type (
	shPtr    struct{ n int64 }
	shStruct struct{ n int64 }
	shIface  interface{ N() int64 }
	shImpl   struct{ n int64 }
	shSlice  []int64
	shFunc   func() int64
	shMap    map[string]int64
	shChan   chan int64
	shUnsafe unsafe.Pointer
	// shUse is made per request from the value under test by a second
	// provider: fast when the value is pointer-shaped.
	shUse struct{ n int64 }
)

func (i *shImpl) N() int64 { return i.n }

// shapeIn is the input of the route under test.
type shapeIn[T any] struct {
	V T      `inject:""`
	U *shUse `inject:""`
}

// The constructor shapes the framework accepts.
type ctorShape int

const (
	shapeT        ctorShape = iota // T
	shapeTErr                      // (T, error)
	shapeTCleanup                  // (T, func(), error)
	shapeTCleanE                   // (T, func(error), error)
)

func (s ctorShape) String() string {
	return [...]string{"T", "(T,error)", "(T,func(),error)", "(T,func(error),error)"}[s]
}

var errShape = errors.New("shape failed")

// shapeEnv is what one case's constructors share with the test.
type shapeEnv struct {
	builds      atomic.Int64
	fail        atomic.Bool // the constructor returns errShape
	panics      atomic.Bool // the constructor panics
	usePanics   atomic.Bool // the shUse constructor panics
	handlerErrs atomic.Bool // the handler returns an error
	rec         recorder
}

func (e *shapeEnv) next() int64 {
	if e.panics.Load() {
		panic("constructor exploded")
	}
	return e.builds.Add(1)
}

// ctorFor makes a constructor of the given shape for values made by mk.
// The constructors are closures of a generic function: func values of
// another form than plain functions (see TestFastProviderFuncForms).
func ctorFor[T any](e *shapeEnv, shape ctorShape, mk func(int64) T) any {
	switch shape {
	case shapeT:
		return func() T { return mk(e.next()) }
	case shapeTErr:
		return func() (T, error) {
			n := e.next()
			if e.fail.Load() {
				var zero T
				return zero, errShape
			}
			return mk(n), nil
		}
	case shapeTCleanup:
		return func() (T, func(), error) {
			n := e.next()
			cleanup := func() { e.rec.add(fmt.Sprintf("cleanup %d", n)) }
			if e.fail.Load() {
				var zero T
				return zero, cleanup, errShape
			}
			return mk(n), cleanup, nil
		}
	default:
		return func() (T, func(error), error) {
			n := e.next()
			cleanup := func(err error) { e.rec.add(fmt.Sprintf("cleanup %d: %v", n, err)) }
			if e.fail.Load() {
				var zero T
				return zero, cleanup, errShape
			}
			return mk(n), cleanup, nil
		}
	}
}

// shapeKind is one kind of result: how to make a value of build n, how to
// read n back, and the providers of a case.
type shapeKind struct {
	name    string
	pointer bool // pointer-shaped: a candidate for the fast path
	// app builds the app of one case: the provider under test (of shape
	// and scope), a per-request shUse made from its value, and GET /.
	app func(t *testing.T, e *shapeEnv, shape ctorShape, scope framework.Scope) (*framework.App, framework.Provider)
}

func kindOf[T any](name string, pointer bool, mk func(int64) T, check func(T) int64) shapeKind {
	return shapeKind{name: name, pointer: pointer, app: func(t *testing.T, e *shapeEnv, shape ctorShape, scope framework.Scope) (*framework.App, framework.Provider) {
		p := framework.Provide(ctorFor(e, shape, mk), framework.WithScope(scope))
		return shapeApp(t, e, p, check), p
	}}
}

// shapeApp serves GET / answering "<n of the value> <n of shUse>".
func shapeApp[T any](t *testing.T, e *shapeEnv, p framework.Provider, check func(T) int64) *framework.App {
	return newApp(t,
		framework.WithLogger(discardLogger()),
		framework.Dependencies(p,
			framework.Provide(func(v T) *shUse {
				if e.usePanics.Load() {
					panic("use exploded")
				}
				return &shUse{n: check(v)}
			}, framework.WithScope(framework.PerRequest))),
		framework.Mount(framework.Get("/", func(_ context.Context, in shapeIn[T]) (framework.Text, error) {
			if e.handlerErrs.Load() {
				return "", framework.Conflict("handler refused")
			}
			return framework.Text(fmt.Sprintf("%d %d", check(in.V), in.U.n)), nil
		})),
	)
}

var shapeKinds = []shapeKind{
	kindOf("pointer", true, func(n int64) *shPtr { return &shPtr{n} }, func(v *shPtr) int64 { return v.n }),
	kindOf("struct", false, func(n int64) shStruct { return shStruct{n} }, func(v shStruct) int64 { return v.n }),
	kindOf("interface", false, func(n int64) shIface { return &shImpl{n} }, func(v shIface) int64 { return v.N() }),
	kindOf("slice", false, func(n int64) shSlice { return shSlice{n} }, func(v shSlice) int64 { return v[0] }),
	kindOf("func", true, func(n int64) shFunc { return func() int64 { return n } }, func(v shFunc) int64 { return v() }),
	kindOf("map", true, func(n int64) shMap { return shMap{"n": n} }, func(v shMap) int64 { return v["n"] }),
	kindOf("chan", true, func(n int64) shChan { return make(shChan, n) }, func(v shChan) int64 { return int64(cap(v)) }),
	kindOf("unsafe.Pointer", true, func(n int64) shUnsafe { return shUnsafe(unsafe.Pointer(&n)) }, func(v shUnsafe) int64 { return *(*int64)(v) }),
	{name: "pointer as interface", pointer: false, app: func(t *testing.T, e *shapeEnv, shape ctorShape, scope framework.Scope) (*framework.App, framework.Provider) {
		// framework.As stores the value as the interface: two words, so
		// never the fast path, though the constructor returns a pointer.
		p := framework.Provide(ctorFor(e, shape, func(n int64) *shImpl { return &shImpl{n} }),
			framework.As[shIface](), framework.WithScope(scope))
		return shapeApp(t, e, p, func(v shIface) int64 { return v.N() }), p
	}},
}

func TestProviderShapes(t *testing.T) {
	t.Parallel()
	for _, kind := range shapeKinds {
		for _, shape := range []ctorShape{shapeT, shapeTErr, shapeTCleanup, shapeTCleanE} {
			for _, scope := range []framework.Scope{framework.PerRequest, framework.Singleton} {
				t.Run(fmt.Sprintf("%s/%s/%s", kind.name, shape, scope), func(t *testing.T) {
					t.Parallel()
					testProviderShape(t, kind, shape, scope)
				})
			}
		}
	}
}

func testProviderShape(t *testing.T, kind shapeKind, shape ctorShape, scope framework.Scope) {
	e := &shapeEnv{}
	a, p := kind.app(t, e, shape, scope)
	perRequest := scope == framework.PerRequest
	hasErr, hasCleanup := shape != shapeT, shape == shapeTCleanup || shape == shapeTCleanE

	// Which path: the constructor is called directly when its result is
	// pointer-shaped and it has no cleanup; the route builds its values
	// without reflection when every per-request constructor is.
	wantFastProvider := kind.pointer && !hasCleanup
	if got := framework.FastProvider(p); got != wantFastProvider {
		t.Errorf("FastProvider = %v, want %v", got, wantFastProvider)
	}
	wantFastRoute := kind.pointer && (!perRequest || wantFastProvider)
	fast, direct, ok := framework.RoutePaths(a, http.MethodGet, "/")
	if !ok || fast != wantFastRoute || !direct {
		t.Errorf("RoutePaths = fast %v, direct %v, found %v; want fast %v, direct true", fast, direct, ok, wantFastRoute)
	}

	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	cleanup := func(n int64, err error) string {
		if shape == shapeTCleanup {
			return fmt.Sprintf("cleanup %d", n)
		}
		return fmt.Sprintf("cleanup %d: %v", n, err)
	}
	wantCleanups := func(step string, want ...string) {
		t.Helper()
		if !hasCleanup {
			want = nil
		}
		if diff := cmp.Diff(want, e.rec.reset()); diff != "" {
			t.Errorf("%s: cleanups (-want +got):\n%s", step, diff)
		}
	}

	// Values: a new one per request, or the one singleton; the second
	// provider of the request sees the same value as the handler.
	for i := int64(1); i <= 3; i++ {
		w := get(t, a, "/")
		n := int64(1)
		if perRequest {
			n = i
		}
		wantStatus(t, w, http.StatusOK)
		if want := fmt.Sprintf("%d %d", n, n); w.Body.String() != want {
			t.Fatalf("request %d: body %q, want %q", i, w.Body, want)
		}
		if perRequest {
			wantCleanups(fmt.Sprintf("request %d", i), cleanup(n, nil))
		} else {
			wantCleanups(fmt.Sprintf("request %d", i))
		}
	}
	built := e.builds.Load()

	// The handler's error reaches a per-request cleanup.
	e.handlerErrs.Store(true)
	wantStatus(t, get(t, a, "/"), http.StatusConflict)
	e.handlerErrs.Store(false)
	if perRequest {
		built++
		wantCleanups("handler error", cleanup(built, errors.New("409 Conflict: handler refused")))
	} else {
		wantCleanups("handler error")
	}

	// A panic after the value was built (in the second provider): a 500,
	// and the value's cleanup is told.
	e.usePanics.Store(true)
	wantStatus(t, get(t, a, "/"), http.StatusInternalServerError)
	e.usePanics.Store(false)
	if perRequest {
		built++
		wantCleanups("panic after", cleanup(built, errors.New("panic: use exploded")))
	} else {
		wantCleanups("panic after")
	}

	if perRequest {
		// A panicking constructor: a 500, and the app serves on.
		e.panics.Store(true)
		wantStatus(t, get(t, a, "/"), http.StatusInternalServerError)
		e.panics.Store(false)
		wantCleanups("constructor panic")
		if hasErr {
			// A failing constructor: a 500 (its message is logged, not
			// shown), and the cleanup it returned anyway is run.
			e.fail.Store(true)
			w := get(t, a, "/")
			e.fail.Store(false)
			p, _ := problem(t, w, http.StatusInternalServerError)
			if strings.Contains(p.Detail, errShape.Error()) {
				t.Errorf("the 500 shows the provider's error: %+v", p)
			}
			built++
			wantCleanups("constructor error", cleanup(built, errShape))
		}
		w := get(t, a, "/")
		built++
		if want := fmt.Sprintf("%d %d", built, built); w.Code != http.StatusOK || w.Body.String() != want {
			t.Errorf("after the failures: %d %q, want 200 %q", w.Code, w.Body, want)
		}
		wantCleanups("after the failures", cleanup(built, nil))
	}

	// Singleton cleanups run at shutdown.
	if err := a.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if perRequest {
		wantCleanups("shutdown")
	} else {
		wantCleanups("shutdown", cleanup(1, nil))
	}
}

// A singleton constructor that fails or panics fails the start: Start
// returns the error and every request gets 503, whatever the shape.
func TestSingletonShapeFailuresFailTheStart(t *testing.T) {
	t.Parallel()
	for _, kind := range shapeKinds {
		for _, shape := range []ctorShape{shapeT, shapeTErr, shapeTCleanup, shapeTCleanE} {
			for _, how := range []string{"error", "panic"} {
				if how == "error" && shape == shapeT {
					continue
				}
				t.Run(fmt.Sprintf("%s/%s/%s", kind.name, shape, how), func(t *testing.T) {
					t.Parallel()
					e := &shapeEnv{}
					a, _ := kind.app(t, e, shape, framework.Singleton)
					want := "constructor exploded"
					if how == "error" {
						e.fail.Store(true)
						want = errShape.Error()
					} else {
						e.panics.Store(true)
					}
					err := a.Start(context.Background())
					if err == nil || !strings.Contains(err.Error(), want) {
						t.Fatalf("Start: %v; want an error with %q", err, want)
					}
					for range 2 {
						wantStatus(t, get(t, a, "/"), http.StatusServiceUnavailable)
					}
					if how == "error" && (shape == shapeTCleanup || shape == shapeTCleanE) {
						if got := e.rec.reset(); len(got) != 1 {
							t.Errorf("cleanups %q; want the failed constructor's one", got)
						}
					}
				})
			}
		}
	}
}

// ---- every arity and argument source of the fast path ----

type (
	arg0 struct{ id int64 }
	arg1 struct{ a *arg0 }
	arg2 struct {
		a *arg0
		b *arg1
	}
	arg3 struct {
		a *arg0
		b *arg1
		c *arg2
	}
	arg4 struct {
		a *arg0
		b *arg1
		c *arg2
		d *arg3
	}
	argSingle  struct{ id int64 }
	argFromReq struct {
		r    *http.Request
		s    *argSingle
		f    shFunc
		a0   *arg0
		path string
	}
	argKinds struct {
		m shMap
		c shChan
	}
	// arg5 has five parameters: more than the fast path takes.
	arg5 struct{ a *arg4 }
)

var arg0IDs atomic.Int64

func newArg0() *arg0                                    { return &arg0{id: arg0IDs.Add(1)} }
func newArg1(a *arg0) *arg1                             { return &arg1{a} }
func newArg2(a *arg0, b *arg1) *arg2                    { return &arg2{a, b} }
func newArg3(a *arg0, b *arg1, c *arg2) *arg3           { return &arg3{a, b, c} }
func newArg4(a *arg0, b *arg1, c *arg2, d *arg3) *arg4  { return &arg4{a, b, c, d} }
func newArg0E() (*arg0, error)                          { return newArg0(), nil }
func newArg1E(a *arg0) (*arg1, error)                   { return newArg1(a), nil }
func newArg2E(a *arg0, b *arg1) (*arg2, error)          { return newArg2(a, b), nil }
func newArg3E(a *arg0, b *arg1, c *arg2) (*arg3, error) { return newArg3(a, b, c), nil }
func newArg4E(a *arg0, b *arg1, c *arg2, d *arg3) (*arg4, error) {
	if a == nil || d == nil {
		return nil, errors.New("missing argument")
	}
	return newArg4(a, b, c, d), nil
}

func newArg5(a *arg0, b *arg1, c *arg2, d *arg3, e *arg4) *arg5 {
	if e.a != a || e.b != b || e.c != c || e.d != d {
		panic("arguments of one request differ")
	}
	return &arg5{e}
}

// newArgFromReq takes the request, singletons (the func one catches
// passing a func's code pointer instead of its closure) and a per-request
// value; newArgKinds the map and chan singletons.
func newArgFromReq(r *http.Request, s *argSingle, f shFunc, a0 *arg0) (*argFromReq, error) {
	return &argFromReq{r: r, s: s, f: f, a0: a0, path: r.URL.Path}, nil
}

func newArgKinds(m shMap, c shChan) *argKinds { return &argKinds{m, c} }

type arityIn struct {
	A0 *arg0       `inject:""`
	A1 *arg1       `inject:""`
	A2 *arg2       `inject:""`
	A3 *arg3       `inject:""`
	A4 *arg4       `inject:""`
	R  *argFromReq `inject:""`
	K  *argKinds   `inject:""`
	S  *argSingle  `inject:""`
	F  shFunc      `inject:""`
	M  shMap       `inject:""`
	C  shChan      `inject:""`
}

// checkArity checks that every value of one request is wired to the others.
func checkArity(in arityIn) error {
	switch {
	case in.A1.a != in.A0, in.A2.a != in.A0, in.A2.b != in.A1,
		in.A3.a != in.A0, in.A3.b != in.A1, in.A3.c != in.A2,
		in.A4.a != in.A0, in.A4.b != in.A1, in.A4.c != in.A2, in.A4.d != in.A3:
		return errors.New("per-request values are not the request's own")
	case in.R.s != in.S || in.R.a0 != in.A0 || in.R.path != "/arity":
		return fmt.Errorf("argFromReq = %+v", in.R)
	case in.S.id != 42 || in.F() != 7 || in.M["k"] != 9 || cap(in.C) != 3:
		return errors.New("singletons are not the ones built")
	case in.R.f() != 7 || in.K.m["k"] != 9 || cap(in.K.c) != 3:
		return errors.New("singletons passed to a fast constructor are not the ones built")
	}
	return nil
}

func TestFastProviderArities(t *testing.T) {
	t.Parallel()
	pr := framework.WithScope(framework.PerRequest)
	singletons := framework.Dependencies(
		framework.Provide(func() *argSingle { return &argSingle{id: 42} }),
		framework.Provide(func() shFunc { return func() int64 { return 7 } }),
		framework.Value(shMap{"k": 9}),
		framework.Provide(func() (shChan, error) { return make(shChan, 3), nil }),
	)
	for _, tc := range []struct {
		name  string
		ctors []any
	}{
		{"T", []any{newArg0, newArg1, newArg2, newArg3, newArg4}},
		{"(T,error)", []any{newArg0E, newArg1E, newArg2E, newArg3E, newArg4E}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			deps := []framework.Provider{framework.Provide(newArgFromReq, pr), framework.Provide(newArgKinds, pr)}
			for _, c := range tc.ctors {
				p := framework.Provide(c, pr)
				if !framework.FastProvider(p) {
					t.Errorf("%T is not on the fast path", c)
				}
				deps = append(deps, p)
			}
			a := newApp(t, singletons,
				framework.Dependencies(deps...),
				framework.Mount(framework.Get("/arity", func(_ context.Context, in arityIn) (int64, error) {
					return in.A0.id, checkArity(in)
				})))
			if fast, _, _ := framework.RoutePaths(a, http.MethodGet, "/arity"); !fast {
				t.Error("the route does not build its values on the fast path")
			}
			seen := map[string]bool{}
			for range 5 {
				w := get(t, a, "/arity")
				wantStatus(t, w, http.StatusOK)
				if seen[w.Body.String()] {
					t.Errorf("two requests got one arg0 (%s)", w.Body)
				}
				seen[w.Body.String()] = true
			}
		})
	}
}

// A constructor with five parameters, or a route with more per-request
// values than the fast path holds, goes through reflect.
func TestFastPathLimits(t *testing.T) {
	t.Parallel()
	pr := framework.WithScope(framework.PerRequest)
	p5 := framework.Provide(newArg5, pr)
	if framework.FastProvider(p5) {
		t.Error("a constructor of five parameters is on the fast path")
	}
	a := newApp(t,
		framework.Dependencies(framework.Provide(newArg0, pr), framework.Provide(newArg1, pr), framework.Provide(newArg2, pr),
			framework.Provide(newArg3, pr), framework.Provide(newArg4, pr), p5),
		framework.Mount(framework.Get("/", func(_ context.Context, in struct {
			A *arg5 `inject:""`
		}) (int64, error) {
			return in.A.a.a.id, nil
		})))
	if fast, _, _ := framework.RoutePaths(a, http.MethodGet, "/"); fast {
		t.Error("a route with a five-parameter constructor is on the fast path")
	}
	wantStatus(t, get(t, a, "/"), http.StatusOK)

	// Nine per-request values, each made from the one before.
	type link struct{ prev *link }
	type l1 struct{ *link }
	type l2 struct{ *link }
	type l3 struct{ *link }
	type l4 struct{ *link }
	type l5 struct{ *link }
	type l6 struct{ *link }
	type l7 struct{ *link }
	type l8 struct{ *link }
	chain := framework.Dependencies(
		framework.Provide(func() *link { return &link{} }, pr),
		framework.Provide(func(p *link) *l1 { return &l1{&link{p}} }, pr),
		framework.Provide(func(p *l1) *l2 { return &l2{&link{p.link}} }, pr),
		framework.Provide(func(p *l2) *l3 { return &l3{&link{p.link}} }, pr),
		framework.Provide(func(p *l3) *l4 { return &l4{&link{p.link}} }, pr),
		framework.Provide(func(p *l4) *l5 { return &l5{&link{p.link}} }, pr),
		framework.Provide(func(p *l5) *l6 { return &l6{&link{p.link}} }, pr),
		framework.Provide(func(p *l6) *l7 { return &l7{&link{p.link}} }, pr),
		framework.Provide(func(p *l7) *l8 { return &l8{&link{p.link}} }, pr),
	)
	depth := func(l *link) (n int) {
		for ; l != nil; l = l.prev {
			n++
		}
		return n
	}
	a = newApp(t, chain,
		framework.Mount(
			framework.Get("/eight", func(_ context.Context, in struct {
				L *l7 `inject:""`
			}) (int, error) {
				return depth(in.L.link), nil
			}),
			framework.Get("/nine", func(_ context.Context, in struct {
				L *l8 `inject:""`
			}) (int, error) {
				return depth(in.L.link), nil
			})))
	for _, tc := range []struct {
		path     string
		wantFast bool
		want     string
	}{
		{"/eight", true, "8"},
		{"/nine", false, "9"},
	} {
		if fast, _, _ := framework.RoutePaths(a, http.MethodGet, tc.path); fast != tc.wantFast {
			t.Errorf("%s: fast = %v, want %v", tc.path, fast, tc.wantFast)
		}
		w := get(t, a, tc.path)
		if w.Code != http.StatusOK || w.Body.String() != tc.want {
			t.Errorf("%s: %d %s, want 200 %s", tc.path, w.Code, w.Body, tc.want)
		}
	}
}

// ---- func values of every form ----

type formSvc struct{ base int64 }

func (s *formSvc) newPtr(a *arg0) *shPtr { return &shPtr{s.base + a.id} }

func genericPtr[T any](a *arg0) *shPtr { return &shPtr{a.id * 10} }

// Constructors that are method values, generic instantiations, closures and
// reflect.MakeFunc functions are all func values of other forms than a plain
// function; the fast path must call each correctly.
func TestFastProviderFuncForms(t *testing.T) {
	t.Parallel()
	pr := framework.WithScope(framework.PerRequest)
	offset := int64(1000)
	makeFunc := reflect.MakeFunc(reflect.TypeFor[func(*arg0) *shPtr](), func(args []reflect.Value) []reflect.Value {
		a := args[0].Interface().(*arg0)
		return []reflect.Value{reflect.ValueOf(&shPtr{a.id + 5})}
	}).Interface().(func(*arg0) *shPtr)
	for _, tc := range []struct {
		name string
		ctor any
		want func(id int64) int64
	}{
		{"method value", (&formSvc{base: 100}).newPtr, func(id int64) int64 { return 100 + id }},
		{"generic instantiation", genericPtr[string], func(id int64) int64 { return id * 10 }},
		{"closure", func(a *arg0) *shPtr { return &shPtr{a.id + offset} }, func(id int64) int64 { return id + 1000 }},
		{"reflect.MakeFunc", makeFunc, func(id int64) int64 { return id + 5 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := framework.Provide(tc.ctor, pr)
			if !framework.FastProvider(p) {
				t.Fatal("not on the fast path")
			}
			type in struct {
				A *arg0  `inject:""`
				P *shPtr `inject:""`
			}
			a := newApp(t,
				framework.Dependencies(framework.Provide(newArg0, pr), p),
				framework.Mount(framework.Get("/", func(_ context.Context, in in) (string, error) {
					if want := tc.want(in.A.id); in.P.n != want {
						return "", fmt.Errorf("got %d, want %d", in.P.n, want)
					}
					return "ok", nil
				})))
			for range 3 {
				wantStatus(t, get(t, a, "/"), http.StatusOK)
			}
		})
	}
}

// ---- overrides ----

type ovSvc struct{ from string }

func newRealSvc() *ovSvc { return &ovSvc{"real"} }

// WithOverrides and App.With replace a provider whatever the two shapes,
// fast or not, and the app they were made from keeps its own.
func TestOverridesAcrossPaths(t *testing.T) {
	t.Parallel()
	pr := framework.WithScope(framework.PerRequest)
	type in struct {
		S *ovSvc `inject:""`
		U *shUse `inject:""`
	}
	use := framework.Provide(func(s *ovSvc) *shUse { return &shUse{int64(len(s.from))} }, pr)
	route := framework.Mount(framework.Get("/", func(_ context.Context, in in) (framework.Text, error) {
		return framework.Text(fmt.Sprintf("%s %d", in.S.from, in.U.n)), nil
	}))
	rec := &recorder{}
	fakes := []struct {
		name     string
		override framework.Provider
		wantFast bool
		cleanups []string
	}{
		{"fast per-request", framework.Provide(func() *ovSvc { return &ovSvc{"fake"} }, pr), true, nil},
		{"fast per-request with error", framework.Provide(func() (*ovSvc, error) { return &ovSvc{"fake"}, nil }, pr), true, nil},
		{"per-request with cleanup", framework.Provide(func() (*ovSvc, func(error), error) {
			return &ovSvc{"fake"}, func(err error) { rec.add(fmt.Sprintf("fake cleanup: %v", err)) }, nil
		}, pr), false, []string{"fake cleanup: <nil>"}},
		{"singleton", framework.Provide(func() *ovSvc { return &ovSvc{"fake"} }), true, nil},
		{"value", framework.Value(&ovSvc{"fake"}), true, nil},
	}
	for _, realScope := range []framework.Scope{framework.PerRequest, framework.Singleton} {
		for _, fake := range fakes {
			t.Run(fmt.Sprintf("real %s/fake %s", realScope, fake.name), func(t *testing.T) {
				// Not parallel: rec is shared.
				opts := []framework.Option{framework.WithLogger(discardLogger()),
					framework.Dependencies(framework.Provide(newRealSvc, framework.WithScope(realScope)), use), route}
				base := newApp(t, opts...)
				check := func(a *framework.App, want string, wantFast bool) {
					t.Helper()
					if fast, _, _ := framework.RoutePaths(a, http.MethodGet, "/"); fast != wantFast {
						t.Errorf("fast = %v, want %v", fast, wantFast)
					}
					for range 2 {
						w := get(t, a, "/")
						if w.Code != http.StatusOK || w.Body.String() != want {
							t.Errorf("%d %q, want 200 %q", w.Code, w.Body, want)
						}
					}
				}
				withOverrides := newApp(t, append(opts, framework.WithOverrides(fake.override))...)
				check(withOverrides, "fake 4", fake.wantFast)
				if diff := cmp.Diff(append(fake.cleanups, fake.cleanups...), rec.reset()); diff != "" {
					t.Errorf("cleanups (-want +got):\n%s", diff)
				}
				with, err := base.With(framework.WithOverrides(fake.override))
				if err != nil {
					t.Fatal(err)
				}
				check(with, "fake 4", fake.wantFast)
				rec.reset()
				check(base, "real 4", true) // unchanged by the apps made from it
			})
		}
	}
}

// ---- cleanups across both paths ----

type (
	clA struct{}
	clB struct{}
	clC struct{}
	clD struct{}
)

// Cleanups run in reverse order of construction, see the handler's error,
// and run for the values built before a provider that fails or panics; a
// fast constructor among them changes nothing.
func TestCleanupOrderWithFastAndReflectiveProviders(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	var failC, panicD atomic.Bool
	pr := framework.WithScope(framework.PerRequest)
	a := newApp(t,
		framework.WithLogger(discardLogger()),
		framework.Dependencies(
			framework.Provide(func() (*clA, func(), error) {
				rec.add("build A")
				return &clA{}, func() { rec.add("clean A") }, nil
			}, pr),
			framework.Provide(func(*clA) *clB { rec.add("build B"); return &clB{} }, pr), // fast
			framework.Provide(func(*clB) (*clC, func(error), error) {
				rec.add("build C")
				cleanup := func(err error) { rec.add(fmt.Sprintf("clean C: %v", err)) }
				if failC.Load() {
					return nil, cleanup, errors.New("C failed")
				}
				return &clC{}, cleanup, nil
			}, pr),
			framework.Provide(func(*clC) (*clD, error) { // fast
				if panicD.Load() {
					panic("D exploded")
				}
				rec.add("build D")
				return &clD{}, nil
			}, pr),
		),
		framework.Mount(framework.Get("/", func(_ context.Context, in struct {
			D *clD `inject:""`
		}) (string, error) {
			rec.add("handler")
			return "ok", nil
		})),
	)
	if fast, _, _ := framework.RoutePaths(a, http.MethodGet, "/"); fast {
		t.Error("a route with cleanups is on the fast path")
	}
	for _, tc := range []struct {
		name   string
		flag   *atomic.Bool
		status int
		want   []string
	}{
		{"ok", nil, 200, []string{"build A", "build B", "build C", "build D", "handler", "clean C: <nil>", "clean A"}},
		{"C fails", &failC, 500, []string{"build A", "build B", "build C", "clean C: C failed", "clean A"}},
		{"D panics", &panicD, 500, []string{"build A", "build B", "build C", "clean C: panic: D exploded", "clean A"}},
	} {
		if tc.flag != nil {
			tc.flag.Store(true)
		}
		wantStatus(t, get(t, a, "/"), tc.status)
		if tc.flag != nil {
			tc.flag.Store(false)
		}
		// The failed constructor's own cleanup sees its error.
		if diff := cmp.Diff(tc.want, rec.reset()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// ---- the fast path under the garbage collector and concurrency ----

type gcNode struct {
	payload [64]byte
	next    *gcNode
}

type gcIn struct {
	A *gcNode `inject:""`
	B *shPtr  `inject:""`
}

// Values built on the fast path live only in its stack array until they
// are stored into the input: collections and stack growth in between must
// neither free nor corrupt them. Concurrent requests must not share them.
func TestFastPathUnderGCAndConcurrency(t *testing.T) {
	t.Parallel()
	pr := framework.WithScope(framework.PerRequest)
	var ids atomic.Int64
	fill := func(n *gcNode, v byte) *gcNode {
		for i := range n.payload {
			n.payload[i] = v
		}
		return n
	}
	var grow func(n int) int
	grow = func(n int) int { // grows the goroutine's stack
		var pad [256]byte
		if n == 0 {
			return int(pad[0])
		}
		return grow(n-1) + int(pad[n%256])
	}
	a := newApp(t,
		framework.Dependencies(
			framework.Provide(func() *gcNode {
				id := byte(ids.Add(1))
				return fill(&gcNode{next: fill(&gcNode{}, id)}, id)
			}, pr),
			framework.Provide(func(n *gcNode) *shPtr {
				runtime.GC()
				_ = grow(200)
				return &shPtr{int64(n.payload[63])}
			}, pr),
		),
		framework.Mount(framework.Get("/", func(_ context.Context, in gcIn) (string, error) {
			runtime.GC()
			want := in.A.payload[0]
			for i := range in.A.payload {
				if in.A.payload[i] != want || in.A.next.payload[i] != want {
					return "", errors.New("a value was corrupted")
				}
			}
			if byte(in.B.n) != want {
				return "", errors.New("the second value saw another request's first")
			}
			return "ok", nil
		})),
	)
	if fast, _, _ := framework.RoutePaths(a, http.MethodGet, "/"); !fast {
		t.Fatal("not on the fast path")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				w := httptest.NewRecorder()
				a.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
				if w.Code != http.StatusOK {
					t.Errorf("%d %s", w.Code, w.Body)
					return
				}
			}
		})
	}
	wg.Wait()
}
