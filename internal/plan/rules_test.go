package plan_test

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/starling-http/starling/internal/plan"
)

var (
	tString  = reflect.TypeFor[string]()
	tInt     = reflect.TypeFor[int]()
	tInt8    = reflect.TypeFor[int8]()
	tInt64   = reflect.TypeFor[int64]()
	tUint8   = reflect.TypeFor[uint8]()
	tUint64  = reflect.TypeFor[uint64]()
	tFloat32 = reflect.TypeFor[float32]()
	tFloat64 = reflect.TypeFor[float64]()
	tBool    = reflect.TypeFor[bool]()
	tSlice   = reflect.TypeFor[[]string]()
	tArray   = reflect.TypeFor[[3]int]()
	tMap     = reflect.TypeFor[map[string]int]()
	tPtrStr  = reflect.TypeFor[*string]()
	tTime    = reflect.TypeFor[time.Time]()
	tBytes   = reflect.TypeFor[[]byte]()
	tStruct  = reflect.TypeFor[Base]()
	tNested  = reflect.TypeFor[[][]int]()
)

func rulesFor(t *testing.T, typ reflect.Type, tag string) (plan.Rules, error) {
	t.Helper()
	p, err := plan.NewCompiler().Compile(typ)
	if err != nil {
		t.Fatalf("Compile(%v): %v", typ, err)
	}
	return plan.ParseRules(tag, p)
}

type count struct {
	n int
	k plan.Kind
}

func check(r *plan.Rules, v any) *plan.Violation {
	switch v := v.(type) {
	case string:
		return r.CheckString(v)
	case int64:
		return r.CheckInt(v)
	case int:
		return r.CheckInt(int64(v))
	case uint64:
		return r.CheckUint(v)
	case float64:
		return r.CheckFloat(v)
	case float32:
		return r.CheckFloat(float64(v))
	case bool:
		return r.CheckBool(v)
	case count:
		return r.CheckCount(v.n, v.k)
	case time.Time:
		return r.CheckTime(v)
	}
	panic("unexpected value type")
}

