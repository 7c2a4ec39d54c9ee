package app

import (
	"context"
	"net/http"

	"github.com/starling-http/starling/framework"
)

type createList struct {
	Body  List  `body:""`
	Store Store `inject:""`
}

type listByID struct {
	ID    int64 `path:"list_id" validate:"minimum=1"`
	Store Store `inject:""`
}

// listLists is the query of GET /lists. Route inputs do not flatten
// embedded structs, so every listing declares offset and limit itself.
type listLists struct {
	Offset int   `query:"offset" default:"0" validate:"minimum=0"`
	Limit  int   `query:"limit" default:"20" validate:"minimum=1,maximum=100"`
	Store  Store `inject:""`
}

// Lists is the lists controller. It works on the app-wide Store directly:
// lists have no rules beyond their fields' and a unique name, which the
// store keeps.
func Lists() framework.Controller {
	return framework.Controller{
		Path:              "/lists",
		Tags:              []string{"lists"},
		DTOs:              []framework.DTOSpec{ListDTO},
		ExceptionHandlers: append(storeErrors(), framework.OnError(duplicateName)),
		Routes: []framework.Route{
			framework.Post("/", func(ctx context.Context, in createList) (List, error) {
				return in.Store.CreateList(ctx, in.Body)
			}, framework.OperationID("createList"), framework.Summary("Create a list"),
				framework.Description("Creates an empty list. Its name must be unused, in any case."),
				framework.Raises(http.StatusConflict)),
			framework.Get("/", func(ctx context.Context, in listLists) (Page[List], error) {
				w := Window{Offset: in.Offset, Limit: in.Limit}
				lists, total, err := in.Store.Lists(ctx, w)
				return newPage(lists, total, w), err
			}, framework.OperationID("listLists"), framework.Summary("List lists"),
				framework.Description("Returns a page of lists, oldest first, with the count of their open and done todos.")),
			framework.Get("/{list_id:int}", func(ctx context.Context, in listByID) (List, error) {
				return in.Store.GetList(ctx, in.ID)
			}, framework.OperationID("getList"), framework.Summary("Get a list"),
				framework.Description("Returns one list, with the count of its open and done todos.")),
		},
	}
}

// storeErrors are the exception handlers both controllers share: a list or
// todo the store cannot find is a 404 problem naming it. Handlers may then
// return the store's errors as they are.
func storeErrors() []framework.ExceptionHandler {
	return []framework.ExceptionHandler{
		framework.OnError(func(_ *http.Request, err *NotFoundError) error {
			return framework.NotFound(err.Error())
		}),
	}
}

// duplicateName makes a taken list name a 409 problem.
func duplicateName(_ *http.Request, err *DuplicateNameError) error {
	return framework.Conflict(err.Error())
}
