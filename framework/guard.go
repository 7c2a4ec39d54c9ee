package framework

import (
	"errors"
	"net/http"
)

// Guard decides whether a request may reach a route's handler. It sees the
// request and the route's metadata and returns nil to allow, or an error to
// deny: an *Error (Unauthorized, Forbidden …) is rendered as it is, and any
// other error becomes a 403 so that a broken guard fails closed.
type Guard interface {
	Check(r *http.Request, route *RouteInfo) error
}

// DenyStatuser is implemented by a guard that knows the statuses it denies
// with, so the document lists those and no others. A guard without it is
// documented as answering both 401 and 403. A guard that declares its
// statuses and returns another error (not an *Error) still gets a 403, as
// any guard: fail closed first, the document second.
type DenyStatuser interface {
	DenyStatuses() []int
}

// GuardFunc adapts a function to Guard.
type GuardFunc func(r *http.Request, route *RouteInfo) error

// Check calls f.
func (f GuardFunc) Check(r *http.Request, route *RouteInfo) error { return f(r, route) }

// runGuards runs the route's guards, outermost layer first.
func (rt *route) runGuards(r *http.Request) error {
	for _, g := range rt.guards {
		if err := g.Check(r, rt.info); err != nil {
			var e *Error
			if errors.As(err, &e) {
				return err
			}
			return Forbidden("access denied").Wrap(err)
		}
	}
	return nil
}
