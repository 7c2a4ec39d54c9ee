package router_test

import (
	"testing"

	"github.com/starling-http/starling/framework/internal/router"
)

func BenchmarkLookup(b *testing.B) {
	tree := build(b, benchRoutes...)
	for _, bc := range []struct{ name, method, path string }{
		{"static", "GET", "/v1/payments"},
		{"2params", "GET", "/users/42/posts/7"},
		{"pathparam", "GET", "/static/css/site/main.css"},
		{"escaped", "GET", "/orgs/a%2Fb/members/7"},
		{"405", "PUT", "/users/42"},
		{"404", "GET", "/users/42/nope"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			params := make([]string, tree.MaxParams())
			b.ReportAllocs()
			for b.Loop() {
				if m := tree.Lookup(bc.method, bc.path, params); m.Result == router.Options {
					b.Fatal(m)
				}
			}
		})
	}
}
