// Package rawhttp sends HTTP/1.1 requests written byte for byte, for the
// hostile-input tests of the framework and the examples: requests that
// net/http's client would refuse to send (lying lengths, duplicate headers,
// no Host), bodies of hundreds of megabytes made as they are read, and the
// same request parsed by http.ReadRequest and served in-process.
package rawhttp

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Request is one raw HTTP/1.1 request.
type Request struct {
	Method string
	Target string   // the request-target exactly as sent
	Header []string // name, value pairs, in order, as sent (Host is added unless NoHost)
	NoHost bool
	// Body is the body when Stream is nil; "" sends none.
	Body string
	// Stream, when set, makes the body when the request is sent: Length
	// bytes with a Content-Length, or chunked without one when Length is -1.
	Stream func() io.Reader
	Length int64
	// RawLength, when set, is written instead of a computed Content-Length
	// or Transfer-Encoding (for lies and duplicates); HalfClose shuts the
	// write side after the body.
	RawLength string
	HalfClose bool
}

// With returns r with one more header line.
func (r Request) With(name, value string) Request {
	r.Header = append(append([]string(nil), r.Header...), name, value)
	return r
}

// Encode returns the request's head and the body to stream after it (with
// chunked framing when Length is -1).
func (r Request) Encode() (head []byte, body io.Reader) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", r.Method, r.Target)
	if !r.NoHost {
		b.WriteString("Host: raw.test\r\n")
	}
	for i := 0; i+1 < len(r.Header); i += 2 {
		fmt.Fprintf(&b, "%s: %s\r\n", r.Header[i], r.Header[i+1])
	}
	body, length := io.Reader(strings.NewReader(r.Body)), int64(len(r.Body))
	if r.Stream != nil {
		body, length = r.Stream(), r.Length
	}
	switch {
	case r.RawLength != "":
		b.WriteString(r.RawLength)
	case r.Stream == nil && r.Body == "":
	case length < 0:
		b.WriteString("Transfer-Encoding: chunked\r\n")
		body = &chunker{r: body}
	default:
		fmt.Fprintf(&b, "Content-Length: %d\r\n", length)
	}
	b.WriteString("\r\n")
	return b.Bytes(), body
}

// chunker frames a body in HTTP/1.1 chunks of up to 32 KiB.
type chunker struct {
	r    io.Reader
	buf  []byte
	done bool
}

func (c *chunker) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		if c.done {
			return 0, io.EOF
		}
		chunk := make([]byte, 32<<10)
		n, err := io.ReadFull(c.r, chunk)
		if n > 0 {
			c.buf = fmt.Appendf(c.buf, "%x\r\n%s\r\n", n, chunk[:n])
		}
		if err != nil {
			c.buf, c.done = append(c.buf, "0\r\n\r\n"...), true
		}
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}

// Filler is a body of size bytes made as it is read, so that a 100 MB body
// costs no memory: prefix, then fill repeated, then suffix. Every byte read
// is added to read, when it is not nil.
func Filler(prefix, fill, suffix string, size int64, read *atomic.Int64) io.Reader {
	if read == nil {
		read = new(atomic.Int64)
	}
	return &filler{prefix: prefix, fill: fill, suffix: suffix, size: size, read: read}
}

type filler struct {
	prefix, fill, suffix string
	size, off            int64
	read                 *atomic.Int64
}

func (b *filler) Read(p []byte) (int, error) {
	if b.off >= b.size {
		return 0, io.EOF
	}
	n := 0
	for ; n < len(p) && b.off < b.size; n, b.off = n+1, b.off+1 {
		switch tail := b.size - int64(len(b.suffix)); {
		case b.off < int64(len(b.prefix)):
			p[n] = b.prefix[b.off]
		case b.off >= tail:
			p[n] = b.suffix[b.off-tail]
		default:
			p[n] = b.fill[(b.off-int64(len(b.prefix)))%int64(len(b.fill))]
		}
	}
	b.read.Add(int64(n))
	return n, nil
}

// Nested is open repeated n times, then middle, then close repeated n times.
func Nested(open, middle, close string, n int) string {
	return strings.Repeat(open, n) + middle + strings.Repeat(close, n)
}

// Answer is a response as it came back.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
	Took   time.Duration
}

// Send writes req on a fresh connection to addr and reads the answer, all
// within timeout.
func Send(addr string, req Request, timeout time.Duration) (Answer, error) {
	start := time.Now()
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return Answer{}, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(start.Add(timeout))
	head, body := req.Encode()
	wrote := make(chan struct{})
	go func() {
		// The server may answer and hang up before the body is all sent;
		// write errors are expected then.
		defer close(wrote)
		if _, err := conn.Write(head); err != nil {
			return
		}
		_, _ = io.Copy(conn, body)
		if req.HalfClose {
			_ = conn.(*net.TCPConn).CloseWrite()
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return Answer{}, fmt.Errorf("reading the answer after %v: %w", time.Since(start), err)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	resp.Body.Close()
	if err != nil && !(resp.Close && errors.Is(err, syscall.ECONNRESET)) {
		// A server that answers "Connection: close" while request bytes
		// are still unread (net/http refusing a request itself) closes
		// with a reset, which may cut its answer's body short: the status
		// and headers are what such answers are checked for.
		return Answer{}, fmt.Errorf("reading the answer's body: %w", err)
	}
	conn.Close()
	<-wrote
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: data, Took: time.Since(start)}, nil
}

// ErrUnparsable is a request that http.ReadRequest refuses: no handler
// would ever see it.
var ErrUnparsable = errors.New("http.ReadRequest refuses the request")

// Serve parses req with http.ReadRequest and runs it through h, with a
// context that ends after timeout; no answer by then is an error.
func Serve(h http.Handler, req Request, timeout time.Duration) (Answer, error) {
	start := time.Now()
	head, body := req.Encode()
	r, err := http.ReadRequest(bufio.NewReader(io.MultiReader(bytes.NewReader(head), body)))
	if err != nil {
		return Answer{}, fmt.Errorf("%w: %v", ErrUnparsable, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	w := NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(w, r.WithContext(ctx))
	}()
	select {
	case <-done:
	case <-time.After(timeout):
		return Answer{}, fmt.Errorf("no answer within %v", timeout)
	}
	return Answer{Status: w.Code, Header: w.HeaderMap, Body: w.Body.Bytes(), Took: time.Since(start)}, nil
}

// Recorder is a minimal ResponseWriter that, unlike
// httptest.ResponseRecorder, neither panics on a status it does not expect
// nor reports 200 when nothing was written: Code stays 0.
type Recorder struct {
	Code      int
	HeaderMap http.Header
	Body      bytes.Buffer
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{HeaderMap: http.Header{}} }

// Header returns the response headers.
func (w *Recorder) Header() http.Header { return w.HeaderMap }

// WriteHeader keeps the first status written.
func (w *Recorder) WriteHeader(code int) {
	if w.Code == 0 {
		w.Code = code
	}
}

// Write appends to Body; a write before any status is a 200.
func (w *Recorder) Write(p []byte) (int, error) {
	if w.Code == 0 {
		w.Code = http.StatusOK
	}
	return w.Body.Write(p)
}
