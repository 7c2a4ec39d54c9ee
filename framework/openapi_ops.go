package framework

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/starling-http/starling/framework/internal/router"
	"github.com/starling-http/starling/internal/plan"
)

// requestIDHeader is the header every response carries.
const requestIDHeader = "X-Request-Id" // canonical (ogen warns otherwise); HTTP ignores case

// operation writes one route's operation object.
func (d *docBuilder) operation(rt *route) *object {
	op := obj()
	if len(rt.tags) > 0 {
		op.set("tags", stringsAny(rt.tags))
	}
	if rt.cfg.summary != "" {
		op.set("summary", rt.cfg.summary)
	}
	if rt.cfg.description != "" {
		op.set("description", rt.cfg.description)
	}
	op.set("operationId", rt.info.OperationID)
	if params := d.parameters(rt); len(params) > 0 {
		op.set("parameters", params)
	}
	if body := rt.binder.body; body != nil {
		media := obj().set("schema", d.schemas.schema(body.plan, nil, viewRequest))
		if ex, err := d.schemas.example(body.plan, viewRequest); err != nil {
			d.errs = append(d.errs, err)
		} else if ex != nil {
			media.set("example", ex)
		}
		op.set("requestBody", obj().
			set("required", !body.optional).
			set("content", obj().set("application/json", media)))
	}
	op.set("responses", d.responses(rt))
	if rt.cfg.deprecated {
		op.set("deprecated", true)
	}
	switch sec := d.securityOf(rt); {
	case sec != nil:
		op.set("security", []any{sec})
	case len(rt.guards) == 0:
		op.set("security", []any{}) // public: no guard applies
	}
	return op
}

func stringsAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// parameters writes the route's path, query, header and cookie parameters.
// Accept, Content-Type and Authorization headers are left out: OpenAPI says
// tools must ignore them as parameters (the media types and the security
// schemes say the same).
func (d *docBuilder) parameters(rt *route) []any {
	pathTypes := map[string]router.ParamType{}
	for _, p := range rt.pattern.Params {
		pathTypes[p.Name] = p.Type
	}
	var out []any
	for _, p := range rt.binder.params {
		if p.in == inHeader {
			switch p.name {
			case "Accept", "Content-Type", "Authorization":
				continue
			}
		}
		po := obj().set("name", p.name).set("in", p.in)
		desc := p.doc
		if p.in == inPath && pathTypes[p.name] == router.Path {
			desc = strings.TrimSpace(desc + " The rest of the path: one or more segments, '/' included.")
		}
		if desc != "" {
			po.set("description", desc)
		}
		po.set("required", p.required || p.in == inPath)
		t := p.plan
		for t.Kind == plan.Pointer {
			t = t.Elem // absent is nil: a parameter is never null
		}
		s := d.schemas.schema(t, &p.rules, viewRequest)
		if p.hasDefault {
			s.set("default", defaultValue(t, p.def))
		}
		po.set("schema", s)
		out = append(out, po)
	}
	return d.guardParameters(rt, out)
}

// defaultValue is a default tag's text as a value of plan t (which the
// binder has already parsed it as: numbers are JSON number literals).
func defaultValue(t *plan.Type, def string) any {
	switch t.Kind {
	case plan.Int, plan.Uint, plan.Float:
		return jsonNumber(def)
	case plan.Bool:
		return def == "true"
	}
	return def
}

