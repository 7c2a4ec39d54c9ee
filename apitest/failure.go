package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gavv/httpexpect/v2"
)

// maxBody bounds how much of a response body a failure shows.
const maxBody = 2048

// prettyBody renders a response body for a failure: JSON indented, other
// text as it is, binary as a byte count, cut at maxBody bytes.
func prettyBody(b []byte) string {
	if len(b) == 0 {
		return "(empty)"
	}
	var out bytes.Buffer
	if json.Valid(b) && json.Indent(&out, b, "", "  ") == nil {
		b = out.Bytes()
	} else if !utf8.Valid(b) {
		return fmt.Sprintf("(%d bytes, not text)", len(b))
	}
	s := string(b)
	if len(s) > maxBody {
		cut := maxBody
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + fmt.Sprintf("\n… (%d bytes in all)", len(b))
	}
	return s
}

// indent prefixes every line of s with p.
func indent(s, p string) string {
	return p + strings.ReplaceAll(s, "\n", "\n"+p)
}

// formatter is httpexpect's default failure format plus the response
// body: a failed status assertion then shows the problem's detail and
// errors, which say why, without rerunning the request.
type formatter struct {
	httpexpect.DefaultFormatter
}

// FormatFailure implements httpexpect.Formatter.
func (f *formatter) FormatFailure(ctx *httpexpect.AssertionContext, failure *httpexpect.AssertionFailure) string {
	s := f.DefaultFormatter.FormatFailure(ctx, failure)
	if ctx == nil || ctx.Response == nil {
		return s
	}
	raw := ctx.Response.Raw()
	if raw == nil || raw.Body == nil {
		return s
	}
	// httpexpect keeps the body in memory behind a rewindable reader;
	// GetBody reads it again from the start without disturbing it.
	g, ok := raw.Body.(interface{ GetBody() (io.ReadCloser, error) })
	if !ok {
		return s
	}
	rc, err := g.GetBody()
	if err != nil {
		return s
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return s
	}
	return strings.TrimRight(s, "\n") + "\n\nresponse body:\n" + indent(prettyBody(b), "  ") + "\n"
}
