package framework

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/starling-http/starling/framework/internal/codec"
	"github.com/starling-http/starling/framework/internal/plan"
)

// Plan is the compiled type plan of a body, parameter or result type: its
// wire shape and constraints. The same plan drives decoding with
// validation, encoding, the document's JSON Schema and fixtures, so the
// four cannot disagree. Plans are read-only; the test packages (fakes,
// apitest, contract) read them, applications rarely need to.
type Plan = plan.Type

// PlanField is one property of a struct plan.
type PlanField = plan.Field

// Rules are the constraints on one value, one field per JSON Schema keyword.
type Rules = plan.Rules

// Kind is the wire kind of a plan.
type Kind = plan.Kind

// The wire kinds of a Plan.
const (
	KindBool    = plan.Bool
	KindInt     = plan.Int
	KindUint    = plan.Uint
	KindFloat   = plan.Float
	KindString  = plan.String
	KindBytes   = plan.Bytes
	KindTime    = plan.Time
	KindSlice   = plan.Slice
	KindArray   = plan.Array
	KindMap     = plan.Map
	KindStruct  = plan.Struct
	KindPointer = plan.Pointer
	KindRaw     = plan.Raw
	KindText    = plan.Text
)

// PlanOf compiles the plan of t, shaped by dto when one is given (its model
// must be t). Each call compiles afresh; an app keeps its own plans.
func PlanOf(t reflect.Type, dto DTOSpec) (*Plan, error) {
	c := plan.NewCompiler()
	if dto == nil {
		return c.Compile(t)
	}
	if dto.modelType() != t {
		return nil, fmt.Errorf("framework.PlanOf: the DTO's model is %s, not %s", dto.modelType(), t)
	}
	return c.CompileDTO(t, dto.dtoConfig())
}

// Unmarshal decodes and validates data into v, a pointer to a value of
// p.Go, as a request body would be. Bad input gives a *Error (400) listing
// every violation.
func Unmarshal(p *Plan, data []byte, v any) error {
	ptr, err := pointerTo(p, v)
	if err != nil {
		return err
	}
	data = append([]byte(nil), data...) // decoded strings may alias data
	if err := codec.Decode(p, data, ptr); err != nil {
		var vs plan.Violations
		if ok := asViolations(err, &vs); !ok {
			return BadRequest("the value could not be decoded").Wrap(err)
		}
		out := make([]Violation, len(vs))
		for i, v := range vs {
			out[i] = bodyViolation(v)
		}
		return ValidationError(out...)
	}
	return nil
}

// Marshal encodes v, a pointer to a value of p.Go, as a response would be.
func Marshal(p *Plan, v any) ([]byte, error) {
	ptr, err := pointerTo(p, v)
	if err != nil {
		return nil, err
	}
	return codec.Encode(nil, p, ptr)
}

func pointerTo(p *Plan, v any) (unsafe.Pointer, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Type().Elem() != p.Go {
		return nil, fmt.Errorf("framework: want a non-nil *%s, got %T", p.Go, v)
	}
	return rv.UnsafePointer(), nil
}

func asViolations(err error, vs *plan.Violations) bool {
	return errors.As(err, vs)
}
