package apitest

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/gavv/httpexpect/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

// Decode decodes the response's JSON body into a T, failing the test (with
// t.Fatalf) when it does not decode. Unknown fields are an error: the
// document check already refuses undeclared properties, so one here means T
// and the document disagree.
//
//	got := apitest.Decode[app.User](t, api.GET("/users/1").Expect().Status(http.StatusOK))
func Decode[T any](t testing.TB, resp *httpexpect.Response) T {
	t.Helper()
	var v T
	raw := resp.Body().Raw()
	if err := DecodeBytes([]byte(raw), &v); err != nil {
		t.Fatalf("apitest.Decode: the body does not decode into %T: %v\nbody: %s", v, err, truncate(raw))
	}
	return v
}

// DecodeBytes decodes a JSON body into v (a pointer), refusing unknown
// fields, as Decode does.
func DecodeBytes(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Equal reports whether want and got are equal under go-cmp (with opts, such
// as cmpopts.IgnoreFields for server-made values), and fails the test with
// a -want +got diff when they are not.
func Equal[T any](t testing.TB, want, got T, opts ...cmp.Option) bool {
	t.Helper()
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		t.Errorf("apitest.Equal: %T mismatch (-want +got):\n%s", want, diff)
		return false
	}
	return true
}

// Problem asserts that resp is an application/problem+json document (RFC
// 9457, what the framework answers errors with) and returns it as an
// object for further assertions:
//
//	apitest.Problem(api.GET("/users/0").Expect().Status(http.StatusBadRequest)).
//		Value("errors").Array().Value(0).Object().HasValue("location", "path.user_id")
func Problem(resp *httpexpect.Response) *httpexpect.Object {
	return resp.JSON(httpexpect.ContentOpts{MediaType: framework.ProblemContentType}).Object()
}
