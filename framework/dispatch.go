package framework

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"
	"unsafe"

	"github.com/starling-http/starling/framework/internal/router"
)

// requestState is what the framework keeps per request, one allocation.
//
// It is also the request's context: it embeds the incoming context and
// answers stateKey itself, which saves the context.WithValue node. Because
// handlers may keep their ctx (a goroutine, a log record), a requestState
// lives as long as anything references it: it is never pooled or reused.
//
// Every request allocates and zeroes it, so its fields are ordered and sized
// to keep it at 256 bytes, a size class below the 320 it used to take (a
// test pins the size).
type requestState struct {
	context.Context
	app       *App
	route     *route
	requestID string
	params    []string
	// paramBuf holds the path parameters of routes with at most four (an
	// app with longer patterns allocates a slice per request).
	paramBuf [maxInlineParams]string
	rw       responseWriter
	// hdr backs the values of the response headers the framework sets on
	// answers (see setHeader), indexed by the hdr* constants.
	hdr [hdrSlots]string
	// frame is the route's In/Out frame when it was allocated with the
	// state (see route.newState); nil otherwise.
	frame unsafe.Pointer
	// The request id and Content-Length are formatted into idBuf and
	// lenBuf. Longer values (an id counter past 36^7, a body of a
	// terabyte) are appended into a new array instead: correct, and one
	// allocation more.
	idBuf  [16]byte
	lenBuf [12]byte
	// hdrUsed has bit i set once hdr[i] was handed out.
	hdrUsed uint8
	// ctxOnly is set while a direct route runs with a request that does
	// not carry the state (see route.direct).
	ctxOnly bool
	// frameUsed is set once frame was handed out.
	frameUsed bool
}

// maxInlineParams is the number of path parameters the state holds.
const maxInlineParams = 4

// The response header values the state holds.
const (
	hdrID = iota
	hdrType
	hdrLen
	hdrSlots
)

// Value answers stateKey with the state and defers every other key to the
// incoming context.
func (st *requestState) Value(key any) any {
	if _, ok := key.(stateKey); ok {
		return st
	}
	return st.Context.Value(key)
}

// setHeader sets h[key] (key in canonical form) to the one value v, backed
// by st.hdr[slot] the first time and by a new slice after that. The slice
// has capacity 1, so an Add by middleware copies it rather than writing
// into the state; and a slot is handed out once, so a slice that someone
// kept (a middleware that runs the handler twice, say) never changes under
// them.
func (st *requestState) setHeader(h http.Header, key string, slot int, v string) {
	if st.hdrUsed&(1<<slot) != 0 {
		h[key] = []string{v}
		return
	}
	st.hdrUsed |= 1 << slot
	st.hdr[slot] = v
	h[key] = st.hdr[slot : slot+1 : slot+1]
}

// setContentLength sets Content-Length to n, formatted into the state's
// buffer the first time (a string over the buffer is sound because the
// buffer is written only once) and allocated after that.
func (st *requestState) setContentLength(h http.Header, n int) {
	if st.hdrUsed&(1<<hdrLen) != 0 {
		h["Content-Length"] = []string{strconv.Itoa(n)}
		return
	}
	b := strconv.AppendInt(st.lenBuf[:0], int64(n), 10)
	st.setHeader(h, "Content-Length", hdrLen, unsafe.String(unsafe.SliceData(b), len(b)))
}

type stateKey struct{}

