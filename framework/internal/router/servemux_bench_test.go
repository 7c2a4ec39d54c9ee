package router_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/starling-http/starling/framework/internal/router"
)

// BenchmarkVsServeMux compares lookup in this router against net/http's
// ServeMux with the same routes: n/3 each of a static route, a route with
// one integer parameter and a route with three parameters (the middle one
// an integer), n in 10, 100 and 1,000. ServeMux cannot check a parameter's
// type, so its side parses the integers after matching, as a framework
// built on it would. Its side runs ServeHTTP into a no-op handler, which is
// how a router built on it finds a route and sets the path values; the
// request is made once, outside the loop.
func BenchmarkVsServeMux(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		groups := max(n/3, 1)
		var tree router.Tree[string]
		mux := http.NewServeMux()
		var sink int64
		add := func(method, ours, theirs string, check func(*http.Request)) {
			p, err := router.Parse(ours)
			if err != nil {
				b.Fatal(err)
			}
			if err := tree.Add(method, p, ours); err != nil {
				b.Fatal(err)
			}
			mux.HandleFunc(method+" "+theirs, func(_ http.ResponseWriter, r *http.Request) { check(r) })
		}
		for g := range groups {
			add("GET", fmt.Sprintf("/s%d/items", g), fmt.Sprintf("/s%d/items", g), func(*http.Request) {})
			add("GET", fmt.Sprintf("/p%d/items/{id:int}", g), fmt.Sprintf("/p%d/items/{id}", g), func(r *http.Request) {
				v, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
				sink += v
			})
			add("GET", fmt.Sprintf("/t%d/{a}/x/{b:int}/y/{c}", g), fmt.Sprintf("/t%d/{a}/x/{b}/y/{c}", g), func(r *http.Request) {
				v, _ := strconv.ParseInt(r.PathValue("b"), 10, 64)
				sink += v + int64(len(r.PathValue("a"))+len(r.PathValue("c")))
			})
		}
		last := groups - 1
		for _, c := range []struct{ name, path string }{
			{"static", fmt.Sprintf("/s%d/items", last)},
			{"1param", fmt.Sprintf("/p%d/items/42", last)},
			{"3params", fmt.Sprintf("/t%d/acme/x/42/y/blue", last)},
			{"miss", "/nope/items/42"},
		} {
			b.Run(fmt.Sprintf("routes=%d/path=%s/impl=starling", n, c.name), func(b *testing.B) {
				params := make([]string, tree.MaxParams())
				b.ReportAllocs()
				for b.Loop() {
					m := tree.Lookup("GET", c.path, params)
					if (m.Result == router.Found) == (c.name == "miss") {
						b.Fatal(m.Result)
					}
				}
			})
			b.Run(fmt.Sprintf("routes=%d/path=%s/impl=servemux", n, c.name), func(b *testing.B) {
				r := httptest.NewRequest("GET", c.path, nil)
				w := discard{h: http.Header{}}
				b.ReportAllocs()
				for b.Loop() {
					mux.ServeHTTP(w, r)
				}
			})
		}
		_ = sink
	}
}

// discard is a ResponseWriter that keeps nothing but one header map: the
// mux writes only on a miss (its 404 body), and the miss case measures that.
type discard struct{ h http.Header }

func (d discard) Header() http.Header       { return d.h }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}
