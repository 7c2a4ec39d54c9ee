package framework_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

// failWith is a handler that returns err.
func failWith(err error) func(context.Context, none) (string, error) {
	return func(context.Context, none) (string, error) { return "", err }
}

func TestErrorConstructorsRenderAsProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    *framework.Error
		status int
		title  string
	}{
		{framework.BadRequest("bad"), 400, "Bad Request"},
		{framework.Unauthorized("who are you"), 401, "Unauthorized"},
		{framework.Forbidden("not you"), 403, "Forbidden"},
		{framework.NotFound("no such thing"), 404, "Not Found"},
		{framework.Conflict("already there"), 409, "Conflict"},
		{framework.UnprocessableEntity("cannot"), 422, "Unprocessable Entity"},
		{framework.TooManyRequests("slow down"), 429, "Too Many Requests"},
		{framework.ServiceUnavailable("later"), 503, "Service Unavailable"},
		{framework.NewError(http.StatusTeapot, "short and stout"), 418, "I'm a teapot"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			t.Parallel()
			a := newApp(t, framework.WithLogger(discardLogger()), framework.Mount(framework.Get("/", failWith(tt.err))))
			w := get(t, a, "/", "X-Request-ID", "rid-1")
			p, _ := problem(t, w, tt.status)
			want := framework.Problem{Type: "about:blank", Title: tt.title, Status: tt.status, Detail: tt.err.Detail, RequestID: "rid-1"}
			if diff := cmp.Diff(want, p); diff != "" {
				t.Errorf("problem (-want +got):\n%s", diff)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("problem without X-Content-Type-Options: nosniff")
			}
			if got, want := tt.err.Error(), fmt.Sprintf("%d %s: %s", tt.status, tt.title, tt.err.Detail); got != want {
				t.Errorf("Error() = %q, want %q", got, want)
			}
		})
	}
}

func TestErrorExtrasHeadersAndCause(t *testing.T) {
	t.Parallel()
	cause := fs.ErrNotExist
	limited := framework.TooManyRequests("slow down").With("retry_after", 30).With("status", 999).Wrap(cause)
	limited.Header = http.Header{"Retry-After": {"30"}}
	typed := &framework.Error{Status: 402, Type: "https://example.com/probs/credit", Title: "Out of credit", Detail: "balance 30, cost 50"}
	a := newApp(t, framework.Mount(
		framework.Get("/limited", failWith(limited)),
		framework.Get("/typed", failWith(typed)),
		framework.Get("/wrapped", failWith(fmt.Errorf("loading: %w", framework.NotFound("no file")))),
	))

	w := get(t, a, "/limited")
	p, all := problem(t, w, http.StatusTooManyRequests)
	if all["retry_after"] != float64(30) {
		t.Errorf("retry_after = %v, want 30", all["retry_after"])
	}
	if p.Status != 429 {
		t.Errorf("an extension member replaced status: %d", p.Status)
	}
	if got := w.Header().Get("Retry-After"); got != "30" {
		t.Errorf("Retry-After = %q", got)
	}
	if strings.Contains(w.Body.String(), cause.Error()) {
		t.Errorf("the cause leaked into the body: %s", w.Body)
	}
	if !errors.Is(limited, fs.ErrNotExist) {
		t.Error("errors.Is does not see the wrapped cause")
	}

	p, _ = problem(t, get(t, a, "/typed"), 402)
	if p.Type != typed.Type || p.Title != typed.Title {
		t.Errorf("problem = %+v", p)
	}

	// An *Error anywhere in the chain chooses the response.
	p, _ = problem(t, get(t, a, "/wrapped"), http.StatusNotFound)
	if p.Detail != "no file" {
		t.Errorf("detail = %q", p.Detail)
	}
}

