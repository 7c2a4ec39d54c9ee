package fakes

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/starling-http/starling/internal/plan"
)

// JSON returns the request body that sends v, by v's plan (or the DTO or
// Plan option): wire names, read-only fields left out, write-only fields
// written, nil optional pointers and empty omitempty fields left out. Use it
// to POST a made value whose plan has read-only or write-only fields, which
// a response encoder (or encoding/json) would write differently.
func JSON[T any](t testing.TB, v T, opts ...Option) []byte {
	t.Helper()
	p := mustPlan[T](t, newConfig(opts))
	return encode(tree(p, reflect.ValueOf(&v).Elem(), true))
}

// object is a JSON object that keeps its keys in order.
type object struct {
	keys []string
	vals []any
}

func (o *object) get(k string) (any, bool) {
	if i := slices.Index(o.keys, k); i >= 0 {
		return o.vals[i], true
	}
	return nil, false
}

func (o *object) set(k string, v any) {
	if i := slices.Index(o.keys, k); i >= 0 {
		o.vals[i] = v
		return
	}
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
}

func (o *object) del(k string) {
	if i := slices.Index(o.keys, k); i >= 0 {
		o.keys = slices.Delete(o.keys, i, i+1)
		o.vals = slices.Delete(o.vals, i, i+1)
	}
}

// number is a JSON number literal.
type number string

// tree turns v (of plan t) into a JSON tree of *object, []any, string,
// number, bool, nil and json.RawMessage, in the request view (read-only
// fields left out) or the response view (write-only fields left out).
func tree(t *plan.Type, v reflect.Value, request bool) any {
	switch t.Kind {
	case plan.Pointer:
		if v.IsNil() {
			return nil
		}
		return tree(t.Elem, v.Elem(), request)
	case plan.Bool:
		return v.Bool()
	case plan.Int, plan.Uint, plan.Float:
		return number(literal(t, v))
	case plan.String:
		return v.String()
	case plan.Text:
		b, err := v.Addr().Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			panic(fmt.Sprintf("fakes: %s.MarshalText: %v", t.Go, err))
		}
		return string(b)
	case plan.Bytes:
		return base64.StdEncoding.EncodeToString(v.Bytes())
	case plan.Time:
		return v.Interface().(time.Time).Format(time.RFC3339Nano)
	case plan.Raw:
		if v.Len() == 0 {
			return nil
		}
		return json.RawMessage(v.Bytes())
	case plan.Slice, plan.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = tree(t.Elem, v.Index(i), request)
		}
		return out
	case plan.Map:
		o := &object{}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys)
		for _, k := range keys {
			o.set(k, tree(t.Elem, v.MapIndex(reflect.ValueOf(k).Convert(t.Go.Key())), request))
		}
		return o
	case plan.Struct:
		return requestObjectView(t, v, request)
	}
	panic(fmt.Sprintf("fakes: cannot encode kind %s", t.Kind))
}

// requestObject is the request view of struct v.
func requestObject(t *plan.Type, v reflect.Value) *object { return requestObjectView(t, v, true) }

func requestObjectView(t *plan.Type, v reflect.Value, request bool) *object {
	o := &object{}
	for _, f := range t.Fields {
		if request && f.ReadOnly || !request && f.WriteOnly {
			continue
		}
		fv, ok := fieldIfSet(v, f.Index)
		if !ok {
			continue // behind a nil embedded pointer
		}
		if f.OmitEmpty && fv.IsZero() || request && !f.Required && f.Type.Kind == plan.Pointer && fv.IsNil() {
			continue
		}
		o.set(f.Wire, tree(f.Type, fv, request))
	}
	return o
}

// fieldIfSet returns the field at index, false when a nil embedded pointer
// hides it.
func fieldIfSet(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// encode writes a JSON tree compactly, without HTML escaping.
func encode(v any) []byte {
	var b bytes.Buffer
	write(&b, v)
	return b.Bytes()
}

func write(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case number:
		b.WriteString(string(v))
	case string:
		writeString(b, v)
	case json.RawMessage:
		b.Write(v)
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			write(b, x)
		}
		b.WriteByte(']')
	case *object:
		b.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			write(b, v.vals[i])
		}
		b.WriteByte('}')
	default:
		panic(fmt.Sprintf("fakes: cannot write %T", v))
	}
}

// writeString writes s as a JSON string without HTML escaping.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}
