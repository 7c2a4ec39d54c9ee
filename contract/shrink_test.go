package contract_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/starling-http/starling/contract"
)

// shrinkDoc has one operation per shrinking case; each 400 is a problem.
const shrinkDoc = `{
  "openapi": "3.1.0",
  "info": {"title": "shrink", "version": "1"},
  "components": {"responses": {
    "ok": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false}}}},
    "bad": {"description": "invalid", "content": {"application/problem+json": {"schema": {"type": "object"}}}}}},
  "paths": {
    "/number": {"get": {"operationId": "number",
      "parameters": [{"name": "n", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 0, "maximum": 1000}}],
      "responses": {"200": {"$ref": "#/components/responses/ok"}, "400": {"$ref": "#/components/responses/bad"}}}},
    "/price": {"get": {"operationId": "price",
      "parameters": [{"name": "p", "in": "query", "required": true, "schema": {"type": "number", "minimum": 0, "maximum": 1000}}],
      "responses": {"200": {"$ref": "#/components/responses/ok"}, "400": {"$ref": "#/components/responses/bad"}}}},
    "/people": {"post": {"operationId": "person",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["age", "email"], "additionalProperties": false,
        "properties": {"age": {"type": "integer", "minimum": 0, "maximum": 150}, "email": {"type": "string", "format": "email", "maxLength": 254}}}}}},
      "responses": {"200": {"$ref": "#/components/responses/ok"}, "400": {"$ref": "#/components/responses/bad"}}}},
    "/text": {"get": {"operationId": "text",
      "parameters": [{"name": "q", "in": "query", "required": true, "schema": {"type": "string", "maxLength": 50}}],
      "responses": {"200": {"$ref": "#/components/responses/ok"}, "400": {"$ref": "#/components/responses/bad"}}}},
    "/options": {"post": {"operationId": "options",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false,
        "properties": {"a": {"type": "string", "maxLength": 20}, "b": {"type": "integer"}, "c": {"type": "string", "maxLength": 20}, "d": {"type": "boolean"}}}}}},
      "responses": {"200": {"$ref": "#/components/responses/ok"}, "400": {"$ref": "#/components/responses/bad"}}}},
    "/notes": {"post": {"operationId": "note",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "additionalProperties": false,
        "properties": {"text": {"type": "string", "maxLength": 60}}}}}},
      "responses": {"200": {"$ref": "#/components/responses/ok"}, "400": {"$ref": "#/components/responses/bad"}}}},
    "/search": {"get": {"operationId": "search",
      "parameters": [{"name": "q", "in": "query", "required": true, "schema": {"type": "string", "maxLength": 30}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "minLength": 1, "maxLength": 10}}],
      "responses": {"200": {"$ref": "#/components/responses/ok"}, "400": {"$ref": "#/components/responses/bad"}}}},
    "/limits": {"post": {"operationId": "limits",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["age"], "additionalProperties": false,
        "properties": {"age": {"type": "integer", "minimum": 0, "maximum": 150}, "nick": {"type": "string", "maxLength": 20}, "tags": {"type": "array", "items": {"type": "string"}}}}}}},
      "responses": {"200": {"$ref": "#/components/responses/ok"}, "400": {"$ref": "#/components/responses/bad"}}}}
  }
}`

