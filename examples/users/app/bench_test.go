package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starling-http/starling/apitest"
	"github.com/starling-http/starling/examples/users/app"
)

// validationModes are the two sides of every apitest benchmark: the same
// exchange checked against the document (on) and not (off), so benchstat
// -col /validation prints what the checks cost.
var validationModes = []struct {
	name string
	opts []apitest.Option
}{
	{"on", nil},
	{"off", []apitest.Option{apitest.WithoutValidation()}},
}

// forgetfulStore creates users and keeps none, so that a benchmark's cost
// does not grow with the users it made.
type forgetfulStore struct {
	app.Store
	next atomic.Int64
}

func (s *forgetfulStore) Create(_ context.Context, u app.User) (app.User, error) {
	u.ID, u.CreatedAt = s.next.Add(1), time.Unix(1700000000, 0).UTC()
	return u, nil
}

// usersBenchAPI is the users API of one benchmark: its store forgets the
// users it creates, so the cost does not grow with b.N.
func usersBenchAPI(b *testing.B, opts ...apitest.Option) *apitest.API {
	return newUsersAPI(b, append(opts, forgetful())...)
}

// createUser sends one POST /users with a fresh email (n keeps it unique:
// the same email twice is a 409) through client and fails b unless it is
// created.
func createUser(b *testing.B, client *http.Client, url string, n int64) {
	body := fmt.Appendf(nil, `{"email":"user%d@example.com","password":"correct horse","name":"Ada","age":36,"tags":["admin"]}`, n)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		b.Fatalf("status %d", resp.StatusCode)
	}
}

// BenchmarkCreateUser is one validated exchange on POST /users (request
// and response checked against the users document) against the same
// exchange unchecked, one at a time.
func BenchmarkCreateUser(b *testing.B) {
	for _, mode := range validationModes {
		b.Run("validation="+mode.name, func(b *testing.B) {
			api := usersBenchAPI(b, mode.opts...)
			client, url := api.Client(), api.URL()+"/users"
			var n int64
			b.ReportAllocs()
			for b.Loop() {
				n++
				createUser(b, client, url, n)
			}
		})
	}
}

// BenchmarkCreateUserParallel is BenchmarkCreateUser from GOMAXPROCS
// goroutines at once, each its own test's API on one shared document, as
// parallel tests are: run it with -cpu 1,2,… to see the exchanges a second
// scale with the cores (a lock around validation would keep them flat).
func BenchmarkCreateUserParallel(b *testing.B) {
	for _, mode := range validationModes {
		b.Run("validation="+mode.name, func(b *testing.B) {
			var n atomic.Int64
			b.ReportAllocs()
			waited := mutexWait()
			b.RunParallel(func(pb *testing.PB) {
				api := usersBenchAPI(b, mode.opts...)
				client, url := api.Client(), api.URL()+"/users"
				for pb.Next() {
					createUser(b, client, url, n.Add(1))
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "exchanges/s")
			// Time goroutines spent blocked on sync.Mutex, per exchange:
			// unlike exchanges/s it does not need idle cores to show a
			// lock that serializes the checks.
			b.ReportMetric(float64(mutexWait()-waited)/float64(b.N), "mutex-wait-ns/op")
		})
	}
}

// mutexWait is the process's total time blocked on sync.Mutex and
// sync.RWMutex so far, in nanoseconds.
func mutexWait() int64 {
	sample := []metrics.Sample{{Name: "/sync/mutex/wait/total:seconds"}}
	metrics.Read(sample)
	return int64(sample[0].Value.Float64() * 1e9)
}