func stateOf(r *http.Request) *requestState {
	ctx := r.Context()
	if st, ok := ctx.(*requestState); ok {
		return st // no middleware derived a context from it
	}
	st, _ := ctx.Value(stateKey{}).(*requestState)
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
	// Without app middleware nothing sees the request before the route is
	// known, so the route is matched first: a typed route then allocates
	// its state and its In/Out frame as one object (route.newState).
	matched := len(a.cfg.root.middleware) == 0 && a.maxParams <= maxInlineParams &&
		a.started.Load() && !a.stopped.Load()
	var params [maxInlineParams]string
	var m router.Match[*route]
	var st *requestState
	if matched {
		m = a.tree.Lookup(r.Method, r.URL.EscapedPath(), params[:])
		if m.Result == router.Found && m.Route.Handler.newState != nil {
			st = m.Route.Handler.newState()
		}
	}
	if st == nil {
		st = new(requestState)
	}
	st.Context, st.app, st.paramBuf = r.Context(), a, params
	// The canonical spelling of X-Request-ID, indexed directly: Get and Set
	// would each copy a non-canonical key into a new string per request.
	st.requestID = a.ids.from(headerValue(r.Header, headerRequestID), st.idBuf[:0])
	st.rw = responseWriter{ResponseWriter: w, status: http.StatusOK}
	rw := &st.rw
	if a.cfg.requestIDHeader == RequestIDOnEveryAnswer {
		st.setHeader(rw.Header(), headerRequestID, hdrID, st.requestID)
	}

	// r does not carry the state yet: r.WithContext(st), a copy of the
	// request, is made only when something may read the request's context
	// (middleware, guards, providers of context.Context or *http.Request,
	// exception handlers, the problem writer). A route without any of them
	// hands its handler st as ctx directly (see route.direct).
	var start time.Time
	if a.cfg.accessLog {
		start = time.Now()
		defer a.logAccess(r, st, start)
	}
	defer a.recoverPanic(rw, r, st)

	if matched {
		a.serveMatch(rw, r, st, m, st.paramBuf[:], false)
		return
	}
	if a.stopped.Load() {
		// Singletons are closed: answering would use released resources.
		a.renderError(rw, r.WithContext(st), ServiceUnavailable("the service is shutting down"), a.cfg.root.handlers)
		return
	}
	if !a.started.Load() {
		// Singletons outlive this request: they must not be built with a
		// context that is cancelled when it ends, nor carry its values.
		if err := a.Start(context.Background()); err != nil {
			a.cfg.logger.LogAttrs(st, slog.LevelError, "app failed to start", slog.String("error", err.Error()))
			a.renderError(rw, r.WithContext(st), ServiceUnavailable("the service is starting or failed to start").Wrap(err), a.cfg.root.handlers)
			return
		}
	}
	if len(a.cfg.root.middleware) == 0 {
		a.route(rw, r, st, false) // a.handler is a.dispatch
		return
	}
	a.handler.ServeHTTP(rw, r.WithContext(st))
}

// dispatch matches the route and runs it; the app's middleware wraps it.
func (a *App) dispatch(w http.ResponseWriter, r *http.Request) {
	a.route(w, r, stateOf(r), true)
}

// route matches the route and runs it. carries says whether r's context
// carries st; when it does not, r is given it before anything can see r.
func (a *App) route(w http.ResponseWriter, r *http.Request, st *requestState, carries bool) {
	params := st.paramBuf[:]
	if a.maxParams > len(params) {
		params = make([]string, a.maxParams)
	}
	a.serveMatch(w, r, st, a.tree.Lookup(r.Method, r.URL.EscapedPath(), params), params, carries)
}

