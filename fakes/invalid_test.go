package fakes_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/starling-http/starling/fakes"
)

// post sends body to the proof app and returns the status and the problem's
// violations as "pointer rule".
func post(t *testing.T, h http.Handler, path string, body []byte) (int, []string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var problem struct {
		Errors []struct{ Pointer, Rule string }
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &problem)
	var out []string
	for _, e := range problem.Errors {
		out = append(out, e.Pointer+" "+e.Rule)
	}
	return rec.Code, out
}

// The table test a user writes: every variant is refused with a 400 that
// names its pointer and rule; every value at a limit is accepted.
func TestInvalidVariantsAreRefusedByTheServer(t *testing.T) {
	app := proofApp(t)
	variants := append(fakes.Invalid[Profile](t), fakes.Boundaries[Profile](t)...)
	for _, v := range variants {
		t.Run(v.Name, func(t *testing.T) {
			status, errs := post(t, app, "/t/profile", v.JSON)
			switch {
			case v.Valid && status != http.StatusCreated:
				t.Errorf("%s: status %d %v, want 201", v.JSON, status, errs)
			case !v.Valid && (status != http.StatusBadRequest || len(errs) != 1 || errs[0] != v.Pointer+" "+v.Rule):
				t.Errorf("%s: status %d %v, want 400 [%s %s]", v.JSON, status, errs, v.Pointer, v.Rule)
			}
		})
	}
}

func TestInvalidCoversEveryConstraint(t *testing.T) {
	got := map[string]bool{}
	for _, v := range fakes.Invalid[Profile](t) {
		got[v.Pointer+" "+v.Rule] = true
	}
	for _, want := range []string{
		" type", "/email required", "/email format", "/email maxLength", "/handle pattern", "/handle minLength",
		"/level enum", "/kind const", "/motto minLength", "/motto maxLength", "/address/zip pattern",
		"/address/country enum", "/previous maxItems", "/tags minItems", "/tags maxItems", "/tags uniqueItems",
		"/tags/0 pattern", "/tags/0 maxLength", "/meta minProperties", "/meta maxProperties",
		"/scores maxProperties", "/host format", "/host minLength", "/id format", "/ipv6 format",
	} {
		if !got[want] {
			t.Errorf("no variant %q", want)
		}
	}
	got = map[string]bool{}
	for _, v := range fakes.Invalid[Numbers](t) {
		got[v.Pointer+" "+v.Rule] = true
	}
	for _, want := range []string{
		"/age minimum", "/age maximum", "/small minimum", "/small maximum", "/count exclusiveMinimum",
		"/count exclusiveMaximum", "/even multipleOf", "/big minimum", "/step multipleOf", "/step exclusiveMinimum",
		"/ratio exclusiveMaximum", "/price multipleOf", "/dice enum", "/answer const", "/yes const",
		"/triple minItems", "/triple maxItems", "/triple uniqueItems", "/weights minItems", "/weights/0 minimum",
		"/nullable required",
	} {
		if !got[want] {
			t.Errorf("no variant %q", want)
		}
	}
	got = map[string]bool{}
	for _, v := range fakes.Invalid[Account](t, fakes.DTO(AccountDTO)) {
		got[v.Pointer+" "+v.Rule] = true
		if v.Value == nil && (v.Rule == "minLength" || v.Rule == "pattern") {
			t.Errorf("%s: a typed break has no Value", v.Name)
		}
	}
	for _, want := range []string{"/id readOnly", "/createdAt readOnly", "/unknownProperty additionalProperties", "/password minLength"} {
		if !got[want] {
			t.Errorf("no variant %q", want)
		}
	}
}

func TestBoundariesComeInPairs(t *testing.T) {
	vs := fakes.Boundaries[Numbers](t)
	valid := map[string]bool{}
	for _, v := range vs {
		if v.Valid {
			valid[v.Pointer+" "+v.Rule] = true
		}
	}
	for _, want := range []string{"/age minimum", "/age maximum", "/count exclusiveMinimum", "/small maximum", "/weights maxItems"} {
		if !valid[want] {
			t.Errorf("no at-the-limit value for %q", want)
		}
	}
	for _, v := range fakes.Boundaries[Numbers](t) {
		if v.Pointer == "/age" && v.Rule == "maximum" && v.Valid && v.Value.Age != 130 {
			t.Errorf("/age maximum at the limit is %d, want 130", v.Value.Age)
		}
	}
}
