package plan_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pb33f/jsonschema/v6"

	"github.com/starling-http/starling/internal/plan"
)

// formatCases are valid and invalid values per format. "strict" values are
// ones pb33f/jsonschema (the fork of santhosh-tekuri/jsonschema that
// libopenapi-validator checks documents with) accepts but the plan
// deliberately refuses (it accepts a subset, never more).
var formatCases = map[plan.Format]struct{ valid, invalid, strict []string }{
	plan.FormatEmail: {
		valid: []string{"a@b.co", "first.last@example.com", "x+tag@sub.example.org", "o'brien@example.ie",
			"!#$%&'*+-/=?^_`{|}~@example.com", "a@localhost", "a@1.2.3.4", strings.Repeat("l", 64) + "@example.com"},
		invalid: []string{"", "a", "a@", ".a@b.com", "a.@b.com", "a..b@b.com", "a b@b.com", "a@b_c.com",
			"a@-b.com", "a@b..com", "Name <a@b.com>", strings.Repeat("l", 65) + "@example.com", "a@b@c.com",
			"a@" + strings.Repeat("a", 64) + ".com", "a@" + strings.Repeat("abcdefghi.", 26) + "com", "é@b.com"},
		strict: []string{"@b.com", `"quoted"@example.com`, "a@[127.0.0.1]", "a@[IPv6:::1]", "a@example.com."},
	},
	plan.FormatURI: {
		valid: []string{"https://example.com", "http://user:pw@example.com:8080/a/b;c?q=1&r=%20#frag", "urn:isbn:0451450523",
			"mailto:john@example.com", "file:///etc/hosts", "http://[::1]:80/", "http://[2001:db8::7]/c=GB?objectClass?one",
			"ldap://[2001:db8::7]/c=GB?objectClass?one", "tel:+1-816-555-1212", "foo+bar.baz-1:x", "http://example.com:/",
			"http://192.168.0.1/", "s:", "http://ex.com/%7Efoo"},
		invalid: []string{"http://ex%41.com/", "http://ex.com:8080:90/", "", "example.com", "/relative/path", "//example.com", "1http://x", "http://exa mple.com",
			"http://example.com/%zz", "http://example.com/%2",
			"http://[::1/", "http://[fe80::1%25eth0]/", "http://example.com:80a/",
			"http://[1.2.3.4]/", "http://[v1.fe]/", ":nope", "ht_tp://x"},
		// jsonschema v6.0.2 parses with net/url only; later versions also refuse
		// the characters RFC 3986 does not allow, as the plan does.
		strict: []string{"http://ex.com/a#b#c", "http://a@b@c/", "http://example.com/a b", "http://example.com/<>",
			"https://ex.com/ü", "http://a.com/\\", "http://ex.com/{x}", "http://ex.com/^", "http://ex.com/|", "http://ex.com/`", "http://ex.com/\""},
	},
	plan.FormatUUID: {
		valid:   []string{"123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000000", "ABCDEF01-2345-6789-ABCD-EF0123456789"},
		invalid: []string{"", "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000", "g23e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456_426614174000", "{123e4567-e89b-12d3-a456-426614174000}"},
	},
	plan.FormatDateTime: {
		valid: []string{"2024-01-31T12:00:00Z", "2024-01-31t12:00:00z", "2024-02-29T00:00:00.123456789+05:30", "1990-12-31T23:59:60Z",
			"1990-12-31T15:59:60-08:00", "0000-01-01T00:00:00Z", "2024-01-01T00:00:00.1-00:00"},
		invalid: []string{"", "2024-01-31", "2024-01-31 12:00:00Z", "2024-01-31T12:00:00", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
			"2024-01-32T00:00:00Z", "2024-01-31T24:00:00Z", "2024-01-31T12:60:00Z", "2024-01-31T12:00:61Z", "2024-01-31T12:00:60Z",
			"2024-01-31T12:00:00.Z", "2024-01-31T12:00:00+0100", "2024-01-31T12:00:00+24:00", "2024-1-31T12:00:00Z", "24-01-31T12:00:00Z",
			"2024-01-31T12:00:00ZZ", "2024-01-31T12:00Z"},
	},
	plan.FormatDate: {
		valid:   []string{"2024-01-31", "2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"},
		invalid: []string{"", "2023-02-29", "1900-02-29", "2024-04-31", "2024-00-10", "2024-01-00", "2024-1-1", "20240131", "2024/01/31", "2024-01-31T00:00:00Z", "+2024-01-31", "2024-01-3a"},
	},
	plan.FormatTime: {
		valid:   []string{"12:00:00Z", "00:00:00z", "23:59:59.999+01:00", "23:59:60Z", "22:59:60-01:00", "08:30:00-05:00"},
		invalid: []string{"", "12:00:00", "12:00Z", "24:00:00Z", "12:60:00Z", "12:00:60Z", "1:00:00Z", "12:00:00+1:00", "12:00:00.Z", "12:00:00 Z", "12:00:00+01:60", "T12:00:00Z"},
		strict:  []string{"+1:00:00Z"},
	},
	plan.FormatIPv4: {
		valid:   []string{"0.0.0.0", "127.0.0.1", "255.255.255.255", "10.0.100.9"},
		invalid: []string{"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.04", "1.2.3.a", "1..3.4", "1.2.3.4.", " 1.2.3.4", "::1", "1.2.3.-1", "00.1.1.1"},
		strict:  []string{"+1.2.3.4"},
	},
	plan.FormatIPv6: {
		valid:   []string{"::1", "::", "2001:db8::1", "fe80::1:2:3:4", "::ffff:192.168.0.1", "2001:0db8:0000:0000:0000:ff00:0042:8329", "1:2:3:4:5:6:7:8"},
		invalid: []string{"", "1.2.3.4", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "12345::", "::g", "[::1]", "1::2::3"},
	},
	plan.FormatHostname: {
		valid:   []string{"example.com", "a", "localhost", "xn--bcher-kva.example", "1.2.3.4", "a-b.c-d", "example.com.", strings.Repeat("a", 63) + ".com"},
		invalid: []string{"", ".", "-a.com", "a-.com", "a..com", ".a.com", "a_b.com", "exa mple.com", "ü.com", strings.Repeat("a", 64) + ".com", strings.Repeat("abcdefghi.", 26) + "com", "example.com.."},
	},
}

