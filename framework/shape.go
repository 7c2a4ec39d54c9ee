package framework

import (
	"reflect"

	"github.com/starling-http/starling/internal/plan"
)

// Shape is the wire shape of one type as the app compiled it: field names,
// DTO transforms and constraints. The app hands shapes to an ExampleFunc;
// what is inside is the framework's machinery, free to change, so a Shape
// shows only its Go type. fakes.Examples reads the rest.
type Shape interface {
	// Type is the Go type the shape describes (a DTO's model type).
	Type() reflect.Type
}

// shape is the only Shape. Its exported Plan method makes it a plan.Holder
// for the module's own packages; the type is unexported, so it is not API.
type shape struct{ p *plan.Type }

func (s shape) Type() reflect.Type { return s.p.Go }
func (s shape) Plan() *plan.Type   { return s.p }
