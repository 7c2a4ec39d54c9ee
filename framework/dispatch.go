package framework

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/starling-http/starling/framework/internal/router"
)

// requestState is what the framework keeps per request, one allocation.
type requestState struct {
	app       *App
	route     *route
	requestID string
	params    []string
	paramBuf  [8]string
	rw        responseWriter
}

type stateKey struct{}

func stateOf(r *http.Request) *requestState {
	st, _ := r.Context().Value(stateKey{}).(*requestState)
	return st
}

// RequestID returns the id of the request that ctx belongs to: the incoming
// X-Request-ID when it is well formed, else one the app made.
func RequestID(ctx context.Context) string {
	if st, ok := ctx.Value(stateKey{}).(*requestState); ok {
		return st.requestID
	}
	return ""
}

// ServeHTTP answers one request.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st := &requestState{app: a}
	// The canonical spelling of X-Request-ID, indexed directly: Get and Set
	// would each copy a non-canonical key into a new string per request.
	st.requestID = a.ids.from(headerValue(r.Header, headerRequestID))
	st.rw = responseWriter{ResponseWriter: w, status: http.StatusOK}
	rw := &st.rw
	rw.Header()[headerRequestID] = []string{st.requestID}
	r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))

	var start time.Time
	if a.cfg.accessLog {
		start = time.Now()
		defer a.logAccess(r, st, start)
	}
	defer a.recoverPanic(rw, r, st)

	if a.stopped.Load() {
		// Singletons are closed: answering would use released resources.
		a.renderError(rw, r, ServiceUnavailable("the service is shutting down"), a.cfg.root.handlers)
		return
	}
	if !a.started.Load() {
		// Singletons outlive this request: they must not be built with a
		// context that is cancelled when it ends, nor carry its values.
		if err := a.Start(context.Background()); err != nil {
			a.cfg.logger.LogAttrs(r.Context(), slog.LevelError, "app failed to start", slog.String("error", err.Error()))
			a.renderError(rw, r, ServiceUnavailable("the service is starting or failed to start").Wrap(err), a.cfg.root.handlers)
			return
		}
	}
	a.handler.ServeHTTP(rw, r)
}

// dispatch matches the route and runs it; the app's middleware wraps it.
func (a *App) dispatch(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	params := st.paramBuf[:]
	if a.maxParams > len(params) {
		params = make([]string, a.maxParams)
	}
	m := a.tree.Lookup(r.Method, r.URL.EscapedPath(), params)
	switch m.Result {
	case router.Found:
		st.route = m.Route.Handler
		st.params = params[:m.NParams]
		st.route.handler.ServeHTTP(w, r)
	case router.Options:
		a.setAppHeaders(w)
		w.Header().Set("Allow", m.Allow)
		w.WriteHeader(http.StatusNoContent)
	case router.MethodNotAllowed:
		e := NewError(http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, m.Allow))
		e.Header = http.Header{"Allow": {m.Allow}}
		a.setAppHeaders(w)
		a.renderError(w, r, e, a.cfg.root.handlers)
	default:
		a.setAppHeaders(w)
		a.renderError(w, r, NotFound(fmt.Sprintf("no route matches %s %s", r.Method, r.URL.Path)), a.cfg.root.handlers)
	}
}

// setAppHeaders sets the app's response headers on answers that no route
// gave (404, 405, automatic OPTIONS); routes set their merged headers.
func (a *App) setAppHeaders(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range a.cfg.root.headers {
		h.Set(k, v)
	}
}

// serve runs the route's endpoint inside its middleware.
func (rt *route) serve(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	h := w.Header()
	for _, kv := range rt.headers {
		h.Set(kv[0], kv[1])
	}
	if err := rt.endpoint(w, r, st); err != nil {
		st.app.renderError(w, r, err, rt.handlers)
	}
}

// renderError runs the exception handlers and writes the problem response.
func (a *App) renderError(w http.ResponseWriter, r *http.Request, err error, handlers []ExceptionHandler) {
	err = translate(r, err, handlers)
	e := asError(err)
	if e.Status < 400 || e.Status > 599 {
		e = InternalError(fmt.Errorf("error with status %d rendered as 500: %w", e.Status, e))
	}
	if e.Status >= 500 {
		attrs := []slog.Attr{slog.Int("status", e.Status), slog.String("request_id", RequestID(r.Context())), slog.String("method", r.Method), slog.String("path", r.URL.Path)}
		if e.Err != nil {
			attrs = append(attrs, slog.String("error", e.Err.Error()))
		}
		a.cfg.logger.LogAttrs(r.Context(), slog.LevelError, "request failed", attrs...)
	}
	if rw, ok := w.(*responseWriter); ok && rw.wrote {
		return // too late to change the response; the log has it
	}
	for _, h := range handlers {
		if h.status != 0 && h.status == e.Status {
			h.render(w, r, e)
			return
		}
	}
	writeProblem(w, r, e)
}

// recoverPanic turns a panic into a 500 whose body shows nothing of it; the
// log gets the value, the stack and the request id.
func (a *App) recoverPanic(w *responseWriter, r *http.Request, st *requestState) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	route := ""
	if st.route != nil {
		route = st.route.def.method + " " + st.route.def.fullPath
	}
	a.cfg.logger.LogAttrs(r.Context(), slog.LevelError, "panic serving request",
		slog.String("request_id", st.requestID),
		slog.String("route", route),
		slog.String("panic", fmt.Sprint(v)),
		slog.String("stack", string(debug.Stack())))
	if !w.wrote {
		writeProblem(w, r, InternalError(fmt.Errorf("panic: %v", v)))
	}
}

func (a *App) logAccess(r *http.Request, st *requestState, start time.Time) {
	pattern := ""
	if st.route != nil {
		pattern = st.route.def.fullPath
	}
	a.cfg.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method),
		slog.String("route", pattern),
		slog.String("path", r.URL.Path),
		slog.Int("status", st.rw.status),
		slog.Duration("duration", time.Since(start)),
		slog.Int64("bytes", st.rw.bytes),
		slog.String("request_id", st.requestID),
		slog.String("remote", r.RemoteAddr))
}

// responseWriter remembers the status and size for the access log and for
// knowing whether an error can still be rendered.
type responseWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (w *responseWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status = code
		w.wrote = code >= 200 || code == http.StatusSwitchingProtocols
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(p []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Flush lets streaming handlers flush through the wrapper.
func (w *responseWriter) Flush() {
	w.wrote = true
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// requestIDs makes request ids: a random per-app prefix and a counter,
// unique within a process run and cheap to make.
type requestIDs struct {
	prefix string
	n      atomicCounter
}

func (ids *requestIDs) from(incoming string) string {
	if validRequestID(incoming) {
		return incoming
	}
	if ids.prefix == "" {
		return strconv.FormatUint(ids.n.next(), 36)
	}
	return ids.prefix + "-" + strconv.FormatUint(ids.n.next(), 36)
}

// validRequestID accepts up to 128 visible ASCII characters that are safe
// to log and echo: letters, digits and -_.:/+=.
func validRequestID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=':
		default:
			return false
		}
	}
	return true
}

// headerRequestID is X-Request-ID in canonical form.
const headerRequestID = "X-Request-Id"

func headerValue(h http.Header, canonical string) string {
	if v := h[canonical]; len(v) > 0 {
		return v[0]
	}
	return ""
}
