package contract

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"pgregory.net/rapid"
)

// The stateful phase follows links the way a client does: a resource
// created by POST /things can be fetched at /things/{id} (the id taken from
// the Location header or from the response body) and is gone after DELETE.

func (p *prober) stateful(ops []*operation) {
	byKey := map[string]*operation{}
	for _, o := range ops {
		byKey[o.key()] = o
	}
	for _, create := range ops {
		if create.Method != "POST" || !p.wanted(create, PhaseStateful) || create.secured() && !p.hasCredentials(create) || p.excluded(create) || p.opts.safety == readOnly {
			continue
		}
		item := strings.TrimRight(create.Path, "/") + "/{}"
		get, del := byKey["GET "+normPath(item)], byKey["DELETE "+normPath(item)]
		if get == nil && del == nil {
			continue
		}
		if p.ctx.Err() != nil {
			return
		}
		p.lifecycle(create, get, del)
	}
}

func (p *prober) lifecycle(create, get, del *operation) {
	g := &generator{doc: p.doc, mode: modeRandom}
	var made *exchange
	for seed := range 10 {
		r, ok := example(func(t *rapid.T) *probeRequest { return g.request(t, create) }, 1000+seed)
		if !ok {
			continue
		}
		p.pin(r) // a nested collection: under a parent the probe created
		if valid, _ := p.validRequest(r); !valid {
			continue
		}
		x := p.sendCheckWith(r, PhaseStateful, nil, p.conforms)
		if x != nil && x.status >= 200 && x.status < 300 {
			made = x
			break
		}
	}
	if made == nil {
		p.note("%s: stateful phase: no request created a resource", create)
		return
	}
	other := get
	if other == nil {
		other = del
	}
	names := pathParamRE.FindAllString(other.Path, -1)
	idName := strings.Trim(names[len(names)-1], "{}")
	id, ok := resourceID(made, idName)
	if !ok {
		p.failure(PhaseStateful, made, finding{CheckStateful, fmt.Sprintf(
			"the created resource names no id: no Location header and no %q or \"id\" in the body", idName)}, 0, nil)
		return
	}
	at := func(op *operation) *probeRequest {
		r := p.baseRequest(op, 3)
		if r == nil {
			return nil
		}
		for k, v := range made.req.path {
			r.path[k] = v
		}
		r.path[idName] = id
		return r
	}
	where := fmt.Sprintf("%s/%s", strings.TrimRight(create.Path, "/"), id)
	expect := func(op *operation, ok func(int) bool, want string) bool {
		r := at(op)
		if r == nil {
			p.idle(op, PhaseStateful, "no valid request could be generated")
			return false
		}
		x := p.sendCheckWith(r, PhaseStateful, nil, func(x *exchange) []finding {
			out := p.conforms(x)
			if x.status == 401 || x.status == 403 {
				p.note("%s: stateful phase stopped: %s %s answered %d (the credentials may not act on this resource)", create, op.Method, where, x.status)
				return out
			}
			if !ok(x.status) {
				out = append(out, finding{CheckStateful, fmt.Sprintf("%s %s %s, got %d", op.Method, where, want, x.status)})
			}
			return out
		})
		return x != nil && ok(x.status)
	}
	success := func(s int) bool { return s >= 200 && s < 300 }
	gone := func(s int) bool { return s == 404 || s == 410 }
	if get != nil && !expect(get, success, "should find the resource POST "+create.Path+" created") {
		return
	}
	if del == nil {
		return
	}
	if !expect(del, success, "should delete the resource") {
		return
	}
	if get != nil {
		expect(get, gone, "should not find the deleted resource (404 or 410)")
	} else {
		expect(del, gone, "should not find the deleted resource again (404 or 410)")
	}
}

// resourceID finds the id of a created resource: the last segment of the
// Location header, else a body field named like the path parameter, else
// "id".
func resourceID(x *exchange, param string) (string, bool) {
	if loc := x.header.Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			seg := u.Path[strings.LastIndex(u.Path, "/")+1:]
			if seg, err := url.PathUnescape(seg); err == nil && seg != "" {
				return seg, true
			}
		}
	}
	var body map[string]any
	if json.Unmarshal(x.body, &body) != nil {
		return "", false
	}
	for _, k := range []string{param, snakeToCamel(param), "id", "ID", "Id"} {
		if v, ok := body[k]; ok && v != nil {
			return scalar(v), true
		}
	}
	return "", false
}

func snakeToCamel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
