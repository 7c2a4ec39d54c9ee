package codec_test

import (
	"encoding/json"
	"errors"
	"math"
	"net/netip"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

const everythingBody = `{
	"b": true, "i": -42, "i8": -128, "i16": 32767, "i32": -2147483648, "i64": 9223372036854775807,
	"u": 42, "u8": 255, "u16": 65535, "u32": 4294967295, "u64": 18446744073709551615,
	"f32": 1.5, "f64": -2.5e-10, "s": "h\u00e9llo \"w\"\n\ud83d\ude00", "label": "x",
	"bytes": "aGVsbG8=", "t": "2024-02-29T12:34:56.789+02:00", "raw": {"any": [1, "two", null]},
	"ints": [1, 2, 3], "arr": ["a", "b", "c"], "map": {"one": 1, "two": 2},
	"ptr": "p", "ptr_addr": {"street": "Main", "zip": "12345"},
	"addr": {"street": "Side", "zip": "54321"}, "addrs": [{"street": "A", "zip": "11111"}],
	"matrix": [[1], [], [2, 3]], "ip": "192.0.2.1", "deep": {"k": [true, false]},
	"version": 7, "by": "ann"
}`

func everythingWant() Everything {
	p := "p"
	return Everything{
		B: true, I: -42, I8: -128, I16: 32767, I32: math.MinInt32, I64: math.MaxInt64,
		U: 42, U8: 255, U16: 65535, U32: math.MaxUint32, U64: math.MaxUint64,
		F32: 1.5, F64: -2.5e-10, S: "héllo \"w\"\n😀", Label: "x",
		Bytes: []byte("hello"), T: time.Date(2024, 2, 29, 12, 34, 56, 789e6, time.FixedZone("", 7200)),
		Raw: json.RawMessage(`{"any": [1, "two", null]}`), Ints: []int{1, 2, 3}, Arr: [3]string{"a", "b", "c"},
		Map: map[string]int{"one": 1, "two": 2}, Ptr: &p, PtrAddr: &Address{"Main", "12345"},
		Addr: Address{"Side", "54321"}, Addrs: []Address{{"A", "11111"}}, Matrix: [][]int{{1}, {}, {2, 3}},
		IP: netip.MustParseAddr("192.0.2.1"), Deep: map[string][]bool{"k": {true, false}},
		Base: Base{Version: 7}, Audit: &Audit{By: "ann"},
	}
}

var cmpOpts = cmp.Options{cmp.Comparer(func(a, b netip.Addr) bool { return a == b })}

func TestDecodeEveryKind(t *testing.T) {
	p := compile[Everything](t)
	got, vs := decode[Everything](t, p, everythingBody)
	if vs != nil {
		t.Fatalf("violations: %+v", vs)
	}
	if diff := cmp.Diff(everythingWant(), got, cmpOpts); diff != "" {
		t.Fatalf("decoded value (-want +got):\n%s", diff)
	}
}

type violation struct{ Pointer, Rule string }

func pairs(vs plan.Violations) []violation {
	var out []violation
	for _, v := range vs {
		out = append(out, violation{v.Pointer, v.Rule})
	}
	return out
}

func TestDecodeViolations(t *testing.T) {
	type Strict struct {
		Name string             `json:"name" validate:"required"`
		Age  int8               `json:"age"`
		N    uint16             `json:"n"`
		F    float32            `json:"f"`
		Tags []string           `json:"tags" validate:"maxItems=2,uniqueItems,dive,maxLength=3"`
		Addr *Address           `json:"addr"`
		Set  [2]int             `json:"set"`
		M    map[string]Address `json:"m"`
		T    time.Time          `json:"t"`
		B    []byte             `json:"b"`
		IP   netip.Addr         `json:"ip"`
		Odd  string             `json:"a/b~c"`
	}
	p := compile[Strict](t)
	tests := []struct {
		name, body string
		want       []violation
	}{
		{"ok", `{"name":"x"}`, nil},
		{"required", `{}`, []violation{{"/name", "required"}}},
		{"type string", `{"name":1}`, []violation{{"/name", "type"}}},
		{"null non-pointer", `{"name":null}`, []violation{{"/name", "type"}}},
		{"null slice", `{"name":"x","tags":null}`, []violation{{"/tags", "type"}}},
		{"int overflow", `{"name":"x","age":128}`, []violation{{"/age", "maximum"}}},
		{"int underflow", `{"name":"x","age":-129}`, []violation{{"/age", "minimum"}}},
		{"int huge", `{"name":"x","age":1e400}`, []violation{{"/age", "maximum"}}},
		{"int huge exponent", `{"name":"x","age":1e999999999999999999}`, []violation{{"/age", "maximum"}}},
		{"int tiny exponent", `{"name":"x","age":1e-999999999999999999}`, []violation{{"/age", "type"}}},
		{"int fraction", `{"name":"x","age":1.5}`, []violation{{"/age", "type"}}},
		{"int integral fraction ok", `{"name":"x","age":1.0e1}`, nil},
		{"uint negative", `{"name":"x","n":-1}`, []violation{{"/n", "minimum"}}},
		{"uint overflow", `{"name":"x","n":65536}`, []violation{{"/n", "maximum"}}},
		{"float32 overflow", `{"name":"x","f":1e39}`, []violation{{"/f", "maximum"}}},
		{"float32 neg overflow", `{"name":"x","f":-1e39}`, []violation{{"/f", "minimum"}}},
		{"item rule", `{"name":"x","tags":["ok","long!"]}`, []violation{{"/tags/1", "maxLength"}}},
		{"max items", `{"name":"x","tags":["a","b","c"]}`, []violation{{"/tags", "maxItems"}}},
		{"unique items", `{"name":"x","tags":["a","a"]}`, []violation{{"/tags", "uniqueItems"}}},
		{"nested", `{"name":"x","addr":{"zip":"1"}}`, []violation{{"/addr/zip", "minLength"}, {"/addr/street", "required"}}},
		{"pointer null ok", `{"name":"x","addr":null}`, nil},
		{"array short", `{"name":"x","set":[1]}`, []violation{{"/set", "minItems"}}},
		{"array long", `{"name":"x","set":[1,2,3]}`, []violation{{"/set", "maxItems"}}},
		{"map item", `{"name":"x","m":{"k/1":{"street":"s","zip":"1"}}}`, []violation{{"/m/k~11/zip", "minLength"}}},
		{"map duplicate", `{"name":"x","m":{"a":{"street":"s","zip":"12345"},"a":{}}}`, []violation{{"/m/a", "duplicateKeys"}}},
		{"duplicate", `{"name":"x","name":"y"}`, []violation{{"/name", "duplicateKeys"}}},
		{"time format", `{"name":"x","t":"yesterday"}`, []violation{{"/t", "format"}}},
		{"bytes", `{"name":"x","b":"!!"}`, []violation{{"/b", "contentEncoding"}}},
		{"text", `{"name":"x","ip":"999.1.1.1"}`, []violation{{"/ip", "format"}}},
		{"escaped pointer", `{"name":"x","a/b~c":7}`, []violation{{"/a~1b~0c", "type"}}},
		{"wrong top type", `[]`, []violation{{"", "type"}}},
		{"all at once", `{"age":300,"tags":[1,"toolong"],"addr":{"street":""},"t":1}`, []violation{
			{"/age", "maximum"}, {"/tags/0", "type"}, {"/tags/1", "maxLength"},
			{"/addr/street", "minLength"}, {"/addr/zip", "required"}, {"/t", "type"}, {"/name", "required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, vs := decode[Strict](t, p, tt.body)
			if diff := cmp.Diff(tt.want, pairs(vs)); diff != "" {
				t.Errorf("violations (-want +got):\n%s\nall: %+v", diff, vs)
			}
			for _, v := range vs {
				if v.Message == "" || v.Offset != -1 {
					t.Errorf("violation %+v: want a message and Offset -1", v)
				}
			}
		})
	}
}

func TestDecodeUnknownReadOnlyWriteOnly(t *testing.T) {
	type Account struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		Password string `json:"password" validate:"minLength=8"`
	}
	cfg := plan.DTOConfig{ReadOnly: []string{"ID"}, WriteOnly: []string{"Password"}, ForbidUnknown: true}
	p := compileDTO[Account](t, cfg)
	got, vs := decode[Account](t, p, `{"id":1,"name":"a","extra":{"x":[1]},"password":"short","x/y":2}`)
	want := []violation{{"/id", "readOnly"}, {"/extra", "additionalProperties"}, {"/password", "minLength"}, {"/x~1y", "additionalProperties"}}
	if diff := cmp.Diff(want, pairs(vs)); diff != "" {
		t.Fatalf("violations (-want +got):\n%s", diff)
	}
	if vs[2].Value != "" {
		t.Errorf("write-only value echoed: %q", vs[2].Value)
	}
	if got.ID != 0 {
		t.Errorf("read-only field written: %d", got.ID)
	}
	// Ignored unknown properties are still syntax-checked.
	lax := compile[Account](t)
	if _, vs := decode[Account](t, lax, `{"extra":{"x":[1,]}}`); len(vs) != 1 || vs[0].Rule != "syntax" {
		t.Fatalf("want a syntax error inside an ignored property, got %+v", vs)
	}
	if _, vs := decode[Account](t, lax, `{"extra":{"x":[1, {"deep": null}]},"name":"a"}`); vs != nil {
		t.Fatalf("unknown property not ignored: %+v", vs)
	}
	// Encoding leaves the write-only field out.
	if s := encode(t, p, Account{ID: 1, Name: "a", Password: "secret"}); s != `{"id":1,"name":"a"}` {
		t.Fatalf("encode = %s", s)
	}
}

func TestDecodeSyntax(t *testing.T) {
	p := compile[CreateUser](t)
	tests := []struct {
		body   string
		offset int
	}{
		{``, 0},
		{`   `, 3},
		{`{`, 1},
		{`{"email"}`, 8},
		{`{"email":"a",}`, 13},
		{`{"email":"a"} x`, 14},
		{`{"email":"a"}{}`, 13},
		{`{"tags":["a" "b"]}`, 13},
		{`{"email":"a` + "\x00" + `"}`, 11},
		{`{"email":"a` + "\n" + `"}`, 11},
		{`{"email":"a` + "\xff" + `"}`, 11},
		{`{"email":"\ud800"}`, 10},
		{`{"email":"\udc00\ud800"}`, 10},
		{`{"email":"\x"}`, 10},
		{`{"age":01}`, 8},
		{`{"age":-}`, 8},
		{`{"age":1.}`, 9},
		{`{"age":1e}`, 9},
		{`{"age":tru}`, 10},
		{`{"age":nul}`, 10},
		{`{"name":"\u12"}`, 9},
		{`{'email':1}`, 1},
		{"\xef\xbb\xbf{}", 0},
	}
	for _, tt := range tests {
		_, vs := decode[CreateUser](t, p, tt.body)
		if len(vs) != 1 || vs[0].Rule != "syntax" || vs[0].Offset != tt.offset {
			t.Errorf("%q: got %+v, want one syntax error at offset %d", tt.body, vs, tt.offset)
		}
	}
	// A syntax error replaces earlier violations and carries the pointer where known.
	_, vs := decode[CreateUser](t, p, `{"age":-1,"tags":["a",x]}`)
	if len(vs) != 1 || vs[0].Rule != "syntax" || vs[0].Pointer != "/tags/1" {
		t.Errorf("got %+v, want one syntax error at /tags/1", vs)
	}
}

func TestDecodeMaxDepth(t *testing.T) {
	p := compile[Tree](t)
	for _, body := range []string{
		strings.Repeat(`{"children":[`, 100000),
		strings.Repeat(`[`, 100000),
		`{"name":"x","extra":` + strings.Repeat(`[`, 100000) + strings.Repeat(`]`, 100000) + `}`,
	} {
		start := time.Now()
		_, vs := decode[Tree](t, p, body)
		if len(vs) != 1 || (vs[0].Rule != "maxDepth" && vs[0].Rule != "type") {
			t.Errorf("got %+v, want one maxDepth violation", vs)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %v", d)
		}
	}
	// Within the limit is fine; the plan's own MaxDepth applies.
	ok := strings.Repeat(`{"children":[`, 20) + `{}` + strings.Repeat(`]}`, 20)
	if _, vs := decode[Tree](t, p, ok); vs != nil {
		t.Errorf("depth 41: %+v", vs)
	}
	shallow := compileDTO[Tree](t, plan.DTOConfig{MaxDepth: 5})
	if _, vs := decode[Tree](t, shallow, ok); len(vs) != 1 || vs[0].Rule != "maxDepth" {
		t.Errorf("MaxDepth 5: %+v", vs)
	}
}

func TestDecodePartial(t *testing.T) {
	type Patch struct {
		Name  string   `json:"name" validate:"required"`
		Email *string  `json:"email"`
		Tags  []string `json:"tags"`
		Age   int      `json:"age"`
	}
	p := compileDTO[Patch](t, plan.DTOConfig{Partial: true})
	email := "a@b.co"
	v := Patch{Name: "Ann", Email: &email, Tags: []string{"x"}, Age: 30}
	old := v.Tags
	if err := codec.Decode(p, []byte(`{"email":null,"tags":["y","z"]}`), unsafe.Pointer(&v)); err != nil {
		t.Fatal(err)
	}
	want := Patch{Name: "Ann", Email: nil, Tags: []string{"y", "z"}, Age: 30}
	if diff := cmp.Diff(want, v); diff != "" {
		t.Fatalf("patched (-want +got):\n%s", diff)
	}
	if old[0] != "x" {
		t.Fatalf("old slice reused")
	}
}

func TestDecodeAliasSafety(t *testing.T) {
	p := compile[Everything](t)
	data := []byte(everythingBody)
	var v Everything
	if err := codec.Decode(p, data, unsafe.Pointer(&v)); err != nil {
		t.Fatal(err)
	}
	// Escaped strings, bytes, raw values, slices and maps own their memory.
	for i := range data {
		if data[i] != '"' && data[i] != '\\' {
			data[i] = 'X'
		}
	}
	want := everythingWant()
	if v.S != want.S || string(v.Bytes) != "hello" || string(v.Raw) != string(want.Raw) || v.Ints[2] != 3 {
		t.Fatalf("decoded values changed with the input: %q %q %q", v.S, v.Bytes, v.Raw)
	}
}

func TestDecodeConcurrent(t *testing.T) {
	p := compile[Everything](t)
	u := compile[CreateUser](t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				got, vs := decode[Everything](t, p, everythingBody)
				if vs != nil || !cmp.Equal(got, everythingWant(), cmpOpts) {
					t.Error("concurrent decode differs")
					return
				}
				if _, vs := decode[CreateUser](t, u, `{"age":-1}`); len(vs) != 4 {
					t.Errorf("concurrent violations: %+v", vs)
					return
				}
				encode(t, p, got)
			}
		}()
	}
	wg.Wait()
}

