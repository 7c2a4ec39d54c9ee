package contract

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"pgregory.net/rapid"
)

// The probe remembers what it created in this run, so that its unsafe
// requests address only those resources and so that it can delete them at
// the end. A resource lives at an item path: POST /lists/{list_id}/todos
// creates under the item path /lists/{}/todos/{}, addressed by the list's
// id and its own.

// owned is one resource the probe created.
type owned struct {
	item    string   // normalised item path, as /lists/{}/todos/{}
	ids     []string // the value of each {} of item, in order
	deleted bool
}

// path is where the resource lives, as /lists/3/todos/7.
func (r *owned) path() string {
	i := 0
	return pathParamRE.ReplaceAllStringFunc(r.item, func(string) string {
		i++
		return r.ids[i-1]
	})
}

// addressedBy reports whether the path parameters of req name r (and its
// parents) in their leading positions.
func (r *owned) addressedBy(req *probeRequest) bool {
	names := pathParamRE.FindAllString(req.op.Path, -1)
	if len(names) < len(r.ids) {
		return false
	}
	for i, id := range r.ids {
		if req.path[strings.Trim(names[i], "{}")] != id {
			return false
		}
	}
	return true
}

// ownership is what the probe created, and how the document lets it
// create and delete each kind of resource.
type ownership struct {
	creator map[string]*operation // item path → the POST that creates there
	deleter map[string]*operation // item path → its DELETE
	idName  map[string]string     // item path → its last parameter's name
	items   map[string][]*owned
	failed  map[string]string // item path → why creating failed
	tries   map[string]int    // failed creations per item path
}

func newOwnership(ops []*operation) *ownership {
	o := &ownership{creator: map[string]*operation{}, deleter: map[string]*operation{}, idName: map[string]string{},
		items: map[string][]*owned{}, failed: map[string]string{}, tries: map[string]int{}}
	for _, op := range ops {
		if names := pathParamRE.FindAllString(op.Path, -1); len(names) > 0 && strings.HasSuffix(normPath(op.Path), "{}") {
			o.idName[normPath(op.Path)] = strings.Trim(names[len(names)-1], "{}")
		}
		if op.Method == http.MethodDelete {
			o.deleter[normPath(op.Path)] = op
		}
	}
	for _, op := range ops {
		item := normPath(strings.TrimRight(op.Path, "/") + "/{}")
		// A POST creates when the document has operations on what it
		// creates; POST /auth/login, with no /auth/login/{…}, does not.
		if _, ok := o.idName[item]; ok && op.Method == http.MethodPost {
			o.creator[item] = op
		}
	}
	return o
}

// collection returns the item path whose resources op addresses: the
// longest prefix of op's path, ending in a parameter, that a POST of the
// document creates.
func (o *ownership) collection(op *operation) (string, bool) {
	segs := strings.Split(normPath(op.Path), "/")
	for n := len(segs); n > 0; n-- {
		if segs[n-1] != "{}" {
			continue
		}
		if key := strings.Join(segs[:n], "/"); o.creator[key] != nil {
			return key, true
		}
	}
	return "", false
}

// live returns the newest live resource at item, or nil.
func (o *ownership) live(item string) *owned {
	rs := o.items[item]
	for i := len(rs) - 1; i >= 0; i-- {
		if !rs[i].deleted {
			return rs[i]
		}
	}
	return nil
}

// maxCreateFailures bounds the attempts to create a resource at one item
// path, so that a creator that refuses every request costs little.
const maxCreateFailures = 3

