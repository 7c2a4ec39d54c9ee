package apitest

import (
	"github.com/pb33f/libopenapi/datamodel/high/base"
)

// shape is what strict mode needs to know of one schema, worked out once
// per contract: the property names it declares, where its members and items
// lead, and which composition it uses.
type shape struct {
	schema *base.Schema
}

// shapes builds and keeps the shapes of one document's schemas.
type shapes struct {
	memo map[*base.Schema]*shape
}

// newShapes returns an empty set of shapes for a document of the given
// OpenAPI version (3.0 or 3.1).
func newShapes(version float32) *shapes {
	return &shapes{memo: map[*base.Schema]*shape{}}
}

// of returns the shape of s, building it (and every shape it leads to) on
// first use.
func (b *shapes) of(s *base.Schema) *shape {
	panic("not yet")
}

// undeclared is one value strict mode rejects in a body.
type undeclared struct {
	path      string // JSONPath as libopenapi-validator writes it: $.body.a['b c'][0]
	name      string // the property name, or the item index
	value     any
	writeOnly bool     // a writeOnly property in a response
	declared  []string // the names the schema declares where it was found
	schema    *base.Schema
}

// strictBody walks the JSON body against sh and returns what strict mode
// reports: undeclared properties (and, in responses, writeOnly ones).
func strictBody(sh *shape, body []byte, response bool) []undeclared {
	panic("not yet")
}
