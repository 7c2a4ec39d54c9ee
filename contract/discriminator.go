package contract

import "strings"

// The discriminator rules: the discriminator's values are an enum the
// client and the server both switch over, and each value picks a schema.

// discriminatorMapping returns the value -> $ref a schema's discriminator
// uses: its explicit mapping, and the implicit name (the last segment of
// the $ref) of every oneOf/anyOf branch the mapping does not name.
func discriminatorMapping(s map[string]any) map[string]string {
	out := map[string]string{}
	targets := map[string]bool{}
	for v, t := range obj(obj(s["discriminator"])["mapping"]) {
		ref, _ := t.(string)
		if !strings.Contains(ref, "/") { // a bare schema name
			ref = "#/components/schemas/" + ref
		}
		out[v] = ref
		targets[ref] = true
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		for _, b := range arr(s[key]) {
			ref := str(obj(b), "$ref")
			if ref == "" || targets[ref] {
				continue
			}
			name := ref[strings.LastIndex(ref, "/")+1:]
			if _, taken := out[name]; !taken {
				out[name] = ref
			}
		}
	}
	return out
}

func (w *schemaWalk) discriminator(loc string, b, h map[string]any) {
	bd, hd := obj(b["discriminator"]), obj(h["discriminator"])
	switch {
	case bd == nil && hd == nil:
		return
	case bd == nil:
		w.tighten(loc, "a discriminator on %q was added", str(hd, "propertyName"))
		return
	case hd == nil:
		w.loosen(loc, "the discriminator on %q was removed", str(bd, "propertyName"))
		return
	}
	if bp, hp := str(bd, "propertyName"), str(hd, "propertyName"); bp != hp {
		w.constraint(loc, true, true, "discriminator propertyName %q became %q", bp, hp)
		return
	}
	bm, hm := discriminatorMapping(b), discriminatorMapping(h)
	var removed, added []string
	for _, v := range sortedKeys(bm) {
		ht, ok := hm[v]
		switch {
		case !ok:
			removed = append(removed, v)
		case !w.same(map[string]any{"$ref": bm[v]}, map[string]any{"$ref": ht}):
			w.constraint(loc, true, true, "discriminator value %s now selects %s instead of %s", v, ht, bm[v])
		}
	}
	for _, v := range sortedKeys(hm) {
		if _, ok := bm[v]; !ok {
			added = append(added, v)
		}
	}
	if len(removed) > 0 {
		w.d.add(w.pick(RuleReqEnumValueRemoved, RuleRespEnumValueRemoved), w.op, loc, "discriminator values removed: %s", strings.Join(removed, ", "))
	}
	if len(added) > 0 {
		w.d.add(w.pick(RuleReqEnumValueAdded, RuleRespEnumValueAdded), w.op, loc, "discriminator values added: %s", strings.Join(added, ", "))
	}
}
