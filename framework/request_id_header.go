package framework

import "net/http"

// RequestIDHeader says which answers carry the X-Request-ID header. Every
// request has an id either way (RequestID, the logs, a problem body's
// request_id): the choice is only which responses show it.
type RequestIDHeader uint8

const (
	// RequestIDOnEveryAnswer sends X-Request-ID on every answer, success or
	// error. It is the default.
	RequestIDOnEveryAnswer RequestIDHeader = iota
	// RequestIDOnErrors sends X-Request-ID only on answers the framework
	// renders as errors (problem documents and exception handlers' answers,
	// 404 and 405 included), where a client needs it to report a failure.
	// Success answers carry one header less, which is most of what a
	// small answer costs besides its body; the document lists the header
	// on error responses only.
	RequestIDOnErrors
)

// WithRequestIDHeader chooses which answers carry X-Request-ID
// (RequestIDOnEveryAnswer by default). New fails for a value that is not
// one of the constants.
func WithRequestIDHeader(h RequestIDHeader) Option {
	return appOption(func(c *appConfig) { c.requestIDHeader = h })
}

// setErrorRequestID sets X-Request-ID on an error answer when the app sends
// it on errors only (on every answer, ServeHTTP has set it already).
func (a *App) setErrorRequestID(w http.ResponseWriter, r *http.Request) {
	if a.cfg.requestIDHeader != RequestIDOnErrors {
		return
	}
	if id := RequestID(r.Context()); id != "" {
		w.Header()[headerRequestID] = []string{id}
	}
}
