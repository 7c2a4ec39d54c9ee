package apitest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/starling-http/starling/apitest"
)

// blindDoc documents the answers apitest once let through unchecked:
// response headers with schemas, bodies that must not be empty, non-JSON
// bodies with a schema, and a nullable (anyOf) property.
const blindDoc = `{"openapi":"3.1.0","info":{"title":"Blind","version":"1"},"paths":{
"/h":{"get":{"operationId":"getH","responses":{"200":{"description":"OK",
 "headers":{
  "X-Content-Type-Options":{"schema":{"const":"nosniff"}},
  "X-Request-Id":{"schema":{"type":"string","pattern":"^[0-9a-f]{8}$"}},
  "X-Mode":{"schema":{"type":"string","enum":["fast","slow"]}},
  "X-Count":{"schema":{"type":"integer"}}},
 "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}},
"/text":{"get":{"operationId":"getText","responses":{"200":{"description":"OK",
 "content":{"text/plain":{"schema":{"type":"string","pattern":"^hello","maxLength":20}}}}}}},
"/bin":{"get":{"operationId":"getBin","responses":{"200":{"description":"OK",
 "content":{"application/octet-stream":{"schema":{"type":"string","maxLength":4}}}}}}},
"/any":{"get":{"operationId":"getAny","responses":{"200":{"description":"OK",
 "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}}},
"components":{"schemas":{
 "Thing":{"type":"object","required":["n"],"properties":{"n":{"type":"integer"},
  "due":{"anyOf":[{"$ref":"#/components/schemas/Due"},{"type":"null"}]}}},
 "Due":{"type":"object","required":["date"],"properties":{"date":{"type":"string","format":"date"}}}}}}`

// answer writes a fixed response: the headers given, then the body.
func answer(contentType, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, body)
	}
}

const goodHeaders = "X-Content-Type-Options,nosniff,X-Request-Id,0badf00d,X-Mode,fast,X-Count,3"

func hdrs(override ...string) []string {
	h := strings.Split(goodHeaders, ",")
	for i := 0; i+1 < len(override); i += 2 {
		for j := 0; j+1 < len(h); j += 2 {
			if h[j] == override[i] {
				h[j+1] = override[i+1]
			}
		}
	}
	return h
}

// TestBlindSpots plants each fault apitest once missed and asserts the
// report names it where it is.
func TestBlindSpots(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		handler http.Handler
		method  string
		path    string
		want    []string // nil: the answer conforms
		not     []string
	}{
		{name: "conforming headers", handler: answer("application/json", `{"n":1}`, hdrs()...), path: "/h"},
		{name: "header const", handler: answer("application/json", `{"n":1}`, hdrs("X-Content-Type-Options", "sniff")...), path: "/h",
			want: []string{"response header X-Content-Type-Options", "rule:  const at #/paths/~1h/get/responses/200/headers/X-Content-Type-Options/schema/const", "value: sniff"},
			not:  []string{"response body at"}},
		{name: "header pattern", handler: answer("application/json", `{"n":1}`, hdrs("X-Request-Id", "zz")...), path: "/h",
			want: []string{"response header X-Request-Id", "rule:  pattern at #/paths/~1h/get/responses/200/headers/X-Request-Id/schema/pattern", "value: zz"},
			not:  []string{"response body at"}},
		{name: "header enum", handler: answer("application/json", `{"n":1}`, hdrs("X-Mode", "warp")...), path: "/h",
			want: []string{"response header X-Mode", "rule:  enum at #/paths/~1h/get/responses/200/headers/X-Mode/schema/enum", "value: warp"},
			not:  []string{"response body at"}},
		{name: "header type", handler: answer("application/json", `{"n":1}`, hdrs("X-Count", "many")...), path: "/h",
			want: []string{"response header X-Count", "rule:  type at #/paths/~1h/get/responses/200/headers/X-Count/schema/type", "value: many"},
			not:  []string{"response body at"}},
		{name: "HEAD conforming", handler: answer("application/json", `{"n":1}`, hdrs()...), method: http.MethodHead, path: "/h"},
		{name: "HEAD header", handler: answer("application/json", `{"n":1}`, hdrs("X-Mode", "warp")...), method: http.MethodHead, path: "/h",
			want: []string{"HEAD /h → 200 (getH)", "response header X-Mode", "rule:  enum at #/paths/~1h/get/responses/200/headers/X-Mode/schema/enum", "value: warp"}},
		{name: "HEAD undeclared header", handler: answer("application/json", `{"n":1}`, append(hdrs(), "X-Secret", "1")...), method: http.MethodHead, path: "/h",
			want: []string{"response header X-Secret", "strict: undeclared-header"}},
		{name: "empty required body", handler: answer("application/json", ``, hdrs()...), path: "/h",
			want: []string{"GET /h → 200 (getH)", "response body at (root): status 200 documents an application/json body, but the response has none",
				"rule:  required body at #/paths/~1h/get/responses/200/content/application~1json"}},
		{name: "text conforming", handler: answer("text/plain; charset=utf-8", `hello there`), path: "/text"},
		{name: "text pattern", handler: answer("text/plain; charset=utf-8", `goodbye`), path: "/text",
			want: []string{"GET /text → 200 (getText)", "response body at (root)", "rule:  pattern", "value: goodbye"}},
		{name: "text empty", handler: answer("text/plain; charset=utf-8", ``), path: "/text",
			want: []string{"response body at (root): status 200 documents a text/plain body, but the response has none"}},
		{name: "binary conforming", handler: answer("application/octet-stream", "\x00\x01"), path: "/bin"},
		{name: "binary too long", handler: answer("application/octet-stream", "\x00\x01\x02\x03\x04\x05"), path: "/bin",
			want: []string{"GET /bin → 200 (getBin)", "response body at (root)", "rule:  maxLength"}},
		{name: "binary wrong content type", handler: answer("text/csv", "a,b"), path: "/bin",
			want: []string{"response content type: text/csv is not documented for status 200 (documented: application/octet-stream)"}},
		{name: "anyOf null conforming", handler: answer("application/json", `{"n":1,"due":null}`), path: "/any"},
		{name: "anyOf object conforming", handler: answer("application/json", `{"n":1,"due":{"date":"2024-01-02"}}`), path: "/any"},
		{name: "anyOf closest branch", handler: answer("application/json", `{"n":1,"due":{"date":5}}`), path: "/any",
			want: []string{"response body at /due/date", "got number, want string", "value: 5"},
			not:  []string{"want null"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeTB(t)
			api := apitest.NewHandler(f, c.handler, []byte(blindDoc))
			method := c.method
			if method == "" {
				method = http.MethodGet
			}
			api.Request(method, c.path).Expect()
			reports := f.reports()
			t.Log(strings.Join(reports, "\n"))
			if c.want == nil {
				if len(reports) != 0 {
					t.Fatalf("a conforming answer got %d reports:\n%s", len(reports), f.all())
				}
				return
			}
			if len(reports) != 1 {
				t.Fatalf("want 1 report, got %d:\n%s", len(reports), f.all())
			}
			for _, w := range c.want {
				if !strings.Contains(reports[0], w) {
					t.Errorf("the report lacks %q", w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(reports[0], n) {
					t.Errorf("the report has %q", n)
				}
			}
		})
	}
}
