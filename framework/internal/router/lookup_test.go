package router_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/starling-http/starling/framework/internal/router"
)

// lookupCase is one request and the expected outcome: want is the handler
// (the "METHOD /pattern" spec) and its params when Found, or the Allow value
// when MethodNotAllowed or Options.
type lookupCase struct {
	method, path string
	result       router.Result
	want         string
	params       []string
}

func runLookups(t *testing.T, tree *router.Tree[string], cases []lookupCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			params := make([]string, tree.MaxParams())
			m := tree.Lookup(c.method, c.path, params)
			if m.Result != c.result {
				t.Fatalf("Result = %v, want %v (match %+v)", m.Result, c.result, m)
			}
			switch m.Result {
			case router.Found:
				if m.Route.Handler != c.want {
					t.Errorf("handler = %q, want %q", m.Route.Handler, c.want)
				}
				if got := params[:m.NParams]; !slices.Equal(got, c.params) {
					t.Errorf("params = %q, want %q", got, c.params)
				}
				if m.Allow != "" {
					t.Errorf("Allow = %q on Found", m.Allow)
				}
			case router.MethodNotAllowed, router.Options:
				if m.Allow != c.want {
					t.Errorf("Allow = %q, want %q", m.Allow, c.want)
				}
				if got := tree.Allow(c.path); got != c.want {
					t.Errorf("Tree.Allow = %q, want %q", got, c.want)
				}
				if m.Route != nil {
					t.Errorf("Route = %+v, want nil", m.Route)
				}
			case router.NotFound:
				if m.Route != nil || m.Allow != "" {
					t.Errorf("NotFound with %+v", m)
				}
				if got := tree.Allow(c.path); got != "" {
					t.Errorf("Tree.Allow = %q, want \"\"", got)
				}
			}
		})
	}
}

const (
	nf   = router.NotFound
	ok   = router.Found
	n405 = router.MethodNotAllowed
	opts = router.Options
)

func TestLookupPriority(t *testing.T) {
	tree := build(t,
		"GET /",
		"GET /users",
		"GET /users/me",
		"GET /users/{id:int}",
		"GET /users/{id}/posts/{post_id}",
		"GET /a/{x}/c",
		"GET /a/b/d",
		"GET /files/{rest:path}",
		"GET /files/readme",
		"GET /files/{name}/meta",
		"GET /s/{x}/{y:path}",
		"GET /s/{x}/z",
		"GET /deep/{a}/{b}/{c}/{d}",
		"GET /deep/x/{b}/{c}/e",
	)
	runLookups(t, tree, []lookupCase{
		{"GET", "/", ok, "GET /", nil},
		{"GET", "", ok, "GET /", nil},
		{"GET", "/users", ok, "GET /users", nil},
		{"GET", "/users/me", ok, "GET /users/me", nil},
		{"GET", "/users/42", ok, "GET /users/{id:int}", []string{"42"}},
		{"GET", "/users/abc", ok, "GET /users/{id:int}", []string{"abc"}}, // types are not checked
		{"GET", "/users/me/posts/7", ok, "GET /users/{id}/posts/{post_id}", []string{"me", "7"}},
		{"GET", "/users/1/posts", nf, "", nil},
		{"GET", "/a/b/c", ok, "GET /a/{x}/c", []string{"b"}}, // backtracks from static b
		{"GET", "/a/b/d", ok, "GET /a/b/d", nil},
		{"GET", "/a/q/c", ok, "GET /a/{x}/c", []string{"q"}},
		{"GET", "/a/q/d", nf, "", nil},
		{"GET", "/files/readme", ok, "GET /files/readme", nil},
		{"GET", "/files/other", ok, "GET /files/{rest:path}", []string{"other"}},
		{"GET", "/files/a/b/c.txt", ok, "GET /files/{rest:path}", []string{"a/b/c.txt"}},
		{"GET", "/files/readme/meta", ok, "GET /files/{name}/meta", []string{"readme"}},
		{"GET", "/files/readme/x", ok, "GET /files/{rest:path}", []string{"readme/x"}},
		{"GET", "/files", nf, "", nil}, // a path parameter needs one segment
		{"GET", "/s/1/z", ok, "GET /s/{x}/z", []string{"1"}},
		{"GET", "/s/1/y", ok, "GET /s/{x}/{y:path}", []string{"1", "y"}},
		{"GET", "/s/1/z/w", ok, "GET /s/{x}/{y:path}", []string{"1", "z/w"}},
		{"GET", "/deep/x/1/2/e", ok, "GET /deep/x/{b}/{c}/e", []string{"1", "2"}},
		{"GET", "/deep/x/1/2/f", ok, "GET /deep/{a}/{b}/{c}/{d}", []string{"x", "1", "2", "f"}},
		{"GET", "/nope", nf, "", nil},
		{"GET", "users", nf, "", nil},
		{"GET", "*", nf, "", nil},
	})
}

