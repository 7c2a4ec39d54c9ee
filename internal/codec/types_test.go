package codec_test

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// CreateUser is the users create body of the benchmarks.
type CreateUser struct {
	Email    string   `json:"email" validate:"required,format=email"`
	Password string   `json:"password" validate:"required,minLength=8,maxLength=72"`
	Name     string   `json:"name" validate:"required,minLength=1,maxLength=100"`
	Age      int      `json:"age" validate:"minimum=0,maximum=150"`
	Tags     []string `json:"tags" validate:"maxItems=10"`
}

// UserOut is the users response of the benchmarks.
type UserOut struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Age       int       `json:"age"`
	Tags      []string  `json:"tags"`
	CreatedAt time.Time `json:"created_at"`
}

type Address struct {
	Street string `json:"street" validate:"required,minLength=1"`
	Zip    string `json:"zip" validate:"required,minLength=5,maxLength=5"`
}

type Label string

type Base struct {
	Version int `json:"version"`
}

type Audit struct {
	By string `json:"by"`
}

// Everything has a field of every kind.
type Everything struct {
	B       bool              `json:"b"`
	I       int               `json:"i"`
	I8      int8              `json:"i8"`
	I16     int16             `json:"i16"`
	I32     int32             `json:"i32"`
	I64     int64             `json:"i64"`
	U       uint              `json:"u"`
	U8      uint8             `json:"u8"`
	U16     uint16            `json:"u16"`
	U32     uint32            `json:"u32"`
	U64     uint64            `json:"u64"`
	F32     float32           `json:"f32"`
	F64     float64           `json:"f64"`
	S       string            `json:"s"`
	Label   Label             `json:"label"`
	Bytes   []byte            `json:"bytes"`
	T       time.Time         `json:"t"`
	Raw     json.RawMessage   `json:"raw"`
	Ints    []int             `json:"ints"`
	Arr     [3]string         `json:"arr"`
	Map     map[string]int    `json:"map"`
	Ptr     *string           `json:"ptr"`
	PtrAddr *Address          `json:"ptr_addr"`
	Addr    Address           `json:"addr"`
	Addrs   []Address         `json:"addrs"`
	Matrix  [][]int           `json:"matrix"`
	IP      netip.Addr        `json:"ip"`
	Deep    map[string][]bool `json:"deep"`
	Base                      // flattened: "version"
	*Audit                    // flattened through a pointer: "by"
}

// Page is a generic wrapper as the framework returns for lists.
type Page[T any] struct {
	Items  []T    `json:"items"`
	Total  int    `json:"total"`
	Cursor string `json:"cursor,omitempty"`
}

// Tree nests itself.
type Tree struct {
	Name     string `json:"name"`
	Children []Tree `json:"children,omitempty"`
}

func compile[T any](tb testing.TB) *plan.Type {
	tb.Helper()
	p, err := plan.NewCompiler().Compile(reflect.TypeFor[T]())
	if err != nil {
		tb.Fatalf("compile %v: %v", reflect.TypeFor[T](), err)
	}
	if err := codec.Prepare(p); err != nil {
		tb.Fatalf("prepare %v: %v", reflect.TypeFor[T](), err)
	}
	return p
}

func compileDTO[T any](tb testing.TB, cfg plan.DTOConfig) *plan.Type {
	tb.Helper()
	p, err := plan.NewCompiler().CompileDTO(reflect.TypeFor[T](), cfg)
	if err != nil {
		tb.Fatalf("compile %v: %v", reflect.TypeFor[T](), err)
	}
	return p
}

// decode decodes body into a new T, returning the violations (nil when none).
func decode[T any](tb testing.TB, p *plan.Type, body string) (T, plan.Violations) {
	tb.Helper()
	var v T
	err := codec.Decode(p, []byte(body), unsafe.Pointer(&v))
	if err == nil {
		return v, nil
	}
	vs, ok := err.(plan.Violations)
	if !ok {
		tb.Fatalf("Decode returned %T %v, want plan.Violations", err, err)
	}
	if len(vs) == 0 {
		tb.Fatalf("Decode returned empty Violations")
	}
	return v, vs
}

func encode[T any](tb testing.TB, p *plan.Type, v T) string {
	tb.Helper()
	b, err := codec.Encode(nil, p, unsafe.Pointer(&v))
	if err != nil {
		tb.Fatalf("Encode: %v", err)
	}
	return string(b)
}

func reflectTypeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }
