package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	validator "github.com/pb33f/libopenapi-validator"

	"github.com/starling-http/starling/framework"
)

// Target is what the probe sends requests to, with the document it checks
// them against: an app in-process (App) or a live service (URL).
type Target struct {
	doc     *Document
	handler http.Handler
	base    string
	client  *http.Client
}

// App probes an app in-process, against its own document.
func App(app *framework.App) Target {
	return Target{doc: FromApp(app), handler: app, base: "${BASE_URL:-http://127.0.0.1:8000}"}
}

// URL probes a live service at baseURL (scheme, host and any base path,
// such as http://127.0.0.1:8000) against doc: a service in any language.
func URL(baseURL string, doc *Document) Target {
	return Target{doc: doc, base: strings.TrimRight(baseURL, "/"), client: &http.Client{Timeout: 30 * time.Second}}
}

// ProbeOption configures Probe and RunProbe.
type ProbeOption func(*probeOptions)

type probeOptions struct {
	examples int
	timeout  time.Duration
	safety   safety
	header   http.Header
	only     []string
	skip     []string
	exclude  []string
	known    []known
}

type known struct{ check, op, reason string }

// DefaultExamples is how many requests each randomised phase sends per
// operation unless Examples says otherwise.
const DefaultExamples = 25

// OnlyEnv is the environment variable that limits a probe to some
// operations, as the replay line of a failure sets it:
// STARLING_PROBE_ONLY=postUsers:examples (operationId, optionally a
// phase; several separated by commas).
const OnlyEnv = "STARLING_PROBE_ONLY"

// Examples sets how many requests the randomised phases (examples,
// negative) send per operation. rapid runs at most -rapid.checks (100 by
// default) of them.
func Examples(n int) ProbeOption { return func(o *probeOptions) { o.examples = n } }

// Header adds a header to every request (credentials for guarded
// operations, say). The auth phase leaves credentials off, or spoils them,
// on purpose.
func Header(name, value string) ProbeOption {
	return func(o *probeOptions) { o.header.Add(name, value) }
}

// Timeout bounds each request to a live service (30 s unless set). A
// request that gets no answer in time fails the no-crash check.
func Timeout(d time.Duration) ProbeOption { return func(o *probeOptions) { o.timeout = d } }

// ErrUnreachable is the error of a probe whose target answered nothing at
// all before the first operation: no service listens at the URL, or it
// closes connections without an HTTP answer. Such a run must never pass.
var ErrUnreachable = errors.New("contract: the target is unreachable")

// ErrNothingProbed is the error of a probe that exercised no operation
// (none selected, or every one skipped): a run that tested nothing is not
// a pass.
var ErrNothingProbed = errors.New("contract: no operation was exercised")

// Only limits the probe to operations (by operationId, or "METHOD /path"),
// each optionally followed by ":phase".
func Only(ops ...string) ProbeOption {
	return func(o *probeOptions) { o.only = append(o.only, ops...) }
}

// SkipPhases leaves out phases: "examples", "negative", "boundary",
// "auth", "stateful".
func SkipPhases(phases ...string) ProbeOption {
	return func(o *probeOptions) { o.skip = append(o.skip, phases...) }
}

// Known marks a failure as known: a finding of check on the operation op
// (operationId, "METHOD /path", or "*" for all) is listed in the report's
// Known with reason instead of failing, and is not shrunk. It is the
// probe's counterpart of the gate's acknowledgement file: for a defect
// that is reported and not yet fixed.
func Known(check, op, reason string) ProbeOption {
	return func(o *probeOptions) { o.known = append(o.known, known{check, op, reason}) }
}

// The phases of a probe.
const (
	PhaseExamples = "examples" // valid requests drawn from the schemas (rapid, shrunk)
	PhaseNegative = "negative" // requests that break one constraint (rapid, shrunk)
	PhaseBoundary = "boundary" // each limit: at it (valid) and one past it (invalid)
	PhaseAuth     = "auth"     // guarded operations without or with bad credentials
	PhaseStateful = "stateful" // create, fetch, delete, fetch again
)

