package codec

import (
	"unsafe"

	"github.com/starling-http/starling/internal/plan"
)

// duplicateItem finds the first pair of equal items among count values of
// node n stored from base, comparing their canonical JSON encodings (property
// order fixed by the plan, map keys sorted), as JSON Schema's uniqueItems
// compares JSON values.
func duplicateItem(n *node, base unsafe.Pointer, count int) (i, j int, dup bool) {
	if count < 2 {
		return 0, 0, false
	}
	if n.kind == plan.String {
		seen := make(map[string]int, count)
		for k := range count {
			s := *(*string)(unsafe.Add(base, uintptr(k)*n.size))
			if first, ok := seen[s]; ok {
				return first, k, true
			}
			seen[s] = k
		}
		return 0, 0, false
	}
	seen := make(map[string]int, count)
	var buf []byte
	for k := range count {
		var err error
		buf, err = n.encode(buf[:0], unsafe.Add(base, uintptr(k)*n.size))
		if err != nil {
			continue
		}
		if first, ok := seen[string(buf)]; ok {
			return first, k, true
		}
		seen[string(buf)] = k
	}
	return 0, 0, false
}