func TestLookupTrailingSlashAndEmptySegments(t *testing.T) {
	tree := build(t, "GET /", "GET /users", "GET /users/{id}", "GET /files/{rest:path}")
	runLookups(t, tree, []lookupCase{
		{"GET", "/", ok, "GET /", nil},
		{"GET", "/users/", ok, "GET /users", nil},
		{"GET", "/users/7/", ok, "GET /users/{id}", []string{"7"}},
		{"GET", "/files/a/b/", ok, "GET /files/{rest:path}", []string{"a/b"}},
		{"GET", "//", nf, "", nil},
		{"GET", "/users//", nf, "", nil},
		{"GET", "//users", nf, "", nil},
		{"GET", "/users//7", nf, "", nil},
		{"GET", "/files//a", nf, "", nil},
		{"GET", "/files/a//b", nf, "", nil},
		{"GET", "/files/a/b//", nf, "", nil},
	})
}

func TestLookupDotSegments(t *testing.T) {
	tree := build(t, "GET /users/{id}", "GET /files/{rest:path}", "GET /admin")
	runLookups(t, tree, []lookupCase{
		{"GET", "/users/..", ok, "GET /users/{id}", []string{".."}},
		{"GET", "/users/.", ok, "GET /users/{id}", []string{"."}},
		{"GET", "/files/../admin", ok, "GET /files/{rest:path}", []string{"../admin"}},
		{"GET", "/users/../admin", nf, "", nil}, // not cleaned to /admin
		{"GET", "/./admin", nf, "", nil},
	})
}

func TestLookupEscapes(t *testing.T) {
	tree := build(t,
		"GET /users/{id}",
		"GET /users/{id}/b",
		"GET /users/me",
		"GET /files/{rest:path}",
		"GET /a%2Fb",
		"GET /caf\u00e9",
		"GET /sp%20ace/{x}",
	)
	runLookups(t, tree, []lookupCase{
		{"GET", "/users/a%2Fb", ok, "GET /users/{id}", []string{"a/b"}},
		{"GET", "/users/a%2fb/b", ok, "GET /users/{id}/b", []string{"a/b"}},
		{"GET", "/users/a/b", ok, "GET /users/{id}/b", []string{"a"}},
		{"GET", "/users/%6De", ok, "GET /users/me", nil}, // statics compare unescaped
		{"GET", "/users/m%65%2F", ok, "GET /users/{id}", []string{"me/"}},
		{"GET", "/users/a+b%20c", ok, "GET /users/{id}", []string{"a+b c"}},
		{"GET", "/users/%E2%9C%93", ok, "GET /users/{id}", []string{"\u2713"}},
		{"GET", "/users/%zz", nf, "", nil},
		{"GET", "/users/%2", nf, "", nil},
		{"GET", "/users/abc%", nf, "", nil},
		{"GET", "/files/a%2Fb/c%20d", ok, "GET /files/{rest:path}", []string{"a/b/c d"}},
		{"GET", "/files/a/%zz", nf, "", nil},
		{"GET", "/a%2Fb", ok, "GET /a%2Fb", nil},
		{"GET", "/a%2fb", ok, "GET /a%2Fb", nil},
		{"GET", "/a/b", nf, "", nil}, // %2F in a static pattern is not a separator
		{"GET", "/caf%C3%A9", ok, "GET /caf\u00e9", nil},
		{"GET", "/caf\u00e9", ok, "GET /caf\u00e9", nil},
		{"GET", "/caf%C3%A", nf, "", nil},
		{"GET", "/sp%20ace/1", ok, "GET /sp%20ace/{x}", []string{"1"}},
		{"GET", "/sp%20ac/1", nf, "", nil},
		{"GET", "/sp%20acee/1", nf, "", nil},
	})
}

func TestLookupMethods(t *testing.T) {
	tree := build(t,
		"GET /users",
		"POST /users",
		"GET /users/me",
		"DELETE /users/{id}",
		"PATCH /users/{id}",
		"PUT /only-put",
		"HEAD /head",
		"GET /head",
		"OPTIONS /opt",
		"POST /opt",
		"GET /files/{rest:path}",
		"DELETE /files/x/{name}",
	)
	runLookups(t, tree, []lookupCase{
		{"POST", "/users", ok, "POST /users", nil},
		{"PUT", "/users", n405, "GET, HEAD, OPTIONS, POST", nil},
		{"get", "/users", n405, "GET, HEAD, OPTIONS, POST", nil},
		{"HEAD", "/users", ok, "GET /users", nil},
		{"OPTIONS", "/users", opts, "GET, HEAD, OPTIONS, POST", nil},
		{"OPTIONS", "/users/", opts, "GET, HEAD, OPTIONS, POST", nil},
		{"OPTIONS", "/nope", nf, "", nil},
		// Methods of every matching pattern count: DELETE /users/me reaches {id}.
		{"DELETE", "/users/me", ok, "DELETE /users/{id}", []string{"me"}},
		{"GET", "/users/7", n405, "DELETE, OPTIONS, PATCH", nil},
		{"POST", "/users/me", n405, "DELETE, GET, HEAD, OPTIONS, PATCH", nil},
		{"OPTIONS", "/users/me", opts, "DELETE, GET, HEAD, OPTIONS, PATCH", nil},
		{"HEAD", "/users/me", ok, "GET /users/me", nil},
		{"HEAD", "/users/7", n405, "DELETE, OPTIONS, PATCH", nil},
		{"GET", "/only-put", n405, "OPTIONS, PUT", nil},
		{"HEAD", "/only-put", n405, "OPTIONS, PUT", nil},
		{"HEAD", "/head", ok, "HEAD /head", nil},
		{"GET", "/head", ok, "GET /head", nil},
		{"OPTIONS", "/opt", ok, "OPTIONS /opt", nil},
		{"GET", "/opt", n405, "OPTIONS, POST", nil},
		{"DELETE", "/files/x/y", ok, "DELETE /files/x/{name}", []string{"y"}},
		{"GET", "/files/x/y", ok, "GET /files/{rest:path}", []string{"x/y"}},
		{"PUT", "/files/x/y", n405, "DELETE, GET, HEAD, OPTIONS", nil},
		{"PUT", "/files/x/y/z", n405, "GET, HEAD, OPTIONS", nil},
	})
}

