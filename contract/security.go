package contract

import (
	"encoding/json"
	"slices"
	"strings"
)

// The security rules of the gate: who may still call an operation.

// security: a client that satisfied some requirement of the baseline must
// still satisfy one of the current document.
func (d *differ) security(op string, b, h *operation) {
	if !b.secured() && !h.secured() {
		return
	}
	if len(h.Security) > 0 {
		for _, alt := range b.Security {
			if !satisfiesAny(alt, h.Security, d.base.schemeKey, d.head.schemeKey) {
				d.add(RuleSecurityAdded, op, op+" security", "credentials %s are no longer enough: the operation requires %s",
					describeAlt(alt), describeSec(h.Security))
				return
			}
		}
		if !b.secured() && h.secured() {
			d.add(RuleSecurityAdded, op, op+" security", "the operation now requires %s", describeSec(h.Security))
			return
		}
	}
	if describeSec(b.Security) != describeSec(h.Security) {
		d.add(RuleSecurityRemoved, op, op+" security", "security %s became %s", describeSec(b.Security), describeSec(h.Security))
	}
}

// satisfiesAny reports whether credentials meeting have meet some
// alternative of want; haveKey and wantKey say which credentials a scheme
// name stands for in each document.
func satisfiesAny(have []schemeReq, want [][]schemeReq, haveKey, wantKey func(string) string) bool {
	for _, alt := range want {
		ok := true
		for _, w := range alt {
			// The same name is the same scheme here: a definition that
			// changed is reported once, by schemes.
			i := slices.IndexFunc(have, func(s schemeReq) bool { return s.Name == w.Name || haveKey(s.Name) == wantKey(w.Name) })
			if i < 0 {
				ok = false
				break
			}
			for _, sc := range w.Scopes {
				if !slices.Contains(have[i].Scopes, sc) {
					ok = false
				}
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func describeAlt(alt []schemeReq) string {
	if len(alt) == 0 {
		return "(none)"
	}
	var parts []string
	for _, s := range alt {
		p := s.Name
		if len(s.Scopes) > 0 {
			p += "[" + strings.Join(s.Scopes, " ") + "]"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "+")
}

func describeSec(sec [][]schemeReq) string {
	if len(sec) == 0 {
		return "no authentication"
	}
	var alts []string
	for _, a := range sec {
		alts = append(alts, describeAlt(a))
	}
	return strings.Join(alts, " or ")
}

// schemes compares the security schemes both documents define.
func (d *differ) schemes() {
	bs, hs := obj(obj(d.base.root["components"])["securitySchemes"]), obj(obj(d.head.root["components"])["securitySchemes"])
	for _, name := range sortedKeys(bs) {
		b, _ := d.base.resolve(bs[name])
		h, _ := d.head.resolve(hs[name])
		if b == nil || h == nil {
			continue
		}
		for _, k := range []string{"type", "scheme", "in", "name"} {
			if !strings.EqualFold(str(b, k), str(h, k)) {
				d.add(RuleSecuritySchemeChanged, "", "components.securitySchemes."+name,
					"security scheme %s: %s %q became %q", name, k, str(b, k), str(h, k))
			}
		}
	}
}

// schemeKey names the credentials a security scheme asks for, so that a
// scheme renamed with the same definition is the same scheme to clients:
// an http scheme by its auth scheme, an apiKey by where it is sent, the
// others by their whole definition. An undefined scheme keeps its name.
func (d *Document) schemeKey(name string) string {
	s, _ := d.resolve(obj(obj(d.root["components"])["securitySchemes"])[name])
	if s == nil {
		return "name:" + name
	}
	switch t := strings.ToLower(str(s, "type")); t {
	case "http":
		return t + ":" + strings.ToLower(str(s, "scheme"))
	case "apikey":
		n := str(s, "name")
		if in := str(s, "in"); in == "header" {
			n = strings.ToLower(n)
		}
		return t + ":" + str(s, "in") + ":" + n
	default:
		def, _ := json.Marshal(map[string]any{"type": t, "flows": s["flows"], "openIdConnectUrl": s["openIdConnectUrl"]})
		return string(def)
	}
}
