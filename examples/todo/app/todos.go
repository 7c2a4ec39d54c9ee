package app

import (
	"context"
	"net/http"

	"github.com/starling-http/starling/framework"
)

type createTodo struct {
	ListID int64        `path:"list_id" validate:"minimum=1"`
	Body   Todo         `body:""`
	Todos  *TodoService `inject:""`
}

type todoByID struct {
	ListID int64        `path:"list_id" validate:"minimum=1"`
	ID     int64        `path:"todo_id" validate:"minimum=1"`
	Todos  *TodoService `inject:""`
}

type updateTodo struct {
	ListID int64                   `path:"list_id" validate:"minimum=1"`
	ID     int64                   `path:"todo_id" validate:"minimum=1"`
	Body   framework.Partial[Todo] `body:""`
	Todos  *TodoService            `inject:""`
}

// listTodos filters a list's todos by the two enums; an absent filter keeps
// every todo.
type listTodos struct {
	ListID   int64        `path:"list_id" validate:"minimum=1"`
	Status   *Status      `query:"status" validate:"enum=open|done" doc:"Only the todos with this status."`
	Priority *Priority    `query:"priority" validate:"enum=low|normal|high" doc:"Only the todos with this priority."`
	Offset   int          `query:"offset" default:"0" validate:"minimum=0"`
	Limit    int          `query:"limit" default:"20" validate:"minimum=1,maximum=100"`
	Todos    *TodoService `inject:""`
}

// todoBodyLimit caps todo bodies: the largest valid todo (20 checklist items
// of 200 characters, 2000 of notes) is far below it, so anything bigger is
// refused with a 413 before it is read.
const todoBodyLimit = 64 << 10

// Todos is the todos controller, nested under the list they belong to. Its
// rules live in a TodoService that only this controller provides.
func Todos() framework.Controller {
	return framework.Controller{
		Path:         "/lists/{list_id:int}/todos",
		Tags:         []string{"todos"},
		Dependencies: []framework.Provider{framework.Provide(NewTodoService)},
		DTOs:         []framework.DTOSpec{TodoDTO},
		BodyLimit:    todoBodyLimit,
		ExceptionHandlers: append(storeErrors(), framework.OnError(func(_ *http.Request, err *OpenChecklistError) error {
			return framework.UnprocessableEntity(err.Error())
		})),
		Routes: []framework.Route{
			framework.Post("/", func(ctx context.Context, in createTodo) (Todo, error) {
				return in.Todos.Create(ctx, in.ListID, in.Body)
			}, framework.OperationID("createTodo"), framework.Summary("Add a todo to a list"),
				framework.Description("Adds a todo to the list. Status defaults to open and priority to normal; a done todo needs a finished checklist."),
				framework.Raises(http.StatusUnprocessableEntity)),
			framework.Get("/", func(ctx context.Context, in listTodos) (Page[Todo], error) {
				w := Window{Offset: in.Offset, Limit: in.Limit}
				q := TodoQuery{ListID: in.ListID, Window: w} // absent filters are nil: any status, any priority
				if in.Status != nil {
					q.Status = *in.Status
				}
				if in.Priority != nil {
					q.Priority = *in.Priority
				}
				todos, total, err := in.Todos.List(ctx, q)
				return newPage(todos, total, w), err
			}, framework.OperationID("listTodos"), framework.Summary("List a list's todos"),
				framework.Description("Returns a page of the list's todos, oldest first, optionally only those with a status or a priority.")),
			framework.Get("/{todo_id:int}", func(ctx context.Context, in todoByID) (Todo, error) {
				return in.Todos.Get(ctx, in.ListID, in.ID)
			}, framework.OperationID("getTodo"), framework.Summary("Get a todo"),
				framework.Description("Returns one todo of the list; a todo of another list is not found.")),
			framework.Patch("/{todo_id:int}", func(ctx context.Context, in updateTodo) (Todo, error) {
				return in.Todos.Update(ctx, in.ListID, in.ID, in.Body.Apply)
			}, framework.OperationID("updateTodo"), framework.Summary("Change a todo"),
				framework.Description("Changes the fields sent and keeps the others; a null due clears it. A done todo needs a finished checklist."),
				framework.Raises(http.StatusUnprocessableEntity)),
			framework.Delete("/{todo_id:int}", func(ctx context.Context, in todoByID) (framework.NoContent, error) {
				return framework.NoContent{}, in.Todos.Delete(ctx, in.ListID, in.ID)
			}, framework.OperationID("deleteTodo"), framework.Summary("Delete a todo"),
				framework.Description("Removes the todo from its list.")),
		},
	}
}
