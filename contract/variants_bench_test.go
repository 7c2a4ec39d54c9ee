package contract_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/starling-http/starling/contract"
)

// nestedVariants is a oneOf of n objects, each holding the next level in
// its one required property, depth levels deep; the leaves are strings.
// changed makes integers of the leaves under the last variant of each level
// ("last") or of every leaf ("all").
func nestedVariants(depth, n int, changed string) any {
	if depth == 0 {
		if changed != "" {
			return map[string]any{"type": "integer"}
		}
		return map[string]any{"type": "string"}
	}
	var variants []any
	for i := range n {
		below := changed
		if changed == "last" && i != n-1 {
			below = ""
		}
		name := fmt.Sprintf("k%d", i)
		variants = append(variants, map[string]any{"type": "object", "required": []any{name},
			"properties": map[string]any{name: nestedVariants(depth-1, n, below)}})
	}
	return map[string]any{"oneOf": variants}
}

// variantsDocument has one operation taking and returning s.
func variantsDocument(tb testing.TB, s any) *contract.Document {
	tb.Helper()
	media := map[string]any{"application/json": map[string]any{"schema": s}}
	b, err := json.Marshal(map[string]any{"openapi": "3.1.0", "info": map[string]any{"title": "t", "version": "1"},
		"paths": map[string]any{"/x": map[string]any{"post": map[string]any{"operationId": "x",
			"requestBody": map[string]any{"content": media},
			"responses":   map[string]any{"200": map[string]any{"description": "ok", "content": media}}}}}})
	if err != nil {
		tb.Fatal(err)
	}
	d, err := contract.Parse(b)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// BenchmarkCompareNestedVariants measures the gate on oneOf nested five
// deep (1,024 leaves): pairing variants by trial walks must stay close to
// linear in the document's size, not grow with the power of the depth.
func BenchmarkCompareNestedVariants(b *testing.B) {
	for _, changed := range []string{"last", "all"} {
		b.Run("changed="+changed, func(b *testing.B) {
			base := variantsDocument(b, nestedVariants(5, 4, ""))
			head := variantsDocument(b, nestedVariants(5, 4, changed))
			for b.Loop() {
				if len(contract.Compare(base, head, nil).Changes) == 0 {
					b.Fatal("no change found")
				}
			}
		})
	}
}
