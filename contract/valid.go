package contract

import (
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/starling-http/starling/framework"
)

// Valid fails t unless the app's document, in JSON and in YAML, loads in
// libopenapi and passes libopenapi-validator's OpenAPI 3.1 schema check:
// the same library apitest validates every exchange with, so a document
// that fails here would fail every apitest test of the app.
func Valid(t testing.TB, app *framework.App) {
	t.Helper()
	ValidBytes(t, "json", JSON(app))
	ValidBytes(t, "yaml", YAML(app))
}

// ValidBytes is Valid for one document given as bytes; name labels the
// failures.
func ValidBytes(t testing.TB, name string, doc []byte) {
	t.Helper()
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Errorf("contract.Valid: %s: %v", name, err)
		return
	}
	if _, err := d.BuildV3Model(); err != nil {
		t.Errorf("contract.Valid: %s: %v", name, err)
		return
	}
	v, errs := validator.NewValidator(d)
	if len(errs) > 0 {
		t.Errorf("contract.Valid: %s: %v", name, errs)
		return
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("contract.Valid: %s: not a valid OpenAPI 3.1 document: %v", name, e)
		}
	}
}
