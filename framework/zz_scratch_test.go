package framework_test

import (
	"context"
	"fmt"
	_ "net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework"
)

type scratchIn struct {
	ID int  `path:"id"`
	Q  *int `query:"q"`
	L  int  `query:"l" validate:"required"`
}
type scratchBody struct {
	Body struct {
		A int `json:"a"`
	} `body:""`
}

func TestScratch(t *testing.T) {
	h := func(ctx context.Context, in scratchIn) (map[string]int, error) {
		return map[string]int{"id": in.ID}, nil
	}
	hb := func(ctx context.Context, in scratchBody) (framework.NoContent, error) {
		return framework.NoContent{}, nil
	}
	_, err := framework.New(framework.Mount(framework.Get("/a/{id:int}", h), framework.Get("/a/{x:int}", h)))
	fmt.Println("COLLIDE:", err)
	a, err := framework.New(framework.Mount(framework.Get("/a/{id:int}", h), framework.Post("/b", hb)))
	fmt.Println(err)
	for _, c := range []struct{ m, p, b, ct string }{
		{"GET", "/a/x?q=z", "", ""}, {"POST", "/b", `{"a":`, "application/json"}, {"POST", "/b", `{"a":"x"}`, "application/json"}, {"POST", "/b", `{"a":1} x`, "application/json"},
		{"DELETE", "/a/1", "", ""}, {"OPTIONS", "/a/1", "", ""}, {"HEAD", "/a/1?l=1", "", ""}, {"GET", "/a/1/?l=1", "", ""},
	} {
		r := httptest.NewRequest(c.m, c.p, strings.NewReader(c.b))
		if c.ct != "" {
			r.Header.Set("Content-Type", c.ct)
		}
		w := httptest.NewRecorder()
		a.ServeHTTP(w, r)
		fmt.Println(c.m, c.p, w.Code, w.Header(), w.Body.String())
	}
}
