package router_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework/internal/router"
)

func TestParse(t *testing.T) {
	tests := []struct {
		pattern  string
		template string
		segments []router.Segment
		params   []router.Param
	}{
		{"/", "/", nil, nil},
		{"/users", "/users", []router.Segment{{Static: "users"}}, nil},
		{"/users/", "/users", []router.Segment{{Static: "users"}}, nil},
		{"/users/{user_id:int}", "/users/{user_id}",
			[]router.Segment{{Static: "users"}, {Param: "user_id", Type: router.Int}},
			[]router.Param{{Name: "user_id", Type: router.Int, Segment: 1}}},
		{"/files/{rest:path}", "/files/{rest}",
			[]router.Segment{{Static: "files"}, {Param: "rest", Type: router.Path}},
			[]router.Param{{Name: "rest", Type: router.Path, Segment: 1}}},
		{"/orgs/{org:str}/members/{id:uuid}", "/orgs/{org}/members/{id}",
			[]router.Segment{{Static: "orgs"}, {Param: "org"}, {Static: "members"}, {Param: "id", Type: router.UUID}},
			[]router.Param{{Name: "org", Segment: 1}, {Name: "id", Type: router.UUID, Segment: 3}}},
		{"/{a}/{b:float}/{c:date}/{d:datetime}", "/{a}/{b}/{c}/{d}",
			[]router.Segment{{Param: "a"}, {Param: "b", Type: router.Float}, {Param: "c", Type: router.Date}, {Param: "d", Type: router.DateTime}},
			[]router.Param{{Name: "a"}, {Name: "b", Type: router.Float, Segment: 1}, {Name: "c", Type: router.Date, Segment: 2}, {Name: "d", Type: router.DateTime, Segment: 3}}},
		{"/a%20b/c%2Fd", "/a%20b/c%2Fd", []router.Segment{{Static: "a b"}, {Static: "c/d"}}, nil},
		{"/caf\u00e9/v1.2/~x/a:b@c/!$&'()*+,;=-_", "/caf\u00e9/v1.2/~x/a:b@c/!$&'()*+,;=-_",
			[]router.Segment{{Static: "caf\u00e9"}, {Static: "v1.2"}, {Static: "~x"}, {Static: "a:b@c"}, {Static: "!$&'()*+,;=-_"}}, nil},
		{"/{_x-y.z9}", "/{_x-y.z9}", []router.Segment{{Param: "_x-y.z9"}}, []router.Param{{Name: "_x-y.z9"}}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			p, err := router.Parse(tt.pattern)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.pattern, err)
			}
			if p.Raw != tt.pattern || p.String() != tt.pattern {
				t.Errorf("Raw = %q, want %q", p.Raw, tt.pattern)
			}
			if p.Template != tt.template {
				t.Errorf("Template = %q, want %q", p.Template, tt.template)
			}
			if !reflect.DeepEqual(p.Segments, tt.segments) {
				t.Errorf("Segments = %+v, want %+v", p.Segments, tt.segments)
			}
			if !reflect.DeepEqual(p.Params, tt.params) {
				t.Errorf("Params = %+v, want %+v", p.Params, tt.params)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ pattern, reason string }{
		{"", "empty pattern"},
		{"users", "must start with '/'"},
		{"//", "empty segment"},
		{"/a//b", "empty segment"},
		{"/a/b//", "empty segment"},
		{"/{}", "empty parameter name"},
		{"/{:int}", "empty parameter name"},
		{"/{id}/{id:int}", `duplicate parameter name "id"`},
		{"/{id:integer}", `unknown parameter type "integer"`},
		{"/{id:}", `unknown parameter type ""`},
		{"/{id:Int}", `unknown parameter type "Int"`},
		{"/{id", "missing '}'"},
		{"/id}", "unexpected '}'"},
		{"/{{id}}", "nested braces"},
		{"/{a{b}}", "nested braces"},
		{"/a{b}", "must fill the whole segment"},
		{"/{a}b", "must fill the whole segment"},
		{"/{a}{b}", "nested braces"},
		{"/{rest:path}/x", "must be the last segment"},
		{"/{1id}", "parameter name"},
		{"/{a b}", "parameter name"},
		{"/{-a}", "parameter name"},
		{"/a b", "invalid character ' '"},
		{"/a?b", "invalid character '?'"},
		{"/a#b", "invalid character '#'"},
		{"/a\\b", "invalid character"},
		{"/a\x00", "invalid character"},
		{"/a%2", "invalid percent-escape"},
		{"/a%zz", "invalid percent-escape"},
		{"/\xff", "invalid UTF-8"},
		{"/.", "dot segments"},
		{"/a/../b", "dot segments"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			_, err := router.Parse(tt.pattern)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want error containing %q", tt.pattern, tt.reason)
			}
			var pe *router.ParseError
			if !errors.As(err, &pe) || pe.Pattern != tt.pattern {
				t.Fatalf("Parse(%q) error %#v is not a *ParseError naming the pattern", tt.pattern, err)
			}
			if !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), "router: invalid pattern") {
				t.Errorf("Parse(%q) error = %q, want it to contain %q", tt.pattern, err, tt.reason)
			}
		})
	}
}

func TestParamTypeString(t *testing.T) {
	want := map[router.ParamType]string{router.Str: "str", router.Int: "int", router.Float: "float",
		router.UUID: "uuid", router.Date: "date", router.DateTime: "datetime", router.Path: "path", 99: "ParamType(99)"}
	for typ, name := range want {
		if got := typ.String(); got != name {
			t.Errorf("%d.String() = %q, want %q", typ, got, name)
		}
	}
}
