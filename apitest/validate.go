package apitest

import (
	"bytes"
	"crypto/sha256"
	stderrors "errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/radix"
	"github.com/pb33f/libopenapi-validator/responses"
	"github.com/pb33f/libopenapi-validator/router"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/orderedmap"

	"github.com/starling-http/starling/framework"
)

// contract is one document made ready for checking, shared by every test
// that uses the same document bytes: parsed once into model, which routing,
// coverage and the reports only read, and a pool of validator instances,
// each with its own parse, lent to one exchange at a time. Parallel tests
// so validate at the same moment; nothing holds a lock while validating.
// TestSharedContract runs that under -race with arrays and anyOf.
type contract struct {
	raw        []byte
	model      *v3.Document
	router     router.Router
	validators *pool
	docErrors  []string
	coverage   *docCoverage
	strict     *strictness
	bodies     map[*v3.MediaType]*documentedBody
}

type contractEntry struct {
	once sync.Once
	c    *contract
	err  error
}

// contracts caches one contract per document, keyed by the SHA-256 of its
// bytes. It lives as long as the test binary on purpose: a document's
// coverage matrix adds up the exchanges of every test that uses it, for
// RunWithCoverage to report after them all, and its parse, compiled body
// schemas and validator pool serve every test. It holds one entry per
// distinct document the binary checks against, usually one.
var contracts sync.Map // [sha256.Size]byte -> *contractEntry

// contractFor returns the contract of doc, building it on first use.
func contractFor(doc []byte) (*contract, error) {
	key := sha256.Sum256(doc)
	e, _ := contracts.LoadOrStore(key, &contractEntry{})
	entry := e.(*contractEntry)
	entry.once.Do(func() { entry.c, entry.err = buildContract(doc) })
	return entry.c, entry.err
}

// validationOptions are the validator's checks of every exchange: formats
// asserted (email, date-time, uuid …). Strict mode (an undeclared property,
// parameter or header is a violation even where the schema would allow it)
// is ours: see strict.go.
func validationOptions() []config.Option {
	return []config.Option{config.WithFormatAssertions(), config.WithStandardBodyDecoders()}
}

func buildContract(raw []byte) (*contract, error) {
	raw = bytes.Clone(raw)
	// The contract's own model is read by the router and the coverage
	// from every test at once; the instances' models are written by strict
	// mode, so they are parsed apart.
	_, model, err := parseModel(raw)
	if err != nil {
		return nil, err
	}
	first, err := newInstance(raw)
	if err != nil {
		return nil, err
	}
	c := &contract{
		raw:        raw,
		model:      model,
		router:     router.NewRouter(model, router.WithPathOnlyMatching(), router.WithPathLookup(radix.BuildPathTree(model))),
		validators: &pool{raw: raw},
	}
	if ok, errs := first.validator.ValidateDocument(); !ok {
		for _, e := range errs {
			msg := e.Message
			if e.Reason != "" {
				msg += ": " + e.Reason
			}
			for _, f := range e.SchemaValidationErrors {
				msg += fmt.Sprintf("\n\t%s at %s", f.Reason, f.FieldPath)
			}
			c.docErrors = append(c.docErrors, msg)
		}
	}
	c.validators.put(first)
	c.coverage = registerCoverage(model)
	c.strict = newStrictness()
	c.bodies = newDocumentedBodies(model)
	return c, nil
}

// borrow lends a validator instance for one check; the exchange gets a
// violation when none can be built (the document parsed once already, so
// only running out of memory would do that).
func (c *contract) borrow(ex *exchange) (*instance, bool) {
	in, err := c.validators.get()
	if err != nil {
		ex.add(violation{where: "apitest", rule: "validator", message: fmt.Sprintf("building a validator: %v", err)})
		return nil, false
	}
	return in, true
}

// exchange is one request and its response on their way through the
// checks.
type exchange struct {
	req        *http.Request
	reqBody    []byte
	mode       mode
	route      *router.Route // nil when the path is not in the document
	resp       *http.Response
	respBody   []byte
	method     string // the operation's method in the document (GET for a HEAD GET answers)
	violations []violation
}

// docMethod is the method the document files the exchange's operation
// under.
func (ex *exchange) docMethod() string {
	if ex.method != "" {
		return ex.method
	}
	return ex.req.Method
}

// violation is one way an exchange breaks the document.
type violation struct {
	where    string // "request body", "response body", "query parameter limit", "status" …
	pointer  string // JSON pointer of the value in the body; "" when none
	rule     string // the schema keyword or check that failed
	location string // where the rule sits in the document
	message  string
	value    string // the offending value, truncated
	hint     string // how to fix it, when the fix is known
}

func (ex *exchange) add(v violation) { ex.violations = append(ex.violations, v) }

func (ex *exchange) operationID() string {
	if ex.route == nil || ex.route.Operation == nil {
		return ""
	}
	return ex.route.Operation.OperationId
}

