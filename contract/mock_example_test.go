package contract_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/starling-http/starling/contract"
)

// A mock answers from the document alone: the documented example for a
// valid request, a problem naming each violation for one the provider would
// refuse, and another documented answer when the request prefers it.
func ExampleNewMock() {
	doc, err := contract.Parse([]byte(`{"openapi":"3.1.0","info":{"title":"pets","version":"1"},
	 "paths":{"/pets/{id}":{"get":{
	  "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer","minimum":1}}],
	  "responses":{
	   "200":{"description":"a pet","content":{"application/json":{
	     "schema":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}},
	     "example":{"name":"Tom"}}}},
	   "404":{"description":"no such pet"}}}}}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := contract.NewMock(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	get := func(path, prefer string) {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		if prefer != "" {
			r.Header.Set("Prefer", prefer)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		body, _ := io.ReadAll(w.Body)
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%d %s", w.Code, body)))
	}
	get("/pets/1", "")
	get("/pets/1", "code=404")
	get("/pets/0", "")
	// Output:
	// 200 {"name":"Tom"}
	// 404
	// 400 {"detail":"the request breaks the document: 1 violation","errors":[{"location":"path","message":"the path parameter \"id\": minimum: got 0, want 1","pointer":"id","rule":"schema"}],"status":400,"title":"Bad Request","type":"about:blank"}
}
