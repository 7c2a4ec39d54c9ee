package codec

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/starling-http/starling/internal/plan"
)

// seg is one step of the decoder's path: a property name, or an array index
// when name is empty and idx >= 0.
type seg struct {
	name string
	idx  int
}

// pathStack holds the decoder's path: the first levels in an array inside the
// decoder (which lives on the stack), deeper ones in a slice.
type pathStack struct {
	n    int
	near [16]seg
	far  []seg
}

func (d *decoder) push(s seg) {
	if d.path.n < len(d.path.near) {
		d.path.near[d.path.n] = s
	} else {
		d.path.far = append(d.path.far[:d.path.n-len(d.path.near)], s)
	}
	d.path.n++
}

func (d *decoder) pushName(name string) { d.push(seg{name: name, idx: -1}) }
func (d *decoder) pushIndex(i int)      { d.push(seg{idx: i}) }
func (d *decoder) pop()                 { d.path.n-- }

// at returns the path's i-th step.
func (p *pathStack) at(i int) seg {
	if i < len(p.near) {
		return p.near[i]
	}
	return p.far[i-len(p.near)]
}

// pointer builds the RFC 6901 pointer of the current path. It runs only when
// a violation is reported.
func (d *decoder) pointer() string {
	var b strings.Builder
	for i := range d.path.n {
		s := d.path.at(i)
		b.WriteByte('/')
		if s.idx >= 0 {
			b.WriteString(strconv.Itoa(s.idx))
		} else {
			escapeToken(&b, clip(s.name, maxToken))
		}
	}
	return b.String()
}

// escapeToken writes a reference token with '~' as "~0" and '/' as "~1".
func escapeToken(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(s[i])
		}
	}
}

// maxEcho bounds the rejected value echoed in a violation.
const maxEcho = 64

// echo returns s, truncated, or "" inside a WriteOnly field.
func (d *decoder) echo(s string) string {
	if d.secret > 0 {
		return ""
	}
	return truncate(s)
}

// truncate returns a copy of s cut to maxEcho bytes on a rune boundary.
func truncate(s string) string {
	if len(s) > maxEcho {
		i := maxEcho
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		return s[:i] + "…"
	}
	return strings.Clone(s)
}

// clip cuts s to at most n bytes on a rune boundary, marking the cut with
// "…"; unlike truncate it does not copy s when it is short.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// Bounds on what one Decode reports, so that a body of many small mistakes
// (or of long property names) cannot make an error response, or the memory
// to build it, many times its own size.
const (
	// MaxViolations is how many violations Decode collects: past it,
	// decoding stops and the first MaxViolations+1 are returned, so the
	// caller can tell that there were more.
	MaxViolations = 100
	// maxToken bounds each property name in a violation's Pointer; a
	// longer one is cut and marked with "…".
	maxToken = 128
	// maxMessage bounds a violation's Message.
	maxMessage = 512
)

// add records v; past MaxViolations it stops decoding.
func (d *decoder) add(v plan.Violation) {
	v.Message = clip(v.Message, maxMessage)
	d.errs = append(d.errs, v)
	if len(d.errs) > MaxViolations {
		d.fatal = true
	}
}

// violate records a violation at the current path.
func (d *decoder) violate(rule, msg, value string) {
	d.add(plan.Violation{Pointer: d.pointer(), Rule: rule, Message: msg, Value: d.echo(value), Offset: -1})
}

// violateAt records a violation at the property name of the current object.
func (d *decoder) violateAt(name, rule, msg string) {
	d.pushName(name)
	d.add(plan.Violation{Pointer: d.pointer(), Rule: rule, Message: msg, Offset: -1})
	d.pop()
}

// checked records a violation returned by a plan check, filling in where.
func (d *decoder) checked(v *plan.Violation, value string) {
	vv := *v
	vv.Pointer = d.pointer()
	vv.Offset = -1
	if d.secret > 0 {
		vv.Value = ""
	} else if vv.Value == "" {
		vv.Value = d.echo(value)
	}
	d.add(vv)
}
