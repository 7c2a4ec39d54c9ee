package codec_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// fuzzNested exercises nesting, pointers, maps, arrays and every scalar kind.
type fuzzNested struct {
	Name  string            `json:"name" validate:"maxLength=20"`
	Score float64           `json:"score"`
	Small float32           `json:"small"`
	Count *uint8            `json:"count"`
	N     int16             `json:"n" validate:"minimum=-1000"`
	When  time.Time         `json:"when"`
	Data  []byte            `json:"data"`
	Raw   json.RawMessage   `json:"raw"`
	Kids  []fuzzNested      `json:"kids" validate:"maxItems=4"`
	Attrs map[string][]int8 `json:"attrs" validate:"maxProperties=5"`
	Pair  [2]bool           `json:"pair"`
	Addr  *Address          `json:"addr"`
	Tags  []string          `json:"tags" validate:"uniqueItems"`
}

// FuzzDecode checks that decoding never panics or hangs, and that whatever
// decodes without violations encodes and decodes again to an equal value.
// createBody is a valid users create body, the fuzzers' first seed.
const createBody = `{"email":"a@b.co","password":"hunter22hunter","name":"Ann","age":31,"tags":["a","b"]}`

func FuzzDecode(f *testing.F) {
	f.Add([]byte(createBody))
	f.Add([]byte(`{"name":"a","kids":[{"name":"b","count":3}],"attrs":{"x":[1,-2]},"pair":[true,false]}`))
	users := compile[CreateUser](f)
	nested := compile[fuzzNested](f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRoundTrip[CreateUser](t, users, data)
		checkRoundTrip[fuzzNested](t, nested, data)
	})
}

func checkRoundTrip[T any](t *testing.T, p *plan.Type, data []byte) {
	var v T
	err := codec.Decode(p, data, unsafe.Pointer(&v))
	if err != nil {
		vs, ok := err.(plan.Violations)
		if !ok || len(vs) == 0 {
			t.Fatalf("Decode error %T %v", err, err)
		}
		for _, x := range vs {
			if x.Rule == "" || x.Message == "" {
				t.Fatalf("incomplete violation %+v", x)
			}
		}
		return
	}
	enc, err := codec.Encode(nil, p, unsafe.Pointer(&v))
	if err != nil {
		t.Fatalf("Encode of a decoded value: %v", err)
	}
	if !json.Valid(enc) {
		t.Fatalf("Encode produced invalid JSON: %s", enc)
	}
	var w T
	if err := codec.Decode(p, enc, unsafe.Pointer(&w)); err != nil {
		t.Fatalf("re-decode of %s: %v", enc, err)
	}
	// By design nil slices and maps encode as [] and {}, and a nil Raw as null.
	if diff := cmp.Diff(v, w, equateEmpty, equateRaw); diff != "" {
		t.Fatalf("round trip of %q via %s (-first +second):\n%s", data, enc, diff)
	}
}

func orNull(r json.RawMessage) json.RawMessage {
	if len(r) == 0 {
		return json.RawMessage("null")
	}
	return r
}

// equateEmpty treats nil and empty slices and maps (other than Raw) as equal.
var equateEmpty = cmp.FilterValues(func(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() == reflect.TypeFor[json.RawMessage]() || va.Type() != vb.Type() {
		return false
	}
	k := va.Kind()
	return (k == reflect.Slice || k == reflect.Map) && va.Len() == 0 && vb.Len() == 0
}, cmp.Comparer(func(a, b any) bool { return true }))

// equateRaw treats a nil Raw value as null.
var equateRaw = cmp.FilterPath(func(p cmp.Path) bool {
	return p.Last().Type() == reflect.TypeFor[json.RawMessage]()
}, cmp.Comparer(func(a, b json.RawMessage) bool { return string(orNull(a)) == string(orNull(b)) }))