// shrinkServer answers 500 on exactly the inputs each case names; the
// smallest such input is known.
func shrinkServer(t testing.TB) http.Handler {
	t.Helper()
	mux := http.NewServeMux()
	ok := func(w http.ResponseWriter) { writeJSON(w, http.StatusOK, map[string]any{}) }
	mux.HandleFunc("GET /number", func(w http.ResponseWriter, r *http.Request) {
		if n, _ := strconv.Atoi(r.URL.Query().Get("n")); n >= 537 {
			fail(w, http.StatusInternalServerError)
			return
		}
		ok(w)
	})
	mux.HandleFunc("GET /price", func(w http.ResponseWriter, r *http.Request) {
		if p, _ := strconv.ParseFloat(r.URL.Query().Get("p"), 64); p > 12.5 {
			fail(w, http.StatusInternalServerError)
			return
		}
		ok(w)
	})
	mux.HandleFunc("POST /people", func(w http.ResponseWriter, r *http.Request) {
		if age, _ := jsonBody(r)["age"].(float64); age > 120 {
			fail(w, http.StatusInternalServerError)
			return
		}
		ok(w)
	})
	mux.HandleFunc("GET /text", func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Query().Get("q")) > 10 {
			fail(w, http.StatusInternalServerError)
			return
		}
		ok(w)
	})
	mux.HandleFunc("POST /options", func(w http.ResponseWriter, r *http.Request) {
		if _, has := jsonBody(r)["c"]; has {
			fail(w, http.StatusInternalServerError)
			return
		}
		ok(w)
	})
	mux.HandleFunc("POST /notes", func(w http.ResponseWriter, r *http.Request) {
		if text, _ := jsonBody(r)["text"].(string); utf8.RuneCountInString(text) > 30 {
			fail(w, http.StatusInternalServerError)
			return
		}
		ok(w)
	})
	mux.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("sort") {
			fail(w, http.StatusInternalServerError)
			return
		}
		ok(w)
	})
	// POST /limits forgets the maximum of age: it checks the rest itself.
	mux.HandleFunc("POST /limits", func(w http.ResponseWriter, r *http.Request) {
		body := jsonBody(r)
		age, isNum := body["age"].(float64)
		nick, _ := body["nick"].(string)
		tags, hasTags := body["tags"]
		list, tagsOK := tags.([]any)
		tagsOK = tagsOK && !slices.ContainsFunc(list, func(e any) bool { _, isStr := e.(string); return !isStr })
		unknown := slices.ContainsFunc(slices.Collect(maps.Keys(body)), func(k string) bool { return k != "age" && k != "nick" && k != "tags" })
		if !isNum || age < 0 || age != float64(int(age)) || utf8.RuneCountInString(nick) > 20 || hasTags && !tagsOK || unknown {
			fail(w, http.StatusBadRequest)
			return
		}
		ok(w)
	})
	return strictServer(t, shrinkDoc, []string{"POST /limits"}, mux)
}

