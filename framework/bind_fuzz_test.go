package framework_test

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/internal/rawhttp"
)

// fuzzContentTypes are the Content-Type values FuzzBind picks from.
var fuzzContentTypes = []string{"application/json", "", "text/plain", "application/json; charset=latin1",
	"application/merge-patch+json", "application/json; charset=utf-8"}

// fuzzRequest builds a request without net/http's parser, so that any bytes
// reach the app: segments are escaped only where they must be.
func fuzzRequest(method, path, query string, body []byte) *http.Request {
	u := &url.URL{Path: path, RawQuery: query}
	if raw, err := url.PathUnescape(path); err == nil {
		// The path as the fuzzer wrote it, escapes and all.
		u = &url.URL{Path: raw, RawPath: path, RawQuery: query}
	}
	r := &http.Request{Method: method, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Host: "fuzz.test", RequestURI: u.RequestURI(), RemoteAddr: "192.0.2.1:1234"}
	if body != nil {
		r.Body = &fuzzBody{data: body}
		r.ContentLength = int64(len(body))
	} else {
		r.Body = http.NoBody
	}
	return r
}

type fuzzBody struct {
	data []byte
	off  int
}

func (b *fuzzBody) Read(p []byte) (int, error) {
	if b.off >= len(b.data) {
		return 0, io.EOF
	}
	n := copy(p, b.data[b.off:])
	b.off += n
	return n, nil
}

func (b *fuzzBody) Close() error { return nil }

// checkFuzzAnswer holds for every answer: no 5xx, and a problem document
// with the same status on every 4xx (only its headers for HEAD).
func checkFuzzAnswer(t *testing.T, r *http.Request, w *rawhttp.Recorder) {
	t.Helper()
	if w.Code >= 500 || w.Code == 0 {
		t.Fatalf("status %d: %s", w.Code, w.Body.Bytes())
	}
	if r.Method == http.MethodHead && w.Body.Len() > 0 {
		t.Fatalf("HEAD answered with a body: %s", w.Body.Bytes())
	}
	if w.Code < 400 {
		return
	}
	if ct := w.HeaderMap.Get("Content-Type"); ct != framework.ProblemContentType {
		t.Fatalf("%d with Content-Type %q: %s", w.Code, ct, w.Body.Bytes())
	}
	if r.Method == http.MethodHead {
		return
	}
	var p framework.Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != w.Code || p.Title == "" || p.Detail == "" {
		t.Fatalf("%d with a bad problem (%v): %s", w.Code, err, w.Body.Bytes())
	}
	if len(p.Errors) > 100 {
		t.Fatalf("%d violations listed", len(p.Errors))
	}
}

