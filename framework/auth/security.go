package auth

import "github.com/starling-http/starling/framework"

// DefaultSchemeName is the security scheme's name in the OpenAPI document
// unless Config.SchemeName says otherwise.
const DefaultSchemeName = "bearerAuth"

// SecurityRequirement implements framework.SecurityGuard: the document
// lists a bearer JWT scheme, and the operations the guard protects require
// it.
func (g *Guard) SecurityRequirement() (string, framework.SecurityScheme, []string) {
	return g.schemeName, g.scheme(), nil
}

// SecurityRequirement implements framework.SecurityGuard: the guard's
// scheme, with the scopes it requires.
func (s *scopeGuard) SecurityRequirement() (string, framework.SecurityScheme, []string) {
	return s.g.schemeName, s.g.scheme(), append([]string(nil), s.scopes...)
}

func (g *Guard) scheme() framework.SecurityScheme {
	s := framework.BearerAuth("JWT")
	s.Description = "A JWT access token, sent as `Authorization: Bearer <token>`."
	return s
}

var (
	_ framework.SecurityGuard = (*Guard)(nil)
	_ framework.SecurityGuard = (*scopeGuard)(nil)
)
