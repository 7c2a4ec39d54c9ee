package framework

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"unsafe"

	"github.com/starling-http/starling/internal/codec"
	"github.com/starling-http/starling/internal/plan"
)

// compileEndpoint compiles a typed handler into the route's endpoint: the
// binder for In, the encoder for Out and the default status.
func compileEndpoint[In, Out any](b *builder, rt *route, h func(context.Context, In) (Out, error)) error {
	if h == nil {
		return fmt.Errorf("handler is nil")
	}
	bnd, err := compileBinder(b, rt, reflect.TypeFor[In]())
	if err != nil {
		return err
	}
	enc, err := compileEncoder(b, rt, reflect.TypeFor[Out]())
	if err != nil {
		return err
	}
	if err := rt.setStatus(enc); err != nil {
		return err
	}
	rt.binder, rt.encoder = bnd, enc
	rt.info = rt.describe(bnd, enc)
	singles := b.app.singletons
	pool := &b.app.bufs
	if enc.raw != rawNone {
		// Text and Bytes are read, not encoded through a plan: the result
		// stays on the stack, and the frame is In alone (nothing at all for
		// an empty In).
		if unsafe.Sizeof(*new(In)) > 0 {
			rt.newState = newStateWithFrame[In]
		}
		rt.endpoint = func(w http.ResponseWriter, r *http.Request, st *requestState) error {
			if err := rt.runGuards(r); err != nil {
				return err
			}
			in := frameOf[In](st, rt)
			out, err := invoke(h, bnd, singles, r, st, in)
			if err != nil {
				return err
			}
			return enc.writeRaw(w, r, st, rt.status, unsafe.Pointer(&out), pool)
		}
		return nil
	}
	rt.newState = newStateWithFrame[frame[In, Out]]
	rt.endpoint = func(w http.ResponseWriter, r *http.Request, st *requestState) error {
		if err := rt.runGuards(r); err != nil {
			return err
		}
		f := frameOf[frame[In, Out]](st, rt)
		var err error
		if f.out, err = invoke(h, bnd, singles, r, st, &f.in); err != nil {
			return err
		}
		return enc.write(w, r, st, rt.status, unsafe.Pointer(&f.out), pool)
	}
	return nil
}

// frame holds a request's In and Out. Both escape (the binder and the
// encoder take their addresses), so they are allocated, and one allocation
// holds both.
type frame[In, Out any] struct {
	in  In
	out Out
}

// newStateWithFrame allocates a request state and a frame F as one object:
// one allocation per request instead of two. The state keeps the frame
// alive as long as a handler keeps its ctx.
func newStateWithFrame[F any]() *requestState {
	c := new(struct {
		st requestState
		f  F
	})
	c.st.frame = unsafe.Pointer(&c.f)
	return &c.st
}

// frameOf hands out the frame allocated with st for rt, once; a state
// allocated without it (app middleware, a second run of the endpoint by a
// middleware) gets a new frame, so a frame is never reused with a
// previous run's values.
func frameOf[F any](st *requestState, rt *route) *F {
	if st.frame != nil && !st.frameUsed && st.route == rt {
		st.frameUsed = true
		return (*F)(st.frame)
	}
	return new(F)
}

// invoke binds the input at in, calls the handler and runs the cleanups of
// the request's providers: after the handler, before the response is
// written (so a cleanup that commits a transaction can still turn the
// response into an error), and also when binding fails or the handler
// panics.
func invoke[In, Out any](h func(context.Context, In) (Out, error), bnd *binder, singles *singletons, r *http.Request, st *requestState, in *In) (out Out, err error) {
	cleanups, err := bnd.bind(r, st, singles, unsafe.Pointer(in))
	if len(cleanups) > 0 {
		defer func() {
			if p := recover(); p != nil {
				runCleanups(cleanups, fmt.Errorf("panic: %v", p))
				panic(p)
			}
		}()
	}
	if err != nil {
		runCleanups(cleanups, err)
		return out, err
	}
	out, err = h(st.handlerContext(r), *in)
	runCleanups(cleanups, err)
	return out, err
}

