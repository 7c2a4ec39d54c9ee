package contract_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	yaml "github.com/pb33f/go-yaml"

	"github.com/starling-http/starling/contract"
)

// The oasdiff differential: on every one-change pair of
// testdata/oasdiff/pairs.yaml, in both directions, Starling's gate must be
// at least as strict as oasdiff's breaking-change check (ERR there, ERR
// here), except where a Starling rule that fires on the pair documents,
// in its Oasdiff note, why it disagrees with that oasdiff check.
//
// oasdiff's verdicts are recorded in testdata/oasdiff/oasdiff.golden. With
// OASDIFF set to an oasdiff binary (CI builds the version pinned in
// tools/oasdiff), the test runs it on every pair and fails when its
// verdicts differ from the recording (-update records them). Both
// verdicts side by side are in testdata/oasdiff/comparison.golden.

// oasPairKind is one kind of change: edits of one example document.
type oasPairKind struct {
	Kind   string       `yaml:"kind"`
	Area   string       `yaml:"area"`
	Source string       `yaml:"source"`
	Ops    []oasPatchOp `yaml:"ops"`
}

// oasPatchOp is one JSON-pointer edit.
type oasPatchOp struct {
	Op    string `yaml:"op"`
	Path  string `yaml:"path"`
	From  string `yaml:"from"`
	Value any    `yaml:"value"`
}

// oasPairSources are copies of the examples' documents (users and todo, as
// of issue 14), kept with the pairs so that the examples can change
// without moving the pairs or oasdiff's recorded verdicts.
var oasPairSources = map[string]string{
	"users": "testdata/oasdiff/users.json",
	"todo":  "testdata/oasdiff/todo.json",
}

// oasPair is one compared couple of documents.
type oasPair struct {
	id         string // kind, or kind~reverse
	kind       oasPairKind
	base, head []byte // JSON
}

func oasLoadPairs(t *testing.T) []oasPair {
	t.Helper()
	data, err := os.ReadFile("testdata/oasdiff/pairs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []oasPairKind
	if err := yaml.Unmarshal(data, &kinds); err != nil {
		t.Fatalf("pairs.yaml: %v", err)
	}
	var out []oasPair
	seen := map[string]bool{}
	for _, k := range kinds {
		if seen[k.Kind] {
			t.Fatalf("pairs.yaml: kind %s twice", k.Kind)
		}
		seen[k.Kind] = true
		src, err := os.ReadFile(oasPairSources[k.Source])
		if err != nil {
			t.Fatalf("%s: source %q: %v", k.Kind, k.Source, err)
		}
		var doc any
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatal(err)
		}
		base := oasMustJSON(t, doc)
		for _, op := range k.Ops {
			if doc, err = oasApplyOp(doc, op); err != nil {
				t.Fatalf("%s: %s %s: %v", k.Kind, op.Op, op.Path, err)
			}
		}
		head := oasMustJSON(t, doc)
		if bytes.Equal(base, head) {
			t.Fatalf("%s: the edits change nothing", k.Kind)
		}
		out = append(out, oasPair{k.Kind, k, base, head}, oasPair{k.Kind + "~reverse", k, head, base})
	}
	return out
}

func oasMustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// oasApplyOp returns doc with one edit applied.
func oasApplyOp(doc any, op oasPatchOp) (any, error) {
	switch op.Op {
	case "set":
		return jsonEdit(doc, jsonPointer(op.Path), func(any, bool) (any, bool, error) { return oasJSONValue(op.Value), true, nil })
	case "remove":
		return jsonEdit(doc, jsonPointer(op.Path), func(_ any, ok bool) (any, bool, error) {
			if !ok {
				return nil, false, fmt.Errorf("nothing to remove")
			}
			return nil, false, nil
		})
	case "move":
		var moved any
		doc, err := jsonEdit(doc, jsonPointer(op.From), func(v any, ok bool) (any, bool, error) {
			if !ok {
				return nil, false, fmt.Errorf("nothing at %s", op.From)
			}
			moved = v
			return nil, false, nil
		})
		if err != nil {
			return nil, err
		}
		return jsonEdit(doc, jsonPointer(op.Path), func(any, bool) (any, bool, error) { return moved, true, nil })
	}
	return nil, fmt.Errorf("unknown op %q", op.Op)
}

