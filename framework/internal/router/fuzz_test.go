package router_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework/internal/router"
)

// fuzzRoutes exercise every node kind, backtracking, escapes and methods.
var fuzzRoutes = []string{
	"GET /",
	"GET /a",
	"POST /a",
	"GET /a/b",
	"GET /a/{x}",
	"DELETE /a/{x}",
	"GET /a/{x}/c",
	"GET /a/b/d",
	"GET /a/{x}/{y}/{z}",
	"PUT /a/b/{y:path}",
	"GET /a/{x}/{rest:path}",
	"GET /%2F/{x}",
	"GET /caf\u00e9/{x:int}",
	"HEAD /h/{x}",
	"OPTIONS /o",
	"GET /f/{rest:path}",
	"GET /f/x",
	"POST /f/{name}/y",
}

var fuzzMethods = []string{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}

func FuzzLookup(f *testing.F) {
	tree := build(f, fuzzRoutes...)
	ref := newReference(f, fuzzRoutes)
	for _, p := range []string{"/", "", "/a", "/a/", "/a/b", "/a/b/c", "/a/b/d", "/a/q/c", "/a/1/2/3",
		"/a/1/2/3/4", "/a/b/x/y", "/%2F/1", "/%2f/%2F", "/caf%C3%A9/7", "/h/1", "/o", "/f/x/y",
		"/f/%zz", "//", "/a//b", "/a/%", "/a/..", "*"} {
		f.Add(uint8(0), p)
	}
	f.Fuzz(func(t *testing.T, m uint8, path string) {
		method := fuzzMethods[int(m)%len(fuzzMethods)]
		params := make([]string, tree.MaxParams())
		got := tree.Lookup(method, path, params)
		want := ref.lookup(method, path)
		if got.Result != want.result || got.Allow != want.allow {
			t.Fatalf("%s %q: got %v %q, reference %v %q", method, path, got.Result, got.Allow, want.result, want.allow)
		}
		if got.Result != router.Found {
			return
		}
		values := params[:got.NParams]
		if got.Route.Handler != want.route || !slices.Equal(values, want.params) {
			t.Fatalf("%s %q: got %q %q, reference %q %q", method, path, got.Route.Handler, values, want.route, want.params)
		}
		if len(values) != len(got.Route.Pattern.Params) {
			t.Fatalf("%s %q: %d values for %d params", method, path, len(values), len(got.Route.Pattern.Params))
		}
		// The values, escaped back into the pattern, make a path that matches.
		rebuilt, exact := reconstitute(got.Route.Pattern, values)
		again := tree.Lookup(method, rebuilt, params)
		if again.Result != router.Found {
			t.Fatalf("%s %q: rebuilt path %q gives %v", method, path, rebuilt, again.Result)
		}
		if exact && (again.Route != got.Route || !slices.Equal(params[:again.NParams], values)) {
			t.Fatalf("%s %q: rebuilt path %q matches %q %q, want %q %q", method, path, rebuilt,
				again.Route.Handler, params[:again.NParams], got.Route.Handler, values)
		}
	})
}

// reconstitute builds an escaped path from a pattern and unescaped values.
// exact reports whether the path has the same segments as any path the
// values came from, so it must match the same route with the same values;
// a path parameter's value may have lost its '/' versus "%2F" distinction.
func reconstitute(p router.Pattern, values []string) (path string, exact bool) {
	var b strings.Builder
	exact = true
	k := 0
	for _, s := range p.Segments {
		b.WriteByte('/')
		switch {
		case !s.IsParam():
			b.WriteString(url.PathEscape(s.Static))
		case s.Type != router.Path:
			b.WriteString(url.PathEscape(values[k]))
			k++
		default:
			exact = false
			pieces := strings.Split(values[k], "/")
			if slices.Contains(pieces, "") {
				b.WriteString(url.PathEscape(values[k]))
				break
			}
			for i, piece := range pieces {
				if i > 0 {
					b.WriteByte('/')
				}
				b.WriteString(url.PathEscape(piece))
			}
		}
	}
	if b.Len() == 0 {
		return "/", exact
	}
	return b.String(), exact
}

// reference is a deliberately naive router with the documented semantics.
type reference struct {
	routes []refRoute
}

type refRoute struct {
	spec, method string
	pattern      router.Pattern
}

type refMatch struct {
	result router.Result
	route  string
	params []string
	allow  string
}

func newReference(t testing.TB, specs []string) *reference {
	r := &reference{}
	for _, spec := range specs {
		method, raw, _ := strings.Cut(spec, " ")
		p, err := router.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		r.routes = append(r.routes, refRoute{spec, method, p})
	}
	return r
}

func (r *reference) lookup(method, path string) refMatch {
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") {
		return refMatch{}
	}
	if strings.HasSuffix(path, "/") && !strings.HasSuffix(path, "//") && path != "/" {
		path = strings.TrimSuffix(path, "/")
	}
	var segs []string
	if path != "/" {
		segs = strings.Split(path[1:], "/")
	}
	type hit struct {
		route  refRoute
		key    []int // 0 static, 1 param, 2 path param, per segment
		params []string
	}
	var hits []hit
	for _, rt := range r.routes {
		if key, params, ok := refMatchPattern(rt.pattern, segs); ok {
			hits = append(hits, hit{rt, key, params})
		}
	}
	if len(hits) == 0 {
		return refMatch{}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return slices.Compare(a.key, b.key) })
	// Hits with equal keys share a node; take the first node with the method.
	for i := 0; i < len(hits); {
		j := i
		for j < len(hits) && slices.Equal(hits[j].key, hits[i].key) {
			j++
		}
		wants := []string{method}
		if method == "HEAD" {
			wants = append(wants, "GET")
		}
		for _, want := range wants {
			for _, h := range hits[i:j] {
				if h.route.method == want {
					return refMatch{result: router.Found, route: h.route.spec, params: h.params}
				}
			}
		}
		i = j
	}
	methods := []string{"OPTIONS"}
	for _, h := range hits {
		methods = append(methods, h.route.method)
		if h.route.method == "GET" {
			methods = append(methods, "HEAD")
		}
	}
	slices.Sort(methods)
	allow := strings.Join(slices.Compact(methods), ", ")
	if method == "OPTIONS" {
		return refMatch{result: router.Options, allow: allow}
	}
	return refMatch{result: router.MethodNotAllowed, allow: allow}
}

func refMatchPattern(p router.Pattern, segs []string) (key []int, params []string, ok bool) {
	for i, s := range p.Segments {
		if s.Type == router.Path && s.IsParam() {
			rest := segs[min(i, len(segs)):]
			if len(rest) == 0 || slices.Contains(rest, "") {
				return nil, nil, false
			}
			v, err := url.PathUnescape(strings.Join(rest, "/"))
			if err != nil {
				return nil, nil, false
			}
			return append(key, 2), append(params, v), true
		}
		if i >= len(segs) || segs[i] == "" {
			return nil, nil, false
		}
		v, err := url.PathUnescape(segs[i])
		if err != nil {
			return nil, nil, false
		}
		if s.IsParam() {
			key, params = append(key, 1), append(params, v)
		} else if v == s.Static {
			key = append(key, 0)
		} else {
			return nil, nil, false
		}
	}
	return key, params, len(segs) == len(p.Segments)
}
