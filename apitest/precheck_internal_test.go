package apitest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// precheckDoc has a body schema with what a precheck must judge as the
// validator does: formats, enums, bounds, nullable branches, readOnly and
// writeOnly properties (required: a request need not send the one, nor a
// response the other), nested arrays and a recursive reference.
const precheckDoc = `{"openapi":"3.1.0","info":{"title":"Precheck","version":"1"},
"paths":{"/things":{"post":{"operationId":"createThing",
 "requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
 "responses":{"201":{"description":"Created","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}}},
"components":{"schemas":{"Thing":{"type":"object","required":["email","size","id","secret"],"properties":{
 "id":{"type":"integer","readOnly":true},
 "secret":{"type":"string","writeOnly":true},
 "email":{"type":"string","format":"email"},
 "at":{"type":"string","format":"date-time"},
 "size":{"type":"string","enum":["s","m","l"]},
 "n":{"type":"number","minimum":0,"exclusiveMaximum":10,"multipleOf":0.5},
 "tags":{"type":"array","maxItems":2,"items":{"type":"string","minLength":1}},
 "parent":{"anyOf":[{"$ref":"#/components/schemas/Thing"},{"type":"null"}]}}}}}}`

// TestPrecheckAgreesWithTheValidator holds every body to both judges: a
// precheck that passes a body the validator fails would let a violation
// through; one that fails a body the validator passes only costs time, but
// a JSON body is one it can judge, so the two verdicts must be the same.
func TestPrecheckAgreesWithTheValidator(t *testing.T) {
	c, err := buildContract([]byte(precheckDoc))
	if err != nil {
		t.Fatal(err)
	}
	in, err := c.validators.get()
	if err != nil {
		t.Fatal(err)
	}
	defer c.validators.put(in)
	item := c.model.Paths.PathItems.GetOrZero("/things")
	request := item.Post.RequestBody.Content.GetOrZero("application/json")
	response := item.Post.Responses.Codes.GetOrZero("201").Content.GetOrZero("application/json")
	for _, body := range []string{
		`{"email":"a@b.co","size":"s"}`,
		`{"email":"a@b.co","size":"xl"}`,
		`{"email":"not an email","size":"s"}`,
		`{"size":"s"}`,
		`{"email":"a@b.co","size":"s","at":"2024-01-02T03:04:05Z"}`,
		`{"email":"a@b.co","size":"s","at":"yesterday"}`,
		`{"email":"a@b.co","size":"s","n":9.5}`,
		`{"email":"a@b.co","size":"s","n":10}`,
		`{"email":"a@b.co","size":"s","n":0.3}`,
		`{"email":"a@b.co","size":"s","n":-1}`,
		`{"email":"a@b.co","size":"s","tags":["a","b"]}`,
		`{"email":"a@b.co","size":"s","tags":["a","b","c"]}`,
		`{"email":"a@b.co","size":"s","tags":[""]}`,
		`{"email":"a@b.co","size":"s","id":3}`,
		`{"email":"a@b.co","size":"s","secret":"x"}`,
		`{"email":"a@b.co","size":"s","parent":null}`,
		`{"email":"a@b.co","size":"s","parent":{"email":"c@d.co","size":"m"}}`,
		`{"email":"a@b.co","size":"s","parent":{"email":"c@d.co"}}`,
		`{"email":"a@b.co","size":"s","parent":{"email":"c@d.co","size":"m","parent":{"size":1}}}`,
		`{"email":"a@b.co","size":"s","extra":true}`,
		`[]`,
		`"thing"`,
		`null`,
		`{"email":"a@b.co","size":"s"} {"email":"a@b.co","size":"s"}`,
		`{"email":"a@b.co","size":`,
	} {
		req := httptest.NewRequest(http.MethodPost, "/things", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		libOK, _ := in.validator.GetRequestBodyValidator().ValidateRequestBodyWithPathItem(req, in.pathItem("/things"), "/things")
		if ours := c.passes(request, "application/json", []byte(body)); ours != libOK {
			t.Errorf("request %s: precheck passes=%v, validator passes=%v", body, ours, libOK)
		}

		resp := &http.Response{StatusCode: http.StatusCreated, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader([]byte(body)))}
		req = httptest.NewRequest(http.MethodPost, "/things", nil)
		libOK, _ = in.validator.GetResponseBodyValidator().ValidateResponseBodyWithPathItem(req, resp, in.pathItem("/things"), "/things")
		ours := c.passes(response, "application/json", []byte(body))
		// The validator passes a response of JSON null without looking at
		// the schema; the precheck judges it and leaves the verdict to
		// the validator, which is only slower.
		if ours != libOK && !(body == "null" && !ours) {
			t.Errorf("response %s: precheck passes=%v, validator passes=%v", body, ours, libOK)
		}
	}
}

// TestDecodedAsJSON holds the content types a precheck takes to the
// validator's choice of decoder.
func TestDecodedAsJSON(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json":                  true,
		"application/json; charset=utf-8":   true,
		"Application/JSON":                  true,
		"application/problem+json":          true,
		"application/vnd.api+json":          true,
		"text/json":                         false,
		"application/jsonx":                 false,
		"application/json-seq":              false,
		"text/plain":                        false,
		"":                                  false,
		"application/x-www-form-urlencoded": false,
	} {
		if got := decodedAsJSON(ct); got != want {
			t.Errorf("decodedAsJSON(%q) = %v, want %v", ct, got, want)
		}
	}
}
