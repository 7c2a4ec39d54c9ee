package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/starling-http/starling/contract"
)

// methodLog records the method and path of every request a handler gets.
type methodLog struct {
	next http.Handler
	mu   sync.Mutex
	seen []string
}

func (l *methodLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	l.seen = append(l.seen, r.Method+" "+r.URL.Path)
	l.mu.Unlock()
	l.next.ServeHTTP(w, r)
}

func (l *methodLog) requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.seen)
}

// seedItems creates n items through h and returns their JSON by path.
func seedItems(t *testing.T, h http.Handler, n int) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i := range n {
		body := []byte(`{"name":"seed` + string(rune('a'+i)) + `","quantity":5}`)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/items", bytes.NewReader(body)))
		if rec.Code != http.StatusCreated {
			t.Fatalf("seeding: %d %s", rec.Code, rec.Body)
		}
		loc := rec.Header().Get("Location")
		out[loc] = itemAt(t, h, loc)
	}
	return out
}

// itemAt returns the item at path as JSON, or "" when there is none.
func itemAt(t *testing.T, h http.Handler, path string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code == http.StatusNotFound {
		return ""
	}
	return rec.Body.String()
}

// itemCount counts the items h holds.
func itemCount(t *testing.T, h http.Handler) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/items?limit=50", nil))
	var items []json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &items); err != nil {
		t.Fatalf("listing: %v: %s", err, rec.Body)
	}
	return len(items)
}

// TestProbeModesOnItems: against an items service that holds items made before
// the run, the default probe changes none of them and deletes every item
// it created; ReadOnly sends safe methods only; Destructive is what
// changes the seeded items, which shows the other two cases can fail.
func TestProbeModesOnItems(t *testing.T) {
	cases := []struct {
		name string
		opts []contract.ProbeOption
		// seededChanged: some item made before the run changed or went.
		seededChanged bool
		writes        bool // any POST, PUT, PATCH or DELETE was sent
		skipped       []string
	}{
		{name: "default", writes: true},
		{name: "read-only", opts: []contract.ProbeOption{contract.ReadOnly()},
			skipped: []string{"POST /items: POST is not a safe method", "DELETE /items/{id}: DELETE is not a safe method"}},
		{name: "destructive", opts: []contract.ProbeOption{contract.Destructive()}, seededChanged: true, writes: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			log := &methodLog{next: newItemsServer("")}
			seeded := seedItems(t, log, 3)
			before := len(log.requests())
			srv := httptest.NewServer(log)
			t.Cleanup(srv.Close)
			opts := append([]contract.ProbeOption{contract.Header("Authorization", goodToken), contract.Examples(10)}, tc.opts...)
			r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, itemsDoc(t)), opts...)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range r.Failures {
				t.Errorf("unexpected failure: %s", f)
			}
			changed := 0
			for path, was := range seeded {
				if now := itemAt(t, log, path); now != was {
					changed++
					t.Logf("%s was %s, is %q", path, strings.TrimSpace(was), strings.TrimSpace(now))
				}
			}
			if (changed > 0) != tc.seededChanged {
				t.Errorf("%d of %d seeded items changed or went; want changes: %v", changed, len(seeded), tc.seededChanged)
			}
			writes := 0
			for _, req := range log.requests()[before:] {
				if !strings.HasPrefix(req, "GET ") && !strings.HasPrefix(req, "HEAD ") && !strings.HasPrefix(req, "OPTIONS ") {
					writes++
				}
			}
			if (writes > 0) != tc.writes {
				t.Errorf("%d unsafe requests sent; want some: %v", writes, tc.writes)
			}
			if !tc.seededChanged {
				// The probe deleted all it made: only the seeded items are left.
				if n := itemCount(t, log); n != len(seeded) || len(r.Remaining) != 0 {
					t.Errorf("%d items left (seeded %d), remaining %q", n, len(seeded), r.Remaining)
				}
			}
			if tc.writes && r.Created == 0 {
				t.Errorf("created nothing: the stateful phase did not run")
			}
			for _, want := range tc.skipped {
				if !slices.ContainsFunc(r.Skipped, func(s string) bool { return strings.HasPrefix(s, want) }) {
					t.Errorf("skipped %q, want an entry starting %q", r.Skipped, want)
				}
			}
			if len(r.Idle) != 0 {
				t.Errorf("idle %q: a phase the safety mode held back is not idle", r.Idle)
			}
		})
	}
}

