package codec

import (
	"reflect"
	"strconv"
	"unsafe"

	"github.com/starling-http/starling/internal/plan"
)

// This file decodes the collections: slices, arrays and maps.

// slice decodes a JSON array into a new slice, allocated once at its exact length.
func (d *decoder) slice(n *node, r *plan.Rules, p unsafe.Pointer) {
	if !d.enter() {
		return
	}
	before := len(d.errs)
	capacity := d.countItems()
	base := unsafe_NewArray(n.elem.rtype, capacity)
	var er *plan.Rules
	if r != nil {
		er = r.Items
	}
	size := n.elem.size
	d.pos++
	d.ws()
	i := 0
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
	} else {
		for {
			if i >= capacity { // only for malformed input the count missed
				d.syntax(d.pos, "malformed array")
				return
			}
			d.pushIndex(i)
			d.value(n.elem, er, unsafe.Add(base, uintptr(i)*size))
			d.pop()
			i++
			if d.fatal || !d.next(']') {
				break
			}
		}
		if d.fatal {
			return
		}
	}
	d.depth--
	*(*sliceHeader)(p) = sliceHeader{data: base, len: i, cap: capacity}
	if r != nil {
		d.items(n, r, plan.Slice, base, i, len(d.errs) > before)
	}
}

// array decodes a JSON array of exactly n.t.Len items into the array at p.
func (d *decoder) array(n *node, r *plan.Rules, p unsafe.Pointer) {
	if !d.enter() {
		return
	}
	before := len(d.errs)
	var er *plan.Rules
	if r != nil {
		er = r.Items
	}
	size := n.elem.size
	d.pos++
	d.ws()
	i := 0
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
	} else {
		for {
			d.pushIndex(i)
			if i < n.t.Len {
				d.value(n.elem, er, unsafe.Add(p, uintptr(i)*size))
			} else {
				d.skip()
			}
			d.pop()
			i++
			if d.fatal || !d.next(']') {
				break
			}
		}
		if d.fatal {
			return
		}
	}
	d.depth--
	switch {
	case i < n.t.Len:
		d.violate("minItems", "expected exactly "+strconv.Itoa(n.t.Len)+" items, got "+strconv.Itoa(i), "")
	case i > n.t.Len:
		d.violate("maxItems", "expected exactly "+strconv.Itoa(n.t.Len)+" items, got "+strconv.Itoa(i), "")
	}
	if r != nil {
		d.items(n, r, plan.Array, p, min(i, n.t.Len), len(d.errs) > before)
	}
}

// items checks the count rules and uniqueItems of a decoded slice or array.
// An item that failed its own rules holds no decoded value, so uniqueness
// is judged only when every item decoded cleanly.
func (d *decoder) items(n *node, r *plan.Rules, k plan.Kind, base unsafe.Pointer, count int, itemsFailed bool) {
	if v := r.CheckCount(count, k); v != nil {
		d.checked(v, "")
	}
	if r.UniqueItems && !itemsFailed {
		if i, j, dup := duplicateItem(n.elem, base, count); dup {
			d.violate("uniqueItems", "items "+strconv.Itoa(i)+" and "+strconv.Itoa(j)+" are equal", "")
		}
	}
}

// mapping decodes a JSON object into a new map (through reflect: maps have
// no layout the codec may write to directly).
func (d *decoder) mapping(n *node, r *plan.Rules, p unsafe.Pointer) {
	if !d.enter() {
		return
	}
	var er *plan.Rules
	if r != nil {
		er = r.Items
	}
	m := reflect.MakeMap(n.typ)
	tmp := reflect.New(n.elem.typ).Elem()
	tp := tmp.Addr().UnsafePointer()
	key := reflect.New(n.keyType).Elem()
	d.pos++
	d.ws()
	count := 0
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
	} else {
		for {
			if d.pos >= len(d.data) || d.data[d.pos] != '"' {
				d.unexpected("property name")
				return
			}
			k, ok := d.readString()
			if !ok || !d.colon() {
				return
			}
			key.SetString(k)
			if m.MapIndex(key).IsValid() {
				d.violateAt(k, "duplicateKeys", "property given more than once")
				d.skip()
			} else {
				count++
				tmp.SetZero()
				d.pushName(k)
				d.value(n.elem, er, tp)
				d.pop()
				m.SetMapIndex(key, tmp)
			}
			if d.fatal || !d.next('}') {
				break
			}
		}
		if d.fatal {
			return
		}
	}
	d.depth--
	reflect.NewAt(n.typ, p).Elem().Set(m)
	if r != nil {
		if v := r.CheckCount(count, plan.Map); v != nil {
			d.checked(v, "")
		}
	}
}
