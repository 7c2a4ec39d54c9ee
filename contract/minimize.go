package contract

import "slices"

// The boundary phase starts from a request with every optional part filled
// in, so that each limit is tried where it lives. A failure it finds is
// not shrunk by rapid, and would be reported with parts that play no role
// in it. minimize drops those parts one at a time, keeping each drop after
// which the server still shows the same cause.

// minimizeBudget bounds the requests one minimization sends: each is a
// real request to the target, and a create may leave a resource behind.
const minimizeBudget = 24

// minimize returns the smallest variant of x's request that still shows
// f's cause, with its exchange and finding; x and f when none is smaller.
// keep is the site under test, never dropped (nor its ancestors). Each
// candidate must be as valid as the original was meant to be: with keep
// set to at, the document must accept it, so that a drop never adds a
// second reason to refuse it.
func (p *prober) minimize(x *exchange, f finding, keep site, at any, check func(*exchange) []finding) (*exchange, finding) {
	want := causeKey(x, f)
	budget := minimizeBudget
	for _, s := range p.sites(x.req.op) {
		if budget == 0 || p.ctx.Err() != nil {
			break
		}
		if !droppable(s, keep) {
			continue
		}
		cand := x.req.clone()
		if !s.set(cand, nil, true) || sameRequest(cand, x.req) {
			continue // already absent, or under a part dropped before
		}
		probe := cand.clone()
		keep.set(probe, deepCopy(at), false)
		if ok, _ := p.validRequest(probe); !ok {
			continue
		}
		p.pin(cand)
		budget--
		cx, err := p.send(cand, nil)
		if err != nil {
			continue
		}
		fs := crashed(cx)
		if cx.err == nil {
			fs = check(cx)
		}
		if i := slices.IndexFunc(fs, func(g finding) bool { return causeKey(cx, g) == want }); i >= 0 {
			x, f = cx, fs[i]
		}
	}
	return x, f
}

// leanest returns r without the optional parts the document lets it drop:
// the request the auth phase sends, so that a guard's failure is shown on
// the fewest inputs. It sends nothing.
func (p *prober) leanest(r *probeRequest) *probeRequest {
	for _, s := range p.sites(r.op) {
		if !droppable(s, site{}) {
			continue
		}
		cand := r.clone()
		if s.set(cand, nil, true) {
			if ok, _ := p.validRequest(cand); ok {
				r = cand
			}
		}
	}
	return r
}

// droppable reports whether s is an optional part that is not keep and
// does not hold it.
func droppable(s, keep site) bool {
	if s.param != nil {
		return !s.param.Required && s.param.In != "path" && s.param != keep.param
	}
	if len(s.path) == 0 || s.parent == nil || keep.param == nil && len(s.path) <= len(keep.path) && slices.Equal(s.path, keep.path[:len(s.path)]) {
		return false
	}
	name := s.path[len(s.path)-1]
	return name != "[]" && !requiredSet(s.parent)[name]
}

// sameRequest reports whether a drop changed nothing.
func sameRequest(a, b *probeRequest) bool {
	return a.curl("", nil) == b.curl("", nil)
}

// causeKey identifies a finding's cause on its operation, as record does.
func causeKey(x *exchange, f finding) string {
	return x.req.op.ID + "\x00" + x.req.op.String() + "\x00" + f.check + "\x00" + cause(f, x)
}
