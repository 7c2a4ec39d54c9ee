package framework

import (
	"net/http"
	"reflect"
	"slices"

	"github.com/starling-http/starling/framework/internal/router"
)

// route is a Route compiled into one app: its settings merged across the
// layers, its input binder, its providers and its encoder.
type route struct {
	def     *Route
	chain   []*layer // app first, route last
	cfg     *routeConfig
	pattern router.Pattern
	scope   *scope

	status     int
	guards     []Guard
	middleware []Middleware
	tags       []string
	headers    [][2]string
	handlers   []ExceptionHandler // nearest layer first, one per key
	bodyLimit  int64
	dtos       map[reflect.Type]DTOSpec
	sources    map[string]string

	endpoint endpoint
	// newState allocates the request state together with the endpoint's
	// In/Out frame (typed routes; nil for others).
	newState func() *requestState
	binder   *binder
	encoder  *encoder
	info     *RouteInfo
	handler  http.Handler
}

// endpoint runs one request after middleware: guards, binding, the handler
// and encoding. It returns the error to render, if any.
type endpoint func(w http.ResponseWriter, r *http.Request, st *requestState) error

// merge applies the layering rules: lists concatenate app-first (guards,
// middleware, tags); maps merge with the nearest layer winning (headers,
// exception handlers, DTOs); scalars come from the nearest layer that sets them.
func (rt *route) merge() {
	rt.sources = map[string]string{}
	rt.bodyLimit = DefaultBodyLimit
	rt.dtos = map[reflect.Type]DTOSpec{}
	headers := map[string]string{}
	var headerOrder []string
	seenHandler := map[any]bool{}
	for i := len(rt.chain) - 1; i >= 0; i-- {
		l := rt.chain[i]
		for _, h := range slices.Backward(l.handlers) {
			k := h.key()
			if !seenHandler[k] {
				seenHandler[k] = true
				rt.handlers = append(rt.handlers, h)
			}
		}
		for name, v := range l.headers {
			name = http.CanonicalHeaderKey(name)
			if _, ok := headers[name]; !ok {
				headers[name] = v
				headerOrder = append(headerOrder, name)
				rt.sources["ResponseHeaders["+name+"]"] = l.name()
			}
		}
		if l.bodyLimit != 0 && rt.sources["BodyLimit"] == "" {
			rt.bodyLimit = l.bodyLimit
			rt.sources["BodyLimit"] = l.name()
		}
		for _, d := range slices.Backward(l.dtos) {
			if d == nil {
				continue
			}
			if _, ok := rt.dtos[d.modelType()]; !ok {
				rt.dtos[d.modelType()] = d
				rt.sources["DTO["+d.modelType().String()+"]"] = l.name()
			}
		}
	}
	slices.Sort(headerOrder)
	for _, name := range headerOrder {
		rt.headers = append(rt.headers, [2]string{name, headers[name]})
	}
	for i, l := range rt.chain {
		rt.guards = append(rt.guards, l.guards...)
		if i > 0 {
			rt.middleware = append(rt.middleware, l.middleware...)
		}
		for _, t := range l.tags {
			if !slices.Contains(rt.tags, t) {
				rt.tags = append(rt.tags, t)
			}
		}
	}
}

// wrap builds the route's http.Handler: the route-side middleware (router,
// controller, route; the app's wraps the dispatcher) around the endpoint.
func (rt *route) wrap() {
	var h http.Handler = http.HandlerFunc(rt.serve)
	for i := len(rt.middleware) - 1; i >= 0; i-- {
		h = rt.middleware[i](h)
	}
	rt.handler = h
}
