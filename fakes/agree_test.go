package fakes_test

import (
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/pb33f/libopenapi/datamodel/high/base"

	"github.com/starling-http/starling/fakes"
	"github.com/starling-http/starling/framework"
	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// subject is one type whose fixtures are proven against the codec and the
// document.
type subject struct {
	name string
	run  func(t *testing.T, d *document, n int)
}

// agreement returns the subject for T: fixtures from Make (request view) and
// Make with Response (response view), variants from Invalid and Boundaries.
// op names an operation of the document ("" path: none).
type op struct{ method, path, status string }

func agreement[T any](dto framework.DTOSpec, reqOp, respOp op) subject {
	return subject{name: reflect.TypeFor[T]().Name(), run: func(t *testing.T, d *document, n int) {
		p, err := plan.Of(reflect.TypeFor[T](), dto)
		if err != nil {
			t.Fatal(err)
		}
		opts := []fakes.Option{fakes.Plan(p)}
		if reqOp.path != "" {
			proveRequests[T](t, d, p, d.requestSchema(t, reqOp.method, reqOp.path), n, opts)
		}
		if respOp.path != "" {
			proveResponses[T](t, d, p, d.responseSchema(t, respOp.method, respOp.path, respOp.status), n, opts)
		}
	}}
}

// proveRequests proves Make's fixtures, Invalid's and Boundaries' variants
// against the codec and a request schema.
func proveRequests[T any](t *testing.T, d *document, p *plan.Type, req *base.Schema, n int, opts []fakes.Option) {
	t.Helper()
	for i, v := range fakes.Many[T](t, n, opts...) {
		body := fakes.JSON(t, v, opts...)
		var got T
		if err := codec.Unmarshal(p, body, &got); err != nil {
			t.Fatalf("fixture %d: the codec refuses %s: %v", i, body, err)
		}
		if diff := cmp.Diff(v, got, cmpopts.EquateEmpty(), cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
			t.Fatalf("fixture %d: decoding %s changes it (-made +decoded):\n%s", i, body, diff)
		}
		if fs := d.validate(req, body); fs != nil {
			t.Fatalf("fixture %d: the document's request schema refuses %s: %+v", i, body, fs)
		}
	}
	variants := append(fakes.Invalid[T](t, opts...), fakes.Boundaries[T](t, opts...)...)
	if len(variants) == 0 {
		t.Fatal("no variants")
	}
	for _, v := range variants {
		checkVariant(t, d, p, req, v, opts)
	}
}

// proveResponses proves fixtures made with Response against a response schema.
func proveResponses[T any](t *testing.T, d *document, p *plan.Type, resp *base.Schema, n int, opts []fakes.Option) {
	t.Helper()
	for i, v := range fakes.Many[T](t, n, append(opts, fakes.Response())...) {
		body, err := codec.Marshal(p, &v)
		if err != nil {
			t.Fatalf("response %d: %v", i, err)
		}
		if fs := d.validate(resp, body); fs != nil {
			t.Fatalf("response %d: the document's response schema refuses %s: %+v", i, body, fs)
		}
	}
}

// checkVariant proves one variant: the codec reports exactly its rule at its
// pointer (or accepts it, at a limit), and so does the document's schema.
func checkVariant[T any](t *testing.T, d *document, p *plan.Type, req *base.Schema, v fakes.Variant[T], opts []fakes.Option) {
	t.Helper()
	var got T
	vs := codecViolations(p, v.JSON, &got)
	fs := d.validate(req, v.JSON)
	want := fmt.Sprintf("%q %s", v.Pointer, v.Rule)
	switch {
	case v.Valid && (vs != nil || fs != nil):
		t.Errorf("%s: %s should be valid; the codec says %v, the schema %+v", v.Name, v.JSON, vs, fs)
	case !v.Valid && (len(vs) != 1 || vs[0] != want):
		t.Errorf("%s: %s should fail with exactly %s; the codec says %v", v.Name, v.JSON, want, vs)
	case !v.Valid && v.Rule == "readOnly":
		// readOnly is an annotation to JSON Schema validators: only the framework refuses it.
	case !v.Valid && !failsAt(fs, v.Pointer, v.Rule):
		t.Errorf("%s: %s should fail the schema at %q with %s; it says %+v", v.Name, v.JSON, schemaPointer(v.Pointer, v.Rule), v.Rule, fs)
	}
	if v.Value != nil {
		if body := fakes.JSON(t, *v.Value, opts...); string(body) != string(v.JSON) {
			t.Errorf("%s: Value encodes as %s, JSON is %s", v.Name, body, v.JSON)
		}
	}
}

// codecViolations decodes body with plan p and returns its violations as
// "pointer rule" strings; nil when it decodes.
func codecViolations(p *plan.Type, body []byte, dst any) []string {
	err := codec.Unmarshal(p, body, dst)
	if err == nil {
		return nil
	}
	var vs plan.Violations
	if !errors.As(err, &vs) {
		return []string{err.Error()}
	}
	out := []string{}
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%q %s", v.Pointer, v.Rule))
	}
	return out
}

func proofCount() int {
	if testing.Short() {
		return 100
	}
	return 1000
}

// TestFixturesAgreeWithCodecAndDocument proves, for types that use every
// rule and kind, that 1,000 fixtures pass the codec (decoding to the value
// made) and the document's schemas, and that every variant fails both at its
// pointer with its rule (or passes both, at a limit).
func TestFixturesAgreeWithCodecAndDocument(t *testing.T) {
	d := readDocument(t, proofApp(t))
	echoOp := func(path string) op { return op{"POST", path, "201"} }
	for _, s := range []subject{
		agreement[Profile](nil, echoOp("/t/profile"), echoOp("/t/profile")),
		agreement[Numbers](nil, echoOp("/t/numbers"), echoOp("/t/numbers")),
		agreement[Kinds](nil, echoOp("/t/kinds"), echoOp("/t/kinds")),
		agreement[Account](AccountDTO, echoOp("/dto/account"), echoOp("/dto/account")),
		agreement[ProfilePatch](ProfilePatchDTO, echoOp("/dto/patch"), echoOp("/dto/patch")),
	} {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.run(t, d.fork(), proofCount())
		})
	}
}
