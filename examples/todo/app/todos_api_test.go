package app_test

// The todos controller through apitest: the many-to-one relation (a todo
// lives in one list and is found only through it), the enums, the nested
// due date and checklist, and partial updates.

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/todo/app"
	"github.com/starling-http/starling/fakes"
)

func TestCreateTodo(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l := api.createList(t)
	in := newTodo(t, fakes.Optional(1)) // every field sent: due, reminder and checklist too
	got := api.createTodo(t, l.ID, in)

	want := in
	want.ID, want.ListID = 1, l.ID
	want.CreatedAt, want.UpdatedAt = api.clock.Now(), api.clock.Now()
	apitest.Equal(t, want, got, cmpopts.EquateEmpty())
	// What the server answered is what it keeps.
	apitest.Equal(t, got, apitest.Decode[app.Todo](t, api.GET("/lists/{l}/todos/{id}", l.ID, got.ID).
		Expect().Status(http.StatusOK)), cmpopts.EquateEmpty())
}

// TestCreateTodoDefaults sends only a title: the todo is open, of normal
// priority, never due, with an empty checklist.
func TestCreateTodoDefaults(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l := api.createList(t)
	api.POST("/lists/{l}/todos", l.ID).WithJSON(map[string]any{"title": "Water the plants"}).
		Expect().Status(http.StatusCreated).JSON().Object().
		HasValue("title", "Water the plants").HasValue("list_id", l.ID).
		HasValue("status", "open").HasValue("priority", "normal").HasValue("notes", "").
		HasValue("due", nil).HasValue("checklist", []any{})
}

// TestCreateTodoInMissingList: the relation is enforced, a todo of a list
// that does not exist is a 404 problem naming the list, and is not kept.
func TestCreateTodoInMissingList(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l := api.createList(t)
	body := fakes.JSON(t, newTodo(t), fakes.DTO(app.TodoDTO))
	problem(withBody(api.POST("/lists/{l}/todos", l.ID+1), body).Expect(), http.StatusNotFound).
		HasValue("detail", "list 2 not found")
	api.GET("/lists/{l}", l.ID).Expect().Status(http.StatusOK).JSON().Object().HasValue("open_todos", 0)
}

// TestCreateTodoDoneWithOpenChecklist: a done todo with an open checklist
// item is well-formed but breaks a rule of the domain, a 422.
func TestCreateTodoDoneWithOpenChecklist(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l := api.createList(t)
	in := fakes.Make[app.Todo](t, fakes.DTO(app.TodoDTO), fakes.Set("Status", app.StatusDone), fakes.Set("Checklist", []app.ChecklistItem{
		{Text: "Buy soil", Done: true}, {Text: "Repot the fern"},
	}))
	problem(withBody(api.POST("/lists/{l}/todos", l.ID), fakes.JSON(t, in, fakes.DTO(app.TodoDTO))).Expect(),
		http.StatusUnprocessableEntity).Value("detail").String().Contains("1 checklist item")

	// Done with every item done is fine.
	in.Checklist[1].Done = true
	api.createTodo(t, l.ID, in)
}

// TestCreateTodoInvalid posts each body that breaks exactly one rule of the
// todo DTO, nested due date and checklist items included: a 400 naming
// that property and rule.
func TestCreateTodoInvalid(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l := api.createList(t)
	seen := map[string]bool{}
	for _, v := range fakes.Invalid[app.Todo](t, fakes.DTO(app.TodoDTO), coherent) {
		seen[v.Pointer+" "+v.Rule] = true
		t.Run(v.Name, func(t *testing.T) {
			e := problem(withBody(api.Invalid().POST("/lists/{l}/todos", l.ID), v.JSON).Expect(), http.StatusBadRequest).
				Value("errors").Array().Value(0).Object()
			e.HasValue("rule", v.Rule).HasValue("pointer", v.Pointer)
		})
	}
	for _, want := range []string{
		"/title required", "/status enum", "/priority enum", "/due/date format",
		"/checklist/0/text minLength", "/checklist maxItems", "/id readOnly", "/list_id readOnly",
	} {
		assert.True(t, seen[want], "no variant breaks %s", want)
	}
	api.GET("/lists/{l}/todos", l.ID).Expect().Status(http.StatusOK).JSON().Object().HasValue("total", 0)

	api.Invalid().POST("/lists/{l}/todos", l.ID).WithText("Water the plants").
		Expect().Status(http.StatusUnsupportedMediaType)
	problem(api.Invalid().POST("/lists/0/todos").WithJSON(map[string]any{"title": "x"}).Expect(), http.StatusBadRequest).
		Value("errors").Array().Value(0).Object().HasValue("location", "path.list_id")
}

