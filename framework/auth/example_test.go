package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/framework/auth"
)

// An issuer signs tokens at login; the guard verifies them on the routes it
// protects, and answers 401 with a WWW-Authenticate challenge otherwise.
func Example() {
	key := auth.Key{Alg: auth.HS256, Secret: []byte(strings.Repeat("s", auth.MinSecretLen))}
	issuer, err := auth.NewIssuer(auth.IssuerConfig{Key: key})
	if err != nil {
		fmt.Println(err)
		return
	}
	guard, err := auth.New(auth.Config{Keys: []auth.Key{key}})
	if err != nil {
		fmt.Println(err)
		return
	}
	type meIn struct {
		Claims *auth.Claims `inject:""`
	}
	app := framework.Must(framework.New(
		framework.Dependencies(framework.Provide(guard.Claims, framework.WithScope(framework.PerRequest))),
		framework.Mount(framework.Controller{
			Path:   "/me",
			Guards: []framework.Guard{guard},
			Routes: []framework.Route{framework.Get("/", func(_ context.Context, in meIn) (framework.Text, error) {
				return framework.Text("hello " + in.Claims.Subject), nil
			})},
		}),
	))

	tok, err := issuer.Issue(auth.Claims{Subject: "ada"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, authz := range []string{"", "Bearer " + tok.Raw} {
		r := httptest.NewRequest(http.MethodGet, "/me", nil)
		if authz != "" {
			r.Header.Set("Authorization", authz)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			fmt.Println(w.Code, w.Header().Get("WWW-Authenticate"))
			continue
		}
		fmt.Println(w.Code, w.Body.String())
	}
	// Output:
	// 401 Bearer
	// 200 hello ada
}
