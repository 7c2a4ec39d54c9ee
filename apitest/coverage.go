package apitest

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/orderedmap"
)

// CoverageEnv names the environment variable that, when set to a file path,
// makes RunWithCoverage write the coverage as JSON there.
const CoverageEnv = "APITEST_COVERAGE_JSON"

// cellKey is one documented response: an operation, a status and a content
// type ("" for a response without content).
type cellKey struct {
	op, status, contentType string
}

// opInfo is one operation of a document, in the document's order.
type opInfo struct {
	id, method, path string
	cells            []cellKey
}

// docCoverage counts the exchanges of one document. Its cells are fixed
// when the document is registered; counts are atomic, so parallel tests
// record without locks.
type docCoverage struct {
	title, version string
	ops            []opInfo
	hits           map[cellKey]*atomic.Int64

	mu           sync.Mutex
	undocumented map[cellKey]int // statuses or content types the document lacks
}

// registry holds every document the package's tests checked against.
var registry struct {
	mu   sync.Mutex
	docs []*docCoverage
}

func registerCoverage(model *v3.Document) *docCoverage {
	dc := &docCoverage{hits: map[cellKey]*atomic.Int64{}, undocumented: map[cellKey]int{}}
	if model.Info != nil {
		dc.title, dc.version = model.Info.Title, model.Info.Version
	}
	if model.Paths != nil {
		for p := model.Paths.PathItems.First(); p != nil; p = p.Next() {
			for o := p.Value().GetOperations().First(); o != nil; o = o.Next() {
				op := o.Value()
				info := opInfo{id: op.OperationId, method: strings.ToUpper(o.Key()), path: p.Key()}
				if info.id == "" {
					info.id = info.method + " " + info.path
				}
				if op.Responses != nil {
					add := func(code string, r *v3.Response) {
						if r == nil || orderedmap.Len(r.Content) == 0 {
							info.cells = append(info.cells, cellKey{info.id, code, ""})
							return
						}
						for c := r.Content.First(); c != nil; c = c.Next() {
							info.cells = append(info.cells, cellKey{info.id, code, c.Key()})
						}
					}
					for r := op.Responses.Codes.First(); r != nil; r = r.Next() {
						add(r.Key(), r.Value())
					}
					if d := op.Responses.Default; d != nil && !fallback(d) {
						add("default", d)
					}
				}
				for _, k := range info.cells {
					dc.hits[k] = new(atomic.Int64)
				}
				dc.ops = append(dc.ops, info)
			}
		}
	}
	registry.mu.Lock()
	registry.docs = append(registry.docs, dc)
	registry.mu.Unlock()
	return dc
}

// record counts one checked response. A 405 for a method the path lacks
// counts for every operation of the path that documents it.
func (dc *docCoverage) record(ex *exchange, code, contentType string, documented bool) {
	if dc == nil || ex.route == nil {
		return
	}
	var ids []string
	if ex.route.Operation != nil {
		ids = []string{opID(ex.route.Operation, ex.req.Method, ex.route.Path)}
	} else {
		for pair := ex.route.PathItem.GetOperations().First(); pair != nil; pair = pair.Next() {
			ids = append(ids, opID(pair.Value(), pair.Key(), ex.route.Path))
		}
	}
	for _, id := range ids {
		k := cellKey{id, code, contentType}
		if c := dc.hits[k]; c != nil && documented {
			c.Add(1)
			continue
		}
		if ex.route.Operation == nil {
			continue // another operation of the path may not document it
		}
		dc.mu.Lock()
		dc.undocumented[k]++
		dc.mu.Unlock()
	}
}

func opID(op *v3.Operation, method, path string) string {
	if op.OperationId != "" {
		return op.OperationId
	}
	return strings.ToUpper(method) + " " + path
}

// CoverageOption configures RunWithCoverage.
type CoverageOption func(*coverageSettings)

