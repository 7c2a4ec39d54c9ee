package impl

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/starling-http/starling/bench/workload"
)

// Huma v2 on the humago adapter (net/http ServeMux). Huma has no dependency
// injection: the store is captured by the handlers and the DI chain is built
// in the handler, per request. Plaintext is a []byte body with its
// Content-Type, which Huma writes as it is.

type humaCreate struct {
	Email    string   `json:"email" format:"email" maxLength:"254"`
	Password string   `json:"password" minLength:"8" maxLength:"72"`
	Name     string   `json:"name" minLength:"1" maxLength:"100"`
	Age      int      `json:"age" minimum:"0" maximum:"150" required:"false"`
	Tags     []string `json:"tags,omitempty" maxItems:"10"`
}

type humaGetIn struct {
	ID int64 `path:"id"`
}

type humaCreateIn struct {
	Body humaCreate
}

type humaUserOut struct {
	Body workload.User
}

type humaListOut struct {
	Body []workload.User
}

type humaChainOut struct {
	Body workload.Chain
}

type humaTextOut struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

var helloBytes = []byte(workload.Hello)

// NewHuma builds the Huma implementation.
func NewHuma() (http.Handler, error) {
	store := workload.NewStore()
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("Bench", "1.0.0")
	// DefaultConfig's only create hook adds a "$schema" member to every
	// response body and a Link header; dropping it keeps the bodies the
	// same as the other implementations' (and spares Huma that work).
	cfg.CreateHooks = nil
	api := humago.New(mux, cfg)
	huma.Get(api, "/users/{id}", func(_ context.Context, in *humaGetIn) (*humaUserOut, error) {
		u, ok := store.Get(in.ID)
		if !ok {
			return nil, huma.Error404NotFound("user not found")
		}
		return &humaUserOut{Body: u}, nil
	})
	huma.Post(api, "/users", func(_ context.Context, in *humaCreateIn) (*humaUserOut, error) {
		b := &in.Body
		return &humaUserOut{Body: store.Create(b.Email, b.Name, b.Age, b.Tags)}, nil
	}, func(o *huma.Operation) { o.DefaultStatus = http.StatusCreated })
	huma.Get(api, "/users", func(context.Context, *struct{}) (*humaListOut, error) {
		return &humaListOut{Body: store.List()}, nil
	})
	huma.Get(api, "/di", func(context.Context, *struct{}) (*humaChainOut, error) {
		a := workload.NewA(workload.NewB(workload.NewC()))
		return &humaChainOut{Body: a.Answer()}, nil
	})
	huma.Get(api, "/plaintext", func(context.Context, *struct{}) (*humaTextOut, error) {
		return &humaTextOut{ContentType: "text/plain; charset=utf-8", Body: helloBytes}, nil
	})
	return mux, nil
}
