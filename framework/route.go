package framework

import (
	"context"
	"net/http"
	"reflect"
	"runtime"
)

// Route is one typed endpoint: a method, a path and a handler whose input
// and output types the compiler checks. Make one with Get, Post, Put, Patch
// or Delete.
type Route struct {
	method   string
	path     string
	fullPath string
	in, out  reflect.Type
	handler  string
	opts     []RouteOption
	compile  func(b *builder, rt *route) error
}

// NoContent is the result type of handlers that answer without a body; such
// routes answer 204 unless Status says otherwise.
type NoContent struct{}

// Get registers a GET route. HEAD is answered by it too, without the body.
func Get[In, Out any](path string, h func(context.Context, In) (Out, error), opts ...RouteOption) Route {
	return newRoute(http.MethodGet, path, h, opts)
}

// Post registers a POST route; it answers 201 unless Status says otherwise.
func Post[In, Out any](path string, h func(context.Context, In) (Out, error), opts ...RouteOption) Route {
	return newRoute(http.MethodPost, path, h, opts)
}

// Put registers a PUT route.
func Put[In, Out any](path string, h func(context.Context, In) (Out, error), opts ...RouteOption) Route {
	return newRoute(http.MethodPut, path, h, opts)
}

// Patch registers a PATCH route. A body of type Partial[T] receives a partial
// update that can be applied to an existing T.
func Patch[In, Out any](path string, h func(context.Context, In) (Out, error), opts ...RouteOption) Route {
	return newRoute(http.MethodPatch, path, h, opts)
}

// Delete registers a DELETE route.
func Delete[In, Out any](path string, h func(context.Context, In) (Out, error), opts ...RouteOption) Route {
	return newRoute(http.MethodDelete, path, h, opts)
}

func newRoute[In, Out any](method, path string, h func(context.Context, In) (Out, error), opts []RouteOption) Route {
	r := Route{
		method: method,
		path:   path,
		in:     reflect.TypeFor[In](),
		out:    reflect.TypeFor[Out](),
		opts:   opts,
	}
	if h != nil {
		r.handler = runtime.FuncForPC(reflect.ValueOf(h).Pointer()).Name()
	}
	r.compile = func(b *builder, rt *route) error { return compileEndpoint(b, rt, h) }
	return r
}

func (r Route) layerOf() *layer {
	cfg := routeConfig{layer: &layer{kind: "route"}}
	for _, o := range r.opts {
		if o != nil {
			o.applyRoute(&cfg)
		}
	}
	rc := r
	cfg.layer.route = &rc
	cfg.layer.routeConfig = &cfg
	return cfg.layer
}

// routeConfig holds the settings only a route has.
type routeConfig struct {
	layer       *layer
	status      int
	summary     string
	description string
	operationID string
	deprecated  bool
	hidden      bool
	raises      []int
	opt         map[string]any
	returns     DTOSpec
	accepts     DTOSpec
}

// Status sets the route's success status (200; 201 for POST; 204 for
// NoContent results).
func Status(code int) RouteOption {
	return routeOption(func(c *routeConfig) { c.status = code })
}

// Summary sets the operation's one-line summary in the document.
func Summary(s string) RouteOption {
	return routeOption(func(c *routeConfig) { c.summary = s })
}

// Description sets the operation's description in the document.
func Description(s string) RouteOption {
	return routeOption(func(c *routeConfig) { c.description = s })
}

// OperationID overrides the operation's generated id.
func OperationID(id string) RouteOption {
	return routeOption(func(c *routeConfig) { c.operationID = id })
}

// Deprecated marks the operation deprecated in the document.
func Deprecated() RouteOption {
	return routeOption(func(c *routeConfig) { c.deprecated = true })
}

// Hidden leaves the route out of the document. It still serves requests.
func Hidden() RouteOption {
	return routeOption(func(c *routeConfig) { c.hidden = true })
}

// Raises declares error statuses the handler returns on purpose (404 when a
// resource is missing, 409 on a conflict …), so the document lists them.
func Raises(statuses ...int) RouteOption {
	return routeOption(func(c *routeConfig) { c.raises = append(c.raises, statuses...) })
}

// Opt attaches metadata that guards and middleware can read from RouteInfo.Opt.
func Opt(key string, value any) RouteOption {
	return routeOption(func(c *routeConfig) {
		if c.opt == nil {
			c.opt = map[string]any{}
		}
		c.opt[key] = value
	})
}

// Returns encodes the route's result through a DTO derived from the result type.
func Returns(dto DTOSpec) RouteOption {
	return routeOption(func(c *routeConfig) { c.returns = dto })
}

// Accepts decodes the route's body through a DTO derived from the body type.
func Accepts(dto DTOSpec) RouteOption {
	return routeOption(func(c *routeConfig) { c.accepts = dto })
}
