package framework

import (
	"context"
	"testing"

	"github.com/starling-http/starling/internal/codec"
)

type prepItem struct {
	Name string   `json:"name" validate:"maxLength=20"`
	Tags []string `json:"tags"`
}

type prepUser struct {
	ID     int64      `json:"id"`
	Secret string     `json:"secret"`
	Items  []prepItem `json:"items"`
}

// TestNewPreparesEveryPlan pins that the codec compiles every plan (body,
// parameters, result with its DTOs substituted) when the app is built, so
// a plan it cannot handle is an error from New and no request ever compiles.
func TestNewPreparesEveryPlan(t *testing.T) {
	t.Parallel()
	type in struct {
		ID   int64    `path:"id"`
		Q    []string `query:"q"`
		Body prepUser `body:""`
	}
	a, err := New(Mount(Put("/users/{id:int}", func(_ context.Context, in in) ([]prepUser, error) { return nil, nil },
		Returns(DTO[prepUser](Name("PublicUser"), Exclude("Secret"))))))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.routes) != 1 {
		t.Fatalf("%d routes", len(a.routes))
	}
	rt := a.routes[0]
	if !codec.Prepared(rt.binder.body.plan) {
		t.Error("the body's plan is compiled on the first request, not by New")
	}
	for _, p := range rt.binder.params {
		if !codec.Prepared(p.plan) {
			t.Errorf("parameter %s: its plan is compiled on the first request, not by New", p.name)
		}
	}
	if !codec.Prepared(rt.encoder.plan) {
		t.Error("the result's plan is compiled on the first response, not by New")
	}
}
