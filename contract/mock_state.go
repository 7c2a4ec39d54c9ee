package contract

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// store is the memory of a stateful mock: the items of each collection, by
// identifier, in the order they were made.
type store struct {
	m      *mock
	mu     sync.Mutex
	res    map[string]*resource // by collection and by item template
	nextID uint64
}

type resource struct {
	Resource
	items map[string]map[string]any
	order []string
}

// newStore infers collections from path templates: /items with a POST and
// /items/{id} beside it. Explicit resources replace inferred ones.
func newStore(m *mock, explicit []Resource) (*store, error) {
	s := &store{m: m, res: map[string]*resource{}}
	templates := map[string]bool{}
	for _, mo := range m.ops {
		templates[mo.op.Path] = true
	}
	add := func(r Resource) {
		rs := &resource{Resource: r, items: map[string]map[string]any{}}
		s.res[r.Collection], s.res[r.Item] = rs, rs
	}
	for _, mo := range m.ops {
		if mo.op.Method != "POST" {
			continue
		}
		for t := range templates {
			rest, ok := strings.CutPrefix(t, strings.TrimSuffix(mo.op.Path, "/")+"/")
			if ok && isParamSeg(rest) && !strings.Contains(rest, "/") {
				add(Resource{Collection: mo.op.Path, Item: t, IDField: idField(m, t, rest[1:len(rest)-1])})
			}
		}
	}
	for _, r := range explicit {
		if !templates[r.Collection] || !templates[r.Item] {
			return nil, fmt.Errorf("stateful resource %s, %s: both must be paths of the document", r.Collection, r.Item)
		}
		if r.IDField == "" {
			segs := splitPath(r.Item)
			r.IDField = idField(m, r.Item, strings.Trim(segs[len(segs)-1], "{}"))
		}
		add(r)
	}
	return s, nil
}

// idField guesses the response field that holds an item's identifier: the
// path parameter's own name, "id", or the name without "_id"/"Id".
func idField(m *mock, item, param string) string {
	props := map[string]bool{}
	for _, mo := range m.ops {
		if mo.op.Path != item || mo.op.Method != "GET" {
			continue
		}
		if a := m.answers[answerKey{mo, mo.success, ""}]; a != nil {
			for k := range obj(a.value) {
				props[k] = true
			}
		}
	}
	for _, c := range []string{param, "id", strings.TrimSuffix(param, "_id"), strings.TrimSuffix(param, "Id")} {
		if props[c] {
			return c
		}
	}
	return "id"
}

// serve answers a successful request from the store, or returns nil when
// the operation is no part of a collection.
func (s *store) serve(mo *mockOp, in request, base *answer) *answer {
	rs := s.res[mo.op.Path]
	if rs == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	isItem := mo.op.Path == rs.Item
	var id string
	if isItem {
		segs := splitPath(rs.Item)
		id = in.path[strings.Trim(segs[len(segs)-1], "{}")]
	}
	switch {
	case !isItem && mo.op.Method == "POST":
		s.nextID++
		item := merged(base.value, in.value)
		if item == nil {
			return nil
		}
		id = s.assignID(rs, item)
		if !s.valid(mo, base, item) {
			return nil
		}
		rs.items[id] = item
		rs.order = append(rs.order, id)
		return withValue(base, item)
	case !isItem && mo.op.Method == "GET":
		list := make([]any, 0, len(rs.order))
		for _, k := range rs.order {
			list = append(list, rs.items[k])
		}
		v := withList(base.value, list)
		if v == nil || !s.valid(mo, base, v) {
			return nil
		}
		return withValue(base, v)
	case isItem:
		item, ok := rs.items[id]
		if !ok {
			return s.notFound(mo, id)
		}
		switch mo.op.Method {
		case "GET":
			return withValue(base, item)
		case "PUT", "PATCH":
			next := merged(item, in.value)
			if !s.valid(mo, base, next) {
				return withValue(base, item)
			}
			rs.items[id] = next
			return withValue(base, next)
		case "DELETE":
			delete(rs.items, id)
			rs.order = slices.DeleteFunc(rs.order, func(k string) bool { return k == id })
			return base
		}
	}
	return nil
}

// assignID gives a new item a fresh identifier of the documented type.
func (s *store) assignID(rs *resource, item map[string]any) string {
	switch item[rs.IDField].(type) {
	case float64:
		item[rs.IDField] = float64(s.nextID)
		return strconv.FormatUint(s.nextID, 10)
	case string:
		v := fmt.Sprintf("%08x-0000-4000-8000-%012x", s.nextID, s.m.cfg.seed)
		item[rs.IDField] = v
		return v
	}
	item[rs.IDField] = float64(s.nextID)
	return strconv.FormatUint(s.nextID, 10)
}

// notFound answers for an item the store does not have: 404 where the
// operation documents it, else the documented answer as a stateless mock
// would give.
func (s *store) notFound(mo *mockOp, id string) *answer {
	if mo.responses["404"] == nil && mo.responses["4XX"] == nil {
		return nil
	}
	return s.m.problem(mo, http.StatusNotFound, []Violation{{Location: "path", Pointer: id, Rule: "state",
		Message: fmt.Sprintf("no item %s in the mock's store", id)}})
}

// valid checks a stored value against the operation's success schema, so
// the store never answers what the document forbids.
func (s *store) valid(mo *mockOp, base *answer, v any) bool {
	r := mo.responses[mo.success]
	if r == nil || len(r.media) == 0 || r.media[0].schema == nil || base.media == "" {
		return false
	}
	return r.media[0].schema.Validate(v) == nil
}

// merged overlays the request's fields on a copy of base.
func merged(base, patch any) map[string]any {
	b := obj(base)
	if b == nil {
		return nil
	}
	out := maps.Clone(b)
	for k, v := range obj(patch) {
		if _, known := b[k]; known {
			out[k] = v
		}
	}
	return out
}

// withList puts list where the collection's answer has its items: the
// answer itself when it is an array, else its one array property.
func withList(base any, list []any) any {
	if _, ok := base.([]any); ok {
		return list
	}
	b := obj(base)
	for _, k := range sortedKeys(b) {
		if _, ok := b[k].([]any); ok {
			out := maps.Clone(b)
			out[k] = list
			return out
		}
	}
	return nil
}

func withValue(base *answer, v any) *answer {
	body, err := json.Marshal(v)
	if err != nil {
		return base
	}
	return &answer{code: base.code, header: base.header, body: body, value: v, media: base.media}
}
