package auth

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// DefaultTTL is how long an issued token lives unless IssuerConfig.TTL says
// otherwise.
const DefaultTTL = 15 * time.Minute

// IssuerConfig configures an Issuer.
type IssuerConfig struct {
	// Key signs the tokens: an HS256 key with its secret, or an EdDSA or
	// RS256 key with its private key. Its ID, when set, becomes each
	// token's "kid" header.
	Key Key
	// Issuer is the "iss" of each token, when set.
	Issuer string
	// Audience is the "aud" of each token, when set.
	Audience []string
	// TTL is how long a token lives (DefaultTTL when 0).
	TTL time.Duration
	// Now is the clock (time.Now when nil); tests set it.
	Now func() time.Time
}

// Issuer signs tokens that a Guard with the same key accepts. It is safe
// for concurrent use.
type Issuer struct {
	key  Key
	sign any
	cfg  IssuerConfig
}

// Token is a signed token and the claims it carries.
type Token struct {
	// Raw is the compact JWS, what a client sends after "Bearer ".
	Raw string
	// Claims are the claims as signed, with the issuer's defaults filled in.
	Claims Claims
}

// NewIssuer checks cfg and returns an issuer.
func NewIssuer(cfg IssuerConfig) (*Issuer, error) {
	k := cfg.Key
	if err := k.check(); err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	sign, err := k.signKey()
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	if cfg.TTL < 0 {
		return nil, errors.New("auth: a negative TTL")
	}
	if cfg.TTL == 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Key = k
	return &Issuer{key: k, sign: sign, cfg: cfg}, nil
}

// TTL is how long the issuer's tokens live.
func (i *Issuer) TTL() time.Duration { return i.cfg.TTL }

// Issue signs c. Fields left zero are filled in: Issuer and Audience from
// the config, IssuedAt with the current time, ExpiresAt with IssuedAt plus
// the TTL and ID with a random token id.
func (i *Issuer) Issue(c Claims) (Token, error) {
	now := i.cfg.Now()
	if c.Issuer == "" {
		c.Issuer = i.cfg.Issuer
	}
	if len(c.Audience) == 0 {
		c.Audience = append([]string(nil), i.cfg.Audience...)
	}
	if c.IssuedAt.IsZero() {
		c.IssuedAt = now
	}
	if c.ExpiresAt.IsZero() {
		c.ExpiresAt = c.IssuedAt.Add(i.cfg.TTL)
	}
	if c.ID == "" {
		var b [16]byte
		_, _ = rand.Read(b[:])
		c.ID = base64.RawURLEncoding.EncodeToString(b[:])
	}
	// The wire has whole seconds: give the caller what the token says.
	w := c.wire()
	c = w.claims()
	t := jwt.NewWithClaims(i.key.method(), w)
	if i.key.ID != "" {
		t.Header["kid"] = i.key.ID
	}
	raw, err := t.SignedString(i.sign)
	if err != nil {
		return Token{}, fmt.Errorf("auth: signing: %w", err)
	}
	return Token{Raw: raw, Claims: c}, nil
}