// TestRuleBoundaries checks each rule at its boundary and one past it.
func TestRuleBoundaries(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		tag  string
		pass []any
		fail []any
		rule string
	}{
		{tString, "minLength=3", []any{"abc", "日本語", "abcd"}, []any{"ab", "日本", ""}, "minLength"},
		{tString, "maxLength=3", []any{"abc", "日本語", ""}, []any{"abcd", "日本語x"}, "maxLength"},
		{tString, "minLength=0,maxLength=0", []any{""}, []any{"a"}, "maxLength"},
		{tPtrStr, "maxLength=2", []any{"ab"}, []any{"abc"}, "maxLength"},
		{tString, "pattern=^[a-z]+(,[a-z]+)*$", []any{"a,b", "abc"}, []any{"a,", "A"}, "pattern"},
		{tString, "pattern=b", []any{"abc"}, []any{"ac"}, "pattern"}, // unanchored, as in JSON Schema
		{tString, "format=email", []any{"a@b.co"}, []any{"a@"}, "format"},
		{tString, "format=uuid", []any{"123e4567-e89b-12d3-a456-426614174000"}, []any{"123e4567e89b12d3a456426614174000"}, "format"},
		{tString, "enum=red|green|blue", []any{"red", "blue"}, []any{"Red", "", "yellow"}, "enum"},
		{tString, "const=on", []any{"on"}, []any{"off"}, "const"},
		{tString, "enum=a b|c", []any{"a b"}, []any{"a"}, "enum"},
		{tInt, "minimum=-5", []any{-5, 0}, []any{-6}, "minimum"},
		{tInt, "maximum=100", []any{100, -1000}, []any{101}, "maximum"},
		{tInt, "exclusiveMinimum=0", []any{1}, []any{0, -1}, "exclusiveMinimum"},
		{tInt, "exclusiveMaximum=10", []any{9}, []any{10}, "exclusiveMaximum"},
		{tInt, "multipleOf=3", []any{0, 3, -3, 99}, []any{1, -4, 100}, "multipleOf"},
		{tInt, "enum=1|2|3", []any{1, 3}, []any{0, 4}, "enum"},
		{tInt, "const=7", []any{7}, []any{8}, "const"},
		{tInt64, "minimum=-9223372036854775808,maximum=9223372036854775807", []any{int64(math.MinInt64), int64(math.MaxInt64)}, nil, ""},
		{tInt64, "maximum=1e3", []any{int64(1000)}, []any{int64(1001)}, "maximum"},
		{tInt8, "minimum=-128,maximum=127", []any{-128, 127}, nil, ""},
		{tUint8, "maximum=200", []any{uint64(200)}, []any{uint64(201)}, "maximum"},
		{tUint8, "minimum=1", []any{uint64(1)}, []any{uint64(0)}, "minimum"},
		{tUint8, "exclusiveMinimum=1", []any{uint64(2)}, []any{uint64(1)}, "exclusiveMinimum"},
		{tUint8, "exclusiveMaximum=5", []any{uint64(4)}, []any{uint64(5)}, "exclusiveMaximum"},
		{tUint64, "maximum=18446744073709551615", []any{uint64(math.MaxUint64)}, nil, ""},
		{tUint64, "minimum=18446744073709551614", []any{uint64(math.MaxUint64)}, []any{uint64(math.MaxUint64 - 2)}, "minimum"},
		{tUint64, "multipleOf=10000000000000000000", []any{uint64(0), uint64(10000000000000000000)}, []any{uint64(5)}, "multipleOf"},
		{tUint64, "multipleOf=4", []any{uint64(8)}, []any{uint64(9)}, "multipleOf"},
		{tUint64, "enum=1|18446744073709551615", []any{uint64(math.MaxUint64)}, []any{uint64(2)}, "enum"},
		{tUint64, "const=3", []any{uint64(3)}, []any{uint64(4)}, "const"},
		{tFloat64, "minimum=0.5", []any{0.5, 1.0}, []any{0.49999}, "minimum"},
		{tFloat64, "maximum=-0.5", []any{-0.5}, []any{-0.49}, "maximum"},
		{tFloat64, "exclusiveMinimum=0", []any{1e-300}, []any{0.0, -1.0}, "exclusiveMinimum"},
		{tFloat64, "exclusiveMaximum=1.5", []any{1.4999}, []any{1.5}, "exclusiveMaximum"},
		{tFloat64, "multipleOf=0.1", []any{0.3, 0.7, 1e10, -0.2, 0.0}, []any{0.35, 0.01}, "multipleOf"},
		{tFloat64, "multipleOf=2.5", []any{7.5}, []any{7.0}, "multipleOf"},
		{tFloat64, "enum=0.5|1", []any{0.5, 1.0}, []any{0.25}, "enum"},
		{tFloat64, "const=2.5", []any{2.5}, []any{2.0}, "const"},
		{tFloat32, "maximum=0.1", []any{float32(0.1)}, []any{float32(0.11)}, "maximum"},
		{tFloat32, "enum=0.1|0.2", []any{float32(0.1)}, []any{float32(0.3)}, "enum"},
		{tBool, "const=true", []any{true}, []any{false}, "const"},
		{tBool, "enum=false", []any{false}, []any{true}, "enum"},
		{tSlice, "minItems=2", []any{count{2, plan.Slice}}, []any{count{1, plan.Slice}}, "minItems"},
		{tSlice, "maxItems=2", []any{count{2, plan.Slice}, count{0, plan.Slice}}, []any{count{3, plan.Slice}}, "maxItems"},
		{tArray, "minItems=3,maxItems=3", []any{count{3, plan.Array}}, nil, ""},
		{tMap, "minProperties=1", []any{count{1, plan.Map}}, []any{count{0, plan.Map}}, "minProperties"},
		{tMap, "maxProperties=1", []any{count{1, plan.Map}}, []any{count{2, plan.Map}}, "maxProperties"},
		{tStruct, "maxProperties=1", []any{count{1, plan.Struct}}, []any{count{2, plan.Struct}}, "maxProperties"},
		{tTime, "", []any{time.Now()}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String()+"/"+tt.tag, func(t *testing.T) {
			r, err := rulesFor(t, tt.typ, tt.tag)
			if err != nil {
				t.Fatalf("ParseRules: %v", err)
			}
			for _, v := range tt.pass {
				if bad := check(&r, v); bad != nil {
					t.Errorf("%v refused: %+v", v, bad)
				}
			}
			for _, v := range tt.fail {
				bad := check(&r, v)
				if bad == nil {
					t.Errorf("%v accepted", v)
					continue
				}
				if bad.Rule != tt.rule || bad.Offset != -1 || bad.Pointer != "" || bad.Message == "" {
					t.Errorf("%v: violation %+v, want rule %s", v, bad, tt.rule)
				}
			}
		})
	}
}

