package app

import (
	"context"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Hasher hashes passwords. The app provides bcrypt; tests swap in a cheap one.
type Hasher interface {
	Hash(password string) ([]byte, error)
}

// Bcrypt hashes with bcrypt at the given cost.
type Bcrypt struct{ Cost int }

// NewBcrypt returns a hasher at bcrypt's default cost.
func NewBcrypt() Bcrypt { return Bcrypt{Cost: bcrypt.DefaultCost} }

// Hash implements Hasher.
func (b Bcrypt) Hash(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(password), b.Cost)
}

// UserService holds the users use cases.
type UserService struct {
	store  Store
	hasher Hasher
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
	return s.store.Create(ctx, User{
		Email:        strings.ToLower(in.Email),
		Name:         in.Name,
		Age:          in.Age,
		Tags:         in.Tags,
		PasswordHash: hash,
	})
}

// Get returns one user.
func (s *UserService) Get(ctx context.Context, id int64) (User, error) {
	return s.store.Get(ctx, id)
}

// Update applies a change to a user and returns the result.
func (s *UserService) Update(ctx context.Context, id int64, apply func(*UpdateUser) error) (User, error) {
	u, err := s.store.Get(ctx, id)
	if err != nil {
		return User{}, err
	}
	change := UpdateUser{Name: u.Name, Age: u.Age, Tags: u.Tags, Bio: u.Bio}
	if err := apply(&change); err != nil {
		return User{}, err
	}
	u.Name, u.Age, u.Tags, u.Bio = change.Name, change.Age, change.Tags, change.Bio
	return u, s.store.Update(ctx, u)
}

// Delete removes a user.
func (s *UserService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}

// List returns a page of users.
func (s *UserService) List(ctx context.Context, offset, limit int) ([]User, int, error) {
	return s.store.List(ctx, offset, limit)
}