// validationRequest is a copy of the exchange's request with a fresh body,
// for the validator (which reads the body and swaps the request's context).
func (ex *exchange) validationRequest(method string) *http.Request {
	r := new(http.Request)
	*r = *ex.req
	r.Body, r.GetBody = bodyOf(ex.reqBody)
	if method != "" {
		r.Method = method
	}
	return r
}

func (c *contract) checkRequest(ex *exchange) {
	route, err := c.router.FindRoute(ex.req)
	if route != nil && route.Operation != nil {
		ex.route = route
	} else if route != nil && stderrors.Is(err, router.ErrMethodNotAllowed) {
		ex.route = route // path known, method not: the response may be its 405
	}
	switch ex.mode {
	case modeUndocumented:
		if ex.route != nil && ex.route.Operation != nil {
			ex.add(violation{where: "request", rule: "undocumented",
				message: fmt.Sprintf("sent as undocumented, but the document has it as %s %s (operation %s)",
					ex.req.Method, ex.route.Path, ex.operationID())})
		}
		return
	case modeInvalid:
		return
	}
	switch {
	case ex.route == nil:
		ex.add(violation{where: "request", rule: "path",
			message: fmt.Sprintf("%s is not a path of the document (use Undocumented for routes left out on purpose)", ex.req.URL.Path)})
		return
	case ex.route.Operation == nil:
		ex.add(violation{where: "request", rule: "method",
			location: "#/paths/" + escape(ex.route.Path),
			message: fmt.Sprintf("the document has no %s operation on %s (it has %s)",
				ex.req.Method, ex.route.Path, strings.Join(methods(ex.route.PathItem), ", "))})
		return
	}
	in, ok := c.borrow(ex)
	if !ok {
		return
	}
	mt, passes := c.requestBody(ex)
	v := in.validator
	if passes {
		v = in.lean
	}
	ok, errs := v.ValidateHttpRequestSyncWithPathItem(ex.validationRequest(""), in.pathItem(ex.route.Path), ex.route.Path)
	c.validators.put(in)
	if !ok {
		c.convert(ex, errs, "request")
	}
	if !bodyFailed(errs, "request") {
		c.strictBody(ex, mt, "request")
	}
	c.strictRequest(ex)
}

func (c *contract) checkResponse(ex *exchange) {
	if ex.mode == modeUndocumented || ex.route == nil {
		return
	}
	op, method := ex.route.Operation, ex.req.Method
	if op == nil {
		// A method the path does not have: the answer is the path's 405,
		// documented on each of its operations alike.
		ms := methods(ex.route.PathItem)
		if len(ms) == 0 {
			return
		}
		method = ms[0]
		op = operation(ex.route.PathItem, method)
	}
	status := ex.resp.StatusCode
	resp, code, ok := documentedResponse(op, status)
	mediaKey, ctOK := "", true
	if ok && orderedmap.Len(resp.Content) > 0 {
		mediaKey, ctOK = mediaTypeKey(resp.Content, ex.resp.Header.Get("Content-Type"))
	}
	c.coverage.record(ex, code, mediaKey, ok && ctOK)

	if ex.req.Method == http.MethodHead && op == ex.route.Operation && operation(ex.route.PathItem, http.MethodHead) == nil {
		method = http.MethodGet // HEAD is answered by GET without a body
	}
	ex.method = method
	if ex.req.Method == http.MethodHead {
		c.checkHead(ex, code, ok, ctOK)
		return
	}
	vreq := ex.validationRequest(method)
	vresp := *ex.resp
	vresp.Body = io.NopCloser(bytes.NewReader(ex.respBody))
	if in, borrowed := c.borrow(ex); borrowed {
		mt, passes := c.responseBody(ex, op, resp)
		v := in.validator
		if passes {
			v = in.lean
		}
		valid, errs := v.GetResponseBodyValidator().ValidateResponseBodyWithPathItem(vreq, &vresp, in.pathItem(ex.route.Path), ex.route.Path)
		c.validators.put(in)
		if !valid {
			c.convert(ex, errs, "response")
		}
		if ok && !bodyFailed(errs, "response") {
			c.strictBody(ex, mt, "response")
		}
	}
	if ok {
		c.strictResponseHeaders(ex, resp.Headers)
	}
	if !ok && op != nil && op.Responses != nil && op.Responses.Default != nil {
		// The validator took the status through the app's fallback default.
		c.convertStatus(ex, op, method, status)
	}
	if ok && orderedmap.Len(resp.Content) == 0 && len(ex.respBody) > 0 {
		ex.add(violation{where: "response body", rule: "no content",
			location: responseLocation(ex.route.Path, method, code),
			message:  fmt.Sprintf("status %d is documented without content, but the response has a %d-byte body", status, len(ex.respBody)),
			value:    truncate(string(ex.respBody))})
	}
	if ok && ctOK && orderedmap.Len(resp.Content) > 0 && len(ex.respBody) == 0 {
		// The validator treats an empty body as nothing to check; a
		// response documented with content must carry it.
		ex.add(violation{where: "response body", rule: "required body",
			location: responseLocation(ex.route.Path, method, code) + "/content/" + escape(mediaKey),
			message:  fmt.Sprintf("status %d documents %s %s body, but the response has none", status, article(mediaKey), mediaKey)})
	}
}

