package fakes

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/starling-http/starling/internal/plan"
)

// setPath stores val at the dotted path under v (of plan t).
func setPath(v reflect.Value, t *plan.Type, path string, val any) error {
	if path == "" {
		return assign(v, val)
	}
	seg, rest, _ := strings.Cut(path, ".")
	switch t.Kind {
	case plan.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem.Go))
		}
		return setPath(v.Elem(), t.Elem, path, val)
	case plan.Struct:
		f := findField(t, seg)
		if f == nil {
			return fmt.Errorf("%s has no field %q (by Go or wire name)", t.Go, seg)
		}
		return setPath(fieldOf(v, f.Index), f.Type, rest, val)
	case plan.Slice, plan.Array:
		i, err := strconv.Atoi(seg)
		if err != nil || i < 0 || i >= v.Len() {
			return fmt.Errorf("%q is not an index of the %d items of %s", seg, v.Len(), t.Go)
		}
		return setPath(v.Index(i), t.Elem, rest, val)
	case plan.Map:
		if v.IsNil() {
			v.Set(reflect.MakeMap(t.Go))
		}
		key := reflect.ValueOf(seg).Convert(t.Go.Key())
		item := reflect.New(t.Elem.Go).Elem()
		if old := v.MapIndex(key); old.IsValid() {
			item.Set(old)
		}
		if err := setPath(item, t.Elem, rest, val); err != nil {
			return err
		}
		v.SetMapIndex(key, item)
		return nil
	}
	return fmt.Errorf("cannot go into %s with %q", t.Go, seg)
}

// findField finds a struct field by Go name, then by wire name.
func findField(t *plan.Type, name string) *plan.Field {
	for _, f := range t.Fields {
		if f.GoName == name {
			return f
		}
	}
	for _, f := range t.Fields {
		if f.Wire == name {
			return f
		}
	}
	return nil
}

// assign stores val in v: as it is, through a pointer, or converted between
// numeric or string types.
func assign(v reflect.Value, val any) error {
	if val == nil {
		v.SetZero()
		return nil
	}
	x := reflect.ValueOf(val)
	switch {
	case x.Type().AssignableTo(v.Type()):
		v.Set(x)
	case v.Kind() == reflect.Pointer && x.Type().AssignableTo(v.Type().Elem()):
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(x)
		v.Set(p)
	case v.Kind() == reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := assign(p.Elem(), val); err != nil {
			return err
		}
		v.Set(p)
	case sameFamily(x.Kind(), v.Kind()) && x.Type().ConvertibleTo(v.Type()):
		v.Set(x.Convert(v.Type()))
	default:
		return fmt.Errorf("a %T cannot be stored in a %s", val, v.Type())
	}
	return nil
}

func sameFamily(a, b reflect.Kind) bool {
	family := func(k reflect.Kind) int {
		switch {
		case k >= reflect.Int && k <= reflect.Float64:
			return 1
		case k == reflect.String:
			return 2
		}
		return 0
	}
	return family(a) != 0 && family(a) == family(b)
}
