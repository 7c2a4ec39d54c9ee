package codec_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// This package is in the bench module so that the peers it compares the
// codec with never enter the library's go.mod. It may import the root
// module's internal packages: Go's internal rule is by import path, and
// github.com/starling-http/starling/bench/codec is below
// github.com/starling-http/starling.

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
