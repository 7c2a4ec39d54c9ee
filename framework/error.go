package framework

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is an error with an HTTP status. Handlers, guards and providers return
// it (usually through a constructor such as NotFound) to choose the response;
// any other error becomes a 500 whose details stay in the log.
type Error struct {
	// Status is the HTTP status code.
	Status int
	// Type is a URI naming the problem type; empty means "about:blank".
	Type string
	// Title is a short summary; empty means the status text.
	Title string
	// Detail explains this occurrence, for people.
	Detail string
	// Violations lists every invalid input field of a validation failure.
	Violations []Violation
	// Extra holds members added to the problem document (RFC 9457
	// extension members), such as a retry hint.
	Extra map[string]any
	// Header holds headers sent with the response (Allow, Retry-After,
	// WWW-Authenticate …).
	Header http.Header
	// Err is the underlying cause, for errors.Is/As and the log; it is never
	// shown to the client.
	Err error
}

// Violation is one invalid input value in a validation problem.
type Violation struct {
	// Location names where the value was, such as "body.email",
	// "body.address.zip", "query.limit" or "path.user_id".
	Location string `json:"location" doc:"Where the value was: body.email, query.limit, path.user_id …"`
	// Pointer is the RFC 6901 JSON pointer of the value within its source
	// ("/address/zip"; "/limit" for parameters).
	Pointer string `json:"pointer" doc:"The RFC 6901 JSON pointer of the value within its source."`
	// Rule is the JSON Schema keyword the value broke ("maxLength",
	// "required", "type", "format" …) or "syntax" for malformed JSON.
	Rule string `json:"rule" doc:"The JSON Schema keyword the value broke (maxLength, required, type …), or syntax."`
	// Message says what is wrong.
	Message string `json:"message" doc:"What is wrong, for people."`
	// Value is the rejected value as text, when it is safe to echo.
	Value string `json:"value,omitempty" doc:"The rejected value as text, when it is safe to echo."`
}

// Error implements error.
func (e *Error) Error() string {
	msg := fmt.Sprintf("%d %s", e.Status, e.title())
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func (e *Error) title() string {
	if e.Title != "" {
		return e.Title
	}
	if t := http.StatusText(e.Status); t != "" {
		return t
	}
	return "Error"
}

// With returns a copy of e with an extension member added to its problem document.
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Extra = make(map[string]any, len(e.Extra)+1)
	for k, v := range e.Extra {
		c.Extra[k] = v
	}
	c.Extra[key] = value
	return &c
}

// Wrap returns a copy of e that carries cause for errors.Is/As and the log.
func (e *Error) Wrap(cause error) *Error {
	c := *e
	c.Err = cause
	return &c
}

// NewError returns an error with the given status and detail.
func NewError(status int, detail string) *Error {
	return &Error{Status: status, Detail: detail}
}

// BadRequest is a 400: the request is malformed.
func BadRequest(detail string) *Error { return NewError(http.StatusBadRequest, detail) }

// Unauthorized is a 401: the request lacks valid credentials.
func Unauthorized(detail string) *Error { return NewError(http.StatusUnauthorized, detail) }

// Forbidden is a 403: the credentials do not allow this.
func Forbidden(detail string) *Error { return NewError(http.StatusForbidden, detail) }

// NotFound is a 404: the resource does not exist.
func NotFound(detail string) *Error { return NewError(http.StatusNotFound, detail) }

// Conflict is a 409: the request conflicts with the resource's state.
func Conflict(detail string) *Error { return NewError(http.StatusConflict, detail) }

// UnprocessableEntity is a 422: the request is well formed but cannot be acted on.
func UnprocessableEntity(detail string) *Error {
	return NewError(http.StatusUnprocessableEntity, detail)
}

// TooManyRequests is a 429: the client should slow down.
func TooManyRequests(detail string) *Error { return NewError(http.StatusTooManyRequests, detail) }

// ServiceUnavailable is a 503: the service cannot answer now.
func ServiceUnavailable(detail string) *Error {
	return NewError(http.StatusServiceUnavailable, detail)
}

// InternalError is a 500 that keeps cause for the log.
func InternalError(cause error) *Error {
	return &Error{Status: http.StatusInternalServerError, Err: cause}
}

// maxListedViolations is how many violations a validation problem lists;
// its detail says when there were more.
const maxListedViolations = 100

// ValidationError is a 400 listing every invalid input value, up to
// maxListedViolations of them.
func ValidationError(vs ...Violation) *Error {
	detail := validationDetail(vs)
	if len(vs) > maxListedViolations {
		vs = vs[:maxListedViolations:maxListedViolations]
	}
	return &Error{
		Status:     http.StatusBadRequest,
		Title:      "Validation failed",
		Detail:     detail,
		Violations: vs,
	}
}

func validationDetail(vs []Violation) string {
	switch n := len(vs); {
	case n == 0:
		return "the request is invalid"
	case n == 1:
		return vs[0].Location + ": " + vs[0].Message
	case n > maxListedViolations:
		return fmt.Sprintf("more than %d invalid values; the first %d are listed in errors", maxListedViolations, maxListedViolations)
	default:
		return fmt.Sprintf("%d invalid values; see errors", n)
	}
}

// asError turns any error into the *Error that will be rendered.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return InternalError(err)
}
