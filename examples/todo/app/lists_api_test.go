package app_test

// The lists controller through apitest: every request and response is
// checked against the app's own document.

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/todo/app"
	"github.com/starling-http/starling/fakes"
)

func TestCreateList(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	in := newList(t)
	got := apitest.Decode[app.List](t, withBody(api.POST("/lists"), fakes.JSON(t, in, fakes.DTO(app.ListDTO))).
		Expect().Status(http.StatusCreated))
	apitest.Equal(t, app.List{ID: 1, Name: in.Name, CreatedAt: api.clock.Now()}, got)

	// The same name in other case: a 409 problem that names it.
	problem(api.POST("/lists").WithJSON(map[string]any{"name": strings.ToUpper(in.Name)}).
		Expect(), http.StatusConflict).Value("detail").String().Contains(strings.ToUpper(in.Name))

	api.Invalid().POST("/lists").WithText(in.Name).Expect().Status(http.StatusUnsupportedMediaType)
}

// TestCreateListInvalid posts each body that breaks exactly one rule of the
// list DTO, read-only and unknown properties included: a 400 naming that
// property and rule.
func TestCreateListInvalid(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	variants := fakes.Invalid[app.List](t, fakes.DTO(app.ListDTO))
	rules := map[string]bool{}
	for _, v := range variants {
		rules[v.Rule] = true
		t.Run(v.Name, func(t *testing.T) {
			e := problem(withBody(api.Invalid().POST("/lists"), v.JSON).Expect(), http.StatusBadRequest).
				Value("errors").Array().Value(0).Object()
			e.HasValue("rule", v.Rule).HasValue("pointer", v.Pointer)
		})
	}
	// The DTO's options are what make some of these refusals: if they went
	// missing, the variants would go with them and the test would pass
	// vacuously.
	for _, r := range []string{"required", "maxLength", "readOnly", "additionalProperties"} {
		assert.True(t, rules[r], "no variant breaks %s", r)
	}
	// Nothing was stored.
	api.GET("/lists").Expect().Status(http.StatusOK).JSON().Object().HasValue("total", 0)
}

func TestGetList(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l := api.createList(t)
	api.createTodo(t, l.ID, newTodo(t, fakes.Set("Status", app.StatusOpen)))
	api.createTodo(t, l.ID, newTodo(t, fakes.Set("Status", app.StatusDone)))
	api.createTodo(t, l.ID, newTodo(t, fakes.Set("Status", app.StatusDone)))

	got := apitest.Decode[app.List](t, api.GET("/lists/{id}", l.ID).Expect().Status(http.StatusOK))
	l.OpenTodos, l.DoneTodos = 1, 2
	apitest.Equal(t, l, got)

	problem(api.GET("/lists/{id}", l.ID+1).Expect(), http.StatusNotFound).
		Value("detail").String().Contains("list")
	problem(api.Invalid().GET("/lists/0").Expect(), http.StatusBadRequest).
		Value("errors").Array().Value(0).Object().HasValue("location", "path.list_id")
	problem(api.Invalid().GET("/lists/first").Expect(), http.StatusBadRequest).
		Value("errors").Array().Value(0).Object().HasValue("location", "path.list_id")
}

func TestListLists(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	var ids []int64
	for range 5 {
		ids = append(ids, api.createList(t).ID)
	}
	page := apitest.Decode[app.Page[app.List]](t, api.GET("/lists").WithQuery("offset", 1).WithQuery("limit", 3).
		Expect().Status(http.StatusOK))
	assert.Equal(t, 5, page.Total)
	assert.Equal(t, 1, page.Offset)
	assert.Equal(t, 3, page.Limit)
	var got []int64
	for _, l := range page.Items {
		got = append(got, l.ID)
	}
	assert.Equal(t, ids[1:4], got, "a page is a window of the lists, oldest first")

	// The defaults: from the start, 20 at most.
	api.GET("/lists").Expect().Status(http.StatusOK).JSON().Object().
		HasValue("offset", 0).HasValue("limit", 20).Value("items").Array().Length().IsEqual(5)

	problem(api.Invalid().GET("/lists").WithQuery("limit", 101).Expect(), http.StatusBadRequest).
		Value("errors").Array().Value(0).Object().HasValue("location", "query.limit").HasValue("rule", "maximum")
	problem(api.Invalid().GET("/lists").WithQuery("offset", -1).Expect(), http.StatusBadRequest).
		Value("errors").Array().Value(0).Object().HasValue("location", "query.offset")
}

// TestListListsCounts: a listing shows each list's counts of open and done
// todos, as reading the list alone does.
func TestListListsCounts(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	busy, idle := api.createList(t), api.createList(t)
	for _, s := range []app.Status{app.StatusOpen, app.StatusOpen, app.StatusDone} {
		api.createTodo(t, busy.ID, newTodo(t, fakes.Set("Status", s)))
	}
	busy.OpenTodos, busy.DoneTodos = 2, 1

	page := apitest.Decode[app.Page[app.List]](t, api.GET("/lists").Expect().Status(http.StatusOK))
	apitest.Equal(t, []app.List{busy, idle}, page.Items)
	apitest.Equal(t, busy, apitest.Decode[app.List](t, api.GET("/lists/{id}", busy.ID).Expect().Status(http.StatusOK)))
}