type prober struct {
	ctx       context.Context
	target    Target
	doc       *Document
	validator validator.Validator
	opts      probeOptions
	report    *ProbeReport
	name      string // names rapid's runs (and its fail files)
	// answered counts the HTTP answers each operation got: one with none
	// was not exercised, whatever the phases tried.
	answered map[*operation]int
	causes   map[string]int // failure key → index in report.Failures
	own      *ownership     // what this run created
	// withheld counts, per operation, the requests the safety mode kept
	// back: an operation with no answer and some withheld was skipped for
	// safety, not left unexercised.
	withheld map[*operation]int
}

// RunProbe probes every operation of the target's document and returns
// what it found; Probe is the same inside go test. The error is for
// problems that stop the probe itself (the document does not build a
// validator, say). Outside go test, call PrepareRapid first.
func RunProbe(ctx context.Context, target Target, opts ...ProbeOption) (*ProbeReport, error) {
	return runProbe(ctx, target, "probe", opts)
}

func runProbe(ctx context.Context, target Target, name string, opts []ProbeOption) (*ProbeReport, error) {
	o := probeOptions{examples: DefaultExamples, header: http.Header{}}
	for _, opt := range opts {
		opt(&o)
	}
	if env := os.Getenv(OnlyEnv); env != "" {
		o.only = append(o.only, strings.Split(env, ",")...)
	}
	if err := rapidReady(); err != nil {
		return nil, err
	}
	v, err := newValidator(target.doc)
	if err != nil {
		return nil, err
	}
	if target.client != nil && o.timeout > 0 {
		c := *target.client
		c.Timeout = o.timeout
		target.client = &c
	}
	p := &prober{ctx: ctx, target: target, doc: target.doc, validator: v, opts: o,
		report: &ProbeReport{Failures: []Failure{}}, name: name, answered: map[*operation]int{}, withheld: map[*operation]int{}}
	if err := p.preflight(); err != nil {
		return p.report, err
	}
	ops := p.doc.operations()
	p.own = newOwnership(ops)
	var probed []*operation
	for _, op := range ops {
		if !p.wanted(op, "") {
			continue
		}
		if ok, why := p.mayProbe(op); !ok {
			p.skipped(op, why)
			continue
		}
		p.report.Operations++
		p.report.Probed = append(p.report.Probed, op.ID)
		probed = append(probed, op)
		p.operation(op)
	}
	p.stateful(ops)
	p.cleanup()
	for _, k := range o.known {
		if !slices.ContainsFunc(p.report.Known, func(f Failure) bool {
			return f.Check == k.check && (k.op == "*" || k.op == f.Operation || k.op == f.Endpoint)
		}) {
			p.note("the known failure %s on %s did not occur in this run: if it is fixed, remove it", k.check, k.op)
		}
	}
	for _, op := range probed {
		if p.answered[op] == 0 && p.withheld[op] > 0 {
			p.skipped(op, fmt.Sprintf("every request (%d) was withheld: it would have changed a resource the probe did not create", p.withheld[op]))
			continue
		}
		// An operation that never answered but failed no-crash was tested:
		// its failure says so. Unexercised is for the ones nothing reached.
		if p.answered[op] == 0 && !slices.ContainsFunc(p.report.Failures, func(f Failure) bool { return f.Operation == op.ID }) {
			p.report.Unexercised = append(p.report.Unexercised, op.ID)
		}
	}
	if err := ctx.Err(); err != nil {
		return p.report, err
	}
	if len(probed) == len(p.report.Unexercised)+p.skippedProbed(probed) {
		return p.report, fmt.Errorf("%w: %d operations selected, %d requests answered", ErrNothingProbed, len(probed), p.report.Requests)
	}
	return p.report, nil
}

// preflight fails the run when a live target answers nothing: one request
// to the base URL, where any HTTP status (even 404) proves a service is
// there.
func (p *prober) preflight() error {
	if p.target.handler != nil {
		return nil
	}
	req, err := http.NewRequestWithContext(p.ctx, http.MethodGet, p.target.base+"/", nil)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrUnreachable, p.target.base, err)
	}
	res, err := p.target.client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: GET %s/ got no answer: %w", ErrUnreachable, p.target.base, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	return nil
}

