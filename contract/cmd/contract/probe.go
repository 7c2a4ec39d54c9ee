package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/starling-http/starling/contract"
)

// probeHelp opens contract probe -h: what the probe sends comes first,
// since a CI user must know before pointing it at a service with data.
const probeHelp = `usage: contract probe --spec FILE_OR_URL --url BASE [flags]

What it sends (safe by default):
  GET, HEAD, OPTIONS  to any path and id the schemas allow.
  POST                to paths without parameters: it creates resources
                      (or runs actions such as a login; --exclude those
                      that change shared state).
  PUT, PATCH, DELETE  and POST under /things/{id}: only to resources it
                      created in this run, the ids taken from its own POST
                      answers (body or Location header). The auth,
                      negative and boundary checks of these operations use
                      the same ids; a check that would change the id is
                      withheld.
  At the end it deletes what it created, where the document has a DELETE;
  what stays is listed as "remaining". Operations it cannot address safely
  are listed as "skipped" and do not fail the run.
  --read-only sends GET, HEAD and OPTIONS only; --destructive sends every
  method to any id (DELETE /users/1 included): disposable environments only.

Exit codes: 0 no failures, 1 failures or nothing probed, 2 usage or
operational errors.

Flags:
`

func runProbe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("probe", stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), probeHelp)
		fs.PrintDefaults()
	}
	spec := fs.String("spec", "", "the OpenAPI document: `FILE_OR_URL`")
	base := fs.String("url", "", "the service's base `URL`, such as http://127.0.0.1:8000")
	examples := fs.Int("examples", contract.DefaultExamples, "requests per operation in each randomised phase")
	seed := fs.Uint64("seed", 0, "rapid's seed (0: random); a failure prints the seed that replays it")
	var hs headers
	fs.Var(&hs, "header", "add `'Name: value'` to every request (repeatable), such as credentials")
	only := fs.String("only", "", "probe only these `OPS` (operationId[:phase], comma-separated)")
	skip := fs.String("skip", "", "leave out these `PHASES` (examples, negative, boundary, auth, stateful; comma-separated)")
	var knowns knownFlag
	fs.Var(&knowns, "known", "a known failure `CHECK:OP:REASON` reported without failing (repeatable)")
	readOnly := fs.Bool("read-only", false, "send only GET, HEAD and OPTIONS: create, change and delete nothing")
	destructive := fs.Bool("destructive", false, "send PUT, PATCH, DELETE and POST to any id, not only to what the probe created (disposable environments only)")
	exclude := fs.String("exclude", "", "leave out these `OPS` (operationId or 'METHOD /path', comma-separated), such as a POST action that changes shared state")
	format := fs.String("format", "text", "output format: text or json")
	junit := fs.String("junit", "", "also write a JUnit XML report to `FILE`")
	pos, err := parse(fs, args)
	if err != nil {
		return usageErr(stderr, err)
	}
	if len(pos) > 0 || *spec == "" || *base == "" {
		return usageErr(stderr, fmt.Errorf("probe wants --spec and --url"))
	}
	if *readOnly && *destructive {
		return usageErr(stderr, fmt.Errorf("--read-only and --destructive exclude each other"))
	}
	if *examples < 1 {
		return usageErr(stderr, fmt.Errorf("--examples must be at least 1"))
	}
	if *format != "text" && *format != "json" {
		return usageErr(stderr, fmt.Errorf("unknown format %q (want text or json)", *format))
	}
	doc, err := contract.Load(*spec)
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	if err := contract.PrepareRapid(*examples, *seed); err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	opts := []contract.ProbeOption{contract.Examples(*examples)}
	for _, h := range hs {
		name, value, _ := strings.Cut(h, ":")
		opts = append(opts, contract.Header(strings.TrimSpace(name), strings.TrimSpace(value)))
	}
	for _, k := range knowns {
		parts := strings.SplitN(k, ":", 3)
		opts = append(opts, contract.Known(parts[0], parts[1], parts[2]))
	}
	if *only != "" {
		opts = append(opts, contract.Only(strings.Split(*only, ",")...))
	}
	switch {
	case *readOnly:
		opts = append(opts, contract.ReadOnly())
	case *destructive:
		opts = append(opts, contract.Destructive())
	}
	if *exclude != "" {
		opts = append(opts, contract.Exclude(strings.Split(*exclude, ",")...))
	}
	if *skip != "" {
		opts = append(opts, contract.SkipPhases(strings.Split(*skip, ",")...))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r, err := contract.RunProbe(ctx, contract.URL(*base, doc), opts...)
	if errors.Is(err, contract.ErrUnreachable) || errors.Is(err, contract.ErrNothingProbed) {
		// Never green by mistake: a run that reached nothing fails.
		fmt.Fprintf(stderr, "contract probe: FAIL: %v\n", err)
		return exitFindings
	}
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	replay := func(f contract.Failure) string {
		s := fmt.Sprintf("contract probe --spec %s --url %s --only '%s:%s'", *spec, *base, f.Operation, f.Phase)
		if f.Seed != 0 {
			s += fmt.Sprintf(" --seed %d", f.Seed)
		}
		if len(hs) > 0 {
			s += " --header … (as above)"
		}
		return s
	}
	if *format == "json" {
		err = r.WriteJSON(stdout)
	} else {
		err = r.WriteText(stdout, replay)
	}
	if err == nil && *junit != "" {
		err = writeFile(*junit, stdout, r.WriteJUnit)
	}
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	if len(r.Failures) > 0 || len(r.Idle) > 0 || len(r.Unexercised) > 0 {
		return exitFindings
	}
	return exitOK
}

// knownFlag collects --known CHECK:OP:REASON.
type knownFlag []string

func (k *knownFlag) String() string { return strings.Join(*k, ", ") }

func (k *knownFlag) Set(v string) error {
	if parts := strings.SplitN(v, ":", 3); len(parts) < 3 || parts[0] == "" || parts[1] == "" || strings.TrimSpace(parts[2]) == "" {
		return fmt.Errorf("known %q: want CHECK:OP:REASON", v)
	}
	*k = append(*k, v)
	return nil
}
