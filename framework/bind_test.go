package framework_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/starling-http/starling/framework"
)

type searchIn struct {
	Q      string     `query:"q"`
	Limit  int        `query:"limit" default:"20" validate:"minimum=1,maximum=100"`
	Offset *int       `query:"offset"`
	Tags   []string   `query:"tag"`
	IDs    []int      `query:"id" validate:"maxItems=3"`
	Active bool       `query:"active"`
	Since  *time.Time `query:"since"`
	Ratio  float64    `query:"ratio" default:"0.5"`
	Sort   string     `query:"sort" default:"name" validate:"enum=name|date"`
	Need   string     `query:"need" validate:"required"`
	hidden string     // unexported fields are not bound
}

type searchOut struct {
	Q      string   `json:"q"`
	Limit  int      `json:"limit"`
	Offset *int     `json:"offset"`
	Tags   []string `json:"tags"`
	IDs    []int    `json:"ids"`
	Active bool     `json:"active"`
	Since  *string  `json:"since"`
	Ratio  float64  `json:"ratio"`
	Sort   string   `json:"sort"`
	Need   string   `json:"need"`
}

func search(_ context.Context, in searchIn) (searchOut, error) {
	out := searchOut{
		Q: in.Q, Limit: in.Limit, Offset: in.Offset, Tags: in.Tags, IDs: in.IDs,
		Active: in.Active, Ratio: in.Ratio, Sort: in.Sort, Need: in.Need + in.hidden,
	}
	if in.Since != nil {
		s := in.Since.UTC().Format(time.RFC3339)
		out.Since = &s
	}
	return out, nil
}

func ptr[T any](v T) *T { return &v }

