package impl_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/starling-http/starling/bench/impl"
	"github.com/starling-http/starling/bench/workload"
	"github.com/starling-http/starling/framework"
)

// benchWorkload runs one workload against every implementation, as
// sub-benchmarks fw=NAME so that benchstat -col /fw compares them.
//
// The request is built once and its body rewound each iteration; the
// response recorder is new each iteration (its own allocations, the same
// for every implementation, are in the counts) and its status is checked.
func benchWorkload(b *testing.B, method, path, body string, status int) {
	for _, fw := range impl.All {
		b.Run("fw="+fw.Name, func(b *testing.B) {
			h, err := fw.New()
			if err != nil {
				b.Fatal(err)
			}
			var rd *bytes.Reader
			var req *http.Request
			if body != "" {
				rd = bytes.NewReader([]byte(body))
				req = httptest.NewRequest(method, path, rd)
				req.Header.Set("Content-Type", "application/json")
			} else {
				req = httptest.NewRequest(method, path, nil)
			}
			b.ReportAllocs()
			for b.Loop() {
				if rd != nil {
					_, _ = rd.Seek(0, io.SeekStart)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != status {
					b.Fatalf("status %d, want %d: %s", w.Code, status, w.Body.String())
				}
			}
		})
	}
}

// (a) GET /users/{id}: a small JSON object.
func BenchmarkGET(b *testing.B) { benchWorkload(b, "GET", workload.PathGet, "", 200) }

// (b) POST /users: decode, validate, create through a dependency, 201.
func BenchmarkPOST(b *testing.B) {
	benchWorkload(b, "POST", workload.PathCreate, workload.CreateBody, 201)
}

// (c) GET /users: a list of 50 objects.
func BenchmarkList(b *testing.B) { benchWorkload(b, "GET", workload.PathList, "", 200) }

// (d) GET /di: three nested per-request dependencies.
func BenchmarkDI(b *testing.B) { benchWorkload(b, "GET", workload.PathDI, "", 200) }

// (e) GET /plaintext: "Hello, World!" as text/plain.
func BenchmarkPlaintext(b *testing.B) { benchWorkload(b, "GET", workload.PathPlaintext, "", 200) }

// BenchmarkStarlingBuild measures framework.New for apps of 10, 100 and
// 1,000 routes: routing tree, type plans, providers, the OpenAPI document
// and validators. The routes are the five workload routes mounted under
// distinct prefixes, so their input and output types repeat.
func BenchmarkStarlingBuild(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run("routes="+strconv.Itoa(n), func(b *testing.B) {
			var mounted []framework.Routable
			for g := 0; len(mounted) < n; g++ {
				for _, r := range impl.StarlingRoutes("/g" + strconv.Itoa(g)) {
					if len(mounted) < n {
						mounted = append(mounted, r)
					}
				}
			}
			opts := append(impl.StarlingOptions(), framework.Mount(mounted...))
			b.ReportAllocs()
			for b.Loop() {
				app, err := framework.New(opts...)
				if err != nil {
					b.Fatal(err)
				}
				if got := len(app.Routes()); got < n {
					b.Fatalf("%d routes, want %d", got, n)
				}
			}
		})
	}
}
