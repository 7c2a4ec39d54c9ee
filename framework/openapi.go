package framework

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// The OpenAPI 3.1 document is built from the route table and the type plans
// when the app is built (framework.New), so a route the document cannot
// describe faithfully is a build error, never a silent omission. App.OpenAPI
// returns it; the docs pages serve it (see Docs). What each part contains:
//
//   - info and servers from WithInfo and WithServers (servers defaults to
//     "/", OpenAPI's own default written out); tags from the layers,
//     with the descriptions given to WithTagDescriptions.
//   - one operation per route that is not Hidden, with its operationId
//     (RouteInfo.OperationID; two routes with one id are a build error),
//     summary, description, tags and deprecated flag.
//   - parameters with their schema, every rule and the default.
//   - requestBody (application/json), required unless the body field is a
//     pointer.
//   - responses: the route's own status (204 without content), then the
//     errors it can answer with, each a $ref to a shared response in
//     components/responses whose body is the one problem schema
//     (application/problem+json; see WithProblem): 400 when the route reads
//     any parameter or a body; 401 and 403 when a guard applies; 404 when a
//     path parameter exists or Raises declares it; 405 on every operation
//     (the router answers it on the operation's path for any method the path
//     lacks, with Allow); 413 and 415 when the route reads a body; every status
//     given to Raises; 500 always; and default, a problem for any status the
//     operation does not list (one error type in generated clients). Every
//     listed response documents X-Request-ID (error responses only with
//     WithRequestIDHeader(RequestIDOnErrors));
//     error responses also X-Content-Type-Options (and Allow for 405, Accept
//     for 415); success responses the layers' ResponseHeaders. A GET route
//     also answers HEAD, and every path OPTIONS: neither is listed.
//   - components/schemas (see the naming rules in schema.go's comment:
//     Name for responses, Name+"Input" for a request view that differs),
//     components/securitySchemes from guards that implement SecurityGuard,
//     and security on each operation: the requirements of its security
//     guards; an empty list (no security) when no guard applies; left out
//     when guards apply but none describes itself.
//
// Paths are sorted, methods in OpenAPI's order, components by name: two
// builds of one app give identical bytes, in JSON and in YAML.

// Info is the document's info object.
type Info struct {
	// Title names the API ("API" when empty).
	Title string
	// Version is the API's version, not OpenAPI's ("0.0.0" when empty).
	Version string
	// Summary is a one-line summary.
	Summary string
	// Description may use CommonMark.
	Description string
	// TermsOfService is a URL.
	TermsOfService string
	// Contact is who to ask about the API.
	Contact *Contact
	// License is the API's licence.
	License *License
}

// Contact is the document's contact object.
type Contact struct {
	// Name is a person or organisation.
	Name string
	// URL is where to find them.
	URL string
	// Email is an address to write to.
	Email string
}

// License is the document's license object: a name with an SPDX identifier
// or a URL.
type License struct {
	// Name is the licence's name (required).
	Name string
	// Identifier is its SPDX identifier ("Apache-2.0").
	Identifier string
	// URL is where its text is; not together with Identifier.
	URL string
}

// Server is one entry of the document's servers list.
type Server struct {
	// URL is the server's base URL, absolute or relative to the document.
	URL string
	// Description says which server it is ("Production").
	Description string
}

// TagInfo describes one tag in the document's tags list.
type TagInfo struct {
	// Name is the tag as the layers use it.
	Name string
	// Description may use CommonMark.
	Description string
}

// openAPIConfig is what the document options set.
type openAPIConfig struct {
	info    Info
	servers []Server
	tags    []TagInfo
	problem reflect.Type
	docs    Docs
	noDocs  bool
	// examples makes the examples of schemas and request bodies.
	examples ExampleFunc
}

// openAPIDoc is the built document, in both encodings.
type openAPIDoc struct {
	json, yaml []byte
}

// WithInfo sets the document's info object.
func WithInfo(info Info) Option {
	return appOption(func(c *appConfig) { c.openapi.info = info })
}

