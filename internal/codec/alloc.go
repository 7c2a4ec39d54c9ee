package codec

import (
	"reflect"
	"time"
	"unsafe"
)

// unsafe_NewArray allocates a zeroed array of n values of the type whose
// *abi.Type is rtype. It is the runtime's allocator behind reflect.MakeSlice,
// which the runtime keeps reachable by linkname for JSON codecs (go.dev/issue/67401);
// calling it directly saves the slice header that MakeSlice puts on the heap.
//
//go:linkname unsafe_NewArray reflect.unsafe_NewArray
//go:noescape
func unsafe_NewArray(rtype unsafe.Pointer, n int) unsafe.Pointer

// rtypeOf returns the *abi.Type inside a reflect.Type (its interface data word).
func rtypeOf(t reflect.Type) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1]
}

// sliceHeader is the memory layout of every Go slice.
type sliceHeader struct {
	data unsafe.Pointer
	len  int
	cap  int
}

var timeType = reflect.TypeFor[time.Time]()

// fieldPtr returns the address of f inside the struct at base. For a field
// promoted through embedded pointers it walks the index (reflect on the type
// only, unsafe on the memory), allocating nil embedded structs when alloc is
// true and returning nil for them otherwise.
func fieldPtr(n *node, f *field, base unsafe.Pointer, alloc bool) unsafe.Pointer {
	if !f.indirect {
		return unsafe.Add(base, f.offset)
	}
	t, p := n.typ, base
	for i, x := range f.index {
		if i > 0 && t.Kind() == reflect.Pointer {
			pp := (*unsafe.Pointer)(p)
			if *pp == nil {
				if !alloc {
					return nil
				}
				*pp = reflect.New(t.Elem()).UnsafePointer()
			}
			t, p = t.Elem(), *pp
		}
		sf := t.Field(x)
		t, p = sf.Type, unsafe.Add(p, sf.Offset)
	}
	return p
}
