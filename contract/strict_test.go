package contract_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
)

// strictServer is a test server exactly as strict as its document: every
// request the document refuses gets a 400 problem, every other one goes to
// serve. Seeded bugs then live only where serve puts them, so a probe
// report can be checked against a known list. lenient names the
// operations ("METHOD /path" as routed) that skip validation: their bug is
// accepting invalid input.
func strictServer(t testing.TB, doc string, lenient []string, serve http.Handler) http.Handler {
	t.Helper()
	d, err := libopenapi.NewDocument([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(d, config.WithFormatAssertions(), config.WithoutSecurityValidation())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	skip := map[string]bool{}
	for _, l := range lenient {
		skip[l] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(raw))
		_, pattern := serveMuxPattern(serve, r)
		if !skip[pattern] {
			check := r.Clone(r.Context())
			check.Body = io.NopCloser(bytes.NewReader(raw))
			if ok, _ := v.ValidateHttpRequestSync(check); !ok {
				fail(w, http.StatusBadRequest)
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(raw))
		serve.ServeHTTP(w, r)
	})
}

// serveMuxPattern returns the pattern a *http.ServeMux routes r to.
func serveMuxPattern(h http.Handler, r *http.Request) (http.Handler, string) {
	if m, ok := h.(*http.ServeMux); ok {
		return m.Handler(r)
	}
	return h, ""
}

// fail writes an RFC 9457 problem with status.
func fail(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, `{"title":%q,"status":%d}`, http.StatusText(status), status)
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// jsonBody decodes r's JSON object body (nil when there is none).
func jsonBody(r *http.Request) map[string]any {
	var m map[string]any
	_ = json.NewDecoder(r.Body).Decode(&m)
	return m
}