// encoder writes a route's result.
type encoder struct {
	typ       reflect.Type
	plan      *plan.Type // nil for NoContent, Text and Bytes
	noContent bool
	raw       rawKind // Text and Bytes are written as they are (text.go)
	dto       DTOSpec
}

var typeNoContent = reflect.TypeFor[NoContent]()

func compileEncoder(b *builder, rt *route, out reflect.Type) (*encoder, error) {
	enc := &encoder{typ: out}
	if out == typeNoContent {
		enc.noContent = true
		if rt.cfg.returns != nil {
			return nil, fmt.Errorf("Returns: the handler returns framework.NoContent, which has no body to encode")
		}
		return enc, nil
	}
	if enc.raw = rawKindOf(out); enc.raw != rawNone {
		// DTOs shape JSON; layer DTOs have nothing to apply to here.
		if rt.cfg.returns != nil {
			return nil, fmt.Errorf("Returns: the handler returns %s, which is written as it is, not encoded through a DTO", out)
		}
		return enc, nil
	}
	var err error
	if enc.plan, err = b.plans.Compile(out); err != nil {
		return nil, fmt.Errorf("result type %s: %w", out, err)
	}
	// The route's own DTO first, then the layers' DTOs, nearest first: each
	// shapes every occurrence of its model in the result (User, []User,
	// Page[User] …).
	dtos := make([]DTOSpec, 0, len(rt.dtos)+1)
	if rt.cfg.returns != nil {
		dtos = append(dtos, rt.cfg.returns)
	}
	for _, model := range sortedTypes(rt.dtos) {
		dtos = append(dtos, rt.dtos[model])
	}
	applied := map[reflect.Type]bool{}
	for i, dto := range dtos {
		model := dto.modelType()
		if applied[model] {
			continue
		}
		dp, err := b.plans.CompileDTO(model, dto.dtoConfig())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dto, err)
		}
		p, found := substitute(enc.plan, model, dp)
		if !found {
			if i == 0 && rt.cfg.returns != nil {
				return nil, fmt.Errorf("Returns(%s): the DTO's model %s does not occur in the result type %s", dto, model, out)
			}
			continue
		}
		applied[model] = true
		enc.plan = p
		if model == out {
			enc.dto = dto
		}
	}
	// The final plan, DTOs substituted, is what responses are encoded with:
	// compile it for the codec now, so a failure is New's and not a 500.
	if err := codec.Prepare(enc.plan); err != nil {
		return nil, fmt.Errorf("result type %s: %w", out, err)
	}
	if errs := zeroValueErrors(enc.plan); len(errs) > 0 {
		return nil, fmt.Errorf("result type %s: %w", out, errors.Join(errs...))
	}
	return enc, nil
}

// setStatus picks the default status and checks an explicit one.
func (rt *route) setStatus(enc *encoder) error {
	status := rt.cfg.status
	switch {
	case status != 0:
	case enc.noContent:
		status = http.StatusNoContent
	case rt.def.method == http.MethodPost:
		status = http.StatusCreated
	default:
		status = http.StatusOK
	}
	if status < 200 || status > 299 {
		return fmt.Errorf("Status(%d): a route's own status must be a 2xx; errors choose their status through *framework.Error", status)
	}
	if !enc.noContent && (status == http.StatusNoContent || status == http.StatusResetContent) {
		return fmt.Errorf("Status(%d) forbids a body, but the handler returns %s; return framework.NoContent", status, enc.typ)
	}
	rt.status = status
	return nil
}

// write encodes out into a pooled buffer, then writes it with its length.
func (enc *encoder) write(w http.ResponseWriter, r *http.Request, st *requestState, status int, out unsafe.Pointer, pool *bufferPool) error {
	if enc.noContent {
		w.WriteHeader(status)
		return nil
	}
	buf := pool.get()
	defer pool.put(buf)
	b, err := codec.Encode((*buf)[:0], enc.plan, out)
	if err != nil {
		return InternalError(fmt.Errorf("encoding %s: %w", enc.typ, err))
	}
	*buf = b
	h := w.Header()
	st.setHeader(h, "Content-Type", hdrType, "application/json")
	st.setContentLength(h, len(b))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
	return nil
}
