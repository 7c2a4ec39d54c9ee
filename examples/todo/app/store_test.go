package app_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/starling-http/starling/examples/todo/app"
	"github.com/starling-http/starling/fakes"
)

func newStore() *app.MemoryStore { return app.NewMemoryStore(fakes.NewClock(time.Time{}).Now) }

// TestMemoryStoreConcurrentUpdates runs many read-modify-write updates of
// one todo at once: each adds one checklist item, and none is lost. Run
// with -race, it also shows the store is safe for concurrent use.
func TestMemoryStoreConcurrentUpdates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore()
	l, err := s.CreateList(ctx, app.List{Name: "Garden"})
	require.NoError(t, err)
	td, err := s.CreateTodo(ctx, l.ID, app.Todo{Title: "Repot", Status: app.StatusOpen})
	require.NoError(t, err)

	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := s.UpdateTodo(ctx, l.ID, td.ID, func(t *app.Todo) error {
				t.Checklist = append(t.Checklist, app.ChecklistItem{Text: fmt.Sprint("step ", i)})
				return nil
			})
			assert.NoError(t, err)
		})
		wg.Go(func() {
			_, err := s.GetTodo(ctx, l.ID, td.ID)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	got, err := s.GetTodo(ctx, l.ID, td.ID)
	require.NoError(t, err)
	assert.Len(t, got.Checklist, n)
}

// TestMemoryStoreUniqueNames creates one name, in several cases, at once:
// exactly one list is made.
func TestMemoryStoreUniqueNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore()
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	for _, name := range []string{"garden", "Garden", "GARDEN", "gArDeN"} {
		wg.Go(func() {
			_, err := s.CreateList(ctx, app.List{Name: name})
			var dup *app.DuplicateNameError
			if err == nil {
				mu.Lock()
				created++
				mu.Unlock()
			} else {
				assert.True(t, errors.As(err, &dup), "%v", err)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, created)
}

// TestMemoryStoreIsolation: what a caller holds is its own, and a failed
// change stores nothing.
func TestMemoryStoreIsolation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore()
	l, err := s.CreateList(ctx, app.List{Name: "Garden"})
	require.NoError(t, err)
	in := app.Todo{Title: "Repot", Status: app.StatusOpen, Due: &app.Due{Date: "2025-06-07"},
		Checklist: []app.ChecklistItem{{Text: "Buy soil"}}}
	td, err := s.CreateTodo(ctx, l.ID, in)
	require.NoError(t, err)
	in.Checklist[0].Text, in.Due.Date = "changed", "changed"
	td.Checklist[0].Done = true

	refused := errors.New("refused")
	_, err = s.UpdateTodo(ctx, l.ID, td.ID, func(t *app.Todo) error {
		t.Title, t.Status = "Changed", app.StatusDone
		t.Checklist[0].Text = "changed"
		return refused
	})
	require.ErrorIs(t, err, refused)

	got, err := s.GetTodo(ctx, l.ID, td.ID)
	require.NoError(t, err)
	assert.Equal(t, "Repot", got.Title)
	assert.Equal(t, []app.ChecklistItem{{Text: "Buy soil"}}, got.Checklist)
	assert.Equal(t, "2025-06-07", got.Due.Date)
	list, err := s.GetList(ctx, l.ID)
	require.NoError(t, err)
	assert.Equal(t, [2]int{1, 0}, [2]int{list.OpenTodos, list.DoneTodos})
}
