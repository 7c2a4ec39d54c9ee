package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/internal/plan"
)

// Body returns a request transformer that sends v as the request's JSON
// body exactly as a client of the document would: encoded through the DTO
// of the route the request goes to, so fields the DTO excludes and
// read-only fields are left out, write-only fields are sent, and renamed
// fields go under their wire names. For a Partial body only the fields v
// sets are sent (a zero field is left out, as a client sends only what it
// changes; send a zero with WithJSON and a map). It sets Content-Type to
// application/json.
//
//	note := fakes.Make[Note](t, fakes.DTO(NoteDTO))
//	api.POST("/notes").WithTransformer(apitest.Body(api, note)).
//		Expect().Status(http.StatusCreated)
//
// encoding/json (httpexpect's WithJSON) knows none of this: it sends a
// read-only ID as 0 and the server answers 400.
//
// The route is found among the app's routes by method and path; the test
// fails when there is none, when it takes no body, or when v is not of the
// route's body type. It needs an API made by New (NewHandler has no app).
func Body[T any](api *API, v T) func(*http.Request) {
	return func(r *http.Request) {
		t := api.t
		t.Helper()
		if api.app == nil {
			t.Errorf("apitest.Body: %s %s: the API has no app to read the route's DTO from (use New, not NewHandler)", r.Method, r.URL.Path)
			return
		}
		id, ok := routeFor(api.app, r.Method, r.URL.Path)
		if !ok {
			t.Errorf("apitest.Body: %s %s is not a route of the app", r.Method, r.URL.Path)
			return
		}
		spec, ok := api.app.RequestBody(id)
		if !ok {
			t.Errorf("apitest.Body: %s %s (operation %s) takes no body", r.Method, r.URL.Path, id)
			return
		}
		wire, ok := spec.(plan.Spec)
		if !ok {
			t.Errorf("apitest.Body: %s %s (operation %s): the app's DTO %v has no plan", r.Method, r.URL.Path, id, spec)
			return
		}
		if model := reflect.TypeFor[T](); model != wire.Model() {
			t.Errorf("apitest.Body: %s %s (operation %s) takes a body of type %s, not %s", r.Method, r.URL.Path, id, wire.Model(), model)
			return
		}
		b := fakes.JSON(t, v, fakes.DTO(spec))
		if wire.Config().Partial {
			b = withoutZeroMembers(b)
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		r.ContentLength = int64(len(b))
		r.Header.Set("Content-Type", "application/json")
	}
}

// withoutZeroMembers drops the members of a JSON object whose values are
// zero (null, false, 0, "", [] or {}), keeping the others' order and bytes.
func withoutZeroMembers(b []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return b
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return b
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return b
		}
		switch strings.TrimSpace(string(raw)) {
		case "null", "false", "0", `""`, "[]", "{}":
			continue
		}
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		out.Write(k)
		out.WriteByte(':')
		out.Write(raw)
	}
	out.WriteByte('}')
	return out.Bytes()
}

// routeFor finds the operation ID of the app's route for method and path.
// Route patterns carry parameter types ("{id:int}"); a parameter matches
// one segment, a trailing "{rest...}" the remainder.
func routeFor(app *framework.App, method, path string) (string, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, ri := range app.Routes() {
		if ri.Method != method {
			continue
		}
		pat := strings.Split(strings.Trim(ri.Path, "/"), "/")
		if matchSegments(pat, segs) {
			return ri.OperationID, true
		}
	}
	return "", false
}

func matchSegments(pat, segs []string) bool {
	for i, p := range pat {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "...}") {
			return true
		}
		if i >= len(segs) {
			return false
		}
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if p != segs[i] {
			return false
		}
	}
	return len(pat) == len(segs)
}
