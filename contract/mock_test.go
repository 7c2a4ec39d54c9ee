package contract_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/starling-http/starling/contract"
)

const usersDoc = "../examples/users/app/testdata/openapi.v1.yaml"

func loadUsers(t testing.TB) *contract.Document {
	t.Helper()
	d, err := contract.Load(usersDoc)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func newUsersMock(t testing.TB, opts ...contract.MockOption) http.Handler {
	t.Helper()
	h, err := contract.NewMock(loadUsers(t), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

type call struct {
	method, path, body string
	header             map[string]string
}

func (c call) do(h http.Handler) *httptest.ResponseRecorder {
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	r := httptest.NewRequest(c.method, c.path, body)
	if c.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

var bearer = map[string]string{"Authorization": "Bearer t"}

type mockProblem struct {
	Status int                  `json:"status"`
	Errors []contract.Violation `json:"errors"`
}

func TestMockRefusesWhatTheDocumentDoesNot(t *testing.T) {
	h := newUsersMock(t)
	tests := []struct {
		name   string
		call   call
		status int
		want   []string // substrings of the violations, one each
	}{
		{"unknown path", call{method: "GET", path: "/nope", header: bearer}, 404, []string{"no path"}},
		{"method", call{method: "PUT", path: "/users", header: bearer}, 405, []string{"PUT is not documented"}},
		{"no credentials", call{method: "GET", path: "/users"}, 401, []string{"Authorization: Bearer"}},
		{"media type", call{method: "POST", path: "/users", body: `{}`, header: map[string]string{"Content-Type": "text/csv"}}, 415, []string{"text/csv"}},
		{"body", call{method: "POST", path: "/users", body: `{"email":3,"name":"","password":"pw"}`}, 400,
			[]string{"want string", "minLength", "minLength"}},
		{"not json", call{method: "POST", path: "/users", body: `{`}, 400, []string{"not JSON"}},
		{"path parameter", call{method: "GET", path: "/users/abc", header: bearer}, 400, []string{"user_id"}},
		{"query parameter", call{method: "GET", path: "/users?limit=-1", header: bearer}, 400, []string{"limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.call.do(h)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			var p mockProblem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if p.Status != tt.status || len(p.Errors) != len(tt.want) {
				t.Fatalf("problem %+v, want %d errors", p, len(tt.want))
			}
			for i, sub := range tt.want {
				if !strings.Contains(p.Errors[i].Message, sub) {
					t.Errorf("violation %d %q does not mention %q", i, p.Errors[i].Message, sub)
				}
			}
		})
	}
}

// failTB records the failures the mock reports to a test.
type failTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (f *failTB) Helper() {}

func (f *failTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func TestMockFailsTheTestOnARefusedRequest(t *testing.T) {
	tb := &failTB{TB: t}
	srv := contract.Mock(tb, loadUsers(t))
	resp, err := http.Get(srv.URL + "/users") // no credentials
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || len(tb.errs) != 1 || !strings.Contains(tb.errs[0], "GET /users is not allowed") {
		t.Fatalf("status %d, failures %q", resp.StatusCode, tb.errs)
	}
}

func TestMockAnswersValidRequests(t *testing.T) {
	h := newUsersMock(t)
	w := call{method: "GET", path: "/users/7", header: bearer}.do(h)
	var u map[string]any
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &u) != nil {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	for _, f := range []string{"id", "email", "name"} {
		if _, ok := u[f]; !ok {
			t.Errorf("the user lacks %q: %s", f, w.Body)
		}
	}
	if w.Header().Get("Cache-Control") == "" {
		t.Error("the documented required header Cache-Control is missing")
	}
}

func TestMockStatusChoice(t *testing.T) {
	tests := []struct {
		name   string
		opts   []contract.MockOption
		header map[string]string
		status int
	}{
		{"default", nil, nil, 200},
		{"prefer code", nil, map[string]string{"Prefer": "code=404"}, 404},
		{"option", []contract.MockOption{contract.WithStatus("404")}, nil, 404},
		{"prefer beats option", []contract.MockOption{contract.WithStatus("404")}, map[string]string{"Prefer": "code=403"}, 403},
		{"undocumented code", nil, map[string]string{"Prefer": "code=418"}, 400},
		{"unknown example", nil, map[string]string{"Prefer": "example=nope"}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newUsersMock(t, tt.opts...)
			hdr := map[string]string{"Authorization": "Bearer t"}
			for k, v := range tt.header {
				hdr[k] = v
			}
			if w := (call{method: "GET", path: "/users/7", header: hdr}).do(h); w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
		})
	}
}

const exampleDoc = `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/pets/{id}":{"get":{
 "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer"}}],
 "responses":{"200":{"description":"ok","content":{"application/json":{
   "schema":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}},
   "examples":{"cat":{"value":{"name":"Tom"}},"dog":{"value":{"name":"Rex"}}}}}}}}}}}`

func TestMockExamples(t *testing.T) {
	d, err := contract.Parse([]byte(exampleDoc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		opts   []contract.MockOption
		prefer string
		want   string
	}{
		{nil, "", `{"name":"Tom"}`}, // the first documented example
		{nil, "example=dog", `{"name":"Rex"}`},
		{[]contract.MockOption{contract.WithExample("dog")}, "", `{"name":"Rex"}`},
	}
	for _, tt := range tests {
		h, err := contract.NewMock(d, tt.opts...)
		if err != nil {
			t.Fatal(err)
		}
		w := call{method: "GET", path: "/pets/1", header: map[string]string{"Prefer": tt.prefer}}.do(h)
		if w.Body.String() != tt.want {
			t.Errorf("prefer %q: got %s, want %s", tt.prefer, w.Body, tt.want)
		}
	}
}

func TestMockIsDeterministicPerSeed(t *testing.T) {
	body := func(seed uint64) string {
		return call{method: "GET", path: "/users/7", header: bearer}.do(newUsersMock(t, contract.WithSeed(seed))).Body.String()
	}
	if a, b := body(3), body(3); a != b {
		t.Errorf("seed 3 gave %s then %s", a, b)
	}
	if a, b := body(3), body(4); a == b {
		t.Errorf("seeds 3 and 4 gave the same %s", a)
	}
}

func TestMockRefusesWhatItCannotServe(t *testing.T) {
	tests := []struct {
		name, doc, where string
	}{
		{"webhooks", `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{},"webhooks":{"x":{}}}`, "#/webhooks"},
		{"callbacks", `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"post":{"callbacks":{"c":{}},"responses":{"200":{"description":"ok"}}}}}}`,
			"#/paths/~1a/post/callbacks"},
		{"xml", `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/xml":{}}}}}}}}`,
			"#/paths/~1a/get/responses/200/content/application~1xml"},
		{"external ref", `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"$ref":"other.yaml#/r"}}}}}}`,
			"#/paths/~1a/get/responses/200"},
		{"bad example", `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"integer"},"example":"x"}}}}}}}}`,
			"#/paths/~1a/get/responses/200/content/application~1json/example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := contract.Parse([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			_, err = contract.NewMock(d)
			if err == nil || !strings.Contains(err.Error(), tt.where) {
				t.Fatalf("error %v, want one naming %s", err, tt.where)
			}
		})
	}
	if _, err := contract.Parse([]byte("{not json")); err == nil {
		t.Error("a document that does not parse gave no error")
	}
	d, _ := contract.Parse([]byte(`{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{},"webhooks":{"x":{}}}`))
	if _, err := contract.NewMock(d); !errors.Is(err, contract.ErrUnsupported) {
		t.Errorf("webhooks: %v does not wrap ErrUnsupported", err)
	}
}

func TestMockStateful(t *testing.T) {
	h := newUsersMock(t, contract.Stateful())
	w := call{method: "POST", path: "/users", body: `{"email":"ada@example.com","name":"Ada","password":"correct horse"}`}.do(h)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var made map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &made)
	if made["email"] != "ada@example.com" || made["name"] != "Ada" {
		t.Fatalf("the created user does not carry what was sent: %s", w.Body)
	}
	item := fmt.Sprintf("/users/%v", made["id"])
	get := func() *httptest.ResponseRecorder { return call{method: "GET", path: item, header: bearer}.do(h) }
	if w := get(); w.Code != 200 || !strings.Contains(w.Body.String(), `"Ada"`) {
		t.Fatalf("get: %d %s", w.Code, w.Body)
	}
	if w := (call{method: "GET", path: "/users", header: bearer}).do(h); !strings.Contains(w.Body.String(), "ada@example.com") {
		t.Fatalf("list: %d %s", w.Code, w.Body)
	}
	w = call{method: "PATCH", path: item, body: `{"name":"Ada L."}`, header: bearer}.do(h)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"Ada L."`) || !strings.Contains(w.Body.String(), "ada@example.com") {
		t.Fatalf("patch: %d %s", w.Code, w.Body)
	}
	if w := get(); !strings.Contains(w.Body.String(), `"Ada L."`) {
		t.Fatalf("get after patch: %s", w.Body)
	}
	if w := (call{method: "DELETE", path: item, header: bearer}).do(h); w.Code != 204 {
		t.Fatalf("delete: %d %s", w.Code, w.Body)
	}
	if w := get(); w.Code != 404 {
		t.Fatalf("get after delete: %d %s", w.Code, w.Body)
	}
}

func TestMockFaults(t *testing.T) {
	t.Run("failures", func(t *testing.T) {
		h := newUsersMock(t, contract.WithFailures(1, 2*time.Second))
		w := call{method: "GET", path: "/users/1", header: bearer}.do(h)
		if w.Code != 503 || w.Header().Get("Retry-After") != "2" {
			t.Fatalf("%d Retry-After %q", w.Code, w.Header().Get("Retry-After"))
		}
	})
	t.Run("share", func(t *testing.T) {
		h := newUsersMock(t, contract.WithFailures(0.5, time.Second))
		failed := 0
		for range 200 {
			if (call{method: "GET", path: "/users/1", header: bearer}).do(h).Code == 503 {
				failed++
			}
		}
		if failed < 60 || failed > 140 {
			t.Fatalf("%d of 200 failed, want about half", failed)
		}
	})
	t.Run("none unless asked", func(t *testing.T) {
		h := newUsersMock(t)
		for range 50 {
			if w := (call{method: "GET", path: "/users/1", header: bearer}).do(h); w.Code != 200 {
				t.Fatalf("%d", w.Code)
			}
		}
	})
	t.Run("dropped", func(t *testing.T) {
		srv := contract.Mock(t, loadUsers(t), contract.WithDroppedConnections(1))
		req, _ := http.NewRequest("GET", srv.URL+"/users/1", nil)
		req.Header.Set("Authorization", "Bearer t")
		if resp, err := srv.Client().Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("got %d, want a dropped connection", resp.StatusCode)
		}
	})
	t.Run("latency", func(t *testing.T) {
		srv := contract.Mock(t, loadUsers(t), contract.WithLatency(time.Second))
		c := &http.Client{Timeout: 50 * time.Millisecond}
		req, _ := http.NewRequest("GET", srv.URL+"/users/1", nil)
		req.Header.Set("Authorization", "Bearer t")
		if resp, err := c.Do(req); err == nil {
			resp.Body.Close()
			t.Fatal("answered within 50ms despite a second of latency")
		}
	})
	t.Run("bad share", func(t *testing.T) {
		if _, err := contract.NewMock(loadUsers(t), contract.WithFailures(2, 0)); err == nil {
			t.Fatal("a share of 2 was accepted")
		}
	})
}
