// Package faults has no code: its tests drive the framework end to end
// through faults (providers that fail or panic, handlers that outlive their
// deadline, clients that walk away) and check with goleak that no goroutine
// outlives a test.
//
// They live here rather than in package framework so that goleak is not a
// test dependency of framework: go mod tidy records checksums for the test
// dependencies of every package a consumer imports, and nothing imports this
// one.
package faults
