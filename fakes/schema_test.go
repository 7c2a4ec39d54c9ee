package fakes_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/starling-http/starling/framework"
)

// document is an app's OpenAPI document, read with libopenapi, and a JSON
// Schema validator that asserts formats and content encodings.
type document struct {
	model     *v3.Document
	validator schema_validation.SchemaValidator
}

func readDocument(t testing.TB, app *framework.App) *document {
	t.Helper()
	doc, err := libopenapi.NewDocument(app.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	return &document{model: &m.Model,
		validator: schema_validation.NewSchemaValidator(config.WithFormatAssertions(), config.WithContentAssertions())}
}

// fork returns d with its own validator, for a parallel test.
func (d *document) fork() *document {
	return &document{model: d.model,
		validator: schema_validation.NewSchemaValidator(config.WithFormatAssertions(), config.WithContentAssertions())}
}

func (d *document) operation(t testing.TB, method, path string) *v3.Operation {
	t.Helper()
	item, ok := d.model.Paths.PathItems.Get(path)
	if !ok {
		t.Fatalf("the document has no path %s", path)
	}
	op := item.GetOperations().GetOrZero(strings.ToLower(method))
	if op == nil {
		t.Fatalf("the document has no operation %s %s", method, path)
	}
	return op
}

// requestSchema is the JSON body schema of an operation's request.
func (d *document) requestSchema(t testing.TB, method, path string) *base.Schema {
	t.Helper()
	op := d.operation(t, method, path)
	return op.RequestBody.Content.GetOrZero("application/json").Schema.Schema()
}

// responseSchema is the JSON body schema of an operation's response.
func (d *document) responseSchema(t testing.TB, method, path, status string) *base.Schema {
	t.Helper()
	op := d.operation(t, method, path)
	return op.Responses.Codes.GetOrZero(status).Content.GetOrZero("application/json").Schema.Schema()
}

// schemaFailure is one failure of a body against a schema.
type schemaFailure struct {
	pointer string // instance location
	keyword string // the last segment of the keyword location
	reason  string
}

// validate returns the schema's failures on body, none when it passes.
func (d *document) validate(s *base.Schema, body []byte) []schemaFailure {
	ok, errs := d.validator.ValidateSchemaBytes(s, body)
	if ok {
		return nil
	}
	var out []schemaFailure
	for _, e := range errs {
		if len(e.SchemaValidationErrors) == 0 {
			out = append(out, schemaFailure{pointer: "?", keyword: "?", reason: e.Reason})
		}
		for _, f := range e.SchemaValidationErrors {
			ptr := ""
			for _, seg := range f.InstancePath {
				ptr += "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(seg)
			}
			kw := f.KeywordLocation[strings.LastIndexByte(f.KeywordLocation, '/')+1:]
			out = append(out, schemaFailure{pointer: ptr, keyword: kw, reason: f.Reason})
		}
	}
	return out
}

// schemaPointer is where JSON Schema validators report a rule broken at
// ptr: at the object for required and additionalProperties.
func schemaPointer(ptr, rule string) string {
	if rule == "required" || rule == "additionalProperties" {
		return ptr[:strings.LastIndexByte(ptr, '/')]
	}
	return ptr
}

// failsAt reports whether every failure is the rule at ptr (type failures
// of nullable values may come in twice, once per anyOf branch).
func failsAt(fs []schemaFailure, ptr, rule string) bool {
	if len(fs) == 0 {
		return false
	}
	want := schemaPointer(ptr, rule)
	return slices.ContainsFunc(fs, func(f schemaFailure) bool { return f.pointer == want && f.keyword == rule }) &&
		!slices.ContainsFunc(fs, func(f schemaFailure) bool {
			if f.pointer == want && f.keyword == rule {
				return false
			}
			// The null branch of a nullable value's anyOf fails too.
			nullBranch := (f.keyword == "type" || f.keyword == "anyOf") && strings.HasPrefix(want+"/", f.pointer+"/")
			return !nullBranch
		})
}

// bodyOf is a route input whose body is T.
type bodyOf[T any] struct {
	Body T `body:""`
}

// echo is a route that answers its body.
func echo[T any](path string) framework.Route {
	return framework.Post(path, func(_ context.Context, in bodyOf[T]) (T, error) { return in.Body, nil })
}

// proofApp serves every test type, so its document has their schemas.
func proofApp(t testing.TB) *framework.App {
	t.Helper()
	app, err := framework.New(framework.Mount(
		framework.Controller{Path: "/t", Routes: []framework.Route{
			echo[Profile]("/profile"), echo[Numbers]("/numbers"), echo[Kinds]("/kinds"),
		}},
		framework.Controller{Path: "/dto", DTOs: []framework.DTOSpec{AccountDTO, ProfilePatchDTO}, Routes: []framework.Route{
			echo[Account]("/account"), echo[ProfilePatch]("/patch"),
		}},
	))
	if err != nil {
		t.Fatal(err)
	}
	return app
}
