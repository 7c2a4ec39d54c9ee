package app

import "github.com/starling-http/starling/framework"

// missingRequired refuses, as the decoder would refuse a POST, a todo that
// a PATCH left without a required field of a nested object.
//
// framework.Partial[T] makes every field of every nested object optional (a
// list's items stay whole: a list is replaced, not merged). A top-level
// field left out keeps its stored value, and a nested object that exists is
// merged into, so both are fine; but a nested object the PATCH creates has
// nothing to fall back on: {"due": {"reminder": …}} on a todo with no due
// date would decode, and the todo would be stored breaking its own schema.
// The rule checked here is exactly the required one of Due.
func missingRequired(t *Todo) error {
	var vs []framework.Violation
	missing := func(pointer, location string) {
		vs = append(vs, framework.Violation{Location: location, Pointer: pointer, Rule: "required", Message: "missing required property"})
	}
	if t.Due != nil && t.Due.Date == "" {
		missing("/due/date", "body.due.date")
	}
	if len(vs) > 0 {
		return framework.ValidationError(vs...)
	}
	return nil
}
