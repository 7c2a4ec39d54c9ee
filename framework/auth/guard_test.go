package auth_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/starling-http/starling/framework/auth"
)

// now is the tests' clock: every token is judged at this instant.
var now = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

func clock() time.Time { return now }

var secret = []byte("0123456789abcdef0123456789abcdef")

var edPriv = ed25519.NewKeyFromSeed([]byte("starling-auth-test-seed-32-bytes"))

var rsaPriv = sync.OnceValue(func() *rsa.PrivateKey { return rsaKey(2048) })

func rsaKey(bits int) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		panic(err)
	}
	return k
}

func hsKey() auth.Key { return auth.Key{ID: "hs", Alg: auth.HS256, Secret: secret} }
func edKey() auth.Key { return auth.Key{ID: "ed", Alg: auth.EdDSA, Private: edPriv} }
func rsKey() auth.Key { return auth.Key{ID: "rs", Alg: auth.RS256, Private: rsaPriv()} }

// public drops the private half, as a verifying service holds a key.
func public(k auth.Key) auth.Key {
	if k.Private != nil {
		k.Public, k.Private = k.Private.Public(), nil
	}
	return k
}

func newGuard(t testing.TB, cfg auth.Config) *auth.Guard {
	t.Helper()
	if cfg.Keys == nil {
		cfg.Keys = []auth.Key{hsKey(), public(edKey()), public(rsKey())}
	}
	if cfg.Issuer == "" {
		cfg.Issuer = "starling"
	}
	if cfg.Audience == nil {
		cfg.Audience = []string{"users"}
	}
	if cfg.Now == nil {
		cfg.Now = clock
	}
	g, err := auth.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func issue(t testing.TB, k auth.Key, c auth.Claims) string {
	t.Helper()
	is, err := auth.NewIssuer(auth.IssuerConfig{Key: k, Issuer: "starling", Audience: []string{"users"}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := is.Issue(c)
	if err != nil {
		t.Fatal(err)
	}
	return tok.Raw
}

// forge signs arbitrary header and claims with the given method and key,
// as an attacker could.
func forge(t testing.TB, m jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validClaims() jwt.MapClaims {
	return jwt.MapClaims{"sub": "42", "iss": "starling", "aud": "users", "exp": now.Add(time.Hour).Unix(), "iat": now.Unix()}
}

func with(c jwt.MapClaims, k string, v any) jwt.MapClaims {
	c[k] = v
	return c
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestVerify(t *testing.T) {
	g := newGuard(t, auth.Config{})
	edPub := []byte(edPriv.Public().(ed25519.PublicKey))
	rsaDER, _ := x509.MarshalPKIXPublicKey(&rsaPriv().PublicKey)
	rsaPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: rsaDER})
	payload := b64(`{"sub":"42","iss":"starling","aud":"users","exp":` + strconv.FormatInt(now.Add(time.Hour).Unix(), 10) + `}`)

	tests := []struct {
		name   string
		token  string
		reason string // "" means valid
	}{
		{"HS256", issue(t, hsKey(), auth.Claims{Subject: "42"}), ""},
		{"EdDSA", issue(t, edKey(), auth.Claims{Subject: "42"}), ""},
		{"RS256", issue(t, rsKey(), auth.Claims{Subject: "42"}), ""},
		{"expired", forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"},
			with(validClaims(), "exp", now.Add(-time.Minute).Unix())), "the token has expired"},
		{"nbf in the future", forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"},
			with(validClaims(), "nbf", now.Add(time.Minute).Unix())), "the token is not valid yet"},
		{"iat in the future", forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"},
			with(validClaims(), "iat", now.Add(time.Minute).Unix())), "the token was issued in the future"},
		{"no exp", forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"},
			jwt.MapClaims{"sub": "42", "iss": "starling", "aud": "users"}), "the token lacks a required claim"},
		{"wrong iss", forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"},
			with(validClaims(), "iss", "mallory")), "the token's issuer is not accepted"},
		{"no iss", forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"},
			with(validClaims(), "iss", "")), "the token lacks a required claim"},
		{"wrong aud", forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"},
			with(validClaims(), "aud", []string{"billing"})), "the token's audience is not accepted"},
		{"bad HS256 signature", forge(t, jwt.SigningMethodHS256, []byte("another secret of thirty-two bytes!"), map[string]any{"kid": "hs"},
			validClaims()), "the token's signature is invalid"},
		{"bad EdDSA signature", forge(t, jwt.SigningMethodEdDSA, ed25519.NewKeyFromSeed(make([]byte, 32)), map[string]any{"kid": "ed"},
			validClaims()), "the token's signature is invalid"},
		{"tampered payload", tamper(issue(t, edKey(), auth.Claims{Subject: "42"})), "the token's signature is invalid"},
		{"alg none", b64(`{"alg":"none","typ":"JWT","kid":"hs"}`) + "." + payload + ".", "the token's algorithm is not accepted"},
		{"alg none, no kid", b64(`{"alg":"none","typ":"JWT"}`) + "." + payload + ".", "the token's key is unknown"},
		{"alg none via jwt", forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, map[string]any{"kid": "hs"},
			validClaims()), "the token's algorithm is not accepted"},
		{"key confusion: HS256 with the Ed25519 public key", forge(t, jwt.SigningMethodHS256, edPub, map[string]any{"kid": "ed"},
			validClaims()), "the token's algorithm is not accepted"},
		{"key confusion: HS256 with the RSA public key PEM", forge(t, jwt.SigningMethodHS256, rsaPEM, map[string]any{"kid": "rs"},
			validClaims()), "the token's algorithm is not accepted"},
		{"key confusion: HS256 with the RSA public key DER", forge(t, jwt.SigningMethodHS256, rsaDER, map[string]any{"kid": "rs"},
			validClaims()), "the token's algorithm is not accepted"},
		{"alg swapped: RS256 token for the EdDSA key", forge(t, jwt.SigningMethodRS256, rsaPriv(), map[string]any{"kid": "ed"},
			validClaims()), "the token's algorithm is not accepted"},
		{"unsupported alg", forge(t, jwt.SigningMethodHS512, append(secret, secret...), map[string]any{"kid": "hs"},
			validClaims()), "the token's algorithm is not accepted"},
		{"unknown kid", forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "nope"},
			validClaims()), "the token's key is unknown"},
		{"kid not a string", forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": 7},
			validClaims()), "the token's key is unknown"},
		{"no kid with several keys", forge(t, jwt.SigningMethodHS256, secret, nil,
			validClaims()), "the token's key is unknown"},
		{"two parts", "abc.def", "the token is malformed"},
		{"garbage", "not-a-token", "the token is malformed"},
		{"padded base64", padded(issue(t, hsKey(), auth.Claims{Subject: "42"})), "the token is malformed"},
		{"too long", strings.Repeat("a", auth.MaxTokenLen+1), "the token is malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := g.Verify(tt.token)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if c.Subject != "42" || c.Issuer != "starling" || len(c.Audience) != 1 || c.Audience[0] != "users" {
					t.Fatalf("claims = %+v", c)
				}
				return
			}
			if err == nil {
				t.Fatalf("Verify accepted the token: %+v", c)
			}
			if !errors.Is(err, auth.ErrInvalidToken) {
				t.Errorf("error %v does not wrap ErrInvalidToken", err)
			}
			// Parse reports the same reason as Verify, in its challenge.
			_, perr := g.Parse("Bearer " + tt.token)
			fe := asFrameworkError(t, perr)
			if fe.Detail != tt.reason {
				t.Errorf("reason = %q, want %q (cause: %v)", fe.Detail, tt.reason, err)
			}
		})
	}
}

