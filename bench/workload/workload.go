// Package workload holds what every implementation of the benchmark shares:
// the user model, the in-memory store, the three-level dependency chain and
// the requests each workload sends. Each framework's implementation (package
// impl) wires these into its own idiom; only the input DTOs differ, because
// every framework spells its validation rules in its own tags.
package workload

import (
	"strconv"
	"sync/atomic"
)

// User is what the GET, POST and list workloads return.
type User struct {
	ID    int64    `json:"id"`
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Age   int      `json:"age"`
	Tags  []string `json:"tags"`
}

// The rules every implementation enforces on POST /users:
//
//	email     required, an email address, at most 254 bytes
//	password  required, 8..72 characters
//	name      required, 1..100 characters
//	age       0..150 (optional)
//	tags      optional, at most 10 items
const (
	MaxEmail    = 254
	MinPassword = 8
	MaxPassword = 72
	MinName     = 1
	MaxName     = 100
	MinAge      = 0
	MaxAge      = 150
	MaxTags     = 10
)

// ListSize is the length of the list workload's answer.
const ListSize = 50

// Store is the users dependency: a fixed set of users to read (ids 1..50)
// and a create that assigns ids without keeping the user, so that a long
// benchmark or load test does not grow memory.
type Store struct {
	users  []User
	nextID atomic.Int64
}

// NewStore returns a store holding ListSize users.
func NewStore() *Store {
	s := &Store{users: make([]User, ListSize)}
	for i := range s.users {
		id := int64(i + 1)
		s.users[i] = User{
			ID:    id,
			Email: "user" + strconv.FormatInt(id, 10) + "@example.com",
			Name:  "User " + strconv.FormatInt(id, 10),
			Age:   20 + i%50,
			Tags:  []string{"bench", "tier" + strconv.Itoa(i%3)},
		}
	}
	s.nextID.Store(1000)
	return s
}

// Get returns the user with id.
func (s *Store) Get(id int64) (User, bool) {
	if id < 1 || id > int64(len(s.users)) {
		return User{}, false
	}
	return s.users[id-1], true
}

// List returns all ListSize users.
func (s *Store) List() []User { return s.users }

// Create makes a user with a new id.
func (s *Store) Create(email, name string, age int, tags []string) User {
	if tags == nil {
		tags = []string{}
	}
	return User{ID: s.nextID.Add(1), Email: email, Name: name, Age: age, Tags: tags}
}

// The dependency chain of the DI workload: A needs B needs C, each made
// afresh per request. The constructors are not inlined, so every
// implementation pays for three heap objects, as a real provider would.

// C is the innermost dependency.
type C struct{ Name string }

// B needs C.
type B struct {
	C    *C
	Name string
}

// A needs B.
type A struct {
	B    *B
	Name string
}

//go:noinline
func NewC() *C { return &C{Name: "c"} }

//go:noinline
func NewB(c *C) *B { return &B{C: c, Name: "b"} }

//go:noinline
func NewA(b *B) *A { return &A{B: b, Name: "a"} }

// Chain is the DI workload's answer.
type Chain struct {
	A string `json:"a"`
	B string `json:"b"`
	C string `json:"c"`
}

// Answer reads the chain.
func (a *A) Answer() Chain { return Chain{A: a.Name, B: a.B.Name, C: a.B.C.Name} }

// Hello is the plaintext workload's answer.
const Hello = "Hello, World!"

// The requests.
const (
	PathGet       = "/users/7"
	PathGetAbsent = "/users/9999"
	PathList      = "/users"
	PathCreate    = "/users"
	PathDI        = "/di"
	PathPlaintext = "/plaintext"
)

// CreateBody is a valid POST /users body.
const CreateBody = `{"email":"ada@example.com","password":"correct horse","name":"Ada Lovelace","age":36,"tags":["math","engines"]}`

// InvalidBodies are POST /users bodies every implementation must refuse
// with a 4xx, by name.
var InvalidBodies = map[string]string{
	"bad email":      `{"email":"not-an-email","password":"correct horse","name":"Ada","age":36}`,
	"short password": `{"email":"ada@example.com","password":"short","name":"Ada","age":36}`,
	"empty name":     `{"email":"ada@example.com","password":"correct horse","name":"","age":36}`,
	"long name":      `{"email":"ada@example.com","password":"correct horse","name":"` + repeat('n', 101) + `","age":36}`,
	"negative age":   `{"email":"ada@example.com","password":"correct horse","name":"Ada","age":-1}`,
	"old age":        `{"email":"ada@example.com","password":"correct horse","name":"Ada","age":151}`,
	"11 tags":        `{"email":"ada@example.com","password":"correct horse","name":"Ada","age":36,"tags":["a","b","c","d","e","f","g","h","i","j","k"]}`,
	"missing email":  `{"password":"correct horse","name":"Ada","age":36}`,
	"missing name":   `{"email":"ada@example.com","password":"correct horse","age":36}`,
	"malformed":      `{"email":"ada@example.com",`,
	"wrong type":     `{"email":"ada@example.com","password":"correct horse","name":"Ada","age":"old"}`,
}

func repeat(c byte, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return string(b)
}

// ValidEmail is the hand-written email check of the net/http baseline:
// local@domain with a non-empty local part, a dotted domain, no spaces and
// one @. It is looser than the frameworks' checks and allocation-free, the
// kind of check a user writes by hand.
func ValidEmail(s string) bool {
	at := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '@':
			if at >= 0 {
				return false
			}
			at = i
		case c <= ' ' || c >= 0x7f:
			return false
		}
	}
	if at < 1 || at == len(s)-1 {
		return false
	}
	domain := s[at+1:]
	dot := false
	for i := 0; i < len(domain); i++ {
		if domain[i] == '.' {
			if i == 0 || i == len(domain)-1 || domain[i-1] == '.' {
				return false
			}
			dot = true
		}
	}
	return dot
}
