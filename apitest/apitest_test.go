package apitest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/framework"
)

const goodWidget = `{"id":1,"name":"cog","size":3}`

// TestConformingAppReportsNothing drives every route, valid and invalid
// requests alike: a conforming app produces zero reports.
func TestConformingAppReportsNothing(t *testing.T) {
	t.Parallel()
	f := newFakeTB(t)
	api := apitest.New(f, widgetApp(t))
	api.POST("/widgets").WithJSON(map[string]any{"name": "cog", "size": 3}).Expect().Status(http.StatusCreated)
	api.GET("/widgets/1").Expect().Status(http.StatusOK).JSON().Object().HasValue("name", "cog")
	api.GET("/widgets/2").Expect().Status(http.StatusNotFound)
	api.DELETE("/widgets/1").Expect().Status(http.StatusNoContent)
	api.GET("/hello/ann").Expect().Status(http.StatusOK)
	api.Invalid().POST("/widgets").WithJSON(map[string]any{"size": -1}).Expect().Status(http.StatusBadRequest)
	api.Invalid().GET("/widgets/0").Expect().Status(http.StatusBadRequest)
	api.Invalid().PUT("/widgets/1").Expect().Status(http.StatusMethodNotAllowed)
	api.Invalid().POST("/widgets").WithText("hi").Expect().Status(http.StatusUnsupportedMediaType)
	api.Undocumented().GET("/schema/openapi.json").Expect().Status(http.StatusOK)
	if r := f.reports(); len(r) != 0 {
		t.Fatalf("a conforming app got %d reports:\n%s", len(r), f.all())
	}
}

// violationCase is a response (or request) the document does not allow
// and what the report must say about it.
type violationCase struct {
	name   string
	tamper framework.Option
	send   func(api *apitest.API)
	want   []string
}

func TestViolations(t *testing.T) {
	t.Parallel()
	cases := []violationCase{{
		name:   "wrong type",
		tamper: tamper("GET", "/widgets/1", 200, "application/json", `{"id":"1","name":"cog","size":3}`),
		send:   func(api *apitest.API) { api.GET("/widgets/1").Expect() },
		want: []string{"GET /widgets/1 → 200 (getWidget)", "response body at /id", "got string, want integer",
			"rule:  type at #/components/schemas/Widget/properties/id/type", `value: "1"`,
			`reproduce: curl -i -X GET "${BASE_URL:-http://127.0.0.1:8000}/widgets/1"`},
	}, {
		name:   "missing required field",
		tamper: tamper("GET", "/widgets/1", 200, "application/json", `{"id":1,"size":3}`),
		send:   func(api *apitest.API) { api.GET("/widgets/1").Expect() },
		want: []string{"(getWidget)", "response body at (root)", "missing property 'name'",
			"rule:  required at #/components/schemas/Widget/required", `value: {"id":1,"size":3}`},
	}, {
		name:   "extra property",
		tamper: tamper("GET", "/widgets/1", 200, "application/json", `{"id":1,"name":"cog","size":3,"secret":"s3cr3t"}`),
		send:   func(api *apitest.API) { api.GET("/widgets/1").Expect() },
		want: []string{"(getWidget)", "response body at /secret", "not declared in schema",
			"rule:  strict: undeclared-property at #/components/schemas/Widget", "value: s3cr3t"},
	}, {
		name:   "undocumented status",
		tamper: tamper("GET", "/widgets/1", http.StatusTeapot, "application/problem+json", `{"type":"about:blank","title":"tea","status":418}`),
		send:   func(api *apitest.API) { api.GET("/widgets/1").Expect() },
		want: []string{"GET /widgets/1 → 418 (getWidget)", "status: status 418 is not documented (documented: 200, 400, 404, 405, 500)",
			"rule:  undocumented status at #/paths/~1widgets~1{id}/get/responses"},
	}, {
		name:   "wrong content type",
		tamper: tamper("GET", "/widgets/1", 200, "text/plain", goodWidget),
		send:   func(api *apitest.API) { api.GET("/widgets/1").Expect() },
		want: []string{"→ 200 (getWidget)", "response content type: text/plain is not documented for status 200 (documented: application/json)",
			"rule:  undocumented content type at #/paths/~1widgets~1{id}/get/responses/200/content"},
	}, {
		name:   "body on a no-content response",
		tamper: tamper("DELETE", "/widgets/1", 204, "application/json", goodWidget),
		send:   func(api *apitest.API) { api.DELETE("/widgets/1").Expect() },
		want: []string{"DELETE /widgets/1 → 204 (deleteWidget)", "status 204 is documented without content",
			"rule:  no content at #/paths/~1widgets~1{id}/delete/responses/204", "value: " + goodWidget},
	}, {
		name: "bad request parameter",
		send: func(api *apitest.API) { api.GET("/widgets/0").Expect() },
		want: []string{"GET /widgets/0 → 400 (getWidget)", "path parameter id", "minimum: got 0, want 1",
			"rule:  minimum at #/paths/~1widgets~1{id}/get/parameters/0/schema/minimum", "value: 0"},
	}, {
		name: "bad request body",
		send: func(api *apitest.API) {
			api.POST("/widgets").WithJSON(map[string]any{"name": "", "size": 3}).Expect()
		},
		want: []string{"POST /widgets → 400 (createWidget)", "request body at /name", "minLength: got 0, want 1",
			"rule:  minLength at #/components/schemas/CreateWidget/properties/name/minLength", `value: ""`,
			`-H 'Content-Type: application/json; charset=utf-8' --data-binary '{"name":"","size":3}'`},
	}, {
		name: "undocumented path",
		send: func(api *apitest.API) { api.GET("/gadgets").Expect() },
		want: []string{"GET /gadgets → 404 (no operation)", "/gadgets is not a path of the document"},
	}, {
		name: "documented route sent as undocumented",
		send: func(api *apitest.API) { api.Undocumented().GET("/hello/ann").Expect() },
		want: []string{"sent as undocumented, but the document has it as GET /hello/{name} (operation hello)"},
	}, {
		name:   "invalid request, wrong error response",
		tamper: tamper("POST", "/widgets", 400, "application/problem+json", `{"title":"bad"}`),
		send: func(api *apitest.API) {
			api.Invalid().POST("/widgets").WithJSON(map[string]any{"size": "big"}).Expect()
		},
		want: []string{"POST /widgets → 400 (createWidget)", "[request sent as invalid: only the response is checked]",
			"missing properties 'type', 'status'", "rule:  required at #/components/schemas/Problem/required"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeTB(t)
			var opts []apitest.Option
			if c.tamper != nil {
				opts = append(opts, apitest.WithAppOptions(c.tamper))
			}
			c.send(apitest.New(f, widgetApp(t), opts...))
			reports := f.reports()
			t.Log(strings.Join(reports, "\n"))
			if len(reports) != 1 {
				t.Fatalf("want 1 report, got %d:\n%s", len(reports), f.all())
			}
			for _, w := range c.want {
				if !strings.Contains(reports[0], w) {
					t.Errorf("the report lacks %q:\n%s", w, reports[0])
				}
			}
		})
	}
}

