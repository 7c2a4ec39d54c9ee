package codec

import (
	"fmt"
	"reflect"
	"unsafe"

	"github.com/starling-http/starling/internal/plan"
)

// Marshal encodes v, a pointer to a value of t.Go, as a response would be.
func Marshal(t *plan.Type, v any) ([]byte, error) {
	ptr, err := pointerTo(t, v)
	if err != nil {
		return nil, err
	}
	return Encode(nil, t, ptr)
}

// Unmarshal decodes and validates data into v, a pointer to a value of t.Go,
// as a request body would be. data is copied first, so the caller keeps it.
// Broken rules are a plan.Violations error.
func Unmarshal(t *plan.Type, data []byte, v any) error {
	ptr, err := pointerTo(t, v)
	if err != nil {
		return err
	}
	return Decode(t, append([]byte(nil), data...), ptr)
}

func pointerTo(t *plan.Type, v any) (unsafe.Pointer, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Type().Elem() != t.Go {
		return nil, fmt.Errorf("codec: want a non-nil *%s, got %T", t.Go, v)
	}
	return rv.UnsafePointer(), nil
}
