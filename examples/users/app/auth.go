package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/framework/auth"
)

// The tokens' issuer and audience: a token of another service is refused.
const (
	tokenIssuer   = "starling-users"
	tokenAudience = "starling-users-api"
	tokenRealm    = "users"
)

// AuthConfig configures the access tokens.
type AuthConfig struct {
	// Secret signs and verifies the tokens (HS256), at least
	// auth.MinSecretLen bytes. When empty a random one is made: tokens
	// then die with the process.
	Secret []byte
	// TTL is how long a token lives (auth.DefaultTTL when 0).
	TTL time.Duration
}

// Tokens are the app's token guard and issuer, which share one key.
type Tokens struct {
	Guard  *auth.Guard
	Issuer *auth.Issuer
}

// NewTokens makes the guard and issuer of cfg.
func NewTokens(cfg AuthConfig) (*Tokens, error) {
	secret := cfg.Secret
	if len(secret) == 0 {
		secret = make([]byte, 32)
		_, _ = rand.Read(secret)
	}
	key := auth.Key{ID: "users-1", Alg: auth.HS256, Secret: secret}
	guard, err := auth.New(auth.Config{
		Keys: []auth.Key{key}, Issuer: tokenIssuer, Audience: []string{tokenAudience}, Realm: tokenRealm,
	})
	if err != nil {
		return nil, fmt.Errorf("access tokens: %w", err)
	}
	issuer, err := auth.NewIssuer(auth.IssuerConfig{
		Key: key, Issuer: tokenIssuer, Audience: []string{tokenAudience}, TTL: cfg.TTL,
	})
	if err != nil {
		return nil, fmt.Errorf("access tokens: %w", err)
	}
	return &Tokens{Guard: guard, Issuer: issuer}, nil
}

// Login is the body of POST /auth/login.
type Login struct {
	Email    string `json:"email" validate:"required,format=email,maxLength=254"`
	Password string `json:"password" validate:"required,minLength=1,maxLength=72"`
}

// AccessToken is a successful login's answer (RFC 6749 §5.1).
type AccessToken struct {
	AccessToken string `json:"access_token" validate:"required"`
	TokenType   string `json:"token_type,omitempty" validate:"required,enum=Bearer"`
	ExpiresIn   int    `json:"expires_in" validate:"required,minimum=0"`
}

type login struct {
	Body   Login        `body:""`
	Users  *UserService `inject:""`
	Issuer *auth.Issuer `inject:""`
}

// Auth is the controller that issues access tokens.
func Auth() framework.Controller {
	return framework.Controller{
		Path: "/auth",
		Tags: []string{"auth"},
		Routes: []framework.Route{
			framework.Post("/login", logIn, framework.Status(http.StatusOK),
				framework.Summary("Log in: trade an email and password for an access token"),
				framework.Description("Answers a bearer token (RFC 6750) for a known email and password."),
				framework.Raises(http.StatusUnauthorized, http.StatusServiceUnavailable)),
		},
	}
}

func logIn(ctx context.Context, in login) (AccessToken, error) {
	u, err := in.Users.Authenticate(ctx, in.Body.Email, in.Body.Password)
	if errors.Is(err, ErrBadCredentials) {
		e := framework.Unauthorized(ErrBadCredentials.Error())
		e.Header = http.Header{"Www-Authenticate": {`Bearer realm="` + tokenRealm + `"`}}
		return AccessToken{}, e
	}
	if err != nil {
		return AccessToken{}, err
	}
	tok, err := in.Issuer.Issue(auth.Claims{Subject: strconv.FormatInt(u.ID, 10)})
	if err != nil {
		return AccessToken{}, err
	}
	return AccessToken{
		AccessToken: tok.Raw,
		TokenType:   "Bearer",
		ExpiresIn:   int(tok.Claims.ExpiresAt.Sub(tok.Claims.IssuedAt).Seconds()),
	}, nil
}

// subject is the user id the token was issued to. Tokens this app issued
// always carry one; a token without one is refused like a bad token.
func subject(c *auth.Claims) (int64, error) {
	if c != nil {
		if id, err := strconv.ParseInt(c.Subject, 10, 64); err == nil && id > 0 {
			return id, nil
		}
	}
	return 0, framework.Unauthorized("the access token names no user")
}

// self lets a request change only its own user: a 403 otherwise, before
// anything is looked up, so it tells nothing about other users.
func self(c *auth.Claims, id int64) error {
	if c == nil || c.Subject != strconv.FormatInt(id, 10) {
		return framework.Forbidden("you may only change your own user")
	}
	return nil
}
