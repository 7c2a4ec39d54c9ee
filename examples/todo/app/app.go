// Package app is the todo service: lists, and todos that belong to a list.
// It is the second example beside examples/users, with another shape: a
// many-to-one relation (a todo's list_id names its list), nested objects
// (a due date, a checklist), string enums (status, priority), one model type
// serving as request and response through a read-only DTO, and partial
// updates. main serves it; the tests drive it in-process.
package app

import (
	"context"
	"time"

	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/framework"
)

// Clock tells the time. The store stamps lists and todos with it; tests
// swap in a fake one (apitest.OverrideValue[app.Clock]) so that timestamps
// are known in advance.
type Clock func() time.Time

// New builds the todo app, with lists and todos in memory. Extra options (a
// logger, overrides in tests) are applied after the app's own.
func New(opts ...framework.Option) (*framework.App, error) {
	base := []framework.Option{
		framework.Mount(Lists(), Todos()),
		framework.WithInfo(framework.Info{
			Title:       "Todo",
			Version:     "1.0.0",
			Description: "The Starling todo example: lists, and the todos in each list, with a status, a priority, a due date and a checklist.",
			Contact:     &framework.Contact{Name: "Starling maintainers", URL: "https://github.com/starling-http/starling"},
			License:     &framework.License{Name: "Apache-2.0", Identifier: "Apache-2.0"},
		}),
		framework.WithTagDescriptions(
			framework.TagInfo{Name: "lists", Description: "Named lists that hold todos."},
			framework.TagInfo{Name: "todos", Description: "Things to do, each in one list."},
		),
		// The store and its clock are app-wide: both controllers and the
		// readiness check share the one store. The todos' business rules
		// are the Todos controller's own dependency (see Todos).
		framework.Dependencies(
			framework.Value[Clock](time.Now),
			framework.Provide(NewMemoryStore, framework.As[Store]()),
		),
		framework.ResponseHeader("Cache-Control", "no-store"),
		// Every schema and request body in the document carries an example
		// made by fakes from the same plans; a fixed seed keeps the document
		// byte-stable.
		framework.WithExamples(fakes.Examples(1)),
		framework.WithHealth(framework.Health{
			Checks: []framework.HealthCheck{framework.Check("store", ping)},
		}),
	}
	return framework.New(append(base, opts...)...)
}

// ping is the readiness check: listing one list works.
func ping(ctx context.Context, s Store) error {
	_, _, err := s.Lists(ctx, Window{Limit: 1})
	return err
}
