// Package impl implements the benchmark's five workloads once per framework:
// hand-written net/http, Starling, Huma v2 (humago), Fuego and Gin. Each
// implementation is written the way that framework's documentation shows,
// with the same routes, the same validation rules and the same statuses:
//
//	GET  /users/{id}  a user, 404 when missing, 4xx when id is not an int
//	POST /users       create: decode, validate, a dependency creates, 201
//	GET  /users       a list of 50 users
//	GET  /di          three nested dependencies (A needs B needs C) per request
//	GET  /plaintext   "Hello, World!"
package impl

import (
	"fmt"
	"net/http"
)

// Framework is one implementation.
type Framework struct {
	// Name is the benchmark's fw= value and cmd/server's -fw flag.
	Name string
	// New builds the handler.
	New func() (http.Handler, error)
}

// All lists the implementations, the baseline first.
var All = []Framework{
	{"nethttp", NewNetHTTP},
	{"starling", NewStarling},
	{"huma", NewHuma},
	{"fuego", NewFuego},
	{"gin", NewGin},
}

// Lookup returns the implementation called name.
func Lookup(name string) (Framework, error) {
	for _, f := range All {
		if f.Name == name {
			return f, nil
		}
	}
	return Framework{}, fmt.Errorf("unknown framework %q", name)
}
