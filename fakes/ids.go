package fakes

import (
	"math/rand/v2"
	"sync"
	"testing"
)

// Integer is the type set of Sequence.
type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// Sequence hands out consecutive ids: start, start+1, … It is safe for
// concurrent use.
type Sequence[N Integer] struct {
	mu   sync.Mutex
	next N
}

// NewSequence returns a sequence whose first id is start.
func NewSequence[N Integer](start N) *Sequence[N] { return &Sequence[N]{next: start} }

// Next returns the next id.
func (s *Sequence[N]) Next() N {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.next
	s.next++
	return n
}

// Peek returns the id Next will return, without taking it.
func (s *Sequence[N]) Peek() N {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.next
}

// UUIDs hands out random (version 4) UUIDs from a seed, so a rerun gets the
// same ones. It is safe for concurrent use.
type UUIDs struct {
	mu  sync.Mutex
	rng *rand.Rand
}

// NewUUIDs returns UUIDs drawn from seed.
func NewUUIDs(seed int64) *UUIDs {
	return &UUIDs{rng: rand.New(rand.NewPCG(uint64(seed), 0x0ddba11))}
}

// UUIDsFor returns UUIDs drawn from the test's seed (see SeedOf).
func UUIDsFor(t testing.TB) *UUIDs {
	t.Helper()
	return NewUUIDs(SeedOf(t))
}

// Next returns the next UUID in its canonical text form.
func (u *UUIDs) Next() string {
	b := u.NextBytes()
	return uuidString(b)
}

// NextBytes returns the next UUID as 16 bytes (convertible to uuid.UUID).
func (u *UUIDs) NextBytes() [16]byte {
	u.mu.Lock()
	defer u.mu.Unlock()
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		x := u.rng.Uint64()
		for j := range 8 {
			b[i+j] = byte(x >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return b
}
