// Package router is the path router behind the framework's App: a tree of
// pattern segments built once at start-up and then read concurrently,
// without locks and without allocating on lookup.
//
// Patterns ("/users/{user_id:int}", "/files/{rest:path}") are parsed by Parse
// and registered with Tree.Add, which refuses a route that would match exactly
// the requests of an existing one. Tree.Lookup matches the escaped request
// path segment by segment: static beats parameter beats path parameter, with
// backtracking.
//
// Decisions the framework relies on:
//
//   - Matching is structural. A parameter matches any non-empty segment,
//     whatever its declared type; the framework parses the value and answers
//     400 when it does not fit the type.
//   - The path is split on literal '/' before unescaping, so "%2F" stays
//     inside its segment's value. Values are returned unescaped.
//   - A segment with an invalid percent-escape ("%zz") matches nothing: the
//     lookup is NotFound (404). net/http already refuses such request URIs
//     with 400, so this only concerns hand-built requests.
//   - One trailing slash is ignored; empty segments ("//") match nothing,
//     not even inside a path parameter.
//   - Dot segments are not resolved: "." and ".." are plain segment text that
//     a parameter may match (patterns may not contain them as static text).
//     Cleaning or refusing such paths is the framework's choice.
//   - HEAD is answered by a pattern's GET route unless HEAD is registered.
//     OPTIONS without an OPTIONS route yields Result Options with the Allow
//     value, so the framework can answer 204 itself.
//   - The Allow value lists every method registered for any pattern that
//     matches the path, HEAD when GET is among them, and always OPTIONS,
//     sorted alphabetically: "DELETE, GET, HEAD, OPTIONS".
package router
