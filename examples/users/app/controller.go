package app

import (
	"context"
	"errors"
	"net/http"

	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/framework/auth"
)

type createUser struct {
	Body  CreateUser   `body:""`
	Users *UserService `inject:""`
}

type userByID struct {
	ID     int64        `path:"user_id" validate:"minimum=1" doc:"The user's id."`
	Claims *auth.Claims `inject:""`
	Users  *UserService `inject:""`
}

type me struct {
	Claims *auth.Claims `inject:""`
	Users  *UserService `inject:""`
}

type updateUser struct {
	ID     int64                         `path:"user_id" validate:"minimum=1" doc:"The user's id."`
	Body   framework.Partial[UpdateUser] `body:""`
	Claims *auth.Claims                  `inject:""`
	Users  *UserService                  `inject:""`
}

type listUsers struct {
	Offset        int          `query:"offset" default:"0" validate:"minimum=0" doc:"How many users to skip."`
	Limit         int          `query:"limit" default:"20" validate:"minimum=1,maximum=100" doc:"The most users to return."`
	EmailContains string       `query:"email_contains" validate:"maxLength=254,pattern=^[^\x00]*$" doc:"Only users whose email contains this text, in any case."`
	MinAge        *int         `query:"min_age" validate:"minimum=0,maximum=150" doc:"Only users at least this old."`
	MaxAge        *int         `query:"max_age" validate:"minimum=0,maximum=150" doc:"Only users at most this old."`
	Sort          string       `query:"sort" default:"id" validate:"enum=id|-id|created_at|-created_at|name|-name" doc:"The order: a field, descending with a leading -."`
	Users         *UserService `inject:""`
}

// Page is one page of a list.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// Users is the users controller. Anyone may sign up; every other route
// needs a valid access token (guard), and a user may change or delete only
// themself.
func Users(guard *auth.Guard) framework.Controller {
	authed := framework.Guards(guard)
	// Every route reads or writes the store; while its database is out of
	// reach they answer 503 (storeErr), and the document says so.
	unavailable := framework.Raises(http.StatusServiceUnavailable)
	return framework.Controller{
		Path: "/users",
		Tags: []string{"users"},
		DTOs: []framework.DTOSpec{PublicUser},
		ExceptionHandlers: []framework.ExceptionHandler{
			framework.OnError(func(_ *http.Request, err *DuplicateEmailError) error {
				return framework.Conflict("a user with this email exists")
			}),
		},
		Routes: []framework.Route{
			framework.Post("/", func(ctx context.Context, in createUser) (User, error) {
				return in.Users.Create(ctx, in.Body)
			}, framework.Summary("Create a user"),
				framework.Description("Signs a user up. The email must be unused; the password is kept only as a hash."), framework.Raises(http.StatusConflict), unavailable),
			framework.Get("/", func(ctx context.Context, in listUsers) (Page[User], error) {
				users, total, err := in.Users.List(ctx, ListQuery{
					Offset: in.Offset, Limit: in.Limit, Sort: in.Sort,
					EmailContains: in.EmailContains, MinAge: in.MinAge, MaxAge: in.MaxAge,
				})
				return Page[User]{Items: users, Total: total, Offset: in.Offset, Limit: in.Limit}, err
			}, framework.Summary("List users"), framework.Description("Returns a page of users, with the total count."), authed, unavailable),
			framework.Get("/me", func(ctx context.Context, in me) (User, error) {
				id, err := subject(in.Claims)
				if err != nil {
					return User{}, err
				}
				return notFound(in.Users.Get(ctx, id))
			}, framework.Summary("Get your user"),
				framework.Description("Returns the user the access token was issued to; 404 when that user was deleted since."), framework.Raises(http.StatusNotFound), authed, unavailable),
			framework.Get("/{user_id:int}", func(ctx context.Context, in userByID) (User, error) {
				return notFound(in.Users.Get(ctx, in.ID))
			}, framework.Summary("Get a user"), framework.Description("Returns one user by id."), framework.Raises(http.StatusNotFound), authed, unavailable),
			framework.Patch("/{user_id:int}", func(ctx context.Context, in updateUser) (User, error) {
				if err := self(in.Claims, in.ID); err != nil {
					return User{}, err
				}
				return notFound(in.Users.Update(ctx, in.ID, in.Body.Apply))
			}, framework.Summary("Update your user"),
				framework.Description("Changes the fields sent on the caller's own user; an explicit null clears the bio."), framework.Raises(http.StatusForbidden, http.StatusNotFound), authed, unavailable),
			framework.Delete("/{user_id:int}", func(ctx context.Context, in userByID) (framework.NoContent, error) {
				if err := self(in.Claims, in.ID); err != nil {
					return framework.NoContent{}, err
				}
				_, err := notFound(User{}, in.Users.Delete(ctx, in.ID))
				return framework.NoContent{}, err
			}, framework.Summary("Delete your user"), framework.Description("Removes the caller's own user."), framework.Raises(http.StatusForbidden, http.StatusNotFound), authed, unavailable),
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
