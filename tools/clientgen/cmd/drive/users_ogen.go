package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	api "github.com/starling-http/starling/tools/clientgen/gen/users/ogenclient"
)

// bearer is the ogen client's security source: the token of the current
// user. (ogen refuses to send a secured operation without one.)
type bearer struct{ token *string }

func (b bearer) BearerAuth(context.Context, api.OperationName) (api.BearerAuth, error) {
	return api.BearerAuth{Token: *b.token}, nil
}

// driveUsersOgen signs up, logs in, finds itself, lists with filters,
// patches (clearing the bio with null), deletes, and provokes each error
// status the users API documents for a client's mistakes.
func driveUsersOgen(ctx context.Context, base string) (int, error) {
	token := "not-a-token"
	c, err := api.NewClient(base, bearer{&token})
	if err != nil {
		return 0, err
	}
	n := 0
	step := func(name string) string { n++; return name }
	suffix := fmt.Sprint(time.Now().UnixNano())
	email := "ogen-" + suffix + "@example.com"
	in := &api.CreateUser{Email: email, Password: "correct horse", Name: "Ada", Age: api.NewOptInt64(36), Tags: []string{"admin"}}

	res, err := c.CreateUser(ctx, in)
	created, err := expect[*api.UserHeaders](step("createUser"), res, err)
	if err != nil {
		return n, err
	}
	res, err = c.CreateUser(ctx, in)
	if _, err := expect[*api.ConflictHeaders](step("createUser again: 409"), res, err); err != nil {
		return n, err
	}
	lres, err := c.Login(ctx, &api.Login{Email: email, Password: "wrong password"})
	if _, err := expect[*api.UnauthorizedHeaders](step("login with a wrong password: 401"), lres, err); err != nil {
		return n, err
	}
	lres, err = c.Login(ctx, &api.Login{Email: email, Password: "correct horse"})
	tok, err := expect[*api.AccessTokenHeaders](step("login"), lres, err)
	if err != nil {
		return n, err
	}

	mres, err := c.GetMe(ctx)
	if _, err := expect[*api.UnauthorizedHeaders](step("getMe with a bad token: 401"), mres, err); err != nil {
		return n, err
	}
	token = tok.Response.AccessToken
	mres, err = c.GetMe(ctx)
	me, err := expect[*api.UserHeaders](step("getMe"), mres, err)
	if err != nil {
		return n, err
	}
	if me.Response.ID != created.Response.ID {
		return n, fmt.Errorf("getMe: user %d, want %d", me.Response.ID, created.Response.ID)
	}

	pres, err := c.ListUsers(ctx, api.ListUsersParams{
		EmailContains: api.NewOptString("ogen-" + suffix), MinAge: api.NewOptInt64(30), MaxAge: api.NewOptInt64(40),
		Sort: api.NewOptListUsersSort(api.ListUsersSortMinusCreatedAt), Limit: api.NewOptInt64(10),
	})
	page, err := expect[*api.PageUserHeaders](step("listUsers with filters"), pres, err)
	if err != nil {
		return n, err
	}
	if page.Response.Total != 1 || len(page.Response.Items) != 1 || page.Response.Items[0].ID != me.Response.ID {
		return n, fmt.Errorf("listUsers: %+v, want only user %d", page.Response, me.Response.ID)
	}

	ures, err := c.UpdateUser(ctx, &api.PartialUpdateUser{Bio: api.NewOptNilString("Counts things.")}, api.UpdateUserParams{UserID: me.Response.ID})
	upd, err := expect[*api.UserHeaders](step("updateUser: set the bio"), ures, err)
	if err != nil {
		return n, err
	}
	if upd.Response.Bio.Null || upd.Response.Bio.Value != "Counts things." {
		return n, fmt.Errorf("updateUser: bio %+v", upd.Response.Bio)
	}
	clear := api.OptNilString{}
	clear.SetToNull()
	ures, err = c.UpdateUser(ctx, &api.PartialUpdateUser{Bio: clear}, api.UpdateUserParams{UserID: me.Response.ID})
	upd, err = expect[*api.UserHeaders](step("updateUser: clear the bio with null"), ures, err)
	if err != nil {
		return n, err
	}
	if !upd.Response.Bio.Null {
		return n, fmt.Errorf("updateUser with bio null: bio %+v, want null", upd.Response.Bio)
	}
	ures, err = c.UpdateUser(ctx, &api.PartialUpdateUser{Name: api.NewOptString("Bo")}, api.UpdateUserParams{UserID: me.Response.ID + 1_000_000})
	if _, err := expect[*api.ForbiddenHeaders](step("updateUser of another user: 403"), ures, err); err != nil {
		return n, err
	}
	gres, err := c.GetUser(ctx, api.GetUserParams{UserID: me.Response.ID + 1_000_000})
	if _, err := expect[*api.NotFoundHeaders](step("getUser of nobody: 404"), gres, err); err != nil {
		return n, err
	}

	// What no generated client sends (the body limit is 10 MiB by default),
	// decoded with its Problem type.
	decode := func(b []byte) error {
		var p api.Problem
		if err := p.UnmarshalJSON(b); err != nil {
			return err
		}
		if v, ok := any(&p).(interface{ Validate() error }); ok {
			return v.Validate() // ogen writes Validate when the schema has bounds
		}
		return nil
	}
	for _, r := range []struct {
		name, ct string
		body     []byte
		want     int
	}{
		{"createUser with a bad email: 400", "application/json", []byte(`{"email":"nope","password":"correct horse","name":"A"}`), 400},
		{"createUser as text: 415", "text/plain", []byte(email), 415},
		{"createUser too large: 413", "application/json", []byte(`{"name":"` + strings.Repeat("a", 11<<20) + `"}`), 413},
	} {
		if err := rawProblem(ctx, "POST", base+"/users", r.ct, r.body, "", r.want, decode); err != nil {
			return n, fmt.Errorf("%s: %w", step(r.name), err)
		}
	}

	dres, err := c.DeleteUser(ctx, api.DeleteUserParams{UserID: me.Response.ID})
	if _, err := expect[*api.DeleteUserNoContent](step("deleteUser"), dres, err); err != nil {
		return n, err
	}
	mres, err = c.GetMe(ctx)
	if _, err := expect[*api.NotFoundHeaders](step("getMe after deleteUser: 404"), mres, err); err != nil {
		return n, err
	}
	return n, nil
}