func TestViolationMessages(t *testing.T) {
	tests := []struct {
		typ   reflect.Type
		tag   string
		value any
		msg   string
		shown string
	}{
		{tString, "maxLength=100", strings.Repeat("x", 101), "must be at most 100 characters, got 101", strings.Repeat("x", 64) + "…"},
		{tString, "minLength=1", "", "must be at least 1 character, got 0", ""},
		{tString, "enum=a|b", "c", `must be one of "a", "b", got "c"`, "c"},
		{tString, "const=a", "b", `must be "a", got "b"`, "b"},
		{tString, "pattern=^a$", "b", "must match the pattern ^a$", "b"},
		{tString, "format=email", "nope", "must be a valid email address", "nope"},
		{tInt, "minimum=5", 4, "must be at least 5, got 4", "4"},
		{tInt, "maximum=5", 6, "must be at most 5, got 6", "6"},
		{tInt, "exclusiveMinimum=5", 5, "must be greater than 5, got 5", "5"},
		{tInt, "exclusiveMaximum=5", 5, "must be less than 5, got 5", "5"},
		{tInt, "multipleOf=3", 4, "must be a multiple of 3, got 4", "4"},
		{tInt, "enum=1|2", 3, "must be one of 1, 2, got 3", "3"},
		{tFloat64, "maximum=1.5", 2.25, "must be at most 1.5, got 2.25", "2.25"},
		{tBool, "const=true", false, "must be true, got false", "false"},
		{tSlice, "minItems=2", count{1, plan.Slice}, "must have at least 2 items, got 1", ""},
		{tSlice, "maxItems=1", count{2, plan.Slice}, "must have at most 1 item, got 2", ""},
		{tMap, "minProperties=2", count{1, plan.Map}, "must have at least 2 properties, got 1", ""},
	}
	for _, tt := range tests {
		r, err := rulesFor(t, tt.typ, tt.tag)
		if err != nil {
			t.Fatal(err)
		}
		bad := check(&r, tt.value)
		if bad == nil || bad.Message != tt.msg || bad.Value != tt.shown {
			t.Errorf("%s on %v: got %+v, want message %q value %q", tt.tag, tt.value, bad, tt.msg, tt.shown)
		}
	}
	// multi-byte values are cut at a rune boundary
	if got := plan.Truncate(strings.Repeat("é", 40)); !strings.HasSuffix(got, "…") || len(got) > plan.MaxValueLen+len("…") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("Truncate = %q", got)
	}
}

