package impl

import (
	"context"
	"net/http"

	"github.com/starling-http/starling/bench/workload"
	"github.com/starling-http/starling/framework"
)

// Starling: typed routes, the store as a singleton provider, the DI chain as
// three per-request providers.

type starlingCreate struct {
	Email    string   `json:"email" validate:"required,format=email,maxLength=254"`
	Password string   `json:"password" validate:"required,minLength=8,maxLength=72"`
	Name     string   `json:"name" validate:"required,minLength=1,maxLength=100"`
	Age      int      `json:"age" validate:"minimum=0,maximum=150"`
	Tags     []string `json:"tags,omitempty" validate:"maxItems=10"`
}

type starlingGetIn struct {
	ID    int64           `path:"id"`
	Store *workload.Store `inject:""`
}

type starlingCreateIn struct {
	Body  starlingCreate  `body:""`
	Store *workload.Store `inject:""`
}

type starlingListIn struct {
	Store *workload.Store `inject:""`
}

type starlingDIIn struct {
	A *workload.A `inject:""`
}

// StarlingRoutes returns the workloads' routes under prefix (the build-time
// benchmark mounts many copies).
func StarlingRoutes(prefix string) []framework.Route {
	return []framework.Route{
		framework.Get(prefix+"/users/{id:int}", func(_ context.Context, in starlingGetIn) (workload.User, error) {
			u, ok := in.Store.Get(in.ID)
			if !ok {
				return u, framework.NotFound("user not found")
			}
			return u, nil
		}, framework.Raises(http.StatusNotFound)),
		framework.Post(prefix+"/users", func(_ context.Context, in starlingCreateIn) (workload.User, error) {
			b := &in.Body
			return in.Store.Create(b.Email, b.Name, b.Age, b.Tags), nil
		}),
		framework.Get(prefix+"/users", func(_ context.Context, in starlingListIn) ([]workload.User, error) {
			return in.Store.List(), nil
		}),
		framework.Get(prefix+"/di", func(_ context.Context, in starlingDIIn) (workload.Chain, error) {
			return in.A.Answer(), nil
		}),
		// A framework.Text result is written as it is, as text/plain.
		framework.Get(prefix+"/plaintext", func(context.Context, struct{}) (framework.Text, error) {
			return workload.Hello, nil
		}),
	}
}

// StarlingOptions are the app options shared by NewStarling and the build
// benchmark: the providers.
func StarlingOptions() []framework.Option {
	return []framework.Option{
		framework.Dependencies(
			framework.Provide(workload.NewStore),
			framework.Provide(workload.NewC, framework.WithScope(framework.PerRequest)),
			framework.Provide(workload.NewB, framework.WithScope(framework.PerRequest)),
			framework.Provide(workload.NewA, framework.WithScope(framework.PerRequest)),
		),
	}
}

// NewStarlingApp builds the Starling implementation as an App.
func NewStarlingApp() (*framework.App, error) {
	routes := StarlingRoutes("")
	mounted := make([]framework.Routable, len(routes))
	for i, r := range routes {
		mounted[i] = r
	}
	opts := append(StarlingOptions(), framework.Mount(mounted...))
	app, err := framework.New(opts...)
	if err != nil {
		return nil, err
	}
	if err := app.Start(context.Background()); err != nil {
		return nil, err
	}
	return app, nil
}

// NewStarling builds the Starling implementation.
func NewStarling() (http.Handler, error) { return NewStarlingApp() }
