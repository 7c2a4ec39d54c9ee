package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Interaction is one exchange a consumer had with a mock: the request it
// sent and the answer it relied on. A file of them travels with the
// consumer's repository (or as a CI artifact) to the provider, where Verify
// and `contract verify` replay them.
type Interaction struct {
	// Operation names the documented operation: "GET /users/{user_id}".
	Operation string           `json:"operation"`
	Request   RecordedRequest  `json:"request"`
	Response  RecordedResponse `json:"response"`
}

// RecordedRequest is a request as the consumer sent it.
type RecordedRequest struct {
	Method string            `json:"method"`
	Path   string            `json:"path"` // with the query, as sent
	Header map[string]string `json:"header,omitempty"`
	Body   json.RawMessage   `json:"body,omitempty"`
}

// RecordedResponse is what the consumer got. Required lists the JSON
// pointers of the body's fields the document promised ("*" standing for
// every array element): verification fails when one goes missing or changes
// type. Other recorded fields fail verification only when they change type.
type RecordedResponse struct {
	Status   int             `json:"status"`
	Body     json.RawMessage `json:"body,omitempty"`
	Required []string        `json:"required,omitempty"`
	// Nullable lists the pointers of fields the document lets be null.
	Nullable []string `json:"nullable,omitempty"`
}

// interactionFile is the file's layout.
type interactionFile struct {
	Interactions []Interaction `json:"interactions"`
}

// Recorder collects the interactions of the mocks it is given to (see
// Record); one recorder may serve every test of a package. It is safe for
// concurrent use.
type Recorder struct {
	mu   sync.Mutex
	list []Interaction
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{} }

// Interactions returns what was recorded, in order.
func (r *Recorder) Interactions() []Interaction {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.list)
}

// WriteFile writes the recorded interactions to path as JSON, creating
// missing directories.
func (r *Recorder) WriteFile(path string) error {
	data, err := json.MarshalIndent(interactionFile{Interactions: r.Interactions()}, "", "  ")
	if err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// ReadInteractions reads a file written by Recorder.WriteFile.
func ReadInteractions(path string) ([]Interaction, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f interactionFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f.Interactions, nil
}

// recordedHeaders are the request headers worth replaying.
var skippedHeaders = []string{"Prefer", "User-Agent", "Accept-Encoding", "Content-Length", "Connection"}

func (r *Recorder) add(req *http.Request, body []byte, a *answer, mo *mockOp) {
	in := Interaction{Operation: mo.op.String()}
	in.Request = RecordedRequest{Method: req.Method, Path: req.URL.RequestURI()}
	for k, v := range req.Header {
		if slices.ContainsFunc(skippedHeaders, func(s string) bool { return strings.EqualFold(s, k) }) || len(v) == 0 {
			continue
		}
		if in.Request.Header == nil {
			in.Request.Header = map[string]string{}
		}
		in.Request.Header[k] = v[0]
	}
	if len(body) > 0 {
		if json.Valid(body) {
			in.Request.Body = bytes.Clone(body)
		} else {
			in.Request.Body = mustJSON(string(body))
		}
	}
	in.Response.Status = a.code
	if a.media != "" && isJSONMedia(a.media) {
		in.Response.Body = bytes.Clone(a.body)
		if r := mo.responses[answerStatus(mo, a.code)]; r != nil && len(r.media) > 0 {
			in.Response.Required, in.Response.Nullable = shapePointers(mo.doc, r.media[0].raw, a.value, "")
		}
	}
	r.mu.Lock()
	r.list = append(r.list, in)
	r.mu.Unlock()
}

// answerStatus finds the documented status an answer's code came from.
func answerStatus(mo *mockOp, code int) string {
	for _, s := range []string{fmt.Sprint(code), fmt.Sprintf("%dXX", code/100), "DEFAULT"} {
		if _, ok := mo.responses[s]; ok {
			return s
		}
	}
	return ""
}

// shapePointers lists the pointers of v's fields that schema s requires
// and of those it lets be null.
func shapePointers(d *Document, s map[string]any, v any, prefix string) (required, nullable []string) {
	s, _ = d.resolve(s)
	if s == nil {
		return nil, nil
	}
	s = flatten(d, s)
	switch v := v.(type) {
	case map[string]any:
		req := requiredSet(s)
		props := obj(s["properties"])
		for _, k := range sortedKeys(v) {
			p := prefix + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
			ps, _ := d.resolve(props[k])
			if req[k] {
				required = append(required, p)
			}
			if slices.Contains(typeSet(d, ps), "null") {
				nullable = append(nullable, p)
			}
			r, n := shapePointers(d, ps, v[k], p)
			required, nullable = append(required, r...), append(nullable, n...)
		}
	case []any:
		if len(v) > 0 {
			is, _ := d.resolve(s["items"])
			return shapePointers(d, is, v[0], prefix+"/*")
		}
	}
	return required, nullable
}
