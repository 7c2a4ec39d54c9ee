package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// ErrNoUser is returned when no user has the given id.
var ErrNoUser = errors.New("no such user")

// DuplicateEmailError is returned when a user with the email exists.
type DuplicateEmailError struct{ Email string }

func (e *DuplicateEmailError) Error() string { return fmt.Sprintf("email %s is taken", e.Email) }

// Store keeps users.
type Store interface {
	Create(ctx context.Context, u User) (User, error)
	Get(ctx context.Context, id int64) (User, error)
	Update(ctx context.Context, u User) error
	Delete(ctx context.Context, id int64) error
	List(ctx context.Context, offset, limit int) ([]User, int, error)
}

// MemoryStore is a Store in memory, safe for concurrent use.
type MemoryStore struct {
	mu     sync.Mutex
	nextID int64
	byID   map[int64]User
	now    func() time.Time
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{byID: map[int64]User{}, now: time.Now}
}

// Create stores u with a new id; the email must be unused.
func (s *MemoryStore) Create(_ context.Context, u User) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, other := range s.byID {
		if other.Email == u.Email {
			return User{}, &DuplicateEmailError{Email: u.Email}
		}
	}
	s.nextID++
	u.ID = s.nextID
	u.CreatedAt = s.now().UTC().Truncate(time.Millisecond)
	s.byID[u.ID] = u
	return u, nil
}

// Get returns the user with id, or ErrNoUser.
func (s *MemoryStore) Get(_ context.Context, id int64) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.byID[id]
	if !ok {
		return User{}, ErrNoUser
	}
	return u, nil
}

// Update replaces the stored user with u.ID.
func (s *MemoryStore) Update(_ context.Context, u User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[u.ID]; !ok {
		return ErrNoUser
	}
	s.byID[u.ID] = u
	return nil
}

// Delete removes the user with id.
func (s *MemoryStore) Delete(_ context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byID[id]; !ok {
		return ErrNoUser
	}
	delete(s.byID, id)
	return nil
}

// List returns a page of users in id order and the total count.
func (s *MemoryStore) List(_ context.Context, offset, limit int) ([]User, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, 0, len(s.byID))
	for id := range s.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	total := len(ids)
	if offset > total {
		offset = total
	}
	ids = ids[offset:min(total, offset+limit)]
	out := make([]User, len(ids))
	for i, id := range ids {
		out[i] = s.byID[id]
	}
	return out, total, nil
}