// create makes one resource at item with the document's POST; remember
// records it. It returns why it could not ("" when it did).
func (p *prober) create(item string) string {
	o := p.own
	op := o.creator[item]
	switch {
	case op == nil:
		return "no POST of the document creates at " + item
	case o.tries[item] >= maxCreateFailures:
		return o.failed[item]
	case p.excluded(op):
		return op.String() + " is excluded"
	case op.secured() && !p.hasCredentials(op):
		return op.String() + " needs credentials and none were given (Header)"
	}
	before := len(o.items[item])
	g := &generator{doc: p.doc, mode: modeRandom}
	why := op.String() + ": no valid request could be generated"
	for seed := range 10 {
		r, ok := example(func(t *rapid.T) *probeRequest { return g.request(t, op) }, 5000+seed+10*o.tries[item])
		if !ok {
			continue
		}
		p.pin(r)
		if valid, _ := p.validRequest(r); !valid {
			continue
		}
		x, err := p.send(r, nil)
		switch {
		case err != nil:
			why = fmt.Sprintf("%s: %v", op, err)
		case x.err != nil:
			why = fmt.Sprintf("%s got no answer: %v", op, x.err)
		case len(o.items[item]) > before:
			return ""
		case x.status >= 200 && x.status < 300:
			why = fmt.Sprintf("%s answered %d and named no id (Location header or an id property)", op, x.status)
		default:
			why = fmt.Sprintf("%s answered %d", op, x.status)
		}
	}
	o.tries[item]++
	o.failed[item] = why
	return why
}

// remember records what an answer says about the probe's resources: one
// created (a 2xx to a creating POST that names an id), or one gone (a 2xx,
// 404 or 410 to its DELETE).
func (p *prober) remember(x *exchange) {
	if x.err != nil {
		return
	}
	o, op := p.own, x.req.op
	switch {
	case op.Method == http.MethodPost && x.status >= 200 && x.status < 300:
		item := normPath(strings.TrimRight(op.Path, "/") + "/{}")
		if o.creator[item] != op {
			return
		}
		id, ok := resourceID(x, o.idName[item])
		if !ok {
			return
		}
		var ids []string
		for _, n := range pathParamRE.FindAllString(op.Path, -1) {
			ids = append(ids, x.req.path[strings.Trim(n, "{}")])
		}
		o.items[item] = append(o.items[item], &owned{item: item, ids: append(ids, id)})
		p.report.Created++
	case op.Method == http.MethodDelete && (x.status >= 200 && x.status < 300 || x.status == 404 || x.status == 410):
		for _, res := range o.items[normPath(op.Path)] {
			if res.addressedBy(x.req) {
				res.deleted = true
			}
		}
	}
}

// cleanup deletes what the probe created and has not deleted, deepest
// first, where the document has a DELETE for it. What stays is listed in
// the report's Remaining and summed up in a note: never silently.
func (p *prober) cleanup() {
	o := p.own
	items := sortedKeys(o.items)
	slices.SortStableFunc(items, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	left := 0
	for _, item := range items {
		for _, res := range o.items[item] {
			if res.deleted {
				continue
			}
			if why := p.delete(res); why != "" {
				left++
				p.report.Remaining = append(p.report.Remaining, res.path()+": "+why)
			}
		}
	}
	if left > 0 {
		p.note("cleanup: %d of the %d resources the probe created remain on the target (see Remaining)", left, p.report.Created)
	}
}

// delete removes one resource the probe created; it returns why it could
// not ("" when it did).
func (p *prober) delete(res *owned) string {
	del := p.own.deleter[res.item]
	switch {
	case del == nil:
		return "the document has no DELETE for " + res.item
	case p.excluded(del):
		return del.String() + " is excluded"
	case del.secured() && !p.hasCredentials(del):
		return del.String() + " needs credentials and none were given (Header)"
	case p.ctx.Err() != nil:
		return "the probe was interrupted"
	}
	r := p.baseRequest(del, 11)
	if r == nil {
		r = &probeRequest{op: del, path: map[string]string{}, query: map[string][]string{}, header: http.Header{}}
	}
	names := pathParamRE.FindAllString(del.Path, -1)
	for i, id := range res.ids {
		r.path[strings.Trim(names[i], "{}")] = id
	}
	x, err := p.send(r, nil)
	switch {
	case err != nil:
		return fmt.Sprintf("%s: %v", del, err)
	case x.err != nil:
		return fmt.Sprintf("%s got no answer: %v", del, x.err)
	case !res.deleted:
		return fmt.Sprintf("%s answered %d", del, x.status)
	}
	return ""
}
