package auth

import (
	"errors"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/starling-http/starling/framework"
)

// MaxTokenLen is the longest token a Guard reads, in bytes; longer ones are
// refused unread.
const MaxTokenLen = 8 << 10

var (
	// ErrNoToken is the cause of a 401 for a request without a bearer token.
	ErrNoToken = errors.New("auth: no bearer token")
	// ErrInvalidToken is wrapped by every error of a token that does not verify.
	ErrInvalidToken = errors.New("auth: invalid token")

	errMalformed  = errors.New("malformed Authorization header")
	errTooLong    = errors.New("token too long")
	errUnknownKey = errors.New("unknown key")
	errWrongAlg   = errors.New("algorithm not allowed for this key")
)

// tokenError is a token that did not verify, with the reason the client is told.
type tokenError struct {
	reason string
	err    error
}

func (e *tokenError) Error() string { return "auth: invalid token: " + e.err.Error() }

func (e *tokenError) Unwrap() []error { return []error{ErrInvalidToken, e.err} }

// invalid classifies a verification failure into a short reason that is
// safe to tell the client.
func invalid(err error) error {
	reason := "the token is invalid"
	switch {
	case errors.Is(err, errTooLong), errors.Is(err, errMalformed), errors.Is(err, jwt.ErrTokenMalformed):
		reason = "the token is malformed"
	case errors.Is(err, errUnknownKey):
		reason = "the token's key is unknown"
	case errors.Is(err, errWrongAlg), errors.Is(err, jwt.ErrTokenUnverifiable):
		reason = "the token's algorithm is not accepted"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		reason = "the token's signature is invalid"
	case errors.Is(err, jwt.ErrTokenExpired):
		reason = "the token has expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		reason = "the token is not valid yet"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		reason = "the token was issued in the future"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		reason = "the token's issuer is not accepted"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		reason = "the token's audience is not accepted"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		reason = "the token lacks a required claim"
	}
	return &tokenError{reason: reason, err: err}
}

// bearerToken extracts the token of a "Bearer" Authorization value. A
// value without one (empty, or another scheme) gives ErrNoToken; a Bearer
// value whose token is not token68 (RFC 7235) gives an invalid token.
func bearerToken(h string) (string, error) {
	scheme, rest, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", ErrNoToken
	}
	token := strings.TrimLeft(rest, " ")
	if token == "" {
		return "", ErrNoToken
	}
	if len(token) > MaxTokenLen {
		return "", invalid(errTooLong)
	}
	if !isToken68(token) {
		return "", invalid(errMalformed)
	}
	return token, nil
}

// isToken68 reports whether s is token68: 1*( ALPHA / DIGIT / "-" / "." /
// "_" / "~" / "+" / "/" ) *"=".
func isToken68(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '.', c == '_', c == '~', c == '+', c == '/':
		default:
			return false
		}
	}
	return true
}

// challenge turns a failure into the 401 to answer, with its
// WWW-Authenticate header (RFC 6750 §3).
func (g *Guard) challenge(err error) *framework.Error {
	var te *tokenError
	if !errors.As(err, &te) {
		if !errors.Is(err, ErrNoToken) {
			te = &tokenError{reason: "the Authorization header is malformed", err: err}
		} else {
			e := framework.Unauthorized("a bearer token is required").Wrap(err)
			e.Header = http.Header{"Www-Authenticate": {g.params()}}
			return e
		}
	}
	e := framework.Unauthorized(te.reason).Wrap(err)
	e.Header = http.Header{"Www-Authenticate": {g.params(
		"error", "invalid_token", "error_description", te.reason)}}
	return e
}

// insufficient is the 403 for a valid token that lacks scopes.
func (g *Guard) insufficient(scopes []string) *framework.Error {
	e := framework.Forbidden("the token lacks a required scope")
	e.Header = http.Header{"Www-Authenticate": {g.params(
		"error", "insufficient_scope",
		"error_description", "the token lacks a required scope",
		"scope", strings.Join(scopes, " "))}}
	return e
}

// params formats a Bearer challenge with the realm and the given
// name/value pairs, whose values never hold a quote or backslash.
func (g *Guard) params(kv ...string) string {
	var b strings.Builder
	b.WriteString("Bearer")
	sep := " "
	if g.realm != "" {
		b.WriteString(` realm="` + g.realm + `"`)
		sep = ", "
	}
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString(sep + kv[i] + `="` + strings.NewReplacer(`"`, "'", `\`, "/").Replace(kv[i+1]) + `"`)
		sep = ", "
	}
	return b.String()
}
