package framework_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/starling-http/starling/framework"
)

// OAColour is a named enum type: one component, whichever way it is used.
type OAColour string

type (
	oaPaint struct {
		Colour OAColour  `json:"colour,omitempty" validate:"enum=red|green"`
		Trim   *OAColour `json:"trim,omitempty" validate:"enum=red|green"`
	}
	oaPaintQuery struct {
		Colour *OAColour `query:"colour" validate:"enum=red|green" doc:"Only paint of this colour."`
	}
	oaOtherPaint struct {
		Colour OAColour `json:"colour" validate:"enum=red|blue"`
	}
)

func TestEnumTypeIsOneComponent(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(
		framework.Get("/paints", func(context.Context, oaPaintQuery) (oaPaint, error) { return oaPaint{Colour: "red"}, nil }),
		oaPost[oaPaint]("/paints"),
	))
	doc := oaDecode(t, a.OpenAPI())
	comp, _ := json.Marshal(oaPath(t, doc, "components", "schemas", "OAColour"))
	if !oaJSONEqual(t, string(comp), `{"type":"string","enum":["red","green"]}`) {
		t.Errorf("component OAColour = %s", comp)
	}
	const ref = "#/components/schemas/OAColour"
	for _, at := range [][]string{
		{"paths", "/paints", "get", "parameters", "0", "schema", "$ref"},
		{"components", "schemas", "oaPaint", "properties", "colour", "$ref"},
		{"components", "schemas", "oaPaint", "properties", "trim", "anyOf", "0", "$ref"},
	} {
		if got := oaIndex(t, doc, at...); got != ref {
			t.Errorf("%v = %v, want %s", at, got, ref)
		}
	}
	if d := oaIndex(t, doc, "paths", "/paints", "get", "parameters", "0", "description"); d != "Only paint of this colour." {
		t.Errorf("parameter description %v", d)
	}
	oaExpectApp(t, a, http.MethodGet, "/paints?colour=blue", "", nil, http.StatusBadRequest, "enum")
}

func TestEnumTypeWithTwoValueLists(t *testing.T) {
	t.Parallel()
	msg := buildError(t, framework.Mount(oaPost[oaPaint]("/a"), oaPost[oaOtherPaint]("/b")))
	wantContains(t, msg, `OAColour is used with two value lists`, `["red","green"]`, `["red","blue"]`)
}

// oaIndex is oaPath that also steps into arrays by index.
func oaIndex(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		switch x := v.(type) {
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				t.Fatalf("%v: no element %q", keys, k)
			}
			v = x[i]
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				t.Fatalf("%v: no %q", keys, k)
			}
		default:
			t.Fatalf("%v: %q is inside a scalar", keys, k)
		}
	}
	return v
}