func TestGetTodo(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	home, work := api.createList(t), api.createList(t)
	td := api.createTodo(t, home.ID, newTodo(t))

	got := apitest.Decode[app.Todo](t, api.GET("/lists/{l}/todos/{id}", home.ID, td.ID).Expect().Status(http.StatusOK))
	apitest.Equal(t, td, got, cmpopts.EquateEmpty())

	// A todo is found only through its own list.
	problem(api.GET("/lists/{l}/todos/{id}", work.ID, td.ID).Expect(), http.StatusNotFound).
		HasValue("detail", "todo 1 not found")
	problem(api.GET("/lists/{l}/todos/{id}", work.ID+1, td.ID).Expect(), http.StatusNotFound).
		HasValue("detail", "list 3 not found")
	problem(api.Invalid().GET("/lists/{l}/todos/0", home.ID).Expect(), http.StatusBadRequest).
		Value("errors").Array().Value(0).Object().HasValue("location", "path.todo_id")
}

func TestListTodos(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l, other := api.createList(t), api.createList(t)
	type key struct {
		s app.Status
		p app.Priority
	}
	made := map[key][]int64{}
	for _, s := range []app.Status{app.StatusOpen, app.StatusDone} {
		for _, p := range []app.Priority{app.PriorityLow, app.PriorityNormal, app.PriorityHigh, app.PriorityHigh} {
			td := api.createTodo(t, l.ID, newTodo(t, fakes.Set("Status", s), fakes.Set("Priority", p)))
			made[key{s, p}] = append(made[key{s, p}], td.ID)
		}
	}
	api.createTodo(t, other.ID, newTodo(t, fakes.Set("Status", app.StatusOpen), fakes.Set("Priority", app.PriorityHigh)))

	ids := func(q map[string]any) (got []int64, total int) {
		t.Helper()
		req := api.GET("/lists/{l}/todos", l.ID)
		for k, v := range q {
			req = req.WithQuery(k, v)
		}
		page := apitest.Decode[app.Page[app.Todo]](t, req.Expect().Status(http.StatusOK))
		for _, td := range page.Items {
			require.Equal(t, l.ID, td.ListID, "a todo of another list")
			got = append(got, td.ID)
		}
		return got, page.Total
	}
	got, total := ids(map[string]any{"status": "done", "priority": "high"})
	assert.Equal(t, made[key{app.StatusDone, app.PriorityHigh}], got)
	assert.Equal(t, 2, total)

	got, total = ids(map[string]any{"priority": "high", "limit": 3})
	assert.Equal(t, append(made[key{app.StatusOpen, app.PriorityHigh}], made[key{app.StatusDone, app.PriorityHigh}][0]), got)
	assert.Equal(t, 4, total, "the total counts every todo the filters select, not the page")

	// A later window of the same filter starts past its offset.
	got, total = ids(map[string]any{"priority": "high", "offset": 1, "limit": 2})
	assert.Equal(t, []int64{made[key{app.StatusOpen, app.PriorityHigh}][1], made[key{app.StatusDone, app.PriorityHigh}][0]}, got)
	assert.Equal(t, 4, total)

	_, total = ids(map[string]any{"status": "open"})
	assert.Equal(t, 4, total)
	_, total = ids(nil)
	assert.Equal(t, 8, total)

	// The enums are checked on the query as in bodies.
	problem(api.Invalid().GET("/lists/{l}/todos", l.ID).WithQuery("status", "closed").Expect(), http.StatusBadRequest).
		Value("errors").Array().Value(0).Object().HasValue("location", "query.status").HasValue("rule", "enum")
	problem(api.Invalid().GET("/lists/{l}/todos", l.ID).WithQuery("priority", "urgent").Expect(), http.StatusBadRequest).
		Value("errors").Array().Value(0).Object().HasValue("location", "query.priority").HasValue("rule", "enum")
	problem(api.GET("/lists/{l}/todos", other.ID+1).Expect(), http.StatusNotFound).
		HasValue("detail", "list 3 not found")
}

