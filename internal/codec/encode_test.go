package codec_test

import (
	"encoding/json"
	"math"
	"net/netip"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/starling-http/starling/internal/codec"
)

func TestEncodeEveryKind(t *testing.T) {
	p := compile[Everything](t)
	got := encode(t, p, everythingWant())
	want := `{"b":true,"i":-42,"i8":-128,"i16":32767,"i32":-2147483648,"i64":9223372036854775807,` +
		`"u":42,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,` +
		`"f32":1.5,"f64":-2.5e-10,"s":"héllo \"w\"\n😀","label":"x",` +
		`"bytes":"aGVsbG8=","t":"2024-02-29T12:34:56.789+02:00","raw":{"any": [1, "two", null]},` +
		`"ints":[1,2,3],"arr":["a","b","c"],"map":{"one":1,"two":2},` +
		`"ptr":"p","ptr_addr":{"street":"Main","zip":"12345"},` +
		`"addr":{"street":"Side","zip":"54321"},"addrs":[{"street":"A","zip":"11111"}],` +
		`"matrix":[[1],[],[2,3]],"ip":"192.0.2.1","deep":{"k":[true,false]},"version":7,"by":"ann"}`
	if got != want {
		t.Fatalf("encode:\n got %s\nwant %s", got, want)
	}
	// encoding/json agrees on the value.
	var back Everything
	if err := json.Unmarshal([]byte(got), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(everythingWant(), back, cmpOpts); diff != "" {
		t.Fatalf("encoding/json reads back (-want +got):\n%s", diff)
	}
}

func TestEncodeZeroValues(t *testing.T) {
	p := compile[Everything](t)
	got := encode(t, p, Everything{})
	want := `{"b":false,"i":0,"i8":0,"i16":0,"i32":0,"i64":0,"u":0,"u8":0,"u16":0,"u32":0,"u64":0,` +
		`"f32":0,"f64":0,"s":"","label":"","bytes":"","t":"0001-01-01T00:00:00Z","raw":null,` +
		`"ints":[],"arr":["","",""],"map":{},"ptr":null,"ptr_addr":null,"addr":{"street":"","zip":""},` +
		`"addrs":[],"matrix":[],"ip":"","deep":{},"version":0}`
	if got != want {
		t.Fatalf("encode zero:\n got %s\nwant %s", got, want)
	}
}

func TestEncodeOmitEmpty(t *testing.T) {
	type O struct {
		S  string         `json:"s,omitempty"`
		I  int            `json:"i,omitempty"`
		P  *int           `json:"p,omitempty"`
		L  []int          `json:"l,omitempty"`
		M  map[string]int `json:"m,omitempty"`
		T  time.Time      `json:"t,omitzero"`
		A  Address        `json:"a,omitzero"`
		F  float64        `json:"f,omitempty"`
		B  bool           `json:"b,omitempty"`
		Al []int          `json:"al"`
	}
	p := compile[O](t)
	if got := encode(t, p, O{L: []int{}, M: map[string]int{}}); got != `{"al":[]}` {
		t.Errorf("empty: %s", got)
	}
	zero := 0
	got := encode(t, p, O{S: "s", I: 1, P: &zero, L: []int{0}, M: map[string]int{"b": 2, "a": 1},
		T: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC), A: Address{Zip: "1"}, F: 0.5, B: true})
	want := `{"s":"s","i":1,"p":0,"l":[0],"m":{"a":1,"b":2},"t":"2020-01-02T03:04:05Z","a":{"street":"","zip":"1"},"f":0.5,"b":true,"al":[]}`
	if got != want {
		t.Errorf("full:\n got %s\nwant %s", got, want)
	}
}