// wanted reports whether the options select op (and phase, when given).
func (p *prober) wanted(op *operation, phase string) bool {
	if phase != "" && containsFold(p.opts.skip, phase) {
		return false
	}
	if len(p.opts.only) == 0 {
		return true
	}
	for _, sel := range p.opts.only {
		name, ph, _ := strings.Cut(strings.TrimSpace(sel), ":")
		if name != op.ID && name != op.String() && name != "*" {
			continue
		}
		if phase == "" || ph == "" || ph == phase {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

func (p *prober) note(format string, args ...any) {
	p.report.Notes = append(p.report.Notes, fmt.Sprintf(format, args...))
}

// operation runs the per-operation phases.
func (p *prober) operation(op *operation) {
	credentialed := !op.secured() || p.hasCredentials(op)
	if !credentialed {
		p.note("%s: guarded and no credentials given (Header): only the auth phase runs", op)
	}
	if p.ctx.Err() != nil {
		return
	}
	if credentialed && p.wanted(op, PhaseExamples) {
		p.examples(op)
	}
	if credentialed && p.wanted(op, PhaseNegative) {
		p.negative(op)
	}
	if credentialed && p.wanted(op, PhaseBoundary) {
		p.boundary(op)
	}
	if p.wanted(op, PhaseAuth) {
		p.auth(op)
	}
}

// send sends r (with the probe's headers unless bare) and reads the answer.
func (p *prober) send(r *probeRequest, extra http.Header) (*exchange, error) {
	if extra == nil {
		extra = p.opts.header
	}
	base := p.target.base
	if p.target.handler != nil {
		base = "http://probe.test"
	}
	if !p.allowed(r) {
		p.withheld[r.op]++
		p.report.Withheld++
		return nil, errWithheld
	}
	req, err := r.build(base, extra)
	if err != nil {
		return nil, err
	}
	req = req.WithContext(p.ctx)
	p.report.Requests++
	x := &exchange{req: r, sent: req}
	if p.target.handler != nil {
		x.err = serveInProcess(p.target.handler, req, x)
	} else {
		x.err = p.roundTrip(req, x)
	}
	if x.err == nil {
		p.answered[r.op]++
	}
	p.remember(x)
	// The validator reads the request again: give it a fresh body and a
	// path relative to the document.
	vreq, _ := r.build("http://probe.invalid", extra)
	x.sent = vreq
	return x, nil
}

// roundTrip sends req to the live target and reads the whole answer; an
// error (reset, EOF, timeout, truncated body) means the service gave no
// usable answer.
func (p *prober) roundTrip(req *http.Request, x *exchange) error {
	res, err := p.target.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	x.body, err = io.ReadAll(io.LimitReader(res.Body, 8<<20))
	if err != nil {
		return err
	}
	x.status, x.header = res.StatusCode, res.Header
	return nil
}

// serveInProcess calls an in-process handler; a panic is what a crash
// that drops the connection is over the network.
func serveInProcess(h http.Handler, req *http.Request, x *exchange) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("the handler panicked: %v", v)
		}
	}()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	x.status, x.header, x.body = res.StatusCode, res.Header, rec.Body.Bytes()
	return nil
}

// failure records a finding on an exchange.
func (p *prober) failure(phase string, x *exchange, f finding, seed uint64, extra http.Header) {
	p.failureIn(phase, x, f, seed, "", extra)
}

func (p *prober) failureIn(phase string, x *exchange, f finding, seed uint64, failfile string, extra http.Header) {
	d := p.describe(phase, x, f, seed, extra)
	d.FailFile = failfile
	p.record(causeKey(x, f), d)
}

func (p *prober) describe(phase string, x *exchange, f finding, seed uint64, extra http.Header) Failure {
	if extra == nil {
		extra = p.opts.header
	}
	op := x.req.op
	body := string(x.body)
	if len(body) > 600 {
		body = body[:600] + "…"
	}
	return Failure{
		Check: f.check, Phase: phase, Operation: op.ID, Endpoint: op.String(), Message: f.msg,
		Status: x.status, Response: strings.TrimSpace(body), Curl: x.req.curl(p.target.base, extra), Seed: seed,
	}
}

