package plan

import (
	"fmt"
	"reflect"
)

// Spec is a framework.DTOSpec seen from inside the module. The framework's
// DTO value implements it through methods on an unexported type, so the
// configuration reaches fakes and the other test packages without becoming
// part of framework's public API.
type Spec interface {
	Model() reflect.Type
	Config() DTOConfig
}

// Holder is a framework.Shape seen from inside the module: it hands over the
// plan the app compiled.
type Holder interface {
	Plan() *Type
}

// Of compiles the plan of t, shaped by spec when it is not nil. spec must be
// a framework.DTOSpec (a Spec) whose model is t. Each call compiles afresh.
func Of(t reflect.Type, spec any) (*Type, error) {
	c := NewCompiler()
	if spec == nil {
		return c.Compile(t)
	}
	s, ok := spec.(Spec)
	if !ok {
		return nil, fmt.Errorf("%T is not a DTO made by framework.DTO", spec)
	}
	if s.Model() != t {
		return nil, fmt.Errorf("the DTO's model is %s, not %s", s.Model(), t)
	}
	return c.CompileDTO(t, s.Config())
}
