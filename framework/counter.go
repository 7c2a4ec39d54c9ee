package framework

import (
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
)

type atomicCounter struct{ v atomic.Uint64 }

func (c *atomicCounter) next() uint64 { return c.v.Add(1) }

// newIDPrefix returns 8 random hex characters that tell apart the ids of two
// processes (or two apps in one test binary).
func newIDPrefix() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
