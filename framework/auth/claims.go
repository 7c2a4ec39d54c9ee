package auth

import (
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Claims are the verified claims of a token: the registered ones of
// RFC 7519 and the space-separated "scope" claim of RFC 8693.
type Claims struct {
	// Subject ("sub") names whom the token is about, such as a user id.
	Subject string
	// Issuer ("iss") names who signed the token.
	Issuer string
	// Audience ("aud") names whom the token is for.
	Audience []string
	// ExpiresAt ("exp") is when the token stops being valid.
	ExpiresAt time.Time
	// NotBefore ("nbf") is when the token starts being valid; zero when unset.
	NotBefore time.Time
	// IssuedAt ("iat") is when the token was signed; zero when unset.
	IssuedAt time.Time
	// ID ("jti") identifies the token.
	ID string
	// Scopes are the token's scopes ("scope", space-separated on the wire).
	Scopes []string
}

// HasScope reports whether the claims grant scope.
func (c *Claims) HasScope(scope string) bool {
	return c != nil && slices.Contains(c.Scopes, scope)
}

// wireClaims is the claims' JSON shape.
type wireClaims struct {
	jwt.RegisteredClaims
	Scope string `json:"scope,omitempty"`
}

func (w *wireClaims) claims() Claims {
	c := Claims{
		Subject:  w.Subject,
		Issuer:   w.Issuer,
		Audience: []string(w.Audience),
		ID:       w.ID,
		Scopes:   strings.Fields(w.Scope),
	}
	if w.ExpiresAt != nil {
		c.ExpiresAt = w.ExpiresAt.Time
	}
	if w.NotBefore != nil {
		c.NotBefore = w.NotBefore.Time
	}
	if w.IssuedAt != nil {
		c.IssuedAt = w.IssuedAt.Time
	}
	return c
}

func (c *Claims) wire() *wireClaims {
	w := &wireClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:  c.Subject,
			Issuer:   c.Issuer,
			Audience: jwt.ClaimStrings(c.Audience),
			ID:       c.ID,
		},
		Scope: strings.Join(c.Scopes, " "),
	}
	date := func(t time.Time) *jwt.NumericDate {
		if t.IsZero() {
			return nil
		}
		return jwt.NewNumericDate(t)
	}
	w.ExpiresAt, w.NotBefore, w.IssuedAt = date(c.ExpiresAt), date(c.NotBefore), date(c.IssuedAt)
	return w
}
