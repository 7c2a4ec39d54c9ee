package framework

import (
	"errors"
	"net/http"
	"reflect"
)

// ExceptionHandler turns errors into responses. Make one with OnError (by
// error type) or OnStatus (by status). Layers merge them, the nearest layer
// winning for the same error type or status.
type ExceptionHandler struct {
	errType   reflect.Type
	status    int
	translate func(r *http.Request, err error) (error, bool)
	render    func(w http.ResponseWriter, r *http.Request, err *Error)
}

// OnError translates errors that match E (errors.As) into the error to
// render, typically an *Error such as NotFound. Returning nil keeps the
// original error.
func OnError[E error](fn func(r *http.Request, err E) error) ExceptionHandler {
	return ExceptionHandler{
		errType: reflect.TypeFor[E](),
		translate: func(r *http.Request, err error) (error, bool) {
			var target E
			if !errors.As(err, &target) {
				return nil, false
			}
			if out := fn(r, target); out != nil {
				return out, true
			}
			return err, true
		},
	}
}

// OnStatus renders every error of the given status itself, instead of the
// default problem document.
func OnStatus(status int, fn func(w http.ResponseWriter, r *http.Request, err *Error)) ExceptionHandler {
	return ExceptionHandler{status: status, render: fn}
}

// key identifies what the handler handles, for layering.
func (h ExceptionHandler) key() any {
	if h.errType != nil {
		return h.errType
	}
	return h.status
}

// translate applies the first matching type handler, nearest layer first.
func translate(r *http.Request, err error, handlers []ExceptionHandler) error {
	for _, h := range handlers {
		if h.translate == nil {
			continue
		}
		if out, ok := h.translate(r, err); ok {
			return out
		}
	}
	return err
}