// tamper changes the payload of a token and keeps its signature.
func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	parts[1] = b64(`{"sub":"1","iss":"starling","aud":"users","exp":9999999999}`)
	return strings.Join(parts, ".")
}

// padded adds base64 padding to the payload, which strict decoding refuses.
func padded(tok string) string {
	parts := strings.Split(tok, ".")
	for len(parts[1])%4 != 0 {
		parts[1] += "="
	}
	if !strings.HasSuffix(parts[1], "=") {
		parts[1] += "===="
	}
	return strings.Join(parts, ".")
}

func TestLeewayBoundary(t *testing.T) {
	exp := now.Add(-10 * time.Second) // expired ten seconds ago
	noIat := func() jwt.MapClaims { c := validClaims(); delete(c, "iat"); return c }
	tok := forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"}, with(noIat(), "exp", exp.Unix()))
	nbfTok := forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "hs"}, with(noIat(), "nbf", now.Add(10*time.Second).Unix()))
	tests := []struct {
		name   string
		leeway time.Duration
		at     time.Time
		token  string
		ok     bool
	}{
		{"default leeway covers 10s", 0, now, tok, true},
		{"one second inside the default leeway", 0, exp.Add(auth.DefaultLeeway - time.Second), tok, true},
		{"at exp plus the default leeway", 0, exp.Add(auth.DefaultLeeway), tok, false},
		{"5s leeway does not cover 10s", 5 * time.Second, now, tok, false},
		{"no leeway", -1, exp.Add(-time.Second), tok, true},
		{"no leeway, at exp", -1, exp, tok, false},
		{"nbf 10s ahead, default leeway", 0, now, nbfTok, true},
		{"nbf 10s ahead, no leeway", -1, now, nbfTok, false},
		{"nbf exactly leeway ahead", 10 * time.Second, now, nbfTok, true},
		{"nbf a second beyond the leeway", 9 * time.Second, now, nbfTok, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := tt.at
			g := newGuard(t, auth.Config{Leeway: tt.leeway, Now: func() time.Time { return at }})
			_, err := g.Verify(tt.token)
			if (err == nil) != tt.ok {
				t.Fatalf("Verify at %v with leeway %v: err = %v, want ok=%v", at, tt.leeway, err, tt.ok)
			}
		})
	}
}

