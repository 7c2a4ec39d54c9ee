package contract_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkMockRoundTrip is one in-process exchange with the users mock:
// routing, request validation (path parameter, credentials, JSON body
// against its schema) and the prepared, valid-by-construction answer.
func BenchmarkMockRoundTrip(b *testing.B) {
	h := newUsersMock(b)
	cases := []struct {
		name, method, path, body string
	}{
		{"get", "GET", "/users/7", ""},
		{"list", "GET", "/users?limit=10&offset=0", ""},
		{"create", "POST", "/users", `{"email":"ada@example.com","name":"Ada","password":"correct horse","tags":["a","b"]}`},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var body io.Reader = http.NoBody
				if c.body != "" {
					body = strings.NewReader(c.body)
				}
				r := httptest.NewRequest(c.method, c.path, body)
				r.Header.Set("Authorization", "Bearer t")
				if c.body != "" {
					r.Header.Set("Content-Type", "application/json")
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code >= 300 {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
