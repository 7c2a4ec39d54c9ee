package contract

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"pgregory.net/rapid"
)

// answerKey names one prepared answer: an operation's documented status and
// the named example ("" for the default body).
type answerKey struct {
	op      *mockOp
	status  string
	example string
}

// answer is a response made once, when the mock is made, and written as is.
type answer struct {
	code   int
	header http.Header
	body   []byte
	value  any    // the decoded body, for stateful mode and recording
	media  string // "" when there is no body
}

func (a *answer) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	if a.media != "" {
		h.Set("Content-Length", strconv.Itoa(len(a.body)))
	}
	w.WriteHeader(a.code)
	_, _ = w.Write(a.body)
}

// prepare makes every answer the mock can give, so a document whose schemas
// the generator cannot satisfy is an error at start and answering costs a
// map lookup.
func (m *mock) prepare() error {
	var errs []error
	for _, mo := range m.ops {
		for status, r := range mo.responses {
			a, err := m.makeAnswer(mo, r, "", 0)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			m.answers[answerKey{mo, status, ""}] = a
			if len(r.media) == 0 {
				continue
			}
			for name := range r.media[0].examples {
				a, err := m.makeAnswer(mo, r, name, 0)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				m.answers[answerKey{mo, status, name}] = a
			}
		}
	}
	return errors.Join(errs...)
}

// makeAnswer builds the answer of a response: the named example, else the
// documented one, else a value generated for the seed and variant.
func (m *mock) makeAnswer(mo *mockOp, r *mockResponse, example string, variant uint64) (*answer, error) {
	a := &answer{code: r.code, header: http.Header{}}
	for _, h := range r.headers {
		v, err := m.headerValue(h, variant)
		if err != nil {
			return nil, err
		}
		a.header.Set(h.name, v)
	}
	if len(r.media) == 0 {
		return a, nil
	}
	md := r.media[0]
	a.media = concreteMedia(md.name)
	a.header.Set("Content-Type", a.media)
	var v any
	switch ex, named := md.examples[example]; {
	case named:
		v = ex
	case md.hasEx && variant == 0:
		v = md.example
	default:
		var err error
		if v, err = m.generate(md.raw, md.schema, md.ptr, variant); err != nil {
			return nil, err
		}
	}
	a.value = v
	if isJSONMedia(a.media) {
		a.body = mustJSON(v)
	} else if s, ok := v.(string); ok {
		a.body = []byte(s)
	} else {
		a.body = mustJSON(v)
	}
	return a, nil
}

func concreteMedia(name string) string {
	switch {
	case name == "*/*" || name == "application/*":
		return "application/json"
	case strings.HasSuffix(name, "/*"):
		return strings.TrimSuffix(name, "*") + "plain"
	}
	return name
}

// generate draws a value for a schema with the probe's generator, in its
// response mode, from a seed: rapid's generators replay the same value for
// the same seed. Values the compiled schema refuses (the generator does not
// know every keyword) are drawn again, a bounded number of times.
func (m *mock) generate(raw map[string]any, sch interface{ Validate(any) error }, where string, variant uint64) (v any, err error) {
	if raw == nil {
		return map[string]any{}, nil
	}
	g := &generator{doc: m.doc, mode: modeResponse}
	// Letters and digits only: generated tokens and identifiers travel
	// on in headers and paths, where other characters break clients.
	gen := drawer(g, raw, "response", true)
	var last string
	for try := range uint64(16) {
		v, last = drawOnce(gen, m.cfg.seed*1_000_003+variant*7919+try)
		if last != "" {
			continue
		}
		if sch == nil {
			return v, nil
		}
		if err := sch.Validate(v); err != nil {
			last = err.Error()
			continue
		}
		return v, nil
	}
	return nil, fmt.Errorf("%s: %w: cannot generate a value the schema accepts: %s", where, ErrUnsupported, last)
}

// drawer wraps the generator for one schema. It draws one byte first:
// rapid refuses generators that use no randomness, and a const schema uses
// none.
func drawer(g *generator, raw map[string]any, label string, ascii bool) *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		_ = rapid.Byte().Draw(t, label+"#seed")
		return g.value(t, raw, label, 0, ascii)
	})
}

