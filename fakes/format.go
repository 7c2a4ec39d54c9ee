package fakes

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Formats are generated, every one of them: email, uri, uuid, date-time,
// date, time, ipv4, ipv6 and hostname. Values are the strict kind both the
// codec and JSON Schema validators accept (dot-atom emails with hostname
// domains, https URIs, lower-case UUIDs, RFC 3339 times in UTC or with a
// ±hh:mm offset and no leap seconds, dotted quads without leading zeros,
// IPv6 in its canonical text form). Emails, URIs and hostnames are sized to
// minLength and maxLength by lengthening or shortening their parts; the
// fixed-size formats fail when the lengths exclude them.

// format makes a string in format f of lo to hi bytes (the formats are
// ASCII, so bytes are code points); attempt varies realistic and sized forms.
func (g *gen) format(f string, lo, hi int, name string, attempt int) string {
	sized := attempt%2 == 1 || lo > 30 || hi >= 0 && hi < 30
	switch f {
	case "email":
		if !sized {
			return strings.ToLower(g.fk.FirstName() + "." + g.fk.LastName() + "@" + g.fk.DomainName())
		}
		return g.sizedEmail(g.target(lo, hi, 6, 254))
	case "uri":
		if !sized {
			return "https://" + strings.ToLower(g.fk.DomainName()) + "/" + g.word()
		}
		return g.sizedURI(g.target(lo, hi, 10, 2000))
	case "hostname":
		if !sized {
			return strings.ToLower(g.fk.DomainName())
		}
		return g.sizedHost(g.target(lo, hi, 1, 253))
	case "uuid":
		return g.uuid()
	case "date-time":
		return g.time().Format(time.RFC3339Nano)
	case "date":
		return g.time().Format(time.DateOnly)
	case "time":
		t := g.time()
		if g.intn(2) == 0 {
			return t.Format("15:04:05Z07:00")
		}
		return t.In(time.FixedZone("", (g.intn(27)-12)*3600)).Format("15:04:05.000Z07:00")
	case "ipv4":
		return fmt.Sprintf("%d.%d.%d.%d", g.intn(223)+1, g.intn(256), g.intn(256), g.intn(254)+1)
	case "ipv6":
		var b [16]byte
		for i := range b {
			if i < 2 || g.intn(3) > 0 {
				b[i] = byte(g.src.Uint64())
			}
		}
		b[0] |= 0x20 // never ::ffff:a.b.c.d or other special forms
		return netip.AddrFrom16(b).String()
	}
	return g.text(lo, hi, name)
}

// target picks a length within [lo, hi] and the format's own bounds.
func (g *gen) target(lo, hi, least, most int) int {
	lo = max(lo, least)
	if hi < 0 || hi > most {
		hi = most
	}
	if lo >= hi {
		return lo
	}
	top := min(hi, lo+24)
	return lo + g.intn(top-lo+1)
}

// letters returns n random lower-case letters and digits, starting with a letter.
func (g *gen) letters(n int) string {
	const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		if i == 0 {
			b[i] = alnum[g.intn(26)]
		} else {
			b[i] = alnum[g.intn(len(alnum))]
		}
	}
	return string(b)
}

// sizedHost returns a hostname of exactly n bytes (1 <= n <= 253).
func (g *gen) sizedHost(n int) string {
	var labels []string
	for n > 0 {
		size := min(n, 1+g.intn(12))
		if n-size == 1 { // a remainder of one would be a dot alone
			size++
		}
		labels = append(labels, g.letters(size))
		n -= size
		if n > 0 {
			n-- // the dot
		}
	}
	return strings.Join(labels, ".")
}

// sizedEmail returns an email of exactly n bytes (3 <= n <= 254).
func (g *gen) sizedEmail(n int) string {
	local := min(max(1, n/3), 64)
	if n-1-local > 253 {
		local = min(64, n-1-253)
	}
	return g.letters(local) + "@" + g.sizedHost(n-1-local)
}

// sizedURI returns an https URI of exactly n bytes (n >= 10).
func (g *gen) sizedURI(n int) string {
	const scheme = "https://"
	host := min(n-len(scheme), 10)
	s := scheme + g.sizedHost(host)
	if rest := n - len(s); rest > 0 {
		s += "/" + g.letters(rest-1)
	}
	return s
}

// uuid returns a random (version 4) UUID.
func (g *gen) uuid() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(g.src.Uint64())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return uuidString(b)
}

func uuidString(b [16]byte) string {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&15])
	}
	return string(out)
}
