package framework

import (
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"reflect"
	"strings"
	"unsafe"

	"github.com/starling-http/starling/framework/internal/router"
	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// binder fills a handler's input struct from one request.
type binder struct {
	typ      reflect.Type
	params   []*paramBinding
	query    bool
	cookies  bool
	body     *bodyBinding
	inj      *injector
	injNames []DependencyInfo
}

// The sources a parameter can come from, named as in OpenAPI's "in".
const (
	inPath   = "path"
	inQuery  = "query"
	inHeader = "header"
	inCookie = "cookie"
)

// paramBinding binds one path, query, header or cookie parameter.
type paramBinding struct {
	in         string
	name       string
	field      string
	offset     uintptr
	goType     reflect.Type
	plan       *plan.Type
	rules      plan.Rules
	required   bool
	def        string
	hasDefault bool
	pathIndex  int
	slice      bool
	elem       *plan.Type
	elemSize   uintptr
	doc        string // the doc tag, for the document
}

// compileBinder reads the tags of the handler's input struct.
func compileBinder(b *builder, rt *route, in reflect.Type) (*binder, error) {
	bnd := &binder{typ: in}
	if in.Kind() != reflect.Struct {
		return nil, fmt.Errorf("input %s must be a struct whose fields are tagged path, query, header, cookie, body or inject", in)
	}
	rs := &resolver{b: b, scope: rt.scope, inj: &injector{}, steps: map[*providerDef]int{}, visiting: map[*providerDef]bool{}}
	pathParams := map[string]router.Param{}
	pathIndex := map[string]int{}
	for i, p := range rt.pattern.Params {
		pathParams[p.Name] = p
		pathIndex[p.Name] = i
	}
	bound := map[string]bool{}
	for i := range in.NumField() {
		f := in.Field(i)
		where := in.Name() + "." + f.Name
		if in.Name() == "" {
			where = "input." + f.Name
		}
		if f.Anonymous && hasBindingTag(f) {
			return nil, fmt.Errorf("%s is embedded: the fields of embedded structs are not bound; declare them on %s itself", where, in)
		}
		if !f.IsExported() {
			if hasBindingTag(f) {
				return nil, fmt.Errorf("%s is unexported, so it cannot be bound; export it", where)
			}
			continue
		}
		tags := 0
		for _, k := range []string{inPath, inQuery, inHeader, inCookie, "body", "inject"} {
			if _, ok := f.Tag.Lookup(k); ok {
				tags++
			}
		}
		if tags == 0 {
			return nil, fmt.Errorf("%s has no binding tag; tag it path, query, header, cookie, body or inject (or unexport it)", where)
		}
		if tags > 1 {
			return nil, fmt.Errorf("%s has more than one binding tag", where)
		}
		if _, ok := f.Tag.Lookup("inject"); ok {
			ref, err := rs.resolve(where, f.Type)
			if err != nil {
				return nil, err
			}
			rs.inj.fields = append(rs.inj.fields, fieldInject{offset: f.Offset, typ: f.Type, ref: ref})
			def, home := rt.scope.lookup(f.Type)
			info := DependencyInfo{Field: f.Name, Type: f.Type.String()}
			if def != nil {
				info.Provider, info.Layer, info.Scope = def.name, home.layer.name(), def.scope
			}
			bnd.injNames = append(bnd.injNames, info)
			continue
		}
		if _, ok := f.Tag.Lookup("body"); ok {
			if bnd.body != nil {
				return nil, fmt.Errorf("%s: only one field can be the body", where)
			}
			if rt.def.method == http.MethodGet {
				return nil, fmt.Errorf("%s: GET routes cannot have a body", where)
			}
			body, err := compileBody(b, rt, f, where)
			if err != nil {
				return nil, err
			}
			bnd.body = body
			continue
		}
		p, err := compileParam(b, f, where)
		if err != nil {
			return nil, err
		}
		if p.in == inPath {
			pp, ok := pathParams[p.name]
			if !ok {
				return nil, fmt.Errorf("%s: the path %q has no parameter {%s}", where, rt.def.fullPath, p.name)
			}
			if err := checkPathType(p, pp.Type); err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			p.pathIndex = pathIndex[p.name]
			p.required = true
			if p.hasDefault {
				return nil, fmt.Errorf("%s: a path parameter cannot have a default", where)
			}
		}
		key := p.in + "." + strings.ToLower(p.name)
		if bound[key] {
			return nil, fmt.Errorf("%s: %s parameter %q is bound twice", where, p.in, p.name)
		}
		bound[key] = true
		bnd.query = bnd.query || p.in == inQuery
		bnd.cookies = bnd.cookies || p.in == inCookie
		bnd.params = append(bnd.params, p)
	}
	for _, p := range rt.pattern.Params {
		if !bound[inPath+"."+strings.ToLower(p.Name)] {
			return nil, fmt.Errorf("the path parameter {%s} has no field; add a field tagged `path:%q` to %s", p.Name, p.Name, in)
		}
	}
	rs.inj.finish()
	bnd.inj = rs.inj
	return bnd, nil
}

// compileParam reads one parameter field's tags.
func compileParam(b *builder, f reflect.StructField, where string) (*paramBinding, error) {
	p := &paramBinding{field: f.Name, offset: f.Offset, goType: f.Type, doc: f.Tag.Get("doc")}
	for _, in := range []string{inPath, inQuery, inHeader, inCookie} {
		if name, ok := f.Tag.Lookup(in); ok {
			p.in, p.name = in, name
		}
	}
	if p.name == "" {
		return nil, fmt.Errorf("%s: the %s tag needs a name", where, p.in)
	}
	if p.in == inHeader {
		p.name = textproto.CanonicalMIMEHeaderKey(p.name)
	}
	t, err := b.plans.Compile(f.Type)
	if err == nil {
		err = codec.Prepare(t) // at build, so nothing is compiled while serving
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	p.plan = t
	scalar := t
	if t.Kind == plan.Pointer {
		scalar = t.Elem
	}
	if t.Kind == plan.Slice && (p.in == inQuery || p.in == inHeader) {
		p.slice, p.elem, p.elemSize = true, t.Elem, f.Type.Elem().Size()
		scalar = t.Elem
	}
	if !isScalar(scalar.Kind) {
		return nil, fmt.Errorf("%s: a %s parameter must be a string, number, bool or time (or a slice of them for query and header), not %s", where, p.in, f.Type)
	}
	tag, required := splitRequired(f.Tag.Get("validate"))
	p.required = required
	p.rules, err = plan.ParseRules(tag, t)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	if _, ok := f.Tag.Lookup("default"); !ok && p.in != inPath && !p.required && !p.slice && t.Kind != plan.Pointer {
		// Absent, the parameter is its zero value: the handler must not get
		// a value its own rules refuse.
		if v, zero := p.rules.CheckZero(t); v != nil {
			return nil, fmt.Errorf("%s: when the %s parameter %q is absent the handler gets %s, which breaks its own rule %s (%s); "+
				"mark it required, give it a default tag (default:\"…\"), make it a pointer, or %s",
				where, p.in, p.name, zero, v.Rule, v.Message, allowZero(v.Rule, zero))
		}
	}
	if d, ok := f.Tag.Lookup("default"); ok {
		if p.slice {
			return nil, fmt.Errorf("%s: defaults are not supported on slice parameters", where)
		}
		p.def, p.hasDefault = d, true
		scratch := reflect.New(f.Type)
		if v := codec.ParseText(p.plan, &p.rules, d, scratch.UnsafePointer()); v != nil {
			return nil, fmt.Errorf("%s: default %q: %s", where, d, v.Message)
		}
	}
	return p, nil
}

func isScalar(k plan.Kind) bool {
	switch k {
	case plan.Bool, plan.Int, plan.Uint, plan.Float, plan.String, plan.Time:
		return true
	}
	return false
}

// checkPathType checks the field against the pattern's declared type and
// adds the format that type implies.
func checkPathType(p *paramBinding, pt router.ParamType) error {
	k := p.plan.Kind
	mismatch := func(want string) error {
		return fmt.Errorf("{%s:%s} needs %s field, got %s", p.name, pt, want, p.goType)
	}
	setFormat := func(f plan.Format) error {
		if p.rules.Format != "" && p.rules.Format != f {
			return fmt.Errorf("{%s:%s} implies format=%s, but the field says format=%s", p.name, pt, f, p.rules.Format)
		}
		p.rules.Format = f
		return nil
	}
	switch pt {
	case router.Int:
		if k != plan.Int && k != plan.Uint {
			return mismatch("an integer")
		}
	case router.Float:
		if k != plan.Float {
			return mismatch("a float")
		}
	case router.UUID:
		if k != plan.String {
			return mismatch("a string")
		}
		return setFormat(plan.FormatUUID)
	case router.Date:
		if k != plan.String {
			return mismatch("a string")
		}
		return setFormat(plan.FormatDate)
	case router.DateTime:
		if k == plan.String {
			return setFormat(plan.FormatDateTime)
		}
		if k != plan.Time {
			return mismatch("a time.Time or string")
		}
	case router.Path:
		if k != plan.String {
			return mismatch("a string")
		}
	}
	if k == plan.Pointer || p.slice {
		return fmt.Errorf("a path parameter cannot be a pointer or a slice")
	}
	return nil
}

// splitRequired takes "required" out of a validate tag: for parameters it
// says whether the parameter must be present, not a rule on its value.
// pattern= is always last and taken whole.
func splitRequired(tag string) (string, bool) {
	required := false
	var keep []string
	for tag != "" {
		if strings.HasPrefix(tag, "pattern=") {
			keep = append(keep, tag)
			break
		}
		tok, rest, _ := strings.Cut(tag, ",")
		tag = rest
		if strings.TrimSpace(tok) == "required" {
			required = true
			continue
		}
		keep = append(keep, tok)
	}
	return strings.Join(keep, ","), required
}

// bind fills the input at in from r. Parameter and body violations are
// reported together in one 400.
func (bnd *binder) bind(r *http.Request, st *requestState, singles *singletons, in unsafe.Pointer) ([]func(error), error) {
	var vs []Violation
	if len(bnd.params) > 0 {
		vs = bnd.bindParams(r, st, in, vs)
	}
	if bnd.body != nil {
		var err error
		vs, err = bnd.body.bind(r, st, in, vs)
		if err != nil {
			return nil, err
		}
	}
	if len(vs) > 0 {
		return nil, ValidationError(vs...)
	}
	return bnd.inj.run(r, singles, in)
}

func (bnd *binder) bindParams(r *http.Request, st *requestState, in unsafe.Pointer, vs []Violation) []Violation {
	var query url.Values
	if bnd.query {
		var err error
		query, err = url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			vs = append(vs, Violation{Location: inQuery, Pointer: "", Rule: "syntax", Message: "the query string is malformed: " + err.Error()})
		}
	}
	var cookies []*http.Cookie
	if bnd.cookies {
		cookies = r.Cookies()
	}
	for _, p := range bnd.params {
		var values []string
		var one [1]string
		switch p.in {
		case inPath:
			one[0] = st.params[p.pathIndex]
			values = one[:]
		case inQuery:
			values = query[p.name]
		case inHeader:
			values = r.Header.Values(p.name)
			if p.slice {
				values = splitList(values)
			}
		case inCookie:
			for _, c := range cookies {
				if c.Name == p.name {
					one[0] = c.Value
					values = one[:]
					break
				}
			}
		}
		ptr := unsafe.Add(in, p.offset)
		if len(values) == 0 {
			switch {
			case p.hasDefault:
				codec.ParseText(p.plan, &p.rules, p.def, ptr)
			case p.required:
				vs = append(vs, p.violation(-1, &plan.Violation{Rule: "required", Message: "is required"}))
			}
			continue
		}
		if !p.slice {
			if v := codec.ParseText(p.plan, &p.rules, values[0], ptr); v != nil {
				vs = append(vs, p.violation(-1, v))
			}
			continue
		}
		vs = p.bindSlice(values, ptr, vs)
	}
	return vs
}

func (p *paramBinding) bindSlice(values []string, ptr unsafe.Pointer, vs []Violation) []Violation {
	if v := p.rules.CheckCount(len(values), plan.Slice); v != nil {
		return append(vs, p.violation(-1, v))
	}
	s := reflect.MakeSlice(p.goType, len(values), len(values))
	base := s.UnsafePointer()
	items := p.rules.Items
	if items == nil {
		items = &plan.Rules{}
	}
	bad := false
	for i, raw := range values {
		if v := codec.ParseText(p.elem, items, raw, unsafe.Add(base, uintptr(i)*p.elemSize)); v != nil {
			vs = append(vs, p.violation(i, v))
			bad = true
			if len(vs) > codec.MaxViolations {
				break // as the body decoder: a huge list of bad values costs no more
			}
		}
	}
	if p.rules.UniqueItems && !bad {
		seen := make(map[string]struct{}, len(values))
		for i, raw := range values {
			if _, dup := seen[raw]; dup {
				vs = append(vs, p.violation(i, &plan.Violation{Rule: "uniqueItems", Message: "must not repeat a value", Value: raw}))
				break
			}
			seen[raw] = struct{}{}
		}
	}
	reflect.NewAt(p.goType, ptr).Elem().Set(s)
	return vs
}

// violation places a value violation at this parameter (and item index).
func (p *paramBinding) violation(item int, v *plan.Violation) Violation {
	loc := p.in + "." + p.name
	ptr := "/" + escapePointer(p.name)
	if item >= 0 {
		loc += fmt.Sprintf(".%d", item)
		ptr += fmt.Sprintf("/%d", item)
	}
	return Violation{Location: loc, Pointer: ptr, Rule: v.Rule, Message: v.Message, Value: v.Value}
}

// splitList splits comma-separated header list values (RFC 9110 §5.6.1).
func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// hasBindingTag reports whether f, or a field of the struct f embeds, is
// tagged for binding: an input field that looks bound but would silently
// stay zero.
func hasBindingTag(f reflect.StructField) bool {
	for _, k := range []string{inPath, inQuery, inHeader, inCookie, "body", "inject"} {
		if _, ok := f.Tag.Lookup(k); ok {
			return true
		}
	}
	t := f.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if !f.Anonymous || t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		if hasBindingTag(t.Field(i)) {
			return true
		}
	}
	return false
}
