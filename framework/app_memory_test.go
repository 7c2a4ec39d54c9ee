package framework_test

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/starling-http/starling/framework"
)

type memAddress struct {
	Street string `json:"street" validate:"maxLength=80"`
	Zip    string `json:"zip" validate:"pattern=^[0-9]{5}$"`
}

type memUser struct {
	ID      int64        `json:"id"`
	Email   string       `json:"email" validate:"format=email"`
	Tags    []string     `json:"tags"`
	Address memAddress   `json:"address"`
	Friends []memAddress `json:"friends"`
}

// memApp is a small app as a test builds one: a body, a parameter, a DTO.
func memApp(tb testing.TB) *framework.App {
	type in struct {
		ID   int64   `path:"id"`
		Body memUser `body:""`
	}
	return newApp(tb, framework.WithoutDocs(), framework.Mount(
		framework.Put("/users/{id:int}", func(_ context.Context, in in) (memUser, error) { return in.Body, nil },
			framework.Returns(framework.DTO[memUser](framework.Name("PublicUser"), framework.Exclude("Email")))),
	))
}

func heapAfterGC() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestAppsAreFreed builds, uses and drops apps in a loop, as a suite that
// builds an app per test does: whatever an app compiled (plans, codec nodes)
// must go with it, so live memory stays flat however many apps were built.
// Not parallel: it reads the process's heap.
func TestAppsAreFreed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds hundreds of apps")
	}
	use := func() {
		a := memApp(t)
		rec := serve(t, a, http.MethodPut, "/users/7", strings.NewReader(`{"id":1,"email":"a@b.co","tags":["x"],"address":{"street":"s","zip":"12345"},"friends":[]}`), "Content-Type", "application/json")
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
	for range 50 { // warm up: pools, lazily built package state
		use()
	}
	before := heapAfterGC()
	const apps = 400
	for range apps {
		use()
	}
	after := heapAfterGC()
	grown := int64(after) - int64(before)
	t.Logf("live heap after %d apps: %+d bytes (%d per app)", apps, grown, grown/apps)
	// A few hundred bytes per app would be a leak; 128 KiB total is noise.
	const bound = 128 << 10
	if grown > bound {
		t.Errorf("live heap grew by %d bytes over %d apps built and dropped (bound %d): something outlives its app", grown, apps, bound)
	}
}
