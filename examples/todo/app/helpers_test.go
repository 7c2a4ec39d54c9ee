package app_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/gavv/httpexpect/v2"
	"github.com/stretchr/testify/require"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/todo/app"
	"github.com/starling-http/starling/fakes"
)

// todoAPI is the todo API of one test, with a fake clock that the test can
// move, so that every timestamp the server writes is known.
type todoAPI struct {
	*apitest.API
	clock *fakes.Clock
}

// newTodoAPI builds the app as main does and wraps it for one test. Each
// test builds its own app, so tests run in parallel and none sees another's
// data.
func newTodoAPI(t testing.TB, opts ...apitest.Option) todoAPI {
	t.Helper()
	a, err := app.New()
	require.NoError(t, err)
	clock := fakes.NewClock(time.Time{})
	base := []apitest.Option{apitest.OverrideValue[app.Clock](clock.Now)}
	return todoAPI{API: apitest.New(t, a, append(base, opts...)...), clock: clock}
}

// newList is a list as a client would create it.
func newList(t testing.TB, opts ...fakes.Option) app.List {
	t.Helper()
	return fakes.Make[app.List](t, append([]fakes.Option{fakes.DTO(app.ListDTO)}, opts...)...)
}

// coherent keeps a made todo within the rule JSON Schema cannot say: a done
// todo has its whole checklist done. Status stays random, so both values
// reach the server.
var coherent = fakes.With(func(td *app.Todo) {
	if td.Status == app.StatusDone {
		for i := range td.Checklist {
			td.Checklist[i].Done = true
		}
	}
})

// newTodo is a todo as a client would send it: read-only fields left zero.
func newTodo(t testing.TB, opts ...fakes.Option) app.Todo {
	t.Helper()
	return fakes.Make[app.Todo](t, append([]fakes.Option{fakes.DTO(app.TodoDTO), coherent}, opts...)...)
}

// withBody sends b, bytes a test made on purpose (oversized, invalid), as
// the JSON body. Valid values go through apitest.Body, which encodes them by
// the route's DTO as a client would.
func withBody(r *httpexpect.Request, b []byte) *httpexpect.Request {
	return r.WithBytes(b).WithHeader("Content-Type", "application/json")
}

// createList creates a made list and returns it as the server answered.
func (api todoAPI) createList(t testing.TB) app.List {
	t.Helper()
	return apitest.Decode[app.List](t, api.POST("/lists").WithTransformer(apitest.Body(api.API, newList(t))).
		Expect().Status(http.StatusCreated))
}

// createTodo adds td to the list and returns it as the server answered.
func (api todoAPI) createTodo(t testing.TB, listID int64, td app.Todo) app.Todo {
	t.Helper()
	return apitest.Decode[app.Todo](t, api.POST("/lists/{list_id}/todos", listID).
		WithTransformer(apitest.Body(api.API, td)).Expect().Status(http.StatusCreated))
}

// problem asserts that resp is a problem document with status and returns it.
func problem(resp *httpexpect.Response, status int) *httpexpect.Object {
	return apitest.Problem(resp.Status(status)).HasValue("status", status)
}
