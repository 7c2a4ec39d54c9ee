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
// # The validate vocabulary
//
// The `validate` tag names each rule by the JSON Schema 2020-12 keyword it
// becomes in the document, one to one, and the decoder checks it exactly as
// a JSON Schema validator would. Rules are separated by commas; every bad
// rule of every field is an error from New, all reported at once.
//
//	rule                keyword           Go types                      example
//	required            required          any field (requests)          validate:"required"
//	minLength=N         minLength         strings, text types           validate:"minLength=1"
//	maxLength=N         maxLength         strings, text types           validate:"maxLength=72"
//	pattern=RE          pattern           strings, text types           validate:"pattern=^[a-z]+$"
//	format=F            format            strings, text types           validate:"format=email"
//	minimum=X           minimum           integers, floats              validate:"minimum=0"
//	maximum=X           maximum           integers, floats              validate:"maximum=100"
//	exclusiveMinimum=X  exclusiveMinimum  integers, floats              validate:"exclusiveMinimum=0"
//	exclusiveMaximum=X  exclusiveMaximum  integers, floats              validate:"exclusiveMaximum=1"
//	multipleOf=X        multipleOf        integers, floats              validate:"multipleOf=0.25"
//	enum=a|b|c          enum              strings, numbers, bools       validate:"enum=low|normal|high"
//	const=x             const             strings, numbers, bools       validate:"const=v1"
//	minItems=N          minItems          slices, arrays                validate:"minItems=1"
//	maxItems=N          maxItems          slices, arrays                validate:"maxItems=10"
//	uniqueItems         uniqueItems       slices, arrays                validate:"uniqueItems"
//	minProperties=N     minProperties     maps, structs                 validate:"minProperties=1"
//	maxProperties=N     maxProperties     maps, structs                 validate:"maxProperties=20"
//	dive                items             slices, arrays, maps          validate:"maxItems=5,dive,minLength=1"
//
// Counts are in Unicode code points (lengths) or items; numbers are JSON
// number literals kept exactly. pattern is RE2 without RE2-only syntax and
// must be the last rule of its tag, as it may contain commas. format is one
// of email, uri, uuid, date-time, date, time, ipv4, ipv6 or hostname, and is
// asserted, never only documented. Enum values are separated by |, not
// commas. dive applies the rules after it to each item of a collection (each
// value of a map): the document's items or additionalProperties. Rules on a
// pointer apply to the value it points to; "text types" implement
// encoding.TextMarshaler and TextUnmarshaler (uuid.UUID, netip.Addr).
//
// A field that is in every response (no omitempty, not a pointer) must keep
// its enum or const with its zero value, and an optional parameter without a
// default must keep all its rules with its zero value, since that is what
// the handler gets when it is absent: New names the fixes otherwise.
//
// # Layers
//
// Settings live on the app (options), routers, controllers (struct fields)
// and routes (options). Lists concatenate app-first (guards, middleware,
// tags); maps merge with the nearest layer winning (dependencies, exception
// handlers, response headers, DTOs); scalars come from the nearest layer
// that sets them (BodyLimit).
//
// Each layer has one way to take a setting, the one that fits how the layer
// is written: a Controller or Router is a struct literal, so a guard is its
// Guards field; the app and a route are function calls, so the same setting
// is a LayerOption (Guards(...)) passed to New or to Get/Post. The option
// and the field are the same concept under the spelling each call site
// reads best in; no layer takes both. Router and Controller carry the same
// settings and differ only in what they hold: a Router holds Routables
// (controllers, other routers, routes) to mount a group under one prefix, a
// Controller holds the Routes of one resource.
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
