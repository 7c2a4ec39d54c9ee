package impl

import (
	"net/http"

	"github.com/go-fuego/fuego"

	"github.com/starling-http/starling/bench/workload"
)

// Fuego: go-playground/validator tags on the body, the store captured by the
// handlers (Fuego has no dependency injection), the DI chain built in the
// handler per request, and a string result for plaintext (Fuego sends it as
// text/plain). The default request/response logging middleware is turned
// off, as no other implementation logs requests.

type fuegoCreate struct {
	Email    string   `json:"email" validate:"required,email,max=254"`
	Password string   `json:"password" validate:"required,min=8,max=72"`
	Name     string   `json:"name" validate:"required,min=1,max=100"`
	Age      int      `json:"age" validate:"min=0,max=150"`
	Tags     []string `json:"tags,omitempty" validate:"max=10"`
}

// NewFuego builds the Fuego implementation.
func NewFuego() (http.Handler, error) {
	store := workload.NewStore()
	s := fuego.NewServer(
		fuego.WithoutStartupMessages(),
		fuego.WithLoggingMiddleware(fuego.LoggingConfig{DisableRequest: true, DisableResponse: true}),
		fuego.WithEngineOptions(fuego.WithOpenAPIConfig(fuego.OpenAPIConfig{DisableLocalSave: true})),
	)
	fuego.Get(s, "/users/{id}", func(c fuego.ContextNoBody) (workload.User, error) {
		id, err := c.PathParamIntErr("id")
		if err != nil {
			return workload.User{}, err
		}
		u, ok := store.Get(int64(id))
		if !ok {
			return u, fuego.NotFoundError{Detail: "user not found"}
		}
		return u, nil
	})
	fuego.Post(s, "/users", func(c fuego.ContextWithBody[fuegoCreate]) (workload.User, error) {
		b, err := c.Body()
		if err != nil {
			return workload.User{}, err
		}
		return store.Create(b.Email, b.Name, b.Age, b.Tags), nil
	}, fuego.OptionDefaultStatusCode(http.StatusCreated))
	fuego.Get(s, "/users", func(c fuego.ContextNoBody) ([]workload.User, error) {
		return store.List(), nil
	})
	fuego.Get(s, "/di", func(c fuego.ContextNoBody) (workload.Chain, error) {
		a := workload.NewA(workload.NewB(workload.NewC()))
		return a.Answer(), nil
	})
	fuego.Get(s, "/plaintext", func(c fuego.ContextNoBody) (string, error) {
		return workload.Hello, nil
	})
	return s.Mux, nil
}
