package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"pgregory.net/rapid"

	"github.com/starling-http/starling/apitest"
)

// exampleDocs are the golden documents of the examples: real documents,
// made by the framework, that the mock must serve.
var exampleDocs = []string{
	"../examples/users/app/testdata/openapi.v1.yaml",
	"../examples/todo/testdata/openapi.json",
}

// TestMockAnswersValidate sends at least 1,000 generated requests per
// example document to mocks of several seeds, each request asking for the
// default answer or another documented status, and checks every answer with
// Starling's own validator (apitest, strict mode) and independently with
// kin-openapi's openapi3filter. Stateful mocks are among them: what they
// store and answer must stay valid too.
func TestMockAnswersValidate(t *testing.T) {
	for _, path := range exampleDocs {
		t.Run(path, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			kin := newKinChecker(t, raw)
			// Mocks by seed and forced status ("" for the default answer):
			// a Prefer header would be an undeclared request header to the
			// strict validator, so the status is chosen by option.
			type key struct {
				seed     uint64
				status   string
				stateful bool
			}
			type served struct {
				m      *mock
				client *http.Client
			}
			mocks := map[key]served{}
			var statuses []string
			for _, op := range doc.operations() {
				for s := range op.Responses {
					// Starling's validator matches no code to "default"
					// when the operation lists its codes: left out.
					if s != "DEFAULT" && !slices.Contains(statuses, s) {
						statuses = append(statuses, s)
					}
				}
			}
			slices.Sort(statuses)
			statuses = append(statuses, "")
			get := func(k key) served {
				if s, ok := mocks[k]; ok {
					return s
				}
				opts := []MockOption{WithSeed(k.seed), WithStatus(k.status)}
				if k.stateful {
					opts = append(opts, Stateful())
				}
				m, err := newMock(nil, doc, opts)
				if err != nil {
					t.Fatal(err)
				}
				s := served{m, apitest.NewHandler(t, m, raw, apitest.WithoutTestLogger()).Client()}
				mocks[k] = s
				return s
			}
			var sent atomic.Int64
			rapid.Check(t, func(rt *rapid.T) {
				k := key{seed: rapid.Uint64Range(1, 6).Draw(rt, "seed"), status: rapid.SampledFrom(statuses).Draw(rt, "status")}
				if k.status == "" {
					k.stateful = rapid.Bool().Draw(rt, "stateful")
				}
				sv := get(k)
				m := sv.m
				for range 10 {
					mo := rapid.SampledFrom(m.ops).Draw(rt, "op")
					req := genRequest(rt, m, mo)
					resp, err := sv.client.Do(req)
					if err != nil {
						rt.Fatalf("%s: %v", mo.op, err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					sent.Add(1)
					if resp.StatusCode == http.StatusBadRequest && k.status != "400" && k.status != "4XX" {
						rt.Fatalf("%s %s: the mock refused a generated request: %s", req.Method, req.URL, body)
					}
					if err := kin.check(req, resp, body); err != nil {
						rt.Fatalf("%s %s -> %d: kin-openapi: %v\n%s", req.Method, req.URL, resp.StatusCode, err, body)
					}
				}
			})
			if n := sent.Load(); n < 1000 {
				t.Fatalf("sent %d requests; want at least 1000 (run with -rapid.checks=100 or more)", n)
			}
			t.Logf("%d answers validated by apitest and kin-openapi", sent.Load())
		})
	}
}

// genRequest builds a valid request for an operation with the probe's
// generator: path and required parameters, credentials, a body.
func genRequest(t *rapid.T, m *mock, mo *mockOp) *http.Request {
	g := &generator{doc: m.doc, mode: modeRandom}
	path := mo.op.Path
	q := make([]string, 0)
	hdr := http.Header{}
	for _, p := range mo.params {
		if !p.required && p.in != "path" {
			continue
		}
		v := paramText(g.value(t, p.raw, p.name, 0, true))
		switch p.in {
		case "path":
			path = strings.ReplaceAll(path, "{"+p.name+"}", v)
		case "query":
			q = append(q, p.name+"="+v)
		case "header":
			hdr.Set(p.name, v)
		}
	}
	if len(q) > 0 {
		path += "?" + strings.Join(q, "&")
	}
	var body io.Reader
	if mo.body != nil && len(mo.body.media) > 0 {
		name := sortedKeys(mo.body.media)[0]
		md := mo.body.media[name]
		body = bytes.NewReader(mustJSON(g.value(t, md.raw, "body", 0, false)))
		hdr.Set("Content-Type", name)
	}
	req, err := http.NewRequest(mo.op.Method, "http://mock.test"+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if mo.op.secured() {
		req.Header.Set("Authorization", "Bearer token")
	}
	return req
}

func paramText(v any) string {
	switch v := v.(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// kinChecker validates answers with kin-openapi, an implementation that
// shares no code with Starling's.
type kinChecker struct {
	router routers.Router
}

func newKinChecker(t testing.TB, raw []byte) *kinChecker {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		t.Fatalf("kin-openapi: %v", err)
	}
	doc.Servers = nil // match paths, not hosts
	r, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("kin-openapi router: %v", err)
	}
	return &kinChecker{router: r}
}

func (k *kinChecker) check(req *http.Request, resp *http.Response, body []byte) error {
	route, params, err := k.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("routing %s %s: %w", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), in)
}

var _ = json.Valid
