package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// thingsSpec documents a collection the probe can create in and delete
// from, so that each safety mode has something to protect.
const thingsSpec = `openapi: 3.1.0
info: {title: things, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string, maxLength: 8}}, additionalProperties: false}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "400": {description: bad, content: {application/problem+json: {schema: {type: object}}}}
  /things/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer, minimum: 1}}]
    get:
      operationId: getThing
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "400": {description: bad, content: {application/problem+json: {schema: {type: object}}}}
        "404": {description: none, content: {application/problem+json: {schema: {type: object}}}}
    delete:
      operationId: deleteThing
      responses:
        "204": {description: gone}
        "400": {description: bad, content: {application/problem+json: {schema: {type: object}}}}
        "404": {description: none, content: {application/problem+json: {schema: {type: object}}}}
components:
  schemas:
    Thing: {type: object, required: [id, name], properties: {id: {type: integer}, name: {type: string}}, additionalProperties: false}
`

// thingsServer serves thingsSpec; thing 1 exists before any probe runs.
type thingsServer struct {
	mu     sync.Mutex
	things map[int]string
	next   int
	log    []string // "METHOD /path" of every request
}

func newThingsServer() *thingsServer {
	return &thingsServer{things: map[int]string{1: "precious"}, next: 2}
}

func (s *thingsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, r.Method+" "+r.URL.Path)
	problem := func(code int) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"status":%d}`, code)
	}
	if r.URL.Path == "/things" && r.Method == http.MethodPost {
		var in struct {
			Name *string `json:"name"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if dec.Decode(&in) != nil || in.Name == nil || utf8.RuneCountInString(*in.Name) > 8 || r.Header.Get("Content-Type") != "application/json" {
			problem(400)
			return
		}
		id := s.next
		s.next++
		s.things[id] = *in.Name
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		_ = json.NewEncoder(w).Encode(map[string]any{"id": id, "name": *in.Name})
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/things/")
	id, err := strconv.Atoi(rest)
	name, exists := s.things[id]
	switch {
	case !ok:
		problem(404)
	case err != nil || id < 1:
		problem(400)
	case r.Method == http.MethodGet && exists:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"id": id, "name": name})
	case r.Method == http.MethodDelete && exists:
		delete(s.things, id)
		w.WriteHeader(204)
	case r.Method == http.MethodGet || r.Method == http.MethodDelete:
		problem(404)
	default:
		problem(405)
	}
}

// TestProbeSafetyModes runs contract probe against a server with one
// thing that existed before, in each safety mode.
func TestProbeSafetyModes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		// check looks at the requests the server got and what it holds.
		check func(t *testing.T, log []string, things map[int]string, out string)
	}{
		{name: "default: writes only to its own things and removes them", check: func(t *testing.T, log []string, things map[int]string, out string) {
			if slices.Contains(log, "DELETE /things/1") {
				t.Errorf("DELETE /things/1 was sent: the probe did not create thing 1")
			}
			if !slices.ContainsFunc(log, func(l string) bool { return strings.HasPrefix(l, "DELETE ") }) {
				t.Errorf("no DELETE at all: the probe did not exercise deleteThing on its own things")
			}
			if len(things) != 1 || things[1] != "precious" {
				t.Errorf("the server holds %v after the probe, want only thing 1", things)
			}
		}},
		{name: "destructive: any id, the boundary's 1 included", args: []string{"--destructive"}, check: func(t *testing.T, log []string, things map[int]string, out string) {
			if !slices.Contains(log, "DELETE /things/1") || things[1] != "" {
				t.Errorf("--destructive did not delete thing 1: the default case's check could not tell")
			}
		}},
		{name: "read-only: sends safe methods only", args: []string{"--read-only"}, check: func(t *testing.T, log []string, things map[int]string, out string) {
			for _, l := range log {
				if !strings.HasPrefix(l, "GET ") {
					t.Errorf("a read-only probe sent %s", l)
				}
			}
			for _, op := range []string{"skipped: POST /things: ", "skipped: DELETE /things/{id}: "} {
				if !strings.Contains(out, op) {
					t.Errorf("the report does not list %q:\n%s", op, out)
				}
			}
		}},
	}
	spec := write(t, "things.yaml", thingsSpec)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newThingsServer()
			srv := httptest.NewServer(s)
			defer srv.Close()
			code, out, errs := cli(append([]string{"probe", "--spec", spec, "--url", srv.URL, "--examples", "5"}, tc.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d\n%s%s", code, out, errs)
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			tc.check(t, s.log, s.things, out)
		})
	}
}

// TestProbeHelpSaysWhatItSends: the first lines of probe -h are about what
// the probe sends, before any flag.
func TestProbeHelpSaysWhatItSends(t *testing.T) {
	code, _, errs := cli("probe", "-h")
	head := strings.Join(strings.SplitN(errs, "\n", 10)[:9], "\n")
	if code != exitUsage || !strings.Contains(head, "PUT, PATCH, DELETE") || !strings.Contains(head, "created in this run") {
		t.Errorf("exit %d, help begins:\n%s", code, head)
	}
	if code, _, _ := cli("probe", "--spec", "x", "--url", "y", "--read-only", "--destructive"); code != exitUsage {
		t.Errorf("--read-only --destructive: exit %d, want %d", code, exitUsage)
	}
}