// shapesDoc has the shapes safety has to decide on: a POST that creates
// nothing (a login), a PATCH of a resource that exists before any run
// (/settings), and a PUT to a client-chosen id that no POST creates.
const shapesDoc = `{
  "openapi": "3.1.0",
  "info": {"title": "shapes", "version": "1"},
  "components": {"schemas": {"Thing": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 8}}, "additionalProperties": false}}},
  "paths": {
    "/auth/login": {"post": {"operationId": "login",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
      "responses": {"200": {"description": "a token", "content": {"application/json": {"schema": {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}}}}}}}},
    "/settings": {"patch": {"operationId": "patchSettings",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
      "responses": {"204": {"description": "changed"}}}},
    "/things/{id}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
      "get": {"operationId": "getThing", "responses": {"404": {"description": "none"}}},
      "put": {"operationId": "putThing",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
        "responses": {"201": {"description": "created or replaced"}}}}
  }
}`

// shapesServer answers every operation of shapesDoc as documented.
func shapesServer() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/login", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"token":"t"}`))
	})
	mux.HandleFunc("PATCH /settings", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	mux.HandleFunc("GET /things/{id}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(404) })
	mux.HandleFunc("PUT /things/{id}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(201) })
	return mux
}

// TestProbeModesOnShapes: by default a login POST is probed, the PATCH of a
// pre-existing resource and the PUT to drawn ids are skipped with their
// reasons (not failed, not idle); Destructive probes all four; ReadOnly
// only the GET.
func TestProbeModesOnShapes(t *testing.T) {
	cases := []struct {
		name    string
		opts    []contract.ProbeOption
		probed  []string
		skipped map[string]string // operation → part of the reason
	}{
		{"default", nil, []string{"login", "getThing"}, map[string]string{
			"PATCH /settings":  "did not create",
			"PUT /things/{id}": "did not create",
		}},
		{"destructive", []contract.ProbeOption{contract.Destructive()}, []string{"login", "patchSettings", "getThing", "putThing"}, nil},
		{"read-only", []contract.ProbeOption{contract.ReadOnly()}, []string{"getThing"}, map[string]string{
			"POST /auth/login": "read-only",
			"PATCH /settings":  "read-only",
			"PUT /things/{id}": "read-only",
		}},
		{"excluded", []contract.ProbeOption{contract.Exclude("login")}, []string{"getThing"}, map[string]string{
			"POST /auth/login": "excluded",
			"PATCH /settings":  "did not create",
			"PUT /things/{id}": "did not create",
		}},
	}
	doc, err := contract.Parse([]byte(shapesDoc))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(shapesServer())
			t.Cleanup(srv.Close)
			opts := append([]contract.ProbeOption{contract.Examples(5), contract.SkipPhases(contract.PhaseNegative, contract.PhaseBoundary)}, tc.opts...)
			r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, doc), opts...)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(r.Probed)
			want := slices.Sorted(slices.Values(tc.probed))
			if !slices.Equal(r.Probed, want) {
				t.Errorf("probed %v, want %v", r.Probed, want)
			}
			if len(r.Skipped) != len(tc.skipped) {
				t.Errorf("skipped %q, want %d entries", r.Skipped, len(tc.skipped))
			}
			for op, why := range tc.skipped {
				if !slices.ContainsFunc(r.Skipped, func(s string) bool { return strings.HasPrefix(s, op+": ") && strings.Contains(s, why) }) {
					t.Errorf("skipped %q: want %s skipped because %q", r.Skipped, op, why)
				}
			}
			if len(r.Failures) != 0 || len(r.Idle) != 0 || len(r.Unexercised) != 0 {
				t.Errorf("failures %v, idle %q, unexercised %q: a skipped operation must be none of these", r.Failures, r.Idle, r.Unexercised)
			}
		})
	}
}

// TestProbeOwnResourcesRunOut: the service lets the probe create one item
// and refuses every creation after it. DELETE's examples phase deletes
// that item and has nothing of its own left to send to: the rest of its
// requests are withheld, which the report says, and the phase is not
// reported as one that could draw nothing.
func TestProbeOwnResourcesRunOut(t *testing.T) {
	items := newItemsServer("")
	var mu sync.Mutex
	created := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			mu.Lock()
			created++
			full := created > 1
			mu.Unlock()
			if full {
				problem(w, 400, "the quota of items is used up")
				return
			}
		}
		items.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	r, err := contract.RunProbe(context.Background(), contract.URL(srv.URL, itemsDoc(t)),
		contract.Header("Authorization", goodToken), contract.Examples(5), contract.Only("deleteItem:examples"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Idle) != 0 || len(r.Failures) != 0 {
		t.Errorf("idle %q, failures %v: a phase the safety mode held back is neither", r.Idle, r.Failures)
	}
	if r.Withheld == 0 {
		t.Errorf("withheld %d: the requests held back must be counted", r.Withheld)
	}
}
