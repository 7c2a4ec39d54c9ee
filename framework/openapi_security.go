package framework

import (
	"fmt"
	"reflect"
	"slices"
)

// SecurityGuard is a Guard that authenticates requests in a way the document
// can describe. The document lists its scheme under components/securitySchemes
// (by name) and its requirement on every operation the guard applies to.
// Several security guards on one route are all required, so their
// requirements form one security requirement object.
type SecurityGuard interface {
	Guard
	// SecurityRequirement returns the scheme's name in the document, the
	// scheme, and the scopes the guard requires (nil for schemes without
	// scopes). Guards that share a name must return equal schemes.
	SecurityRequirement() (name string, scheme SecurityScheme, scopes []string)
}

// SecurityScheme is an OpenAPI security scheme. Make one with BearerAuth,
// BasicAuth, APIKeyHeader, APIKeyQuery, APIKeyCookie or OpenIDConnect.
type SecurityScheme struct {
	// Type is "http", "apiKey" or "openIdConnect".
	Type string
	// Description may use CommonMark.
	Description string
	// Scheme is the HTTP authentication scheme ("bearer", "basic") of the
	// http type.
	Scheme string
	// BearerFormat hints at the token's format ("JWT") for bearer schemes.
	BearerFormat string
	// Name is the header, query parameter or cookie of the apiKey type.
	Name string
	// In is where an apiKey is: "header", "query" or "cookie".
	In string
	// OpenIDConnectURL is the discovery URL of the openIdConnect type.
	OpenIDConnectURL string
}

// BearerAuth is an HTTP bearer token scheme; format hints at the token's
// format ("JWT"), empty for none.
func BearerAuth(format string) SecurityScheme {
	return SecurityScheme{Type: "http", Scheme: "bearer", BearerFormat: format}
}

// BasicAuth is HTTP basic authentication.
func BasicAuth() SecurityScheme { return SecurityScheme{Type: "http", Scheme: "basic"} }

// APIKeyHeader is an API key sent in the named header.
func APIKeyHeader(name string) SecurityScheme {
	return SecurityScheme{Type: "apiKey", In: "header", Name: name}
}

// APIKeyQuery is an API key sent in the named query parameter.
func APIKeyQuery(name string) SecurityScheme {
	return SecurityScheme{Type: "apiKey", In: "query", Name: name}
}

// APIKeyCookie is an API key sent in the named cookie.
func APIKeyCookie(name string) SecurityScheme {
	return SecurityScheme{Type: "apiKey", In: "cookie", Name: name}
}

// OpenIDConnect is an OpenID Connect scheme with the given discovery URL.
func OpenIDConnect(url string) SecurityScheme {
	return SecurityScheme{Type: "openIdConnect", OpenIDConnectURL: url}
}

// check reports what makes the scheme invalid.
func (s SecurityScheme) check() error {
	switch s.Type {
	case "http":
		if s.Scheme == "" {
			return fmt.Errorf("an http scheme needs a Scheme (bearer, basic …)")
		}
		if s.BearerFormat != "" && s.Scheme != "bearer" {
			return fmt.Errorf("BearerFormat is for the bearer scheme only")
		}
	case "apiKey":
		if s.Name == "" || (s.In != "header" && s.In != "query" && s.In != "cookie") {
			return fmt.Errorf("an apiKey scheme needs a Name and In (header, query or cookie)")
		}
	case "openIdConnect":
		if s.OpenIDConnectURL == "" {
			return fmt.Errorf("an openIdConnect scheme needs an OpenIDConnectURL")
		}
	default:
		return fmt.Errorf("type %q is not supported (http, apiKey, openIdConnect)", s.Type)
	}
	return nil
}

// object writes the scheme's security scheme object.
func (s SecurityScheme) object() *object {
	o := obj().set("type", s.Type)
	if s.Description != "" {
		o.set("description", s.Description)
	}
	switch s.Type {
	case "http":
		o.set("scheme", s.Scheme)
		if s.BearerFormat != "" {
			o.set("bearerFormat", s.BearerFormat)
		}
	case "apiKey":
		o.set("name", s.Name).set("in", s.In)
	case "openIdConnect":
		o.set("openIdConnectUrl", s.OpenIDConnectURL)
	}
	return o
}

// securityOf registers the schemes of rt's security guards and returns the
// operation's security requirement, or nil when no guard describes one.
func (d *docBuilder) securityOf(rt *route) *object {
	var req *object
	for _, g := range rt.guards {
		sg, ok := g.(SecurityGuard)
		if !ok {
			continue
		}
		name, scheme, scopes := sg.SecurityRequirement()
		where := fmt.Sprintf("route %s %s: guard %s", rt.def.method, rt.def.fullPath, guardName(g))
		if name == "" {
			d.fail("%s: SecurityRequirement returned no name", where)
			continue
		}
		if !validComponentKey(name) {
			d.fail("%s: security scheme name %q may contain only letters, digits, '.', '-' and '_'", where, name)
			continue
		}
		if err := scheme.check(); err != nil {
			d.fail("%s: security scheme %q: %w", where, name, err)
			continue
		}
		if prev, ok := d.security[name]; ok && !reflect.DeepEqual(prev, scheme) {
			d.fail("%s: security scheme %q is defined differently by another guard", where, name)
			continue
		}
		d.security[name] = scheme
		if req == nil {
			req = obj()
		}
		all := scopes
		if prev, ok := req.get(name).([]any); ok {
			for _, s := range prev {
				all = append(all, s.(string))
			}
		}
		all = slices.Clone(all)
		slices.Sort(all)
		req.set(name, stringsAny(slices.Compact(all)))
	}
	return req
}

// validComponentKey checks OpenAPI's component key syntax.
func validComponentKey(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return s != ""
}
