package contract

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Report is the outcome of the breaking-change gate: every change between
// the baseline and the current document, acknowledgements applied.
type Report struct {
	Base    string   `json:"base"`
	Head    string   `json:"head"`
	Changes []Change `json:"changes"`
	// UnusedAcks are acknowledgements that matched no change: stale
	// entries to remove from the file.
	UnusedAcks Acks `json:"unused_acknowledgements,omitempty"`
}

// Compare runs the gate: it diffs base against head and applies acks.
func Compare(base, head *Document, acks Acks) *Report {
	r := &Report{Base: base.Source, Head: head.Source, Changes: Diff(base, head)}
	if r.Changes == nil {
		r.Changes = []Change{}
	}
	r.UnusedAcks = acks.apply(r.Changes)
	return r
}

// Failures returns the changes at or above min that are not acknowledged:
// what makes the gate fail.
func (r *Report) Failures(min Level) []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.Level >= min && c.Acknowledged == "" {
			out = append(out, c)
		}
	}
	return out
}

// Count returns how many changes have level l.
func (r *Report) Count(l Level) int {
	n := 0
	for _, c := range r.Changes {
		if c.Level == l {
			n++
		}
	}
	return n
}

// Summary is one line: how many changes of each level, and how many
// breaking ones were acknowledged.
func (r *Report) Summary() string {
	acked := 0
	for _, c := range r.Changes {
		if c.Acknowledged != "" {
			acked++
		}
	}
	return fmt.Sprintf("%d changes: %d ERR, %d WARN, %d INFO; %d acknowledged",
		len(r.Changes), r.Count(Err), r.Count(Warn), r.Count(Info), acked)
}

// WriteText writes the report for people, most serious changes first.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "contract diff %s -> %s\n", r.Base, r.Head)
	for _, l := range []Level{Err, Warn, Info} {
		for _, c := range r.Changes {
			if c.Level != l {
				continue
			}
			fmt.Fprintf(&b, "%-4s %-38s %s\n     %s\n", c.Level, c.Rule, c.Location, c.Message)
			if c.Acknowledged != "" {
				fmt.Fprintf(&b, "     acknowledged: %s\n", c.Acknowledged)
			}
		}
	}
	for _, a := range r.UnusedAcks {
		fmt.Fprintf(&b, "note: acknowledgement %s at %q matched no change; remove it\n", a.Rule, a.Location)
	}
	b.WriteString(r.Summary() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteJUnit writes the report as JUnit XML for CI dashboards: one test
// case per change; unacknowledged changes at or above min fail,
// acknowledged ones are skipped with their reason.
func (r *Report) WriteJUnit(w io.Writer, min Level) error {
	suite := junitSuite{Name: "contract diff " + r.Base + " -> " + r.Head}
	for _, c := range r.Changes {
		tc := junitCase{Class: "contract." + c.Rule, Name: c.Level.String() + " " + c.Location, Out: c.Message}
		switch {
		case c.Acknowledged != "":
			tc.Skipped = &junitMsg{Message: "acknowledged: " + c.Acknowledged}
		case c.Level >= min:
			tc.Failure = &junitMsg{Message: c.Message, Type: c.Rule, Text: c.String()}
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, tc)
	}
	if len(suite.Cases) == 0 {
		suite.Cases = append(suite.Cases, junitCase{Class: "contract", Name: "no changes"})
	}
	suite.Tests = len(suite.Cases)
	return writeJUnit(w, suite)
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Class   string    `xml:"classname,attr"`
	Name    string    `xml:"name,attr"`
	Failure *junitMsg `xml:"failure,omitempty"`
	Skipped *junitMsg `xml:"skipped,omitempty"`
	Out     string    `xml:"system-out,omitempty"`
}

type junitMsg struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, suites ...junitSuite) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Suites: suites}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
