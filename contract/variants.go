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
func (w *schemaWalk) pairVariants(bv, hv []any) [][2]int {
	var pairs [][2]int
	usedB, usedH := make([]bool, len(bv)), make([]bool, len(hv))
	for i := range bv {
		for j := range hv {
			if !usedH[j] && w.same(bv[i], hv[j]) {
				usedB[i], usedH[j] = true, true
				pairs = append(pairs, [2]int{i, j})
				break
			}
		}
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
	tw := &schemaWalk{d: trial, dir: w.dir, op: w.op, seen: w.seen, text: w.text}
	tw.walk("", b, h)
	return len(trial.out) == 0
}
