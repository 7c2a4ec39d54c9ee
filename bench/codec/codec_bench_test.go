package codec_test

import (
	stdjson "encoding/json"
	"testing"
	"time"
	"unsafe"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-playground/validator/v10"
	goccy "github.com/goccy/go-json"
	"github.com/starling-http/starling/internal/codec"
)

const createBody = `{"email":"a@b.co","password":"hunter22hunter","name":"Ann","age":31,"tags":["a","b"]}`

// createUserV is CreateUser with go-playground/validator tags.
type createUserV struct {
	Email    string   `json:"email" validate:"required,email"`
	Password string   `json:"password" validate:"required,min=8,max=72"`
	Name     string   `json:"name" validate:"required,min=1,max=100"`
	Age      int      `json:"age" validate:"min=0,max=150"`
	Tags     []string `json:"tags" validate:"max=10"`
}

func BenchmarkDecode(b *testing.B) {
	data := []byte(createBody)
	b.Run("starling", func(b *testing.B) {
		p := compile[CreateUser](b)
		b.ReportAllocs()
		for b.Loop() {
			var u CreateUser
			if err := codec.Decode(p, data, unsafe.Pointer(&u)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var u CreateUser
			if err := stdjson.Unmarshal(data, &u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json+validator", func(b *testing.B) {
		v := validator.New(validator.WithRequiredStructEnabled())
		b.ReportAllocs()
		for b.Loop() {
			var u createUserV
			if err := stdjson.Unmarshal(data, &u); err != nil {
				b.Fatal(err)
			}
			if err := v.Struct(&u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("jsonv2", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var u CreateUser
			if err := jsonv2.Unmarshal(data, &u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("goccy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var u CreateUser
			if err := goccy.Unmarshal(data, &u); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func userOut() UserOut {
	return UserOut{ID: 1234567, Email: "a@b.co", Name: "Ann", Age: 31, Tags: []string{"a", "b"},
		CreatedAt: time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)}
}

func BenchmarkEncode(b *testing.B) {
	u := userOut()
	b.Run("starling", func(b *testing.B) {
		p := compile[UserOut](b)
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = codec.Encode(buf[:0], p, unsafe.Pointer(&u)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("starling_fresh", func(b *testing.B) {
		p := compile[UserOut](b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := codec.Encode(nil, p, unsafe.Pointer(&u)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := stdjson.Marshal(&u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("jsonv2", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := jsonv2.Marshal(&u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("goccy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := goccy.Marshal(&u); err != nil {
				b.Fatal(err)
			}
		}
	})
}
