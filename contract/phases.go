package contract

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"pgregory.net/rapid"
)

// The randomised phases run under rapid so that a failing request shrinks
// to a small one. rapid needs a testing.TB; collector is one that records
// instead of failing, so that one operation's failure does not stop the
// others and the probe also runs outside go test (the CLI).

type collector struct {
	name   string
	mu     sync.Mutex
	failed bool
	errs   []string
}

func (c *collector) Helper()             {}
func (c *collector) Name() string        { return c.name }
func (c *collector) Logf(string, ...any) {}
func (c *collector) Log(...any)          {}
func (c *collector) Skipf(f string, a ...any) {
	c.Errorf(f, a...)
}
func (c *collector) Skip(a ...any) { c.Error(a...) }
func (c *collector) SkipNow()      { c.Fail() }
func (c *collector) Errorf(f string, a ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failed = true
	c.errs = append(c.errs, fmt.Sprintf(f, a...))
}
func (c *collector) Error(a ...any)            { c.Errorf("%s", fmt.Sprint(a...)) }
func (c *collector) Fatalf(f string, a ...any) { c.Errorf(f, a...) }
func (c *collector) Fatal(a ...any)            { c.Error(a...) }
func (c *collector) FailNow()                  { c.Fail() }
func (c *collector) Fail()                     { c.mu.Lock(); c.failed = true; c.mu.Unlock() }
func (c *collector) Failed() bool              { c.mu.Lock(); defer c.mu.Unlock(); return c.failed }

var (
	seedRE     = regexp.MustCompile(`-rapid\.seed=(\d+)`)
	failfileRE = regexp.MustCompile(`-rapid\.failfile="([^"]+)"`)
)

// outcome is what one run of a property saw: the exchange and what failed.
type outcome struct {
	x        *exchange
	findings []finding
	extra    map[string]string
}

// rapidPhase runs prop under rapid for up to the probe's examples, and
// reports the shrunk failing case. prop returns nil when all was well.
func (p *prober) rapidPhase(op *operation, phase string, prop func(t *rapid.T) *outcome) {
	var (
		count   int
		failing bool
		last    *outcome
	)
	c := &collector{name: kindaSafe(p.name + "_" + op.ID + "_" + phase)}
	withheld := p.withheld[op]
	rapid.Check(c, func(t *rapid.T) {
		if p.ctx.Err() != nil || !failing && count >= p.opts.examples {
			return
		}
		out := prop(t)
		count++
		if out != nil && out.x.err != nil {
			out.findings = crashed(out.x)
		}
		if out != nil {
			out.findings = p.unknown(phase, out.x, out.findings, nil)
		}
		if out != nil && len(out.findings) > 0 {
			failing, last = true, out
			// A stable message: rapid shrinks towards the same failure.
			t.Fatalf("%s", out.findings[0].check)
		}
	})
	if !c.failed {
		return
	}
	if last == nil && p.withheld[op] > withheld {
		// rapid gave up because the safety mode held the phase's requests
		// back (the probe's own resources ran out): by design, not idle.
		p.skipped(op, phase+" phase: stopped early: the probe had no resource of its own left to address and could not create one")
		return
	}
	if last == nil {
		// rapid stopped for a reason of its own (a generator that cannot
		// draw, a panic in the probe): the phase did not run, which is a
		// failure of the probe, not a note.
		p.idle(op, phase, firstLine(strings.Join(c.errs, "; ")))
		return
	}
	var seed uint64
	var failfile string
	for _, e := range c.errs {
		if m := seedRE.FindStringSubmatch(e); m != nil {
			seed, _ = strconv.ParseUint(m[1], 10, 64)
		}
		if m := failfileRE.FindStringSubmatch(e); m != nil {
			failfile = m[1]
		}
	}
	for _, f := range last.findings {
		p.failureIn(phase, last.x, f, seed, failfile, nil)
	}
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func kindaSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-', r == '.':
			return r
		}
		return '_'
	}, s)
}

// examples sends valid requests and checks every answer.
func (p *prober) examples(op *operation) {
	g := &generator{doc: p.doc, mode: modeRandom}
	sent, refused, withheld := 0, 0, 0
	p.rapidPhase(op, PhaseExamples, func(t *rapid.T) *outcome {
		r := g.request(t, op)
		p.pin(r)
		if ok, why := p.validRequest(r); !ok {
			t.Skipf("the generated request is not valid: %s", why)
		}
		x, err := p.send(r, nil)
		if errors.Is(err, errWithheld) {
			withheld++
			t.Skipf("%v", err)
		}
		if err != nil {
			t.Fatalf("sending: %v", err)
		}
		sent++
		if x.err == nil && x.status == 401 {
			refused++
		}
		return &outcome{x: x, findings: p.positive(x)}
	})
	if sent == 0 && withheld == 0 && p.ctx.Err() == nil {
		p.idle(op, PhaseExamples, "no valid request could be generated")
	}
	if op.secured() && sent > 0 && refused == sent {
		p.note("%s: every valid request got 401: are the credentials (Header) right?", op)
	}
}

// positive checks the answer to a valid request.
func (p *prober) positive(x *exchange) []finding {
	out := p.conforms(x)
	if x.status == 400 || x.status == 422 {
		out = append(out, finding{CheckValidAccepted, fmt.Sprintf("a request the document says is valid was refused with %d", x.status)})
	}
	return out
}

// negativeCheck checks the answer to a request that breaks mut.
func (p *prober) negativeCheck(x *exchange, mut mutation) []finding {
	out := p.conforms(x)
	if x.status < 400 {
		out = append(out, finding{CheckInvalidRejected, fmt.Sprintf("a request with %s was accepted with %d", mut.what, x.status)})
	}
	return out
}

// negative sends requests that break one constraint each.
func (p *prober) negative(op *operation) {
	g := &generator{doc: p.doc, mode: modeFull}
	all := p.mutations(op)
	muts := p.safeMutations(op, all)
	if len(muts) == 0 {
		if len(all) > 0 {
			p.skipped(op, "negative phase: every constraint it breaks is on the resource's id, and the probe changes only its own resources (Destructive, --destructive, sends them)")
		}
		return
	}
	p.rapidPhase(op, PhaseNegative, func(t *rapid.T) *outcome {
		base := g.request(t, op)
		g.prune(t, base)
		p.pin(base)
		mut := muts[rapid.IntRange(0, len(muts)-1).Draw(t, "mutation")]
		r := base.clone()
		if !mut.apply(r) {
			t.Skipf("%s does not apply", mut.what)
		}
		if ok, _ := p.validRequest(r); ok {
			t.Skipf("%s leaves the request valid", mut.what)
		}
		x, err := p.send(r, nil)
		if errors.Is(err, errWithheld) {
			// The mutation moved the request off the probe's own
			// resource (a changed id): not sent, by design.
			t.Skipf("%v", err)
		}
		if err != nil {
			t.Fatalf("sending: %v", err)
		}
		return &outcome{x: x, findings: p.negativeCheck(x, mut)}
	})
}
