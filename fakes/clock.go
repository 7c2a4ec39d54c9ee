package fakes

import (
	"sync"
	"time"
)

// Clock is a clock that moves only when told: inject its Now where the code
// under test reads the time. It is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// epoch is where a Clock made with the zero time starts.
var epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// NewClock returns a clock reading start, or 2025-01-01T00:00:00Z when start is zero.
func NewClock(start time.Time) *Clock {
	if start.IsZero() {
		start = epoch
	}
	return &Clock{now: start}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (back when d < 0) and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Since returns the time elapsed on the clock since t.
func (c *Clock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }
