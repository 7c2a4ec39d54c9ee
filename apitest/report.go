package apitest

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxValue bounds how much of an offending value a report shows.
const maxValue = 120

// truncate shortens s to maxValue runes.
func truncate(s string) string {
	if utf8.RuneCountInString(s) <= maxValue {
		return s
	}
	r := []rune(s)
	return string(r[:maxValue]) + fmt.Sprintf("… (%d bytes)", len(s))
}

// report formats the exchange's violations for t.Errorf.
func (ex *exchange) report(curlBase string) string {
	var b strings.Builder
	op := ex.operationID()
	if op == "" {
		op = "no operation"
	}
	fmt.Fprintf(&b, "apitest: %s %s → %d (%s) breaks the document:", ex.req.Method, ex.req.URL.RequestURI(), ex.resp.StatusCode, op)
	if ex.mode == modeInvalid {
		b.WriteString(" [request sent as invalid: only the response is checked]")
	}
	for i, v := range ex.violations {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, v.where)
		if v.pointer != "" || strings.HasSuffix(v.where, "body") {
			p := v.pointer
			if p == "" {
				p = "(root)"
			}
			fmt.Fprintf(&b, " at %s", p)
		}
		fmt.Fprintf(&b, ": %s", v.message)
		if v.rule != "" {
			fmt.Fprintf(&b, "\n     rule:  %s", v.rule)
			if v.location != "" {
				fmt.Fprintf(&b, " at %s", v.location)
			}
		} else if v.location != "" {
			fmt.Fprintf(&b, "\n     at:    %s", v.location)
		}
		if v.value != "" {
			fmt.Fprintf(&b, "\n     value: %s", v.value)
		}
		if v.hint != "" {
			fmt.Fprintf(&b, "\n     fix:   %s", v.hint)
		}
	}
	if len(ex.respBody) > 0 {
		fmt.Fprintf(&b, "\n  response body:\n%s", indent(prettyBody(ex.respBody), "    "))
	}
	if loc := callerOutsideHarness(); loc != "" {
		fmt.Fprintf(&b, "\n  sent at: %s", loc)
	}
	fmt.Fprintf(&b, "\n  reproduce: %s", curl(ex, curlBase))
	return b.String()
}

// curl renders a command that sends the exchange's request again.
func curl(ex *exchange, base string) string {
	var b strings.Builder
	b.WriteString("curl -i -X " + ex.req.Method + " \"" + base + ex.req.URL.RequestURI() + "\"")
	names := make([]string, 0, len(ex.req.Header))
	for k := range ex.req.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if k == "User-Agent" || k == "Content-Length" || k == "Accept-Encoding" {
			continue
		}
		for _, v := range ex.req.Header[k] {
			b.WriteString(" -H " + shellQuote(k+": "+v))
		}
	}
	if len(ex.reqBody) > 0 {
		b.WriteString(" --data-binary " + shellQuote(string(ex.reqBody)))
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// callerOutsideHarness finds the test line that sent the request: the first
// frame in a _test.go file that is neither apitest's nor httpexpect's.
func callerOutsideHarness() string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if strings.HasSuffix(f.File, "_test.go") && !strings.Contains(f.Function, "/apitest.") &&
			!strings.Contains(f.Function, "httpexpect") {
			return fmt.Sprintf("%s:%d", filepath.Join(filepath.Base(filepath.Dir(f.File)), filepath.Base(f.File)), f.Line)
		}
		if !more {
			return ""
		}
	}
}
