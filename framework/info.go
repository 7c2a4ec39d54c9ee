package framework

import (
	"fmt"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"strings"
)

// RouteInfo describes one route of a built app: what `litestar routes`
// prints, what guards see, and where each setting came from.
type RouteInfo struct {
	Method      string
	Path        string // the full pattern, with parameter types
	OperationID string
	Handler     string // the handler function's name
	Status      int
	Summary     string
	Description string
	Tags        []string
	Guards      []string // guard types, outermost first
	Raises      []int
	Deprecated  bool
	Hidden      bool
	// Opt is the metadata set with Opt, for guards and middleware.
	Opt map[string]any
	// Dependencies are the input's inject fields and where they resolve.
	Dependencies []DependencyInfo
	// Sources names the layer each merged setting came from, such as
	// "BodyLimit" -> `controller "/users"`.
	Sources map[string]string
	// BodyLimit is the route's request body limit in bytes.
	BodyLimit int64
}

// DependencyInfo says where one injected field of a route comes from.
type DependencyInfo struct {
	Field    string
	Type     string
	Provider string
	Layer    string
	Scope    Scope
}

// String formats the route on one line.
func (ri RouteInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-7s %-40s %-28s %d", ri.Method, ri.Path, ri.OperationID, ri.Status)
	if len(ri.Guards) > 0 {
		fmt.Fprintf(&b, " guards=%s", strings.Join(ri.Guards, ","))
	}
	if ri.Handler != "" {
		fmt.Fprintf(&b, " %s", ri.Handler)
	}
	return b.String()
}

// Routes lists the app's routes in registration order.
func (a *App) Routes() []RouteInfo {
	out := make([]RouteInfo, 0, len(a.routes))
	for _, rt := range a.routes {
		out = append(out, rt.info.clone())
	}
	return out
}

// clone copies ri deeply enough that the caller cannot change what the
// route's guards see.
func (ri *RouteInfo) clone() RouteInfo {
	c := *ri
	c.Tags = slices.Clone(ri.Tags)
	c.Guards = slices.Clone(ri.Guards)
	c.Raises = slices.Clone(ri.Raises)
	c.Opt = maps.Clone(ri.Opt)
	c.Dependencies = slices.Clone(ri.Dependencies)
	c.Sources = maps.Clone(ri.Sources)
	return c
}

func (rt *route) describe(bnd *binder, enc *encoder) *RouteInfo {
	ri := &RouteInfo{
		Method:       rt.def.method,
		Path:         rt.def.fullPath,
		OperationID:  rt.cfg.operationID,
		Handler:      rt.def.handler,
		Status:       rt.status,
		Summary:      rt.cfg.summary,
		Description:  rt.cfg.description,
		Tags:         slices.Clone(rt.tags),
		Raises:       slices.Clone(rt.cfg.raises),
		Deprecated:   rt.cfg.deprecated,
		Hidden:       rt.cfg.hidden,
		Opt:          rt.cfg.opt,
		Dependencies: bnd.injNames,
		Sources:      rt.sources,
		BodyLimit:    rt.bodyLimit,
	}
	if ri.OperationID == "" {
		ri.OperationID = operationID(rt.def.method, rt.pattern.Template)
	}
	for _, g := range rt.guards {
		ri.Guards = append(ri.Guards, guardName(g))
	}
	return ri
}

func guardName(g Guard) string {
	if n, ok := g.(interface{ Name() string }); ok {
		return n.Name()
	}
	if f, ok := g.(GuardFunc); ok && f != nil {
		return shortName(runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name())
	}
	return reflect.TypeOf(g).String()
}