func TestQueryBinding(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(framework.Get("/search", search)))
	defaults := searchOut{Limit: 20, Ratio: 0.5, Sort: "name", Need: "x"}
	tests := []struct {
		name  string
		query string
		want  searchOut
	}{
		{"defaults", "need=x", defaults},
		{"scalars", "need=x&q=go+lang&limit=5&active=true&ratio=2.25&sort=date",
			searchOut{Q: "go lang", Limit: 5, Active: true, Ratio: 2.25, Sort: "date", Need: "x"}},
		{"optional pointer present", "need=x&offset=0&since=2024-05-06T07:08:09%2B02:00",
			searchOut{Limit: 20, Ratio: 0.5, Sort: "name", Need: "x", Offset: ptr(0), Since: ptr("2024-05-06T05:08:09Z")}},
		{"repeated values fill slices", "need=x&tag=a&tag=b&id=3&id=1",
			searchOut{Limit: 20, Ratio: 0.5, Sort: "name", Need: "x", Tags: []string{"a", "b"}, IDs: []int{3, 1}}},
		{"an empty value is a value", "need=x&q=", defaults},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := get(t, a, "/search?"+tt.query)
			wantStatus(t, w, http.StatusOK)
			if diff := cmp.Diff(tt.want, decodeJSON[searchOut](t, w), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestQueryBindingErrors(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(framework.Get("/search", search)))
	tests := []struct {
		name  string
		query string
		want  []framework.Violation
	}{
		{"required", "", []framework.Violation{
			{Location: "query.need", Pointer: "/need", Rule: "required", Message: "is required"},
		}},
		{"every bad parameter at once", "limit=0&offset=x&id=1&id=two&active=maybe&sort=size&since=now", []framework.Violation{
			{Location: "query.limit", Pointer: "/limit", Rule: "minimum", Value: "0"},
			{Location: "query.offset", Pointer: "/offset", Rule: "type", Value: "x"},
			{Location: "query.id.1", Pointer: "/id/1", Rule: "type", Value: "two"},
			{Location: "query.active", Pointer: "/active", Rule: "type", Value: "maybe"},
			{Location: "query.since", Pointer: "/since", Rule: "format", Value: "now"},
			{Location: "query.sort", Pointer: "/sort", Rule: "enum", Value: "size"},
			{Location: "query.need", Pointer: "/need", Rule: "required", Message: "is required"},
		}},
		{"too many items", "need=x&id=1&id=2&id=3&id=4", []framework.Violation{
			{Location: "query.id", Pointer: "/id", Rule: "maxItems"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := problem(t, get(t, a, "/search?"+tt.query), http.StatusBadRequest)
			if p.Title != "Validation failed" {
				t.Errorf("title = %q", p.Title)
			}
			// Messages are the codec's; check they exist rather than their words.
			for i := range p.Errors {
				if p.Errors[i].Message == "" {
					t.Errorf("error %d has no message", i)
				}
				if i < len(tt.want) && tt.want[i].Message == "" {
					p.Errors[i].Message = ""
				}
			}
			if diff := cmp.Diff(tt.want, p.Errors, sortByLocation); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// sortByLocation compares violation lists whatever their order.
var sortByLocation = cmp.Transformer("byLocation", func(vs []framework.Violation) map[string]framework.Violation {
	m := make(map[string]framework.Violation, len(vs))
	for _, v := range vs {
		m[v.Location] = v
	}
	return m
})

type headerIn struct {
	ID        int      `path:"id"`
	Token     string   `header:"x-token" validate:"required"`
	Languages []string `header:"Accept-Language"`
	Trace     *string  `header:"X-Trace"`
	Retries   int      `header:"X-Retries" default:"3"`
	Session   string   `cookie:"session" validate:"required"`
	Theme     *string  `cookie:"theme"`
}

type headerOut struct {
	ID        int      `json:"id"`
	Token     string   `json:"token"`
	Languages []string `json:"languages"`
	Trace     *string  `json:"trace"`
	Retries   int      `json:"retries"`
	Session   string   `json:"session"`
	Theme     *string  `json:"theme"`
}

func TestHeaderAndCookieBinding(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(framework.Get("/h/{id:int}", func(_ context.Context, in headerIn) (headerOut, error) {
		return headerOut(in), nil
	})))
	request := func(path string, header http.Header, cookies ...*http.Cookie) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		for k, vs := range header {
			r.Header[k] = vs
		}
		for _, c := range cookies {
			r.AddCookie(c)
		}
		w := httptest.NewRecorder()
		a.ServeHTTP(w, r)
		return w
	}
	t.Run("all present", func(t *testing.T) {
		t.Parallel()
		w := request("/h/7", http.Header{
			"X-Token":         {"secret"},
			"Accept-Language": {"en, fr", "de"},
			"X-Trace":         {"t-1"},
			"X-Retries":       {"5"},
		}, &http.Cookie{Name: "session", Value: "s1"}, &http.Cookie{Name: "theme", Value: "dark"})
		wantStatus(t, w, http.StatusOK)
		want := headerOut{ID: 7, Token: "secret", Languages: []string{"en", "fr", "de"}, Trace: ptr("t-1"), Retries: 5, Session: "s1", Theme: ptr("dark")}
		if diff := cmp.Diff(want, decodeJSON[headerOut](t, w), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("optional absent, default used", func(t *testing.T) {
		t.Parallel()
		w := request("/h/7", http.Header{"X-Token": {"secret"}}, &http.Cookie{Name: "session", Value: "s1"})
		wantStatus(t, w, http.StatusOK)
		want := headerOut{ID: 7, Token: "secret", Retries: 3, Session: "s1"}
		if diff := cmp.Diff(want, decodeJSON[headerOut](t, w), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("every bad parameter in one 400", func(t *testing.T) {
		t.Parallel()
		w := request("/h/seven", http.Header{"X-Retries": {"many"}}, &http.Cookie{Name: "theme", Value: "dark"})
		p, _ := problem(t, w, http.StatusBadRequest)
		want := []string{"path.id", "header.X-Token", "header.X-Retries", "cookie.session"}
		if diff := cmp.Diff(want, locations(p)); diff != "" {
			t.Errorf("locations (-want +got):\n%s", diff)
		}
		if p.Detail != "4 invalid values; see errors" {
			t.Errorf("detail = %q", p.Detail)
		}
	})
}

func TestBindingBuildErrors(t *testing.T) {
	t.Parallel()
	type noTag struct {
		Q string
	}
	type twoTags struct {
		Q string `query:"q" header:"q"`
	}
	type structParam struct {
		Q struct{ A int } `query:"q"`
	}
	type sliceDefault struct {
		Q []int `query:"q" default:"1"`
	}
	type badDefault struct {
		Q int `query:"q" default:"ten"`
	}
	type defaultBreaksRule struct {
		Q int `query:"q" default:"0" validate:"minimum=1"`
	}
	type noName struct {
		Q string `header:""`
	}
	type twice struct {
		A string `query:"q"`
		B string `query:"q"`
	}
	type unknownRule struct {
		Q int `query:"q" validate:"min=1"`
	}
	type sliceCookie struct {
		Q []string `cookie:"q"`
	}
	type unexportedTagged struct {
		q string `query:"q"` // the mistake under test
	}
	type paging struct {
		Limit int `query:"limit"`
	}
	type embedsUnexported struct {
		paging
	}
	type Paging struct {
		Limit int `query:"limit"`
	}
	type embedsExported struct {
		*Paging
	}
	type badMap struct {
		Meta map[complex64]string `json:"meta"`
	}
	type badBody struct {
		Body badMap `body:""`
	}
	route := func(h framework.Route) framework.Option { return framework.Mount(h) }
	tests := []struct {
		name string
		opt  framework.Option
		want []string
	}{
		{"field without a binding tag", route(framework.Get("/x", func(context.Context, noTag) (string, error) { return "", nil })),
			[]string{"route GET /x", "noTag.Q has no binding tag", "path, query, header, cookie, body or inject"}},
		{"two binding tags", route(framework.Get("/x", func(context.Context, twoTags) (string, error) { return "", nil })),
			[]string{"route GET /x", "twoTags.Q has more than one binding tag"}},
		{"struct parameter", route(framework.Get("/x", func(context.Context, structParam) (string, error) { return "", nil })),
			[]string{"route GET /x", "structParam.Q", "must be a string, number, bool or time"}},
		{"default on a slice", route(framework.Get("/x", func(context.Context, sliceDefault) (string, error) { return "", nil })),
			[]string{"route GET /x", "sliceDefault.Q", "defaults are not supported on slice parameters"}},
		{"default of the wrong type", route(framework.Get("/x", func(context.Context, badDefault) (string, error) { return "", nil })),
			[]string{"route GET /x", "badDefault.Q", `default "ten"`}},
		{"default that breaks the rules", route(framework.Get("/x", func(context.Context, defaultBreaksRule) (string, error) { return "", nil })),
			[]string{"route GET /x", "defaultBreaksRule.Q", `default "0"`}},
		{"tag without a name", route(framework.Get("/x", func(context.Context, noName) (string, error) { return "", nil })),
			[]string{"route GET /x", "noName.Q", "the header tag needs a name"}},
		{"parameter bound twice", route(framework.Get("/x", func(context.Context, twice) (string, error) { return "", nil })),
			[]string{"route GET /x", "twice.B", `query parameter "q" is bound twice`}},
		{"unknown rule", route(framework.Get("/x", func(context.Context, unknownRule) (string, error) { return "", nil })),
			[]string{"route GET /x", "unknownRule.Q", "min"}},
		{"slice cookie", route(framework.Get("/x", func(context.Context, sliceCookie) (string, error) { return "", nil })),
			[]string{"route GET /x", "sliceCookie.Q", "cookie"}},
		{"unexported tagged field", route(framework.Get("/x", func(context.Context, unexportedTagged) (string, error) { return "", nil })),
			[]string{"route GET /x", "unexportedTagged.q is unexported", "export it"}},
		{"embedded unexported struct with tagged fields", route(framework.Get("/x", func(context.Context, embedsUnexported) (string, error) { return "", nil })),
			[]string{"route GET /x", "embedsUnexported.paging is embedded", "not bound"}},
		{"embedded exported struct pointer with tagged fields", route(framework.Get("/x", func(context.Context, embedsExported) (string, error) { return "", nil })),
			[]string{"route GET /x", "embedsExported.Paging is embedded", "not bound"}},
		{"body the JSON codec cannot describe", route(framework.Post("/x", func(context.Context, badBody) (string, error) { return "", nil })),
			[]string{"route POST /x", "badMap.Meta: map[complex64]string: map keys must be strings"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := buildError(t, tt.opt)
			wantContains(t, err, tt.want...)
			// The user never meets the internal package that compiles types.
			if strings.Contains(err, "plan:") {
				t.Errorf("the error names an internal package: %s", err)
			}
		})
	}
}
