package framework_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework"
)

type Pet struct {
	ID   int64  `json:"id"`
	Name string `json:"name" validate:"required,minLength=1"`
}

func TestWithExamplesAnnotatesSchemasAndBodies(t *testing.T) {
	t.Parallel()
	type in struct {
		Body Pet `body:""`
	}
	var calls []string
	a := newApp(t,
		framework.Mount(framework.Post("/pets", func(_ context.Context, in in) (Pet, error) { return in.Body, nil })),
		framework.WithExamples(func(s framework.Shape, request bool) (json.RawMessage, error) {
			calls = append(calls, s.Type().Name())
			if request {
				return json.RawMessage(`{"name":"Rex"}`), nil
			}
			return json.RawMessage(`{"id":7,"name":"Rex"}`), nil
		}),
	)
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Example json.RawMessage `json:"example"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Examples []json.RawMessage `json:"examples"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(a.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	body := doc.Paths["/pets"]["post"].RequestBody.Content["application/json"].Example
	if compact(body) != `{"name":"Rex"}` {
		t.Errorf("request body example = %s", body)
	}
	if ex := doc.Components.Schemas["Pet"].Examples; len(ex) != 1 {
		t.Errorf("Pet schema examples = %s, want one", ex)
	}
	if !slices.Contains(calls, "Pet") {
		t.Errorf("examples asked for %v", calls)
	}
}

func TestWithExamplesRefusesInvalidJSON(t *testing.T) {
	t.Parallel()
	type in struct {
		Body Pet `body:""`
	}
	msg := buildError(t,
		framework.Mount(framework.Post("/pets", func(_ context.Context, in in) (Pet, error) { return in.Body, nil })),
		framework.WithExamples(func(framework.Shape, bool) (json.RawMessage, error) { return json.RawMessage(`{`), nil }),
	)
	wantContains(t, msg, "example is not valid JSON")
}

func compact(raw []byte) string { return strings.Join(strings.Fields(string(raw)), "") }
