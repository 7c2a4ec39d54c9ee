package framework

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/starling-http/starling/internal/plan"
)

// A named Go type whose values a field's enum rule lists (type Status
// string, with validate:"enum=open|done") is one component under the Go
// type's name, {type, format, enum}, and every use is a $ref to it, with the
// use's other rules beside the $ref. Generators then make one type for it
// (Status), not one per field, request view and query parameter. Uses that
// list other values are a build error naming both: one Go type, one set of
// values.

// enumComponent reports whether a value of plan t under rules r is written
// as a $ref to an enum component.
func enumComponent(t *plan.Type, r *plan.Rules) bool {
	if len(r.Enum) == 0 || t.Name == "" || t.Go == nil || t.Go.PkgPath() == "" {
		return false
	}
	switch t.Kind {
	case plan.String, plan.Int, plan.Uint:
		return true
	}
	return false
}

// enumRef splits the inline schema full of a value of plan t into its enum
// component (type, format, enum) and returns the $ref with the rest.
func (s *schemaSet) enumRef(t *plan.Type, full *object) *object {
	comp, rest := obj(), obj().set("$ref", "#/components/schemas/"+t.Name)
	for i, k := range full.keys {
		switch k {
		case "type", "format", "enum":
			comp.set(k, full.vals[i])
		default:
			rest.set(k, full.vals[i])
		}
	}
	k := compKey{name: t.Name, goT: t.Go}
	js := marshalJSON(comp)
	if prev, ok := s.byName[t.Name]; ok {
		switch {
		case prev.key != k:
			s.errs = append(s.errs, fmt.Errorf("openapi: the component name %q is claimed by %s (first used by %s) and by the enum type %s: two types cannot share a name: rename one",
				t.Name, describeKey(prev.key), s.where[prev.key], describeKey(k)))
		case !bytes.Equal(prev.json, js):
			s.errs = append(s.errs, fmt.Errorf("openapi: the enum type %s is used with two value lists, %s and %s: one Go type is one component; give every use the same enum rule",
				describeKey(k), compact(prev.json), compact(js)))
		}
		return rest
	}
	s.byName[t.Name] = &component{name: t.Name, key: k, schema: comp, json: js}
	return rest
}

// compact is JSON on one line, for build errors.
func compact(js []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, js); err != nil {
		return string(js)
	}
	return b.String()
}