// serveMatch answers with the route lookup's result m, whose parameters
// are in params; carries is as for route.
func (a *App) serveMatch(w http.ResponseWriter, r *http.Request, st *requestState, m router.Match[*route], params []string, carries bool) {
	switch m.Result {
	case router.Found:
		rt := m.Route.Handler
		st.route = rt
		st.params = params[:m.NParams]
		if !carries && rt.direct() {
			rt.serveState(w, r, st, false)
			return
		}
		if !carries {
			r = r.WithContext(st)
		}
		rt.handler.ServeHTTP(w, r)
	case router.Options:
		a.setAppHeaders(w)
		w.Header().Set("Allow", m.Allow)
		w.WriteHeader(http.StatusNoContent)
	case router.MethodNotAllowed:
		if !carries {
			r = r.WithContext(st)
		}
		e := NewError(http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, m.Allow))
		e.Header = http.Header{"Allow": {m.Allow}}
		a.setAppHeaders(w)
		a.renderError(w, r, e, a.cfg.root.handlers)
	default:
		if !carries {
			r = r.WithContext(st)
		}
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

// direct reports whether the route can run with a request that does not
// carry the state: nothing but its handler can see the request's context,
// and the handler is given the state as ctx. That is a typed route without
// middleware, guards or providers of context.Context or *http.Request.
func (rt *route) direct() bool {
	return rt.endpoint != nil && len(rt.middleware) == 0 && len(rt.guards) == 0 &&
		rt.binder != nil && !rt.binder.inj.needsRequest()
}

// serve runs the route's endpoint inside its middleware.
func (rt *route) serve(w http.ResponseWriter, r *http.Request) {
	rt.serveState(w, r, stateOf(r), true)
}

// serveState runs the route's endpoint; carries is as for App.route.
func (rt *route) serveState(w http.ResponseWriter, r *http.Request, st *requestState, carries bool) {
	h := w.Header()
	for _, kv := range rt.headers {
		h.Set(kv[0], kv[1])
	}
	st.ctxOnly = !carries
	err := rt.endpoint(w, r, st)
	st.ctxOnly = false
	if err != nil {
		if !carries {
			r = r.WithContext(st)
		}
		st.app.renderError(w, r, err, rt.handlers)
	}
}

// handlerContext is the ctx a handler is given: r's, or the state when r
// does not carry it (see route.direct).
func (st *requestState) handlerContext(r *http.Request) context.Context {
	if st.ctxOnly {
		return st
	}
	return r.Context()
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
		level, msg := slog.LevelError, "request failed"
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			// The client went away mid-request: nothing failed that an
			// operator could mend, and error alerts should not count it.
			level, msg = slog.LevelInfo, "client closed the request"
		}
		a.cfg.logger.LogAttrs(r.Context(), level, msg, attrs...)
	}
	if rw, ok := w.(*responseWriter); ok && rw.wrote {
		return // too late to change the response; the log has it
	}
	a.setErrorRequestID(w, r)
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
	a.cfg.logger.LogAttrs(st, slog.LevelError, "panic serving request",
		slog.String("request_id", st.requestID),
		slog.String("route", route),
		slog.String("panic", fmt.Sprint(v)),
		slog.String("stack", string(debug.Stack())))
	if !w.wrote {
		r = r.WithContext(st)
		a.setErrorRequestID(w, r)
		writeProblem(w, r, InternalError(fmt.Errorf("panic: %v", v)))
	}
}

func (a *App) logAccess(r *http.Request, st *requestState, start time.Time) {
	pattern := ""
	if st.route != nil {
		pattern = st.route.def.fullPath
	}
	a.cfg.logger.LogAttrs(st, slog.LevelInfo, "request",
		slog.String("method", r.Method),
		slog.String("route", pattern),
		slog.String("path", r.URL.Path),
		slog.Int("status", int(st.rw.status)),
		slog.Duration("duration", time.Since(start)),
		slog.Int64("bytes", st.rw.bytes),
		slog.String("request_id", st.requestID),
		slog.String("remote", r.RemoteAddr))
}

// responseWriter remembers the status and size for the access log and for
// knowing whether an error can still be rendered.
type responseWriter struct {
	http.ResponseWriter
	bytes int64
	// status is an int32 so that the writer takes 32 bytes, not 40, in
	// the request state; HTTP statuses have three digits.
	status int32
	wrote  bool
}

func (w *responseWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status = int32(code)
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

// WriteString writes s without converting it to a []byte when the
// underlying writer can (net/http's and httptest's can).
func (w *responseWriter) WriteString(s string) (int, error) {
	w.wrote = true
	n, err := io.WriteString(w.ResponseWriter, s)
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

// from returns incoming when it is a valid request id, else a new id
// formatted into buf. The new id is a string over buf's bytes, so buf must
// be written by nothing else while the id lives.
func (ids *requestIDs) from(incoming string, buf []byte) string {
	if validRequestID(incoming) {
		return incoming
	}
	if ids.prefix != "" {
		buf = append(buf, ids.prefix...)
		buf = append(buf, '-')
	}
	buf = strconv.AppendUint(buf, ids.n.next(), 36)
	return unsafe.String(unsafe.SliceData(buf), len(buf))
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
