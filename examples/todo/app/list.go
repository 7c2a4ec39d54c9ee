package app

import (
	"time"

	"github.com/starling-http/starling/framework"
)

// List is a named list of todos, as the store keeps it and as it travels:
// the client writes the name, the server writes the rest. The counts are
// the "one" side of the many-to-one relation: the store keeps them as the
// list's todos change.
//
// The counts are two flat fields rather than a nested object on purpose: a
// read-only (or documented) property holding a named struct is written as
// a $ref with sibling keywords, which apitest's strict check cannot see
// through (see the report of examples/todo).
type List struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name" validate:"required,minLength=1,maxLength=100" doc:"Unique among lists, in any case."`
	OpenTodos int       `json:"open_todos" validate:"minimum=0" doc:"How many of the list's todos are open."`
	DoneTodos int       `json:"done_todos" validate:"minimum=0" doc:"How many of the list's todos are done."`
	CreatedAt time.Time `json:"created_at"`
}

// ListDTO is List on the wire. One type serves both directions, as with
// Litestar's read-only fields: the server's fields appear in responses and
// are refused in requests (a 400 naming each), and a property List does not
// declare is refused too, so that a typo is not silently dropped.
var ListDTO = framework.DTO[List](
	framework.ReadOnly("ID", "OpenTodos", "DoneTodos", "CreatedAt"),
	framework.ForbidUnknown(),
)
