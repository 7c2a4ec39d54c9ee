package framework

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unsafe"

	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// bodyBinding decodes the JSON request body into the input's body field.
type bodyBinding struct {
	offset   uintptr
	goType   reflect.Type // the field's type
	model    reflect.Type // what is decoded: the field type, its pointee or Partial's T
	plan     *plan.Type
	optional bool // a pointer field: the body may be absent
	partial  bool // a Partial[T] field
	limit    int64
	dto      DTOSpec
}

// partialBody is implemented by *Partial[T].
type partialBody interface {
	partialModel() reflect.Type
	partialValue() unsafe.Pointer
	partialSet(t *plan.Type, data []byte)
}

var typePartialBody = reflect.TypeFor[partialBody]()

func compileBody(b *builder, rt *route, f reflect.StructField, where string) (*bodyBinding, error) {
	body := &bodyBinding{offset: f.Offset, goType: f.Type, model: f.Type, limit: rt.bodyLimit}
	switch {
	case reflect.PointerTo(f.Type).Implements(typePartialBody):
		body.partial = true
		body.model = reflect.New(f.Type).Interface().(partialBody).partialModel()
	case f.Type.Kind() == reflect.Pointer:
		body.optional = true
		body.model = f.Type.Elem()
	}
	dto := rt.cfg.accepts
	if dto != nil && dto.modelType() != body.model {
		return nil, fmt.Errorf("%s: Accepts(%s): the DTO's model is %s but the body is %s", where, dto, dto.modelType(), body.model)
	}
	if dto == nil {
		dto = rt.dtos[body.model]
	}
	var cfg plan.DTOConfig
	if dto != nil {
		cfg = dto.dtoConfig()
	}
	cfg.Partial = cfg.Partial || body.partial
	var err error
	if dto != nil || cfg.Partial {
		if cfg.Name == "" && body.partial {
			cfg.Name = "Partial" + body.model.Name()
		}
		body.plan, err = b.plans.CompileDTO(body.model, cfg)
	} else {
		body.plan, err = b.plans.Compile(body.model)
	}
	if err == nil {
		// A type the codec cannot handle is an error from New, not a 400 for
		// the first client that sends a body.
		err = codec.Prepare(body.plan)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: body %s: %w", where, body.model, err)
	}
	body.dto = dto
	return body, nil
}

// bind reads, decodes and validates the body. Decoding violations are added
// to vs; a wrong media type or an oversized body return their own error.
func (body *bodyBinding) bind(r *http.Request, st *requestState, in unsafe.Pointer, vs []Violation) ([]Violation, error) {
	empty := r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0
	ct := r.Header.Get("Content-Type")
	if cts := r.Header["Content-Type"]; len(cts) > 1 {
		// A singleton field (RFC 9110 §8.3): with two, this app and a proxy
		// in front of it could each read a different one.
		e := NewError(http.StatusUnsupportedMediaType, fmt.Sprintf("the request has %d Content-Type headers; send one, application/json", len(cts)))
		e.Header = http.Header{"Accept": {"application/json"}}
		return vs, e
	}
	if empty && ct == "" {
		if !body.optional {
			vs = append(vs, Violation{Location: "body", Rule: "required", Message: "a JSON request body is required"})
		}
		return vs, nil
	}
	if err := checkJSONMediaType(ct); err != nil {
		return vs, err
	}
	if r.ContentLength > body.limit {
		return vs, tooLarge(body.limit)
	}
	data, err := readBody(r, body.limit)
	if err != nil {
		return vs, err
	}
	if len(data) == 0 {
		if !body.optional {
			vs = append(vs, Violation{Location: "body", Rule: "required", Message: "a JSON request body is required"})
		}
		return vs, nil
	}
	field := unsafe.Add(in, body.offset)
	target := field
	switch {
	case body.partial:
		pb := reflect.NewAt(body.goType, field).Interface().(partialBody)
		target = pb.partialValue()
		pb.partialSet(body.plan, data)
	case body.optional:
		v := reflect.New(body.model)
		target = v.UnsafePointer()
		*(*unsafe.Pointer)(field) = target
	}
	if err := codec.Decode(body.plan, data, target); err != nil {
		var pvs plan.Violations
		if !errors.As(err, &pvs) {
			return vs, BadRequest("the request body could not be decoded").Wrap(err)
		}
		for _, v := range pvs {
			vs = append(vs, bodyViolation(v))
		}
	}
	return vs, nil
}

// bodyViolation turns a codec violation into a problem entry.
func bodyViolation(v plan.Violation) Violation {
	loc := "body"
	if v.Pointer != "" {
		parts := strings.Split(v.Pointer[1:], "/")
		for i, p := range parts {
			parts[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
		}
		loc += "." + strings.Join(parts, ".")
	}
	msg := v.Message
	if v.Rule == "syntax" && v.Offset >= 0 && !strings.Contains(msg, "offset") {
		msg += " (at byte offset " + strconv.Itoa(v.Offset) + ")"
	}
	return Violation{Location: loc, Pointer: v.Pointer, Rule: v.Rule, Message: msg, Value: v.Value}
}

// checkJSONMediaType accepts application/json and application/*+json, with
// an optional charset that must be UTF-8.
func checkJSONMediaType(ct string) error {
	mt, params, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	ok := mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
	if ok {
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "charset") {
				v = strings.Trim(strings.TrimSpace(v), `"`)
				if !strings.EqualFold(v, "utf-8") && !strings.EqualFold(v, "utf8") {
					ok = false
				}
			}
		}
	}
	if ok {
		return nil
	}
	got := ct
	if got == "" {
		got = "no Content-Type"
	}
	e := NewError(http.StatusUnsupportedMediaType, fmt.Sprintf("the request body must be application/json (UTF-8), got %q", got))
	e.Header = http.Header{"Accept": {"application/json"}}
	return e
}

func tooLarge(limit int64) *Error {
	return NewError(http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than the limit of %d bytes", limit))
}

// readBody reads the whole body, refusing it as soon as it passes limit.
// The buffer is not reused: decoded strings may point into it.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	var buf []byte
	if r.ContentLength > 0 {
		buf = make([]byte, 0, r.ContentLength+1)
	} else {
		buf = make([]byte, 0, 512)
	}
	rd := io.LimitReader(r.Body, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, tooLarge(limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, tooLarge(limit)
			}
			return nil, BadRequest("the request body could not be read").Wrap(err)
		}
	}
}