// FuzzBind sends arbitrary path segments, query strings, header and cookie
// values and bodies to every route of the every-binding app. Nothing may
// be a 5xx or a panic, every 4xx is a problem document, and a request that
// is accepted was bound exactly as sent.
func FuzzBind(f *testing.F) {
	a, _ := hostileApp(f)
	seeds := []struct {
		route, ctype  uint8
		seg1, seg2    string
		query         string
		tenant, trace string
		cookie        string
		body          string
		authorization string
		override      string
	}{
		{0, 0, "acme", "7", "tag=a&n=1&dry=true", "acme-1", "a, b", "session=s3cr3t-1", hsBody, "", ""},
		{0, 0, "acme", "7", "", "acme-1", "", "session=s3cr3t-1", `{"name":"x","count":1e999999}`, "", ""},
		{0, 0, "%2e%2e", "1%2F2", "tag=%FF", "acme\xff", "1,2,x", "session", `{"name":"\u0000"}`, "", ""},
		{0, 1, "acme", "99999999999999999999", "limit=&n=x", "", "", "", `[[[[`, "", ""},
		{1, 0, "acme", "1", "", "", "", "", `{"name":null,"address":{"zip":"1"}}`, "", ""},
		{1, 4, "acme", "1", "", "", "", "", `{"tree":{"children":[{"name":"a"}]},"labels":{"k":"v","k":"w"}}`, "", ""},
		{2, 0, "", "", "", "", "", "", `{"street":"s","admin":true}`, "", ""},
		{3, 0, "", "", "", "", "", "", ``, "", ""},
		{4, 0, "0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e", "2024-02-29", "", "", "", "", "", "", ""},
		{5, 0, "-0", "255", "", "", "", "", "", "", ""},
		{6, 0, "a", "..%2F..", "", "", "", "", "", "", ""},
		{7, 0, "", "", "", "", "", "", "", "Bearer e30.e30.", ""},
		{7, 0, "", "", "", "", "", "", "", "Bearer ", "GET"},
	}
	for _, s := range seeds {
		f.Add(s.route, s.ctype, s.seg1, s.seg2, s.query, s.tenant, s.trace, s.cookie, []byte(s.body), s.authorization, s.override)
	}
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
	f.Fuzz(func(t *testing.T, route, ctype uint8, seg1, seg2, query, tenant, trace, cookie string, body []byte, authorization, override string) {
		var method, path string
		switch route % 8 {
		case 0:
			method, path = "POST", "/shops/"+seg1+"/orders/"+seg2
		case 1:
			method, path = "PATCH", "/shops/"+seg1+"/orders/"+seg2
		case 2:
			method, path = "PUT", "/strict"
		case 3:
			method, path = "PUT", "/maybe"
		case 4:
			method, path = "GET", "/typed/"+seg1+"/"+seg2+"/1.5/2024-01-02T03:04:05Z"
		case 5:
			method, path = "GET", "/ids/"+seg1+"/"+seg2
		case 6:
			method, path = "GET", "/files/"+seg1+"/"+seg2
		case 7:
			method, path = methods[int(ctype)%len(methods)], "/secure"
		}
		if method == "GET" {
			body = nil
		}
		r := fuzzRequest(method, path, query, body)
		set := func(name, value string) {
			if value != "" {
				r.Header[name] = []string{value}
			}
		}
		set("Content-Type", fuzzContentTypes[int(ctype)%len(fuzzContentTypes)])
		set("X-Tenant", tenant)
		set("X-Trace", trace)
		set("X-Codes", trace)
		set("Cookie", cookie)
		set("Authorization", authorization)
		set("X-Http-Method-Override", override)
		w := rawhttp.NewRecorder()
		a.ServeHTTP(w, r)
		checkFuzzAnswer(t, r, w)
		if route%8 == 0 && w.Code == http.StatusCreated {
			// Accepted: the handler saw exactly what was sent.
			var echo hsEcho
			if err := json.Unmarshal(w.Body.Bytes(), &echo); err != nil {
				t.Fatalf("201 that does not decode: %v: %s", err, w.Body.Bytes())
			}
			if want, _ := url.PathUnescape(seg1); echo.Shop != want {
				t.Fatalf("shop %q bound as %q", want, echo.Shop)
			}
			if echo.Tenant != tenant {
				t.Fatalf("X-Tenant %q bound as %q", tenant, echo.Tenant)
			}
			if !utf8.Valid(body) {
				t.Fatalf("a body of invalid UTF-8 was accepted: %q", body)
			}
		}
	})
}

