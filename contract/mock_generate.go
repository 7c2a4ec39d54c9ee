package contract

// modeResponse makes the generator fill responses: every property the
// schema declares except writeOnly ones (readOnly ones included), arrays of
// at least one item, and no null where a value is allowed, so a consumer
// sees the whole shape the document promises.
const modeResponse genMode = 100

// skipProperty reports whether the generator leaves a property out: readOnly
// ones in requests, writeOnly ones in responses.
func (g *generator) skipProperty(ps map[string]any) bool {
	if g.mode == modeResponse {
		return boolean(ps, "writeOnly")
	}
	return boolean(ps, "readOnly")
}
