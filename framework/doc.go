// Package framework builds typed HTTP APIs in the manner of Litestar: layered
// controllers, DTOs for every input and output, dependency injection, guards,
// RFC 9457 problem responses and a generated OpenAPI 3.1 document, on plain
// net/http.
//
// # Routes
//
// A route is a typed handler, func(context.Context, In) (Out, error),
// registered with Get, Post, Put, Patch or Delete. The fields of In say where
// each value comes from:
//
//	type getUser struct {
//		ID     int64        `path:"user_id"`                  // {user_id:int} in the path
//		Fields []string     `query:"fields"`                  // ?fields=a&fields=b
//		Limit  int          `query:"limit" default:"20" validate:"minimum=1,maximum=100"`
//		Tenant *string      `header:"X-Tenant"`               // pointer: optional
//		Body   CreateUser   `body:""`                         // the JSON body
//		Users  *UserService `inject:""`                       // from the providers
//	}
//
// Path parameters are typed in the pattern: {id:int}, {id:float}, {id:str},
// {id:uuid}, {day:date}, {at:datetime} and {rest:path} (the rest of the path).
// The router matches structurally; a value that does not parse as its type
// gets a 400 naming path.<name>, like any other invalid parameter.
//
// Out is encoded as JSON, except three result types: NoContent (204, no
// body), Text (text/plain) and Bytes (any content type, as it is).
//
// # Constraints
//
// The `validate` tag names each rule by its JSON Schema keyword (required,
// minLength, maximum, pattern, format, enum, minItems, dive …); the full
// vocabulary is documented in one place, in the internal plan package's
// documentation, and mirrored one to one in the OpenAPI document.
//
// # Layers
//
// Settings live on the app (options), routers, controllers (struct fields)
// and routes (options). Lists concatenate app-first (guards, middleware,
// tags); maps merge with the nearest layer winning (dependencies, exception
// handlers, response headers, DTOs); scalars come from the nearest layer
// that sets them (BodyLimit).
//
// # Guards
//
// A Guard allows a request or denies it with an error. The document lists
// 401 and 403 on a guarded route, or only the statuses a guard declares by
// implementing DenyStatuser.
//
// # Errors
//
// Handlers return *Error values (NotFound, Conflict …) to choose a status;
// every error is rendered as application/problem+json. A panic becomes a 500
// that shows nothing of it; the log gets the stack and the request id.
// Wiring mistakes are errors from New, never request-time surprises.
package framework
