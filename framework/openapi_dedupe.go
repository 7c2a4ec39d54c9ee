package framework

import (
	"slices"
	"strings"
)

// Two component schemas of one Go type with one shape (a Partial DTO's
// nested item and the request view of the same item, say) would give every
// generator two identical types. mergeIdentical keeps one (origin names
// each component's Go type: two types that happen to look alike, Cat and
// Dog, stay two): the shortest name, then the
// first in order, so the choice depends only on the names. Examples are
// left out of the comparison (they are made per view); the kept
// component's example stays. It runs until nothing changes, since merging
// two components can make the ones that refer to them identical.
func mergeIdentical(schemas *object, origin func(name string) string, refsIn ...any) {
	const prefix = "#/components/schemas/"
	for {
		byShape := map[string][]string{}
		for i, name := range schemas.keys {
			s, ok := schemas.vals[i].(*object)
			if !ok {
				continue
			}
			shape := obj()
			for j, k := range s.keys {
				if k != "examples" {
					shape.set(k, s.vals[j])
				}
			}
			key := origin(name) + "\x00" + string(marshalJSON(shape))
			byShape[key] = append(byShape[key], name)
		}
		rename := map[string]string{}
		for _, names := range byShape {
			if len(names) < 2 {
				continue
			}
			keep := slices.MinFunc(names, func(a, b string) int {
				if len(a) != len(b) {
					return len(a) - len(b)
				}
				return strings.Compare(a, b)
			})
			for _, n := range names {
				if n != keep {
					rename[prefix+n] = prefix + keep
				}
			}
		}
		if len(rename) == 0 {
			return
		}
		kept := obj()
		for i, name := range schemas.keys {
			if _, gone := rename[prefix+name]; !gone {
				kept.set(name, schemas.vals[i])
			}
		}
		*schemas = *kept
		for _, v := range append([]any{schemas}, refsIn...) {
			rewriteRefs(v, rename)
		}
	}
}

// rewriteRefs replaces every $ref found in rename, in place.
func rewriteRefs(v any, rename map[string]string) {
	switch v := v.(type) {
	case *object:
		for i, k := range v.keys {
			if r, ok := v.vals[i].(string); ok && k == "$ref" {
				if to, ok := rename[r]; ok {
					v.vals[i] = to
				}
				continue
			}
			rewriteRefs(v.vals[i], rename)
		}
	case []any:
		for _, e := range v {
			rewriteRefs(e, rename)
		}
	}
}
