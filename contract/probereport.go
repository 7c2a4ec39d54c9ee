package contract

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Failure is one request that failed a check.
type Failure struct {
	Check     string `json:"check"`
	Phase     string `json:"phase"`
	Operation string `json:"operation"` // operationId
	Endpoint  string `json:"endpoint"`  // METHOD /path
	Message   string `json:"message"`
	Status    int    `json:"status,omitempty"`
	Response  string `json:"response,omitempty"` // the body, truncated
	Curl      string `json:"curl"`
	// Seed reproduces a randomised phase (rapid's -rapid.seed).
	Seed uint64 `json:"seed,omitempty"`
	// FailFile is where rapid saved the shrunk case (go test only; it is
	// replayed first on the next run, -rapid.failfile replays it alone).
	FailFile string `json:"fail_file,omitempty"`
	// Known is the reason given with Known, for a known failure.
	Known string `json:"known,omitempty"`
	// Phases and Seeds list every phase and seed that saw the same cause
	// (same operation, check and normalised cause), Count how many
	// requests did; the fields above describe the smallest of them.
	Phases []string `json:"phases,omitempty"`
	Seeds  []uint64 `json:"seeds,omitempty"`
	Count  int      `json:"count,omitempty"`
}

// String formats the failure for a test log or a terminal.
func (f Failure) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s [%s, %s phase]: %s\n", f.Check, f.Endpoint, f.Operation, f.Phase, f.Message)
	if f.Count > 1 {
		fmt.Fprintf(&b, "  seen %d times, by phases %s\n", f.Count, strings.Join(f.Phases, ", "))
	}
	if f.Status != 0 {
		fmt.Fprintf(&b, "  got %d %s\n", f.Status, f.Response)
	}
	fmt.Fprintf(&b, "  %s\n", f.Curl)
	return b.String()
}

// ProbeReport is the outcome of a probe.
type ProbeReport struct {
	// Probed lists the operations probed (operationId, or METHOD /path).
	Probed     []string  `json:"probed"`
	Operations int       `json:"operations"`
	Requests   int       `json:"requests"`
	Failures   []Failure `json:"failures"`
	// Known lists the first finding of each known failure (see Known).
	Known []Failure `json:"known,omitempty"`
	// Notes say what could not be probed and why (no JSON body, no
	// credentials …). A note never stands in for a failure.
	Notes []string `json:"notes,omitempty"`
	// Unexercised lists the operations probed that never got an HTTP
	// answer: nothing is known about them.
	Unexercised []string `json:"unexercised,omitempty"`
	// Idle lists the phases that should have sent requests to an
	// operation and sent none ("METHOD /path: phase: why"): a generator
	// that cannot draw, say. Probe fails the test on each.
	Idle []string `json:"idle,omitempty"`
	// Skipped lists the operations, or phases of an operation, that the
	// probe's safety mode or Exclude left out ("METHOD /path: why"): see
	// ReadOnly, Destructive and the package doc. They do not fail a run.
	Skipped []string `json:"skipped,omitempty"`
	// Withheld counts the requests the safety mode kept back: an unsafe
	// request whose path no longer named a resource the probe created
	// (a negative or boundary case that changes the id, say).
	Withheld int `json:"withheld,omitempty"`
	// Created counts the resources the probe created (2xx answers to a
	// creating POST that named an id).
	Created int `json:"created,omitempty"`
	// Remaining lists the resources the probe created and could not delete
	// at the end ("/users/17: DELETE /users/{user_id} answered 403").
	Remaining []string `json:"remaining,omitempty"`
}

// WriteText writes the probe's findings for people, each with a curl
// command; replay formats the line that reproduces a failure (nil for
// none).
func (r *ProbeReport) WriteText(w io.Writer, replay func(Failure) string) error {
	var b strings.Builder
	for _, f := range r.Failures {
		b.WriteString("FAIL " + f.String())
		if replay != nil {
			fmt.Fprintf(&b, "  replay: %s\n", replay(f))
		}
	}
	for _, f := range r.Known {
		fmt.Fprintf(&b, "KNOWN (%s) %s", f.Known, f)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	for _, n := range r.Idle {
		fmt.Fprintf(&b, "idle: %s\n", n)
	}
	for _, n := range r.Skipped {
		fmt.Fprintf(&b, "skipped: %s\n", n)
	}
	for _, n := range r.Remaining {
		fmt.Fprintf(&b, "remaining: %s\n", n)
	}
	if len(r.Unexercised) > 0 {
		fmt.Fprintf(&b, "not exercised (no answer at all): %s\n", strings.Join(r.Unexercised, ", "))
	}
	fmt.Fprintf(&b, "probed %d operations with %d requests: %d failures, %d notes, %d idle phases, %d skipped (operations or phases), %d not exercised\n",
		r.Operations, r.Requests, len(r.Failures), len(r.Notes), len(r.Idle), len(r.Skipped), len(r.Unexercised))
	if r.Created > 0 || r.Withheld > 0 {
		fmt.Fprintf(&b, "created %d resources, %d remain; %d requests withheld for safety\n", r.Created, len(r.Remaining), r.Withheld)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the report as JSON.
func (r *ProbeReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteJUnit writes the report as JUnit XML: one test case per operation
// and phase that failed, and one per operation that passed.
func (r *ProbeReport) WriteJUnit(w io.Writer) error {
	suite := junitSuite{Name: "contract probe"}
	failed := map[string]bool{}
	groups := map[string][]Failure{}
	var order []string
	for _, f := range r.Failures {
		k := f.Operation + " " + f.Phase
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
		failed[f.Operation] = true
	}
	for _, k := range order {
		fs := groups[k]
		var text strings.Builder
		for _, f := range fs {
			text.WriteString(f.String())
		}
		suite.Cases = append(suite.Cases, junitCase{Class: "contract.probe." + fs[0].Phase, Name: fs[0].Operation,
			Failure: &junitMsg{Message: fs[0].Check + ": " + fs[0].Message, Type: fs[0].Check, Text: text.String()}})
		suite.Failures++
	}
	for _, op := range r.Probed {
		if !failed[op] {
			suite.Cases = append(suite.Cases, junitCase{Class: "contract.probe", Name: op})
		}
	}
	if len(suite.Cases) == 0 {
		suite.Cases = append(suite.Cases, junitCase{Class: "contract.probe", Name: "no operations"})
	}
	suite.Tests = len(suite.Cases)
	return writeJUnit(w, suite)
}
