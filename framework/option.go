package framework

import "net/http"

// Option configures an App (see New).
type Option interface{ applyApp(*appConfig) }

// RouteOption configures one Route (see Get, Post …).
type RouteOption interface{ applyRoute(*routeConfig) }

// LayerOption is a setting that every layer has. It works both as an
// app Option and as a RouteOption; controllers and routers take the same
// settings as struct fields.
type LayerOption func(*layer)

func (o LayerOption) applyApp(c *appConfig)     { o(c.root) }
func (o LayerOption) applyRoute(c *routeConfig) { o(c.layer) }

type appOption func(*appConfig)

func (o appOption) applyApp(c *appConfig) { o(c) }

type routeOption func(*routeConfig)

func (o routeOption) applyRoute(c *routeConfig) { o(c) }

// Dependencies registers providers at this layer.
func Dependencies(providers ...Provider) LayerOption {
	return func(l *layer) { l.deps = append(l.deps, providers...) }
}

// Guards adds guards at this layer; they run after the outer layers' guards.
func Guards(guards ...Guard) LayerOption {
	return func(l *layer) { l.guards = append(l.guards, guards...) }
}

// Use adds middleware at this layer, inside the outer layers' middleware.
func Use(middleware ...Middleware) LayerOption {
	return func(l *layer) { l.middleware = append(l.middleware, middleware...) }
}

// ExceptionHandlers adds exception handlers at this layer.
func ExceptionHandlers(handlers ...ExceptionHandler) LayerOption {
	return func(l *layer) { l.handlers = append(l.handlers, handlers...) }
}

// Tags adds document tags at this layer.
func Tags(tags ...string) LayerOption {
	return func(l *layer) { l.tags = append(l.tags, tags...) }
}

// ResponseHeader sets a response header at this layer.
func ResponseHeader(name, value string) LayerOption {
	return func(l *layer) {
		if l.headers == nil {
			l.headers = map[string]string{}
		}
		l.headers[http.CanonicalHeaderKey(name)] = value
	}
}

// BodyLimit caps request bodies at n bytes at this layer (10 MiB by default).
func BodyLimit(n int64) LayerOption {
	return func(l *layer) { l.bodyLimit = n }
}

// DTOs applies DTOs at this layer to routes whose body or result is the
// DTO's model type.
func DTOs(dtos ...DTOSpec) LayerOption {
	return func(l *layer) { l.dtos = append(l.dtos, dtos...) }
}
