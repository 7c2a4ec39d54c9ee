package fakes

import (
	"hash/fnv"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
)

// SeedEnv is the environment variable that sets the seed of every test,
// instead of the one derived from the test's name:
//
//	STARLING_FAKES_SEED=1234 go test -run TestCreateUser ./...
const SeedEnv = "STARLING_FAKES_SEED"

// streams holds one stream of seeds per running test, removed when the test
// ends. Keys are the tests' testing.TB, so parallel tests never share one.
var streams sync.Map

// stream hands out the seeds of one test's calls, in call order.
type stream struct {
	mu   sync.Mutex
	seed int64
	rng  *rand.Rand
}

// SeedOf returns the seed of t's fixtures: the value of STARLING_FAKES_SEED
// when it is set, otherwise a hash of t.Name(), so a test makes the same
// values on every run and rerunning one test alone reproduces them. Each
// call of Make, Many, Invalid or Boundaries in the test takes the next seed
// of a stream started from it, so calls made in the same order give the same
// values. When the test fails, the seed is logged.
func SeedOf(t testing.TB) int64 {
	t.Helper()
	return streamFor(t).seed
}

func streamFor(t testing.TB) *stream {
	t.Helper()
	if s, ok := streams.Load(t); ok {
		return s.(*stream)
	}
	seed := nameSeed(t.Name())
	if env := os.Getenv(SeedEnv); env != "" {
		n, err := strconv.ParseInt(env, 10, 64)
		if err != nil {
			t.Fatalf("fakes: %s=%q is not an integer", SeedEnv, env)
		}
		seed = n
	}
	s := &stream{seed: seed, rng: rand.New(rand.NewPCG(uint64(seed), streamSalt))}
	actual, loaded := streams.LoadOrStore(t, s)
	if !loaded {
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("fakes: fixtures of %s were made with seed %d; rerun with %s=%d to make them again",
					t.Name(), seed, SeedEnv, seed)
			}
			streams.Delete(t)
		})
	}
	return actual.(*stream)
}

// next returns the seed of the next call in the test.
func (s *stream) next() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rng.Uint64()
}

const streamSalt = 0x5ee_d5_fa_4e5

// nameSeed hashes a test name into a seed.
func nameSeed(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64() &^ (1 << 63))
}

// callSeed returns the seed of one call: the Seed option, or the test's next.
func callSeed(t testing.TB, c *config) uint64 {
	t.Helper()
	if c.seed != nil {
		return uint64(*c.seed)
	}
	return streamFor(t).next()
}

// source is where generation draws its choices: a seeded PRNG for Make, a
// rapid.T for Gen (so rapid can shrink them). Smaller draws give simpler
// values (shorter strings, lower counts, the first enum value).
type source interface {
	// Uint64 returns 64 random bits.
	Uint64() uint64
	// IntN returns a number in [0, n), n > 0.
	IntN(n int) int
}

func newSource(seed uint64) source { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }
