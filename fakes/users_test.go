package fakes_test

import (
	"testing"

	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
)

// TestUsersFixturesAgreeWithTheirDocument proves the users example's types
// against the example app's own document.
func TestUsersFixturesAgreeWithTheirDocument(t *testing.T) {
	a, err := app.New()
	if err != nil {
		t.Fatal(err)
	}
	d := readDocument(t, a)
	partial := framework.DTO[app.UpdateUser](framework.AllOptional())
	for _, s := range []subject{
		agreement[app.CreateUser](nil, op{"POST", "/users", ""}, op{}),
		agreement[app.UpdateUser](partial, op{"PATCH", "/users/{user_id}", ""}, op{}),
		agreement[app.User](app.PublicUser, op{}, op{"GET", "/users/{user_id}", "200"}),
	} {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.run(t, d.fork(), proofCount())
		})
	}
}
