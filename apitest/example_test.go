package apitest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/framework"
)

// exampleTB is a testing.TB for examples, which have no *testing.T: it
// prints what a test would report.
type exampleTB struct {
	testing.TB
	cleanups []func()
}

func (*exampleTB) Helper()             {}
func (*exampleTB) Name() string        { return "Example" }
func (*exampleTB) Log(...any)          {}
func (*exampleTB) Logf(string, ...any) {}
func (*exampleTB) Errorf(format string, args ...any) {
	for _, line := range strings.Split(fmt.Sprintf(format, args...), "\n") {
		if !strings.HasPrefix(line, "  sent at:") { // a file:line, which moves as the file changes
			fmt.Println(line)
		}
	}
}
func (t *exampleTB) Error(args ...any)                 { t.Errorf("%s", fmt.Sprint(args...)) }
func (t *exampleTB) Fatalf(format string, args ...any) { t.Errorf(format, args...) }
func (t *exampleTB) Fatal(args ...any)                 { t.Error(args...) }
func (t *exampleTB) Cleanup(f func())                  { t.cleanups = append(t.cleanups, f) }
func (t *exampleTB) finish() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

type Greeting struct {
	Message string `json:"message"`
}

type greetIn struct {
	Name string `path:"name" validate:"maxLength=10"`
}

// The harness checks a conforming exchange silently, and reports one the
// document does not allow: here a middleware that answers with a number
// where the document promises a string.
func Example() {
	app := framework.Must(framework.New(
		framework.WithInfo(framework.Info{Title: "Greeter", Version: "1.0.0"}),
		framework.Mount(framework.Get("/greet/{name:str}", func(_ context.Context, in greetIn) (Greeting, error) {
			return Greeting{Message: "Hello, " + in.Name}, nil
		}, framework.OperationID("greet"))),
	))
	t := &exampleTB{} // in a test: t *testing.T
	defer t.finish()

	api := apitest.New(t, app)
	api.GET("/greet/{name}", "ann").Expect().Status(http.StatusOK).
		JSON().Object().HasValue("message", "Hello, ann")
	api.Invalid().GET("/greet/{name}", "a-much-too-long-name").Expect().Status(http.StatusBadRequest)

	broken := apitest.New(t, app, apitest.WithAppOptions(framework.Use(func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"message":42}`)
		})
	})))
	broken.GET("/greet/{name}", "bo").Expect()
	// Output:
	// apitest: GET /greet/bo → 200 (greet) breaks the document:
	//   1. response body at /message: got number, want string
	//      rule:  type at #/components/schemas/Greeting/properties/message/type
	//      value: 42
	//   response body:
	//     {
	//       "message": 42
	//     }
	//   reproduce: curl -i -X GET "${BASE_URL:-http://127.0.0.1:8000}/greet/bo"
}
