package fakes

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// loc is a place in a value: its JSON pointer, and how to change it in a
// copy of the root (map values are not addressable, so changes go through
// the whole path).
type loc struct {
	ptr    string
	mutate func(root reflect.Value, fn func(v reflect.Value))
	// guards are rules of enclosing values that a change here could break
	// (uniqueItems of the collections around it); each reports whether a
	// changed root still keeps them.
	guards []func(root reflect.Value) bool
}

var rootLoc = loc{mutate: func(root reflect.Value, fn func(reflect.Value)) { fn(root) }}

func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func (l loc) field(wire string, index []int) loc {
	return loc{guards: l.guards, ptr: l.ptr + "/" + escapePointer(wire), mutate: func(root reflect.Value, fn func(reflect.Value)) {
		l.mutate(root, func(v reflect.Value) { fn(fieldOf(v, index)) })
	}}
}

func (l loc) elem() loc {
	return loc{guards: l.guards, ptr: l.ptr, mutate: func(root reflect.Value, fn func(reflect.Value)) {
		l.mutate(root, func(v reflect.Value) {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			fn(v.Elem())
		})
	}}
}

func (l loc) index(i int) loc {
	return loc{guards: l.guards, ptr: l.ptr + "/" + strconv.Itoa(i), mutate: func(root reflect.Value, fn func(reflect.Value)) {
		l.mutate(root, func(v reflect.Value) { fn(v.Index(i)) })
	}}
}

func (l loc) key(k reflect.Value) loc {
	return loc{guards: l.guards, ptr: l.ptr + "/" + escapePointer(k.String()), mutate: func(root reflect.Value, fn func(reflect.Value)) {
		l.mutate(root, func(m reflect.Value) {
			item := reflect.New(m.Type().Elem()).Elem()
			item.Set(m.MapIndex(k))
			fn(item)
			m.SetMapIndex(k, item)
		})
	}}
}

// guarded returns l with one more guard.
func (l loc) guarded(g func(root reflect.Value) bool) loc {
	l.guards = append(slices.Clip(l.guards), g)
	return l
}

// pointerSegments splits an RFC 6901 pointer.
func pointerSegments(ptr string) []string {
	if ptr == "" {
		return nil
	}
	parts := strings.Split(ptr[1:], "/")
	for i, p := range parts {
		parts[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
	}
	return parts
}

// jsonAt returns the container holding ptr's value and its last segment;
// for the root it returns (nil, "").
func jsonAt(tree any, ptr string) (parent any, last string, ok bool) {
	segs := pointerSegments(ptr)
	if len(segs) == 0 {
		return nil, "", true
	}
	cur := tree
	for _, s := range segs[:len(segs)-1] {
		switch c := cur.(type) {
		case *object:
			v, found := c.get(s)
			if !found {
				return nil, "", false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(c) {
				return nil, "", false
			}
			cur = c[i]
		default:
			return nil, "", false
		}
	}
	return cur, segs[len(segs)-1], true
}

// jsonGet returns the value at ptr.
func jsonGet(tree any, ptr string) (any, bool) {
	parent, last, ok := jsonAt(tree, ptr)
	if !ok {
		return nil, false
	}
	if ptr == "" {
		return tree, true
	}
	switch c := parent.(type) {
	case *object:
		return c.get(last)
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i < 0 || i >= len(c) {
			return nil, false
		}
		return c[i], true
	}
	return nil, false
}

// jsonSet replaces (or adds, in an object) the value at ptr and returns the
// new tree (a new root when ptr is "").
func jsonSet(tree any, ptr string, val any) (any, bool) {
	if ptr == "" {
		return val, true
	}
	parent, last, ok := jsonAt(tree, ptr)
	if !ok {
		return tree, false
	}
	switch c := parent.(type) {
	case *object:
		c.set(last, val)
		return tree, true
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i < 0 || i >= len(c) {
			return tree, false
		}
		c[i] = val
		return tree, true
	}
	return tree, false
}

// jsonDel removes the property at ptr from its object.
func jsonDel(tree any, ptr string) bool {
	parent, last, ok := jsonAt(tree, ptr)
	if o, isObj := parent.(*object); ok && isObj {
		if _, found := o.get(last); found {
			o.del(last)
			return true
		}
	}
	return false
}

// deepCopy returns a copy of v that shares no pointers, slices or maps.
func deepCopy(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	copyInto(out, v)
	return out
}

func copyInto(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyInto(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			copyInto(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Array:
		for i := range src.Len() {
			copyInto(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			m.SetMapIndex(it.Key(), deepCopy(it.Value()))
		}
		dst.Set(m)
	case reflect.Struct:
		dst.Set(src) // unexported fields by value
		for i := range src.NumField() {
			if dst.Type().Field(i).IsExported() {
				copyInto(dst.Field(i), src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}
