// Package auth is a JWT bearer-token guard for Starling apps, and the issuer
// that signs the tokens it accepts.
//
// A Guard verifies the Authorization header of each request against a small
// key ring. Every Key pins its algorithm (HS256, EdDSA or RS256), so a token
// is only ever checked with the algorithm its key was made for: "alg": "none"
// and key-confusion tokens (an HS256 token "signed" with the bytes of an
// EdDSA or RSA public key) are refused. When the ring holds several keys the
// token's "kid" header chooses one. The registered claims exp (required), nbf,
// iat, iss and aud are checked with a small leeway for clock skew (30 s by
// default).
//
// Failures follow RFC 6750: no bearer token is a 401 with
// "WWW-Authenticate: Bearer"; a token that does not verify is a 401 whose
// challenge carries error="invalid_token"; a valid token without a scope a
// route requires (Guard.Require) is a 403 with error="insufficient_scope".
//
// Handlers receive the verified claims by injection: register the guard's
// Claims method as a per-request provider and add a *Claims field to the
// route's input.
//
//	guard, err := auth.New(auth.Config{
//		Keys:   []auth.Key{{ID: "k1", Alg: auth.HS256, Secret: secret}},
//		Issuer: "users",
//	})
//	...
//	framework.Controller{
//		Guards:       []framework.Guard{guard},
//		Dependencies: []framework.Provider{
//			framework.Provide(guard.Claims, framework.WithScope(framework.PerRequest)),
//		},
//		...
//	}
//
//	type getMe struct {
//		Claims *auth.Claims `inject:""`
//	}
//
// An Issuer signs tokens with one Key that holds a signing secret or
// private key; the same ring, holding only public keys, verifies them
// elsewhere.
package auth
