package impl_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/starling-http/starling/bench/impl"
	"github.com/starling-http/starling/bench/workload"
)

func do(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("body %q: %v", w.Body.String(), err)
	}
	return v
}

func expect(t *testing.T, w *httptest.ResponseRecorder, status int, contentType string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); contentType != "" && !strings.HasPrefix(ct, contentType) {
		t.Fatalf("Content-Type %q, want %q", ct, contentType)
	}
}

// TestResponses checks that every implementation answers every workload the
// same way: statuses, bodies, and 4xx for each invalid create body.
func TestResponses(t *testing.T) {
	store := workload.NewStore()
	for _, fw := range impl.All {
		t.Run(fw.Name, func(t *testing.T) {
			h, err := fw.New()
			if err != nil {
				t.Fatal(err)
			}
			t.Run("get", func(t *testing.T) {
				w := do(h, "GET", workload.PathGet, "")
				expect(t, w, 200, "application/json")
				want, _ := store.Get(7)
				if got := decode[workload.User](t, w); !reflect.DeepEqual(got, want) {
					t.Fatalf("got %+v, want %+v", got, want)
				}
			})
			t.Run("get absent", func(t *testing.T) {
				expect(t, do(h, "GET", workload.PathGetAbsent, ""), 404, "")
			})
			t.Run("get non-int id", func(t *testing.T) {
				w := do(h, "GET", "/users/abc", "")
				if w.Code < 400 || w.Code > 499 {
					t.Fatalf("status %d, want 4xx", w.Code)
				}
			})
			t.Run("create", func(t *testing.T) {
				w := do(h, "POST", workload.PathCreate, workload.CreateBody)
				expect(t, w, 201, "application/json")
				got := decode[map[string]any](t, w)
				want := map[string]any{"email": "ada@example.com", "name": "Ada Lovelace", "age": 36.0, "tags": []any{"math", "engines"}}
				id, _ := got["id"].(float64)
				if id <= 0 {
					t.Fatalf("id %v", got["id"])
				}
				delete(got, "id")
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("got %v, want %v", got, want)
				}
			})
			t.Run("create minimal", func(t *testing.T) {
				w := do(h, "POST", workload.PathCreate, `{"email":"a@b.io","password":"12345678","name":"A"}`)
				expect(t, w, 201, "application/json")
				if got := decode[workload.User](t, w); got.Age != 0 || got.Name != "A" {
					t.Fatalf("got %+v", got)
				}
			})
			for name, body := range workload.InvalidBodies {
				t.Run("invalid "+name, func(t *testing.T) {
					w := do(h, "POST", workload.PathCreate, body)
					if w.Code != 400 && w.Code != 422 {
						t.Fatalf("status %d, want 400 or 422; body %s", w.Code, w.Body.String())
					}
				})
			}
			t.Run("list", func(t *testing.T) {
				w := do(h, "GET", workload.PathList, "")
				expect(t, w, 200, "application/json")
				if got := decode[[]workload.User](t, w); !reflect.DeepEqual(got, store.List()) {
					t.Fatalf("got %d users, want the store's %d", len(got), len(store.List()))
				}
			})
			t.Run("di", func(t *testing.T) {
				w := do(h, "GET", workload.PathDI, "")
				expect(t, w, 200, "application/json")
				if got := decode[workload.Chain](t, w); got != (workload.Chain{A: "a", B: "b", C: "c"}) {
					t.Fatalf("got %+v", got)
				}
			})
			t.Run("plaintext", func(t *testing.T) {
				w := do(h, "GET", workload.PathPlaintext, "")
				expect(t, w, 200, "text/plain")
				if got := w.Body.String(); got != workload.Hello {
					t.Fatalf("got %q", got)
				}
			})
		})
	}
}
