package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// VerifyResult is the verdict on one recorded interaction.
type VerifyResult struct {
	Interaction Interaction
	Status      int      // the provider's status; 0 when the request failed
	Problems    []string // empty when the provider still gives what was recorded
}

// VerifyReport is the verdict on a file of interactions.
type VerifyReport struct {
	Results []VerifyResult
}

// Failed returns the interactions the provider no longer satisfies.
func (r *VerifyReport) Failed() []VerifyResult {
	var out []VerifyResult
	for _, res := range r.Results {
		if len(res.Problems) > 0 {
			out = append(out, res)
		}
	}
	return out
}

// WriteText writes one line per interaction and the problems of each that
// failed.
func (r *VerifyReport) WriteText(w io.Writer) error {
	for i, res := range r.Results {
		verdict := "ok"
		if len(res.Problems) > 0 {
			verdict = "FAIL"
		}
		in := res.Interaction
		name := in.Request.Method + " " + in.Request.Path
		if in.Operation != "" && in.Operation != name {
			name += " (" + in.Operation + ")"
		}
		if _, err := fmt.Fprintf(w, "%-4s %3d. %s -> %d, recorded %d\n", verdict, i+1, name, res.Status, in.Response.Status); err != nil {
			return err
		}
		for _, p := range res.Problems {
			if _, err := fmt.Fprintf(w, "       - %s\n", p); err != nil {
				return err
			}
		}
	}
	_, err := fmt.Fprintf(w, "%d interactions, %d failed\n", len(r.Results), len(r.Failed()))
	return err
}

// VerifyInteractions replays recorded interactions, in order, against the
// provider at baseURL and checks each answer still gives what the consumer
// relied on: the recorded status, every field the document promised present
// with a compatible type, and no recorded field of another type.
//
// Values the provider chooses (identifiers, tokens) differ from the mock's:
// each value of a recorded answer maps to the provider's value at the same
// place, and later requests have it replaced in their path segments, query
// values, headers and body, so a flow (create, then read what was created)
// replays without provider states.
func VerifyInteractions(ctx context.Context, client *http.Client, baseURL string, list []Interaction) (*VerifyReport, error) {
	if client == nil {
		client = http.DefaultClient
	}
	base := strings.TrimSuffix(baseURL, "/")
	subst := map[string]any{}
	rep := &VerifyReport{}
	for _, in := range list {
		res := VerifyResult{Interaction: in}
		req, err := replay(ctx, base, in.Request, subst)
		if err != nil {
			return nil, fmt.Errorf("interaction %s %s: %w", in.Request.Method, in.Request.Path, err)
		}
		resp, err := client.Do(req)
		if err != nil {
			res.Problems = append(res.Problems, "the request failed: "+err.Error())
			rep.Results = append(rep.Results, res)
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			res.Problems = append(res.Problems, "reading the answer: "+err.Error())
		}
		res.Status = resp.StatusCode
		res.Problems = append(res.Problems, compareAnswer(in.Response, resp.StatusCode, body, subst)...)
		rep.Results = append(rep.Results, res)
	}
	return rep, nil
}

// Verify replays the interactions in the file at path against an
// in-process provider, such as a Starling app, and fails t once per
// interaction the provider no longer satisfies.
func Verify(t testing.TB, provider http.Handler, path string) *VerifyReport {
	t.Helper()
	list, err := ReadInteractions(path)
	if err != nil {
		t.Fatalf("contract.Verify: %v", err)
		return nil
	}
	client := &http.Client{Transport: inProcess{provider}}
	rep, err := VerifyInteractions(t.Context(), client, "http://provider.test", list)
	if err != nil {
		t.Fatalf("contract.Verify: %v", err)
		return nil
	}
	for i, res := range rep.Failed() {
		in := res.Interaction
		t.Errorf("contract.Verify: interaction %d of %s, %s %s (%s): the provider answered %d:\n  %s",
			i+1, path, in.Request.Method, in.Request.Path, in.Operation, res.Status, strings.Join(res.Problems, "\n  "))
	}
	return rep
}

// inProcess answers requests by calling a handler, without a port.
type inProcess struct{ h http.Handler }

func (p inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	p.h.ServeHTTP(w, r)
	return w.Result(), nil
}

