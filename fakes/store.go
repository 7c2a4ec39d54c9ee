package fakes

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// The errors a Store returns; test with errors.Is.
var (
	ErrNotFound = errors.New("fakes: not found")
	ErrExists   = errors.New("fakes: already exists")
)

// Op names a Store operation, for FailOn and Calls.
type Op string

// The operations of a Store.
const (
	OpCreate Op = "create"
	OpGet    Op = "get"
	OpUpdate Op = "update"
	OpDelete Op = "delete"
	OpList   Op = "list"
)

// Call is one operation a Store was asked to do.
type Call[K comparable] struct {
	Op  Op
	Key K // the zero K for List
	Err error
}

// Store is an in-memory store of V by key K: CRUD that keeps insertion
// order, ways to see what was stored (All, Len, Snapshot, Calls) and to make
// operations fail (FailNext, FailOn). It is safe for concurrent use and has
// no shared state: make one per test. Adapt it to an application's store
// interface with a small type that embeds it (see the package example).
type Store[K comparable, V any] struct {
	mu       sync.Mutex
	items    map[K]V
	order    []K
	failNext []error
	failOn   map[Op]error
	calls    []Call[K]
}

// NewStore returns an empty store.
func NewStore[K comparable, V any]() *Store[K, V] {
	return &Store[K, V]{items: map[K]V{}, failOn: map[Op]error{}}
}

// begin records a call and returns the injected failure, if any. s.mu is held.
func (s *Store[K, V]) begin(op Op, k K) error {
	var err error
	switch {
	case len(s.failNext) > 0:
		err, s.failNext = s.failNext[0], s.failNext[1:]
	case s.failOn[op] != nil:
		err = s.failOn[op]
	}
	s.calls = append(s.calls, Call[K]{Op: op, Key: k, Err: err})
	return err
}

func (s *Store[K, V]) end(err error) error {
	if err != nil {
		s.calls[len(s.calls)-1].Err = err
	}
	return err
}

// Create stores v under k; ErrExists when k is taken.
func (s *Store[K, V]) Create(ctx context.Context, k K, v V) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(OpCreate, k); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return s.end(err)
	}
	if _, ok := s.items[k]; ok {
		return s.end(fmt.Errorf("%w: %v", ErrExists, k))
	}
	s.items[k] = v
	s.order = append(s.order, k)
	return nil
}

// Get returns the value under k; ErrNotFound when there is none.
func (s *Store[K, V]) Get(ctx context.Context, k K) (V, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var zero V
	if err := s.begin(OpGet, k); err != nil {
		return zero, err
	}
	if err := ctx.Err(); err != nil {
		return zero, s.end(err)
	}
	v, ok := s.items[k]
	if !ok {
		return zero, s.end(fmt.Errorf("%w: %v", ErrNotFound, k))
	}
	return v, nil
}

// Update replaces the value under k; ErrNotFound when there is none.
func (s *Store[K, V]) Update(ctx context.Context, k K, v V) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(OpUpdate, k); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return s.end(err)
	}
	if _, ok := s.items[k]; !ok {
		return s.end(fmt.Errorf("%w: %v", ErrNotFound, k))
	}
	s.items[k] = v
	return nil
}

// Delete removes the value under k; ErrNotFound when there is none.
func (s *Store[K, V]) Delete(ctx context.Context, k K) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(OpDelete, k); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return s.end(err)
	}
	if _, ok := s.items[k]; !ok {
		return s.end(fmt.Errorf("%w: %v", ErrNotFound, k))
	}
	delete(s.items, k)
	s.order = slices.DeleteFunc(s.order, func(x K) bool { return x == k })
	return nil
}

// List returns up to limit values from offset, in insertion order, and the
// total count; limit < 0 means all.
func (s *Store[K, V]) List(ctx context.Context, offset, limit int) ([]V, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var zero K
	if err := s.begin(OpList, zero); err != nil {
		return nil, 0, err
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, s.end(err)
	}
	total := len(s.order)
	offset = min(max(offset, 0), total)
	end := total
	if limit >= 0 {
		end = min(total, offset+limit)
	}
	out := make([]V, 0, end-offset)
	for _, k := range s.order[offset:end] {
		out = append(out, s.items[k])
	}
	return out, total, nil
}

// Find returns the first value, in insertion order, for which match is true.
// It is not recorded and never fails: use it in adapters (a unique email
// check) and in assertions.
func (s *Store[K, V]) Find(match func(V) bool) (V, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range s.order {
		if v := s.items[k]; match(v) {
			return v, true
		}
	}
	var zero V
	return zero, false
}

// Put stores v under k without recording a call or failing: seed data.
func (s *Store[K, V]) Put(k K, v V) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[k]; !ok {
		s.order = append(s.order, k)
	}
	s.items[k] = v
}

// All returns every value in insertion order.
func (s *Store[K, V]) All() []V {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]V, len(s.order))
	for i, k := range s.order {
		out[i] = s.items[k]
	}
	return out
}

// Len returns how many values are stored.
func (s *Store[K, V]) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}

// Snapshot returns a copy of the stored values by key.
func (s *Store[K, V]) Snapshot() map[K]V {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.items)
}

// Calls returns every operation asked of the store, in order, with the
// error each returned.
func (s *Store[K, V]) Calls() []Call[K] {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// FailNext makes the next operation, whatever it is, return err (queued:
// two calls fail the next two operations).
func (s *Store[K, V]) FailNext(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = append(s.failNext, err)
}

// FailOn makes every operation op return err until FailOn(op, nil).
func (s *Store[K, V]) FailOn(op Op, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		delete(s.failOn, op)
		return
	}
	s.failOn[op] = err
}
