package app

import (
	"context"
	"fmt"
)

// Store keeps lists and their todos. Every todo belongs to a list that
// exists: a todo cannot be created in, or read through, another list.
type Store interface {
	// CreateList stores l with a new id and creation time and returns it,
	// or a *DuplicateNameError when a list has that name in any case.
	CreateList(ctx context.Context, l List) (List, error)
	// GetList returns the list with id and its counts, or a *NotFoundError.
	GetList(ctx context.Context, id int64) (List, error)
	// Lists returns one window of the lists by id, and how many there are.
	Lists(ctx context.Context, w Window) ([]List, int, error)

	// CreateTodo stores t in the list with listID, with a new id and
	// timestamps, and returns it; a *NotFoundError when the list is missing.
	CreateTodo(ctx context.Context, listID int64, t Todo) (Todo, error)
	// GetTodo returns the todo with id in the list with listID, or a
	// *NotFoundError (for the list, or for a todo not in it).
	GetTodo(ctx context.Context, listID, id int64) (Todo, error)
	// Todos returns one window of the todos q selects, by id, and how many
	// it selects in all; a *NotFoundError when the list is missing.
	Todos(ctx context.Context, q TodoQuery) ([]Todo, int, error)
	// UpdateTodo reads the todo as GetTodo does, lets change edit it, and
	// stores the result, all at once: concurrent updates are never lost.
	// An error from change is returned and nothing is stored. change may
	// not alter the id, the list or the creation time, and must not call
	// the store.
	UpdateTodo(ctx context.Context, listID, id int64, change func(*Todo) error) (Todo, error)
	// DeleteTodo removes the todo as GetTodo finds it, or returns a
	// *NotFoundError.
	DeleteTodo(ctx context.Context, listID, id int64) error
}

// Window pages a listing: skip Offset items, return at most Limit.
type Window struct {
	Offset, Limit int
}

// TodoQuery selects and pages the todos of one list.
type TodoQuery struct {
	ListID int64
	// Status and Priority, when not empty, keep only the todos that have it.
	Status   Status
	Priority Priority
	Window
}

// NotFoundError is returned when a list or a todo does not exist.
type NotFoundError struct {
	// What is "list" or "todo".
	What string
	ID   int64
}

// Error implements error.
func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %d not found", e.What, e.ID) }

// DuplicateNameError is returned when a list with the name exists.
type DuplicateNameError struct{ Name string }

// Error implements error.
func (e *DuplicateNameError) Error() string {
	return fmt.Sprintf("a list named %q exists", e.Name)
}