// unknown drops the findings that Known options cover, recording the
// first of each in the report.
func (p *prober) unknown(phase string, x *exchange, fs []finding, extra http.Header) []finding {
	var out []finding
	for _, f := range fs {
		i := slices.IndexFunc(p.opts.known, func(k known) bool {
			return k.check == f.check && (k.op == "*" || k.op == x.req.op.ID || k.op == x.req.op.String())
		})
		if i < 0 {
			out = append(out, f)
			continue
		}
		if !slices.ContainsFunc(p.report.Known, func(k Failure) bool { return k.Check == f.check && k.Operation == x.req.op.ID }) {
			kf := p.describe(phase, x, f, 0, extra)
			kf.Known = p.opts.known[i].reason
			p.report.Known = append(p.report.Known, kf)
		}
	}
	return out
}

// Probe is property-based contract testing inside go test, in the manner
// of Schemathesis. For every operation of the target's document it
//
//   - sends valid requests drawn from the schemas (examples phase) and
//     checks each answer: no 5xx, status and media type documented, body
//     and headers conform, no undocumented property, no 400/422;
//   - sends requests that break exactly one constraint (negative phase)
//     and wants a 4xx;
//   - sends each limit at its value and one past it (boundary phase);
//   - calls guarded operations, with the required inputs only, without
//     and with bad credentials (auth phase) and wants 401 or 403;
//   - creates a resource by POST, fetches it by the id the answer gives,
//     deletes it and wants it gone (stateful phase).
//
// Failing randomised cases are shrunk by rapid. A boundary request starts
// with every optional part filled in; what it finds is reported without the
// optional parameters and properties that play no role in it (each is
// dropped and the request sent again, at most 24 times per failure, and
// only while the failure would become its cause's example). Each failure
// is reported with a curl command and a one-line go test replay that
// includes the seed (-rapid.seed) and selects the operation and phase
// (OnlyEnv). As rapid
// does in any test, it also saves the shrunk case under testdata/rapid/
// and replays it first on the next run (-rapid.nofailfile turns that off).
// Each randomised phase sends Examples requests (DefaultExamples), at most
// -rapid.checks (100 unless set).
func Probe(t testing.TB, target Target, opts ...ProbeOption) *ProbeReport {
	t.Helper()
	dir, _ := os.Getwd()
	test := "^" + strings.ReplaceAll(regexpQuote(t.Name()), "/", "$/^") + "$"
	replay := func(f Failure) string {
		s := fmt.Sprintf("cd %s && %s=%s go test -run '%s'", shellQuote(dir), OnlyEnv, shellQuote(f.Operation+":"+f.Phase), test)
		switch {
		case f.Seed != 0:
			s += fmt.Sprintf(" -rapid.seed=%d", f.Seed)
		case f.FailFile != "":
			s += fmt.Sprintf(" -rapid.failfile=%s", shellQuote(f.FailFile))
		}
		return s + " ."
	}
	r, err := runProbe(context.Background(), target, t.Name(), opts)
	if err != nil {
		t.Fatalf("contract.Probe: %v", err)
	}
	for _, f := range r.Failures {
		t.Errorf("contract.Probe: %s  replay: %s", f, replay(f))
	}
	for _, n := range r.Idle {
		t.Errorf("contract.Probe: a phase sent nothing: %s", n)
	}
	for _, f := range r.Known {
		t.Logf("contract.Probe: known failure (%s): %s", f.Known, f)
	}
	for _, op := range r.Unexercised {
		t.Errorf("contract.Probe: %s got no answer at all", op)
	}
	if len(r.Failures) == 0 {
		t.Logf("contract.Probe: %d operations, %d requests, no failures", r.Operations, r.Requests)
	}
	for _, n := range r.Notes {
		t.Logf("contract.Probe: note: %s", n)
	}
	return r
}

func regexpQuote(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// skipped lists op in the report as left out for safety, with why.
func (p *prober) skipped(op *operation, why string) {
	p.report.Skipped = append(p.report.Skipped, op.String()+": "+why)
}

// skippedProbed counts the probed operations that ended up skipped.
func (p *prober) skippedProbed(probed []*operation) int {
	n := 0
	for _, op := range probed {
		if p.answered[op] == 0 && p.withheld[op] > 0 {
			n++
		}
	}
	return n
}

// idle records that a phase sent nothing to op although it should have.
func (p *prober) idle(op *operation, phase, why string) {
	p.report.Idle = append(p.report.Idle, fmt.Sprintf("%s: %s phase: %s", op, phase, why))
}
