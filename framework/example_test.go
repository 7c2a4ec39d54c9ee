package framework_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/starling-http/starling/framework"
)

// exampleGreeter is a service the app provides to its handlers.
type exampleGreeter struct{ greeting string }

func newGreeter() *exampleGreeter { return &exampleGreeter{greeting: "Hello"} }

// greetIn says where each input comes from: the path, the query string and
// the providers.
type greetIn struct {
	Name    string          `path:"name" validate:"maxLength=20"`
	Excited bool            `query:"excited"`
	Greeter *exampleGreeter `inject:""`
}

type greeting struct {
	Message string `json:"message"`
}

func greet(_ context.Context, in greetIn) (greeting, error) {
	msg := in.Greeter.greeting + ", " + in.Name
	if in.Excited {
		msg += "!"
	}
	return greeting{Message: msg}, nil
}

// A controller with a provider and a typed route, served in-process.
func Example() {
	app, err := framework.New(framework.Mount(framework.Controller{
		Path:         "/greetings",
		Dependencies: []framework.Provider{framework.Provide(newGreeter)},
		Routes: []framework.Route{
			framework.Get("/{name:str}", greet),
		},
	}))
	if err != nil {
		fmt.Println(err)
		return
	}

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/greetings/Ada?excited=true", nil))
	fmt.Println(w.Code, w.Header().Get("Content-Type"), w.Body.String())

	// Every invalid input is reported at once, as application/problem+json.
	w = httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/greetings/"+strings.Repeat("a", 21)+"?excited=very", nil))
	var p framework.Problem
	_ = json.Unmarshal(w.Body.Bytes(), &p)
	fmt.Println(w.Code, w.Header().Get("Content-Type"), p.Title)
	for _, e := range p.Errors {
		fmt.Println(" ", e.Location, e.Rule)
	}
	// Output:
	// 200 application/json {"message":"Hello, Ada!"}
	// 400 application/problem+json Validation failed
	//   path.name maxLength
	//   query.excited type
}
