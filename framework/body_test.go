package framework_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

type note struct {
	Title string   `json:"title" validate:"required,minLength=1"`
	Tags  []string `json:"tags,omitempty"`
}

type createNote struct {
	Body  note `body:""`
	Draft bool `query:"draft"`
}

type maybeNote struct {
	Body *note `body:""`
}

// bodyApp has a required body, an optional body and small limits.
func bodyApp(tb testing.TB) *framework.App {
	tb.Helper()
	create := func(_ context.Context, in createNote) (note, error) { return in.Body, nil }
	return newApp(tb, framework.Mount(
		framework.Post("/notes", create),
		framework.Put("/maybe", func(_ context.Context, in maybeNote) (string, error) {
			if in.Body == nil {
				return "none", nil
			}
			return in.Body.Title, nil
		}),
		framework.Controller{
			Path: "/small", BodyLimit: 16,
			Routes: []framework.Route{
				framework.Post("/", create),
				framework.Post("/tiny", create, framework.BodyLimit(12)),
			},
		},
	))
}

func TestJSONBody(t *testing.T) {
	t.Parallel()
	a := bodyApp(t)
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		want                                  string
	}{
		{"decoded and echoed", "POST", "/notes", "application/json", `{"title":"hi","tags":["a"]}`, 201, `{"title":"hi","tags":["a"]}`},
		{"charset utf-8", "POST", "/notes", "application/json; charset=UTF-8", `{"title":"hi"}`, 201, `{"title":"hi"}`},
		{"quoted charset", "POST", "/notes", `application/json;charset="utf-8"`, `{"title":"hi"}`, 201, `{"title":"hi"}`},
		{"+json media type", "POST", "/notes", "application/merge-patch+json", `{"title":"hi"}`, 201, `{"title":"hi"}`},
		{"media type is case-insensitive", "POST", "/notes", "Application/JSON", `{"title":"hi"}`, 201, `{"title":"hi"}`},
		{"optional body present", "PUT", "/maybe", "application/json", `{"title":"x"}`, 200, `"x"`},
		{"optional body absent", "PUT", "/maybe", "", ``, 200, `"none"`},
		{"optional body empty with a content type", "PUT", "/maybe", "application/json", ``, 200, `"none"`},
		{"at the limit", "POST", "/small", "application/json", `{"title":"abcd"}`, 201, `{"title":"abcd"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(t, a, tt.method, tt.path, strings.NewReader(tt.body), "Content-Type", tt.contentType)
			wantStatus(t, w, tt.status)
			if got := w.Body.String(); got != tt.want {
				t.Errorf("body = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestJSONBodyErrors(t *testing.T) {
	t.Parallel()
	a := bodyApp(t)
	tests := []struct {
		name, path, contentType, body string
		status                        int
		wantLocations                 []string
		wantDetail                    []string
	}{
		{name: "malformed JSON gives the byte offset", path: "/notes", contentType: "application/json", body: `{"title":"a",}`,
			status: 400, wantLocations: []string{"body"}, wantDetail: []string{"offset 13"}},
		{name: "truncated JSON", path: "/notes", contentType: "application/json", body: `{"title":`,
			status: 400, wantLocations: []string{"body.title"}, wantDetail: []string{"offset 9"}},
		{name: "trailing garbage", path: "/notes", contentType: "application/json", body: `{"title":"a"} x`,
			status: 400, wantLocations: []string{"body"}, wantDetail: []string{"offset 14"}},
		{name: "wrong JSON type", path: "/notes", contentType: "application/json", body: `{"title":1}`,
			status: 400, wantLocations: []string{"body.title"}},
		{name: "missing required field", path: "/notes", contentType: "application/json", body: `{}`,
			status: 400, wantLocations: []string{"body.title"}},
		{name: "empty body without a content type", path: "/notes", body: ``,
			status: 400, wantLocations: []string{"body"}, wantDetail: []string{"body: a JSON request body is required"}},
		{name: "empty body with a content type", path: "/notes", contentType: "application/json", body: ``,
			status: 400, wantLocations: []string{"body"}},
		{name: "params and body errors together", path: "/notes?draft=perhaps", contentType: "application/json", body: `{"title":""}`,
			status: 400, wantLocations: []string{"query.draft", "body.title"}},
		{name: "wrong content type", path: "/notes", contentType: "text/plain", body: `{"title":"a"}`,
			status: 415, wantDetail: []string{"application/json", "text/plain"}},
		{name: "no content type", path: "/notes", body: `{"title":"a"}`,
			status: 415, wantDetail: []string{"no Content-Type"}},
		{name: "charset other than utf-8", path: "/notes", contentType: "application/json; charset=iso-8859-1", body: `{"title":"a"}`,
			status: 415, wantDetail: []string{"UTF-8", "iso-8859-1"}},
		{name: "form body", path: "/notes", contentType: "application/x-www-form-urlencoded", body: `title=a`,
			status: 415},
		{name: "over the controller's limit", path: "/small", contentType: "application/json", body: `{"title":"abcde"}`,
			status: 413, wantDetail: []string{"16 bytes"}},
		{name: "over the route's limit", path: "/small/tiny", contentType: "application/json", body: `{"title":"a"}`,
			status: 413, wantDetail: []string{"12 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(t, a, http.MethodPost, tt.path, strings.NewReader(tt.body), "Content-Type", tt.contentType)
			p, _ := problem(t, w, tt.status)
			if tt.wantLocations != nil {
				if diff := cmp.Diff(tt.wantLocations, locations(p)); diff != "" {
					t.Errorf("locations (-want +got):\n%s", diff)
				}
			}
			wantContains(t, p.Detail, tt.wantDetail...)
			if tt.status == http.StatusUnsupportedMediaType && w.Header().Get("Accept") != "application/json" {
				t.Errorf("415 without Accept: %v", w.Header())
			}
		})
	}
}

func TestBodyLimitByContentLength(t *testing.T) {
	t.Parallel()
	a := bodyApp(t)
	// The declared length is refused before a byte is read, so a request
	// that claims more than 10 MiB is a 413 even with a small body.
	r := httptest.NewRequest(http.MethodPost, "/notes", strings.NewReader(`{"title":"a"}`))
	r.Header.Set("Content-Type", "application/json")
	r.ContentLength = framework.DefaultBodyLimit + 1
	w := httptest.NewRecorder()
	a.ServeHTTP(w, r)
	p, _ := problem(t, w, http.StatusRequestEntityTooLarge)
	wantContains(t, p.Detail, "10485760 bytes")
	if got := a.Routes()[0].BodyLimit; got != 10<<20 {
		t.Errorf("default limit = %d, want 10 MiB", got)
	}
}

// onlyReader hides a reader's type so that net/http cannot learn its length
// and sends it chunked.
type onlyReader struct{ io.Reader }

func TestBodyLimitWithoutContentLength(t *testing.T) {
	t.Parallel()
	a := bodyApp(t)
	t.Run("recorder", func(t *testing.T) {
		t.Parallel()
		r := httptest.NewRequest(http.MethodPost, "/small", onlyReader{strings.NewReader(`{"title":"abcdefgh"}`)})
		r.Header.Set("Content-Type", "application/json")
		if r.ContentLength != -1 {
			t.Fatalf("ContentLength = %d, want unknown", r.ContentLength)
		}
		w := httptest.NewRecorder()
		a.ServeHTTP(w, r)
		problem(t, w, http.StatusRequestEntityTooLarge)
	})
	t.Run("chunked over the network", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength != -1 || !slices.Equal(r.TransferEncoding, []string{"chunked"}) {
				t.Errorf("the server saw Content-Length %d, Transfer-Encoding %v; want a chunked body", r.ContentLength, r.TransferEncoding)
			}
			a.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		for _, tt := range []struct {
			body   string
			status int
		}{
			{`{"title":"abcdefgh"}`, http.StatusRequestEntityTooLarge},
			{`{"title":"ab"}`, http.StatusCreated},
		} {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/small", onlyReader{strings.NewReader(tt.body)})
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("%s: status %d, want %d", tt.body, resp.StatusCode, tt.status)
			}
		}
	})
}