func TestSingleKeyWithoutKid(t *testing.T) {
	g := newGuard(t, auth.Config{Keys: []auth.Key{{Alg: auth.HS256, Secret: secret}}})
	tok := forge(t, jwt.SigningMethodHS256, secret, nil, validClaims())
	if _, err := g.Verify(tok); err != nil {
		t.Fatalf("a one-key ring should accept a token without kid: %v", err)
	}
	tok = forge(t, jwt.SigningMethodHS256, secret, map[string]any{"kid": "other"}, validClaims())
	if _, err := g.Verify(tok); err == nil {
		t.Fatal("a kid the ring does not hold was accepted")
	}
}

func TestIssuerFillsClaims(t *testing.T) {
	is, err := auth.NewIssuer(auth.IssuerConfig{Key: edKey(), Issuer: "starling", Audience: []string{"users"}, TTL: time.Hour, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := is.Issue(auth.Claims{Subject: "7", Scopes: []string{"users:read", "users:write"}})
	if err != nil {
		t.Fatal(err)
	}
	c := tok.Claims
	if !c.ExpiresAt.Equal(now.Add(time.Hour)) || !c.IssuedAt.Equal(now) || c.ID == "" || c.Issuer != "starling" {
		t.Fatalf("claims = %+v", c)
	}
	got, err := newGuard(t, auth.Config{}).Verify(tok.Raw)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "7" || !got.HasScope("users:write") || got.ID != c.ID || !got.ExpiresAt.Equal(c.ExpiresAt) {
		t.Fatalf("verified claims = %+v, issued %+v", got, c)
	}
	if is.TTL() != time.Hour {
		t.Fatalf("TTL = %v", is.TTL())
	}
}

func TestConfigErrors(t *testing.T) {
	small := rsaKey(1024)
	tests := []struct {
		name string
		keys []auth.Key
		want string
	}{
		{"no keys", nil, "no keys"},
		{"short secret", []auth.Key{{Alg: auth.HS256, Secret: []byte("short")}}, "fewer than 32"},
		{"no alg", []auth.Key{{Secret: secret}}, "no algorithm"},
		{"alg none", []auth.Key{{Alg: "none", Secret: secret}}, "unsupported algorithm"},
		{"HS256 with a public key", []auth.Key{{Alg: auth.HS256, Secret: secret, Public: edPriv.Public()}}, "not a public or private key"},
		{"EdDSA with a secret", []auth.Key{{Alg: auth.EdDSA, Secret: secret, Public: edPriv.Public()}}, "has no secret"},
		{"EdDSA with an RSA key", []auth.Key{{Alg: auth.EdDSA, Public: &rsaPriv().PublicKey}}, "not an ed25519.PublicKey"},
		{"RS256 with an Ed25519 key", []auth.Key{{Alg: auth.RS256, Public: edPriv.Public()}}, "not an *rsa.PublicKey"},
		{"small RSA", []auth.Key{{Alg: auth.RS256, Public: &small.PublicKey}}, "fewer than 2048"},
		{"several keys without IDs", []auth.Key{hsKey(), {Alg: auth.HS256, Secret: secret}}, "needs an ID"},
		{"duplicate IDs", []auth.Key{hsKey(), hsKey()}, "two keys have this ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := auth.New(auth.Config{Keys: tt.keys})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	if _, err := auth.NewIssuer(auth.IssuerConfig{Key: public(edKey())}); err == nil || !strings.Contains(err.Error(), "no private key") {
		t.Fatalf("NewIssuer with a public key: err = %v", err)
	}
	if _, err := auth.New(auth.Config{Keys: []auth.Key{hsKey()}, Realm: `a"b`}); err == nil {
		t.Fatal("a realm with a quote was accepted")
	}
}
