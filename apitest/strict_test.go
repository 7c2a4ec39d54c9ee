package apitest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gavv/httpexpect/v2"

	"github.com/starling-http/starling/apitest"
)

// strictDoc declares query, header and cookie parameters, an API key sent
// in a header, and bodies that compose schemas, for the undeclared values
// strict mode must name.
const strictDoc = `{"openapi":"3.1.0","info":{"title":"Strict","version":"1"},
"components":{
 "securitySchemes":{"key":{"type":"apiKey","in":"header","name":"X-Api-Key"}},
 "schemas":{
  "Order":{"type":"object","required":["items"],"properties":{
   "items":{"type":"array","items":{"$ref":"#/components/schemas/Item"}},
   "id":{"type":"integer","readOnly":true},
   "meta":{"type":"object","additionalProperties":{"$ref":"#/components/schemas/Item"}}}},
  "Item":{"type":"object","properties":{"sku":{"type":"string"}}},
  "Pet":{"oneOf":[{"$ref":"#/components/schemas/Cat"},{"$ref":"#/components/schemas/Dog"}],
   "discriminator":{"propertyName":"kind"}},
  "Cat":{"type":"object","required":["kind"],"properties":{"kind":{"const":"Cat"},"purrs":{"type":"boolean"}}},
  "Dog":{"type":"object","required":["kind"],"properties":{"kind":{"const":"Dog"},"barks":{"type":"boolean"}}},
  "Named":{"allOf":[{"$ref":"#/components/schemas/Item"},{"type":"object","properties":{"name":{"type":"string"}}}]},
  "Aged":{"allOf":[{"$ref":"#/components/schemas/Named"},{"type":"object","properties":{"age":{"type":"integer"}}}]},
  "Either":{"oneOf":[{"$ref":"#/components/schemas/Aged"},{"type":"string"}]}}},
"paths":{
 "/orders":{"post":{"operationId":"createOrder","security":[{"key":[]}],
  "parameters":[{"name":"dry","in":"query","schema":{"type":"boolean"}},
   {"name":"session","in":"cookie","schema":{"type":"string"}},
   {"name":"X-Trace","in":"header","schema":{"type":"string"}}],
  "requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Order"}}}},
  "responses":{"201":{"description":"Created","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Order"}}}}}}},
 "/pets":{"get":{"operationId":"getPet","responses":{"200":{"description":"OK",
  "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pet"}}}}}}},
 "/named":{"get":{"operationId":"getNamed","responses":{"200":{"description":"OK",
  "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Named"}}}}}}},
 "/aged":{"get":{"operationId":"getAged","responses":{"200":{"description":"OK",
  "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Aged"}}}}}}},
 "/either":{"get":{"operationId":"getEither","responses":{"200":{"description":"OK",
  "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Either"}}}}}}}}}`