// WithServers sets the document's servers list.
func WithServers(servers ...Server) Option {
	return appOption(func(c *appConfig) { c.openapi.servers = append(c.openapi.servers, servers...) })
}

// WithTagDescriptions describes tags in the document's tags list. Tags the
// layers use but no TagInfo describes are listed without a description.
func WithTagDescriptions(tags ...TagInfo) Option {
	return appOption(func(c *appConfig) { c.openapi.tags = append(c.openapi.tags, tags...) })
}

// WithProblem documents every error response with the schema of T instead of
// Problem. Use it together with exception handlers (OnStatus) that write T,
// so that the document stays true.
func WithProblem[T any]() Option {
	return appOption(func(c *appConfig) { c.openapi.problem = reflect.TypeFor[T]() })
}

// OpenAPI returns the app's OpenAPI 3.1 document as indented JSON. It was
// built by New; each call returns a fresh copy.
func (a *App) OpenAPI() []byte { return slices.Clone(a.doc.json) }

// OpenAPIYAML returns the same document as YAML, in the same order.
func (a *App) OpenAPIYAML() []byte { return slices.Clone(a.doc.yaml) }

// openAPI builds the document and mounts the docs routes. It runs at the end
// of a build that found no other error.
func (b *builder) openAPI() {
	d := newDocBuilder(b)
	doc := d.document()
	if len(d.errs) > 0 || len(d.schemas.errs) > 0 {
		b.errs = append(b.errs, d.errs...)
		b.errs = append(b.errs, d.schemas.errs...)
		return
	}
	b.app.doc.json = marshalJSON(doc)
	y, err := marshalYAML(doc)
	if err != nil {
		b.fail("openapi: writing YAML: %w", err)
		return
	}
	b.app.doc.yaml = y
	if !b.app.cfg.openapi.noDocs {
		b.mountDocs()
	}
}

// docBuilder carries one document build.
type docBuilder struct {
	b        *builder
	cfg      *openAPIConfig
	schemas  *schemaSet
	routes   []*route // the documented routes
	problem  *object  // the problem schema ($ref)
	respUsed map[int]bool
	security map[string]SecurityScheme
	errs     []error
}

func newDocBuilder(b *builder) *docBuilder {
	return &docBuilder{
		b: b, cfg: &b.app.cfg.openapi, schemas: newSchemaSet(b.app.cfg.openapi.examples),
		respUsed: map[int]bool{}, security: map[string]SecurityScheme{},
	}
}

func (d *docBuilder) fail(format string, args ...any) {
	d.errs = append(d.errs, fmt.Errorf(format, args...))
}

// document builds the whole document.
func (d *docBuilder) document() *object {
	ids := map[string]string{}
	for _, rt := range d.b.app.routes {
		name := rt.def.method + " " + rt.def.fullPath
		if prev, dup := ids[rt.info.OperationID]; dup {
			d.fail("route %s: operationId %q is already used by route %s; give one of them framework.OperationID", name, rt.info.OperationID, prev)
		}
		ids[rt.info.OperationID] = name
		if !rt.cfg.hidden {
			d.routes = append(d.routes, rt)
		}
	}
	// First pass: every use of every struct, since component names depend
	// on whether a type is used in both directions.
	problem := d.cfg.problem
	if problem == nil {
		problem = reflect.TypeFor[Problem]()
	}
	pp, err := d.b.plans.Compile(problem)
	if err != nil {
		d.fail("framework.WithProblem: %w", err)
		return nil
	}
	d.schemas.mark(pp, viewResponse, "the error responses")
	for _, rt := range d.routes {
		name := "route " + rt.def.method + " " + rt.def.fullPath
		if body := rt.binder.body; body != nil {
			d.schemas.mark(body.plan, viewRequest, name)
		}
		if rt.encoder.plan != nil {
			d.schemas.mark(rt.encoder.plan, viewResponse, name)
		}
	}
	d.problem = d.schemas.schema(pp, nil, viewResponse)

	doc := obj().set("openapi", "3.1.0").set("info", d.info())
	servers := d.cfg.servers
	if len(servers) == 0 {
		// OpenAPI's default, written out: the host that served the document.
		servers = []Server{{URL: "/", Description: "The server that serves this document."}}
	}
	var list []any
	for _, s := range servers {
		so := obj().set("url", s.URL)
		if s.Description != "" {
			so.set("description", s.Description)
		}
		list = append(list, so)
	}
	doc.set("servers", list)
	doc.set("paths", d.paths())
	comps := d.components()
	if s, ok := comps.get("schemas").(*object); ok {
		mergeIdentical(s, d.schemas.origin, doc)
	}
	doc.set("components", comps)
	if tags := d.tags(); len(tags) > 0 {
		doc.set("tags", tags)
	}
	return doc
}

