package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const tinyDoc = `{"openapi":"3.1.0","info":{"title":"Tiny","version":"1"},"paths":{"/n/{id}":{"get":{
"operationId":"getN","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer","minimum":1}}],
"responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"type":"object","required":["n"],
"properties":{"n":{"type":"integer"},"at":{"type":"string","format":"date-time"},
"due":{"anyOf":[{"$ref":"#/components/schemas/Due"},{"type":"null"}]}}}}}}}}}},
"components":{"schemas":{"Due":{"type":"object","required":["date"],"properties":{"date":{"type":"string","format":"date"},
"items":{"type":"array","items":{"type":"object","properties":{"text":{"type":"string"}}}}}}}}}`

func tinyHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		// due is nullable (anyOf with null): checking an anyOf renders
		// and compiles its branches, which writes into a schema model;
		// TestSharedContract must survive that under -race.
		fmt.Fprintf(w, `{"n":%d,"at":"2024-01-02T03:04:05Z","due":{"date":"2024-01-02","items":[{"text":"a"}]}}`, len(r.URL.Path))
	})
}

// TestSharedContract: the document's validator is built once and serves
// parallel tests (run with -race).
func TestSharedContract(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]*contract, 32)
	for i := range got {
		wg.Go(func() {
			c, err := contractFor([]byte(tinyDoc))
			if err != nil {
				t.Error(err)
			}
			got[i] = c
		})
	}
	wg.Wait()
	for _, c := range got {
		if c != got[0] {
			t.Fatal("contractFor built the same document twice")
		}
	}
	for i := range 16 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			api := NewHandler(t, tinyHandler(), []byte(tinyDoc))
			for j := range 50 {
				api.GET("/n/{id}", j+1).Expect().Status(http.StatusOK)
			}
		})
	}
}

// TestValidationDoesNotSerialize: an exchange is checked while another
// holds a validator of the same document (as a parallel test's check
// would): it gets an instance of its own instead of waiting, which a lock
// around one shared validator would make it do forever.
func TestValidationDoesNotSerialize(t *testing.T) {
	t.Parallel()
	doc := []byte(strings.Replace(tinyDoc, `"title":"Tiny"`, `"title":"Tiny busy"`, 1))
	c, err := contractFor(doc)
	if err != nil {
		t.Fatal(err)
	}
	held, err := c.validators.get()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		api := NewHandler(t, tinyHandler(), doc)
		api.GET("/n/{id}", 1).Expect().Status(http.StatusOK)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("an exchange waited for the validator another check holds")
	}
	c.validators.put(held)
	if n := c.validators.size(); n != 2 {
		t.Errorf("the pool has %d idle validators after one was held during a check, want 2", n)
	}
}

func TestFinishCoverage(t *testing.T) {
	c := Coverage{Documents: []DocumentCoverage{{Title: "Tiny", Version: "1", Covered: 1, Total: 4, Ratio: 0.25,
		Cells: []CoverageCell{{Operation: "getN", Method: "GET", Path: "/n/{id}", Status: "200", ContentType: "application/json", Hits: 3}}}}}
	file := filepath.Join(t.TempDir(), "coverage.json")
	var out bytes.Buffer
	err := finishCoverage(c, coverageSettings{min: 0.5, required: []string{"getN"}, jsonPath: file, out: &out}, false)
	if err == nil || !strings.Contains(err.Error(), "covers 25.0% of its responses, below the required 50.0%") {
		t.Errorf("finishCoverage = %v, want the threshold failure", err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var back Coverage
	if err := json.Unmarshal(b, &back); err != nil || back.Documents[0].Cells[0].Hits != 3 {
		t.Errorf("the JSON does not read back: %v\n%s", err, b)
	}
	out.Reset()
	if err := finishCoverage(c, coverageSettings{min: 0.5, out: &out}, true); err != nil {
		t.Errorf("with -run, thresholds must not apply: %v", err)
	}
	if !strings.Contains(out.String(), "thresholds not applied") {
		t.Errorf("no note that thresholds were skipped:\n%s", out.String())
	}
}
