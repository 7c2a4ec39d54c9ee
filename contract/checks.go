package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"
)

// The names of the probe's checks, as failures report them.
const (
	// CheckNoCrash: every request gets an HTTP answer: no dropped
	// connection, reset, EOF or timeout (a crash is the most serious
	// finding there is).
	CheckNoCrash = "no-crash"
	// CheckServerError: no request, valid or not, gets a 5xx.
	CheckServerError = "no-server-error"
	// CheckStatus: every status is documented for the operation (exactly,
	// by range such as 4XX, or by default).
	CheckStatus = "status-documented"
	// CheckContentType: a response body's media type is documented for
	// its status.
	CheckContentType = "content-type-documented"
	// CheckSchema: the body and headers match the documented schemas
	// (libopenapi-validator, formats asserted).
	CheckSchema = "response-conforms"
	// CheckUndocumentedProperty: response objects carry no property their
	// schema does not declare (unless it allows additional properties).
	CheckUndocumentedProperty = "no-undocumented-property"
	// CheckValidAccepted: a request the document says is valid is not
	// refused as invalid (400 or 422): the server is not stricter than
	// its document.
	CheckValidAccepted = "valid-accepted"
	// CheckInvalidRejected: a request that breaks one constraint gets a
	// 4xx, never a 2xx or 3xx.
	CheckInvalidRejected = "invalid-rejected"
	// CheckAuth: a guarded operation (one with a security requirement)
	// called without credentials, or with bad ones, gets 401 or 403.
	CheckAuth = "auth-enforced"
	// CheckUndocumentedHeader: a response the document marks closed
	// (ClosedHeadersExtension) carries no header it does not declare.
	CheckUndocumentedHeader = "no-undocumented-header"
	// CheckStateful: a resource created by POST can be fetched by the id
	// the response gives (Location or a body field), and is gone after
	// DELETE.
	CheckStateful = "stateful-lifecycle"
)

// finding is one failed check on one exchange.
type finding struct {
	check, msg string
}

// exchange is one request sent and its response.
type exchange struct {
	req    *probeRequest
	sent   *http.Request // as sent, for the validator
	status int
	header http.Header
	body   []byte
	// err is why no answer came (transport error, timeout, panic).
	err error
}

// crashed is the finding on an exchange that got no answer.
func crashed(x *exchange) []finding {
	return []finding{{CheckNoCrash, fmt.Sprintf("no answer: %v (the server dropped the connection, crashed or timed out)", x.err)}}
}

// newValidator builds the libopenapi validator for doc.
func newValidator(doc *Document) (validator.Validator, error) {
	d, err := libopenapi.NewDocument(doc.raw)
	if err != nil {
		return nil, err
	}
	v, errs := validator.NewValidator(d, config.WithFormatAssertions(), config.WithoutSecurityValidation())
	if len(errs) > 0 {
		return nil, fmt.Errorf("building the validator: %v", errs)
	}
	return v, nil
}

// validRequest reports whether the document accepts r, with the reasons
// when it does not.
func (p *prober) validRequest(r *probeRequest) (bool, string) {
	req, err := r.build("http://probe.invalid", p.opts.header)
	if err != nil {
		return false, err.Error()
	}
	ok, errs := p.validator.ValidateHttpRequestSync(req)
	return ok, describe(errs)
}