// TestProbeShrinksToMinimum: each seeded 500 has a known smallest input;
// the report shows exactly that request, whatever the seed.
func TestProbeShrinksToMinimum(t *testing.T) {
	if !perSeed(t, 1, 2, 3) {
		return
	}
	doc, err := contract.Parse([]byte(shrinkDoc))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(shrinkServer(t))
	t.Cleanup(srv.Close)
	r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, doc), contract.Examples(40))
	if err != nil {
		t.Fatal(err)
	}
	json := " -H 'Content-Type: application/json' --data-raw "
	cases := []struct {
		name, op, check, curl string
	}{
		{"smallest failing number", "number", contract.CheckServerError, "curl -i -X GET '" + srv.URL + "/number?n=537'"},
		{"unrelated field minimal", "person", contract.CheckServerError, "curl -i -X POST '" + srv.URL + "/people'" + json + `'{"age":121,"email":"a@d.com"}'`},
		{"shortest failing string", "text", contract.CheckServerError, "curl -i -X GET '" + srv.URL + "/text?q=aaaaaaaaaaa'"},
		{"shortest failing string far from both ends", "note", contract.CheckServerError, "curl -i -X POST '" + srv.URL + "/notes'" + json + `'{"text":"` + strings.Repeat("a", 31) + `"}'`},
		{"fewest optional parameters", "search", contract.CheckServerError, "curl -i -X GET '" + srv.URL + "/search?q=&sort=a'"},
		{"invalid input: fewest properties", "limits", contract.CheckInvalidRejected, "curl -i -X POST '" + srv.URL + "/limits'" + json + `'{"age":151}'`},
		{"fewest optional properties", "options", contract.CheckServerError, "curl -i -X POST '" + srv.URL + "/options'" + json + `'{"c":""}'`},
	}
	byOp := map[string][]contract.Failure{}
	for _, f := range r.Failures {
		byOp[f.Operation] = append(byOp[f.Operation], f)
	}
	// A decimal has no one smallest failing value (12.5 plus the least
	// step): rapid shrinks it to a short one, at most 0.5 above the limit.
	// Unshrunk, it would lie anywhere in 12.5..1000 with up to 17 digits.
	t.Run("simple failing decimal", func(t *testing.T) {
		fs := byOp["price"]
		if len(fs) != 1 || fs[0].Check != contract.CheckServerError {
			t.Fatalf("failures on price: %v, want one %s", fs, contract.CheckServerError)
		}
		_, q, _ := strings.Cut(fs[0].Curl, "/price?p=")
		q = strings.TrimSuffix(q, "'")
		p, err := strconv.ParseFloat(q, 64)
		if err != nil || p <= 12.5 || p > 13 || len(q) > 5 {
			t.Errorf("reported p=%s, want a number in (12.5, 13] of at most 5 characters", q)
		}
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := byOp[c.op]
			if len(fs) != 1 {
				t.Errorf("%d failures on %s, want 1 (one per cause): %v", len(fs), c.op, fs)
			}
			i := slices.IndexFunc(fs, func(f contract.Failure) bool { return f.Check == c.check })
			if i < 0 {
				t.Fatalf("no %s failure on %s", c.check, c.op)
			}
			if f := fs[i]; f.Curl != c.curl {
				t.Errorf("reported (%s phase, seen by %v)\n  %s\nwant\n  %s", f.Phase, f.Phases, f.Curl, c.curl)
			}
		})
	}
	if len(r.Failures) != len(cases)+1 {
		t.Errorf("%d failures, want %d: %v", len(r.Failures), len(cases)+1, r.Failures)
	}
}

// TestProbeBoundaryReportsTheSmallestRequest: the boundary phase starts
// from a request with every optional part, and rapid does not shrink it;
// what it finds is reported without the optional parts that play no role.
func TestProbeBoundaryReportsTheSmallestRequest(t *testing.T) {
	doc, err := contract.Parse([]byte(shrinkDoc))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(shrinkServer(t))
	t.Cleanup(srv.Close)
	r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, doc),
		contract.SkipPhases(contract.PhaseExamples, contract.PhaseNegative))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d requests, %d failures", r.Requests, len(r.Failures))
	json := " -H 'Content-Type: application/json' --data-raw "
	found := map[string]contract.Failure{}
	for _, f := range r.Failures {
		if !slices.Contains(f.Phases, contract.PhaseBoundary) {
			t.Errorf("%s failure on %s seen by %v, want the boundary phase among them", f.Check, f.Operation, f.Phases)
		}
		found[f.Operation] = f
	}
	for _, c := range []struct {
		op, check string
		curl      func(string) bool
		want      string
	}{
		{"limits", contract.CheckInvalidRejected,
			func(c string) bool { return c == "curl -i -X POST '"+srv.URL+"/limits'"+json+`'{"age":151}'` },
			`exactly {"age":151}`},
		{"search", contract.CheckServerError,
			func(c string) bool { return strings.Contains(c, "sort=") && !strings.Contains(c, "page=") },
			"sort= and no page="},
		{"options", contract.CheckServerError,
			func(c string) bool {
				return strings.Contains(c, `"c":`) && !strings.Contains(c, `"b":`) && !strings.Contains(c, `"d":`)
			},
			`"c" and neither "b" nor "d"`},
	} {
		f, ok := found[c.op]
		if !ok || f.Check != c.check {
			t.Errorf("%s: got %+v, want a %s failure", c.op, f, c.check)
			continue
		}
		if !c.curl(f.Curl) {
			t.Errorf("%s: reported\n  %s\nwant %s", c.op, f.Curl, c.want)
		}
	}
}
