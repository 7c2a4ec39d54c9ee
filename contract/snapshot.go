package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starling-http/starling/framework"
)

// UpdateEnv is the environment variable that makes Snapshot rewrite golden
// files instead of comparing: STARLING_UPDATE=1 go test ./...
//
// The package registers no flag of its own (flags in a library leak into
// every test binary that imports it). A test binary that defines its own
// -update flag is honoured too: go test -update.
const UpdateEnv = "STARLING_UPDATE"

// Updating reports whether golden files should be rewritten: UpdateEnv is
// set to 1 or true, or the test binary has an -update flag that is set.
func Updating() bool {
	switch strings.ToLower(os.Getenv(UpdateEnv)) {
	case "1", "true", "yes":
		return true
	}
	if f := flag.Lookup("update"); f != nil {
		return f.Value.String() == "true"
	}
	return false
}

// Drift is how a document differs from its golden file.
type Drift struct {
	Golden string
	// Missing is set when the golden file does not exist.
	Missing bool
	// Operations lists changed operations: "+ POST /users" (added),
	// "- DELETE /users/{id}" (removed), "~ GET /users" (changed).
	Operations []string
	// Schemas lists changed component schemas in the same form.
	Schemas []string
	// Other lists the other top-level parts that changed (info, servers,
	// components.responses …).
	Other []string
	// Diff is a readable structural diff (go-cmp): - golden, + current.
	Diff string
}

// String formats the drift for a test failure or the CLI.
func (d *Drift) String() string {
	var b strings.Builder
	if d.Missing {
		fmt.Fprintf(&b, "golden file %s does not exist\n", d.Golden)
		return b.String()
	}
	fmt.Fprintf(&b, "the document differs from %s\n", d.Golden)
	list := func(title string, items []string) {
		if len(items) > 0 {
			fmt.Fprintf(&b, "%s:\n", title)
			for _, s := range items {
				fmt.Fprintf(&b, "  %s\n", s)
			}
		}
	}
	list("operations", d.Operations)
	list("schemas", d.Schemas)
	list("other", d.Other)
	if d.Diff != "" {
		fmt.Fprintf(&b, "diff (-golden +current):\n%s", d.Diff)
	}
	return b.String()
}

// CompareSnapshot compares the document current (JSON or YAML) with the
// golden file. It returns nil when they describe the same document (byte
// formatting aside). With update it rewrites the golden file instead (only
// when its bytes differ) and returns the drift it replaced.
func CompareSnapshot(current []byte, golden string, update bool) (*Drift, error) {
	cur, err := Parse(current)
	if err != nil {
		return nil, fmt.Errorf("the current document: %w", err)
	}
	old, err := os.ReadFile(golden)
	var drift *Drift
	switch {
	case errors.Is(err, fs.ErrNotExist):
		drift = &Drift{Golden: golden, Missing: true}
	case err != nil:
		return nil, err
	default:
		g, err := Parse(old)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", golden, err)
		}
		drift = driftOf(golden, g, cur)
	}
	if update && !bytes.Equal(old, current) {
		if dir := filepath.Dir(golden); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return drift, err
			}
		}
		if err := os.WriteFile(golden, current, 0o644); err != nil {
			return drift, err
		}
	}
	return drift, nil
}

func driftOf(golden string, g, cur *Document) *Drift {
	if reflect.DeepEqual(g.root, cur.root) {
		return nil
	}
	d := &Drift{Golden: golden, Diff: cmp.Diff(lines(g.root), lines(cur.root))}
	gOps, cOps := opNodes(g), opNodes(cur)
	d.Operations = changed(gOps, cOps)
	d.Schemas = changed(schemaNodes(g), schemaNodes(cur))
	for _, k := range sortedKeys(union(g.root, cur.root)) {
		switch k {
		case "paths":
			continue
		case "components":
			gc, cc := obj(g.root[k]), obj(cur.root[k])
			for _, ck := range sortedKeys(union(gc, cc)) {
				if ck != "schemas" && !reflect.DeepEqual(gc[ck], cc[ck]) {
					d.Other = append(d.Other, "components."+ck)
				}
			}
		default:
			if !reflect.DeepEqual(g.root[k], cur.root[k]) {
				d.Other = append(d.Other, k)
			}
		}
	}
	return d
}

// lines renders a document as indented JSON with sorted keys, one line per
// element, so that the diff shows only what changed, in context.
func lines(v any) []string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return strings.Split(string(b), "\n")
}

func union(a, b map[string]any) map[string]any {
	m := map[string]any{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

func opNodes(d *Document) map[string]any {
	m := map[string]any{}
	for p, item := range obj(d.root["paths"]) {
		for _, meth := range methods {
			if on, ok := obj(item)[meth]; ok {
				m[strings.ToUpper(meth)+" "+p] = []any{on, obj(item)["parameters"]}
			}
		}
	}
	return m
}

func schemaNodes(d *Document) map[string]any {
	return obj(obj(d.root["components"])["schemas"])
}

// changed lists the keys added (+), removed (-) and changed (~) from a to b.
func changed(a, b map[string]any) []string {
	var out []string
	for _, k := range sortedKeys(union(a, b)) {
		av, aok := a[k]
		bv, bok := b[k]
		switch {
		case !aok:
			out = append(out, "+ "+k)
		case !bok:
			out = append(out, "- "+k)
		case !reflect.DeepEqual(av, bv):
			out = append(out, "~ "+k)
		}
	}
	return out
}

// Snapshot fails t when the app's document differs from the golden file
// (JSON, or YAML when the name ends in .yaml or .yml), printing which
// operations and schemas changed and a readable diff. When Updating (set
// STARLING_UPDATE=1, or -update if the test binary defines that flag) it
// rewrites the golden file instead.
func Snapshot(t testing.TB, app *framework.App, golden string) {
	t.Helper()
	current := JSON(app)
	if isYAMLPath(golden) {
		current = YAML(app)
	}
	SnapshotBytes(t, current, golden)
}

// SnapshotBytes is Snapshot for a document given as bytes, such as one
// fetched from a service written in another language.
func SnapshotBytes(t testing.TB, current []byte, golden string) {
	t.Helper()
	update := Updating()
	drift, err := CompareSnapshot(current, golden, update)
	switch {
	case err != nil:
		t.Fatalf("contract.Snapshot: %v", err)
	case update && drift != nil:
		t.Logf("contract.Snapshot: updated %s", golden)
	case drift != nil:
		t.Errorf("contract.Snapshot: %s\nIf the change is intended, accept it from the module root with:\n  %s",
			drift, rerunCommand(t.Name()))
	}
}
