package contract

import (
	"strings"
)

// route finds the operation of a request path and method. When the path
// matches but the method does not, allow lists the methods that would.
// Literal segments beat parameters: /users/me before /users/{id}.
func (m *mock) route(path, method string) (*mockOp, []string) {
	segs := splitPath(path)
	best, bestScore := -1, -1
	var allow []string
	var matched []*mockOp
	for _, mo := range m.ops {
		score, ok := matchSegs(mo.segs, segs)
		if !ok {
			continue
		}
		if score > bestScore {
			bestScore, matched = score, matched[:0]
		}
		if score == bestScore {
			matched = append(matched, mo)
		}
	}
	for i, mo := range matched {
		if mo.op.Method == method {
			best = i
		}
		allow = append(allow, mo.op.Method)
	}
	if best >= 0 {
		return matched[best], nil
	}
	return nil, allow
}

// matchSegs matches request segments against a template's and scores the
// match by its literal segments.
func matchSegs(tmpl, segs []string) (int, bool) {
	if len(tmpl) != len(segs) {
		return 0, false
	}
	score := 0
	for i, t := range tmpl {
		if isParamSeg(t) {
			if segs[i] == "" {
				return 0, false
			}
			continue
		}
		if t != segs[i] {
			return 0, false
		}
		score++
	}
	return score, true
}

func isParamSeg(s string) bool { return strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") }

// pathParams returns the values of a template's parameters in a path.
func pathParams(tmpl []string, path string) map[string]string {
	out := map[string]string{}
	segs := splitPath(path)
	for i, t := range tmpl {
		if isParamSeg(t) && i < len(segs) {
			out[t[1:len(t)-1]] = segs[i]
		}
	}
	return out
}
