package contract

import (
	"errors"
	"fmt"
	"mime"
	"net"
	"regexp"
	"slices"
)

// One failure per cause: the same defect is usually seen by several phases
// (an undocumented 500 by examples, boundary and negative alike). The
// probe reports it once, with the smallest request that shows it, and
// lists the phases and seeds that saw it.

var (
	quotedRE = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	digitsRE = regexp.MustCompile(`[0-9]+`)
)

// cause normalises a finding to what it says about the server, without the
// values of this one request: the check, then the status, media type,
// schema keyword and location, or error class.
func cause(f finding, x *exchange) string {
	switch f.check {
	case CheckNoCrash:
		var ne net.Error
		if errors.As(x.err, &ne) && ne.Timeout() {
			return "timeout"
		}
		return "no answer"
	case CheckAuth, CheckServerError, CheckStatus, CheckValidAccepted:
		return fmt.Sprint(x.status)
	case CheckContentType:
		mt, _, _ := mime.ParseMediaType(x.header.Get("Content-Type"))
		return fmt.Sprintf("%d %s", x.status, mt)
	}
	return fmt.Sprintf("%d %s", x.status, digitsRE.ReplaceAllString(quotedRE.ReplaceAllString(f.msg, `"…"`), "#"))
}

// record adds a failure, or merges it into the one with the same cause:
// the shorter request (by its curl line) is kept as the example.
func (p *prober) record(key string, f Failure) {
	if p.causes == nil {
		p.causes = map[string]int{}
	}
	i, seen := p.causes[key]
	if !seen {
		f.Phases, f.Count = []string{f.Phase}, 1
		if f.Seed != 0 {
			f.Seeds = []uint64{f.Seed}
		}
		p.causes[key] = len(p.report.Failures)
		p.report.Failures = append(p.report.Failures, f)
		return
	}
	old := &p.report.Failures[i]
	old.Count++
	if !slices.Contains(old.Phases, f.Phase) {
		old.Phases = append(old.Phases, f.Phase)
	}
	if f.Seed != 0 && !slices.Contains(old.Seeds, f.Seed) {
		old.Seeds = append(old.Seeds, f.Seed)
	}
	if simpler(f, *old) {
		phases, seeds, count := old.Phases, old.Seeds, old.Count
		*old = f
		old.Phases, old.Seeds, old.Count = phases, seeds, count
	}
}

// simpler reports whether f is the better example of a cause than old: a
// request rapid shrank beats one a fixed phase chose (a boundary request
// sits at a schema's limit, not at the smallest failing value), then the
// shorter curl line wins.
func simpler(f, old Failure) bool {
	fs, os := f.Seed != 0 || f.FailFile != "", old.Seed != 0 || old.FailFile != ""
	if fs != os {
		return fs
	}
	return len(f.Curl) < len(old.Curl)
}
