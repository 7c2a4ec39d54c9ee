package plan_test

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/starling-http/starling/internal/plan"
)

type Email string

type Status int

type Scalars struct {
	B    bool
	I    int
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	U    uint
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	F32  float32
	F64  float64
	S    string
	E    Email
	St   Status
	Bs   []byte
	T    time.Time
	Raw  json.RawMessage
	Sl   []string
	Ar   [3]int
	Ab   [4]byte
	M    map[string]int
	NM   map[Email]bool
	P    *string
	PP   **int
	Addr netip.Addr
}

func compile(t *testing.T, typ reflect.Type) *plan.Type {
	t.Helper()
	p, err := plan.NewCompiler().Compile(typ)
	if err != nil {
		t.Fatalf("Compile(%s): %v", typ, err)
	}
	return p
}

func field(t *testing.T, p *plan.Type, wire string) *plan.Field {
	t.Helper()
	for _, f := range p.Fields {
		if f.Wire == wire {
			return f
		}
	}
	var names []string
	for _, f := range p.Fields {
		names = append(names, f.Wire)
	}
	t.Fatalf("%s has no wire field %q (has %v)", p.Name, wire, names)
	return nil
}

func TestCompileKinds(t *testing.T) {
	p := compile(t, reflect.TypeFor[Scalars]())
	if p.Kind != plan.Struct || p.Name != "Scalars" || p.Go != reflect.TypeFor[Scalars]() {
		t.Fatalf("root = %v %q %v", p.Kind, p.Name, p.Go)
	}
	tests := []struct {
		wire string
		kind plan.Kind
		bits int
		name string
	}{
		{"B", plan.Bool, 0, ""},
		{"I", plan.Int, 64, ""},
		{"I8", plan.Int, 8, ""},
		{"I16", plan.Int, 16, ""},
		{"I32", plan.Int, 32, ""},
		{"I64", plan.Int, 64, ""},
		{"U", plan.Uint, 64, ""},
		{"U8", plan.Uint, 8, ""},
		{"U16", plan.Uint, 16, ""},
		{"U32", plan.Uint, 32, ""},
		{"U64", plan.Uint, 64, ""},
		{"F32", plan.Float, 32, ""},
		{"F64", plan.Float, 64, ""},
		{"S", plan.String, 0, ""},
		{"E", plan.String, 0, "Email"},
		{"St", plan.Int, 64, "Status"},
		{"Bs", plan.Bytes, 0, ""},
		{"T", plan.Time, 0, "Time"},
		{"Raw", plan.Raw, 0, "RawMessage"},
		{"Sl", plan.Slice, 0, ""},
		{"Ar", plan.Array, 0, ""},
		{"Ab", plan.Array, 0, ""},
		{"M", plan.Map, 0, ""},
		{"NM", plan.Map, 0, ""},
		{"P", plan.Pointer, 0, ""},
		{"PP", plan.Pointer, 0, ""},
		{"Addr", plan.Text, 0, "Addr"},
	}
	for _, tt := range tests {
		t.Run(tt.wire, func(t *testing.T) {
			f := field(t, p, tt.wire)
			if f.Type.Kind != tt.kind || f.Type.Bits != tt.bits || f.Type.Name != tt.name {
				t.Errorf("got kind %v bits %d name %q, want %v %d %q", f.Type.Kind, f.Type.Bits, f.Type.Name, tt.kind, tt.bits, tt.name)
			}
			sf, _ := reflect.TypeFor[Scalars]().FieldByName(tt.wire)
			if f.Type.Go != sf.Type {
				t.Errorf("Go = %v, want %v", f.Type.Go, sf.Type)
			}
		})
	}
	if e := field(t, p, "Sl").Type.Elem; e.Kind != plan.String {
		t.Errorf("Sl elem = %v", e.Kind)
	}
	if ar := field(t, p, "Ar").Type; ar.Len != 3 || ar.Elem.Kind != plan.Int {
		t.Errorf("Ar = len %d elem %v", ar.Len, ar.Elem.Kind)
	}
	if ab := field(t, p, "Ab").Type; ab.Elem.Kind != plan.Uint || ab.Elem.Bits != 8 {
		t.Errorf("[4]byte must be an array of uint8, got elem %v", ab.Elem.Kind)
	}
	if m := field(t, p, "NM").Type; m.Elem.Kind != plan.Bool {
		t.Errorf("NM elem = %v", m.Elem.Kind)
	}
	pp := field(t, p, "PP").Type
	if pp.Elem.Kind != plan.Pointer || pp.Elem.Elem.Kind != plan.Int {
		t.Errorf("**int = %v -> %v", pp.Elem.Kind, pp.Elem.Elem.Kind)
	}
	if ps := field(t, p, "P").Type; ps.Elem.Kind != plan.String {
		t.Errorf("*string elem = %v", ps.Elem.Kind)
	}
}

