package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The mock's view of a document: every operation with its parameters, body
// and responses compiled once, when the mock is made, so that a document the
// mock cannot serve is an error at start and serving is lookups.

type mockOp struct {
	doc       *Document
	op        *operation
	segs      []string // the path template's segments
	params    []*mockParam
	body      *mockBody // nil: the operation takes none
	responses map[string]*mockResponse
	success   string // the status answered by default
}

type mockParam struct {
	name, in string
	required bool
	ptr      string
	raw      map[string]any
	schema   *jsonschema.Schema
}

type mockBody struct {
	required bool
	media    map[string]*mockMedia
}

type mockMedia struct {
	name     string
	ptr      string // of the media type object
	raw      map[string]any
	schema   *jsonschema.Schema // nil: any value
	example  any                // the first documented example; hasEx says whether there is one
	hasEx    bool
	examples map[string]any // named examples
}

type mockResponse struct {
	status  string // as documented: "200", "4XX", "default"
	code    int
	ptr     string
	media   []*mockMedia // JSON first
	headers []*mockHeader
}

type mockHeader struct {
	name     string
	required bool
	ptr      string
	raw      map[string]any
	schema   *jsonschema.Schema
	example  any
	hasEx    bool
}

// ErrUnsupported is wrapped by the errors of NewMock for documents that use
// what the mock cannot serve: callbacks, webhooks, media types other than
// JSON, text and bytes, external references.
var ErrUnsupported = errors.New("unsupported by the mock")

