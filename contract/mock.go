package contract

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// mock answers requests from an OpenAPI document alone: see NewMock.
type mock struct {
	doc      *Document
	cfg      mockConfig
	tb       testing.TB // nil outside tests
	schemas  *schemas
	ops      []*mockOp
	answers  map[answerKey]*answer
	state    *store // nil unless stateful
	requests atomic.Uint64
}

// NewMock returns a handler that stands in for the API doc describes, for
// consumers' tests and for services written in any language:
//
//   - every request is checked against the document (path, method,
//     parameters, body, presence of credentials); one the document does not
//     allow gets an RFC 9457 problem naming each violation, with status 404,
//     405, 401, 415 or 400;
//   - a valid request gets the operation's lowest documented 2xx answer: its
//     documented example, else a value generated from its schema, the same
//     for the same seed (WithSeed);
//   - a request can choose another documented status or a named example with
//     a Prefer header, as Prism reads it: "Prefer: code=404" or
//     "Prefer: example=admin" (WithStatus and WithExample choose for every
//     request).
//
// A document the mock cannot serve (callbacks, webhooks, media types other
// than JSON, text and bytes, schemas that do not compile, examples that
// break their schema) is an error naming the place, wrapping ErrUnsupported
// where the feature is the reason.
func NewMock(doc *Document, opts ...MockOption) (http.Handler, error) {
	return newMock(nil, doc, opts)
}

// Mock starts an httptest.Server answering as NewMock does, closed when the
// test ends. A request the document does not allow also fails t: the
// consumer sent what the provider would refuse. A document the mock cannot
// serve fails t at once.
func Mock(t testing.TB, doc *Document, opts ...MockOption) *httptest.Server {
	t.Helper()
	m, err := newMock(t, doc, opts)
	if err != nil {
		t.Fatalf("contract.Mock: %v", err)
		return nil
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return srv
}

func newMock(tb testing.TB, doc *Document, opts []MockOption) (*mock, error) {
	if doc == nil {
		return nil, fmt.Errorf("contract: NewMock: the document is nil")
	}
	cfg := mockConfig{seed: 1}
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.faults.validate(); err != nil {
		return nil, err
	}
	m := &mock{doc: doc, cfg: cfg, tb: tb, answers: map[answerKey]*answer{}}
	var err error
	if m.schemas, err = newSchemas(doc); err != nil {
		return nil, fmt.Errorf("%s: %w", doc.Source, err)
	}
	if err := m.compile(); err != nil {
		return nil, wrapSource(doc, err)
	}
	if err := m.prepare(); err != nil {
		return nil, wrapSource(doc, err)
	}
	if cfg.stateful {
		if m.state, err = newStore(m, cfg.resources); err != nil {
			return nil, wrapSource(doc, err)
		}
	}
	return m, nil
}

func wrapSource(doc *Document, err error) error {
	if doc.Source == "" {
		return err
	}
	return fmt.Errorf("%s: %w", doc.Source, err)
}

// ServeHTTP answers one request: faults first when asked for, then routing,
// validation and the documented answer.
func (m *mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := m.requests.Add(1)
	if m.cfg.faults.inject(w, r, m.cfg.seed, n) {
		return
	}
	mo, allow := m.route(r.URL.Path, r.Method)
	if mo == nil {
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			m.reject(w, r, nil, http.StatusMethodNotAllowed, []Violation{{Location: "method", Pointer: "", Rule: "method",
				Message: fmt.Sprintf("%s is not documented for %s; the document allows %s", r.Method, r.URL.Path, strings.Join(allow, ", "))}})
			return
		}
		m.reject(w, r, nil, http.StatusNotFound, []Violation{{Location: "path", Pointer: "", Rule: "path",
			Message: fmt.Sprintf("no path of the document matches %s", r.URL.Path)}})
		return
	}
	in, status, vs := m.validate(mo, r)
	if len(vs) > 0 {
		m.reject(w, r, mo, status, vs)
		return
	}
	choice, err := m.choose(mo, r)
	if err != nil {
		m.reject(w, r, mo, http.StatusBadRequest, []Violation{{Location: "header", Pointer: "/Prefer", Rule: "prefer", Message: err.Error()}})
		return
	}
	a := m.answers[choice]
	if m.state != nil && choice.status == mo.success {
		if sa := m.state.serve(mo, in, a); sa != nil {
			a = sa
		}
	}
	a.write(w)
	if m.cfg.recorder != nil {
		m.cfg.recorder.add(r, in.body, a, mo)
	}
}

// reject answers a request the document does not allow and, in a test,
// fails it.
func (m *mock) reject(w http.ResponseWriter, r *http.Request, mo *mockOp, status int, vs []Violation) {
	if m.tb != nil {
		var b strings.Builder
		for _, v := range vs {
			fmt.Fprintf(&b, "\n  %s %s: %s", v.Location, v.Pointer, v.Message)
		}
		m.tb.Errorf("contract mock: %s %s is not allowed by %s (the provider would answer %d):%s",
			r.Method, r.URL.RequestURI(), docName(m.doc), status, b.String())
	}
	m.problem(mo, status, vs).write(w)
}

func docName(d *Document) string {
	if d.Source != "" {
		return d.Source
	}
	return "the document"
}

// Violation is one way a request breaks the document, as the mock's problem
// answers list it under "errors".
type Violation struct {
	Location string `json:"location"` // path, query, header, cookie, body, security, method
	Pointer  string `json:"pointer"`  // the parameter or the place in the body
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}
