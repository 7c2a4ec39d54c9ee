package plan

import (
	"net/netip"
	"strings"
)

// Valid reports whether s is in format f, without allocating. FormatNone and
// unknown formats accept everything.
//
// Each format accepts what santhosh-tekuri/jsonschema (the validator behind
// pb33f/libopenapi-validator) accepts for the same keyword, or a strict subset
// of it, so a value the codec accepts always passes the document:
//
//   - email: local@domain, a dot-atom local part (RFC 5322 atext, at most 64
//     bytes) and a hostname domain without a trailing dot, at most 254 bytes;
//     no quoted local parts, IP-literal domains or display names.
//   - uri: an absolute URI (RFC 3986) with a scheme, ASCII only, valid
//     percent-escapes; IP literals must be IPv6 without a zone.
//   - uuid: 8-4-4-4-12 hex digits, either case.
//   - date-time: RFC 3339 date-time, 'T' or 't', 'Z', 'z' or ±hh:mm offset,
//     any number of fraction digits; second 60 only at 23:59 UTC.
//   - date: RFC 3339 full-date, day checked against the month and leap years.
//   - time: RFC 3339 full-time, the offset required.
//   - ipv4: dotted quad, no leading zeros.
//   - ipv6: RFC 4291 text form (IPv4 tail allowed), no zone.
//   - hostname: RFC 1123: labels of 1–63 letters, digits and inner hyphens,
//     at most 253 bytes, one trailing dot allowed.
func (f Format) Valid(s string) bool {
	switch f {
	case FormatEmail:
		return validEmail(s)
	case FormatURI:
		return validURI(s)
	case FormatUUID:
		return validUUID(s)
	case FormatDateTime:
		return validDateTime(s)
	case FormatDate:
		return validDate(s)
	case FormatTime:
		return validTime(s)
	case FormatIPv4:
		return validIPv4(s)
	case FormatIPv6:
		return validIPv6(s)
	case FormatHostname:
		return validHostname(s)
	}
	return true
}

// Describe says in words what a value of the format is, for violation
// messages ("a valid email address").
func (f Format) Describe() string {
	switch f {
	case FormatEmail:
		return "a valid email address"
	case FormatURI:
		return "an absolute URI with a scheme"
	case FormatUUID:
		return "a UUID (8-4-4-4-12 hex digits)"
	case FormatDateTime:
		return "an RFC 3339 date-time such as 2006-01-02T15:04:05Z"
	case FormatDate:
		return "an RFC 3339 date such as 2006-01-02"
	case FormatTime:
		return "an RFC 3339 time with offset such as 15:04:05Z"
	case FormatIPv4:
		return "an IPv4 address"
	case FormatIPv6:
		return "an IPv6 address"
	case FormatHostname:
		return "a valid hostname"
	}
	return "in format " + string(f)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isHex(c byte) bool   { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }

func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

func validIPv4(s string) bool {
	parts, n, digits := 0, 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if digits == 0 || n > 255 {
				return false
			}
			parts++
			n, digits = 0, 0
			continue
		}
		c := s[i]
		if !isDigit(c) || digits == 3 || (digits == 1 && n == 0) {
			return false // not a digit, too long, or a leading zero
		}
		n = n*10 + int(c-'0')
		digits++
	}
	return parts == 4
}

func validIPv6(s string) bool {
	if strings.IndexByte(s, ':') < 0 {
		return false
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Zone() == ""
}

func validHostname(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			c := s[i]
			if !isAlpha(c) && !isDigit(c) && c != '-' {
				return false
			}
			continue
		}
		label := s[start:i]
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		start = i + 1
	}
	return true
}

// atext is RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~.
func isAtext(c byte) bool {
	return isAlpha(c) || isDigit(c) || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

func validEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at > 64 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if c == '.' {
			if local[i-1] == '.' {
				return false
			}
			continue
		}
		if !isAtext(c) {
			return false
		}
	}
	return domain != "" && domain[len(domain)-1] != '.' && validHostname(domain)
}

// date: yyyy-mm-dd.
func validDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

