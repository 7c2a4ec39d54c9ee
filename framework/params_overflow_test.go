package framework_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/starling-http/starling/framework"
)

// The request state holds four path parameters inline; longer patterns
// must still bind every parameter, whatever the app's other routes.
func TestPathParametersBeyondInlineBuffer(t *testing.T) {
	type in struct {
		A string `path:"a"`
		B string `path:"b"`
		C string `path:"c"`
		D string `path:"d"`
		E int    `path:"e"`
		F string `path:"f"`
	}
	app, err := framework.New(framework.Mount(
		framework.Get("/x/{a}/{b}/{c}/{d}/{e:int}/{f}", func(_ context.Context, in in) (framework.Text, error) {
			return framework.Text(in.A + in.B + in.C + in.D + string(rune('0'+in.E)) + in.F), nil
		}),
		framework.Get("/short/{a}", func(_ context.Context, in struct {
			A string `path:"a"`
		}) (framework.Text, error) {
			return framework.Text(in.A), nil
		}),
	))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{"/x/a/b/c/d/5/f", "abcd5f"},
		{"/short/z", "z"},
	} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if w.Code != http.StatusOK || w.Body.String() != tc.want {
			t.Errorf("%s: %d %q, want 200 %q", tc.path, w.Code, w.Body.String(), tc.want)
		}
	}
}