func TestParsedRules(t *testing.T) {
	r, err := rulesFor(t, tSlice, "required, minItems=1 ,maxItems=10,uniqueItems,dive,minLength=2,enum=ab|cd")
	if err != nil {
		t.Fatal(err)
	}
	if *r.MinItems != 1 || *r.MaxItems != 10 || !r.UniqueItems || r.Items == nil || *r.Items.MinLength != 2 || len(r.Items.Enum) != 2 {
		t.Fatalf("rules = %+v items %+v", r, r.Items)
	}
	if r.Items.Enum[1].Kind != plan.String || r.Items.Enum[1].String != "cd" || r.Items.Enum[1].Text != "cd" {
		t.Errorf("enum value %+v", r.Items.Enum[1])
	}
	n, err := rulesFor(t, tNested, "dive,maxItems=2,dive,maximum=9")
	if err != nil {
		t.Fatal(err)
	}
	if *n.Items.MaxItems != 2 || n.Items.Items.Maximum.Int != 9 {
		t.Fatalf("nested dive = %+v", n.Items)
	}
	m, err := rulesFor(t, tMap, "maxProperties=3,dive,minimum=1")
	if err != nil || m.Items.Minimum.Int != 1 {
		t.Fatalf("map dive = %+v, %v", m, err)
	}
	num, err := rulesFor(t, tFloat64, "minimum=-1.5e2,multipleOf=0.25")
	if err != nil || num.Minimum.Text != "-1.5e2" || num.Minimum.Float != -150 || !num.Minimum.IsInt || num.Minimum.Int != -150 || num.MultipleOf.IsInt {
		t.Fatalf("numbers = %+v %+v %v", num.Minimum, num.MultipleOf, err)
	}
	u, err := rulesFor(t, tUint64, "maximum=18446744073709551615")
	if err != nil || !u.Maximum.IsUint || u.Maximum.Uint != math.MaxUint64 || u.Maximum.IsInt {
		t.Fatalf("uint bound = %+v %v", u.Maximum, err)
	}
	p, err := rulesFor(t, tString, "format=date,pattern=^(a,b)$")
	if err != nil || p.Format != plan.FormatDate || p.Pattern.String() != "^(a,b)$" {
		t.Fatalf("pattern = %v %v", p.Pattern, err)
	}
	if !plan.HasRequired("minLength=1, required") || plan.HasRequired("dive,required") || plan.HasRequired("pattern=required") {
		t.Error("HasRequired")
	}
	if n, err := plan.ParseNumber("1e19"); err != nil || !n.IsUint || n.Uint != 1e19 {
		t.Errorf("ParseNumber = %+v %v", n, err)
	}
}

