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

// Rule is one kind of change the gate knows.
type Rule struct {
	ID        string    `json:"id"`
	Level     Level     `json:"level"`
	Direction Direction `json:"direction"`
	Summary   string    `json:"summary"`
}

// The rule ids. Request rules are about what a client may send, response
// rules about what a client may receive; the same schema change has
// opposite effects in the two directions.
const (
	RulePathRemoved             = "path-removed"
	RuleOperationRemoved        = "operation-removed"
	RuleOperationAdded          = "operation-added"
	RuleOperationIDChanged      = "operation-id-changed"
	RuleOperationDeprecated     = "operation-deprecated"
	RuleSecurityAdded           = "security-added"
	RuleSecurityRemoved         = "security-removed"
	RuleSecuritySchemeChanged   = "security-scheme-changed"
	RuleParamRemoved            = "request-parameter-removed"
	RuleParamRenamed            = "request-parameter-renamed"
	RuleParamBecameRequired     = "request-parameter-became-required"
	RuleParamRequiredAdded      = "request-parameter-required-added"
	RuleParamOptionalAdded      = "request-parameter-optional-added"
	RuleParamBecameOptional     = "request-parameter-became-optional"
	RuleBodyBecameRequired      = "request-body-became-required"
	RuleBodyRemoved             = "request-body-removed"
	RuleBodyRequiredAdded       = "request-body-required-added"
	RuleReqMediaTypeRemoved     = "request-media-type-removed"
	RuleReqMediaTypeAdded       = "request-media-type-added"
	RuleReqPropertyRemoved      = "request-property-removed"
	RuleReqPropertyRequired     = "request-property-became-required"
	RuleReqRequiredPropAdded    = "request-required-property-added"
	RuleReqOptionalPropAdded    = "request-optional-property-added"
	RuleReqTypeChanged          = "request-type-changed"
	RuleReqTypeWidened          = "request-type-widened"
	RuleReqConstraintTightened  = "request-constraint-tightened"
	RuleReqConstraintLoosened   = "request-constraint-loosened"
	RuleReqEnumValueRemoved     = "request-enum-value-removed"
	RuleReqEnumValueAdded       = "request-enum-value-added"
	RuleReqPatternChanged       = "request-pattern-changed"
	RuleReqFormatChanged        = "request-format-changed"
	RuleReqAdditionalForbidden  = "request-additional-properties-forbidden"
	RuleReqVariantRemoved       = "request-variant-removed"
	RuleSuccessStatusRemoved    = "response-success-status-removed"
	RuleSuccessStatusAdded      = "response-success-status-added"
	RuleErrorStatusRemoved      = "response-error-status-removed"
	RuleErrorStatusAdded        = "response-error-status-added"
	RuleRespMediaTypeRemoved    = "response-media-type-removed"
	RuleRespMediaTypeAdded      = "response-media-type-added"
	RuleRespHeaderRemoved       = "response-header-removed"
	RuleRespHeaderOptional      = "response-header-became-optional"
	RuleRespPropertyRemoved     = "response-property-removed"
	RuleRespPropertyOptional    = "response-property-became-optional"
	RuleRespPropertyAdded       = "response-property-added"
	RuleRespTypeChanged         = "response-type-changed"
	RuleRespTypeNarrowed        = "response-type-narrowed"
	RuleRespEnumValueAdded      = "response-enum-value-added"
	RuleRespEnumValueRemoved    = "response-enum-value-removed"
	RuleRespConstraintLoosened  = "response-constraint-loosened"
	RuleRespConstraintTightened = "response-constraint-tightened"
	RuleRespVariantAdded        = "response-variant-added"
)