// TestStrictMode sends and answers values the document does not declare,
// each where strict mode must find it, beside what it must leave alone.
func TestStrictMode(t *testing.T) {
	t.Parallel()
	const order = `{"items":[{"sku":"a"}],"meta":{"x":{"sku":"b"}}}`
	for _, c := range []struct {
		name   string
		body   string // the request's body, order when ""
		answer string // the response body; the request's own body when ""
		header []string
		send   func(*httpexpect.Request) *httpexpect.Request
		path   string
		want   []string // nil: nothing to report
	}{
		{name: "declared everything", send: func(r *httpexpect.Request) *httpexpect.Request {
			return r.WithQuery("dry", "true").WithCookie("session", "s").WithHeader("X-Trace", "t")
		}},
		{name: "undeclared query parameter", send: func(r *httpexpect.Request) *httpexpect.Request { return r.WithQuery("debug", "1") },
			want: []string{"query parameter debug", "strict: undeclared-query-param", "value: 1"}},
		{name: "undeclared cookie", send: func(r *httpexpect.Request) *httpexpect.Request { return r.WithCookie("tracker", "z") },
			want: []string{"cookie tracker", "strict: undeclared-cookie", "value: z"}},
		{name: "undeclared request header", send: func(r *httpexpect.Request) *httpexpect.Request { return r.WithHeader("X-Admin", "yes") },
			want: []string{"request header X-Admin", "strict: undeclared-header", "framework.HeaderGuard"}},
		{name: "undeclared property in an array item", body: `{"items":[{"sku":"a"},{"sku":"b","price":3}]}`, answer: order,
			want: []string{"request body at /items/1/price", "strict: undeclared-property", "value: 3"}},
		{name: "undeclared property under additionalProperties", answer: `{"items":[],"meta":{"x":{"sku":"b","colour":"red"}}}`,
			want: []string{"response body at /meta/x/colour", "strict: undeclared-property", "value: red"}},
		{name: "a name given twice keeps the last", answer: `{"items":[{"sku":"a","x":1}],"items":[{"sku":"a"}]}`},
		{name: "readOnly in a request is the schema's business", body: `{"items":[],"id":7}`, answer: order},
		{name: "Set-Cookie answers", answer: order, header: []string{"Set-Cookie", "a=b"}},
		{name: "undeclared response header", answer: order, header: []string{"X-Secret", "s"},
			want: []string{"response header X-Secret", "strict: undeclared-header", "value: s"}},
		{name: "oneOf branch by discriminator", path: "/pets", answer: `{"kind":"Dog","barks":true}`},
		{name: "oneOf branch extra", path: "/pets", answer: `{"kind":"Dog","barks":true,"purrs":false}`,
			want: []string{"response body at /purrs", "strict: undeclared-property"}},
		{name: "allOf properties across branches", path: "/named", answer: `{"sku":"a","name":"n"}`},
		{name: "allOf extra", path: "/named", answer: `{"sku":"a","name":"n","age":3}`,
			want: []string{"response body at /age", "strict: undeclared-property", "value: 3"}},
		{name: "allOf two levels deep", path: "/aged", answer: `{"sku":"a","name":"n","age":3}`},
		{name: "allOf two levels deep extra", path: "/aged", answer: `{"sku":"a","name":"n","age":3,"x":true}`,
			want: []string{"response body at /x", "strict: undeclared-property"}},
		{name: "oneOf branch built with allOf", path: "/either", answer: `{"sku":"a","name":"n","age":3}`},
		{name: "oneOf branch built with allOf extra", path: "/either", answer: `{"sku":"a","name":"n","y":1}`,
			want: []string{"response body at /y", "strict: undeclared-property"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeTB(t)
			api := apitest.NewHandler(f, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if c.answer != "" {
					body = []byte(c.answer)
				}
				w.Header().Set("Content-Type", "application/json")
				for i := 0; i+1 < len(c.header); i += 2 {
					w.Header().Set(c.header[i], c.header[i+1])
				}
				status := http.StatusOK
				if r.Method == http.MethodPost {
					status = http.StatusCreated
				}
				w.WriteHeader(status)
				_, _ = w.Write(body)
			}), []byte(strictDoc))
			method, path := http.MethodGet, c.path
			if path == "" {
				method, path = http.MethodPost, "/orders"
			}
			req := api.Request(method, path)
			if method == http.MethodPost {
				body := c.body
				if body == "" {
					body = order
				}
				req = req.WithHeader("Content-Type", "application/json").WithHeader("X-Api-Key", "k").WithBytes([]byte(body))
			}
			if c.send != nil {
				req = c.send(req)
			}
			req.Expect()
			reports := f.reports()
			if c.want == nil {
				if len(reports) != 0 {
					t.Fatalf("want no report, got:\n%s", f.all())
				}
				return
			}
			if len(reports) != 1 {
				t.Fatalf("want 1 report, got %d:\n%s", len(reports), f.all())
			}
			for _, w := range c.want {
				if !strings.Contains(reports[0], w) {
					t.Errorf("the report lacks %q:\n%s", w, reports[0])
				}
			}
		})
	}
}