func TestUpdateTodo(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l := api.createList(t)
	td := api.createTodo(t, l.ID, newTodo(t, fakes.Optional(1), fakes.Set("Status", app.StatusOpen),
		fakes.Set("Checklist", []app.ChecklistItem{{Text: "Buy soil"}, {Text: "Repot the fern"}})))
	require.NotNil(t, td.Due)

	// Only what is sent changes; updated_at moves, created_at does not.
	later := api.clock.Advance(time.Hour)
	got := apitest.Decode[app.Todo](t, api.PATCH("/lists/{l}/todos/{id}", l.ID, td.ID).
		WithJSON(map[string]any{"title": "Repot the fern", "priority": "high"}).Expect().Status(http.StatusOK))
	want := td
	want.Title, want.Priority, want.UpdatedAt = "Repot the fern", app.PriorityHigh, later
	apitest.Equal(t, want, got, cmpopts.EquateEmpty())

	// A nested object is merged into: the date stays, the reminder goes.
	api.PATCH("/lists/{l}/todos/{id}", l.ID, td.ID).WithJSON(map[string]any{"due": map[string]any{"reminder": nil}}).
		Expect().Status(http.StatusOK).JSON().Object().HasValue("due", map[string]any{"date": td.Due.Date, "reminder": nil})
	// An explicit null clears it; a new one needs its date.
	api.PATCH("/lists/{l}/todos/{id}", l.ID, td.ID).WithJSON(map[string]any{"due": nil}).
		Expect().Status(http.StatusOK).JSON().Object().HasValue("due", nil)
	api.PATCH("/lists/{l}/todos/{id}", l.ID, td.ID).WithJSON(map[string]any{"due": map[string]any{"date": "2030-01-31"}}).
		Expect().Status(http.StatusOK).JSON().Object().HasValue("due", map[string]any{"date": "2030-01-31", "reminder": nil})

	// Done while the checklist is open: 422, and nothing changes.
	problem(api.PATCH("/lists/{l}/todos/{id}", l.ID, td.ID).WithJSON(map[string]any{"status": "done"}).Expect(),
		http.StatusUnprocessableEntity).Value("detail").String().Contains("2 checklist item")
	api.GET("/lists/{l}", l.ID).Expect().Status(http.StatusOK).JSON().Object().
		HasValue("open_todos", 1).HasValue("done_todos", 0)
	// Finishing the checklist and the todo in one request is fine, and the
	// list's counts follow.
	api.PATCH("/lists/{l}/todos/{id}", l.ID, td.ID).WithJSON(map[string]any{
		"status":    "done",
		"checklist": []map[string]any{{"text": "Buy soil", "done": true}, {"text": "Repot the fern", "done": true}},
	}).Expect().Status(http.StatusOK).JSON().Object().HasValue("status", "done")
	api.GET("/lists/{l}", l.ID).Expect().Status(http.StatusOK).JSON().Object().
		HasValue("open_todos", 0).HasValue("done_todos", 1)
}

