package auth_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/starling-http/starling/framework/auth"
)

// FuzzParse feeds arbitrary Authorization values to a guard: it must never
// panic and never accept one, since no input in the corpus carries a valid
// signature over unexpired claims. Every refusal is a 401 with a Bearer
// challenge. The seeds in testdata/fuzz/FuzzParse are near misses: expired
// but well-signed tokens, alg none, key confusion, a wrong kid.
func FuzzParse(f *testing.F) {
	f.Add("")
	f.Add("Bearer ")
	f.Add("Bearer a.b.c")
	f.Add("Basic YWxhZGRpbjpvcGVuc2VzYW1l")
	f.Add("Bearer " + forge(f, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"},
		with(validClaims(), "exp", now.Add(-time.Hour).Unix())))
	f.Add("Bearer " + forge(f, jwt.SigningMethodEdDSA, edPriv, map[string]any{"kid": "ed"},
		with(validClaims(), "iss", "mallory")))
	g := newGuard(f, auth.Config{})
	f.Fuzz(func(t *testing.T, header string) {
		c, err := g.Parse(header)
		if err == nil {
			t.Fatalf("accepted %q: %+v", header, c)
		}
		fe := asFrameworkError(t, err)
		if fe.Status != http.StatusUnauthorized {
			t.Fatalf("status %d for %q", fe.Status, header)
		}
		if ch := fe.Header.Get("WWW-Authenticate"); !strings.HasPrefix(ch, "Bearer") {
			t.Fatalf("challenge %q for %q", ch, header)
		}
	})
}