// replay builds the request of an interaction with the provider's values
// substituted for the mock's.
func replay(ctx context.Context, base string, rr RecordedRequest, subst map[string]any) (*http.Request, error) {
	path, query, _ := strings.Cut(rr.Path, "?")
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if v, ok := subst[s]; ok {
			segs[i] = text(v)
		}
	}
	target := strings.Join(segs, "/")
	if query != "" {
		parts := strings.Split(query, "&")
		for i, p := range parts {
			k, v, ok := strings.Cut(p, "=")
			if r, found := subst[v]; ok && found {
				parts[i] = k + "=" + text(r)
			}
		}
		target += "?" + strings.Join(parts, "&")
	}
	var body io.Reader
	if len(rr.Body) > 0 {
		var v any
		if err := json.Unmarshal(rr.Body, &v); err != nil {
			return nil, fmt.Errorf("the recorded body: %w", err)
		}
		body = bytes.NewReader(mustJSON(substitute(v, subst)))
	}
	req, err := http.NewRequestWithContext(ctx, rr.Method, base+target, body)
	if err != nil {
		return nil, err
	}
	for k, v := range rr.Header {
		if r, ok := subst[v]; ok {
			v = text(r)
		} else if scheme, tok, ok := strings.Cut(v, " "); ok {
			if r, found := subst[tok]; found {
				v = scheme + " " + text(r)
			}
		}
		req.Header.Set(k, v)
	}
	return req, nil
}

// substitute replaces the leaves of v that the mock chose.
func substitute(v any, subst map[string]any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = substitute(e, subst)
		}
		return v
	case []any:
		for i, e := range v {
			v[i] = substitute(e, subst)
		}
		return v
	case string, float64:
		if r, ok := subst[text(v)]; ok {
			return r
		}
	}
	return v
}

func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// compareAnswer checks the provider's answer against the recorded one and
// learns the provider's values for later requests.
func compareAnswer(rec RecordedResponse, status int, body []byte, subst map[string]any) []string {
	var problems []string
	if status != rec.Status {
		problems = append(problems, fmt.Sprintf("status %d, recorded %d", status, rec.Status))
	}
	if len(rec.Body) == 0 {
		return problems
	}
	var want, got any
	if err := json.Unmarshal(rec.Body, &want); err != nil {
		return append(problems, "the recorded body is not JSON: "+err.Error())
	}
	if err := json.Unmarshal(body, &got); err != nil {
		return append(problems, "the answer is not JSON: "+err.Error())
	}
	sh := shape{required: map[string]bool{}, nullable: map[string]bool{}}
	for _, p := range rec.Required {
		sh.required[p] = true
	}
	for _, p := range rec.Nullable {
		sh.nullable[p] = true
	}
	problems = append(problems, compareValue(want, got, "", sh)...)
	learn(want, got, subst)
	return problems
}

// shape is what the document said of a recorded answer's fields.
type shape struct {
	required, nullable map[string]bool
}

// compareValue compares the shape of got with want's: ptr is the place,
// with "*" for array elements as Required lists them.
func compareValue(want, got any, ptr string, sh shape) []string {
	var out []string
	if got == nil && sh.nullable[ptr] {
		return nil
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %s, recorded an object", where(ptr), jsonKind(got))}
		}
		for _, k := range sortedKeys(w) {
			p := ptr + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
			gv, present := g[k]
			if !present {
				if sh.required[p] {
					out = append(out, fmt.Sprintf("%s: missing; the consumer relied on it (%s)", p, jsonKind(w[k])))
				}
				continue
			}
			out = append(out, compareValue(w[k], gv, p, sh)...)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %s, recorded an array", where(ptr), jsonKind(got))}
		}
		if len(w) > 0 {
			for _, e := range g {
				out = append(out, compareValue(w[0], e, ptr+"/*", sh)...)
				if len(out) > 0 {
					break
				}
			}
		}
	case nil:
	default:
		if jsonKind(want) != jsonKind(got) {
			out = append(out, fmt.Sprintf("%s: %s, recorded %s", where(ptr), jsonKind(got), jsonKind(want)))
		}
	}
	return out
}

func where(ptr string) string {
	if ptr == "" {
		return "the body"
	}
	return ptr
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// learn maps the recorded answer's identifiers and tokens (fields named
// id, …_id, …Id or …token…) to the provider's at the same places. Other
// values are left alone, so a count that happens to equal an identifier is
// never rewritten.
func learn(want, got any, subst map[string]any) {
	w, _ := want.(map[string]any)
	g, _ := got.(map[string]any)
	if w == nil || g == nil {
		wa, _ := want.([]any)
		ga, _ := got.([]any)
		for i := range min(len(wa), len(ga)) {
			learn(wa[i], ga[i], subst)
		}
		return
	}
	for k, v := range w {
		gv, ok := g[k]
		if !ok {
			continue
		}
		switch v.(type) {
		case string, float64:
			if isKeyName(k) && jsonKind(v) == jsonKind(gv) && text(v) != text(gv) && text(v) != "" {
				subst[text(v)] = gv
			}
		default:
			learn(v, gv, subst)
		}
	}
}

func isKeyName(k string) bool {
	l := strings.ToLower(k)
	return l == "id" || strings.HasSuffix(l, "_id") || strings.HasSuffix(k, "Id") || strings.HasSuffix(k, "ID") || strings.Contains(l, "token")
}
