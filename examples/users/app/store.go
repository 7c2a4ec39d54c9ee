package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// ErrNoUser is returned when no user has the given id or email.
var ErrNoUser = errors.New("no such user")

// ErrUnavailable is wrapped by the errors of a store whose database cannot
// be reached or used now (connection refused or lost, a file that cannot be
// opened, a database busy past its timeout or shutting down), as opposed to
// a statement that failed. The service answers them with a 503; the same
// request may succeed once the database is back.
var ErrUnavailable = errors.New("the database is unavailable")

// DuplicateEmailError is returned when a user with the email exists.
type DuplicateEmailError struct{ Email string }

// Error implements error.
func (e *DuplicateEmailError) Error() string { return fmt.Sprintf("email %s is taken", e.Email) }

// Store keeps users. Emails are kept lowercased and are unique.
type Store interface {
	// Create stores u with a new id and creation time and returns it, or a
	// *DuplicateEmailError.
	Create(ctx context.Context, u User) (User, error)
	// Get returns the user with id, or ErrNoUser.
	Get(ctx context.Context, id int64) (User, error)
	// GetByEmail returns the user with email (any case), or ErrNoUser.
	GetByEmail(ctx context.Context, email string) (User, error)
	// Update replaces the name, age, tags and bio of the user with u.ID,
	// or returns ErrNoUser.
	Update(ctx context.Context, u User) error
	// Delete removes the user with id, or returns ErrNoUser.
	Delete(ctx context.Context, id int64) error
	// List returns one page of the users q selects, in q's order, and how
	// many it selects in all.
	List(ctx context.Context, q ListQuery) ([]User, int, error)
}

// Pinger is a Store that can tell whether its database answers; the
// readiness check uses it.
type Pinger interface {
	Ping(ctx context.Context) error
}

// ListQuery selects, orders and pages users.
type ListQuery struct {
	// Offset skips that many users; Limit caps the page (0: no users).
	Offset, Limit int
	// EmailContains keeps users whose email contains it, in any case.
	EmailContains string
	// MinAge and MaxAge, when set, bound the age, inclusively.
	MinAge, MaxAge *int
	// Sort is one of SortKeys ("id" when empty): a field, "-" first for
	// descending. Ties are broken by id, ascending.
	Sort string
}

// SortKeys are the orders ListQuery.Sort accepts.
var SortKeys = []string{"id", "-id", "created_at", "-created_at", "name", "-name"}

// sortKey checks q.Sort and returns its field and direction.
func (q ListQuery) sortKey() (field string, desc bool, err error) {
	s := cmp.Or(q.Sort, "id")
	if !slices.Contains(SortKeys, s) {
		return "", false, fmt.Errorf("unknown sort %q (want one of %v)", q.Sort, SortKeys)
	}
	field, desc = strings.CutPrefix(s, "-")
	return field, desc, nil
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
	u.Email = strings.ToLower(u.Email)
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
	u.Tags = slices.Clone(u.Tags)
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

// GetByEmail returns the user with email, or ErrNoUser.
func (s *MemoryStore) GetByEmail(_ context.Context, email string) (User, error) {
	email = strings.ToLower(email)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.byID {
		if u.Email == email {
			return u, nil
		}
	}
	return User{}, ErrNoUser
}

// Update replaces the name, age, tags and bio of the stored user with u.ID.
func (s *MemoryStore) Update(_ context.Context, u User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.byID[u.ID]
	if !ok {
		return ErrNoUser
	}
	old.Name, old.Age, old.Tags, old.Bio = u.Name, u.Age, slices.Clone(u.Tags), u.Bio
	s.byID[u.ID] = old
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

// List returns a page of the users q selects and how many it selects.
func (s *MemoryStore) List(_ context.Context, q ListQuery) ([]User, int, error) {
	field, desc, err := q.sortKey()
	if err != nil {
		return nil, 0, err
	}
	contains := strings.ToLower(q.EmailContains)
	s.mu.Lock()
	out := make([]User, 0, len(s.byID))
	for _, u := range s.byID {
		switch {
		case !strings.Contains(u.Email, contains):
		case q.MinAge != nil && u.Age < *q.MinAge:
		case q.MaxAge != nil && u.Age > *q.MaxAge:
		default:
			out = append(out, u)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b User) int {
		var c int
		switch field {
		case "name":
			c = strings.Compare(a.Name, b.Name)
		case "created_at":
			c = a.CreatedAt.Compare(b.CreatedAt)
		}
		if desc {
			c = -c
		}
		if c == 0 {
			c = cmp.Compare(a.ID, b.ID)
			if desc && field == "id" {
				c = -c
			}
		}
		return c
	})
	total := len(out)
	lo := min(max(q.Offset, 0), total)
	hi := min(lo+max(q.Limit, 0), total)
	return slices.Clip(out[lo:hi]), total, nil
}
