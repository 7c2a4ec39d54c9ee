package main

import (
	"fmt"
	"io"

	"github.com/starling-http/starling/contract"
)

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff", stderr)
	ack := fs.String("ack", "", "acknowledgement `FILE` (YAML or JSON) of deliberate breaks")
	format := fs.String("format", "text", "output format: text, json or junit")
	junit := fs.String("junit", "", "also write a JUnit XML report to `FILE`")
	failOn := contract.Err
	fs.TextVar(&failOn, "fail-on", contract.Err, "lowest `LEVEL` that fails: ERR, WARN or INFO")
	pos, err := parse(fs, args)
	if err != nil {
		return usageErr(stderr, err)
	}
	if len(pos) != 2 {
		return usageErr(stderr, fmt.Errorf("diff wants BASE and HEAD, got %d arguments", len(pos)))
	}
	base, err := contract.Load(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "contract: base: %v\n", err)
		return exitUsage
	}
	head, err := contract.Load(pos[1])
	if err != nil {
		fmt.Fprintf(stderr, "contract: head: %v\n", err)
		return exitUsage
	}
	var acks contract.Acks
	if *ack != "" {
		if acks, err = contract.LoadAcks(*ack); err != nil {
			fmt.Fprintf(stderr, "contract: %v\n", err)
			return exitUsage
		}
	}
	r := contract.Compare(base, head, acks)
	switch *format {
	case "text":
		err = r.WriteText(stdout)
	case "json":
		err = r.WriteJSON(stdout)
	case "junit":
		err = r.WriteJUnit(stdout, failOn)
	default:
		return usageErr(stderr, fmt.Errorf("unknown format %q (want text, json or junit)", *format))
	}
	if err == nil && *junit != "" {
		err = writeFile(*junit, stdout, func(w io.Writer) error { return r.WriteJUnit(w, failOn) })
	}
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	if len(r.Failures(failOn)) > 0 {
		return exitFindings
	}
	return exitOK
}

func runRules(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		return usageErr(stderr, fmt.Errorf("rules takes no arguments"))
	}
	for _, r := range contract.Rules() {
		fmt.Fprintf(stdout, "%-4s %-8s %-40s %s\n", r.Level, r.Direction, r.ID, r.Summary)
	}
	return exitOK
}