func TestKindString(t *testing.T) {
	if plan.Struct.String() != "struct" || plan.Text.String() != "text" || plan.Kind(200).String() != "kind(200)" {
		t.Error("Kind.String")
	}
}

type (
	WithIface   struct{ V any }
	WithChan    struct{ C chan int }
	WithFunc    struct{ F func() }
	WithComplex struct{ C complex128 }
	WithUnsafe  struct{ P unsafe.Pointer }
	WithUintptr struct{ U uintptr }
	CreateUser  struct {
		Name string
		Meta map[int]string
	}
	WithMarshaler struct{ J jsonOnly }
	WithTextHalf  struct{ T textHalf }
	WithStringOpt struct {
		N int `json:",string"`
	}
	WithBadTag struct {
		N int `json:"a\\b"`
	}
	Dup1     struct{ ID int }
	Dup2     struct{ ID int }
	WithDups struct {
		Dup1
		Dup2
	}
	Nested struct {
		Items []struct {
			Bad map[float64]int
		}
	}
	WithBadRule struct {
		Age int `validate:"maxLength=3"`
	}
	unexportedEmbed   struct{ X int }
	WithUnexportedPtr struct {
		*unexportedEmbed
	}
)

type jsonOnly struct{}

func (jsonOnly) MarshalJSON() ([]byte, error) { return []byte("{}"), nil }

type textHalf struct{}

func (textHalf) MarshalText() ([]byte, error) { return nil, nil }

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[WithIface](), "WithIface.V: interface {}: interfaces are not supported"},
		{reflect.TypeFor[WithChan](), "WithChan.C: chan int: chan is not supported"},
		{reflect.TypeFor[WithFunc](), "WithFunc.F: func(): func is not supported"},
		{reflect.TypeFor[WithComplex](), "WithComplex.C: complex128: complex128 is not supported"},
		{reflect.TypeFor[WithUnsafe](), "WithUnsafe.P: unsafe.Pointer: unsafe.Pointer is not supported"},
		{reflect.TypeFor[WithUintptr](), "WithUintptr.U: uintptr: uintptr is not supported"},
		{reflect.TypeFor[CreateUser](), "CreateUser.Meta: map[int]string: map keys must be strings"},
		{reflect.TypeFor[WithMarshaler](), "WithMarshaler.J: plan_test.jsonOnly: types with their own MarshalJSON"},
		{reflect.TypeFor[WithTextHalf](), "implements encoding.TextMarshaler but not encoding.TextUnmarshaler"},
		{reflect.TypeFor[WithStringOpt](), `WithStringOpt.N: the json tag option ",string" is not supported`},
		{reflect.TypeFor[WithBadTag](), `json tag name "a\\b" is not a valid JSON property name`},
		{reflect.TypeFor[WithDups](), `WithDups: fields Dup1.ID and Dup2.ID all map to the JSON property "ID" at the same depth`},
		{reflect.TypeFor[Nested](), "Nested.Items[].Bad: map[float64]int: map keys must be strings"},
		{reflect.TypeFor[WithBadRule](), `WithBadRule.Age: validate:"maxLength=3": rule maxLength=3: does not apply to int (it is for strings)`},
		{reflect.TypeFor[WithUnexportedPtr](), "embedded pointer to an unexported struct type"},
		{reflect.TypeFor[map[int]string](), "map[int]string: map[int]string: map keys must be strings"},
		{reflect.TypeFor[any](), "interfaces are not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			c := plan.NewCompiler()
			_, err := c.Compile(tt.typ)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			// a failed compile leaves nothing half-built behind
			if _, err2 := c.Compile(tt.typ); err2 == nil || err2.Error() != err.Error() {
				t.Fatalf("second compile: %v", err2)
			}
		})
	}
	if _, err := plan.NewCompiler().Compile(nil); err == nil {
		t.Error("nil type compiled")
	}
}

func TestJSONRawMessageInterfaceAllowed(t *testing.T) {
	type R struct {
		Any json.RawMessage `json:"any"`
	}
	if k := field(t, compile(t, reflect.TypeFor[R]()), "any").Type.Kind; k != plan.Raw {
		t.Fatalf("kind %v", k)
	}
}

type Tagged struct {
	Name     string `json:"name,omitempty" doc:"The display name."`
	Age      int    `json:"age,omitzero" validate:"required,minimum=0"`
	Skip     string `json:"-"`
	Dash     string `json:"-,"`
	Plain    string
	private  string //nolint:unused
	OnlyOpts string `json:",omitempty"`
}

func TestStructTags(t *testing.T) {
	p := compile(t, reflect.TypeFor[Tagged]())
	var wires []string
	for _, f := range p.Fields {
		wires = append(wires, f.Wire)
	}
	if got, want := strings.Join(wires, ","), "name,age,-,Plain,OnlyOpts"; got != want {
		t.Fatalf("wires = %s, want %s", got, want)
	}
	name := field(t, p, "name")
	if !name.OmitEmpty || name.Required || name.Description != "The display name." || name.GoName != "Name" {
		t.Errorf("name = %+v", name)
	}
	age := field(t, p, "age")
	if !age.OmitEmpty || !age.Required || age.Rules.Minimum == nil || age.Rules.Minimum.Int != 0 {
		t.Errorf("age = %+v", age)
	}
	if f := field(t, p, "OnlyOpts"); !f.OmitEmpty || f.GoName != "OnlyOpts" {
		t.Errorf("OnlyOpts = %+v", f)
	}
}

type Base struct {
	ID      int64  `json:"id"`
	Created string `json:"created"`
}

type Audit struct {
	By   string `json:"by"`
	Note string `json:"note"`
}

type Deep struct {
	Level int `json:"level"`
}

type Mid struct {
	Deep
	Tag string `json:"tag"`
}

type Article struct {
	Title string `json:"title"`
	Base
	*Audit
	Mid
	Note  string `json:"note"` // dominates Audit.Note (shallower)
	Named Base   `json:"named"`
	Inner Base   `json:"inner_base"`
}

func TestEmbeddedAndOffsets(t *testing.T) {
	p := compile(t, reflect.TypeFor[Article]())
	var a Article
	tests := []struct {
		wire     string
		index    []int
		offset   uintptr
		indirect bool
	}{
		{"title", []int{0}, unsafe.Offsetof(a.Title), false},
		{"id", []int{1, 0}, unsafe.Offsetof(a.Base) + unsafe.Offsetof(a.Base.ID), false},
		{"created", []int{1, 1}, unsafe.Offsetof(a.Base) + unsafe.Offsetof(a.Base.Created), false},
		{"by", []int{2, 0}, 0, true},
		{"level", []int{3, 0, 0}, unsafe.Offsetof(a.Mid) + unsafe.Offsetof(a.Mid.Deep) + unsafe.Offsetof(a.Mid.Deep.Level), false},
		{"tag", []int{3, 1}, unsafe.Offsetof(a.Mid) + unsafe.Offsetof(a.Mid.Tag), false},
		{"note", []int{4}, unsafe.Offsetof(a.Note), false},
		{"named", []int{5}, unsafe.Offsetof(a.Named), false},
		{"inner_base", []int{6}, unsafe.Offsetof(a.Inner), false},
	}
	if len(p.Fields) != len(tests) {
		t.Fatalf("%d fields, want %d", len(p.Fields), len(tests))
	}
	for i, tt := range tests {
		f := p.Fields[i]
		if f.Wire != tt.wire || !reflect.DeepEqual(f.Index, tt.index) || f.Offset != tt.offset || f.Indirect != tt.indirect {
			t.Errorf("field %d = %s %v off %d ind %v, want %s %v off %d ind %v",
				i, f.Wire, f.Index, f.Offset, f.Indirect, tt.wire, tt.index, tt.offset, tt.indirect)
		}
		// the index path reaches the same field reflect finds
		sf := reflect.TypeFor[Article]().FieldByIndex(f.Index)
		if sf.Name != f.GoName {
			t.Errorf("index %v is %s, field says %s", f.Index, sf.Name, f.GoName)
		}
	}
	if field(t, p, "named").Type.Kind != plan.Struct {
		t.Error("tagged embedded struct must be a nested object")
	}
}

type EmbeddedTagged struct {
	Base `json:"base"`
	Dup1
	Other struct {
		ID int `json:"ID"`
	} `json:"other"`
}

type TieTagged struct {
	A1
	A2
}
type A1 struct {
	ID int `json:"id"`
}
type A2 struct {
	ID int
}