// time: hh:mm:ss[.frac](Z|±hh:mm), second 60 only at 23:59 UTC.
func validTime(s string) bool {
	if len(s) < 9 || s[2] != ':' || s[5] != ':' {
		return false
	}
	h, ok1 := digits(s[0:2])
	m, ok2 := digits(s[3:5])
	sec, ok3 := digits(s[6:8])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return false
	}
	s = s[8:]
	if len(s) > 0 && s[0] == '.' {
		i := 1
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == 1 {
			return false
		}
		s = s[i:]
	}
	switch {
	case s == "Z" || s == "z":
	case len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':':
		zh, ok1 := digits(s[1:3])
		zm, ok2 := digits(s[4:6])
		if !ok1 || !ok2 || zh > 23 || zm > 59 {
			return false
		}
		sign := 1 // local = UTC + offset, so UTC = local - offset
		if s[0] == '+' {
			sign = -1
		}
		hm := h*60 + m + sign*(zh*60+zm)
		hm = (hm%(24*60) + 24*60) % (24 * 60)
		h, m = hm/60, hm%60
	default:
		return false
	}
	return sec < 60 || (h == 23 && m == 59)
}

func validDateTime(s string) bool {
	if len(s) < 20 || (s[10] != 'T' && s[10] != 't') {
		return false
	}
	return validDate(s[:10]) && validTime(s[11:])
}

// validURI checks an absolute URI (RFC 3986 section 4.3 plus a fragment):
// scheme ":" hier-part [ "?" query ] [ "#" fragment ].
func validURI(s string) bool {
	i := 0
	for i < len(s) && s[i] != ':' {
		c := s[i]
		if !(isAlpha(c) || (i > 0 && (isDigit(c) || c == '+' || c == '-' || c == '.'))) {
			return false
		}
		i++
	}
	if i == 0 || i == len(s) {
		return false
	}
	rest := s[i+1:]
	var frag, query string
	hasFrag, hasQuery := false, false
	if j := strings.IndexByte(rest, '#'); j >= 0 {
		rest, frag, hasFrag = rest[:j], rest[j+1:], true
	}
	if j := strings.IndexByte(rest, '?'); j >= 0 {
		rest, query, hasQuery = rest[:j], rest[j+1:], true
	}
	if hasFrag && !validChars(frag, "/?") {
		return false
	}
	if hasQuery && !validChars(query, "/?") {
		return false
	}
	path := rest
	if strings.HasPrefix(rest, "//") {
		auth := rest[2:]
		path = ""
		if j := strings.IndexByte(auth, '/'); j >= 0 {
			auth, path = auth[:j], auth[j:]
		}
		if !validAuthority(auth) {
			return false
		}
	}
	return validChars(path, "/")
}

// validChars checks pchar*, plus the extra characters given.
func validChars(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		case isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@':
		case strings.IndexByte(extra, c) >= 0:
		default:
			return false
		}
	}
	return true
}

func isUnreserved(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~'
}

func isSubDelim(c byte) bool { return strings.IndexByte("!$&'()*+,;=", c) >= 0 }

// validAuthority checks [ userinfo "@" ] host [ ":" port ].
func validAuthority(a string) bool {
	if j := strings.LastIndexByte(a, '@'); j >= 0 {
		user := a[:j]
		if strings.IndexByte(user, '@') >= 0 || !validChars(user, "") {
			return false
		}
		a = a[j+1:]
	}
	host, port := a, ""
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 0 || !validIPv6(a[1:end]) {
			return false
		}
		host, port = "", a[end+1:]
		if port != "" {
			if port[0] != ':' {
				return false
			}
			port = port[1:]
		}
	} else if j := strings.LastIndexByte(a, ':'); j >= 0 {
		host, port = a[:j], a[j+1:]
	}
	for i := 0; i < len(port); i++ {
		if !isDigit(port[i]) {
			return false
		}
	}
	// reg-name without percent-escapes (net/url refuses escaped ASCII in
	// hosts, and JSON Schema validators parse URIs with it).
	for i := 0; i < len(host); i++ {
		if c := host[i]; !isUnreserved(c) && !isSubDelim(c) {
			return false
		}
	}
	return true
}
