package router_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework/internal/router"
)

// build registers "METHOD /pattern" routes; each handler is its own spec.
func build(t testing.TB, specs ...string) *router.Tree[string] {
	t.Helper()
	var tree router.Tree[string]
	for _, spec := range specs {
		method, raw, _ := strings.Cut(spec, " ")
		p, err := router.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := tree.Add(method, p, spec); err != nil {
			t.Fatal(err)
		}
	}
	return &tree
}

func TestAddCollisions(t *testing.T) {
	tests := []struct {
		existing, added string
		collide         bool
	}{
		{"GET /users/{id:int}", "GET /users/{name:str}", true},
		{"GET /users/{id:int}", "GET /users/{id}", true},
		{"GET /users", "GET /users/", true},
		{"GET /", "GET /", true},
		{"GET /files/{rest:path}", "GET /files/{p:path}", true},
		{"GET /a/{x}/b/{y:uuid}", "GET /a/{y:int}/b/{x:date}", true},
		{"GET /users/{id:int}", "POST /users/{name:str}", false},
		{"GET /users/{id}", "HEAD /users/{id}", false},
		{"GET /users/{id}", "OPTIONS /users/{id}", false},
		{"GET /users/{id}", "GET /users/me", false},
		{"GET /files/{rest:path}", "GET /files/{name}", false},
		{"GET /users/{id}", "GET /users/{id}/posts", false},
		{"GET /a%20b", "GET /a%20b/", true},
		{"GET /caf%C3%A9", "GET /caf\u00e9", true},
		{"GET /users", "get /users", false},
	}
	for _, tt := range tests {
		t.Run(tt.existing+" + "+tt.added, func(t *testing.T) {
			tree := build(t, tt.existing)
			method, raw, _ := strings.Cut(tt.added, " ")
			p, err := router.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			err = tree.Add(method, p, tt.added)
			if !tt.collide {
				if err != nil {
					t.Fatalf("Add: %v", err)
				}
				return
			}
			var ce *router.CollisionError
			if !errors.As(err, &ce) {
				t.Fatalf("Add error = %v, want *CollisionError", err)
			}
			_, existing, _ := strings.Cut(tt.existing, " ")
			if ce.Pattern != raw || ce.Existing != existing || ce.Method != method {
				t.Errorf("CollisionError = %+v", ce)
			}
			if msg := err.Error(); !strings.Contains(msg, raw) || !strings.Contains(msg, existing) {
				t.Errorf("error %q does not name both patterns", msg)
			}
		})
	}
}

func TestAddInvalid(t *testing.T) {
	var tree router.Tree[int]
	p, _ := router.Parse("/x")
	for _, m := range []string{"", "G ET", "GET\n", "GÉT", "GET/"} {
		if err := tree.Add(m, p, 1); err == nil {
			t.Errorf("Add(%q) succeeded", m)
		}
	}
	if err := tree.Add("GET", router.Pattern{}, 1); err == nil {
		t.Error("Add with a zero Pattern succeeded")
	}
	if err := tree.Add("M-SEARCH", p, 1); err != nil {
		t.Errorf("Add(M-SEARCH): %v", err)
	}
}

func TestRoutesAndMaxParams(t *testing.T) {
	specs := []string{"GET /b", "POST /a/{x}/{y}", "GET /a/{x:path}", "DELETE /", "PUT /b"}
	tree := build(t, specs...)
	var got []string
	for r := range tree.Routes() {
		got = append(got, r.Method+" "+r.Pattern.Raw)
		if r.Handler != got[len(got)-1] {
			t.Errorf("handler %q for %s", r.Handler, got[len(got)-1])
		}
	}
	if !slices.Equal(got, specs) {
		t.Errorf("Routes = %q, want %q", got, specs)
	}
	for range tree.Routes() {
		break // early stop must not panic
	}
	if n := tree.MaxParams(); n != 2 {
		t.Errorf("MaxParams = %d, want 2", n)
	}
}
