package contract

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"net/http"
	"strconv"
	"time"
)

// faults are the failures a mock injects for resilience tests, each only
// when asked for.
type faults struct {
	latency    time.Duration
	failShare  float64
	retryAfter time.Duration
	dropShare  float64
}

func (f faults) validate() error {
	if f.failShare < 0 || f.failShare > 1 || f.dropShare < 0 || f.dropShare > 1 {
		return errors.New("contract: fault shares are between 0 and 1")
	}
	if f.latency < 0 || f.retryAfter < 0 {
		return errors.New("contract: fault durations are not negative")
	}
	return nil
}

// inject applies the faults to the n-th request and reports whether it
// answered it. Which requests fail follows the seed, so a test that retries
// sees the same sequence on every run.
func (f faults) inject(w http.ResponseWriter, r *http.Request, seed, n uint64) bool {
	if f.latency > 0 {
		t := time.NewTimer(f.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	if f.dropShare > 0 && chance(seed, n, 1) < f.dropShare {
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				_ = c.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler) // the server closes the connection
	}
	if f.failShare > 0 && chance(seed, n, 2) < f.failShare {
		secs := int((f.retryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"injected by the contract mock"}`))
		return true
	}
	return false
}

// chance maps (seed, request, salt) to [0, 1).
func chance(seed, n, salt uint64) float64 {
	h := fnv.New64a()
	var b [24]byte
	binary.LittleEndian.PutUint64(b[0:], seed)
	binary.LittleEndian.PutUint64(b[8:], n)
	binary.LittleEndian.PutUint64(b[16:], salt)
	_, _ = h.Write(b[:])
	return float64(h.Sum64()>>11) / (1 << 53)
}