// oasJSONValue turns a YAML value into what encoding/json decodes.
func oasJSONValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func jsonPointer(p string) []string {
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// jsonEdit replaces the value at toks by f(old): keep false removes it.
func jsonEdit(node any, toks []string, f func(old any, ok bool) (v any, keep bool, err error)) (any, error) {
	key, rest := toks[0], toks[1:]
	switch n := node.(type) {
	case map[string]any:
		old, ok := n[key]
		if len(rest) > 0 {
			if !ok {
				return nil, fmt.Errorf("no %q", key)
			}
			v, err := jsonEdit(old, rest, f)
			n[key] = v
			return n, err
		}
		v, keep, err := f(old, ok)
		if keep {
			n[key] = v
		} else {
			delete(n, key)
		}
		return n, err
	case []any:
		if key == "-" && len(rest) == 0 {
			v, keep, err := f(nil, false)
			if keep {
				n = append(n, v)
			}
			return n, err
		}
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(n) {
			return nil, fmt.Errorf("no index %q in an array of %d", key, len(n))
		}
		if len(rest) > 0 {
			v, err := jsonEdit(n[i], rest, f)
			n[i] = v
			return n, err
		}
		v, keep, err := f(n[i], true)
		if keep {
			n[i] = v
			return n, err
		}
		return slices.Delete(n, i, i+1), err
	}
	return nil, fmt.Errorf("%q is inside a %T", key, node)
}

// oasdiffErrs runs oasdiff's breaking check and returns the ids of its
// ERR findings, sorted and unique.
func oasdiffErrs(bin, dir string, p oasPair) ([]string, error) {
	base, head := filepath.Join(dir, "base.json"), filepath.Join(dir, "head.json")
	if err := os.WriteFile(base, p.base, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(head, p.head, 0o644); err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "breaking", base, head, "--format", "json")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("oasdiff: %w: %s", err, stderr.String())
	}
	var found []struct {
		ID    string `json:"id"`
		Level int    `json:"level"`
	}
	if err := json.Unmarshal(out, &found); err != nil {
		return nil, fmt.Errorf("oasdiff output: %w", err)
	}
	ids := []string{}
	for _, f := range found {
		if f.Level == 3 { // oasdiff's ERR
			ids = append(ids, f.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// oasVerdictLines reads "id<TAB>a,b" lines ("-" for none).
func oasVerdictLines(t *testing.T, path string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with OASDIFF=<oasdiff binary> and -update to record it)", err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, ids, _ := strings.Cut(line, "\t")
		m[id] = []string{}
		if ids != "-" {
			m[id] = strings.Split(ids, ",")
		}
	}
	return m
}

func oasJoinIDs(ids []string) string {
	if len(ids) == 0 {
		return "-"
	}
	return strings.Join(ids, ",")
}

func TestOasdiffDifferential(t *testing.T) {
	pairs := oasLoadPairs(t)
	kinds := map[string]bool{}
	areas := map[string]bool{}
	for _, p := range pairs {
		kinds[p.kind.Kind] = true
		areas[p.kind.Area] = true
	}
	if len(kinds) < 40 {
		t.Errorf("%d kinds of change, want at least 40", len(kinds))
	}
	for _, a := range []string{"body", "parameters", "headers", "security", "paths", "components", "responses"} {
		if !areas[a] {
			t.Errorf("no pair in area %s", a)
		}
	}

	// oasdiff's verdicts: recorded, or live when OASDIFF names a binary.
	const recorded = "testdata/oasdiff/oasdiff.golden"
	oas := map[string][]string{}
	if bin := os.Getenv("OASDIFF"); bin != "" {
		var mu sync.Mutex
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for _, p := range pairs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				ids, err := oasdiffErrs(bin, t.TempDir(), p)
				if err != nil {
					t.Errorf("%s: %v", p.id, err)
					return
				}
				mu.Lock()
				oas[p.id] = ids
				mu.Unlock()
			}()
		}
		wg.Wait()
		var b strings.Builder
		b.WriteString("# oasdiff breaking: the ERR check ids per pair (contract/oasdiff_test.go; OASDIFF=<binary> go test -run TestOasdiffDifferential -update)\n")
		for _, p := range pairs {
			fmt.Fprintf(&b, "%s\t%s\n", p.id, oasJoinIDs(oas[p.id]))
		}
		gateGolden(t, recorded, []byte(b.String()))
	} else {
		oas = oasVerdictLines(t, recorded)
		t.Logf("oasdiff verdicts from %s (set OASDIFF to an oasdiff binary to run it)", recorded)
	}

	var cmp strings.Builder
	cmp.WriteString("# pair\toasdiff\tstarling\tstarling ERR rules (oasdiff ERR ids)\n")
	var agreeErr, agreeOK, stricter, documented int
	for _, p := range pairs {
		oids, ok := oas[p.id]
		if !ok {
			t.Errorf("%s: no recorded oasdiff verdict (record with OASDIFF=<binary> -update)", p.id)
			continue
		}
		base, err := contract.Parse(p.base)
		if err != nil {
			t.Fatal(err)
		}
		head, err := contract.Parse(p.head)
		if err != nil {
			t.Fatal(err)
		}
		r := contract.Compare(base, head, nil)
		starErr := len(r.Failures(contract.Err)) > 0
		var errRules []string
		for _, c := range r.Failures(contract.Err) {
			errRules = append(errRules, c.Rule)
		}
		slices.Sort(errRules)
		errRules = slices.Compact(errRules)
		oasErr := len(oids) > 0
		verdict := func(b bool) string {
			if b {
				return "ERR"
			}
			return "ok"
		}
		level := "-"
		if len(r.Changes) > 0 {
			level = slices.MaxFunc(r.Changes, func(a, b contract.Change) int { return int(a.Level) - int(b.Level) }).Level.String()
		}
		fmt.Fprintf(&cmp, "%s\t%s\t%s\t%s (%s)\n", p.id, verdict(oasErr), level, oasJoinIDs(errRules), oasJoinIDs(oids))
		switch {
		case oasErr && starErr:
			agreeErr++
		case !oasErr && !starErr:
			agreeOK++
		case starErr:
			stricter++
		default:
			if note := oasDisagreement(r.Changes, oids); note != "" {
				documented++
				continue
			}
			var b strings.Builder
			_ = r.WriteText(&b)
			t.Errorf("%s: oasdiff fails it (%s), Starling's gate does not:\n%s", p.id, oasJoinIDs(oids), b.String())
		}
	}
	fmt.Fprintf(&cmp, "# %d pairs: both ERR %d, both pass %d, only Starling ERR %d, only oasdiff ERR (documented) %d\n",
		len(pairs), agreeErr, agreeOK, stricter, documented)
	t.Logf("%d pairs of %d kinds: both ERR %d, both pass %d, only Starling ERR %d, only oasdiff ERR (documented) %d",
		len(pairs), len(kinds), agreeErr, agreeOK, stricter, documented)
	gateGolden(t, "testdata/oasdiff/comparison.golden", []byte(cmp.String()))
}

// oasDisagreement returns the Oasdiff note of a rule that fired on the pair
// and names one of oasdiff's ERR checks, or "".
func oasDisagreement(changes []contract.Change, oasdiffIDs []string) string {
	notes := map[string]string{}
	for _, r := range contract.Rules() {
		notes[r.ID] = r.Oasdiff
	}
	for _, c := range changes {
		for _, id := range oasdiffIDs {
			if n := notes[c.Rule]; strings.Contains(n, id) {
				return n
			}
		}
	}
	return ""
}
