package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/oapi-codegen/runtime/types"

	api "github.com/starling-http/starling/tools/clientgen/gen/users/oapiclient"
)

// driveUsersOapi runs the users scenario's core with oapi-codegen's client:
// each answer must decode into the typed field of its status.
func driveUsersOapi(ctx context.Context, base string) (int, error) {
	c, err := api.NewClientWithResponses(base)
	if err != nil {
		return 0, err
	}
	n := 0
	email := types.Email(fmt.Sprintf("oapi-%d@example.com", time.Now().UnixNano()))
	cr, err := c.CreateUserWithResponse(ctx, api.CreateUser{Email: email, Password: "correct horse", Name: "Grace"})
	n++
	if err != nil || cr.JSON201 == nil {
		return n, fmt.Errorf("createUser: %v %s", err, body(cr, err))
	}
	created := *cr.JSON201
	cr, err = c.CreateUserWithResponse(ctx, api.CreateUser{Email: email, Password: "correct horse", Name: "Grace"})
	n++
	if err != nil || cr.ApplicationproblemJSON409 == nil || cr.ApplicationproblemJSON409.Status != http.StatusConflict {
		return n, fmt.Errorf("createUser again: want a 409 problem: %v %s", err, body(cr, err))
	}
	lr, err := c.LoginWithResponse(ctx, api.Login{Email: email, Password: "correct horse"})
	n++
	if err != nil || lr.JSON200 == nil {
		return n, fmt.Errorf("login: %v %s", err, body(lr, err))
	}
	auth := api.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+lr.JSON200.AccessToken)
		return nil
	})
	if c, err = api.NewClientWithResponses(base, auth); err != nil {
		return n, err
	}
	me, err := c.GetMeWithResponse(ctx)
	n++
	if err != nil || me.JSON200 == nil || me.JSON200.Id != created.Id {
		return n, fmt.Errorf("getMe: %v %s", err, body(me, err))
	}
	dr, err := c.DeleteUserWithResponse(ctx, me.JSON200.Id)
	n++
	if err != nil || dr.StatusCode() != http.StatusNoContent {
		return n, fmt.Errorf("deleteUser: %v %s", err, body(dr, err))
	}
	me, err = c.GetMeWithResponse(ctx)
	n++
	if err != nil || me.ApplicationproblemJSON404 == nil {
		return n, fmt.Errorf("getMe after deleteUser: want a 404 problem: %v %s", err, body(me, err))
	}
	return n, nil
}

// body shows an answer for an error message.
func body(r interface{ StatusCode() int }, err error) string {
	if err != nil || r == nil {
		return ""
	}
	return fmt.Sprintf("(status %d)", r.StatusCode())
}
