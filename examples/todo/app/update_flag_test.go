package app

import "flag"

// The golden test of the todo command (examples/todo/openapi_test.go) is
// rewritten with `go test ./examples/todo/... -update`; go test passes the
// flag to every package of the pattern, so this one must know it too.
var _ = flag.Bool("update", false, "rewrite golden files (used by examples/todo)")
