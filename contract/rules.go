package contract

import (
	"fmt"
	"strings"
)

// Level is how serious a change is.
type Level int

// The levels, least serious first.
const (
	// Info is a change no client notices (an addition, a loosening).
	Info Level = iota
	// Warn is a change that may break some clients (a removed optional
	// parameter the server now ignores, a new success status).
	Warn
	// Err is a change that breaks clients: the gate fails on it unless it
	// is acknowledged.
	Err
)

// String returns "INFO", "WARN" or "ERR".
func (l Level) String() string {
	switch l {
	case Err:
		return "ERR"
	case Warn:
		return "WARN"
	}
	return "INFO"
}

// MarshalText writes the level as its name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a level name (case-insensitive; "error" and
// "warning" are accepted too).
func (l *Level) UnmarshalText(b []byte) error {
	switch strings.ToUpper(string(b)) {
	case "ERR", "ERROR":
		*l = Err
	case "WARN", "WARNING":
		*l = Warn
	case "INFO":
		*l = Info
	default:
		return fmt.Errorf("unknown level %q (want ERR, WARN or INFO)", b)
	}
	return nil
}

// Direction says which clients a change affects.
type Direction string

// The directions.
const (
	// Request changes affect clients that send requests.
	Request Direction = "request"
	// Response changes affect clients that read responses.
	Response Direction = "response"
	// Both changes affect every client (an operation removed).
	Both Direction = "both"
)

// Rule is one kind of change the gate knows: one row of the rules table
// (docs/contract-rules.md, generated from Rules).
type Rule struct {
	ID        string    `json:"id"`
	Level     Level     `json:"level"`
	Direction Direction `json:"direction"`
	// Summary says what changed and why it has its level.
	Summary string `json:"summary"`
	// Example is one change the rule classifies.
	Example string `json:"example"`
	// Oasdiff, when set, says where the rule deliberately disagrees with
	// oasdiff's default levels and why Starling's level is the right one.
	// The differential test (contract/testdata/oasdiff) relies on it.
	Oasdiff string `json:"oasdiff,omitempty"`
}

