package app

import "context"

// TodoService holds the rules of todos that the store does not: defaults
// for a new todo, and that a done todo has no open checklist item. It is
// the Todos controller's own dependency; the Lists controller never needs
// it.
type TodoService struct{ store Store }

// NewTodoService is the service's provider: the framework injects the
// app-wide store.
func NewTodoService(store Store) *TodoService { return &TodoService{store: store} }

// Create adds t, with its defaults filled, to the list with listID.
func (s *TodoService) Create(ctx context.Context, listID int64, t Todo) (Todo, error) {
	t = t.withDefaults()
	if err := t.check(); err != nil {
		return Todo{}, err
	}
	return s.store.CreateTodo(ctx, listID, t)
}

// Get returns one todo of a list.
func (s *TodoService) Get(ctx context.Context, listID, id int64) (Todo, error) {
	return s.store.GetTodo(ctx, listID, id)
}

// List returns a window of a list's todos and how many q selects.
func (s *TodoService) List(ctx context.Context, q TodoQuery) ([]Todo, int, error) {
	return s.store.Todos(ctx, q)
}

// Update applies a change (the fields a PATCH sent) to a todo, atomically,
// and stores the result if it keeps the rules.
func (s *TodoService) Update(ctx context.Context, listID, id int64, apply func(*Todo) error) (Todo, error) {
	return s.store.UpdateTodo(ctx, listID, id, func(t *Todo) error {
		if err := apply(t); err != nil {
			return err
		}
		if err := missingRequired(t); err != nil {
			return err
		}
		return t.check()
	})
}

// Delete removes a todo from its list.
func (s *TodoService) Delete(ctx context.Context, listID, id int64) error {
	return s.store.DeleteTodo(ctx, listID, id)
}
