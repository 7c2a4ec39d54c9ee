package apitest

import (
	"fmt"
	"strings"
)

// Exemption excuses one documented response from RequireAll: an operation
// (by operationId, or "METHOD /path" when it has none) and a status as the
// document writes it ("404", "4XX", "default"), with the reason no test
// reaches it. Make one with Exempt.
type Exemption struct {
	Operation string
	Status    string
	Reason    string
}

// Exempt excuses operation × status from RequireAll, for the reason given.
// A reason is required: an exemption without one fails the run, so the
// code review sees why a documented answer goes untested.
func Exempt(operation, status, reason string) Exemption {
	return Exemption{Operation: operation, Status: status, Reason: reason}
}

// RequireAll fails the run when a documented response (operation × status
// × content type) was never exercised, unless exemptions excuse its
// operation and status. An exemption without a reason, or for a response
// the document does not have, fails the run too; an exemption for a
// response tests did exercise is reported as stale.
func RequireAll(exemptions ...Exemption) CoverageOption {
	return func(s *coverageSettings) {
		s.requireAll = true
		s.exemptions = append(s.exemptions, exemptions...)
	}
}

// Unexercised lists the documented responses no test got, in the
// document's order.
func (d DocumentCoverage) Unexercised() []CoverageCell {
	var out []CoverageCell
	for _, c := range d.Cells {
		if c.Hits == 0 {
			out = append(out, c)
		}
	}
	return out
}

// label names a cell as a reader finds it in the document.
func (c CoverageCell) label() string {
	s := fmt.Sprintf("%s (%s %s) → %s", c.Operation, c.Method, c.Path, c.Status)
	if c.ContentType != "" {
		s += " " + c.ContentType
	}
	return s
}

// checkAll applies RequireAll: problems are failures, notes are printed.
func (c Coverage) checkAll(exemptions []Exemption) (problems, notes []string) {
	type key struct{ op, status string }
	used := map[key]bool{}
	known := map[key]bool{}
	exempt := map[key]bool{}
	for _, e := range exemptions {
		k := key{e.Operation, e.Status}
		exempt[k] = true
		if strings.TrimSpace(e.Reason) == "" {
			problems = append(problems, fmt.Sprintf("exemption of %s → %s has no reason: say why no test reaches it", e.Operation, e.Status))
		}
	}
	hit := map[key]bool{}
	for _, d := range c.Documents {
		for _, cell := range d.Cells {
			k := key{cell.Operation, cell.Status}
			known[k] = true
			if cell.Hits > 0 {
				hit[k] = true
				continue
			}
			if exempt[k] {
				used[k] = true
				continue
			}
			problems = append(problems, fmt.Sprintf("%s was never exercised: add a test that gets it, or apitest.Exempt it with a reason", cell.label()))
		}
	}
	for _, e := range exemptions {
		k := key{e.Operation, e.Status}
		switch {
		case !known[k]:
			problems = append(problems, fmt.Sprintf("exemption of %s → %s: the document has no such response (remove the exemption)", e.Operation, e.Status))
		case hit[k] && !used[k]:
			notes = append(notes, fmt.Sprintf("apitest: exemption of %s → %s is stale: tests exercise it now (remove the exemption)", e.Operation, e.Status))
		}
	}
	return problems, notes
}
