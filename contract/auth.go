package contract

import (
	"fmt"
	"net/http"
	"strings"
)

// credentialHeaders are where credentials travel.
var credentialHeaders = []string{"Authorization", "Cookie"}

// hasCredentials reports whether the probe's headers satisfy some
// security alternative of op (as far as headers can tell).
func (p *prober) hasCredentials(op *operation) bool {
	for _, alt := range op.Security {
		ok := true
		for _, s := range alt {
			scheme, _ := p.doc.resolve(obj(obj(p.doc.root["components"])["securitySchemes"])[s.Name])
			if _, h := credentialHeader(scheme); h == "" || p.opts.header.Get(h) == "" {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// credentialHeader returns the header a scheme's credentials travel in and
// a value that is well formed but wrong.
func credentialHeader(scheme map[string]any) (bad, header string) {
	switch strings.ToLower(str(scheme, "type")) {
	case "http":
		if strings.EqualFold(str(scheme, "scheme"), "basic") {
			return "Basic cHJvYmU6d3Jvbmc=", "Authorization" // probe:wrong
		}
		return "Bearer probe.invalid.token", "Authorization"
	case "apikey":
		switch str(scheme, "in") {
		case "header":
			return "probe-invalid-key", str(scheme, "name")
		case "cookie":
			return str(scheme, "name") + "=probe-invalid-key", "Cookie"
		}
		return "probe-invalid-key", "" // in the query: handled by the caller
	case "oauth2", "openidconnect":
		return "Bearer probe.invalid.token", "Authorization"
	}
	return "", ""
}

// auth calls a guarded operation without credentials and with bad ones;
// each must get 401 or 403.
func (p *prober) auth(op *operation) {
	if !op.secured() {
		return
	}
	base := p.baseRequest(op, 7)
	if base == nil {
		p.idle(op, PhaseAuth, "no valid request could be generated")
		return
	}
	base = p.leanest(base)
	bare := p.opts.header.Clone()
	var schemeHeaders []string
	for _, alt := range op.Security {
		for _, s := range alt {
			scheme, _ := p.doc.resolve(obj(obj(p.doc.root["components"])["securitySchemes"])[s.Name])
			if _, h := credentialHeader(scheme); h != "" {
				schemeHeaders = append(schemeHeaders, h)
			}
		}
	}
	for _, h := range append(schemeHeaders, credentialHeaders...) {
		bare.Del(h)
	}
	check := func(what string) func(x *exchange) []finding {
		return func(x *exchange) []finding {
			out := p.conforms(x)
			if x.status != http.StatusUnauthorized && x.status != http.StatusForbidden {
				out = append(out, finding{CheckAuth, fmt.Sprintf("a call %s got %d, not 401 or 403", what, x.status)})
			}
			return out
		}
	}
	r0 := base.clone()
	p.pin(r0)
	p.sendCheckWith(r0, PhaseAuth, bare, check("without credentials"))
	for _, alt := range op.Security {
		spoiled := bare.Clone()
		r := base.clone()
		p.pin(r) // a broken guard may have let the call above delete base's resource
		for _, s := range alt {
			scheme, _ := p.doc.resolve(obj(obj(p.doc.root["components"])["securitySchemes"])[s.Name])
			v, h := credentialHeader(scheme)
			switch {
			case h != "":
				spoiled.Set(h, v)
			case strings.EqualFold(str(scheme, "in"), "query"):
				r.query.Set(str(scheme, "name"), v)
			}
		}
		p.sendCheckWith(r, PhaseAuth, spoiled, check("with bad credentials ("+describeAlt(alt)+")"))
		break // one alternative is enough to show the guard refuses
	}
}
