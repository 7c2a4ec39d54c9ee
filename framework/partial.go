package framework

import (
	"reflect"
	"unsafe"

	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// Partial is a PATCH body: any subset of T's fields, each validated by its
// rules, none required. Apply writes the fields the client sent onto an
// existing T and leaves the others untouched; an explicit null clears a
// pointer field.
type Partial[T any] struct {
	value T
	plan  *plan.Type
	data  []byte
}

// Apply writes the fields present in the request onto dst.
func (p Partial[T]) Apply(dst *T) error {
	if p.plan == nil {
		return nil
	}
	return codec.Decode(p.plan, p.data, unsafe.Pointer(dst))
}

// Value returns the sent fields applied to a zero T.
func (p Partial[T]) Value() T { return p.value }

func (p *Partial[T]) partialModel() reflect.Type           { return reflect.TypeFor[T]() }
func (p *Partial[T]) partialValue() unsafe.Pointer         { return unsafe.Pointer(&p.value) }
func (p *Partial[T]) partialSet(t *plan.Type, data []byte) { p.plan, p.data = t, data }
