package framework_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

// plainWriter hides every optional interface of the writer it wraps (as a
// middleware's writer may): no WriteString, no Flush.
type plainWriter struct{ w http.ResponseWriter }

func (p plainWriter) Header() http.Header         { return p.w.Header() }
func (p plainWriter) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p plainWriter) WriteHeader(code int)        { p.w.WriteHeader(code) }

func TestTextAndBytesResults(t *testing.T) {
	t.Parallel()
	type in struct {
		Say string `query:"say"`
	}
	png := []byte("\x89PNG\r\n\x1a\n...")
	hidesWriter := framework.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(plainWriter{w}, r) })
	})
	a := newApp(t, framework.Mount(
		framework.Get("/text", func(_ context.Context, in in) (framework.Text, error) {
			return framework.Text("Hello, " + in.Say + "!"), nil
		}),
		framework.Get("/empty", func(context.Context, struct{}) (framework.Text, error) { return "", nil }),
		framework.Post("/text", func(context.Context, struct{}) (framework.Text, error) { return "made", nil }),
		framework.Get("/accepted", func(context.Context, struct{}) (framework.Text, error) { return "later", nil },
			framework.Status(http.StatusAccepted)),
		framework.Get("/plain-writer", func(context.Context, struct{}) (framework.Text, error) { return "no WriteString", nil },
			hidesWriter),
		framework.Get("/png", func(context.Context, struct{}) (framework.Bytes, error) {
			return framework.Bytes{ContentType: "image/png", Data: png}, nil
		}),
		framework.Get("/octets", func(context.Context, struct{}) (framework.Bytes, error) {
			return framework.Bytes{Data: []byte{0, 1, 2}}, nil
		}),
		framework.Get("/no-bytes", func(context.Context, struct{}) (framework.Bytes, error) {
			return framework.Bytes{ContentType: "text/csv"}, nil
		}),
		framework.Get("/text-error", func(context.Context, struct{}) (framework.Text, error) {
			return "unsent", framework.NotFound("no text")
		}, framework.Raises(http.StatusNotFound)),
		// Text inside another type is just a string to JSON.
		framework.Get("/json", func(context.Context, struct{}) (struct {
			Msg framework.Text `json:"msg"`
		}, error) {
			return struct {
				Msg framework.Text `json:"msg"`
			}{"hi"}, nil
		}),
	))
	for _, tc := range []struct {
		method, target string
		status         int
		contentType    string
		body           string
		length         string
	}{
		{"GET", "/text?say=Ada", 200, framework.TextContentType, "Hello, Ada!", "11"},
		{"HEAD", "/text?say=Ada", 200, framework.TextContentType, "", "11"},
		{"GET", "/empty", 200, framework.TextContentType, "", "0"},
		{"POST", "/text", 201, framework.TextContentType, "made", "4"},
		{"GET", "/accepted", 202, framework.TextContentType, "later", "5"},
		{"GET", "/plain-writer", 200, framework.TextContentType, "no WriteString", "14"},
		{"GET", "/png", 200, "image/png", string(png), fmt.Sprint(len(png))},
		{"HEAD", "/png", 200, "image/png", "", fmt.Sprint(len(png))},
		{"GET", "/octets", 200, "application/octet-stream", "\x00\x01\x02", "3"},
		{"GET", "/no-bytes", 200, "text/csv", "", "0"},
		{"GET", "/json", 200, "application/json", `{"msg":"hi"}`, "12"},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			w := serve(t, a, tc.method, tc.target, nil)
			wantStatus(t, w, tc.status)
			h := w.Result().Header
			if got := h.Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type %q, want %q", got, tc.contentType)
			}
			if got := h.Values("Content-Length"); len(got) != 1 || got[0] != tc.length {
				t.Errorf("Content-Length %q, want %s", got, tc.length)
			}
			if got := w.Body.String(); got != tc.body {
				t.Errorf("body %q, want %q", got, tc.body)
			}
			if h.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
		})
	}
	// An error is a problem, as for any result type.
	p, _ := problem(t, get(t, a, "/text-error"), http.StatusNotFound)
	if p.Detail != "no text" {
		t.Errorf("problem %+v", p)
	}
}

