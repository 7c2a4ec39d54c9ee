// Package app is the users service: a controller, its DTOs, a service and a
// store behind providers. main serves it; the tests drive it in-process.
package app

import (
	"context"

	"github.com/starling-http/starling/framework"
)

// New builds the users app. Extra options (a logger, overrides in tests)
// are applied after the app's own.
func New(opts ...framework.Option) (*framework.App, error) {
	base := []framework.Option{
		framework.Mount(Users()),
		framework.Dependencies(
			framework.Provide(NewMemoryStore, framework.As[Store]()),
			framework.Provide(NewBcrypt, framework.As[Hasher]()),
		),
		framework.ResponseHeader("Cache-Control", "no-store"),
		framework.WithHealth(framework.Health{
			Checks: []framework.HealthCheck{
				framework.Check("store", func(ctx context.Context, s Store) error {
					_, _, err := s.List(ctx, 0, 1)
					return err
				}),
			},
		}),
	}
	return framework.New(append(base, opts...)...)
}