// errorStatuses lists the error statuses a route can answer with, ascending.
func errorStatuses(rt *route) []int {
	set := map[int]bool{http.StatusMethodNotAllowed: true, http.StatusInternalServerError: true}
	if len(rt.binder.params) > 0 || rt.binder.body != nil {
		set[http.StatusBadRequest] = true
	}
	for _, g := range rt.guards {
		ds, ok := g.(DenyStatuser)
		if !ok {
			set[http.StatusUnauthorized], set[http.StatusForbidden] = true, true
			continue
		}
		for _, s := range ds.DenyStatuses() {
			set[s] = true
		}
	}
	if len(rt.pattern.Params) > 0 {
		set[http.StatusNotFound] = true
	}
	if rt.binder.body != nil {
		set[http.StatusRequestEntityTooLarge], set[http.StatusUnsupportedMediaType] = true, true
	}
	for _, s := range rt.cfg.raises {
		set[s] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// responses writes the route's own response and a $ref per error status.
func (d *docBuilder) responses(rt *route) *object {
	res := obj()
	ok := obj().set("description", statusText(rt.status))
	headers := obj()
	if d.b.app.cfg.requestIDHeader == RequestIDOnEveryAnswer {
		headers.set(requestIDHeader, obj().set("$ref", "#/components/headers/"+requestIDHeader))
	}
	for _, h := range rt.headers {
		headers.set(http.CanonicalHeaderKey(h[0]), obj().
			set("description", "Always "+strconv.Quote(h[1])+", set on every success response of the "+rt.sources["ResponseHeaders["+h[0]+"]"]+".").
			set("required", true).
			set("schema", obj().set("type", "string")).
			set("example", h[1]))
	}
	if headers.len() > 0 {
		ok.set("headers", headers)
	}
	if !rt.encoder.noContent {
		ok.set("content", d.resultContent(rt.encoder))
	}
	res.set(strconv.Itoa(rt.status), ok)
	for _, s := range errorStatuses(rt) {
		if s < 400 || s > 599 {
			d.fail("route %s %s: Raises(%d): only error statuses (4xx, 5xx) can be raised", rt.def.method, rt.def.fullPath, s)
			continue
		}
		d.respUsed[s] = true
		res.set(strconv.Itoa(s), obj().set("$ref", "#/components/responses/"+responseName(s)))
	}
	// Any other status (one a proxy adds, one a later version raises) is
	// still a problem document: clients get one error type for all errors
	// (ogen's convenient errors need it).
	res.set("default", obj().set("$ref", "#/components/responses/"+defaultResponseName))
	return res
}

func statusText(s int) string {
	if t := http.StatusText(s); t != "" {
		return t
	}
	return "Status " + strconv.Itoa(s)
}

// responseName is the component name of an error response: the status text
// in one word ("NotFound"), or "Status499" for a status without one.
func responseName(s int) string {
	t := http.StatusText(s)
	if t == "" {
		return "Status" + strconv.Itoa(s)
	}
	var b strings.Builder
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// responseDescriptions say what the framework means by each status it
// answers with itself.
var responseDescriptions = map[int]string{
	http.StatusBadRequest:            "The request is invalid: every invalid value is listed in errors, with its location, the rule it broke and a message.",
	http.StatusUnauthorized:          "The request lacks valid credentials.",
	http.StatusForbidden:             "The credentials do not allow this operation.",
	http.StatusNotFound:              "The resource does not exist.",
	http.StatusMethodNotAllowed:      "The path exists, but not with this method; Allow lists the methods it has.",
	http.StatusRequestEntityTooLarge: "The request body is larger than the route's limit.",
	http.StatusUnsupportedMediaType:  "The request body is not application/json (UTF-8).",
	http.StatusInternalServerError:   "The server failed; the body shows nothing of the cause. Quote the request id when reporting it.",
}

// defaultResponseName is the component of every operation's default
// response.
const defaultResponseName = "Problem"

// FallbackExtension marks the default response of every operation. The app
// itself answers only the statuses the operation lists; the default covers
// what a proxy, gateway or later version may answer, so clients have one
// error type. Tools that check the app against its document (apitest) must
// not accept an unlisted status through it.
const FallbackExtension = "x-starling-fallback"

// responseComponents writes the shared error responses the operations use.
func (d *docBuilder) responseComponents() *object {
	out := obj()
	byName := map[string]int{}
	for s := range d.respUsed {
		byName[responseName(s)] = s
	}
	if len(d.routes) > 0 {
		byName[defaultResponseName] = 0
	}
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		s := byName[name]
		if s == 0 {
			out.set(name, obj().
				set("description", "An error the operation does not list, such as one a proxy answers with: a problem document (RFC 9457) when the app answers it.").
				set(FallbackExtension, true).
				set("content", obj().set(ProblemContentType, obj().set("schema", d.problemSchema()))))
			continue
		}
		desc := responseDescriptions[s]
		if desc == "" {
			desc = statusText(s) + "."
		}
		headers := obj().set(requestIDHeader, obj().set("$ref", "#/components/headers/"+requestIDHeader)).
			set("X-Content-Type-Options", obj().
				set("description", "Problem documents are never sniffed as another type.").
				set("required", true).
				set("schema", obj().set("type", "string").set("const", "nosniff")))
		switch s {
		case http.StatusMethodNotAllowed:
			headers.set("Allow", obj().
				set("description", "The methods the path has, comma-separated.").
				set("required", true).
				set("schema", obj().set("type", "string")))
		case http.StatusUnauthorized:
			// Bearer and Basic guards challenge (RFC 9110 §11.6.1); a guard
			// of another kind may not, so it is documented but not required.
			headers.set("WWW-Authenticate", obj().
				set("description", "The authentication challenge: the scheme, realm and, for a rejected token, the error.").
				set("schema", obj().set("type", "string")))
		case http.StatusUnsupportedMediaType:
			headers.set("Accept", obj().
				set("description", "The media type the route reads.").
				set("required", true).
				set("schema", obj().set("type", "string").set("const", "application/json")))
		}
		out.set(name, obj().
			set("description", desc).
			set("headers", headers).
			set("content", obj().set(ProblemContentType, obj().set("schema", d.problemSchema()))))
	}
	return out
}

// problemSchema is a fresh copy of the problem schema (a $ref for struct types).
func (d *docBuilder) problemSchema() *object {
	return obj().merge(d.problem)
}

// requestIDHeaderObject documents X-Request-ID: the client's own when it is
// well formed (see validRequestID), else one the app made.
func requestIDHeaderObject() *object {
	return obj().
		set("description", "The request's id: the X-Request-ID the client sent when it is well formed, else one the server made. Logs carry it.").
		set("required", true).
		set("schema", obj().
			set("type", "string").
			set("minLength", 1).
			set("maxLength", 128).
			set("pattern", `^[A-Za-z0-9_.:/+=-]+$`))
}
