package codec_test

import (
	stdjson "encoding/json"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/starling-http/starling/internal/codec"
)

// The users and todo bodies, one object and a list of about 1 MB, decoded
// (by Starling with its rules, by Starling without rules, by each peer) and
// encoded. Sub-benchmarks are body=NAME/lib=NAME, for benchstat -col /lib.

const todoBody = `{"id":0,"list_id":3,"title":"Buy milk","notes":"semi-skimmed, two litres",` +
	`"status":"open","priority":"high","due":{"date":"2026-12-24","reminder":"2026-12-23T18:00:00Z"},` +
	`"checklist":[{"text":"find a shop","done":true},{"text":"pay","done":false}],` +
	`"created_at":"2026-12-01T10:00:00Z","updated_at":"2026-12-01T10:00:00Z"}`

// list1MB repeats the JSON object one until the array is at least 1 MB.
func list1MB(one string) []byte {
	b := []byte{'['}
	for len(b) < 1<<20 {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, one...)
	}
	return append(b, ']')
}

func BenchmarkBodyDecode(b *testing.B) {
	b.Run("body=users", func(b *testing.B) { benchDecode[CreateUser, CreateUserPlain](b, []byte(createBody)) })
	b.Run("body=todo", func(b *testing.B) { benchDecode[Todo, TodoPlain](b, []byte(todoBody)) })
	b.Run("body=users_1MB", func(b *testing.B) { benchDecode[[]CreateUser, []CreateUserPlain](b, list1MB(createBody)) })
	b.Run("body=todo_1MB", func(b *testing.B) { benchDecode[[]Todo, []TodoPlain](b, list1MB(todoBody)) })
}

// benchDecode decodes data into V (Starling, with V's rules) and into P, V
// without rules (Starling and every peer).
func benchDecode[V, P any](b *testing.B, data []byte) {
	b.Run("lib=starling", func(b *testing.B) {
		p := compile[V](b)
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v V
			if err := codec.Decode(p, data, unsafe.Pointer(&v)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("lib=starling_norules", func(b *testing.B) {
		p := compile[P](b)
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v P
			if err := codec.Decode(p, data, unsafe.Pointer(&v)); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, pr := range peers() {
		b.Run("lib="+pr.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var v P
				if err := pr.unmarshal(data, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkBodyEncode(b *testing.B) {
	users := make([]UserOut, 0, 6000)
	todos := make([]TodoPlain, 0, 3000)
	var todo TodoPlain
	if err := stdjson.Unmarshal([]byte(todoBody), &todo); err != nil {
		b.Fatal(err)
	}
	for i := range cap(users) {
		u := userOut()
		u.ID, u.Name = int64(i), "user "+strconv.Itoa(i)
		users = append(users, u)
	}
	for i := range cap(todos) {
		t := todo
		t.ID, t.UpdatedAt = int64(i), t.UpdatedAt.Add(time.Duration(i)*time.Second)
		todos = append(todos, t)
	}
	b.Run("body=users", func(b *testing.B) { benchEncode(b, users[0]) })
	b.Run("body=todo", func(b *testing.B) { benchEncode(b, todos[0]) })
	b.Run("body=users_1MB", func(b *testing.B) { benchEncode(b, users) })
	b.Run("body=todo_1MB", func(b *testing.B) { benchEncode(b, todos) })
}

// benchEncode encodes v with Starling (into a reused buffer, as the
// framework does with its pooled buffers) and with every peer.
func benchEncode[T any](b *testing.B, v T) {
	b.Run("lib=starling", func(b *testing.B) {
		p := compile[T](b)
		buf, err := codec.Encode(nil, p, unsafe.Pointer(&v))
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(buf)))
		b.ReportAllocs()
		for b.Loop() {
			if buf, err = codec.Encode(buf[:0], p, unsafe.Pointer(&v)); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, pr := range peers() {
		b.Run("lib="+pr.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pr.marshal(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
