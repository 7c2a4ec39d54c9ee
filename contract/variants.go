package contract

import "fmt"

// The oneOf/anyOf rules: a variant added widens what a value may be, one
// removed narrows it, and the order of the variants means nothing.

func (w *schemaWalk) variants(loc, key string, b, h map[string]any) {
	bv, hv := arr(b[key]), arr(h[key])
	for _, p := range w.pairVariants(bv, hv) {
		w.walk(fmt.Sprintf("%s(%s %d)", loc, key, p[0]), bv[p[0]], hv[p[1]])
	}
	switch {
	case len(bv) > len(hv) && w.req():
		w.d.add(RuleReqVariantRemoved, w.op, loc, "%s went from %d to %d variants", key, len(bv), len(hv))
	case len(bv) > len(hv):
		w.d.add(RuleRespTypeNarrowed, w.op, loc, "%s went from %d to %d variants", key, len(bv), len(hv))
	case len(hv) > len(bv) && w.req():
		w.d.add(RuleReqTypeWidened, w.op, loc, "%s went from %d to %d variants", key, len(bv), len(hv))
	case len(hv) > len(bv):
		w.d.add(RuleRespVariantAdded, w.op, loc, "%s went from %d to %d variants", key, len(bv), len(hv))
	}
}

// pairVariants pairs the base's variants with the head's: each with an
// unchanged head variant wherever it moved (the order of oneOf and anyOf
// means nothing), the rest in order. Unpaired variants are the ones added
// or removed.
//
// Equal text pairs first, in place first. Only the variants left are
// paired by a trial walk (same), so that a variant whose $ref was inlined
// still pairs; a trial makes no trials of its own and stops at the first
// change. Trials of every pair, nested, grew with the power of the depth:
// BenchmarkCompareNestedVariants took 342 and 1,048 ms that way, 26 and
// 70 ms this way, and 12 and 11 ms pairing in order (one session, load 5).
func (w *schemaWalk) pairVariants(bv, hv []any) [][2]int {
	var pairs [][2]int
	usedB, usedH := make([]bool, len(bv)), make([]bool, len(hv))
	match := func(unchanged func(b, h any) bool) {
		for i := range min(len(bv), len(hv)) { // in place first: the usual case
			if !usedB[i] && !usedH[i] && unchanged(bv[i], hv[i]) {
				usedB[i], usedH[i] = true, true
				pairs = append(pairs, [2]int{i, i})
			}
		}
		for i := range bv {
			for j := range hv {
				if !usedB[i] && !usedH[j] && unchanged(bv[i], hv[j]) {
					usedB[i], usedH[j] = true, true
					pairs = append(pairs, [2]int{i, j})
				}
			}
		}
	}
	match(sameText)
	if !w.trial {
		match(w.same)
	}
	j := 0
	for i := range bv {
		if usedB[i] {
			continue
		}
		for j < len(hv) && usedH[j] {
			j++
		}
		if j == len(hv) {
			break
		}
		usedH[j] = true
		pairs = append(pairs, [2]int{i, j})
	}
	return pairs
}

// same reports whether walking b against h finds no change at all.
func (w *schemaWalk) same(b, h any) bool {
	trial := &differ{base: w.d.base, head: w.d.head, rules: w.d.rules}
	tw := &schemaWalk{d: trial, dir: w.dir, op: w.op, seen: w.seen, text: w.text, trial: true}
	tw.walk("", b, h)
	return len(trial.out) == 0
}

// sameText reports whether two parsed JSON values are equal, as
// reflect.DeepEqual would say without its bookkeeping (a parsed document
// has no cycles).
func sameText(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, av := range a {
			bv, ok := b[k]
			if !ok || !sameText(av, bv) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !sameText(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}