func TestTextAndBytesInTheDocument(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.Mount(
		framework.Get("/text", func(context.Context, struct{}) (framework.Text, error) { return "", nil }),
		framework.Get("/bytes", func(context.Context, struct{}) (framework.Bytes, error) { return framework.Bytes{}, nil }),
		framework.Get("/json", func(context.Context, struct{}) (string, error) { return "", nil }),
	))
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]any `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(a.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]map[string]any{
		"/text":  {"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}},
		"/bytes": {"*/*": map[string]any{}},
		"/json":  {"application/json": map[string]any{"schema": map[string]any{"type": "string"}}},
	} {
		got := doc.Paths[path]["get"].Responses["200"].Content
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: 200 content (-want +got):\n%s", path, diff)
		}
	}
	// Error responses stay problem documents.
	if !strings.Contains(string(a.OpenAPI()), `"application/problem+json"`) {
		t.Error("no problem responses")
	}
}

func TestTextAndBytesBuildErrors(t *testing.T) {
	t.Parallel()
	type model struct {
		A string `json:"a"`
	}
	dto := framework.DTO[model]()
	for _, tc := range []struct {
		name  string
		route framework.Route
		want  string
	}{
		{"Text with Returns", framework.Get("/", func(context.Context, struct{}) (framework.Text, error) { return "", nil },
			framework.Returns(dto)), "Returns: the handler returns framework.Text, which is written as it is"},
		{"Bytes with Returns", framework.Get("/", func(context.Context, struct{}) (framework.Bytes, error) { return framework.Bytes{}, nil },
			framework.Returns(dto)), "Returns: the handler returns framework.Bytes, which is written as it is"},
		{"Text with 204", framework.Get("/", func(context.Context, struct{}) (framework.Text, error) { return "", nil },
			framework.Status(http.StatusNoContent)), "Status(204) forbids a body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantContains(t, buildError(t, framework.Mount(tc.route)), tc.want)
		})
	}
}

// A middleware that runs the handler twice (a retry) into two writers:
// the first answer's headers, kept by the first writer, must not change
// when the second is written (the framework formats some header values into
// per-request storage, which it hands out once).
func TestHeadersOfAnEarlierAttemptStayIntact(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	retry := framework.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			first := httptest.NewRecorder()
			next.ServeHTTP(first, r)
			kept := first.Result().Header // the snapshot taken at WriteHeader
			before := http.Header{}       // its bytes, copied: Clone shares them
			for k, vs := range kept {
				for _, v := range vs {
					before[k] = append(before[k], strings.Clone(v))
				}
			}
			next.ServeHTTP(w, r)
			if diff := cmp.Diff(before, kept); diff != "" {
				t.Errorf("%s: the first attempt's headers changed (-before +after):\n%s", r.URL.Path, diff)
			}
		})
	})
	a := newApp(t, framework.WithLogger(discardLogger()), framework.Mount(
		framework.Get("/text", func(context.Context, struct{}) (framework.Text, error) {
			return framework.Text(strings.Repeat("x", int(calls.Add(1))*10)), nil // lengths 10, 20
		}, retry),
		framework.Get("/json", func(context.Context, struct{}) ([]int64, error) {
			return make([]int64, calls.Add(1)*10), nil
		}, retry),
	))
	for _, path := range []string{"/text", "/json"} {
		calls.Store(0)
		w := get(t, a, path)
		wantStatus(t, w, http.StatusOK)
		if got, want := w.Header().Get("Content-Length"), fmt.Sprint(w.Body.Len()); got != want {
			t.Errorf("%s: Content-Length %s for %s bytes", path, got, want)
		}
	}
}

// Middleware may Add to the headers the framework sets: the values it adds
// go to a new slice, and the framework's own are unchanged.
func TestMiddlewareCanAddToFrameworkHeaders(t *testing.T) {
	t.Parallel()
	addBefore := framework.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("X-Request-Id", "added-before")
			next.ServeHTTP(&addOnWrite{ResponseWriter: w}, r)
		})
	})
	a := newApp(t, framework.Mount(framework.Get("/", func(ctx context.Context, _ struct{}) (framework.Text, error) {
		return framework.Text(framework.RequestID(ctx)), nil
	}, addBefore)))
	w := get(t, a, "/", "X-Request-Id", "client-id")
	wantStatus(t, w, http.StatusOK)
	h := w.Result().Header
	for key, want := range map[string][]string{
		"X-Request-Id":   {"client-id", "added-before"},
		"Content-Type":   {framework.TextContentType, "added-on-write"},
		"Content-Length": {"9", "added-on-write"},
	} {
		if diff := cmp.Diff(want, h.Values(key)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", key, diff)
		}
	}
	if w.Body.String() != "client-id" {
		t.Errorf("body %q", w.Body)
	}
}

// addOnWrite adds a value to Content-Type and Content-Length just before
// the header is written.
type addOnWrite struct{ http.ResponseWriter }

func (a *addOnWrite) WriteHeader(code int) {
	a.Header().Add("Content-Type", "added-on-write")
	a.Header().Add("Content-Length", "added-on-write")
	a.ResponseWriter.WriteHeader(code)
}

// A route answers plain text with a framework.Text result, and bytes of any
// media type with framework.Bytes; neither is encoded as JSON.
func ExampleText() {
	app, err := framework.New(framework.Mount(
		framework.Get("/hello", func(context.Context, struct{}) (framework.Text, error) {
			return "Hello, World!", nil
		}),
		framework.Get("/report.csv", func(context.Context, struct{}) (framework.Bytes, error) {
			return framework.Bytes{ContentType: "text/csv; charset=utf-8", Data: []byte("id,name\n1,Ada\n")}, nil
		}),
	))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, path := range []string{"/hello", "/report.csv"} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		fmt.Printf("%d %s %q\n", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	// Output:
	// 200 text/plain; charset=utf-8 "Hello, World!"
	// 200 text/csv; charset=utf-8 "id,name\n1,Ada\n"
}
