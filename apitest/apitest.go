package apitest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gavv/httpexpect/v2"

	"github.com/starling-http/starling/framework"
)

// inProcessURL is the base URL of in-process APIs: requests never leave the
// process, but they need a host.
const inProcessURL = "http://starling.test"

// API is one test's client of one app. Its embedded *httpexpect.Expect
// sends requests (api.GET, api.POST …) and every exchange is checked
// against the app's document; violations fail the test.
type API struct {
	*httpexpect.Expect

	t        testing.TB
	app      *framework.App
	contract *contract // nil when validation is off
	client   *http.Client
	baseURL  string
	printers []httpexpect.Printer

	once         sync.Once
	invalid      *httpexpect.Expect
	undocumented *httpexpect.Expect
}

// New builds app afresh for this test (with the overrides and app options
// given), starts it, and returns a client bound to it in-process. Build and
// start errors fail the test with t.Fatal; the app is shut down (singletons'
// cleanups run) and any server stopped through t.Cleanup.
//
// Each call builds its own app, so tests, parallel ones included, never share
// singletons or see each other's overrides.
func New(t testing.TB, app *framework.App, opts ...Option) *API {
	t.Helper()
	s := newSettings(opts)
	if app == nil {
		t.Fatal("apitest.New: app is nil")
		return nil
	}
	var fopts []framework.Option
	if !s.noLogger {
		fopts = append(fopts, framework.WithLogger(testLogger(t)))
	}
	if len(s.overrides) > 0 {
		fopts = append(fopts, framework.WithOverrides(s.overrides...))
	}
	fopts = append(fopts, s.appOpts...)
	built, err := app.With(fopts...)
	if err != nil {
		t.Fatalf("apitest.New: building the app for %s:\n%v", t.Name(), err)
		return nil
	}
	if err := built.Start(context.Background()); err != nil {
		t.Fatalf("apitest.New: starting the app for %s:\n%v", t.Name(), err)
		return nil
	}
	t.Cleanup(func() {
		if err := built.Shutdown(context.Background()); err != nil {
			t.Errorf("apitest: shutting the app down: %v", err)
		}
	})
	doc := s.document
	if doc == nil {
		doc = built.OpenAPI()
	}
	api := newAPI(t, built, doc, s)
	if api != nil {
		api.app = built
	}
	return api
}

// NewHandler is New for any http.Handler: exchanges are checked against
// document, an OpenAPI 3.x document (JSON or YAML) that describes h.
// Overrides and app options do not apply.
func NewHandler(t testing.TB, h http.Handler, document []byte, opts ...Option) *API {
	t.Helper()
	s := newSettings(opts)
	if s.document != nil {
		document = s.document
	}
	api := newAPI(t, h, document, s)
	return api
}

func newAPI(t testing.TB, h http.Handler, doc []byte, s settings) *API {
	t.Helper()
	api := &API{t: t}
	if s.validate {
		c, err := contractFor(doc)
		if err != nil {
			t.Fatalf("apitest: %v", err)
			return nil
		}
		for _, e := range c.docErrors {
			t.Errorf("apitest: the document is not valid OpenAPI: %s", e)
		}
		api.contract = c
	}
	var base http.RoundTripper
	if s.loopback {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		api.baseURL = srv.URL
		base = srv.Client().Transport
	} else {
		api.baseURL = inProcessURL
		base = handlerTransport{h: h}
	}
	api.client = &http.Client{
		Transport: &checker{t: t, base: base, contract: api.contract, loopback: s.loopback, baseURL: api.baseURL, ignored: s.ignored},
		Jar:       httpexpect.NewCookieJar(),
		// Redirects are answers to check, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	if s.verbose {
		api.printers = []httpexpect.Printer{httpexpect.NewCompactPrinter(t)}
	}
	api.Expect = api.expect(api.client)
	return api
}

// expect makes an httpexpect.Expect that sends through client.
func (a *API) expect(client httpexpect.Client) *httpexpect.Expect {
	return httpexpect.WithConfig(httpexpect.Config{
		TestName:  a.t.Name(),
		BaseURL:   a.baseURL,
		Client:    client,
		Reporter:  httpexpect.NewAssertReporter(a.t),
		Formatter: &formatter{},
		Printers:  a.printers,
	})
}

// Invalid sends deliberately invalid requests. It skips exactly the
// request checks: parameters (path, query, header, cookie), the request
// body and its content type, security requirements, and whether the path
// and method are in the document at all. Everything about the response is
// still checked as for any request: the status must be documented, the
// content type documented for it, the headers (their schemas, required
// ones, undeclared ones in strict mode) and the body (its schema, strict
// mode, a required body must not be empty), and the exchange counts
// toward coverage. So an error answer must match its documented problem.
//
//	api.Invalid().POST("/users").WithJSON(map[string]any{"email": 1}).
//		Expect().Status(http.StatusBadRequest)
func (a *API) Invalid() *httpexpect.Expect {
	a.lazy()
	return a.invalid
}

// Undocumented reaches routes the document leaves out on purpose (health,
// docs pages, hidden routes): nothing is checked, but the route must indeed
// be missing from the document, else the test fails.
func (a *API) Undocumented() *httpexpect.Expect {
	a.lazy()
	return a.undocumented
}

func (a *API) lazy() {
	a.once.Do(func() {
		a.invalid = a.expect(markingClient{a.client, modeInvalid})
		a.undocumented = a.expect(markingClient{a.client, modeUndocumented})
	})
}

// App returns the app built for this test (nil for NewHandler).
func (a *API) App() *framework.App { return a.app }

// Client returns the checking *http.Client, for code that does not use
// httpexpect; its exchanges are checked like the others. Mark requests with
// MarkInvalid or MarkUndocumented to relax the checks.
func (a *API) Client() *http.Client { return a.client }

// URL returns the base URL that Client's requests go to: a loopback
// server's URL with Loopback, else an in-process placeholder host.
func (a *API) URL() string { return a.baseURL }

// Document returns the document exchanges are checked against (nil when
// validation is off).
func (a *API) Document() []byte {
	if a.contract == nil {
		return nil
	}
	return append([]byte(nil), a.contract.raw...)
}

// testLogger logs through t.Log.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
