package fakes

import (
	"reflect"

	"github.com/starling-http/starling/internal/plan"
)

// collection adds the count and uniqueness variants of a slice, array or map.
func (s *variantSet[T]) collection(t *plan.Type, r *plan.Rules, l loc, cur reflect.Value) {
	if t.Kind == plan.Array {
		s.array(t, r, l, cur)
		return
	}
	minRule, maxRule, minN, maxN := "minItems", "maxItems", r.MinItems, r.MaxItems
	if t.Kind == plan.Map {
		minRule, maxRule, minN, maxN = "minProperties", "maxProperties", r.MinProperties, r.MaxProperties
	}
	// sized makes a collection of exactly n valid items.
	sized := func(n int) (reflect.Value, bool) {
		rr := *r
		if t.Kind == plan.Map {
			rr.MinProperties, rr.MaxProperties = &n, &n
		} else {
			rr.MinItems, rr.MaxItems = &n, &n
		}
		v := reflect.New(t.Go).Elem()
		if s.g.value(t, &rr, "", v) != nil || v.Len() != n {
			return v, false
		}
		return v, true
	}
	emit := func(rule string, n int, valid, pair bool) {
		if n < 0 {
			return
		}
		v, ok := sized(n)
		if !ok {
			s.skip(l.ptr, rule)
			return
		}
		s.typed(l, t, rule, valid, pair, func(dst reflect.Value) { dst.Set(v) })
	}
	if minN != nil && *minN > 0 {
		emit(minRule, *minN, true, true)
		emit(minRule, *minN-1, false, true)
	}
	if maxN != nil {
		emit(maxRule, *maxN, true, true)
		emit(maxRule, *maxN+1, false, true)
	}
	if r.UniqueItems {
		n := 2
		if minN != nil {
			n = max(n, *minN)
		}
		if maxN != nil && n > *maxN {
			s.skip(l.ptr, "uniqueItems")
			return
		}
		v, ok := sized(n)
		if !ok {
			s.skip(l.ptr, "uniqueItems")
			return
		}
		v.Index(1).Set(deepCopy(v.Index(0)))
		s.typed(l, t, "uniqueItems", false, false, func(dst reflect.Value) { dst.Set(v) })
	}
}

// array adds the variants of a fixed-length array: one item too few or too
// many (only JSON can say those), and a duplicate under uniqueItems.
func (s *variantSet[T]) array(t *plan.Type, r *plan.Rules, l loc, cur reflect.Value) {
	if t.Len > 0 {
		s.raw(l.ptr, "minItems", false, func(body any) (any, bool) {
			items, ok := jsonGet(body, l.ptr)
			a, isArr := items.([]any)
			if !ok || !isArr {
				return body, false
			}
			return jsonSet(body, l.ptr, a[:len(a)-1])
		})
	}
	extra := reflect.New(t.Elem.Go).Elem()
	fresh := false
	for range breakAttempts {
		if s.g.value(t.Elem, r.Items, "", extra) != nil {
			break
		}
		fresh = true
		for i := range cur.Len() {
			if reflect.DeepEqual(cur.Index(i).Interface(), extra.Interface()) {
				fresh = false
			}
		}
		if fresh {
			break
		}
	}
	if fresh {
		item := tree(t.Elem, extra, true)
		s.raw(l.ptr, "maxItems", false, func(body any) (any, bool) {
			items, ok := jsonGet(body, l.ptr)
			a, isArr := items.([]any)
			if !ok || !isArr {
				return body, false
			}
			return jsonSet(body, l.ptr, append(a, item))
		})
	} else {
		s.skip(l.ptr, "maxItems")
	}
	if r.UniqueItems && t.Len >= 2 {
		s.typed(l, t, "uniqueItems", false, false, func(v reflect.Value) { v.Index(1).Set(deepCopy(v.Index(0))) })
	}
}
