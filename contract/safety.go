package contract

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// The probe is safe by default: it sends GET, HEAD and OPTIONS anywhere,
// POST to paths without parameters (that is how it creates), and every
// other unsafe request — PUT, PATCH, DELETE, POST under a parameterised
// path — only to resources it created itself in this run (ownership.go).
// Destructive lifts the restriction, ReadOnly sends safe methods only.
// doc.go states the rules and the reasons for users.

// safety is how much the probe may change on the target.
type safety int

const (
	safeOwn     safety = iota // unsafe requests only to what the probe created
	readOnly                  // GET, HEAD and OPTIONS only
	destructive               // any method to any id the generator draws
)

// ReadOnly restricts the probe to safe methods (GET, HEAD, OPTIONS): it
// creates, changes and deletes nothing, so the stateful phase does not run.
// The other operations are listed in the report's Skipped.
func ReadOnly() ProbeOption { return func(o *probeOptions) { o.safety = readOnly } }

// Destructive lets the probe send PUT, PATCH, DELETE and POST to any id
// its generator draws, as the document allows: DELETE /users/1 included.
// Use it only against a disposable environment. Without it the probe sends
// those requests only to resources it created in this run.
func Destructive() ProbeOption { return func(o *probeOptions) { o.safety = destructive } }

// Exclude leaves operations out of the probe (operationId or
// "METHOD /path"), such as a POST action that changes shared state without
// naming a resource (POST /admin/reset); they are listed in Skipped. The
// probe does not use an excluded POST to create resources either.
func Exclude(ops ...string) ProbeOption {
	return func(o *probeOptions) { o.exclude = append(o.exclude, ops...) }
}

// errWithheld is why send refused a request: the safety mode forbids it.
var errWithheld = errors.New("contract: withheld: the request would change a resource the probe did not create")

// safeMethod reports whether m changes nothing on the server (RFC 9110
// 9.2.1), so that the probe may send it anywhere.
func safeMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}

// excluded reports whether Exclude names op.
func (p *prober) excluded(op *operation) bool {
	for _, e := range p.opts.exclude {
		e = strings.TrimSpace(e)
		if e == op.ID || e == op.String() {
			return true
		}
	}
	return false
}

// mayProbe says whether the safety mode lets the probe call op at all, and
// why not. For an operation on a resource it makes sure the probe owns
// one, creating it if need be, so that a phase never finds nothing to
// address.
func (p *prober) mayProbe(op *operation) (bool, string) {
	switch {
	case p.excluded(op):
		return false, "excluded (Exclude, --exclude)"
	case safeMethod(op.Method) || p.opts.safety == destructive:
		return true, ""
	case p.opts.safety == readOnly:
		return false, op.Method + " is not a safe method and the probe is read-only (ReadOnly, --read-only)"
	case op.Method == http.MethodPost && !strings.Contains(op.Path, "{"):
		return true, ""
	}
	item, ok := p.own.collection(op)
	if !ok {
		return false, fmt.Sprintf("%s would change a resource the probe did not create, and no POST of the document creates one it could address instead (Destructive, --destructive, sends it to drawn ids)", op.Method)
	}
	if p.own.live(item) == nil {
		if why := p.create(item); why != "" {
			return false, fmt.Sprintf("the probe sends %s only to resources it created, and could not create one: %s", op.Method, why)
		}
	}
	return true, ""
}

// allowed reports whether r may be sent under the safety mode.
func (p *prober) allowed(r *probeRequest) bool {
	op := r.op
	switch {
	case safeMethod(op.Method) || p.opts.safety == destructive:
		return true
	case p.opts.safety == readOnly:
		return false
	case op.Method == http.MethodPost && !strings.Contains(op.Path, "{"):
		return true
	}
	item, ok := p.own.collection(op)
	if !ok {
		return false
	}
	// Only a live resource: a store may give a deleted resource's id to
	// the next one created, which would then be someone else's.
	for _, res := range p.own.items[item] {
		if !res.deleted && res.addressedBy(r) {
			return true
		}
	}
	return false
}

// pin points an unsafe request at the newest live resource the probe
// owns under the request's path, creating one when none is left. It leaves
// safe requests, and every request in Destructive mode, as drawn.
func (p *prober) pin(r *probeRequest) {
	if safeMethod(r.op.Method) || p.opts.safety != safeOwn || !strings.Contains(r.op.Path, "{") {
		return
	}
	item, ok := p.own.collection(r.op)
	if !ok {
		return
	}
	res := p.own.live(item)
	if res == nil && p.create(item) == "" {
		res = p.own.live(item)
	}
	if res == nil {
		return // send withholds it: nothing of the probe's to address
	}
	names := pathParamRE.FindAllString(r.op.Path, -1)
	for i, id := range res.ids {
		r.path[strings.Trim(names[i], "{}")] = id
	}
}

// safeMutations drops, in the default mode, the mutations of an unsafe
// operation that change a path parameter: the request would no longer
// name the probe's own resource, and a server that misreads the broken id
// (1.5 as 1) would change someone else's. The GET on the same path, if
// any, tries those ids safely.
func (p *prober) safeMutations(op *operation, muts []mutation) []mutation {
	if safeMethod(op.Method) || p.opts.safety != safeOwn || !strings.Contains(op.Path, "{") {
		return muts
	}
	return slices.DeleteFunc(slices.Clone(muts), func(m mutation) bool { return m.onPath })
}
