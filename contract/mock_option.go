package contract

import (
	"time"
)

// MockOption configures a mock made by Mock or NewMock.
type MockOption func(*mockConfig)

type mockConfig struct {
	seed      uint64
	status    string
	example   string
	stateful  bool
	resources []Resource
	faults    faults
	recorder  *Recorder
}

// WithSeed makes the generated responses those of seed: the same document,
// seed and request give the same answer. The default seed is 1, so mocks are
// deterministic unless asked otherwise.
func WithSeed(seed uint64) MockOption { return func(c *mockConfig) { c.seed = seed } }

// WithStatus answers every request with the documented status code (as
// written in the document: "404", "4XX", "default") when the operation
// documents it, as a Prefer: code=… header would for one request.
func WithStatus(code string) MockOption { return func(c *mockConfig) { c.status = code } }

// WithExample answers with the named documented example where the operation
// has one, as a Prefer: example=… header would for one request.
func WithExample(name string) MockOption { return func(c *mockConfig) { c.example = name } }

// Stateful turns on stateful mode: a POST to a collection stores what it
// answers, GET of the item and of the collection return it, PATCH and PUT
// merge into it and DELETE removes it. Collections are inferred from path
// templates (/items and /items/{id}); resources adds or corrects them where
// inference fails.
func Stateful(resources ...Resource) MockOption {
	return func(c *mockConfig) {
		c.stateful = true
		c.resources = append(c.resources, resources...)
	}
}

// Resource names a collection for stateful mode: the collection's path
// template, its item's path template and the response field that holds the
// item's identifier (the last path parameter of Item).
type Resource struct {
	Collection string // "/users"
	Item       string // "/users/{user_id}"
	IDField    string // "id"
}

// WithLatency delays every answer by d, for timeout tests.
func WithLatency(d time.Duration) MockOption { return func(c *mockConfig) { c.faults.latency = d } }

// WithFailures answers the given share (0..1) of requests with 503 Service
// Unavailable and a Retry-After header of retryAfter (whole seconds),
// instead of the documented answer, for retry tests. Which requests fail
// follows the seed.
func WithFailures(share float64, retryAfter time.Duration) MockOption {
	return func(c *mockConfig) { c.faults.failShare, c.faults.retryAfter = share, retryAfter }
}

// WithDroppedConnections closes the connection without an answer for the
// given share (0..1) of requests, for tests of a client's error handling.
// Served by an http.Server (Mock, contract mock) the connection is hijacked
// and closed; called directly, the handler panics with http.ErrAbortHandler,
// as net/http's servers expect of a handler that aborts.
func WithDroppedConnections(share float64) MockOption {
	return func(c *mockConfig) { c.faults.dropShare = share }
}

// Record records every exchange the mock answers from the document into
// rec, for provider verification (see Recorder and Verify).
func Record(rec *Recorder) MockOption { return func(c *mockConfig) { c.recorder = rec } }