// The rule ids. Request rules are about what a client may send, response
// rules about what a client may receive; the same schema change has
// opposite effects in the two directions.
const (
	RuleServerBasePathChanged     = "server-base-path-changed"
	RulePathRemoved               = "path-removed"
	RuleOperationRemoved          = "operation-removed"
	RuleOperationAdded            = "operation-added"
	RuleOperationIDChanged        = "operation-id-changed"
	RuleOperationIDAdded          = "operation-id-added"
	RuleOperationDeprecated       = "operation-deprecated"
	RuleSecurityAdded             = "security-added"
	RuleSecurityRemoved           = "security-removed"
	RuleSecuritySchemeChanged     = "security-scheme-changed"
	RuleParamRemoved              = "request-parameter-removed"
	RuleParamRenamed              = "request-parameter-renamed"
	RuleParamBecameRequired       = "request-parameter-became-required"
	RuleParamRequiredAdded        = "request-parameter-required-added"
	RuleParamOptionalAdded        = "request-parameter-optional-added"
	RuleParamBecameOptional       = "request-parameter-became-optional"
	RuleParamSerializationChanged = "request-parameter-serialization-changed"
	RuleBodyBecameRequired        = "request-body-became-required"
	RuleBodyRemoved               = "request-body-removed"
	RuleBodyRequiredAdded         = "request-body-required-added"
	RuleReqMediaTypeRemoved       = "request-media-type-removed"
	RuleReqMediaTypeAdded         = "request-media-type-added"
	RuleReqPropertyRemoved        = "request-property-removed"
	RuleReqPropertyRequired       = "request-property-became-required"
	RuleReqRequiredPropAdded      = "request-required-property-added"
	RuleReqOptionalPropAdded      = "request-optional-property-added"
	RuleReqTypeChanged            = "request-type-changed"
	RuleReqTypeWidened            = "request-type-widened"
	RuleReqConstraintTightened    = "request-constraint-tightened"
	RuleReqConstraintLoosened     = "request-constraint-loosened"
	RuleReqEnumValueRemoved       = "request-enum-value-removed"
	RuleReqEnumValueAdded         = "request-enum-value-added"
	RuleReqPatternChanged         = "request-pattern-changed"
	RuleReqFormatChanged          = "request-format-changed"
	RuleReqAdditionalForbidden    = "request-additional-properties-forbidden"
	RuleReqVariantRemoved         = "request-variant-removed"
	RuleSuccessStatusRemoved      = "response-success-status-removed"
	RuleSuccessStatusAdded        = "response-success-status-added"
	RuleErrorStatusRemoved        = "response-error-status-removed"
	RuleErrorStatusAdded          = "response-error-status-added"
	RuleRespMediaTypeRemoved      = "response-media-type-removed"
	RuleRespMediaTypeAdded        = "response-media-type-added"
	RuleRespHeaderRemoved         = "response-header-removed"
	RuleRespRequiredHeaderRemoved = "response-required-header-removed"
	RuleRespHeaderOptional        = "response-header-became-optional"
	RuleRespPropertyRemoved       = "response-property-removed"
	RuleRespPropertyOptional      = "response-property-became-optional"
	RuleRespPropertyAdded         = "response-property-added"
	RuleRespTypeChanged           = "response-type-changed"
	RuleRespTypeNarrowed          = "response-type-narrowed"
	RuleRespEnumValueAdded        = "response-enum-value-added"
	RuleRespEnumValueRemoved      = "response-enum-value-removed"
	RuleRespConstraintLoosened    = "response-constraint-loosened"
	RuleRespConstraintTightened   = "response-constraint-tightened"
	RuleRespVariantAdded          = "response-variant-added"
)