func TestFormats(t *testing.T) {
	for f, cases := range formatCases {
		for _, s := range cases.valid {
			if !f.Valid(s) {
				t.Errorf("%s: %q refused", f, s)
			}
		}
		for _, s := range append(cases.invalid, cases.strict...) {
			if f.Valid(s) {
				t.Errorf("%s: %q accepted", f, s)
			}
		}
	}
	if !plan.FormatNone.Valid("anything") || !plan.Format("x-custom").Valid("y") {
		t.Error("no format must accept everything")
	}
	for f := range formatCases {
		if d := f.Describe(); d == "" || strings.HasPrefix(d, "in format") {
			t.Errorf("%s has no description", f)
		}
	}
}

// TestFormatsAgreeWithJSONSchema checks every case against the validator the
// document is checked with: the plan accepts exactly what it accepts, except
// the listed strict cases, where the plan refuses more (never less).
func TestFormatsAgreeWithJSONSchema(t *testing.T) {
	for f, cases := range formatCases {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		c.AssertFormat()
		if err := c.AddResource("mem://"+string(f), map[string]any{"type": "string", "format": string(f)}); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile("mem://" + string(f))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range cases.valid {
			if err := sch.Validate(s); err != nil {
				t.Errorf("%s: plan accepts %q, jsonschema refuses: %v", f, s, err)
			}
		}
		for _, s := range cases.invalid {
			if err := sch.Validate(s); err == nil {
				t.Errorf("%s: plan refuses %q, jsonschema accepts it (move it to strict if deliberate)", f, s)
			}
		}
		for _, s := range cases.strict {
			if err := sch.Validate(s); err != nil {
				t.Errorf("%s: strict case %q is refused by jsonschema too: move it to invalid", f, s)
			}
		}
	}
}

func formatSchemas(t testing.TB) map[plan.Format]*jsonschema.Schema {
	out := map[plan.Format]*jsonschema.Schema{}
	for f := range formatCases {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		c.AssertFormat()
		if err := c.AddResource("mem://"+string(f), map[string]any{"type": "string", "format": string(f)}); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile("mem://" + string(f))
		if err != nil {
			t.Fatal(err)
		}
		out[f] = sch
	}
	return out
}

// TestFormatsSubsetOfJSONSchema mutates the valid cases at random: whatever
// the plan accepts, jsonschema must accept too.
func TestFormatsSubsetOfJSONSchema(t *testing.T) {
	schemas := formatSchemas(t)
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZ09-_.:@/[]%+~!$&'()*,;=?# \"Tt\u00e9"
	for f, cases := range formatCases {
		for _, seed := range cases.valid {
			for range 400 {
				b := []byte(seed)
				for range 1 + rng.IntN(3) {
					i := 0
					if len(b) > 0 {
						i = rng.IntN(len(b))
					}
					c := alphabet[rng.IntN(len(alphabet))]
					switch rng.IntN(3) {
					case 0:
						b = append(b[:i], append([]byte{c}, b[i:]...)...)
					case 1:
						if len(b) > 0 {
							b = append(b[:i], b[i+1:]...)
						}
					default:
						if len(b) > 0 {
							b[i] = c
						}
					}
				}
				s := string(b)
				if f.Valid(s) {
					if err := schemas[f].Validate(s); err != nil {
						t.Errorf("%s: plan accepts %q, jsonschema refuses: %v", f, s, err)
					}
				}
			}
		}
	}
}

func FuzzFormatsSubsetOfJSONSchema(f *testing.F) {
	schemas := formatSchemas(f)
	for _, cases := range formatCases {
		for _, s := range cases.valid {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for format, sch := range schemas {
			if format.Valid(s) {
				if err := sch.Validate(s); err != nil {
					t.Errorf("%s: plan accepts %q, jsonschema refuses: %v", format, s, err)
				}
			}
		}
	})
}