type coverageSettings struct {
	min        float64
	requireAll bool
	exemptions []Exemption
	required   []string
	jsonPath   string
	out        io.Writer
}

// MinCoverage fails the run when fewer than ratio (0 to 1) of the documented
// operation × status × content type responses were exercised.
func MinCoverage(ratio float64) CoverageOption {
	return func(s *coverageSettings) { s.min = ratio }
}

// RequireOperations fails the run when one of the named operations (by
// operationId) was never exercised, with any status.
func RequireOperations(ids ...string) CoverageOption {
	return func(s *coverageSettings) { s.required = append(s.required, ids...) }
}

// CoverageJSON writes the coverage as JSON to path (CoverageEnv does the
// same from the environment).
func CoverageJSON(path string) CoverageOption {
	return func(s *coverageSettings) { s.jsonPath = path }
}

// CoverageOutput prints the matrix to w instead of standard output.
func CoverageOutput(w io.Writer) CoverageOption {
	return func(s *coverageSettings) { s.out = w }
}

// RunWithCoverage runs the package's tests, then prints the contract
// coverage matrix of every document they checked against and applies the
// thresholds. It returns the exit code for os.Exit:
//
//	func TestMain(m *testing.M) {
//		os.Exit(apitest.RunWithCoverage(m, apitest.RequireAll(
//			apitest.Exempt("createUser", "500", "the store never fails in memory"),
//		)))
//	}
//
// It prints, after the matrix, one line per documented response no test
// got. go test shows a passing package's output only when run in its
// directory or with -v, so a project that must not lose a tested status
// uses RequireAll, which fails the run and names the response.
//
// Thresholds are not applied when -run or -skip selects a subset of tests.
func RunWithCoverage(m *testing.M, opts ...CoverageOption) int {
	code := m.Run()
	s := coverageSettings{out: os.Stdout, jsonPath: os.Getenv(CoverageEnv)}
	for _, o := range opts {
		o(&s)
	}
	partial := flagSet("test.run") || flagSet("test.skip")
	if err := finishCoverage(snapshot(), s, partial); err != nil && code == 0 {
		fmt.Fprintln(s.out, err)
		code = 1
	}
	return code
}

func flagSet(name string) bool {
	f := flag.Lookup(name)
	return f != nil && f.Value.String() != ""
}

// finishCoverage prints, writes and checks the coverage.
func finishCoverage(c Coverage, s coverageSettings, partial bool) error {
	if len(c.Documents) == 0 {
		fmt.Fprintln(s.out, "apitest: no exchanges were checked against a document")
	}
	c.Print(s.out)
	if s.jsonPath != "" {
		b, _ := json.MarshalIndent(c, "", "  ")
		if err := os.WriteFile(s.jsonPath, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("apitest: writing coverage: %w", err)
		}
	}
	printUnexercised(s.out, c)
	if partial {
		if s.min > 0 || len(s.required) > 0 || s.requireAll {
			fmt.Fprintln(s.out, "apitest: some tests were selected out (-run/-skip): coverage thresholds not applied")
		}
		return nil
	}
	err := c.Check(s.min, s.required...)
	if !s.requireAll {
		return err
	}
	problems, notes := c.checkAll(s.exemptions)
	for _, n := range notes {
		fmt.Fprintln(s.out, n)
	}
	if len(problems) == 0 {
		return err
	}
	msg := "apitest: contract coverage FAILED (RequireAll):\n  " + strings.Join(problems, "\n  ")
	if err != nil {
		msg = err.Error() + "\n" + msg
	}
	return errors.New(msg)
}

// printUnexercised names every documented response no test got, one a
// line, so a response that lost its last test shows in the output even
// when the matrix's "·" is easy to miss.
func printUnexercised(w io.Writer, c Coverage) {
	for _, d := range c.Documents {
		for _, cell := range d.Unexercised() {
			fmt.Fprintf(w, "apitest: never exercised: %s\n", cell.label())
		}
	}
}
