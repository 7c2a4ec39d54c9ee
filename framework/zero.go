package framework

import (
	"fmt"

	"github.com/starling-http/starling/internal/plan"
)

// zeroValueErrors reports every field of a response plan that is always on
// the wire (no omitempty, not a pointer, not write-only) and whose zero value
// breaks the field's own rules. Such a field is required in the document,
// so a handler that leaves it unset answers what the document forbids;
// Go makes leaving it unset easy, so New refuses the declaration instead.
func zeroValueErrors(t *plan.Type) []error {
	var errs []error
	seen := map[*plan.Type]bool{}
	var walk func(t *plan.Type)
	walk = func(t *plan.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		walk(t.Elem)
		for _, f := range t.Fields {
			walk(f.Type)
			if f.OmitEmpty || f.WriteOnly {
				continue
			}
			v, zero := f.Rules.CheckZero(f.Type)
			if v == nil || !zeroChecked(v.Rule) {
				continue
			}
			errs = append(errs, fmt.Errorf("field %s.%s (%q) is in every response, and its zero value %s breaks its own rule %s (%s); "+
				"make it a pointer, add omitempty to its json tag, or %s",
				typeName(t), f.GoName, f.Wire, zero, v.Rule, v.Message, allowZero(v.Rule, zero)))
		}
	}
	walk(t)
	return errs
}

// zeroChecked says which rules a response field's zero value is held to.
// enum and const are closed sets a forgotten field silently falls out of;
// minLength, minimum, format, pattern and minItems are checked the same way
// for parameters, but on response fields they would refuse most models as
// written (an Email with format=email returned by value), so they wait for
// a decision on how those models should be declared.
func zeroChecked(rule string) bool { return rule == "enum" || rule == "const" }

// allowZero says how to let a rule accept the zero value.
func allowZero(rule, zero string) string {
	switch rule {
	case "enum":
		return "add " + zero + " to the enum (enum=|a|b for \"\")"
	case "const":
		return "drop const"
	case "minLength", "minItems", "minProperties":
		return "lower " + rule + " to 0"
	case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum":
		return "move " + rule + " so that " + zero + " is allowed"
	default:
		return "let " + rule + " accept " + zero
	}
}

func typeName(t *plan.Type) string {
	if t.Name != "" {
		return t.Name
	}
	return t.Go.String()
}