// TestOverrideUnknownType: overriding a type the app never provides fails
// the test through t.Fatal, with the framework's message.
func TestOverrideUnknownType(t *testing.T) {
	t.Parallel()
	f := newFakeTB(t)
	api := apitest.New(f, widgetApp(t), apitest.OverrideValue[http.Handler](http.NotFoundHandler()))
	if api != nil {
		t.Error("New returned an API for an app that does not build")
	}
	if len(f.fatals) != 1 || !strings.Contains(f.fatals[0], "http.Handler") {
		t.Errorf("want one fatal naming http.Handler, got:\n%s", f.all())
	}
}

// TestFailureShowsTheBody: a wrong expected status shows the problem the
// server answered, pretty, so its detail says why without a rerun.
func TestFailureShowsTheBody(t *testing.T) {
	t.Parallel()
	f := newFakeTB(t)
	api := apitest.New(f, widgetApp(t))
	api.GET("/widgets/41").Expect().Status(http.StatusOK)
	all := f.all()
	for _, want := range []string{"response body:", `"detail": "no such widget"`, `"status": 404`} {
		if !strings.Contains(all, want) {
			t.Errorf("the failure lacks %q:\n%s", want, all)
		}
	}
}

// TestUndocumentedStatusNamesTheFix: the report of an undocumented status
// says how to document it.
func TestUndocumentedStatusNamesTheFix(t *testing.T) {
	t.Parallel()
	f := newFakeTB(t)
	api := apitest.New(f, widgetApp(t), apitest.WithAppOptions(
		tamper("GET", "/widgets/1", http.StatusConflict, "application/problem+json", `{"type":"about:blank","title":"Conflict","status":409,"detail":"taken"}`)))
	api.GET("/widgets/1").Expect()
	all := f.all()
	for _, want := range []string{"status 409 is not documented", "fix:   if the route means to answer 409, document it: add framework.Raises(409) to the route's options",
		"response body:", `"detail": "taken"`} {
		if !strings.Contains(all, want) {
			t.Errorf("the report lacks %q:\n%s", want, all)
		}
	}
}