func describe(errs []*verrors.ValidationError) string {
	var parts []string
	for _, e := range errs {
		s := e.Message
		for _, f := range e.SchemaValidationErrors {
			loc := f.FieldPath
			if loc == "" {
				loc = f.KeywordLocation
			}
			s += fmt.Sprintf("; %s: %s", loc, f.Reason)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "\n")
}

// documented returns the response the operation documents for status.
func documented(op *operation, status int) (map[string]any, bool) {
	code := fmt.Sprint(status)
	if r, ok := op.Responses[code]; ok {
		return r, true
	}
	if r, ok := op.Responses[code[:1]+"XX"]; ok {
		return r, true
	}
	r, ok := op.Responses["DEFAULT"]
	return r, ok
}

// conforms checks one response against the document: documented status,
// documented media type, schema of body and headers, no undocumented
// property, and no 5xx.
func (p *prober) conforms(x *exchange) []finding {
	var out []finding
	resp, ok := documented(x.req.op, x.status)
	if x.status >= 500 && !ok {
		// An undocumented 5xx is one defect, the server error: reporting
		// it again as an undocumented status would double every crash.
		return []finding{{CheckServerError, fmt.Sprintf("the server answered %d", x.status)}}
	}
	if x.status >= 500 {
		out = append(out, finding{CheckServerError, fmt.Sprintf("the server answered %d", x.status)})
	}
	if !ok {
		return append(out, finding{CheckStatus, fmt.Sprintf("status %d is not documented for %s (documented: %s)",
			x.status, x.req.op, strings.Join(sortedKeys(x.req.op.Responses), ", "))})
	}
	ctype := x.header.Get("Content-Type")
	content := obj(resp["content"])
	if len(x.body) > 0 {
		mt, _, err := mime.ParseMediaType(ctype)
		switch {
		case len(content) == 0:
			return append(out, finding{CheckContentType, fmt.Sprintf("status %d documents no body, but the response has one (%s)", x.status, ctype)})
		case err != nil || !mediaDocumented(content, mt):
			return append(out, finding{CheckContentType, fmt.Sprintf("Content-Type %q is not documented for status %d (documented: %s)",
				ctype, x.status, strings.Join(sortedKeys(content), ", "))})
		}
	}
	out = append(out, undeclaredHeaders(resp, x.header, x.status)...)
	httpResp := &http.Response{StatusCode: x.status, Header: x.header, Body: io.NopCloser(bytes.NewReader(x.body)),
		Request: x.sent}
	if ok, errs := p.validator.ValidateHttpResponse(x.sent, httpResp); !ok {
		out = append(out, finding{CheckSchema, describe(errs)})
	}
	if mt, _, _ := mime.ParseMediaType(ctype); len(x.body) > 0 && isJSON(mt) {
		var v any
		if json.Unmarshal(x.body, &v) == nil {
			var extra []string
			p.undocumented(mediaSchema(content, mt), v, "", &extra, 0)
			for _, e := range extra {
				out = append(out, finding{CheckUndocumentedProperty, fmt.Sprintf("the response has %s, which its schema does not declare", e)})
			}
		}
	}
	return out
}

func isJSON(mt string) bool { return mt == "application/json" || strings.HasSuffix(mt, "+json") }

// mediaDocumented reports whether mt matches a documented media type
// (wildcards such as application/* included).
func mediaDocumented(content map[string]any, mt string) bool {
	return mediaSchema(content, mt) != nil || content[mt] != nil
}

func mediaSchema(content map[string]any, mt string) any {
	for k, v := range content {
		base, _, _ := strings.Cut(k, ";")
		base = strings.TrimSpace(base)
		if base == mt || base == "*/*" || strings.HasSuffix(base, "/*") && strings.HasPrefix(mt, strings.TrimSuffix(base, "*")) {
			if s := obj(v)["schema"]; s != nil {
				return s
			}
			return map[string]any{}
		}
	}
	return nil
}

// undocumented walks a response value with its schema and collects the
// JSON pointers of properties that no schema declares. Schemas that allow
// additional properties, or that combine with oneOf/anyOf, are trusted.
func (p *prober) undocumented(sv any, v any, ptr string, out *[]string, depth int) {
	s, _ := p.doc.resolve(sv)
	if s == nil || depth > 32 {
		return
	}
	s = flatten(p.doc, s)
	if s["oneOf"] != nil || s["anyOf"] != nil || s["not"] != nil {
		return
	}
	switch v := v.(type) {
	case map[string]any:
		props := obj(s["properties"])
		_, hasAdditional := s["additionalProperties"]
		open := hasAdditional || s["patternProperties"] != nil || s["unevaluatedProperties"] != nil || props == nil
		for _, k := range sortedKeys(v) {
			ps, declared := props[k]
			switch {
			case declared:
				p.undocumented(ps, v[k], ptr+"/"+escapePointer(k), out, depth+1)
			case !open:
				*out = append(*out, "property "+ptr+"/"+escapePointer(k))
			case obj(s["additionalProperties"]) != nil:
				p.undocumented(s["additionalProperties"], v[k], ptr+"/"+escapePointer(k), out, depth+1)
			}
		}
	case []any:
		for i, e := range v {
			p.undocumented(s["items"], e, fmt.Sprintf("%s/%d", ptr, i), out, depth+1)
		}
	}
}

func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}