func TestWithDoesNotShareExtra(t *testing.T) {
	t.Parallel()
	base := framework.BadRequest("x").With("a", 1)
	b := base.With("b", 2)
	if diff := cmp.Diff(map[string]any{"a": 1}, base.Extra); diff != "" {
		t.Errorf("With changed its receiver (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"a": 1, "b": 2}, b.Extra); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestInternalErrorsShowNothing(t *testing.T) {
	t.Parallel()
	log, logs := testLogger()
	a := newApp(t, framework.WithLogger(log), framework.Mount(
		framework.Get("/plain", failWith(errors.New("dial tcp 10.0.0.7:5432: password authentication failed"))),
		framework.Get("/redirect", failWith(framework.NewError(http.StatusFound, "go elsewhere"))),
		framework.Get("/internal", failWith(framework.InternalError(errors.New("secret detail")))),
	))
	for _, path := range []string{"/plain", "/redirect", "/internal"} {
		t.Run(path, func(t *testing.T) {
			w := get(t, a, path)
			p, _ := problem(t, w, http.StatusInternalServerError)
			for _, leak := range []string{"10.0.0.7", "password", "go elsewhere", "secret"} {
				if strings.Contains(w.Body.String(), leak) {
					t.Errorf("500 body leaks %q: %s", leak, w.Body)
				}
			}
			wantContains(t, p.Detail, "request id")
			rec := logs.findWith(t, "request failed", "request_id", p.RequestID)
			if rec["status"] != float64(500) || rec["path"] != path {
				t.Errorf("log = %v", rec)
			}
		})
	}
	wantContains(t, logs.String(), "password authentication failed", "302", "secret detail")
}

func TestPanicBecomesA500(t *testing.T) {
	t.Parallel()
	log, logs := testLogger()
	a := newApp(t, framework.WithLogger(log), framework.WithAccessLog(), framework.Mount(
		framework.Get("/boom/{id}", func(context.Context, struct {
			ID string `path:"id"`
		}) (string, error) {
			var m map[string]int
			m["api-key-123"]++ // nil map write: a runtime panic
			return "", nil
		}),
	))
	w := get(t, a, "/boom/1", "X-Request-ID", "req-42")
	p, _ := problem(t, w, http.StatusInternalServerError)
	if p.RequestID != "req-42" {
		t.Errorf("request_id = %q", p.RequestID)
	}
	for _, leak := range []string{"panic", "nil map", "goroutine", ".go:", "api-key"} {
		if strings.Contains(w.Body.String(), leak) {
			t.Errorf("500 body leaks %q: %s", leak, w.Body)
		}
	}
	rec := logs.find(t, "panic serving request")
	if rec["request_id"] != "req-42" || rec["level"] != "ERROR" || rec["route"] != "GET /boom/{id}" {
		t.Errorf("panic log = %v", rec)
	}
	wantContains(t, fmt.Sprint(rec["panic"]), "assignment to entry in nil map")
	wantContains(t, fmt.Sprint(rec["stack"]), "goroutine", "errors_test.go")
	if access := logs.find(t, "request"); access["status"] != float64(500) {
		t.Errorf("access log status = %v, want 500", access["status"])
	}
}

func TestAbortHandlerPanicIsNotSwallowed(t *testing.T) {
	t.Parallel()
	a := newApp(t, framework.WithLogger(discardLogger()), framework.Mount(framework.Get("/", func(context.Context, none) (string, error) {
		panic(http.ErrAbortHandler)
	})))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler to reach the server", v)
		}
	}()
	get(t, a, "/")
}

func TestExceptionHandlers(t *testing.T) {
	t.Parallel()
	a := newApp(t,
		framework.WithLogger(discardLogger()),
		framework.ExceptionHandlers(
			framework.OnError(func(_ *http.Request, err *fs.PathError) error {
				return framework.NotFound("no file " + err.Path)
			}),
			framework.OnError(func(_ *http.Request, err *teapotError) error {
				return nil // keep the original error: a 500
			}),
			framework.OnStatus(http.StatusNotFound, func(w http.ResponseWriter, r *http.Request, e *framework.Error) {
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(e.Status)
				_, _ = fmt.Fprintf(w, "nothing at %s: %s", r.URL.Path, e.Detail)
			}),
		),
		framework.Mount(
			framework.Get("/file", failWith(fmt.Errorf("opening: %w", &fs.PathError{Op: "open", Path: "a.txt", Err: fs.ErrNotExist}))),
			framework.Get("/teapot", failWith(&teapotError{"x"})),
			framework.Get("/validation", failWith(framework.ValidationError(
				framework.Violation{Location: "body.email", Pointer: "/email", Rule: "format", Message: "must be an email", Value: "nope"},
			))),
		),
	)
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/file", 404, "nothing at /file: no file a.txt"},
		{"/missing", 404, "nothing at /missing: no route matches GET /missing"}, // unmatched paths use the app's handlers
	}
	for _, tt := range tests {
		w := get(t, a, tt.path)
		wantStatus(t, w, tt.status)
		if w.Body.String() != tt.body {
			t.Errorf("%s: body %q, want %q", tt.path, w.Body, tt.body)
		}
	}
	problem(t, get(t, a, "/teapot"), http.StatusInternalServerError)
	p, _ := problem(t, get(t, a, "/validation"), http.StatusBadRequest)
	want := []framework.Violation{{Location: "body.email", Pointer: "/email", Rule: "format", Message: "must be an email", Value: "nope"}}
	if diff := cmp.Diff(want, p.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if p.Title != "Validation failed" || p.Detail != "body.email: must be an email" {
		t.Errorf("problem = %+v", p)
	}
}
