package auth

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/starling-http/starling/framework"
)

// DefaultLeeway is the clock skew allowed on exp, nbf and iat unless
// Config.Leeway says otherwise.
const DefaultLeeway = 30 * time.Second

// Config configures a Guard.
type Config struct {
	// Keys is the ring tokens are verified against. With several keys each
	// needs an ID and a token's "kid" header must name one.
	Keys []Key
	// Issuer, when set, is the only "iss" accepted.
	Issuer string
	// Audience, when set, lists the accepted "aud" values; a token must
	// name at least one of them.
	Audience []string
	// Leeway is the clock skew allowed on exp, nbf and iat: 0 means
	// DefaultLeeway, a negative value none.
	Leeway time.Duration
	// Realm is sent in the WWW-Authenticate challenge when set.
	Realm string
	// SchemeName names the guard's security scheme in the OpenAPI
	// document (DefaultSchemeName when empty).
	SchemeName string
	// Now is the clock (time.Now when nil); tests set it.
	Now func() time.Time
}

// Guard is a framework.Guard that lets a request through only with a valid
// bearer token. Make one with New; it is safe for concurrent use.
type Guard struct {
	ring       *ring
	parser     *jwt.Parser
	realm      string
	schemeName string
}

// New checks cfg and returns a guard. Every problem with the keys is
// reported at once.
func New(cfg Config) (*Guard, error) {
	r, err := newRing(cfg.Keys)
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(cfg.Realm, "\"\\\r\n") {
		return nil, fmt.Errorf("auth: the realm %q has a quote, backslash or line break", cfg.Realm)
	}
	leeway := cfg.Leeway
	switch {
	case leeway == 0:
		leeway = DefaultLeeway
	case leeway < 0:
		leeway = 0
	}
	// Each key pins its algorithm in ring.lookup, which refuses every
	// other one ("none" included) before a signature is checked.
	opts := []jwt.ParserOption{
		jwt.WithLeeway(leeway),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithStrictDecoding(),
	}
	if cfg.Now != nil {
		opts = append(opts, jwt.WithTimeFunc(cfg.Now))
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if len(cfg.Audience) > 0 {
		opts = append(opts, jwt.WithAudience(cfg.Audience...))
	}
	if cfg.SchemeName == "" {
		cfg.SchemeName = DefaultSchemeName
	}
	return &Guard{ring: r, parser: jwt.NewParser(opts...), realm: cfg.Realm, schemeName: cfg.SchemeName}, nil
}

// Name names the guard in the route table.
func (g *Guard) Name() string { return "auth.Guard" }

// DenyStatuses implements framework.DenyStatuser: the guard denies only
// with 401, so the document of a route it guards lists no 403.
func (g *Guard) DenyStatuses() []int { return []int{http.StatusUnauthorized} }

// Check implements framework.Guard: it verifies the request's bearer token
// and answers 401 with a WWW-Authenticate challenge when there is none or
// it does not verify.
func (g *Guard) Check(r *http.Request, _ *framework.RouteInfo) error {
	_, err := g.Claims(r)
	return err
}

// Claims returns the verified claims of the request's bearer token, or the
// 401 Check would answer. It is meant as a per-request provider, so that
// handlers inject *Claims:
//
//	framework.Provide(guard.Claims, framework.WithScope(framework.PerRequest))
//
// Used on a route the guard does not protect it still fails closed.
func (g *Guard) Claims(r *http.Request) (*Claims, error) {
	vs := r.Header.Values("Authorization")
	switch len(vs) {
	case 0:
		return g.Parse("")
	case 1:
		return g.Parse(vs[0])
	}
	return nil, g.challenge(errMalformed)
}

// Parse verifies the value of an Authorization header. The error is a 401
// *framework.Error with its WWW-Authenticate challenge: without error
// details when the value holds no bearer token, with
// error="invalid_token" when it holds one that does not verify.
func (g *Guard) Parse(authorization string) (*Claims, error) {
	token, err := bearerToken(authorization)
	if err != nil {
		return nil, g.challenge(err)
	}
	c, err := g.Verify(token)
	if err != nil {
		return nil, g.challenge(err)
	}
	return c, nil
}

// Verify verifies a compact JWS token: its key and pinned algorithm, its
// signature and its claims. The error wraps ErrInvalidToken.
func (g *Guard) Verify(token string) (*Claims, error) {
	if len(token) > MaxTokenLen {
		return nil, invalid(errTooLong)
	}
	var w wireClaims
	if _, err := g.parser.ParseWithClaims(token, &w, g.ring.lookup); err != nil {
		return nil, invalid(err)
	}
	c := w.claims()
	return &c, nil
}

// Require returns a guard that, besides a valid token, needs every one of
// scopes in its "scope" claim; a token without them gets a 403 with
// error="insufficient_scope". Add it to the layers that need the scopes,
// instead of or after the Guard itself.
func (g *Guard) Require(scopes ...string) framework.Guard {
	return &scopeGuard{g: g, scopes: append([]string(nil), scopes...)}
}

type scopeGuard struct {
	g      *Guard
	scopes []string
}

func (s *scopeGuard) Name() string {
	return "auth.Require(" + strings.Join(s.scopes, " ") + ")"
}

// DenyStatuses: 401 without a valid token, 403 without the scopes.
func (s *scopeGuard) DenyStatuses() []int {
	return []int{http.StatusUnauthorized, http.StatusForbidden}
}

func (s *scopeGuard) Check(r *http.Request, _ *framework.RouteInfo) error {
	c, err := s.g.Claims(r)
	if err != nil {
		return err
	}
	for _, want := range s.scopes {
		if !c.HasScope(want) {
			return s.g.insufficient(s.scopes)
		}
	}
	return nil
}
