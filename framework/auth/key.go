package auth

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"fmt"

	"github.com/golang-jwt/jwt/v5"
)

// Alg is a JWS algorithm name, as the token's "alg" header carries it.
type Alg string

// The algorithms a Key may be pinned to.
const (
	// HS256 is HMAC with SHA-256 over a shared secret of at least 32 bytes.
	HS256 Alg = "HS256"
	// EdDSA is Ed25519 (RFC 8037).
	EdDSA Alg = "EdDSA"
	// RS256 is RSASSA-PKCS1-v1_5 with SHA-256, over a key of at least 2048 bits.
	RS256 Alg = "RS256"
)

// MinSecretLen is the shortest HS256 secret a Key accepts, in bytes: the
// size of the hash, as RFC 7518 §3.2 requires.
const MinSecretLen = 32

// minRSABits is the smallest RSA modulus a Key accepts.
const minRSABits = 2048

// Key is one key of a ring, pinned to one algorithm: a token is verified
// with it only when the token's "alg" header names exactly Alg.
type Key struct {
	// ID is the key id a token's "kid" header names. It may be empty when
	// the ring has only this key; an Issuer writes it into each token's
	// header when it is set.
	ID string
	// Alg is the one algorithm this key verifies and signs with.
	Alg Alg
	// Secret is the shared secret of an HS256 key (at least MinSecretLen
	// bytes). It must be empty for the other algorithms.
	Secret []byte
	// Public verifies EdDSA (ed25519.PublicKey) and RS256 (*rsa.PublicKey)
	// tokens. It may be left nil when Private is set.
	Public crypto.PublicKey
	// Private signs EdDSA (ed25519.PrivateKey) and RS256 (*rsa.PrivateKey)
	// tokens; an Issuer needs it, a Guard does not.
	Private crypto.Signer
}

// String names the key by algorithm and ID, never showing its material.
func (k Key) String() string {
	if k.ID == "" {
		return fmt.Sprintf("%s key", k.Alg)
	}
	return fmt.Sprintf("%s key %q", k.Alg, k.ID)
}

// method returns the jwt signing method of the key's algorithm.
func (k Key) method() jwt.SigningMethod {
	switch k.Alg {
	case HS256:
		return jwt.SigningMethodHS256
	case EdDSA:
		return jwt.SigningMethodEdDSA
	case RS256:
		return jwt.SigningMethodRS256
	}
	return nil
}

// check validates the key and fills Public from Private when it is unset.
func (k *Key) check() error {
	switch k.Alg {
	case HS256:
		if len(k.Secret) < MinSecretLen {
			return fmt.Errorf("%s: the secret has %d bytes, fewer than %d", k, len(k.Secret), MinSecretLen)
		}
		if k.Public != nil || k.Private != nil {
			return fmt.Errorf("%s: an HS256 key has a secret, not a public or private key", k)
		}
		k.Secret = append([]byte(nil), k.Secret...)
		return nil
	case EdDSA, RS256:
		if len(k.Secret) > 0 {
			return fmt.Errorf("%s: an %s key has no secret", k, k.Alg)
		}
		if k.Public == nil && k.Private != nil {
			k.Public = k.Private.Public()
		}
		return k.checkAsymmetric()
	case "":
		return fmt.Errorf("%s: no algorithm", k)
	}
	return fmt.Errorf("%s: unsupported algorithm (use HS256, EdDSA or RS256)", k)
}

func (k *Key) checkAsymmetric() error {
	if k.Public == nil {
		return fmt.Errorf("%s: no public or private key", k)
	}
	switch k.Alg {
	case EdDSA:
		pub, ok := k.Public.(ed25519.PublicKey)
		if !ok || len(pub) != ed25519.PublicKeySize {
			return fmt.Errorf("%s: the public key is a %T, not an ed25519.PublicKey", k, k.Public)
		}
		if k.Private != nil {
			priv, ok := k.Private.(ed25519.PrivateKey)
			if !ok || len(priv) != ed25519.PrivateKeySize {
				return fmt.Errorf("%s: the private key is a %T, not an ed25519.PrivateKey", k, k.Private)
			}
			if !pub.Equal(priv.Public()) {
				return fmt.Errorf("%s: the public and private keys do not match", k)
			}
		}
	case RS256:
		pub, ok := k.Public.(*rsa.PublicKey)
		if !ok || pub == nil {
			return fmt.Errorf("%s: the public key is a %T, not an *rsa.PublicKey", k, k.Public)
		}
		if pub.N.BitLen() < minRSABits {
			return fmt.Errorf("%s: the RSA key has %d bits, fewer than %d", k, pub.N.BitLen(), minRSABits)
		}
		if k.Private != nil {
			priv, ok := k.Private.(*rsa.PrivateKey)
			if !ok || priv == nil {
				return fmt.Errorf("%s: the private key is a %T, not an *rsa.PrivateKey", k, k.Private)
			}
			if !pub.Equal(&priv.PublicKey) {
				return fmt.Errorf("%s: the public and private keys do not match", k)
			}
		}
	}
	return nil
}

// verifyKey is what jwt verifies a signature with.
func (k *Key) verifyKey() any {
	if k.Alg == HS256 {
		return k.Secret
	}
	return k.Public
}

// signKey is what jwt signs with, or an error when the key cannot sign.
func (k *Key) signKey() (any, error) {
	if k.Alg == HS256 {
		return k.Secret, nil
	}
	if k.Private == nil {
		return nil, fmt.Errorf("%s: no private key to sign with", k)
	}
	return k.Private, nil
}

// ring is a checked set of keys.
type ring struct {
	keys []Key
	byID map[string]*Key
}

func newRing(keys []Key) (*ring, error) {
	if len(keys) == 0 {
		return nil, errors.New("auth: no keys")
	}
	r := &ring{byID: map[string]*Key{}}
	var errs []error
	for _, k := range keys {
		if err := k.check(); err != nil {
			errs = append(errs, err)
			continue
		}
		if len(keys) > 1 && k.ID == "" {
			errs = append(errs, fmt.Errorf("%s: a ring of several keys needs an ID on each", k))
			continue
		}
		if _, dup := r.byID[k.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: two keys have this ID", k))
			continue
		}
		r.keys = append(r.keys, k)
		r.byID[k.ID] = &r.keys[len(r.keys)-1]
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	// byID points into r.keys, which may have moved while it grew.
	for i := range r.keys {
		r.byID[r.keys[i].ID] = &r.keys[i]
	}
	return r, nil
}

// lookup finds the key a token's header selects and checks that the
// header's algorithm is the one the key is pinned to.
func (r *ring) lookup(t *jwt.Token) (any, error) {
	kid, hasKid := t.Header["kid"]
	var k *Key
	switch {
	case hasKid:
		id, ok := kid.(string)
		if !ok {
			return nil, errUnknownKey
		}
		if k = r.byID[id]; k == nil {
			return nil, errUnknownKey
		}
	case len(r.keys) == 1:
		k = &r.keys[0]
	default:
		return nil, errUnknownKey
	}
	if t.Method == nil || t.Method.Alg() != string(k.Alg) {
		return nil, errWrongAlg
	}
	return k.verifyKey(), nil
}
