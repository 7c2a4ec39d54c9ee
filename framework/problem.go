package framework

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
)

// ProblemContentType is the media type of every error response (RFC 9457).
const ProblemContentType = "application/problem+json"

// Problem is the body of an error response: an RFC 9457 problem document.
// Extension members from Error.Extra are written beside the standard ones.
type Problem struct {
	Type      string      `json:"type" doc:"A URI naming the problem type; about:blank when the status says it all."`
	Title     string      `json:"title" doc:"A short summary of the problem type."`
	Status    int         `json:"status" validate:"minimum=100,maximum=599" doc:"The HTTP status code."`
	Detail    string      `json:"detail,omitempty" doc:"What went wrong this time, for people."`
	Instance  string      `json:"instance,omitempty" doc:"A URI naming this occurrence."`
	RequestID string      `json:"request_id,omitempty" doc:"The request id (the X-Request-ID header): quote it when reporting a problem."`
	Errors    []Violation `json:"errors,omitempty" doc:"Every invalid input value, for a validation failure."`
}

// problemOf builds the problem document for e. A 5xx never shows the cause.
func problemOf(e *Error, requestID string) Problem {
	p := Problem{
		Type:      e.Type,
		Title:     e.title(),
		Status:    e.Status,
		Detail:    e.Detail,
		RequestID: requestID,
		Errors:    e.Violations,
	}
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if e.Status >= 500 && p.Detail == "" {
		p.Detail = "the server could not answer this request; quote the request id when reporting it"
	}
	return p
}

// writeProblem renders e as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, e *Error) {
	body := encodeProblem(problemOf(e, RequestID(r.Context())), e.Extra)
	h := w.Header()
	for k, vs := range e.Header {
		// Canonical keys, as Header.Set makes: an Error built with a literal
		// such as http.Header{"WWW-Authenticate": …} must still be found by
		// Header.Get and not sit beside a second spelling of the same name.
		h[http.CanonicalHeaderKey(k)] = vs
	}
	h.Set("Content-Type", ProblemContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(e.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// encodeProblem writes the standard members, then the extension members in
// sorted order so the output is stable. Extension members never replace
// standard ones.
func encodeProblem(p Problem, extra map[string]any) []byte {
	std, err := json.Marshal(p)
	if err != nil {
		std = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
	}
	if len(extra) == 0 {
		return std
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		switch k {
		case "type", "title", "status", "detail", "instance", "request_id", "errors":
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.Write(std[:len(std)-1])
	for _, k := range keys {
		v, err := json.Marshal(extra[k])
		if err != nil {
			continue
		}
		kb, _ := json.Marshal(k)
		b.WriteByte(',')
		b.Write(kb)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes()
}