func (d *docBuilder) info() *object {
	in := d.cfg.info
	o := obj().set("title", orDefault(in.Title, "API"))
	if in.Summary != "" {
		o.set("summary", in.Summary)
	}
	if in.Description != "" {
		o.set("description", in.Description)
	}
	if in.TermsOfService != "" {
		o.set("termsOfService", in.TermsOfService)
	}
	if c := in.Contact; c != nil {
		co := obj()
		for _, kv := range [][2]string{{"name", c.Name}, {"url", c.URL}, {"email", c.Email}} {
			if kv[1] != "" {
				co.set(kv[0], kv[1])
			}
		}
		o.set("contact", co)
	}
	if l := in.License; l != nil {
		if l.Name == "" {
			d.fail("framework.WithInfo: a License needs a Name")
		}
		if l.Identifier != "" && l.URL != "" {
			d.fail("framework.WithInfo: a License has an Identifier or a URL, not both")
		}
		lo := obj().set("name", l.Name)
		if l.Identifier != "" {
			lo.set("identifier", l.Identifier)
		}
		if l.URL != "" {
			lo.set("url", l.URL)
		}
		o.set("license", lo)
	}
	return o.set("version", orDefault(in.Version, "0.0.0"))
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// methodOrder is OpenAPI's order of operations within a path item.
var methodOrder = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

func (d *docBuilder) paths() *object {
	byPath := map[string][]*route{}
	for _, rt := range d.routes {
		byPath[rt.pattern.Template] = append(byPath[rt.pattern.Template], rt)
	}
	paths := obj()
	for _, p := range slices.Sorted(maps.Keys(byPath)) {
		rts := byPath[p]
		slices.SortFunc(rts, func(x, y *route) int {
			return slices.Index(methodOrder, x.def.method) - slices.Index(methodOrder, y.def.method)
		})
		item := obj()
		for _, rt := range rts {
			item.set(strings.ToLower(rt.def.method), d.operation(rt))
		}
		paths.set(p, item)
	}
	return paths
}

func (d *docBuilder) components() *object {
	c := obj()
	if s := d.schemas.components(); s.len() > 0 {
		c.set("schemas", s)
	}
	c.set("responses", d.responseComponents())
	c.set("headers", obj().set(requestIDHeader, requestIDHeaderObject()))
	if len(d.security) > 0 {
		sec := obj()
		for _, name := range slices.Sorted(maps.Keys(d.security)) {
			sec.set(name, d.security[name].object())
		}
		c.set("securitySchemes", sec)
	}
	return c
}

// tags lists every tag the documented routes use, sorted, with the
// descriptions given to WithTagDescriptions.
func (d *docBuilder) tags() []any {
	desc := map[string]string{}
	for _, t := range d.cfg.tags {
		desc[t.Name] = t.Description
	}
	used := map[string]bool{}
	for _, rt := range d.routes {
		for _, t := range rt.tags {
			used[t] = true
		}
	}
	var out []any
	for _, name := range slices.Sorted(maps.Keys(used)) {
		t := obj().set("name", name)
		if desc[name] != "" {
			t.set("description", desc[name])
		}
		out = append(out, t)
	}
	return out
}