func (m *mock) compile() error {
	if len(obj(m.doc.root["webhooks"])) > 0 {
		return fmt.Errorf("#/webhooks: %w: webhooks", ErrUnsupported)
	}
	var errs []error
	for _, op := range m.doc.operations() {
		mo, err := m.compileOp(op)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m.ops = append(m.ops, mo)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if len(m.ops) == 0 {
		return errors.New("#/paths: the document has no operations to mock")
	}
	return nil
}

func (m *mock) compileOp(op *operation) (*mockOp, error) {
	itemPtr := ptrJoin("#/paths", op.Path)
	item, itemPtr, err := m.doc.follow(itemPtr)
	if err != nil {
		return nil, err
	}
	opPtr := ptrJoin(itemPtr, strings.ToLower(op.Method))
	node := obj(item[strings.ToLower(op.Method)])
	if len(obj(node["callbacks"])) > 0 {
		return nil, fmt.Errorf("%s/callbacks: %w: callbacks", opPtr, ErrUnsupported)
	}
	mo := &mockOp{doc: m.doc, op: op, segs: splitPath(op.Path), responses: map[string]*mockResponse{}}
	seen := map[string]int{}
	for _, base := range []string{itemPtr, opPtr} {
		list := arr(obj(m.doc.pointer(base))["parameters"])
		for i := range list {
			p, err := m.compileParam(ptrJoin(base, "parameters", strconv.Itoa(i)))
			if err != nil {
				return nil, err
			}
			k := p.in + ":" + strings.ToLower(p.name)
			if j, ok := seen[k]; ok {
				mo.params[j] = p
				continue
			}
			seen[k] = len(mo.params)
			mo.params = append(mo.params, p)
		}
	}
	if node["requestBody"] != nil {
		b, ptr, err := m.doc.follow(ptrJoin(opPtr, "requestBody"))
		if err != nil {
			return nil, err
		}
		mb := &mockBody{required: boolean(b, "required"), media: map[string]*mockMedia{}}
		for _, name := range mediaTypes(b) {
			md, err := m.compileMedia(ptrJoin(ptr, "content", name), name)
			if err != nil {
				return nil, err
			}
			mb.media[name] = md
		}
		mo.body = mb
	}
	for _, status := range sortedKeys(obj(node["responses"])) {
		r, err := m.compileResponse(ptrJoin(opPtr, "responses", status), strings.ToUpper(status))
		if err != nil {
			return nil, err
		}
		mo.responses[r.status] = r
	}
	if r := mo.responses["DEFAULT"]; r != nil {
		r.code = undocumentedCode(mo.responses)
	}
	mo.success = successStatus(mo.responses)
	if mo.success == "" {
		return nil, fmt.Errorf("%s/responses: no response to answer with", opPtr)
	}
	return mo, nil
}

// successStatus is the lowest documented 2xx, else 2XX, else default, else
// the lowest status.
func successStatus(rs map[string]*mockResponse) string {
	keys := sortedKeys(rs)
	for _, k := range keys {
		if k[0] == '2' && k != "2XX" {
			return k
		}
	}
	for _, k := range []string{"2XX", "DEFAULT"} {
		if _, ok := rs[k]; ok {
			return k
		}
	}
	if len(keys) > 0 {
		return keys[0]
	}
	return ""
}

// undocumentedCode picks the code a "default" answer is sent with: one the
// operation does not document on its own, so validators match it to default.
func undocumentedCode(rs map[string]*mockResponse) int {
	for _, c := range []int{500, 503, 502, 400, 422, 409, 418} {
		if rs[strconv.Itoa(c)] == nil && rs[strconv.Itoa(c/100)+"XX"] == nil {
			return c
		}
	}
	return 599
}

// statusCode is the code sent for a documented status.
func statusCode(status string) int {
	switch {
	case status == "DEFAULT":
		return 200
	case strings.HasSuffix(status, "XX"):
		n, _ := strconv.Atoi(status[:1])
		if n == 2 {
			return 200
		}
		return n * 100
	}
	n, _ := strconv.Atoi(status)
	return n
}

func (m *mock) compileParam(ptr string) (*mockParam, error) {
	pm, ptr, err := m.doc.follow(ptr)
	if err != nil {
		return nil, err
	}
	p := &mockParam{name: str(pm, "name"), in: str(pm, "in"), required: boolean(pm, "required") || str(pm, "in") == "path"}
	sp := ptrJoin(ptr, "schema")
	if pm["schema"] == nil {
		for _, name := range sortedKeys(obj(pm["content"])) {
			sp = ptrJoin(ptr, "content", name, "schema")
			break
		}
	}
	if m.doc.pointer(sp) != nil {
		p.raw, p.ptr, err = m.doc.follow(sp)
		if err != nil {
			return nil, err
		}
		if p.schema, err = m.schemas.compile(sp); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// servable reports whether the mock can read and write bodies of a media type.
func servable(media string) bool {
	mt := strings.ToLower(strings.TrimSpace(strings.Split(media, ";")[0]))
	return isJSONMedia(mt) || strings.HasPrefix(mt, "text/") || mt == "application/octet-stream" || mt == "*/*"
}

func isJSONMedia(mt string) bool {
	mt = strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func (m *mock) compileMedia(ptr, name string) (*mockMedia, error) {
	if !servable(name) {
		return nil, fmt.Errorf("%s: %w: media type %q (JSON, text and bytes only)", ptr, ErrUnsupported, name)
	}
	mt, ptr, err := m.doc.follow(ptr)
	if err != nil {
		return nil, err
	}
	md := &mockMedia{name: name, ptr: ptr, examples: map[string]any{}}
	if mt["schema"] != nil {
		sp := ptrJoin(ptr, "schema")
		md.raw, _, err = m.doc.follow(sp)
		if err != nil {
			return nil, err
		}
		if md.schema, err = m.schemas.compile(sp); err != nil {
			return nil, err
		}
	}
	if ex, ok := mt["example"]; ok {
		md.example, md.hasEx = ex, true
	}
	for _, en := range sortedKeys(obj(mt["examples"])) {
		e, eptr, err := m.doc.follow(ptrJoin(ptr, "examples", en))
		if err != nil {
			return nil, err
		}
		v, ok := e["value"]
		if !ok {
			continue // externalValue: not served
		}
		if md.schema != nil && isJSONMedia(name) {
			if errs := check(md.schema, v); len(errs) > 0 {
				return nil, fmt.Errorf("%s: the example %q does not satisfy its schema: %s", eptr, en, errs[0].Message)
			}
		}
		md.examples[en] = v
		if !md.hasEx {
			md.example, md.hasEx = v, true
		}
	}
	if md.hasEx && md.schema != nil && isJSONMedia(name) {
		if errs := check(md.schema, md.example); len(errs) > 0 {
			return nil, fmt.Errorf("%s/example: the example does not satisfy its schema: %s", ptr, errs[0].Message)
		}
	}
	return md, nil
}

func (m *mock) compileResponse(ptr, status string) (*mockResponse, error) {
	code := statusCode(status)
	if code < 100 || code > 599 {
		return nil, fmt.Errorf("%s: %q is not a status code", ptr, status)
	}
	r, rptr, err := m.doc.follow(ptr)
	if err != nil {
		return nil, err
	}
	mr := &mockResponse{status: status, code: code, ptr: rptr}
	for _, name := range mediaTypes(r) {
		md, err := m.compileMedia(ptrJoin(rptr, "content", name), name)
		if err != nil {
			return nil, err
		}
		mr.media = append(mr.media, md)
	}
	slices.SortStableFunc(mr.media, func(a, b *mockMedia) int {
		return boolRank(!isJSONMedia(a.name)) - boolRank(!isJSONMedia(b.name))
	})
	for _, hn := range sortedKeys(obj(r["headers"])) {
		if strings.EqualFold(hn, "Content-Type") {
			continue
		}
		h, hptr, err := m.doc.follow(ptrJoin(rptr, "headers", hn))
		if err != nil {
			return nil, err
		}
		mh := &mockHeader{name: hn, required: boolean(h, "required"), ptr: hptr}
		if h["schema"] != nil {
			if mh.raw, _, err = m.doc.follow(ptrJoin(hptr, "schema")); err != nil {
				return nil, err
			}
			if mh.schema, err = m.schemas.compile(ptrJoin(hptr, "schema")); err != nil {
				return nil, err
			}
		}
		if ex, ok := h["example"]; ok {
			mh.example, mh.hasEx = ex, true
		}
		mr.headers = append(mr.headers, mh)
	}
	return mr, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// splitPath splits a path into its segments, without the leading slash.
func splitPath(p string) []string {
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

// mustJSON encodes v; the values it sees come from JSON.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("contract: encoding a mock value: %v", err))
	}
	return b
}