// TestUpdateTodoRefused: the fields of a PATCH keep their rules, nested
// objects it creates are complete, the server's fields stay read-only, and
// the todo is found only through its list. Nothing refused is stored.
func TestUpdateTodoRefused(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l, other := api.createList(t), api.createList(t)
	td := api.createTodo(t, l.ID, newTodo(t, fakes.Set("Due", nil)))
	for _, tt := range []struct {
		body          map[string]any
		pointer, rule string
	}{
		{map[string]any{"status": "closed"}, "/status", "enum"},
		{map[string]any{"title": ""}, "/title", "minLength"},
		{map[string]any{"due": map[string]any{"date": "tomorrow"}}, "/due/date", "format"},
		{map[string]any{"id": 7}, "/id", "readOnly"},
		{map[string]any{"list_id": other.ID}, "/list_id", "readOnly"},
		{map[string]any{"stauts": "done"}, "/stauts", "additionalProperties"},
		// A checklist is replaced whole, so its items keep their required text.
		{map[string]any{"checklist": []map[string]any{{"text": "Buy soil"}, {"done": true}}}, "/checklist/1/text", "required"},
	} {
		problem(api.Invalid().PATCH("/lists/{l}/todos/{id}", l.ID, td.ID).WithJSON(tt.body).Expect(), http.StatusBadRequest).
			Value("errors").Array().Value(0).Object().HasValue("pointer", tt.pointer).HasValue("rule", tt.rule)
	}
	// This one matches the document, which cannot say that a due date the
	// PATCH creates needs its date (see missingRequired): a valid request
	// answered 400.
	for _, tt := range []struct {
		body     map[string]any
		location string
	}{
		{map[string]any{"due": map[string]any{"reminder": "2030-01-31T08:00:00Z"}}, "body.due.date"},
	} {
		problem(api.PATCH("/lists/{l}/todos/{id}", l.ID, td.ID).WithJSON(tt.body).Expect(), http.StatusBadRequest).
			Value("errors").Array().Value(0).Object().HasValue("location", tt.location).HasValue("rule", "required")
	}
	apitest.Equal(t, td, apitest.Decode[app.Todo](t, api.GET("/lists/{l}/todos/{id}", l.ID, td.ID).
		Expect().Status(http.StatusOK)), cmpopts.EquateEmpty())

	api.Invalid().PATCH("/lists/{l}/todos/0", l.ID).WithJSON(map[string]any{"title": "x"}).
		Expect().Status(http.StatusBadRequest)
	problem(api.PATCH("/lists/{l}/todos/{id}", other.ID, td.ID).WithJSON(map[string]any{"title": "x"}).Expect(),
		http.StatusNotFound).HasValue("detail", "todo 1 not found")
	api.Invalid().PATCH("/lists/{l}/todos/{id}", l.ID, td.ID).WithText("title=x").
		Expect().Status(http.StatusUnsupportedMediaType)
}

func TestDeleteTodo(t *testing.T) {
	t.Parallel()
	api := newTodoAPI(t)
	l, other := api.createList(t), api.createList(t)
	keep := api.createTodo(t, l.ID, newTodo(t, fakes.Set("Status", app.StatusOpen)))
	gone := api.createTodo(t, l.ID, newTodo(t, fakes.Set("Status", app.StatusOpen)))

	// Through another list the todo is not found, and stays.
	problem(api.DELETE("/lists/{l}/todos/{id}", other.ID, gone.ID).Expect(), http.StatusNotFound).
		HasValue("detail", "todo 2 not found")
	api.DELETE("/lists/{l}/todos/{id}", l.ID, gone.ID).Expect().Status(http.StatusNoContent).NoContent()
	api.DELETE("/lists/{l}/todos/{id}", l.ID, gone.ID).Expect().Status(http.StatusNotFound)
	api.GET("/lists/{l}/todos/{id}", l.ID, gone.ID).Expect().Status(http.StatusNotFound)

	page := apitest.Decode[app.Page[app.Todo]](t, api.GET("/lists/{l}/todos", l.ID).Expect().Status(http.StatusOK))
	require.Len(t, page.Items, 1)
	assert.Equal(t, keep.ID, page.Items[0].ID)
	api.GET("/lists/{l}", l.ID).Expect().Status(http.StatusOK).JSON().Object().HasValue("open_todos", 1)

	problem(api.Invalid().DELETE("/lists/{l}/todos/0", l.ID).Expect(), http.StatusBadRequest).
		Value("errors").Array().Value(0).Object().HasValue("location", "path.todo_id")
}
