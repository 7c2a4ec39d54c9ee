package app

import (
	"context"
	"errors"
	"net/http"

	"github.com/starling-http/starling/framework"
)

type createUser struct {
	Body  CreateUser   `body:""`
	Users *UserService `inject:""`
}

type userByID struct {
	ID    int64        `path:"user_id" validate:"minimum=1"`
	Users *UserService `inject:""`
}

type updateUser struct {
	ID    int64                         `path:"user_id" validate:"minimum=1"`
	Body  framework.Partial[UpdateUser] `body:""`
	Users *UserService                  `inject:""`
}

type listUsers struct {
	Offset int          `query:"offset" default:"0" validate:"minimum=0"`
	Limit  int          `query:"limit" default:"20" validate:"minimum=1,maximum=100"`
	Users  *UserService `inject:""`
}

// Page is one page of a list.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// Users is the users controller.
func Users() framework.Controller {
	return framework.Controller{
		Path:         "/users",
		Tags:         []string{"users"},
		Dependencies: []framework.Provider{framework.Provide(NewUserService)},
		DTOs:         []framework.DTOSpec{PublicUser},
		ExceptionHandlers: []framework.ExceptionHandler{
			framework.OnError(func(_ *http.Request, err *DuplicateEmailError) error {
				return framework.Conflict("a user with this email exists")
			}),
		},
		Routes: []framework.Route{
			framework.Post("/", func(ctx context.Context, in createUser) (User, error) {
				return in.Users.Create(ctx, in.Body)
			}, framework.Summary("Create a user"), framework.Raises(http.StatusConflict)),
			framework.Get("/", func(ctx context.Context, in listUsers) (Page[User], error) {
				users, total, err := in.Users.List(ctx, in.Offset, in.Limit)
				return Page[User]{Items: users, Total: total, Offset: in.Offset, Limit: in.Limit}, err
			}, framework.Summary("List users")),
			framework.Get("/{user_id:int}", func(ctx context.Context, in userByID) (User, error) {
				return notFound(in.Users.Get(ctx, in.ID))
			}, framework.Summary("Get a user"), framework.Raises(http.StatusNotFound)),
			framework.Patch("/{user_id:int}", func(ctx context.Context, in updateUser) (User, error) {
				return notFound(in.Users.Update(ctx, in.ID, in.Body.Apply))
			}, framework.Summary("Update a user"), framework.Raises(http.StatusNotFound)),
			framework.Delete("/{user_id:int}", func(ctx context.Context, in userByID) (framework.NoContent, error) {
				_, err := notFound(User{}, in.Users.Delete(ctx, in.ID))
				return framework.NoContent{}, err
			}, framework.Summary("Delete a user"), framework.Raises(http.StatusNotFound)),
		},
	}
}

// notFound turns ErrNoUser into a 404 problem.
func notFound(u User, err error) (User, error) {
	if errors.Is(err, ErrNoUser) {
		return User{}, framework.NotFound("user not found")
	}
	return u, err
}