func TestDecodeFirstUseConcurrent(t *testing.T) {
	// Plans compiled fresh and used by many goroutines at once (lazy compile).
	p, err := plan.NewCompiler().Compile(reflectTypeOf[Page[Tree]]())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, vs := decode[Page[Tree]](t, p, `{"items":[{"name":"a","children":[{"name":"b"}]}],"total":1}`)
			if vs != nil || got.Items[0].Children[0].Name != "b" {
				t.Errorf("got %+v %+v", got, vs)
			}
		}()
	}
	wg.Wait()
}

func TestDecodeReadOnlyNotRequired(t *testing.T) {
	type Item struct {
		ID   int64  `json:"id" validate:"required"`
		Name string `json:"name" validate:"required"`
	}
	p := compileDTO[Item](t, plan.DTOConfig{ReadOnly: []string{"ID"}})
	if _, vs := decode[Item](t, p, `{"name":"x"}`); vs != nil {
		t.Fatalf("read-only field required: %+v", vs)
	}
}

func TestUniqueItemsIgnoresItemsThatFailed(t *testing.T) {
	type T struct {
		Nums [3]int `json:"nums" validate:"uniqueItems"`
	}
	p, err := plan.NewCompiler().Compile(reflect.TypeFor[T]())
	if err != nil {
		t.Fatal(err)
	}
	var v T
	err = codec.Decode(p, []byte(`{"nums":["12",5,0]}`), unsafe.Pointer(&v))
	var vs plan.Violations
	if !errors.As(err, &vs) || len(vs) != 1 || vs[0].Rule != "type" || vs[0].Pointer != "/nums/0" {
		t.Fatalf("got %v, want only the type violation at /nums/0", err)
	}
}