func TestEmbeddingRules(t *testing.T) {
	p := compile(t, reflect.TypeFor[EmbeddedTagged]())
	if f := field(t, p, "base"); f.Type.Name != "Base" || len(f.Index) != 1 {
		t.Errorf("base = %+v", f)
	}
	field(t, p, "ID")
	// a tagged field wins a tie at the same depth, as in encoding/json
	q := compile(t, reflect.TypeFor[TieTagged]())
	if len(q.Fields) != 2 || field(t, q, "id").Index[0] != 0 || field(t, q, "ID").Index[0] != 1 {
		t.Errorf("tie fields = %v", q.Fields)
	}
}

type Node struct {
	Name     string `json:"name"`
	Children []Node `json:"children"`
	Parent   *Node  `json:"parent"`
	Links    map[string]*Node
}

type TreeA struct{ B *TreeB }
type TreeB struct{ A []TreeA }

func TestRecursive(t *testing.T) {
	p := compile(t, reflect.TypeFor[Node]())
	if field(t, p, "children").Type.Elem != p {
		t.Error("children elem is not the Node plan")
	}
	if field(t, p, "parent").Type.Elem != p {
		t.Error("parent elem is not the Node plan")
	}
	if field(t, p, "Links").Type.Elem.Elem != p {
		t.Error("links elem is not the Node plan")
	}
	a := compile(t, reflect.TypeFor[TreeA]())
	b := field(t, a, "B").Type.Elem
	if field(t, b, "A").Type.Elem != a {
		t.Error("mutual recursion not shared")
	}
}

func TestCompilerCaches(t *testing.T) {
	c := plan.NewCompiler()
	p1, _ := c.Compile(reflect.TypeFor[Article]())
	p2, _ := c.Compile(reflect.TypeFor[Article]())
	if p1 != p2 {
		t.Error("same type compiled twice")
	}
	b, _ := c.Compile(reflect.TypeFor[Base]())
	if field(t, p1, "named").Type != b {
		t.Error("nested Base not shared with top-level Base")
	}
}

type Page[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

type Pair[K comparable, V any] struct {
	K K
	V V
}

func TestTypeNames(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[Base](), "Base"},
		{reflect.TypeFor[Page[Base]](), "PageBase"},
		{reflect.TypeFor[Page[*Base]](), "PageBase"},
		{reflect.TypeFor[Page[[]Base]](), "PageBaseList"},
		{reflect.TypeFor[Page[map[string]int]](), "PageMapStringInt"},
		{reflect.TypeFor[Page[Page[Base]]](), "PagePageBase"},
		{reflect.TypeFor[Pair[string, int64]](), "PairStringInt64"},
		{reflect.TypeFor[Page[[2]string]](), "PageStringArray"},
		{reflect.TypeFor[[]Base](), ""},
		{reflect.TypeFor[struct{ A int }](), ""},
		{reflect.TypeFor[string](), ""},
		{reflect.TypeFor[Email](), "Email"},
	}
	for _, tt := range tests {
		if got := plan.TypeName(tt.typ); got != tt.want {
			t.Errorf("TypeName(%v) = %q, want %q", tt.typ, got, tt.want)
		}
	}
	if p := compile(t, reflect.TypeFor[Page[Base]]()); p.Name != "PageBase" {
		t.Errorf("plan name %q", p.Name)
	}
}

type Forest []Tree

type Tree struct {
	Name string  `json:"name" validate:"required,minLength=1"`
	Sub  Forest  `json:"sub" validate:"maxItems=2,dive,minProperties=1"`
	Up   *Tree   `json:"up" validate:"maxProperties=3"`
	Kids []*Tree `json:"kids" validate:"dive,minProperties=1"`
}

func TestRecursiveRules(t *testing.T) {
	p := compile(t, reflect.TypeFor[Tree]())
	sub := field(t, p, "sub")
	if sub.Type.Name != "Forest" || sub.Type.Elem != p || *sub.Rules.MaxItems != 2 || *sub.Rules.Items.MinProperties != 1 {
		t.Errorf("sub = %+v", sub)
	}
	if up := field(t, p, "up"); *up.Rules.MaxProperties != 3 || up.Type.Elem != p {
		t.Errorf("up = %+v", up)
	}
	if kids := field(t, p, "kids"); kids.Type.Elem.Elem != p || *kids.Rules.Items.MinProperties != 1 {
		t.Errorf("kids = %+v", kids)
	}
	if n := field(t, p, "name"); !n.Required || *n.Rules.MinLength != 1 {
		t.Errorf("name = %+v", n)
	}
}
