package contract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// rerunCommand is the command that accepts a snapshot's drift, written to
// be pasted at the module root: go test runs a test binary in its package's
// directory, so "." would only work from there.
func rerunCommand(testName string) string {
	run := "'^" + strings.Split(testName, "/")[0] + "$'"
	return fmt.Sprintf("%s=1 go test -run %s %s", UpdateEnv, run, packagePath())
}

// packagePath is the running test's package as a path from its module's
// root ("./examples/users/app"), or "." when no go.mod is found above the
// working directory.
func packagePath() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil || rel == "." {
				return "."
			}
			return "./" + filepath.ToSlash(rel)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "."
		}
		dir = parent
	}
}
