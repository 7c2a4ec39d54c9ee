package framework

// RequestBody returns the DTO that the route with operationID decodes its
// JSON body through: its model type and wire shape (the route's Accepts or
// layer DTO, and Partial for a Partial[T] body). A route whose body is its
// plain model gets a DTO of that model with no options. It reports false
// when no route has that operation ID or the route takes no body.
//
// Test harnesses use it to send a value exactly as a client of the
// document would (see apitest.API.Body).
func (a *App) RequestBody(operationID string) (DTOSpec, bool) {
	for _, rt := range a.routes {
		if rt.info == nil || rt.info.OperationID != operationID || rt.binder == nil || rt.binder.body == nil {
			continue
		}
		body := rt.binder.body
		spec := dtoSpec{model: body.model}
		if body.dto != nil {
			spec.cfg = body.dto.dtoConfig()
		}
		spec.cfg.Partial = spec.cfg.Partial || body.partial
		return spec, true
	}
	return nil, false
}
