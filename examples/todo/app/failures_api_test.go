package app_test

// The documented statuses that only a misbehaving client or a failing store
// reach: 405 on every path, 413 on every body, 500 on every operation.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/gavv/httpexpect/v2"
	"github.com/stretchr/testify/assert"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/todo/app"
	"github.com/starling-http/starling/framework"
)

// TestMethodNotAllowed: a method a path lacks is a 405 whose Allow header
// lists the ones it has.
func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l := api.createList(t)
	for _, tt := range []struct {
		path  string
		args  []any
		allow []string
	}{
		{"/lists", nil, []string{"GET", "POST"}},
		{"/lists/{l}", []any{l.ID}, []string{"GET"}},
		{"/lists/{l}/todos", []any{l.ID}, []string{"GET", "POST"}},
		{"/lists/{l}/todos/{id}", []any{l.ID, 1}, []string{"GET", "PATCH", "DELETE"}},
	} {
		resp := api.Invalid().PUT(tt.path, tt.args...).Expect()
		problem(resp, http.StatusMethodNotAllowed)
		allow := resp.Header("Allow").Raw()
		for _, m := range tt.allow {
			assert.Contains(t, allow, m, "Allow of %s", tt.path)
		}
	}
}

// TestBodyTooLarge sends one byte past each body's limit: the lists keep
// the framework's 10 MiB, the todos set 64 KiB on their controller. The
// bodies are otherwise valid JSON, so only their size is wrong.
func TestBodyTooLarge(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l := api.createList(t)
	oversized := func(limit int64) []byte {
		head, tail := `{"notes":"`, `"}`
		return []byte(head + strings.Repeat("x", int(limit)+1-len(head)-len(tail)) + tail)
	}
	const todoLimit = 64 << 10
	problem(withBody(api.Invalid().POST("/lists"), oversized(framework.DefaultBodyLimit)).Expect(),
		http.StatusRequestEntityTooLarge)
	problem(withBody(api.Invalid().POST("/lists/{l}/todos", l.ID), oversized(todoLimit)).Expect(),
		http.StatusRequestEntityTooLarge)
	td := api.createTodo(t, l.ID, newTodo(t))
	problem(withBody(api.Invalid().PATCH("/lists/{l}/todos/{id}", l.ID, td.ID), oversized(todoLimit)).Expect(),
		http.StatusRequestEntityTooLarge)
	// One byte less is read, and refused only for what it says.
	withBody(api.Invalid().PATCH("/lists/{l}/todos/{id}", l.ID, td.ID), oversized(todoLimit-1)).
		Expect().Status(http.StatusBadRequest)
}

var errDown = errors.New("store is down")

// downStore is a Store whose every call fails, as a database that is down.
type downStore struct{}

func (downStore) CreateList(context.Context, app.List) (app.List, error) { return app.List{}, errDown }
func (downStore) GetList(context.Context, int64) (app.List, error)       { return app.List{}, errDown }
func (downStore) Lists(context.Context, app.Window) ([]app.List, int, error) {
	return nil, 0, errDown
}
func (downStore) CreateTodo(context.Context, int64, app.Todo) (app.Todo, error) {
	return app.Todo{}, errDown
}
func (downStore) GetTodo(context.Context, int64, int64) (app.Todo, error) { return app.Todo{}, errDown }
func (downStore) Todos(context.Context, app.TodoQuery) ([]app.Todo, int, error) {
	return nil, 0, errDown
}
func (downStore) UpdateTodo(context.Context, int64, int64, func(*app.Todo) error) (app.Todo, error) {
	return app.Todo{}, errDown
}
func (downStore) DeleteTodo(context.Context, int64, int64) error { return errDown }

// TestStoreDown overrides the store with one that fails: every operation
// answers a documented 500 problem that shows nothing of the cause, and
// the readiness check says so.
func TestStoreDown(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t, apitest.OverrideValue[app.Store](downStore{}))
	title := map[string]any{"title": "Water the plants"}
	for _, resp := range []*httpexpect.Response{
		api.POST("/lists").WithJSON(map[string]any{"name": "Home"}).Expect(),
		api.GET("/lists").Expect(),
		api.GET("/lists/1").Expect(),
		api.POST("/lists/1/todos").WithJSON(title).Expect(),
		api.GET("/lists/1/todos").Expect(),
		api.GET("/lists/1/todos/1").Expect(),
		api.PATCH("/lists/1/todos/1").WithJSON(title).Expect(),
		api.DELETE("/lists/1/todos/1").Expect(),
	} {
		problem(resp, http.StatusInternalServerError)
		resp.Body().NotContains(errDown.Error())
	}
	api.Undocumented().GET("/health/ready").Expect().Status(http.StatusServiceUnavailable)
}

// TestHealth reaches the routes the document leaves out.
func TestHealth(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	api.Undocumented().GET("/health/live").Expect().Status(http.StatusOK)
	api.Undocumented().GET("/health/ready").Expect().Status(http.StatusOK).
		JSON().Object().HasValue("status", "ok")
	api.Undocumented().GET("/schema/openapi.json").Expect().Status(http.StatusOK).
		JSON().Object().Value("info").Object().HasValue("title", "Todo")
}