// checkHead checks a HEAD answer as its GET would be, minus the body: the
// status, the content type, and the headers (their schemas and, strict,
// undeclared ones).
func (c *contract) checkHead(ex *exchange, code string, ok, ctOK bool) {
	if !ok {
		c.convertStatus(ex, operation(ex.route.PathItem, ex.method), ex.method, ex.resp.StatusCode)
		return
	}
	if !ctOK {
		c.convertContentType(ex)
	}
	in, borrowed := c.borrow(ex)
	if !borrowed {
		return
	}
	defer c.validators.put(in)
	// The instance's own copy of the response: validating renders its
	// header schemas, which must not be the shared model's.
	var headers *orderedmap.Map[string, *v3.Header]
	if own, _, found := documentedResponse(operation(in.pathItem(ex.route.Path), ex.method), ex.resp.StatusCode); found {
		headers = own.Headers
	}
	if headers == nil {
		headers = orderedmap.New[string, *v3.Header]()
	}
	vreq := ex.validationRequest(ex.method)
	valid, errs := responses.ValidateResponseHeaders(vreq, ex.resp, headers, ex.route.Path, code, validationOptions()...)
	if !valid {
		c.convert(ex, errs, "response")
	}
	resp, _, _ := documentedResponse(operation(ex.route.PathItem, ex.method), ex.resp.StatusCode)
	c.strictResponseHeaders(ex, resp.Headers)
}

// article is "an" before a vowel sound, else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

func (c *contract) convertStatus(ex *exchange, op *v3.Operation, method string, status int) {
	ex.add(violation{where: "status", rule: "undocumented status",
		location: "#/paths/" + escape(ex.route.Path) + "/" + strings.ToLower(method) + "/responses",
		message:  fmt.Sprintf("status %d is not documented (documented: %s)", status, strings.Join(statuses(op), ", ")),
		hint: fmt.Sprintf("if the route means to answer %d, document it: add framework.Raises(%d) to the route's options "+
			"(an error an exception handler turns into %d needs it too); otherwise the handler should not return it", status, status, status)})
}

// documentedResponse finds the response the document gives for status: the
// code itself, its range ("4XX"), or default.
func documentedResponse(op *v3.Operation, status int) (*v3.Response, string, bool) {
	if op == nil || op.Responses == nil {
		return nil, "", false
	}
	code := strconv.Itoa(status)
	if r := op.Responses.Codes.GetOrZero(code); r != nil {
		return r, code, true
	}
	rng := fmt.Sprintf("%dXX", status/100)
	if r := op.Responses.Codes.GetOrZero(rng); r != nil {
		return r, rng, true
	}
	if d := op.Responses.Default; d != nil && !fallback(d) {
		return d, "default", true
	}
	return nil, code, false
}

// fallback reports whether r is a Starling app's default response, which
// documents statuses a proxy may answer, never the app (see
// framework.FallbackExtension): the app's own answer with an unlisted status
// stays an undocumented status.
func fallback(r *v3.Response) bool {
	if r.Extensions == nil {
		return false
	}
	n, ok := r.Extensions.Get(framework.FallbackExtension)
	return ok && n != nil && n.Value == "true"
}

// mediaTypeKey finds the documented media type that matches contentType.
func mediaTypeKey(content *orderedmap.Map[string, *v3.MediaType], contentType string) (string, bool) {
	mt, ok := helpers.FindMediaType(content, contentType)
	if !ok {
		return contentType, false
	}
	for pair := content.First(); pair != nil; pair = pair.Next() {
		if pair.Value() == mt {
			return pair.Key(), true
		}
	}
	return contentType, true
}

// methods lists the methods a path item has, in the document's order.
func methods(item *v3.PathItem) []string {
	var ms []string
	if item == nil {
		return nil
	}
	for pair := item.GetOperations().First(); pair != nil; pair = pair.Next() {
		ms = append(ms, strings.ToUpper(pair.Key()))
	}
	return ms
}

func operation(item *v3.PathItem, method string) *v3.Operation {
	if item == nil {
		return nil
	}
	op, _ := item.GetOperations().Get(strings.ToLower(method))
	return op
}

// statuses lists the statuses op documents.
func statuses(op *v3.Operation) []string {
	if op == nil || op.Responses == nil {
		return nil
	}
	var out []string
	for pair := op.Responses.Codes.First(); pair != nil; pair = pair.Next() {
		out = append(out, pair.Key())
	}
	if d := op.Responses.Default; d != nil && !fallback(d) {
		out = append(out, "default")
	}
	slices.Sort(out)
	return out
}

// escape escapes one JSON pointer token (RFC 6901).
func escape(token string) string {
	return strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
}

func responseLocation(path, method, code string) string {
	return "#/paths/" + escape(path) + "/" + strings.ToLower(method) + "/responses/" + code
}
