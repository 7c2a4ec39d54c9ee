package contract

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"testing"
)

// PrepareRapid readies pgregory.net/rapid for RunProbe in a program that
// is not a test binary, such as the contract command. rapid reads its
// settings from command-line flags that go test parses; here they are set
// directly: examples checks per phase, the seed (0 for a random one), no
// fail files in the working directory and at most 10 s of shrinking per
// failure. It changes process-wide flags, so call it once, from main.
func PrepareRapid(examples int, seed uint64) error {
	testing.Init()
	if !flag.Parsed() {
		_ = flag.CommandLine.Parse(nil)
	}
	for _, kv := range [][2]string{
		{"rapid.checks", strconv.Itoa(examples)},
		{"rapid.seed", strconv.FormatUint(seed, 10)},
		{"rapid.nofailfile", "true"},
		{"rapid.shrinktime", "10s"},
	} {
		if err := flag.Set(kv[0], kv[1]); err != nil {
			return fmt.Errorf("configuring rapid: %s: %w", kv[0], err)
		}
	}
	return nil
}

// rapidReady reports whether rapid can run: inside go test, or after
// PrepareRapid.
func rapidReady() error {
	if flag.Lookup("test.short") == nil || !flag.Parsed() {
		return errors.New("contract: rapid needs the testing flags: call contract.PrepareRapid first when not in go test")
	}
	return nil
}
