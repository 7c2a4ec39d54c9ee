package apitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// mode says how much of an exchange is checked.
type mode uint8

const (
	modeChecked      mode = iota // request and response
	modeInvalid                  // the response only: the request is wrong on purpose
	modeUndocumented             // nothing, but the route must be missing from the document
)

type modeKey struct{}

func modeOf(ctx context.Context) mode {
	m, _ := ctx.Value(modeKey{}).(mode)
	return m
}

// MarkInvalid marks r as deliberately invalid, for API.Client users: the
// request is not checked, the response is. API.Invalid does this for
// httpexpect requests.
func MarkInvalid(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), modeKey{}, modeInvalid))
}

// MarkUndocumented marks r as going to a route the document leaves out on
// purpose, for API.Client users (see API.Undocumented).
func MarkUndocumented(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), modeKey{}, modeUndocumented))
}

// markingClient marks every request it sends with m.
type markingClient struct {
	c *http.Client
	m mode
}

func (mc markingClient) Do(r *http.Request) (*http.Response, error) {
	return mc.c.Do(r.WithContext(context.WithValue(r.Context(), modeKey{}, mc.m)))
}

// checker is the RoundTripper that checks each exchange against the
// contract around the transport that carries it.
type checker struct {
	t        testing.TB
	base     http.RoundTripper
	contract *contract
	loopback bool
	baseURL  string
	ignored  []string // undeclared response headers to let through
}

func (c *checker) RoundTrip(req *http.Request) (*http.Response, error) {
	if c.contract == nil {
		return c.base.RoundTrip(req)
	}
	c.t.Helper()
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("apitest: reading the request body: %w", err)
		}
	}
	ex := &exchange{req: req, reqBody: body, mode: modeOf(req.Context())}
	c.contract.checkRequest(ex)

	out := new(http.Request) // a shallow copy: the transport below clones what it changes
	*out = *req
	out.Body, out.GetBody = bodyOf(body)
	out.ContentLength = int64(len(body))
	resp, err := c.base.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	ex.respBody, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("apitest: reading the response body: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(ex.respBody))
	ex.resp = resp
	c.contract.checkResponse(ex)
	if len(c.ignored) > 0 {
		ex.violations = slices.DeleteFunc(ex.violations, func(v violation) bool {
			name, ok := strings.CutPrefix(v.where, "response header ")
			return ok && v.rule == "strict: undeclared-header" &&
				slices.ContainsFunc(c.ignored, func(h string) bool { return strings.EqualFold(h, name) })
		})
	}
	if len(ex.violations) > 0 {
		c.t.Helper()
		c.t.Errorf("%s", ex.report(c.curlBase()))
	}
	resp.Body = io.NopCloser(bytes.NewReader(ex.respBody))
	return resp, nil
}

// curlBase is the URL prefix of reproduction commands: the loopback server,
// or a shell variable defaulting to the users example's address for
// in-process APIs (there is no server to reach).
func (c *checker) curlBase() string {
	if c.loopback {
		return c.baseURL
	}
	return "${BASE_URL:-http://127.0.0.1:8000}"
}

func bodyOf(b []byte) (io.ReadCloser, func() (io.ReadCloser, error)) {
	if b == nil {
		return http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
	}
	return io.NopCloser(bytes.NewReader(b)), func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	}
}

// handlerTransport answers requests by calling a handler in-process, as a
// server would, without a port.
type handlerTransport struct{ h http.Handler }

func (ht handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context())
	if in.Body == nil {
		in.Body = http.NoBody
	}
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "192.0.2.1:1234"
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	in.Proto, in.ProtoMajor, in.ProtoMinor = "HTTP/1.1", 1, 1
	rec := &recorder{header: make(http.Header)}
	ht.h.ServeHTTP(rec, in)
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	body := rec.body.Bytes()
	if req.Method == http.MethodHead {
		body = nil
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", rec.status, http.StatusText(rec.status)),
		StatusCode:    rec.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rec.sent,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// recorder is a minimal http.ResponseWriter: the header as it was when the
// status was written, the status, the body.
type recorder struct {
	header http.Header
	sent   http.Header
	status int
	body   bytes.Buffer
	sniff  bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status != 0 {
		return
	}
	r.status = code
	r.sent = r.header.Clone()
	if r.sent.Get("Content-Type") == "" && code != http.StatusNoContent && code != http.StatusNotModified {
		r.sniff = true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	if r.sniff && r.body.Len() == 0 && len(p) > 0 {
		// net/http's server sniffs a missing Content-Type from the first bytes.
		r.sent.Set("Content-Type", http.DetectContentType(p))
		r.sniff = false
	}
	return r.body.Write(p)
}

// Flush implements http.Flusher; everything is buffered anyway.
func (r *recorder) Flush() {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
}
