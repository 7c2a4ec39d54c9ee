package contract

import (
	"slices"

	"pgregory.net/rapid"
)

// prune lets rapid drop the optional parts of a request drawn in modeFull:
// one draw per optional parameter and optional body property present,
// which shrinks towards dropping it. The negative phase draws every
// optional part so that each constraint has a value to break; without
// these draws a shrunk counterexample would still carry all of them, the
// ones unrelated to the failure included. A part the failure needs stays:
// dropping it makes the case pass (or the mutation no longer apply), so
// the shrinker keeps it.
func (g *generator) prune(t *rapid.T, r *probeRequest) {
	for _, p := range r.op.Params {
		if p.Required || p.In == "path" || p.In == "cookie" {
			continue
		}
		present := r.query.Has(p.Name)
		if p.In == "header" {
			present = r.header.Get(p.Name) != ""
		}
		if present && !rapid.Bool().Draw(t, p.In+"."+p.Name+" kept") {
			r.setParam(p, nil)
		}
	}
	if r.hasBody {
		_, schema := jsonMedia(r.op.Body)
		g.pruneValue(t, schema, r.body, "body", 0)
	}
}

func (g *generator) pruneValue(t *rapid.T, sv any, v any, label string, depth int) {
	s, _ := g.doc.resolve(sv)
	if s == nil || depth > maxDepth {
		return
	}
	s = flatten(g.doc, s)
	if s["oneOf"] != nil || s["anyOf"] != nil {
		return // which branch v follows is not known: leave it whole
	}
	switch v := v.(type) {
	case map[string]any:
		props, req := obj(s["properties"]), requiredSet(s)
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if _, declared := props[k]; !declared {
				continue
			}
			if !req[k] && !rapid.Bool().Draw(t, label+"."+k+" kept") {
				delete(v, k)
				continue
			}
			g.pruneValue(t, props[k], v[k], label+"."+k, depth+1)
		}
	case []any:
		for _, e := range v {
			g.pruneValue(t, s["items"], e, label+"[]", depth+1)
		}
	}
}
