package main

import (
	"context"
	"fmt"

	api "github.com/starling-http/starling/tools/clientgen/gen/todo/ogenclient"
)

// driveTodoOgen makes a list and a todo, is refused (422) when it marks the
// todo done before its checklist, lists by status (one Status type for
// bodies and the query), finishes and deletes it.
func driveTodoOgen(ctx context.Context, base string) (int, error) {
	c, err := api.NewClient(base)
	if err != nil {
		return 0, err
	}
	n := 0
	step := func(name string) string { n++; return name }

	lres, err := c.CreateList(ctx, &api.ListInput{Name: "Groceries"})
	list, err := expect[*api.ListHeaders](step("createList"), lres, err)
	if err != nil {
		return n, err
	}
	lid := list.Response.ID
	tres, err := c.CreateTodo(ctx, &api.TodoInput{
		Title: "Buy milk", Priority: api.NewOptPriority(api.PriorityHigh),
		Checklist: []api.TodoChecklistItemInput{{Text: "oat"}},
	}, api.CreateTodoParams{ListID: lid})
	todo, err := expect[*api.TodoHeaders](step("createTodo"), tres, err)
	if err != nil {
		return n, err
	}
	if todo.Response.Status.Or("") != api.StatusOpen {
		return n, fmt.Errorf("createTodo: status %q, want open", todo.Response.Status.Or(""))
	}
	tid := todo.Response.ID
	ures, err := c.UpdateTodo(ctx, &api.PartialTodo{Status: api.NewOptStatus(api.StatusDone)}, api.UpdateTodoParams{ListID: lid, TodoID: tid})
	if _, err := expect[*api.UnprocessableEntityHeaders](step("updateTodo to done with an open checklist: 422"), ures, err); err != nil {
		return n, err
	}
	pres, err := c.ListTodos(ctx, api.ListTodosParams{ListID: lid, Status: api.NewOptStatus(api.StatusOpen)})
	page, err := expect[*api.PageTodoHeaders](step("listTodos?status=open"), pres, err)
	if err != nil {
		return n, err
	}
	if page.Response.Total != 1 || page.Response.Items[0].ID != tid {
		return n, fmt.Errorf("listTodos: %+v, want only todo %d", page.Response, tid)
	}
	ures, err = c.UpdateTodo(ctx, &api.PartialTodo{
		Status:    api.NewOptStatus(api.StatusDone),
		Checklist: []api.TodoChecklistItemInput{{Text: "oat", Done: api.NewOptBool(true)}},
	}, api.UpdateTodoParams{ListID: lid, TodoID: tid})
	done, err := expect[*api.TodoHeaders](step("updateTodo to done"), ures, err)
	if err != nil {
		return n, err
	}
	if done.Response.Status.Or("") != api.StatusDone {
		return n, fmt.Errorf("updateTodo: status %q, want done", done.Response.Status.Or(""))
	}
	dres, err := c.DeleteTodo(ctx, api.DeleteTodoParams{ListID: lid, TodoID: tid})
	if _, err := expect[*api.DeleteTodoNoContent](step("deleteTodo"), dres, err); err != nil {
		return n, err
	}
	gres, err := c.GetTodo(ctx, api.GetTodoParams{ListID: lid, TodoID: tid})
	if _, err := expect[*api.NotFoundHeaders](step("getTodo after deleteTodo: 404"), gres, err); err != nil {
		return n, err
	}
	return n, nil
}