// drawOnce draws one example, turning rapid's failure into a message.
func drawOnce(gen *rapid.Generator[any], seed uint64) (v any, failure string) {
	defer func() {
		if p := recover(); p != nil {
			v, failure = nil, fmt.Sprint(p)
		}
	}()
	return gen.Example(int(seed & (1<<62 - 1))), ""
}

func (m *mock) headerValue(h *mockHeader, variant uint64) (string, error) {
	v := h.example
	if !h.hasEx {
		if h.raw == nil {
			return "x", nil
		}
		g := &generator{doc: m.doc, mode: modeResponse}
		gen := drawer(g, h.raw, h.name, true)
		var fail string
		for try := range uint64(16) {
			v, fail = drawOnce(gen, m.cfg.seed+variant+try)
			if fail != "" {
				continue
			}
			if h.schema != nil && h.schema.Validate(v) != nil {
				fail = "refused by its schema"
				continue
			}
			break
		}
		if fail != "" {
			return "", fmt.Errorf("%s: %w: cannot generate a header value: %s", h.ptr, ErrUnsupported, fail)
		}
	}
	switch v := v.(type) {
	case string:
		return v, nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	}
	return string(mustJSON(v)), nil
}

// choose picks the answer for a request: the Prefer header's code and
// example, else the options', else the operation's success.
func (m *mock) choose(mo *mockOp, r *http.Request) (answerKey, error) {
	status, example := m.cfg.status, m.cfg.example
	fromHeader := false
	for _, pv := range r.Header.Values("Prefer") {
		for _, part := range strings.Split(pv, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			v = strings.Trim(strings.TrimSpace(v), `"`)
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "code":
				status, fromHeader = strings.ToUpper(v), true
			case "example":
				example, fromHeader = v, true
			}
		}
	}
	key := answerKey{op: mo, status: mo.success}
	if status != "" {
		if _, ok := mo.responses[status]; ok {
			key.status = status
		} else if fromHeader {
			return key, fmt.Errorf("Prefer: code=%s: %s documents %s", status, mo.op, strings.Join(sortedKeys(mo.responses), ", "))
		}
	}
	if example != "" {
		k := key
		k.example = example
		if _, ok := m.answers[k]; ok {
			return k, nil
		}
		if fromHeader {
			return key, fmt.Errorf("Prefer: example=%s: %s has no example of that name for status %s", example, mo.op, key.status)
		}
	}
	return key, nil
}

// problem is the answer to a request the document does not allow: an RFC
// 9457 problem listing the violations, shaped to the operation's documented
// answer for that status when it has one, so that it is valid too.
func (m *mock) problem(mo *mockOp, status int, vs []Violation) *answer {
	p := map[string]any{
		"type":   "about:blank",
		"title":  http.StatusText(status),
		"status": float64(status),
		"detail": fmt.Sprintf("the request breaks the document: %d %s", len(vs), plural(len(vs), "violation")),
	}
	errs := make([]any, len(vs))
	for i, v := range vs {
		errs[i] = map[string]any{"location": v.Location, "pointer": v.Pointer, "rule": v.Rule, "message": v.Message}
	}
	p["errors"] = errs
	plain := &answer{code: status, header: http.Header{"Content-Type": {"application/problem+json"}}, body: mustJSON(p), value: p, media: "application/problem+json"}
	if mo == nil {
		return plain
	}
	r := mo.responses[strconv.Itoa(status)]
	if r == nil {
		r = mo.responses[strconv.Itoa(status/100)+"XX"]
	}
	if r == nil {
		return plain
	}
	doc := m.answers[answerKey{mo, r.status, ""}]
	if len(r.media) == 0 || r.media[0].schema == nil || !isJSONMedia(r.media[0].name) {
		return doc
	}
	if err := r.media[0].schema.Validate(p); err != nil {
		return doc // the documented problem has another shape: answer it
	}
	a := &answer{code: status, header: doc.header, body: plain.body, value: p, media: doc.media}
	return a
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
