package fakes_test

import (
	"encoding/json"
	"net/netip"
	"time"

	"github.com/starling-http/starling/framework"
)

// The types below exercise every rule and kind of a plan, as an app would
// declare them.

type Address struct {
	Street  string `json:"street" validate:"required,minLength=1,maxLength=80"`
	City    string `json:"city" validate:"required,minLength=1,maxLength=40"`
	Zip     string `json:"zip" validate:"required,pattern=^[0-9]{5}(-[0-9]{4})?$"`
	Country string `json:"country,omitempty" validate:"enum=FR|DE|US|JP"`
}

type Level string

type Profile struct {
	Email     string            `json:"email" validate:"required,format=email,maxLength=60"`
	FirstName string            `json:"first_name" validate:"required,minLength=2,maxLength=20"`
	LastName  string            `json:"last_name" validate:"maxLength=3"`
	Handle    string            `json:"handle" validate:"required,minLength=3,maxLength=16,pattern=^[a-z][a-z0-9_]*$"`
	Website   *string           `json:"website,omitempty" validate:"format=uri,maxLength=120"`
	Host      string            `json:"host" validate:"format=hostname,minLength=70"`
	ID        string            `json:"id" validate:"format=uuid"`
	Born      string            `json:"born" validate:"format=date"`
	Wakes     string            `json:"wakes" validate:"format=time"`
	Seen      string            `json:"seen" validate:"format=date-time"`
	IPv4      string            `json:"ipv4" validate:"format=ipv4"`
	IPv6      string            `json:"ipv6" validate:"format=ipv6"`
	Level     Level             `json:"level,omitempty" validate:"required,enum=junior|senior|staff"`
	Kind      string            `json:"kind,omitempty" validate:"const=person"`
	Motto     string            `json:"motto" validate:"minLength=5,maxLength=5"`
	Code      string            `json:"code" validate:"pattern=^(ab|cd)+[A-F]{2,3}\\.x?-\\d{1,2}$"`
	Word      string            `json:"word" validate:"minLength=4,pattern=[^a-z]"`
	Address   Address           `json:"address"`
	Previous  []Address         `json:"previous" validate:"maxItems=2"`
	Tags      []string          `json:"tags,omitempty" validate:"minItems=1,maxItems=5,uniqueItems,dive,minLength=1,maxLength=12,pattern=^[a-z]+$"`
	Meta      map[string]string `json:"meta" validate:"minProperties=1,maxProperties=3,dive,maxLength=10"`
	Scores    map[string][]int8 `json:"scores" validate:"maxProperties=2,dive,maxItems=3,dive,minimum=-5,maximum=5"`
}

type Numbers struct {
	Age      int       `json:"age" validate:"required,minimum=18,maximum=130"`
	Small    int8      `json:"small"`
	Count    uint16    `json:"count" validate:"exclusiveMinimum=10,exclusiveMaximum=20"`
	Even     int64     `json:"even" validate:"multipleOf=2,minimum=-9,maximum=9"`
	Big      uint64    `json:"big" validate:"minimum=4294967296"`
	Step     float64   `json:"step" validate:"multipleOf=0.25,exclusiveMinimum=0,maximum=10"`
	Ratio    float32   `json:"ratio" validate:"minimum=0,exclusiveMaximum=1"`
	Price    float64   `json:"price" validate:"multipleOf=0.01,minimum=0.01,maximum=99999.99"`
	Temp     *float64  `json:"temp" validate:"minimum=-50.5,maximum=60"`
	Dice     int       `json:"dice,omitempty" validate:"enum=1|2|3|4|5|6"`
	Answer   int       `json:"answer,omitempty" validate:"const=42"`
	Flag     bool      `json:"flag"`
	Yes      bool      `json:"yes,omitempty" validate:"const=true"`
	Triple   [3]int    `json:"triple" validate:"uniqueItems,dive,minimum=0,maximum=5"`
	Weights  []float64 `json:"weights" validate:"minItems=2,maxItems=4,dive,minimum=0.5,maximum=1.5"`
	Nullable *int      `json:"nullable" validate:"required,minimum=1"`
}

type Kinds struct {
	Blob    []byte          `json:"blob"`
	When    time.Time       `json:"when"`
	Later   *time.Time      `json:"later,omitempty"`
	Any     json.RawMessage `json:"any"`
	Addr    netip.Addr      `json:"addr"`
	Prefix  *netip.Addr     `json:"prefix,omitempty" validate:"format=ipv4"`
	Matrix  [][]string      `json:"matrix" validate:"maxItems=2,dive,maxItems=2,dive,minLength=1,maxLength=3"`
	Nested  *Address        `json:"nested"`
	Secret  string          `json:"secret" validate:"required,minLength=8,maxLength=64"`
	Created time.Time       `json:"created"`
	Items   []*Address      `json:"items" validate:"maxItems=2"`
}

// An account as a DTO: a read-only id and time, a write-only password,
// renamed fields and no unknown properties.
type Account struct {
	ID        int64  `validate:"minimum=1"`
	UserName  string `validate:"required,minLength=3,maxLength=20,pattern=^[a-z0-9]+$"`
	Password  string `validate:"required,minLength=8,maxLength=72"`
	Balance   int    `validate:"minimum=0"`
	CreatedAt time.Time
	Internal  string
}

var AccountDTO = framework.DTO[Account](framework.Name("Account"), framework.RenameAll(framework.CamelCase),
	framework.ReadOnly("ID", "CreatedAt"), framework.WriteOnly("Password"), framework.Private("Internal"),
	framework.ForbidUnknown())

// A PATCH of a profile.
type ProfilePatch struct {
	FirstName string  `json:"first_name" validate:"minLength=2,maxLength=20"`
	Bio       *string `json:"bio" validate:"maxLength=50"`
	Age       int     `json:"age" validate:"minimum=0,maximum=150"`
}

var ProfilePatchDTO = framework.DTO[ProfilePatch](framework.Name("ProfilePatch"), framework.AllOptional())
