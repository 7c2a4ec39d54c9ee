package codec_test

import (
	"reflect"
	"testing"

	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

type benchAddress struct {
	Street string `json:"street" validate:"maxLength=80"`
	Zip    string `json:"zip"`
}

type benchUser struct {
	ID      int64          `json:"id"`
	Email   string         `json:"email"`
	Tags    []string       `json:"tags"`
	Address benchAddress   `json:"address"`
	Friends []benchAddress `json:"friends"`
}

// BenchmarkPlanAndMarshal compiles a fresh plan and encodes with it, as every
// app built in a test does. Its cost per op must not grow with b.N: compiled
// nodes live with their plan, not in a process-wide map copied per plan.
// Compare -benchtime=1000x with -benchtime=3000x.
func BenchmarkPlanAndMarshal(b *testing.B) {
	v := benchUser{ID: 1, Email: "a@b.co", Tags: []string{"x"}}
	b.ReportAllocs()
	for b.Loop() {
		p, err := plan.Of(reflect.TypeFor[benchUser](), nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := codec.Marshal(p, &v); err != nil {
			b.Fatal(err)
		}
	}
}
