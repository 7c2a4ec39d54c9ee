package apitest_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/starling-http/starling/apitest"
)

// petsDoc is a hand-written document for a plain handler: one operation
// with three documented responses.
const petsDoc = `openapi: 3.1.0
info: {title: Pets, version: "2.0"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                required: [id, name]
                properties:
                  id: {type: integer}
                  name: {type: string}
        "404":
          description: Not found
          content:
            application/problem+json:
              schema: {type: object, required: [title], properties: {title: {type: string}}}
        "500":
          description: Broken
  /pets:
    get:
      operationId: listPets
      responses:
        "200": {description: OK, content: {application/json: {schema: {type: array}}}}
`

func petsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/pets/1":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":1,"name":"Rex"}`)
		case "/pets/2":
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"title":"gone"}`)
		default:
			w.WriteHeader(http.StatusTeapot)
		}
	})
}

func petsCoverage(t *testing.T, title string) apitest.DocumentCoverage {
	for _, d := range apitest.CurrentCoverage().Documents {
		if d.Title == title {
			return d
		}
	}
	t.Fatalf("no coverage for the %s document", title)
	return apitest.DocumentCoverage{}
}

// TestNewHandlerAndCoverage checks a plain handler against a hand-written
// document and reads the coverage it recorded.
func TestNewHandlerAndCoverage(t *testing.T) {
	// Coverage adds up over the test binary's life, so each run (-count=N)
	// gives the document a title of its own.
	title := "Pets-" + strconv.FormatUint(rand.Uint64(), 36)
	doc := strings.Replace(petsDoc, "title: Pets,", "title: "+title+",", 1)
	f := newFakeTB(t)
	api := apitest.NewHandler(f, petsHandler(), []byte(doc))
	api.GET("/pets/1").Expect().Status(http.StatusOK).JSON().Object().HasValue("name", "Rex")
	api.GET("/pets/1").Expect().Status(http.StatusOK)
	api.GET("/pets/2").Expect().Status(http.StatusNotFound)
	if r := f.reports(); len(r) != 0 {
		t.Fatalf("reports:\n%s", f.all())
	}
	api.GET("/pets/3").Expect().Status(http.StatusTeapot)
	if r := f.reports(); len(r) != 1 || !strings.Contains(r[0], "status 418 is not documented (documented: 200, 404, 500)") {
		t.Fatalf("want one report of the 418, got:\n%s", f.all())
	}

	d := petsCoverage(t, title)
	if d.Covered != 2 || d.Total != 4 || d.Ratio != 0.5 {
		t.Errorf("covered %d of %d (%v), want 2 of 4", d.Covered, d.Total, d.Ratio)
	}
	if len(d.Undocumented) != 1 || d.Undocumented[0].Status != "418" {
		t.Errorf("undocumented = %+v, want the 418", d.Undocumented)
	}
	var out bytes.Buffer
	apitest.Coverage{Documents: []apitest.DocumentCoverage{d}}.Print(&out)
	t.Log("\n" + out.String())
	for _, want := range []string{
		`contract coverage of "` + title + `" 2.0: 2 of 4 responses exercised (50.0%)`,
		"operation                  200   404   500     hit",
		"getPet    GET /pets/{id}     2     1     ·     2/3",
		"listPets  GET /pets          ·                 0/1",
		"undocumented: getPet GET /pets/{id} → 418 no content type (1×)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the matrix lacks %q", want)
		}
	}

	c := apitest.Coverage{Documents: []apitest.DocumentCoverage{d}}
	if err := c.Check(0.5, "getPet"); err != nil {
		t.Errorf("Check(0.5, getPet) = %v, want nil", err)
	}
	err := c.Check(0.75, "listPets", "feedPet")
	for _, want := range []string{"covers 50.0% of its responses, below the required 75.0%",
		"required operation listPets was never exercised", "required operation feedPet is not in any document checked"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(0.75, listPets, feedPet) = %v, want it to say %q", err, want)
		}
	}
}
