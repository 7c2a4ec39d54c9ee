package contract

import (
	"errors"
	"net/http"

	"pgregory.net/rapid"
)

// baseRequest returns a valid request for op with every optional part
// filled in, made deterministically from seed; nil when none is found.
func (p *prober) baseRequest(op *operation, seed int) *probeRequest {
	g := &generator{doc: p.doc, mode: modeFull}
	for i := range 20 {
		r, ok := example(func(t *rapid.T) *probeRequest { return g.request(t, op) }, seed+i)
		if ok {
			p.pin(r)
			if valid, _ := p.validRequest(r); valid {
				return r
			}
		}
	}
	return nil
}

// boundary sends every limit of op at its value (a valid request: it must
// be answered as one) and one past it (it must get a 4xx).
func (p *prober) boundary(op *operation) {
	base := p.baseRequest(op, 1)
	if base == nil {
		p.idle(op, PhaseBoundary, "no valid request could be generated")
		return
	}
	for _, s := range p.sites(op) {
		for _, l := range p.limits(s.schema, s.param != nil) {
			if p.ctx.Err() != nil {
				return
			}
			at := base.clone()
			p.pin(at) // the last request may have deleted base's resource
			if s.set(at, deepCopy(l.at), false) {
				if ok, _ := p.validRequest(at); ok {
					p.sendBoundary(at, s, l.at, p.positive)
				}
			}
			past := base.clone()
			p.pin(past)
			// Worded as the negative phase words the same mutation, so
			// that both phases' findings are one cause.
			mut := mutation{what: s.label + " = " + l.what + " exceeded"}
			if s.set(past, deepCopy(l.past), false) {
				if ok, _ := p.validRequest(past); !ok {
					p.sendBoundary(past, s, l.at, func(x *exchange) []finding { return p.negativeCheck(x, mut) })
				}
			}
		}
	}
}

// sendBoundary sends a boundary request and records what failed, each new
// cause with the smallest variant of r that still shows it (minimize).
func (p *prober) sendBoundary(r *probeRequest, s site, at any, check func(*exchange) []finding) {
	x, fs := p.sendFind(r, PhaseBoundary, nil, check)
	for _, f := range p.unknown(PhaseBoundary, x, fs, nil) {
		shown, sf := x, f
		if p.wouldReport(x, f) {
			shown, sf = p.minimize(x, f, s, at, check)
		}
		p.failure(PhaseBoundary, shown, sf, 0, nil)
	}
}

// wouldReport reports whether f on x would become its cause's example:
// the cause is new, or x's request is simpler than the one shown so far.
// Only then is minimizing it worth its requests.
func (p *prober) wouldReport(x *exchange, f finding) bool {
	i, seen := p.causes[causeKey(x, f)]
	return !seen || simpler(p.describe(PhaseBoundary, x, f, 0, nil), p.report.Failures[i])
}

// sendCheck sends r with the probe's headers, checks the answer and
// records what failed.
func (p *prober) sendCheck(r *probeRequest, phase string, check func(*exchange) []finding) {
	p.sendCheckWith(r, phase, nil, check)
}

func (p *prober) sendCheckWith(r *probeRequest, phase string, h http.Header, check func(*exchange) []finding) *exchange {
	x, fs := p.sendFind(r, phase, h, check)
	for _, f := range p.unknown(phase, x, fs, h) {
		p.failure(phase, x, f, 0, h)
	}
	return x
}

// sendFind sends r and checks the answer; a nil exchange when r was not
// sent (withheld by the safety mode, or it could not be built).
func (p *prober) sendFind(r *probeRequest, phase string, h http.Header, check func(*exchange) []finding) (*exchange, []finding) {
	x, err := p.send(r, h)
	if errors.Is(err, errWithheld) {
		return nil, nil // counted in Withheld; never sent, so nothing to check
	}
	if err != nil {
		p.idle(r.op, phase, err.Error())
		return nil, nil
	}
	if x.err != nil {
		return x, crashed(x)
	}
	return x, check(x)
}
