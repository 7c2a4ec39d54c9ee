// Package app is the users service: a controller, its DTOs, a service and a
// store behind providers, and the access tokens that guard it. main serves
// it; the tests drive it in-process.
package app

import (
	"context"

	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/framework"
)

// Config configures the app; its zero value keeps users in memory and signs
// tokens with a random secret, as tests want.
type Config struct {
	// Store says where users are kept.
	Store StoreConfig
	// Auth configures the access tokens.
	Auth AuthConfig
}

// New builds the users app with the zero Config. Extra options (a logger,
// overrides in tests) are applied after the app's own.
func New(opts ...framework.Option) (*framework.App, error) {
	return NewWith(Config{}, opts...)
}

// NewWith builds the users app with cfg.
func NewWith(cfg Config, opts ...framework.Option) (*framework.App, error) {
	tokens, err := NewTokens(cfg.Auth)
	if err != nil {
		return nil, err
	}
	base := []framework.Option{
		framework.Mount(Users(tokens.Guard), Auth()),
		framework.WithInfo(framework.Info{
			Title:       "Users",
			Version:     "1.0.0",
			Description: "The Starling users example: sign up, log in, and list, read, update and delete users.",
			Contact:     &framework.Contact{Name: "Starling maintainers", URL: "https://github.com/starling-http/starling"},
			License:     &framework.License{Name: "Apache-2.0", Identifier: "Apache-2.0"},
		}),
		framework.WithTagDescriptions(
			framework.TagInfo{Name: "auth", Description: "Access tokens."},
			framework.TagInfo{Name: "users", Description: "People who use the service."},
		),
		framework.Dependencies(
			framework.Value(cfg.Store),
			framework.Provide(OpenStore, framework.As[Store]()),
			framework.Provide(NewBcrypt, framework.As[Hasher]()),
			framework.Provide(NewUserService),
			framework.Value(tokens.Issuer),
			framework.Provide(tokens.Guard.Claims, framework.WithScope(framework.PerRequest)),
		),
		framework.ResponseHeader("Cache-Control", "no-store"),
		// Every schema and request body in the document carries an example
		// made by fakes from the same plans, with a fixed seed so the
		// document stays byte-stable.
		framework.WithExamples(fakes.Examples(1)),
		framework.WithHealth(framework.Health{
			Checks: []framework.HealthCheck{framework.Check("store", ping)},
		}),
	}
	return framework.New(append(base, opts...)...)
}

// ping is the readiness check: the database answers, or, for a store
// without one, a one-user list works.
func ping(ctx context.Context, s Store) error {
	if p, ok := s.(Pinger); ok {
		return p.Ping(ctx)
	}
	_, _, err := s.List(ctx, ListQuery{Limit: 1})
	return err
}
