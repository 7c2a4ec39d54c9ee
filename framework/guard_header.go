package framework

import "net/http"

// HeaderGuard is a Guard that reads request headers of its own, such as a
// role or a tenant header, the way SecurityGuard declares an API key. The
// document lists each header as a parameter of every operation the guard
// applies to, so clients learn of it and strict checkers (apitest's) do not
// report it as undeclared.
type HeaderGuard interface {
	Guard
	// GuardHeaders returns the headers the guard reads.
	GuardHeaders() []GuardHeader
}

// GuardHeader is one request header a HeaderGuard reads.
type GuardHeader struct {
	Name        string
	Description string
	// Required says requests without the header are refused.
	Required bool
}

// guardParameters appends to out the headers the route's guards read,
// except those the route binds itself or an earlier guard declared.
func (d *docBuilder) guardParameters(rt *route, out []any) []any {
	seen := map[string]bool{}
	for _, p := range rt.binder.params {
		if p.in == inHeader {
			seen[http.CanonicalHeaderKey(p.name)] = true
		}
	}
	for _, g := range rt.guards {
		hg, ok := g.(HeaderGuard)
		if !ok {
			continue
		}
		for _, h := range hg.GuardHeaders() {
			name := http.CanonicalHeaderKey(h.Name)
			if name == "" || seen[name] {
				continue
			}
			seen[name] = true
			po := obj().set("name", name).set("in", inHeader)
			if h.Description != "" {
				po.set("description", h.Description)
			}
			po.set("required", h.Required).set("schema", obj().set("type", "string"))
			out = append(out, po)
		}
	}
	return out
}
