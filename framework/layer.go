package framework

import "net/http"

// Middleware is ordinary net/http middleware.
type Middleware = func(http.Handler) http.Handler

// Routable is what a Router holds: a Route, a Controller or another Router.
type Routable interface {
	layerOf() *layer
}

// Controller groups routes under one path with shared settings, as a
// Litestar controller does. Settings on the controller apply to each of its
// routes unless the route sets its own.
type Controller struct {
	// Path prefixes every route's path.
	Path string
	// Dependencies are providers visible to the controller's routes.
	Dependencies []Provider
	// Guards run, after the outer layers' guards, before each route's handler.
	Guards []Guard
	// Middleware wraps each route, inside the outer layers' middleware.
	Middleware []Middleware
	// ExceptionHandlers turn errors into responses; nearest layer wins.
	ExceptionHandlers []ExceptionHandler
	// Tags are added to each route's tags for the document.
	Tags []string
	// ResponseHeaders are set on each response; nearest layer wins per name.
	ResponseHeaders map[string]string
	// BodyLimit caps request bodies in bytes; 0 inherits (10 MiB at the app).
	BodyLimit int64
	// DTOs apply to routes whose body or result is the DTO's model type.
	DTOs []DTOSpec
	// Routes are the controller's routes.
	Routes []Route
}

// Router groups controllers, routes and other routers under one path with
// shared settings.
type Router struct {
	Path              string
	Dependencies      []Provider
	Guards            []Guard
	Middleware        []Middleware
	ExceptionHandlers []ExceptionHandler
	Tags              []string
	ResponseHeaders   map[string]string
	BodyLimit         int64
	DTOs              []DTOSpec
	// Routes are the router's children.
	Routes []Routable
}

func (c Controller) layerOf() *layer {
	l := &layer{
		kind: "controller", path: c.Path,
		deps: c.Dependencies, guards: c.Guards, middleware: c.Middleware,
		handlers: c.ExceptionHandlers, tags: c.Tags, headers: c.ResponseHeaders,
		bodyLimit: c.BodyLimit, dtos: c.DTOs,
	}
	for _, r := range c.Routes {
		l.children = append(l.children, r.layerOf())
	}
	return l
}

func (r Router) layerOf() *layer {
	l := &layer{
		kind: "router", path: r.Path,
		deps: r.Dependencies, guards: r.Guards, middleware: r.Middleware,
		handlers: r.ExceptionHandlers, tags: r.Tags, headers: r.ResponseHeaders,
		bodyLimit: r.BodyLimit, dtos: r.DTOs,
	}
	for _, c := range r.Routes {
		if c == nil {
			continue
		}
		l.children = append(l.children, c.layerOf())
	}
	return l
}

// layer is one level of settings: the app, a router, a controller or a route.
type layer struct {
	kind        string // "app", "router", "controller", "route"
	path        string
	deps        []Provider
	guards      []Guard
	middleware  []Middleware
	handlers    []ExceptionHandler
	tags        []string
	headers     map[string]string
	bodyLimit   int64
	dtos        []DTOSpec
	children    []*layer
	route       *Route       // set for route layers
	routeConfig *routeConfig // set for route layers
}

// name identifies the layer in build errors and introspection.
func (l *layer) name() string {
	switch l.kind {
	case "app":
		return "app"
	case "route":
		return "route " + l.route.method + " " + l.route.fullPath
	default:
		p := l.path
		if p == "" {
			p = "/"
		}
		return l.kind + " " + `"` + p + `"`
	}
}
