package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pgregory.net/rapid"
)

// probeRequest is one generated request, kept as data so that it can be
// mutated, sent, validated and printed as curl.
type probeRequest struct {
	op     *operation
	path   map[string]string
	query  url.Values
	header http.Header
	// body is the JSON value to send when hasBody; raw, when set, is sent
	// verbatim instead (malformed JSON).
	body    any
	hasBody bool
	raw     []byte
	ctype   string
}

// skipHeaders are parameters the probe does not generate: the transport
// or the credentials own them.
var skipHeaders = []string{"authorization", "content-type", "accept", "content-length", "cookie", "host"}

// draw generates a request for op that the document says is valid.
func (g *generator) request(t *rapid.T, op *operation) *probeRequest {
	r := &probeRequest{op: op, path: map[string]string{}, query: url.Values{}, header: http.Header{}}
	for _, p := range op.Params {
		if p.In == "cookie" || p.In == "header" && slices.Contains(skipHeaders, strings.ToLower(p.Name)) {
			continue
		}
		if !p.Required && g.mode == modeRandom && !rapid.Bool().Draw(t, p.In+"."+p.Name+"?") {
			continue
		}
		r.setParam(p, g.value(t, p.Schema, p.In+"."+p.Name, 1, true))
	}
	if op.Body != nil {
		mt, schema := jsonMedia(op.Body)
		switch {
		case mt != "":
			if boolean(op.Body, "required") || g.mode == modeFull || rapid.Bool().Draw(t, "body?") {
				r.ctype, r.hasBody = mt, true
				r.body = g.value(t, schema, "body", 0, false)
			}
		case boolean(op.Body, "required"):
			t.Skipf("%s: the request body is not JSON (%v)", op, mediaTypes(op.Body))
		}
	}
	return r
}

// jsonMedia returns the JSON media type of a body and its schema.
func jsonMedia(body map[string]any) (string, any) {
	content := obj(body["content"])
	for _, mt := range sortedKeys(content) {
		base, _, _ := strings.Cut(mt, ";")
		if base == "application/json" || strings.HasSuffix(base, "+json") {
			return mt, obj(content[mt])["schema"]
		}
	}
	return "", nil
}

// setParam sets a parameter from a generated value (nil removes it).
func (r *probeRequest) setParam(p param, v any) {
	switch p.In {
	case "path":
		r.path[p.Name] = scalar(v)
	case "query":
		r.query.Del(p.Name)
		if v == nil {
			return
		}
		if a, ok := v.([]any); ok {
			for _, e := range a {
				r.query.Add(p.Name, scalar(e))
			}
			return
		}
		r.query.Set(p.Name, scalar(v))
	case "header":
		r.header.Del(p.Name)
		if v != nil {
			r.header.Set(p.Name, scalar(v))
		}
	}
}

// scalar writes a parameter value as text: arrays comma-separated (the
// simple style), numbers without exponent where they are integral.
func scalar(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		if v == float64(int64(v)) {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = scalar(e)
		}
		return strings.Join(parts, ",")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// clone copies the request deeply enough to mutate it.
func (r *probeRequest) clone() *probeRequest {
	c := *r
	c.path = map[string]string{}
	for k, v := range r.path {
		c.path[k] = v
	}
	c.query = url.Values{}
	for k, v := range r.query {
		c.query[k] = slices.Clone(v)
	}
	c.header = r.header.Clone()
	c.body = deepCopy(r.body)
	return &c
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		a := make([]any, len(v))
		for i, e := range v {
			a[i] = deepCopy(e)
		}
		return a
	}
	return v
}

// target returns the path with its parameters filled in and the query.
func (r *probeRequest) target() string {
	p := pathParamRE.ReplaceAllStringFunc(r.op.Path, func(m string) string {
		return url.PathEscape(r.path[m[1:len(m)-1]])
	})
	if q := r.query.Encode(); q != "" {
		p += "?" + q
	}
	return p
}

// payload returns the body bytes, or nil.
func (r *probeRequest) payload() []byte {
	if r.raw != nil {
		return r.raw
	}
	if !r.hasBody {
		return nil
	}
	b, _ := json.Marshal(r.body)
	return b
}

// build makes the HTTP request against base (no trailing slash).
func (r *probeRequest) build(base string, extra http.Header) (*http.Request, error) {
	var body *bytes.Reader
	if p := r.payload(); p != nil {
		body = bytes.NewReader(p)
	}
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequest(r.op.Method, base+r.target(), body)
	} else {
		req, err = http.NewRequest(r.op.Method, base+r.target(), nil)
	}
	if err != nil {
		return nil, err
	}
	for k, v := range extra {
		req.Header[k] = slices.Clone(v)
	}
	for k, v := range r.header {
		req.Header[k] = slices.Clone(v)
	}
	if r.hasBody || r.raw != nil {
		req.Header.Set("Content-Type", r.ctype)
	}
	req.Header.Set("Accept", "application/json, application/problem+json, */*;q=0.5")
	return req, nil
}

// curl prints the request as a curl command line against base.
func (r *probeRequest) curl(base string, extra http.Header) string {
	req, err := r.build("http://probe.invalid", extra)
	if err != nil {
		return "# " + err.Error()
	}
	var b strings.Builder
	target := strings.TrimPrefix(req.URL.String(), "http://probe.invalid")
	if strings.HasPrefix(base, "$") { // a shell expression: let the shell expand it
		fmt.Fprintf(&b, "curl -i -X %s \"%s\"%s", req.Method, base, shellQuote(target))
	} else {
		fmt.Fprintf(&b, "curl -i -X %s %s", req.Method, shellQuote(base+target))
	}
	for _, k := range sortedKeys(req.Header) {
		if k == "Accept" {
			continue
		}
		for _, v := range req.Header[k] {
			fmt.Fprintf(&b, " -H %s", shellQuote(k+": "+v))
		}
	}
	if p := r.payload(); p != nil {
		fmt.Fprintf(&b, " --data-raw %s", shellQuote(string(p)))
	}
	return b.String()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
