package app_test

import (
	"net/http"
	"testing"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/todo/app"
	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/framework"
)

// TestReadmeCreateList is the README's "Testing a service" example, kept
// here so that it keeps passing: a made List goes out through the route's
// DTO (its read-only id, counters and created_at left out).
func TestReadmeCreateList(t *testing.T) {
	t.Parallel()
	api := apitest.New(t, framework.Must(app.New()))
	in := fakes.Make[app.List](t, fakes.DTO(app.ListDTO)) // satisfies every rule of the DTO
	api.POST("/lists").WithTransformer(apitest.Body(api, in)).
		Expect().Status(http.StatusCreated).
		JSON().Object().HasValue("name", in.Name).HasValue("open_todos", 0)
	// the request and the response were both checked against the app's own OpenAPI document
}
