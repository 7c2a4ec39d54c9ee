package app

import (
	"context"
	"errors"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"

	"github.com/starling-http/starling/framework"
)

// ErrBadCredentials is the one answer to a failed login, whether the email
// is unknown or the password wrong, so that a caller cannot tell which.
var ErrBadCredentials = errors.New("invalid email or password")

// Hasher hashes and verifies passwords. The app provides bcrypt; tests
// swap in a cheap one.
type Hasher interface {
	// Hash returns the hash to store for password.
	Hash(password string) ([]byte, error)
	// Verify returns nil when password matches hash, in time that does
	// not depend on where they differ.
	Verify(hash []byte, password string) error
}

// Bcrypt hashes with bcrypt at the given cost. bcrypt reads at most 72
// bytes: longer passwords (72 characters may take up to 288 bytes) are
// cut to their first 72 bytes, as bcrypt itself always did, both when
// hashed and when verified.
type Bcrypt struct{ Cost int }

// bcryptMaxBytes is the most of a password bcrypt reads.
const bcryptMaxBytes = 72

// NewBcrypt returns a hasher at bcrypt's default cost.
func NewBcrypt() Bcrypt { return Bcrypt{Cost: bcrypt.DefaultCost} }

// Hash implements Hasher.
func (b Bcrypt) Hash(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword(bcryptInput(password), b.Cost)
}

// Verify implements Hasher; bcrypt compares in constant time.
func (b Bcrypt) Verify(hash []byte, password string) error {
	return bcrypt.CompareHashAndPassword(hash, bcryptInput(password))
}

func bcryptInput(password string) []byte {
	p := []byte(password)
	return p[:min(len(p), bcryptMaxBytes)]
}

// UserService holds the users use cases.
type UserService struct {
	store  Store
	hasher Hasher

	// decoy is hashed once and verified against when a login names an
	// unknown email, so that it takes as long as a wrong password.
	decoyOnce sync.Once
	decoy     []byte
}

// NewUserService is the service's provider: the framework injects the store
// and the hasher.
func NewUserService(store Store, hasher Hasher) *UserService {
	return &UserService{store: store, hasher: hasher}
}

// Create registers a user.
func (s *UserService) Create(ctx context.Context, in CreateUser) (User, error) {
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return User{}, err
	}
	u, err := s.store.Create(ctx, User{
		Email:        strings.ToLower(in.Email),
		Name:         in.Name,
		Age:          in.Age,
		Tags:         in.Tags,
		PasswordHash: hash,
	})
	return u, storeErr(err)
}

// Authenticate returns the user with email and password, or
// ErrBadCredentials. It verifies a password even when the email is
// unknown, so both failures take as long.
func (s *UserService) Authenticate(ctx context.Context, email, password string) (User, error) {
	u, err := s.store.GetByEmail(ctx, email)
	if errors.Is(err, ErrNoUser) {
		s.decoyOnce.Do(func() { s.decoy, _ = s.hasher.Hash("decoy password, never matches") })
		_ = s.hasher.Verify(s.decoy, password)
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, storeErr(err)
	}
	if s.hasher.Verify(u.PasswordHash, password) != nil {
		return User{}, ErrBadCredentials
	}
	return u, nil
}

// Get returns one user.
func (s *UserService) Get(ctx context.Context, id int64) (User, error) {
	u, err := s.store.Get(ctx, id)
	return u, storeErr(err)
}

// Update applies a change to a user and returns the result.
func (s *UserService) Update(ctx context.Context, id int64, apply func(*UpdateUser) error) (User, error) {
	u, err := s.store.Get(ctx, id)
	if err != nil {
		return User{}, storeErr(err)
	}
	change := UpdateUser{Name: u.Name, Age: u.Age, Tags: u.Tags, Bio: u.Bio}
	if err := apply(&change); err != nil {
		return User{}, err
	}
	u.Name, u.Age, u.Tags, u.Bio = change.Name, change.Age, change.Tags, change.Bio
	if err := s.store.Update(ctx, u); err != nil {
		return User{}, storeErr(err)
	}
	return u, nil
}

// Delete removes a user.
func (s *UserService) Delete(ctx context.Context, id int64) error {
	return storeErr(s.store.Delete(ctx, id))
}

// List returns a page of users and how many q selects in all.
func (s *UserService) List(ctx context.Context, q ListQuery) ([]User, int, error) {
	users, total, err := s.store.List(ctx, q)
	return users, total, storeErr(err)
}

// storeErr answers a store whose database is out of reach (ErrUnavailable)
// with a 503 problem, which tells the client to try again, instead of a 500;
// the cause stays in the log. Other errors pass unchanged.
func storeErr(err error) error {
	if errors.Is(err, ErrUnavailable) {
		return framework.ServiceUnavailable("the user database is unavailable; try again shortly").Wrap(err)
	}
	return err
}
