package app

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// MemoryStore is a Store in memory, safe for concurrent use: one mutex
// guards everything, so each call sees and leaves a consistent store (a
// todo is never created in a list that is being checked for, a count never
// lags its todos).
type MemoryStore struct {
	mu     sync.Mutex
	now    Clock
	lastID struct{ list, todo int64 }
	lists  map[int64]List
	names  map[string]bool // lowercased list names, for uniqueness
	order  []int64         // list ids, ascending
	todos  map[int64]Todo
	byList map[int64][]int64 // todo ids of each list, ascending
	counts map[int64]counts  // kept as todos change, so reads need no scan
}

// NewMemoryStore returns an empty store that stamps times read from now.
func NewMemoryStore(now Clock) *MemoryStore {
	return &MemoryStore{
		now: now, lists: map[int64]List{}, names: map[string]bool{},
		todos: map[int64]Todo{}, byList: map[int64][]int64{}, counts: map[int64]counts{},
	}
}

// stamp is the current time as stored: UTC, to the millisecond, so that it
// reads back the same after a round trip through JSON.
func (s *MemoryStore) stamp() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// CreateList implements Store.
func (s *MemoryStore) CreateList(_ context.Context, l List) (List, error) {
	key := strings.ToLower(l.Name)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.names[key] {
		return List{}, &DuplicateNameError{Name: l.Name}
	}
	s.lastID.list++
	l.ID, l.OpenTodos, l.DoneTodos, l.CreatedAt = s.lastID.list, 0, 0, s.stamp()
	s.lists[l.ID], s.names[key] = l, true
	s.order = append(s.order, l.ID)
	return l, nil
}

// GetList implements Store.
func (s *MemoryStore) GetList(_ context.Context, id int64) (List, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.list(id)
}

// list returns the list with id and its counts; s.mu is held.
func (s *MemoryStore) list(id int64) (List, error) {
	l, ok := s.lists[id]
	if !ok {
		return List{}, &NotFoundError{What: "list", ID: id}
	}
	c := s.counts[id]
	l.OpenTodos, l.DoneTodos = c.open, c.done
	return l, nil
}

// Lists implements Store.
func (s *MemoryStore) Lists(_ context.Context, w Window) ([]List, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := window(s.order, w)
	out := make([]List, len(ids))
	for i, id := range ids {
		out[i], _ = s.list(id)
	}
	return out, len(s.order), nil
}

// CreateTodo implements Store.
func (s *MemoryStore) CreateTodo(_ context.Context, listID int64, t Todo) (Todo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.lists[listID]; !ok {
		return Todo{}, &NotFoundError{What: "list", ID: listID}
	}
	s.lastID.todo++
	t = clone(t)
	t.ID, t.ListID = s.lastID.todo, listID
	t.CreatedAt = s.stamp()
	t.UpdatedAt = t.CreatedAt
	s.todos[t.ID] = t
	s.byList[listID] = append(s.byList[listID], t.ID)
	s.count(t, +1)
	return clone(t), nil
}

// GetTodo implements Store.
func (s *MemoryStore) GetTodo(_ context.Context, listID, id int64) (Todo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.todo(listID, id)
	return clone(t), err
}

// todo finds the todo with id in the list with listID; s.mu is held. A
// missing list is reported before a missing todo, so that a client learns
// which of the two ids is wrong.
func (s *MemoryStore) todo(listID, id int64) (Todo, error) {
	if _, ok := s.lists[listID]; !ok {
		return Todo{}, &NotFoundError{What: "list", ID: listID}
	}
	t, ok := s.todos[id]
	if !ok || t.ListID != listID {
		return Todo{}, &NotFoundError{What: "todo", ID: id}
	}
	return t, nil
}

// Todos implements Store.
func (s *MemoryStore) Todos(_ context.Context, q TodoQuery) ([]Todo, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.lists[q.ListID]; !ok {
		return nil, 0, &NotFoundError{What: "list", ID: q.ListID}
	}
	var ids []int64
	for _, id := range s.byList[q.ListID] {
		t := s.todos[id]
		if (q.Status == "" || t.Status == q.Status) && (q.Priority == "" || t.Priority == q.Priority) {
			ids = append(ids, id)
		}
	}
	page := window(ids, q.Window)
	out := make([]Todo, len(page))
	for i, id := range page {
		out[i] = clone(s.todos[id])
	}
	return out, len(ids), nil
}

// UpdateTodo implements Store.
func (s *MemoryStore) UpdateTodo(_ context.Context, listID, id int64, change func(*Todo) error) (Todo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.todo(listID, id)
	if err != nil {
		return Todo{}, err
	}
	t := clone(old)
	if err := change(&t); err != nil {
		return Todo{}, err
	}
	// What change may not alter is put back, whatever it did.
	t.ID, t.ListID, t.CreatedAt = old.ID, old.ListID, old.CreatedAt
	t.UpdatedAt = s.stamp()
	t = clone(t)
	s.count(old, -1)
	s.count(t, +1)
	s.todos[id] = t
	return clone(t), nil
}

// DeleteTodo implements Store.
func (s *MemoryStore) DeleteTodo(_ context.Context, listID, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.todo(listID, id)
	if err != nil {
		return err
	}
	delete(s.todos, id)
	ids := s.byList[listID]
	if i, ok := slices.BinarySearch(ids, id); ok {
		s.byList[listID] = slices.Delete(ids, i, i+1)
	}
	s.count(t, -1)
	return nil
}

// count adds d to the count of t's status in its list; s.mu is held.
func (s *MemoryStore) count(t Todo, d int) {
	c := s.counts[t.ListID]
	if t.Status == StatusDone {
		c.done += d
	} else {
		c.open += d
	}
	s.counts[t.ListID] = c
}

// counts is how many todos of a list stand at each status.
type counts struct{ open, done int }

// window returns the part of ids that w selects.
func window(ids []int64, w Window) []int64 {
	lo := min(max(w.Offset, 0), len(ids))
	hi := min(lo+max(w.Limit, 0), len(ids))
	return ids[lo:hi]
}

// clone copies what t points to, so that the store and its callers never
// share a checklist or a due date.
func clone(t Todo) Todo {
	t.Checklist = slices.Clone(t.Checklist)
	if t.Due != nil {
		d := *t.Due
		if d.Reminder != nil {
			r := *d.Reminder
			d.Reminder = &r
		}
		t.Due = &d
	}
	return t
}
