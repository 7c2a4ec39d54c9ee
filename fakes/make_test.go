package fakes_test

import (
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/fakes"
)

func TestMakeIsRealisticByName(t *testing.T) {
	for _, p := range fakes.Many[Profile](t, 50) {
		if _, err := mail.ParseAddress(p.Email); err != nil {
			t.Errorf("email %q: %v", p.Email, err)
		}
		if !regexp.MustCompile(`^[A-Z][a-z]+`).MatchString(p.FirstName) {
			t.Errorf("first_name %q does not look like a name", p.FirstName)
		}
		if p.Address.City == "" || strings.ContainsAny(p.Address.City, "0123456789") {
			t.Errorf("city %q does not look like a city", p.Address.City)
		}
	}
	// Realistic values that break a rule are cut to it: last_name has maxLength=3.
	for _, p := range fakes.Many[Profile](t, 50) {
		if n := utf8.RuneCountInString(p.LastName); n > 3 {
			t.Errorf("last_name %q is longer than 3", p.LastName)
		}
	}
}

func TestMakeLeavesReadOnlyZeroAndFillsWriteOnly(t *testing.T) {
	for _, a := range fakes.Many[Account](t, 20, fakes.DTO(AccountDTO)) {
		if a.ID != 0 || !a.CreatedAt.IsZero() {
			t.Errorf("read-only fields are set: %+v", a)
		}
		if len(a.Password) < 8 {
			t.Errorf("write-only password %q is missing or short", a.Password)
		}
		body := string(fakes.JSON(t, a, fakes.DTO(AccountDTO)))
		if strings.Contains(body, `"id"`) || !strings.Contains(body, `"password"`) {
			t.Errorf("request body %s", body)
		}
	}
	for _, a := range fakes.Many[Account](t, 20, fakes.DTO(AccountDTO), fakes.Response()) {
		if a.ID < 1 || a.CreatedAt.IsZero() {
			t.Errorf("Response leaves read-only fields zero: %+v", a)
		}
	}
}

func TestMakeOptionalFields(t *testing.T) {
	present := func(opt float64) (websites int) {
		for _, p := range fakes.Many[Profile](t, 40, fakes.Optional(opt)) {
			if p.Website != nil {
				websites++
			}
		}
		return websites
	}
	if n := present(0); n != 0 {
		t.Errorf("Optional(0): %d of 40 have the optional website", n)
	}
	if n := present(1); n != 40 {
		t.Errorf("Optional(1): %d of 40 have the optional website", n)
	}
	if n := present(0.75); n == 0 || n == 40 {
		t.Errorf("by default the optional website should be sometimes there; %d of 40", n)
	}
}

func TestMakeUsersExample(t *testing.T) {
	u := fakes.Make[app.CreateUser](t)
	if u.Email == "" || u.Password == "" || u.Name == "" {
		t.Fatalf("required fields empty: %+v", u)
	}
}

func TestManyMakesDistinctValues(t *testing.T) {
	seen := map[string]bool{}
	for _, u := range fakes.Many[app.CreateUser](t, 100) {
		if seen[u.Email] {
			t.Errorf("email %s made twice", u.Email)
		}
		seen[u.Email] = true
	}
}
