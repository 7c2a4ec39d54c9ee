package contract_test

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// seedsEnv, when set (STARLING_TEST_SEEDS=1,2,3,4), replaces the seeds
// a perSeed test runs with: more seeds for a closer look than CI affords.
const seedsEnv = "STARLING_TEST_SEEDS"

// seedChildEnv marks a test binary started by perSeed for one seed.
const seedChildEnv = "STARLING_TEST_SEED_CHILD"

// perSeed runs the calling test once per seed. rapid takes its seed from a
// process-wide flag, so each seed runs in a child process (this test
// binary, -rapid.seed=N, only this test); the parent fails with the
// child's output. Shrinking runs to its end (rapid stops when no step
// makes the case smaller), not to a wall-clock limit that a loaded
// machine would reach first. It returns true in a child, where the test body runs,
// and false in the parent, which has nothing more to do.
func perSeed(t *testing.T, seeds ...uint64) bool {
	t.Helper()
	if os.Getenv(seedChildEnv) != "" {
		return true
	}
	if env := os.Getenv(seedsEnv); env != "" {
		seeds = nil
		for _, f := range strings.Split(env, ",") {
			s, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				t.Fatalf("%s=%q: %v", seedsEnv, env, err)
			}
			seeds = append(seeds, s)
		}
	}
	run := "-test.run=^" + regexp.QuoteMeta(t.Name()) + "$"
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], run,
				"-test.count=1", "-test.v", fmt.Sprintf("-rapid.seed=%d", seed), "-rapid.shrinktime=1m")
			cmd.Env = append(os.Environ(), seedChildEnv+"=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("with -rapid.seed=%d: %v\n%s", seed, err, out)
			}
		})
	}
	return false
}