// Rules returns the catalogue of every rule the gate applies, in the order
// the documentation lists them. The slice is the caller's: changing it
// changes no gate.
func Rules() []Rule {
	const (
		idNote = "oasdiff's api-operation-id-removed is INFO by default. Starling fails on it: generated clients " +
			"(openapi-generator, oapi-codegen, Orval …) name their methods after the operationId, so every caller stops compiling."
		reqBoundNote = "oasdiff compares minimum and exclusiveMinimum (maximum and exclusiveMaximum) keyword by keyword, so exclusiveMinimum 0 becoming minimum 0 " +
			"reads as an added minimum (request-property-min-set, request-parameter-min-set, request-property-max-set, request-parameter-max-set: ERR). " +
			"Starling compares the effective limit on each side: the request accepts more values than before."
		respBoundNote = "oasdiff compares minimum and exclusiveMinimum (maximum and exclusiveMaximum) keyword by keyword, so maximum 599 becoming exclusiveMaximum 599 " +
			"reads as a removed maximum (response-property-max-unset, response-body-max-unset, response-header-max-unset, response-property-min-unset, " +
			"response-body-min-unset, response-header-min-unset: ERR). Starling compares the effective limit on each side: the response may send fewer values than before."
		formatNote = "oasdiff calls every format change request-property-type-changed / request-parameter-type-changed (ERR). " +
			"Starling passes a change to a format that accepts every old value (email to idn-email, uri to iri, int32 to int64): no value a client sends today is refused."
	)
	return []Rule{
		{RuleServerBasePathChanged, Err, Both, "a server's base path is gone: every operation under it moved (hosts are not compared: clients configure them)", "servers https://api.example.com/v1 became https://api.example.com/v2", ""},
		{RulePathRemoved, Err, Both, "a path was removed: every call to it now fails", "DELETE of /items/{id} and its other methods", ""},
		{RuleOperationRemoved, Err, Both, "a method was removed from a path", "DELETE /items removed, GET /items kept", ""},
		{RuleOperationAdded, Info, Both, "a new operation", "PUT /items added", ""},
		{RuleOperationIDChanged, Err, Both, "the operationId changed or was removed: generated clients rename (or lose) the method, so callers stop compiling", `operationId "getUsers" became "listUsers"`, idNote},
		{RuleOperationIDAdded, Info, Both, "an operation without an operationId got one", `operationId "listItems" added`, ""},
		{RuleOperationDeprecated, Info, Both, "the operation is now deprecated", "deprecated: true added", ""},
		{RuleSecurityAdded, Err, Request, "credentials that used to be enough no longer are (a security requirement, scheme or scope was added)", "security [] became [{bearer: []}]", ""},
		{RuleSecurityRemoved, Info, Request, "the operation asks for less authentication", "security [{bearer: []}] became []", ""},
		{RuleSecuritySchemeChanged, Err, Request, "a security scheme changed its type, scheme or where its key is sent", "apiKey header X-Key became X-Api-Key", ""},
		{RuleParamRemoved, Warn, Request, "a parameter was removed: clients that send it are ignored (or refused)", "query parameter q removed", ""},
		{RuleParamRenamed, Err, Request, "a parameter was renamed: clients send the old name", "query parameter q became query", ""},
		{RuleParamBecameRequired, Err, Request, "an optional parameter became required", "query q: required false became true", ""},
		{RuleParamRequiredAdded, Err, Request, "a new required parameter", "required header X-Tenant added", ""},
		{RuleParamOptionalAdded, Info, Request, "a new optional parameter", "optional query q added", ""},
		{RuleParamBecameOptional, Info, Request, "a required parameter became optional", "query q: required true became false", ""},
		{RuleParamSerializationChanged, Err, Request, "a parameter's style, or the explode of an array or object parameter, changed: clients write the value the old way", "query tags: explode true became false (tags=a&tags=b became tags=a,b)", ""},
		{RuleBodyBecameRequired, Err, Request, "the request body became required", "requestBody.required false became true", ""},
		{RuleBodyRequiredAdded, Err, Request, "a required request body was added", "POST /items now requires a body", ""},
		{RuleBodyRemoved, Warn, Request, "the operation no longer reads a request body", "requestBody removed", ""},
		{RuleReqMediaTypeRemoved, Err, Request, "a request media type is no longer accepted", "application/xml removed from requestBody.content", ""},
		{RuleReqMediaTypeAdded, Info, Request, "a new request media type is accepted", "text/plain added to requestBody.content", ""},
		{RuleReqPropertyRemoved, Warn, Request, "a request property was removed: clients that send it are ignored (or refused)", "body property b removed", ""},
		{RuleReqPropertyRequired, Err, Request, "an optional request property became required", "body property a added to required", ""},
		{RuleReqRequiredPropAdded, Err, Request, "a new required request property", "body property b added, required", ""},
		{RuleReqOptionalPropAdded, Info, Request, "a new optional request property", "body property b added, optional", ""},
		{RuleReqTypeChanged, Err, Request, "a request value no longer accepts a type it accepted (including null)", "type number became integer", ""},
		{RuleReqTypeWidened, Info, Request, "a request value accepts more types (or a new oneOf/anyOf variant; a parameter or header that became a string accepts every number or boolean, as text)", "type integer became number", ""},
		{RuleReqConstraintTightened, Err, Request, "a request constraint was added or tightened: values clients send today are refused " +
			"(maxLength lowered, minimum raised, maxItems lowered, uniqueItems added, multipleOf changed, additionalProperties narrowed, " +
			"or any other assertion added or changed: not, contains, patternProperties, propertyNames, dependentRequired, if/then/else …)", "maxLength 100 became 50", ""},
		{RuleReqConstraintLoosened, Info, Request, "a request constraint was removed or loosened, or a format widened to one that accepts every old value", "maximum 10 became 20; format email became idn-email", formatNote + " " + reqBoundNote},
		{RuleReqEnumValueRemoved, Err, Request, "a request enum (or const) value was removed, or an enum added: clients send the old value", "enum [a, b] became [a]", ""},
		{RuleReqEnumValueAdded, Info, Request, "a request enum accepts a new value", "enum [a] became [a, b]", ""},
		{RuleReqPatternChanged, Err, Request, "a request pattern was added or changed: no tool can prove the new one accepts every old value", `pattern "" became "^[a-z]+$"`, ""},
		{RuleReqFormatChanged, Err, Request, "a request format was added, or changed to one that refuses values the old one accepted: the server validates formats", "format email became uri", ""},
		{RuleReqAdditionalForbidden, Err, Request, "a request object no longer accepts properties it does not declare", "additionalProperties: false added", ""},
		{RuleReqVariantRemoved, Err, Request, "a oneOf/anyOf variant of a request value was removed", "oneOf [string, integer] became [string]", ""},
		{RuleSuccessStatusRemoved, Err, Response, "a success (2xx) status was removed, or is only covered by a range now (clients generated per status lose it)", "200 became 204; 200 became 2XX", ""},
		{RuleSuccessStatusAdded, Warn, Response, "a new success (2xx) status: readers that expect only the old one may fail", "202 added next to 200", ""},
		{RuleErrorStatusRemoved, Info, Response, "an error status is no longer documented", "404 removed", ""},
		{RuleErrorStatusAdded, Info, Response, "a new error status is documented", "429 added", ""},
		{RuleRespMediaTypeRemoved, Err, Response, "a response media type was removed", "text/csv removed from a 200", ""},
		{RuleRespMediaTypeAdded, Info, Response, "a response is also offered in a new media type", "text/csv added to a 200", ""},
		{RuleRespRequiredHeaderRemoved, Err, Response, "a required response header was removed: readers that rely on it break", "required X-Rate removed from a 200", ""},
		{RuleRespHeaderRemoved, Warn, Response, "an optional response header was removed", "optional X-Request-Id removed from a 403", ""},
		{RuleRespHeaderOptional, Err, Response, "a required response header became optional: readers that rely on it break", "X-Rate: required true became false", ""},
		{RuleRespPropertyRemoved, Err, Response, "a response property was removed", "body property b removed", ""},
		{RuleRespPropertyOptional, Err, Response, "a required response property became optional", "body property a removed from required", ""},
		{RuleRespPropertyAdded, Info, Response, "a new response property", "body property b added", ""},
		{RuleRespTypeChanged, Err, Response, "a response value may now have a type it could not have (including null)", `type string became [string, "null"]`, ""},
		{RuleRespTypeNarrowed, Info, Response, "a response value has fewer possible types", `type [string, "null"] became string`, ""},
		{RuleRespEnumValueAdded, Err, Response, "a response enum has a new value (or its enum or const was removed): readers that switch over it break", "enum [a] became [a, b]", ""},
		{RuleRespEnumValueRemoved, Info, Response, "a response enum value is no longer sent", "enum [a, b] became [a]", ""},
		{RuleRespConstraintLoosened, Err, Response, "a response constraint was removed or loosened: the server may now send values readers were promised it would not " +
			"(minimum, maximum, exclusive bounds, minLength, maxLength, pattern, minItems, maxItems, uniqueItems, min/maxProperties, multipleOf, format, additionalProperties, " +
			"an items schema, or any other assertion removed or changed: not, contains, patternProperties …)",
			"maxLength 10 became 20; minimum 0 removed; format email became uri", ""},
		{RuleRespConstraintTightened, Info, Response, "a response constraint was added or tightened", "maxLength 20 became 10", respBoundNote},
		{RuleRespVariantAdded, Err, Response, "a oneOf/anyOf variant of a response value was added", "oneOf [string] became [string, integer]", ""},
	}
}

// RuleByID returns the rule with the given id.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