func TestEncodeScalars(t *testing.T) {
	fp := compile[float64](t)
	for _, tt := range []struct {
		f    float64
		want string
	}{{0, "0"}, {1, "1"}, {-1.5, "-1.5"}, {1e21, "1e+21"}, {1e20, "100000000000000000000"},
		{1e-7, "1e-7"}, {0.000001, "0.000001"}, {math.MaxFloat64, "1.7976931348623157e+308"}, {math.Copysign(0, -1), "-0"}} {
		if got := encode(t, fp, tt.f); got != tt.want {
			t.Errorf("float %v = %s, want %s", tt.f, got, tt.want)
		}
	}
	f32 := compile[float32](t)
	if got := encode(t, f32, float32(0.1)); got != "0.1" {
		t.Errorf("float32 0.1 = %s", got)
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := codec.Encode(nil, fp, unsafe.Pointer(&f)); err == nil {
			t.Errorf("%v encoded without error", f)
		}
	}
	sp := compile[string](t)
	for in, want := range map[string]string{
		"plain":             `"plain"`,
		"<a href='x'>&</a>": `"<a href='x'>&</a>"`,
		"\"\\/":             `"\"\\/"`,
		"\x00\x01\x1f\x7f":  `"\u0000\u0001\u001f` + "\x7f" + `"`,
		"\b\f\n\r\t":        `"\b\f\n\r\t"`,
		"bad\xffutf8\xc3":   `"bad\ufffdutf8\ufffd"`,
		"\u2028 é 😀":        "\"\u2028 é 😀\"",
	} {
		if got := encode(t, sp, in); got != want {
			t.Errorf("string %q = %s, want %s", in, got, want)
		}
	}
	tp := compile[time.Time](t)
	if _, err := codec.Encode(nil, tp, unsafe.Pointer(&time.Time{})); err != nil {
		t.Errorf("zero time: %v", err)
	}
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := codec.Encode(nil, tp, unsafe.Pointer(&far)); err == nil {
		t.Errorf("year 10000 encoded without error")
	}
	rp := compile[json.RawMessage](t)
	bad := json.RawMessage(`{"a":}`)
	if _, err := codec.Encode(nil, rp, unsafe.Pointer(&bad)); err == nil {
		t.Errorf("invalid raw encoded without error")
	}
}

func TestEncodeAppends(t *testing.T) {
	p := compile[[]netip.Addr](t)
	v := []netip.Addr{netip.MustParseAddr("::1")}
	got, err := codec.Encode([]byte("prefix:"), p, unsafe.Pointer(&v))
	if err != nil || string(got) != `prefix:["::1"]` {
		t.Fatalf("got %s, %v", got, err)
	}
}

func TestEncodeGenericPage(t *testing.T) {
	p := compile[Page[UserOut]](t)
	created := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	page := Page[UserOut]{Items: []UserOut{{ID: 1, Email: "a@b.co", Name: "Ann", Age: 31, Tags: []string{"a"}, CreatedAt: created}}, Total: 1}
	got := encode(t, p, page)
	want := `{"items":[{"id":1,"email":"a@b.co","name":"Ann","age":31,"tags":["a"],"created_at":"2024-05-06T07:08:09.123456789Z"}],"total":1}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	back, vs := decode[Page[UserOut]](t, p, got)
	if vs != nil {
		t.Fatal(vs)
	}
	if diff := cmp.Diff(page, back); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
}

func TestRoundTrip(t *testing.T) {
	p := compile[Everything](t)
	in := everythingWant()
	in.Raw = json.RawMessage(`[1,2]`)
	in.S = strings.Repeat("\x01ü\"\\", 10)
	out, vs := decode[Everything](t, p, encode(t, p, in))
	if vs != nil {
		t.Fatal(vs)
	}
	if diff := cmp.Diff(in, out, cmpOpts); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	tp := compile[Tree](t)
	tree := Tree{Name: "root", Children: []Tree{{Name: "a", Children: []Tree{{Name: "b"}}}, {Name: "c"}}}
	back, vs := decode[Tree](t, tp, encode(t, tp, tree))
	if vs != nil || !cmp.Equal(tree, back) {
		t.Fatalf("tree round trip: %+v %+v", back, vs)
	}
}
