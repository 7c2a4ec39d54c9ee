package contract

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// request is what the mock read from a valid request.
type request struct {
	path  map[string]string // path parameters, as sent
	body  []byte
	value any // the decoded JSON body, nil when none
}

// maxBody bounds the request bodies the mock reads.
const maxBody = 8 << 20

// validate checks a request against its operation and returns the status a
// provider would answer when it breaks the document: 401 for missing
// credentials, 415 for an undocumented media type, else 400.
func (m *mock) validate(mo *mockOp, r *http.Request) (request, int, []Violation) {
	in := request{path: pathParams(mo.segs, r.URL.Path)}
	if vs := m.checkSecurity(mo, r); len(vs) > 0 {
		return in, http.StatusUnauthorized, vs
	}
	var vs []Violation
	query := r.URL.Query()
	for _, p := range mo.params {
		var vals []string
		switch p.in {
		case "path":
			if v, ok := in.path[p.name]; ok {
				if u, err := url.PathUnescape(v); err == nil {
					v = u
				}
				vals = []string{v}
			}
		case "query":
			vals = query[p.name]
		case "header":
			vals = r.Header.Values(p.name)
		case "cookie":
			if c, err := r.Cookie(p.name); err == nil {
				vals = []string{c.Value}
			}
		}
		if len(vals) == 0 {
			if p.required {
				vs = append(vs, Violation{Location: p.in, Pointer: p.name, Rule: "required",
					Message: fmt.Sprintf("the %s parameter %q is required", p.in, p.name)})
			}
			continue
		}
		if p.schema == nil {
			continue
		}
		for _, e := range check(p.schema, m.coerce(p.raw, vals)) {
			vs = append(vs, Violation{Location: p.in, Pointer: p.name + e.Pointer, Rule: "schema",
				Message: fmt.Sprintf("the %s parameter %q: %s", p.in, p.name, e.Message)})
		}
	}
	status, bvs := m.checkBody(mo, r, &in)
	if status == http.StatusUnsupportedMediaType {
		return in, status, bvs
	}
	vs = append(vs, bvs...)
	if len(vs) > 0 {
		return in, http.StatusBadRequest, vs
	}
	return in, 0, nil
}

func (m *mock) checkBody(mo *mockOp, r *http.Request, in *request) (int, []Violation) {
	if r.Body != nil {
		b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			return http.StatusBadRequest, []Violation{{Location: "body", Rule: "read", Message: "reading the body: " + err.Error()}}
		}
		if len(b) > maxBody {
			return http.StatusBadRequest, []Violation{{Location: "body", Rule: "size", Message: fmt.Sprintf("the body is larger than %d bytes", maxBody)}}
		}
		in.body = b
	}
	if mo.body == nil {
		if len(in.body) > 0 {
			return http.StatusBadRequest, []Violation{{Location: "body", Rule: "absent", Message: "the operation takes no body"}}
		}
		return 0, nil
	}
	if len(in.body) == 0 {
		if mo.body.required {
			return http.StatusBadRequest, []Violation{{Location: "body", Rule: "required", Message: "the body is required"}}
		}
		return 0, nil
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = ""
	}
	md := mo.body.match(mt)
	if md == nil {
		return http.StatusUnsupportedMediaType, []Violation{{Location: "header", Pointer: "Content-Type", Rule: "media-type",
			Message: fmt.Sprintf("Content-Type %q is not one of the documented %s", ct, strings.Join(sortedKeys(mo.body.media), ", "))}}
	}
	if !isJSONMedia(md.name) && !(md.name == "*/*" && isJSONMedia(mt)) {
		return 0, nil
	}
	if err := json.Unmarshal(in.body, &in.value); err != nil {
		return http.StatusBadRequest, []Violation{{Location: "body", Rule: "json", Message: "the body is not JSON: " + err.Error()}}
	}
	if md.schema == nil {
		return 0, nil
	}
	var vs []Violation
	for _, e := range check(md.schema, in.value) {
		vs = append(vs, Violation{Location: "body", Pointer: e.Pointer, Rule: "schema", Message: e.Message})
	}
	return http.StatusBadRequest, vs
}