func TestRuleErrors(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		tag  string
		want string
	}{
		{tString, "minLen=3", `unknown rule "minLen"`},
		{tString, "min=3", "use minLength, minimum or minItems"},
		{tString, "email", "use format=email"},
		{tString, "oneof=a b", "use enum=a|b|c"},
		{tString, "minLength=abc", `"abc" is not a whole number`},
		{tString, "minLength=-1", "-1 is negative"},
		{tString, "maxLength=1.5", "not a whole number"},
		{tString, "minLength", "needs a value"},
		{tString, "uniqueItems=true", "takes no value"},
		{tString, "required=yes", "takes no value"},
		{tInt, "maxLength=3", "rule maxLength=3: does not apply to int (it is for strings)"},
		{tInt, "pattern=a", "does not apply to int"},
		{tInt, "format=email", "does not apply to int"},
		{tString, "minimum=1", "does not apply to string (it is for numbers)"},
		{tBytes, "maxLength=3", "does not apply to []uint8"},
		{tTime, "enum=a", "does not apply to time.Time"},
		{tTime, "const=a", "does not apply"},
		{tString, "minItems=1", "it is for slices and arrays"},
		{tInt, "dive,minimum=1", "it is for slices, arrays and maps"},
		{tMap, "uniqueItems", "does not apply"},
		{tSlice, "minProperties=1", "it is for maps and structs"},
		{tString, "minLength=5,maxLength=4", "minLength=5 is above maxLength=4"},
		{tSlice, "minItems=5,maxItems=4", "minItems=5 is above maxItems=4"},
		{tMap, "minProperties=2,maxProperties=1", "minProperties=2 is above maxProperties=1"},
		{tArray, "minItems=4", "always has 3 items"},
		{tArray, "maxItems=2", "always has 3 items"},
		{tInt, "minimum=5,maximum=4", "minimum=5 and maximum=4 leave no value allowed"},
		{tInt, "minimum=5,exclusiveMaximum=5", "leave no value"},
		{tInt, "exclusiveMinimum=4,exclusiveMaximum=5", "leave no value"},
		{tInt, "exclusiveMinimum=5,maximum=5", "leave no value"},
		{tFloat64, "exclusiveMinimum=1,maximum=1", "leave no value"},
		{tFloat64, "minimum=1,exclusiveMaximum=1", "leave no value"},
		{tFloat64, "minimum=2,maximum=1.5", "leave no value"},
		{tInt8, "maximum=300", "300 is outside the range of int8 (-128 to 127)"},
		{tInt8, "minimum=-129", "outside the range of int8"},
		{tUint8, "minimum=-1", "outside the range of uint8 (0 to 255)"},
		{tUint8, "enum=1|256", "outside the range of uint8"},
		{tInt64, "maximum=9223372036854775808", "outside the range of int64"},
		{tInt, "minimum=1.5", "1.5 is not an integer"},
		{tInt, "minimum=+1", `"+1" is not a JSON number`},
		{tInt, "minimum=0x10", "not a JSON number"},
		{tFloat64, "maximum=.5", "not a JSON number"},
		{tFloat64, "maximum=NaN", "not a JSON number"},
		{tFloat64, "maximum=1e400", "out of the range of a float64"},
		{tFloat32, "maximum=1e39", "out of the range of a float32"},
		{tInt, "multipleOf=0", "must be greater than 0"},
		{tFloat64, "multipleOf=-0.5", "must be greater than 0"},
		{tInt, "enum=1|x", `"x" is not a JSON number`},
		{tInt, "enum=1|1", "listed twice"},
		{tBool, "enum=yes", `"yes" is not a bool`},
		{tInt, "enum=", "needs at least one value"},
		{tInt, "enum=1|2,const=3", "const=3 is not one of the enum values"},
		{tString, "enum=a|bbb,maxLength=2", `enum value "bbb" breaks maxLength`},
		{tInt, "const=10,maximum=5", `const value "10" breaks maximum`},
		{tString, "format=phone", `unknown format "phone" (known: email, uri`},
		{tString, "pattern=(", "not a valid RE2 pattern"},
		{tString, "pattern=", "the pattern is empty"},
		{tString, "pattern=(?i)abc", "RE2-only syntax"},
		{tString, `pattern=\Aabc`, "RE2-only syntax"},
		{tString, "pattern=[[:alpha:]]", "RE2-only syntax"},
		{tString, "maxLength=3,maxLength=4", "rule maxLength appears twice"},
		{tString, "required,,maxLength=3", "empty rule"},
		{tSlice, "dive", "must be followed by the rules for each item"},
		{tSlice, "dive,required", "cannot follow dive"},
		{tSlice, "dive,minimum=1", "after dive: rule minimum=1: does not apply to string"},
		{tNested, "dive,dive,maxLength=1", "after dive: after dive: rule maxLength=1: does not apply to int"},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String()+"/"+tt.tag, func(t *testing.T) {
			_, err := rulesFor(t, tt.typ, tt.tag)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := plan.ParseRules("minimum=1", nil); err == nil {
		t.Error("nil type accepted")
	}
}

func BenchmarkCheckString(b *testing.B) {
	p, _ := plan.NewCompiler().Compile(tString)
	r, _ := plan.ParseRules("minLength=1,maxLength=100,format=email", p)
	b.ReportAllocs()
	for b.Loop() {
		if r.CheckString("alice@example.com") != nil {
			b.Fatal("refused")
		}
	}
}

func TestCheckUnique(t *testing.T) {
	r, _ := rulesFor(t, tSlice, "uniqueItems")
	if v := r.CheckUnique(reflect.ValueOf([]string{"a", "b"})); v != nil {
		t.Errorf("unique refused: %+v", v)
	}
	if v := r.CheckUnique(reflect.ValueOf([]string{"a", "b", "a"})); v == nil || v.Rule != "uniqueItems" || !strings.Contains(v.Message, "items 0 and 2") {
		t.Errorf("duplicate: %+v", v)
	}
	type pt struct{ X []int }
	if v := r.CheckUnique(reflect.ValueOf([]pt{{[]int{1}}, {[]int{2}}, {[]int{1}}})); v == nil {
		t.Error("duplicate structs accepted")
	}
	a, b := "x", "x"
	if v := r.CheckUnique(reflect.ValueOf([]*string{&a, &b})); v == nil {
		t.Error("pointers compared by address")
	}
	var none plan.Rules
	if none.CheckUnique(reflect.ValueOf([]int{1, 1})) != nil {
		t.Error("no uniqueItems rule, still refused")
	}
}

func TestViolationsError(t *testing.T) {
	if (plan.Violations{}).Error() != "no violations" {
		t.Error("empty")
	}
	vs := plan.Violations{{Pointer: "/email", Message: "must be a valid email address"}, {Pointer: "/age"}}
	if got := vs.Error(); got != "/email: must be a valid email address (and more)" {
		t.Errorf("Error() = %q", got)
	}
}
