package fakes

import (
	"strings"
	"unicode"

	"github.com/brianvoe/gofakeit/v7"
)

// Realistic values are chosen by the field's wire (or Go) name, normalised
// to lower case without separators: "first_name", "firstName" and
// "FirstName" all read "firstname". The first entry whose key equals the
// name, or failing that is its suffix, wins. A realistic value that breaks
// the field's rules is cut to maxLength, and when it still breaks them the
// value is made from the rules alone.
var realisticNames = []struct {
	key  string
	make func(f *gofakeit.Faker) string
}{
	{"email", func(f *gofakeit.Faker) string { return strings.ToLower(f.Email()) }},
	{"firstname", (*gofakeit.Faker).FirstName},
	{"givenname", (*gofakeit.Faker).FirstName},
	{"lastname", (*gofakeit.Faker).LastName},
	{"surname", (*gofakeit.Faker).LastName},
	{"familyname", (*gofakeit.Faker).LastName},
	{"username", (*gofakeit.Faker).Username},
	{"login", (*gofakeit.Faker).Username},
	{"nickname", (*gofakeit.Faker).Username},
	{"fullname", (*gofakeit.Faker).Name},
	{"displayname", (*gofakeit.Faker).Name},
	{"companyname", (*gofakeit.Faker).Company},
	{"company", (*gofakeit.Faker).Company},
	{"organization", (*gofakeit.Faker).Company},
	{"organisation", (*gofakeit.Faker).Company},
	{"productname", (*gofakeit.Faker).ProductName},
	{"product", (*gofakeit.Faker).ProductName},
	{"jobtitle", (*gofakeit.Faker).JobTitle},
	{"title", (*gofakeit.Faker).BookTitle},
	{"name", (*gofakeit.Faker).Name},
	{"city", (*gofakeit.Faker).City},
	{"countrycode", (*gofakeit.Faker).CountryAbr},
	{"country", (*gofakeit.Faker).Country},
	{"state", (*gofakeit.Faker).State},
	{"region", (*gofakeit.Faker).State},
	{"zip", (*gofakeit.Faker).Zip},
	{"zipcode", (*gofakeit.Faker).Zip},
	{"postcode", (*gofakeit.Faker).Zip},
	{"postalcode", (*gofakeit.Faker).Zip},
	{"street", (*gofakeit.Faker).Street},
	{"address", (*gofakeit.Faker).Street},
	{"phone", (*gofakeit.Faker).Phone},
	{"phonenumber", (*gofakeit.Faker).Phone},
	{"mobile", (*gofakeit.Faker).Phone},
	{"url", (*gofakeit.Faker).URL},
	{"uri", (*gofakeit.Faker).URL},
	{"website", (*gofakeit.Faker).URL},
	{"homepage", (*gofakeit.Faker).URL},
	{"link", (*gofakeit.Faker).URL},
	{"domain", (*gofakeit.Faker).DomainName},
	{"hostname", (*gofakeit.Faker).DomainName},
	{"host", (*gofakeit.Faker).DomainName},
	{"description", func(f *gofakeit.Faker) string { return f.Sentence(10) }},
	{"summary", func(f *gofakeit.Faker) string { return f.Sentence(8) }},
	{"bio", func(f *gofakeit.Faker) string { return f.Sentence(12) }},
	{"about", func(f *gofakeit.Faker) string { return f.Sentence(12) }},
	{"comment", (*gofakeit.Faker).Comment},
	{"message", func(f *gofakeit.Faker) string { return f.Sentence(8) }},
	{"body", func(f *gofakeit.Faker) string { return f.Sentence(12) }},
	{"content", func(f *gofakeit.Faker) string { return f.Sentence(12) }},
	{"note", func(f *gofakeit.Faker) string { return f.Sentence(6) }},
	{"notes", func(f *gofakeit.Faker) string { return f.Sentence(8) }},
	{"text", func(f *gofakeit.Faker) string { return f.Sentence(8) }},
	{"password", func(f *gofakeit.Faker) string { return f.Password(true, true, true, true, false, 14) }},
	{"secret", func(f *gofakeit.Faker) string { return f.Password(true, true, true, false, false, 24) }},
	{"color", (*gofakeit.Faker).Color},
	{"colour", (*gofakeit.Faker).Color},
	{"language", (*gofakeit.Faker).Language},
	{"currency", func(f *gofakeit.Faker) string { return f.Currency().Short }},
	{"animal", (*gofakeit.Faker).Animal},
	{"tag", func(f *gofakeit.Faker) string { return strings.ToLower(f.Adjective()) }},
	{"tags", func(f *gofakeit.Faker) string { return strings.ToLower(f.Adjective()) }},
	{"label", func(f *gofakeit.Faker) string { return strings.ToLower(f.Adjective()) }},
	{"category", func(f *gofakeit.Faker) string { return strings.ToLower(f.Noun()) }},
	{"slug", func(f *gofakeit.Faker) string { return strings.ToLower(f.Adjective() + "-" + f.Noun()) }},
}

// normName normalises a field name for realisticNames.
func normName(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, name)
}

// realisticFor returns the maker for a field name, nil when none fits.
func realisticFor(name string) func(*gofakeit.Faker) string {
	n := normName(name)
	if n == "" {
		return nil
	}
	for _, e := range realisticNames {
		if e.key == n {
			return e.make
		}
	}
	for _, e := range realisticNames {
		if strings.HasSuffix(n, e.key) {
			return e.make
		}
	}
	return nil
}

func realistic(name string) bool { return realisticFor(name) != nil }

// realistic returns a realistic value for name; for passwords and secrets it
// honours the length bounds.
func (g *gen) realistic(name string, lo, hi int) string {
	n := normName(name)
	if strings.HasSuffix(n, "password") || strings.HasSuffix(n, "secret") {
		size := max(lo, 12)
		if hi >= 0 {
			size = min(size, hi)
		}
		if size == 0 {
			return ""
		}
		return g.fk.Password(true, true, true, true, false, size)
	}
	return realisticFor(name)(g.fk)
}