// match returns the documented media type a Content-Type matches.
func (b *mockBody) match(mt string) *mockMedia {
	mt = strings.ToLower(mt)
	if md, ok := b.media[mt]; ok {
		return md
	}
	for _, name := range sortedKeys(b.media) {
		n := strings.ToLower(name)
		if n == "*/*" || strings.HasSuffix(n, "/*") && strings.HasPrefix(mt, strings.TrimSuffix(n, "*")) {
			return b.media[name]
		}
	}
	return nil
}

// coerce turns parameter text into the JSON value its schema describes, so
// the schema can judge it: "42" is 42 for an integer, "a,b" two items for an
// array. Text that is no such value stays text, for the schema to refuse.
func (m *mock) coerce(s map[string]any, vals []string) any {
	if slices.Contains(typeSet(m.doc, s), "array") || s["items"] != nil {
		items, _ := m.doc.resolve(s["items"])
		if len(vals) == 1 {
			vals = strings.Split(vals[0], ",")
		}
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = m.scalar(items, v)
		}
		return out
	}
	return m.scalar(s, vals[0])
}

func (m *mock) scalar(s map[string]any, v string) any {
	for _, t := range typeSet(m.doc, s) {
		switch t {
		case "integer", "number":
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				return f
			}
		case "boolean":
			if b, err := strconv.ParseBool(v); err == nil && (v == "true" || v == "false") {
				return b
			}
		case "null":
			if v == "" || v == "null" {
				return nil
			}
		}
	}
	return v
}

// checkSecurity checks that a request carries the credentials some
// alternative of the operation's security requirement asks for. Only their
// presence: the mock cannot know which tokens the provider accepts.
func (m *mock) checkSecurity(mo *mockOp, r *http.Request) []Violation {
	if !mo.op.secured() {
		return nil
	}
	var missing []string
	for _, alt := range mo.op.Security {
		ok := true
		for _, req := range alt {
			if why := m.credential(req.Name, r); why != "" {
				ok = false
				missing = append(missing, why)
			}
		}
		if ok {
			return nil
		}
	}
	return []Violation{{Location: "security", Pointer: describeSec(mo.op.Security), Rule: "credentials",
		Message: "missing credentials: " + strings.Join(missing, "; ")}}
}

// credential says what is missing for one security scheme, "" if nothing.
func (m *mock) credential(name string, r *http.Request) string {
	s, _ := m.doc.resolve(obj(obj(m.doc.root["components"])["securitySchemes"])[name])
	if s == nil {
		return fmt.Sprintf("%s: the scheme is not defined", name)
	}
	switch str(s, "type") {
	case "http":
		scheme := strings.ToLower(str(s, "scheme"))
		auth := r.Header.Get("Authorization")
		prefix, rest, _ := strings.Cut(auth, " ")
		if !strings.EqualFold(prefix, scheme) || strings.TrimSpace(rest) == "" {
			return fmt.Sprintf("%s: an Authorization: %s … header", name, cases(scheme))
		}
	case "apiKey":
		key := str(s, "name")
		switch str(s, "in") {
		case "header":
			if r.Header.Get(key) == "" {
				return fmt.Sprintf("%s: a %s header", name, key)
			}
		case "query":
			if r.URL.Query().Get(key) == "" {
				return fmt.Sprintf("%s: a %s query parameter", name, key)
			}
		case "cookie":
			if _, err := r.Cookie(key); err != nil {
				return fmt.Sprintf("%s: a %s cookie", name, key)
			}
		}
	case "oauth2", "openIdConnect":
		prefix, rest, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(prefix, "bearer") || strings.TrimSpace(rest) == "" {
			return fmt.Sprintf("%s: an Authorization: Bearer … header", name)
		}
	}
	return ""
}

// cases capitalises an HTTP auth scheme name: "bearer" -> "Bearer".
func cases(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