var (
	fuzzUUID    = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	fuzzInteger = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	fuzzNumber  = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	fuzzDate    = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// refTyped says, independently of the framework, whether each typed path
// value of the /ids and /typed routes is valid.
var refTyped = map[string]func(string) bool{
	"path.i": func(s string) bool {
		_, err := strconv.ParseInt(s, 10, 64)
		return fuzzInteger.MatchString(s) && err == nil
	},
	"path.small": func(s string) bool {
		if s == "-0" {
			return true
		}
		_, err := strconv.ParseUint(s, 10, 8)
		return fuzzInteger.MatchString(s) && err == nil
	},
	"path.u": fuzzUUID.MatchString,
	"path.d": func(s string) bool {
		_, err := time.Parse("2006-01-02", s)
		return fuzzDate.MatchString(s) && err == nil
	},
	"path.f": func(s string) bool {
		v, err := strconv.ParseFloat(s, 64)
		return fuzzNumber.MatchString(s) && err == nil && !math.IsInf(v, 0)
	},
	"path.t": func(s string) bool {
		_, err := time.Parse(time.RFC3339Nano, s)
		return err == nil
	},
}

// FuzzTypedPath sends arbitrary values to typed path parameters (int,
// uint8 through {x:int}, uuid, date, float, datetime) through the router
// and the binder, and checks each answer against reference parsers: a
// 200 when every value is valid, else a 400 that names exactly the invalid
// ones; a 404 only when a value is empty.
func FuzzTypedPath(f *testing.F) {
	a, _ := hostileApp(f)
	for _, s := range [][]string{
		{"7", "255"}, {"-0", "-0"}, {"9223372036854775807", "256"}, {"-9223372036854775808", "-1"},
		{"007", "1e2"}, {"+1", " 1"}, {"0x1f", "1.0"}, {"", "1"}, {"1/2", "%"},
	} {
		f.Add(uint8(0), s[0], s[1], "", "")
	}
	for _, s := range [][]string{
		{"0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e", "2024-02-29", "1.5", "2024-01-02T03:04:05Z"},
		{"0B9E3BC1-5D3C-4EF6-9A0C-4D1E3B3F6A2E", "2023-02-29", "-0.0e-0", "2024-01-02T03:04:05.999999999+14:00"},
		{"0b9e3bc15d3c4ef69a0c4d1e3b3f6a2e", "2024-13-01", "1e999999", "2024-01-02 03:04:05Z"},
		{"{0b9e3bc1-5d3c-4ef6-9a0c-4d1e3b3f6a2e}", "0000-01-01", "NaN", "2024-01-02T24:00:00Z"},
	} {
		f.Add(uint8(1), s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, which uint8, v1, v2, v3, v4 string) {
		params := map[string]string{"path.i": v1, "path.small": v2}
		path := "/ids/" + url.PathEscape(v1) + "/" + url.PathEscape(v2)
		if which%2 == 1 {
			params = map[string]string{"path.u": v1, "path.d": v2, "path.f": v3, "path.t": v4}
			path = "/typed/" + url.PathEscape(v1) + "/" + url.PathEscape(v2) + "/" + url.PathEscape(v3) + "/" + url.PathEscape(v4)
		}
		r := fuzzRequest("GET", path, "", nil)
		w := rawhttp.NewRecorder()
		a.ServeHTTP(w, r)
		checkFuzzAnswer(t, r, w)
		empty, invalid := false, map[string]bool{}
		for loc, v := range params {
			if v == "" {
				empty = true
			} else if !refTyped[loc](v) {
				invalid[loc] = true
			}
		}
		switch {
		case empty:
			if w.Code != http.StatusNotFound {
				t.Fatalf("%s with an empty value: %d, want 404: %s", path, w.Code, w.Body.Bytes())
			}
		case len(invalid) == 0:
			if w.Code != http.StatusOK {
				t.Fatalf("%s: %d, want 200 (reference parsers accept %q): %s", path, w.Code, params, w.Body.Bytes())
			}
		default:
			if w.Code != http.StatusBadRequest {
				t.Fatalf("%s: %d, want 400 (invalid %v): %s", path, w.Code, invalid, w.Body.Bytes())
			}
			var p framework.Problem
			_ = json.Unmarshal(w.Body.Bytes(), &p)
			got := map[string]bool{}
			for _, v := range p.Errors {
				got[v.Location] = true
			}
			for loc := range params {
				if got[loc] != invalid[loc] {
					t.Fatalf("%s: %s named %v, reference says invalid %v: %s", path, loc, got[loc], invalid[loc], w.Body.Bytes())
				}
			}
		}
		if which%2 == 0 && w.Code == http.StatusOK {
			// The value bound is the value sent.
			var got string
			_ = json.Unmarshal(w.Body.Bytes(), &got)
			i, _ := strconv.ParseInt(v1, 10, 64)
			s, _ := strconv.ParseUint(strings.TrimPrefix(v2, "-"), 10, 8)
			if want := strconv.FormatInt(i, 10) + "/" + strconv.FormatUint(s, 10); got != want {
				t.Fatalf("%s bound as %q, want %q", path, got, want)
			}
		}
	})
}
