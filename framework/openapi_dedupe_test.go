package framework_test

import (
	"testing"

	"github.com/starling-http/starling/framework"
)

// OACat and OADog look alike but are two types: identical components merge
// only when they describe one Go type (the todo example's golden document
// shows a merge: its checklist item's partial and request views are one).
type (
	OACat struct {
		Name string `json:"name"`
	}
	OADog struct {
		Name string `json:"name"`
	}
)

func TestLookAlikeTypesStayTwoComponents(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(oaGet[OACat]("/cats"), oaGet[OADog]("/dogs")))
	schemas := oaPath(t, oaDecode(t, a.OpenAPI()), "components", "schemas").(map[string]any)
	for _, want := range []string{"OACat", "OADog"} {
		if _, ok := schemas[want]; !ok {
			t.Errorf("no component %s", want)
		}
	}
}