// Rules is the catalogue of every rule the gate applies, in the order the
// documentation lists them.
var Rules = []Rule{
	{RulePathRemoved, Err, Both, "a path was removed: every call to it now fails"},
	{RuleOperationRemoved, Err, Both, "a method was removed from a path"},
	{RuleOperationAdded, Info, Both, "a new operation"},
	{RuleOperationIDChanged, Warn, Both, "the operationId changed: generated clients rename the method"},
	{RuleOperationDeprecated, Info, Both, "the operation is now deprecated"},
	{RuleSecurityAdded, Err, Request, "credentials that used to be enough no longer are (a security requirement, scheme or scope was added)"},
	{RuleSecurityRemoved, Info, Request, "the operation asks for less authentication"},
	{RuleSecuritySchemeChanged, Err, Request, "a security scheme changed its type, scheme or where its key is sent"},
	{RuleParamRemoved, Warn, Request, "a parameter was removed: clients that send it are ignored (or refused)"},
	{RuleParamRenamed, Err, Request, "a parameter was renamed: clients send the old name"},
	{RuleParamBecameRequired, Err, Request, "an optional parameter became required"},
	{RuleParamRequiredAdded, Err, Request, "a new required parameter"},
	{RuleParamOptionalAdded, Info, Request, "a new optional parameter"},
	{RuleParamBecameOptional, Info, Request, "a required parameter became optional"},
	{RuleBodyBecameRequired, Err, Request, "the request body became required"},
	{RuleBodyRequiredAdded, Err, Request, "a required request body was added"},
	{RuleBodyRemoved, Warn, Request, "the operation no longer reads a request body"},
	{RuleReqMediaTypeRemoved, Err, Request, "a request media type is no longer accepted"},
	{RuleReqMediaTypeAdded, Info, Request, "a new request media type is accepted"},
	{RuleReqPropertyRemoved, Warn, Request, "a request property was removed: clients that send it are ignored (or refused)"},
	{RuleReqPropertyRequired, Err, Request, "an optional request property became required"},
	{RuleReqRequiredPropAdded, Err, Request, "a new required request property"},
	{RuleReqOptionalPropAdded, Info, Request, "a new optional request property"},
	{RuleReqTypeChanged, Err, Request, "a request value no longer accepts a type it accepted (including null)"},
	{RuleReqTypeWidened, Info, Request, "a request value accepts more types"},
	{RuleReqConstraintTightened, Err, Request, "a request constraint was added or tightened (maxLength lowered, minimum raised, maxItems lowered, uniqueItems added, multipleOf changed …)"},
	{RuleReqConstraintLoosened, Info, Request, "a request constraint was removed or loosened"},
	{RuleReqEnumValueRemoved, Err, Request, "a request enum value was removed (or an enum added): clients send it"},
	{RuleReqEnumValueAdded, Info, Request, "a request enum accepts a new value"},
	{RuleReqPatternChanged, Err, Request, "a request pattern was added or changed"},
	{RuleReqFormatChanged, Warn, Request, "a request format was added or changed"},
	{RuleReqAdditionalForbidden, Err, Request, "a request object no longer accepts properties it does not declare"},
	{RuleReqVariantRemoved, Err, Request, "a oneOf/anyOf variant of a request value was removed"},
	{RuleSuccessStatusRemoved, Err, Response, "a success (2xx) status was removed"},
	{RuleSuccessStatusAdded, Warn, Response, "a new success (2xx) status: readers that expect only the old one may fail"},
	{RuleErrorStatusRemoved, Info, Response, "an error status is no longer documented"},
	{RuleErrorStatusAdded, Info, Response, "a new error status is documented"},
	{RuleRespMediaTypeRemoved, Err, Response, "a response media type was removed"},
	{RuleRespMediaTypeAdded, Info, Response, "a response is also offered in a new media type"},
	{RuleRespHeaderRemoved, Warn, Response, "a response header was removed"},
	{RuleRespHeaderOptional, Warn, Response, "a required response header became optional"},
	{RuleRespPropertyRemoved, Err, Response, "a response property was removed"},
	{RuleRespPropertyOptional, Err, Response, "a required response property became optional"},
	{RuleRespPropertyAdded, Info, Response, "a new response property"},
	{RuleRespTypeChanged, Err, Response, "a response value may now have a type it could not have (including null)"},
	{RuleRespTypeNarrowed, Info, Response, "a response value has fewer possible types"},
	{RuleRespEnumValueAdded, Err, Response, "a response enum has a new value: readers that switch over it break"},
	{RuleRespEnumValueRemoved, Info, Response, "a response enum value is no longer sent"},
	{RuleRespConstraintLoosened, Warn, Response, "a response constraint was removed or loosened (maxLength raised, pattern removed …): readers that relied on it may break"},
	{RuleRespConstraintTightened, Info, Response, "a response constraint was added or tightened"},
	{RuleRespVariantAdded, Err, Response, "a oneOf/anyOf variant of a response value was added"},
}

// RuleByID returns the rule with the given id.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
