package framework

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/starling-http/starling/framework/internal/router"
	"github.com/starling-http/starling/internal/plan"
)

// DefaultBodyLimit is the request body limit unless a layer sets BodyLimit.
const DefaultBodyLimit int64 = 10 << 20

// builder carries what one app build needs.
type builder struct {
	app       *App
	plans     *plan.Compiler
	overrides map[reflect.Type]*providerDef
	used      map[reflect.Type]bool // override types that replaced something
	// overrideDefs are the providers given to WithOverrides; the def is
	// shared by apps built from the same option, so it is never mutated.
	overrideDefs map[*providerDef]bool
	errs         []error
}

func (b *builder) fail(format string, args ...any) {
	b.errs = append(b.errs, fmt.Errorf(format, args...))
}

// build compiles every route of the app.
func (a *App) build() error {
	b := &builder{
		app:          a,
		plans:        plan.NewCompiler(),
		overrides:    map[reflect.Type]*providerDef{},
		used:         map[reflect.Type]bool{},
		overrideDefs: map[*providerDef]bool{},
	}
	for _, p := range a.cfg.overrides {
		if p.def == nil {
			b.fail("framework.WithOverrides: zero Provider")
			continue
		}
		if p.def.err != nil {
			b.fail("framework.WithOverrides: %w", p.def.err)
			continue
		}
		b.overrides[p.def.provides()] = p.def
		b.overrideDefs[p.def] = true
	}
	if a.cfg.requestIDHeader > RequestIDOnErrors {
		b.fail("framework.WithRequestIDHeader(%d): not a RequestIDHeader; use RequestIDOnEveryAnswer or RequestIDOnErrors", a.cfg.requestIDHeader)
	}
	a.tree = &router.Tree[*route]{}
	a.singletons = newSingletons()
	if a.cfg.health != nil {
		a.cfg.root.children = append(a.cfg.root.children, a.cfg.health.layer())
	}
	appScope := b.scopeFor(nil, a.cfg.root)
	b.walk(a.cfg.root, []*layer{a.cfg.root}, "", appScope)
	for t := range b.overrides {
		if !b.used[t] {
			b.fail("framework.WithOverrides: no layer provides %s, so overriding it would have no effect; register a provider for it or remove the override", t)
		}
	}
	for _, c := range a.cfg.health.checksOrNil() {
		c.compile(b, appScope)
	}
	if len(b.errs) == 0 {
		b.openAPI() // the document and the docs routes (openapi.go)
	}
	if len(b.errs) > 0 {
		return errors.Join(b.errs...)
	}
	a.handler = http.HandlerFunc(a.dispatch)
	mw := a.cfg.root.middleware
	for i := len(mw) - 1; i >= 0; i-- {
		a.handler = mw[i](a.handler)
	}
	return nil
}

// walk visits l's children, accumulating path prefixes and scopes.
func (b *builder) walk(l *layer, chain []*layer, prefix string, sc *scope) {
	for _, child := range l.children {
		childChain := append(slices.Clip(chain), child)
		childPrefix := joinPath(prefix, child.path)
		if child.kind == "route" {
			b.addRoute(child, childChain, joinPath(prefix, child.route.path), sc)
			continue
		}
		if child.path != "" && !strings.HasPrefix(child.path, "/") {
			b.fail("%s: path must start with '/'", child.name())
		}
		b.walk(child, childChain, childPrefix, b.scopeFor(sc, child))
	}
}

// joinPath joins a prefix and a path, with one slash between and no trailing slash.
func joinPath(prefix, p string) string {
	p = strings.TrimSuffix(p, "/")
	if p != "" && !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	out := strings.TrimSuffix(prefix, "/") + p
	if out == "" {
		return "/"
	}
	return out
}

func (b *builder) addRoute(l *layer, chain []*layer, full string, parent *scope) {
	def := l.route
	def.fullPath = full
	rt := &route{def: def, chain: chain, cfg: l.routeConfig}
	name := l.name()
	if def.compile == nil {
		b.fail("%s: handler is nil", name)
		return
	}
	switch def.method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		b.fail("%s: unsupported method", name)
		return
	}
	p, err := router.Parse(full)
	if err != nil {
		b.fail("%s: %w", name, err)
		return
	}
	rt.pattern = p
	rt.merge()
	rt.scope = b.scopeFor(parent, l)
	if err := def.compile(b, rt); err != nil {
		b.fail("%s: %w", name, err)
		return
	}
	rt.wrap()
	if err := b.app.tree.Add(def.method, p, rt); err != nil {
		b.fail("%s: %w", name, err)
		return
	}
	b.app.maxParams = max(b.app.maxParams, len(p.Params))
	b.app.routes = append(b.app.routes, rt)
}
