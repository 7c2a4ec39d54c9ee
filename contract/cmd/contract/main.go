// Command contract checks HTTP APIs against their OpenAPI documents, for
// services written in any language:
//
//	contract diff BASE HEAD [--ack FILE] [--format text|json|junit] [--junit FILE] [--fail-on ERR|WARN|INFO]
//	contract probe --spec FILE_OR_URL --url BASE [--read-only|--destructive] [--examples N] [--seed S] [--header 'Name: value'] [--only OP] [--junit FILE]
//	contract snapshot --spec FILE_OR_URL --golden FILE [--update]
//	contract rules
//	contract mock --spec FILE_OR_URL [--addr 127.0.0.1:4010] [--seed S] [--stateful] [--status CODE] [--record FILE] …
//	contract verify --interactions FILE --url PROVIDER
//
// BASE and HEAD are files, URLs, "-" (standard input) or REV:PATH (a file at
// a git revision). diff is the breaking-change gate: it fails on
// unacknowledged ERR changes. probe generates requests from the document,
// sends them to the live service and checks every answer; it sends PUT,
// PATCH and DELETE only to resources it created itself unless --destructive
// (contract probe -h says exactly what it sends). snapshot compares
// a document with a committed golden file.
//
// Exit codes: 0 all is well, 1 findings (breaking changes, probe failures,
// drift), 2 usage or operational errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

const usage = `usage:
  contract diff BASE HEAD [--ack FILE] [--format text|json|junit] [--junit FILE] [--fail-on ERR|WARN|INFO]
  contract probe --spec FILE_OR_URL --url BASE [--read-only|--destructive] [--examples N] [--seed S] [--header 'Name: value'] [--only OP] [--junit FILE]
  contract snapshot --spec FILE_OR_URL --golden FILE [--update]
  contract rules
  contract mock --spec FILE_OR_URL [--addr 127.0.0.1:4010] [--seed S] [--stateful] [--status CODE] [--latency D] [--fail-share F] [--drop-share F] [--record FILE]
  contract verify --interactions FILE --url PROVIDER
Exit codes: 0 ok, 1 findings (breaks, probe failures, drift), 2 usage or errors.
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var cmd func([]string, io.Writer, io.Writer) int
	switch args[0] {
	case "diff":
		cmd = runDiff
	case "probe":
		cmd = runProbe
	case "snapshot":
		cmd = runSnapshot
	case "rules":
		cmd = runRules
	case "mock":
		cmd = runMock
	case "verify":
		cmd = runVerify
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "contract: unknown command %q\n%s", args[0], usage)
		return exitUsage
	}
	return cmd(args[1:], stdout, stderr)
}

// parse parses flags and positional arguments in any order.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlags returns a flag set that reports errors to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("contract "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// usageErr prints a usage error and returns the usage exit code.
func usageErr(stderr io.Writer, err error) int {
	if !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stderr, "contract: %v\n", err)
	}
	return exitUsage
}

// headers collects repeated --header flags.
type headers []string

func (h *headers) String() string { return strings.Join(*h, ", ") }

func (h *headers) Set(v string) error {
	name, _, ok := strings.Cut(v, ":")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("header %q: want 'Name: value'", v)
	}
	*h = append(*h, v)
	return nil
}

// writeFile writes with fn to path ("-" for stdout).
func writeFile(path string, stdout io.Writer, fn func(io.Writer) error) error {
	if path == "-" {
		return fn(stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
