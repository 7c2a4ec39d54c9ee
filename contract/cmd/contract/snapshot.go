package main

import (
	"fmt"
	"io"

	"github.com/starling-http/starling/contract"
)

func runSnapshot(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("snapshot", stderr)
	spec := fs.String("spec", "", "the current document: `FILE_OR_URL`")
	golden := fs.String("golden", "", "the golden `FILE` to compare with")
	update := fs.Bool("update", false, "rewrite the golden file with the current document")
	pos, err := parse(fs, args)
	if err != nil {
		return usageErr(stderr, err)
	}
	if len(pos) > 0 || *spec == "" || *golden == "" {
		return usageErr(stderr, fmt.Errorf("snapshot wants --spec and --golden"))
	}
	doc, err := contract.Load(*spec)
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	drift, err := contract.CompareSnapshot(doc.Bytes(), *golden, *update)
	if err != nil {
		fmt.Fprintf(stderr, "contract: %v\n", err)
		return exitUsage
	}
	switch {
	case drift == nil:
		fmt.Fprintf(stdout, "%s matches %s\n", *spec, *golden)
	case *update:
		fmt.Fprintf(stdout, "updated %s\n", *golden)
	default:
		fmt.Fprint(stdout, drift.String())
		fmt.Fprintf(stdout, "to accept: contract snapshot --spec %s --golden %s --update\n", *spec, *golden)
		return exitFindings
	}
	return exitOK
}