func TestLookupStaticIndex(t *testing.T) {
	// Many static children switch the node to a map; escaped segments still match.
	var specs []string
	for i := range 20 {
		specs = append(specs, fmt.Sprintf("GET /s%d", i))
	}
	specs = append(specs, "GET /{x}")
	tree := build(t, specs...)
	var cases []lookupCase
	for i := range 20 {
		cases = append(cases,
			lookupCase{"GET", fmt.Sprintf("/s%d", i), ok, fmt.Sprintf("GET /s%d", i), nil},
			lookupCase{"GET", fmt.Sprintf("/%%73%d", i), ok, fmt.Sprintf("GET /s%d", i), nil})
	}
	cases = append(cases, lookupCase{"GET", "/s20", ok, "GET /{x}", []string{"s20"}})
	runLookups(t, tree, cases)
}

func TestLookupParamsBuffer(t *testing.T) {
	tree := build(t, "GET /{a}/{b}")
	defer func() {
		if recover() == nil {
			t.Error("Lookup with a short params buffer did not panic")
		}
	}()
	tree.Lookup("GET", "/x/y", make([]string, 1))
}

func TestLookupEmptyTree(t *testing.T) {
	var tree router.Tree[int]
	if m := tree.Lookup("GET", "/", nil); m.Result != router.NotFound {
		t.Errorf("Lookup on an empty tree = %+v", m)
	}
}

func TestResultString(t *testing.T) {
	for r, want := range map[router.Result]string{router.NotFound: "NotFound", router.Found: "Found",
		router.MethodNotAllowed: "MethodNotAllowed", router.Options: "Options", 9: "Result(9)"} {
		if got := r.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}

func TestLookupAllocations(t *testing.T) {
	tree := build(t, benchRoutes...)
	params := make([]string, tree.MaxParams())
	for _, c := range []struct {
		method, path string
		allocs       float64
	}{
		{"GET", "/users", 0},
		{"GET", "/users/", 0},
		{"GET", "/users/42/posts/7", 0},
		{"GET", "/static/css/site/main.css", 0},
		{"HEAD", "/users/42", 0},
		{"GET", "/nope/x", 0},
		{"PUT", "/users/42", 0}, // 405, one pattern matches
		{"OPTIONS", "/users", 0},
		{"GET", "/users/%6De", 0},      // escaped static
		{"GET", "/users/a%2Fb", 1},     // unescaping one value
		{"GET", "/users/%zz/posts", 0}, // bad escape
	} {
		got := testing.AllocsPerRun(200, func() { tree.Lookup(c.method, c.path, params) })
		if got != c.allocs {
			t.Errorf("%s %s: %v allocs, want %v", c.method, c.path, got, c.allocs)
		}
	}
}

func TestLookupConcurrent(t *testing.T) {
	tree := build(t, benchRoutes...)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			params := make([]string, tree.MaxParams())
			for i := range 500 {
				path := fmt.Sprintf("/users/%d/posts/%d", g, i)
				m := tree.Lookup("GET", path, params)
				if m.Result != router.Found || params[0] != fmt.Sprint(g) || params[1] != fmt.Sprint(i) {
					t.Errorf("%s: %+v %q", path, m, params)
					return
				}
			}
		})
	}
	wg.Wait()
}

// benchRoutes is a small but realistic API.
var benchRoutes = []string{
	"GET /",
	"GET /health",
	"GET /users",
	"POST /users",
	"GET /users/me",
	"GET /users/{user_id:int}",
	"PATCH /users/{user_id:int}",
	"DELETE /users/{user_id:int}",
	"GET /users/{user_id:int}/posts",
	"GET /users/{user_id:int}/posts/{post_id:int}",
	"GET /orgs/{org}/members/{id:uuid}",
	"GET /orgs/{org}/repos",
	"GET /static/{rest:path}",
	"GET /search",
	"GET /v1/items",
	"GET /v1/items/{id}",
	"GET /v1/orders",
	"GET /v1/orders/{id}",
	"GET /v1/carts",
	"GET /v1/carts/{id}",
	"GET /v1/accounts",
	"GET /v1/invoices",
	"GET /v1/payments",
	"GET /v1/refunds",
	"GET /v1/events",
}
