package apitest

import (
	"regexp"
	"strings"

	"github.com/pb33f/libopenapi-validator/errors"
)

// branchStep finds the last anyOf/oneOf step of a keyword location.
var branchStep = regexp.MustCompile(`/(anyOf|oneOf)/(\d+)(?:/|$)`)

// closestBranches keeps, of the failures inside an anyOf or oneOf, those of
// the branch that came closest to matching: the one that got deepest into
// the value before failing. The value was compared with every branch, so
// the validator reports each branch's complaint, and the branches the
// value was never meant for ("got object, want null" for a nullable
// object) only mislead. Branches that tie are all kept.
func closestBranches(fs []*errors.SchemaValidationFailure) []*errors.SchemaValidationFailure {
	type branch struct {
		group string // keyword location up to the anyOf/oneOf keyword
		index string
	}
	branchOf := func(f *errors.SchemaValidationFailure) (branch, bool) {
		m := branchStep.FindAllStringSubmatchIndex(f.KeywordLocation, -1)
		if len(m) == 0 {
			return branch{}, false
		}
		// The outermost step decides: it is the one the value met first.
		first := m[0]
		return branch{f.KeywordLocation[:first[2]], f.KeywordLocation[first[4]:first[5]]}, true
	}
	depth := map[branch]int{}
	best := map[string]int{}
	for _, f := range fs {
		b, ok := branchOf(f)
		if !ok {
			continue
		}
		d := len(f.InstancePath)
		if f.Reason != "" && strings.HasPrefix(f.Reason, "got ") && strings.Contains(f.Reason, ", want ") {
			d-- // a type mismatch failed at the door: the branch matched nothing of the value
		}
		if cur, seen := depth[b]; !seen || d > cur {
			depth[b] = d
		}
	}
	if len(depth) == 0 {
		return fs
	}
	for b, d := range depth {
		if cur, seen := best[b.group]; !seen || d > cur {
			best[b.group] = d
		}
	}
	out := fs[:0:0]
	for _, f := range fs {
		if b, ok := branchOf(f); ok && depth[b] < best[b.group] {
			continue
		}
		out = append(out, f)
	}
	return out
}
