package contract_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/starling-http/starling/contract"
)

const thingsDoc = `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{
 "/things":{"post":{"requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/New"}}}},
   "responses":{"201":{"description":"made","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}},
 "/things/{id}":{"get":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer"}}],
   "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
     "404":{"description":"none"}}}}},
 "components":{"schemas":{
   "New":{"type":"object","required":["name"],"properties":{"name":{"type":"string","minLength":1}}},
   "Thing":{"type":"object","required":["id","name"],"properties":{"id":{"type":"integer","minimum":1},"name":{"type":"string"},"note":{"type":"string"}}}}}}`

// things is a provider of thingsDoc; shape changes what it answers.
type things struct {
	mu    sync.Mutex
	items map[string]map[string]any
	shape func(map[string]any) map[string]any
}

func (p *things) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.Method == "POST" {
		var in map[string]any
		_ = json.NewDecoder(r.Body).Decode(&in)
		id := float64(100 + len(p.items))
		t := map[string]any{"id": id, "name": in["name"]}
		p.items[string(mustMarshal(id))] = t
		w.WriteHeader(201)
		_ = json.NewEncoder(w).Encode(p.shape(t))
		return
	}
	t, ok := p.items[strings.TrimPrefix(r.URL.Path, "/things/")]
	if !ok {
		w.WriteHeader(404)
		return
	}
	_ = json.NewEncoder(w).Encode(p.shape(t))
}

func mustMarshal(v any) []byte { b, _ := json.Marshal(v); return b }

// record runs a consumer flow against a mock of thingsDoc: create a thing,
// read it back by the identifier the mock gave, read a missing one.
func record(t *testing.T) string {
	doc, err := contract.Parse([]byte(thingsDoc))
	if err != nil {
		t.Fatal(err)
	}
	rec := contract.NewRecorder()
	srv := contract.Mock(t, doc, contract.Record(rec))
	resp, err := http.Post(srv.URL+"/things", "application/json", strings.NewReader(`{"name":"kettle"}`))
	if err != nil {
		t.Fatal(err)
	}
	var made map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&made)
	resp.Body.Close()
	for _, path := range []string{"/things/" + string(mustMarshal(made["id"]))} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	req, _ := http.NewRequest("GET", srv.URL+"/things/999999", nil)
	req.Header.Set("Prefer", "code=404")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	path := filepath.Join(t.TempDir(), "interactions.json")
	if err := rec.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVerify(t *testing.T) {
	file := record(t)
	list, err := contract.ReadInteractions(file)
	if err != nil || len(list) != 3 {
		t.Fatalf("%d interactions, %v", len(list), err)
	}
	tests := []struct {
		name  string
		shape func(map[string]any) map[string]any
		fails []string // substrings of the problems, in order
	}{
		{"unchanged", func(m map[string]any) map[string]any { return m }, nil},
		{"extra field", func(m map[string]any) map[string]any { m["extra"] = true; return m }, nil},
		{"removed field", func(m map[string]any) map[string]any {
			return map[string]any{"id": m["id"]}
		}, []string{"/name: missing", "/name: missing"}},
		{"changed type", func(m map[string]any) map[string]any {
			return map[string]any{"id": m["id"], "name": 7.0}
		}, []string{"/name: a number, recorded a string", "/name: a number, recorded a string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &things{items: map[string]map[string]any{}, shape: tt.shape}
			rep, err := contract.VerifyInteractions(t.Context(), &http.Client{Transport: handlerRT{p}}, "http://p.test", list)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Failed() {
				got = append(got, f.Problems...)
			}
			if len(got) != len(tt.fails) {
				var b strings.Builder
				_ = rep.WriteText(&b)
				t.Fatalf("problems %q, want %d:\n%s", got, len(tt.fails), b.String())
			}
			for i, sub := range tt.fails {
				if !strings.Contains(got[i], sub) {
					t.Errorf("problem %q does not mention %q", got[i], sub)
				}
			}
		})
	}
}

func TestVerifyFailsTheTest(t *testing.T) {
	file := record(t)
	tb := &failTB{TB: t}
	contract.Verify(tb, &things{items: map[string]map[string]any{}, shape: func(m map[string]any) map[string]any {
		return map[string]any{"id": m["id"]}
	}}, file)
	if len(tb.errs) != 2 || !strings.Contains(tb.errs[0], "/name: missing") {
		t.Fatalf("failures %q", tb.errs)
	}
	ok := &failTB{TB: t}
	contract.Verify(ok, &things{items: map[string]map[string]any{}, shape: func(m map[string]any) map[string]any { return m }}, file)
	if len(ok.errs) != 0 {
		t.Fatalf("failures %q", ok.errs)
	}
}

type handlerRT struct{ h http.Handler }

func (rt handlerRT) RoundTrip(r *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	rt.h.ServeHTTP(w, r)
	return w.Result(), nil
}
