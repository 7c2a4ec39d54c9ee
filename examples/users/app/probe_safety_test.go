package app_test

import (
	"context"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/starling-http/starling/contract"
	"github.com/starling-http/starling/examples/users/app"
	"github.com/starling-http/starling/framework"
)

// TestProbeSafety probes the users service as a CI job would, with a real
// user's token, and compares the store before and after. By default the
// probe must neither delete nor change a user that existed before; the
// users it created must be gone or listed in the report's Remaining. Here
// they all remain, and the test says so: DELETE /users/{user_id} lets a user
// delete only itself, and the probe holds another user's token, so each
// cleanup is answered 403. The destructive case proves the comparison can
// fail: with safety off the same probe deletes or changes seeded users.
func TestProbeSafety(t *testing.T) {
	tests := []struct {
		name string
		opts []contract.ProbeOption
		safe bool
	}{
		{name: "default", safe: true},
		{name: "destructive", opts: []contract.ProbeOption{contract.Destructive()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := app.NewMemoryStore()
			a := storeApp(t, store)
			token := seedUsers(t, a, 5)
			before := snapshotUsers(t, store)
			opts := append([]contract.ProbeOption{contract.Header("Authorization", "Bearer "+token), contract.Examples(10)}, tc.opts...)
			r, err := contract.RunProbe(t.Context(), contract.App(a), opts...)
			if err != nil {
				t.Fatal(err)
			}
			after := snapshotUsers(t, store)
			deleted, changed, added := compareUsers(before, after)
			t.Logf("%d seeded users: %d deleted, %d changed; the probe created %d users, %d remain (%d listed in Remaining)",
				len(before), len(deleted), len(changed), r.Created, len(added), len(r.Remaining))
			if !tc.safe {
				if len(deleted)+len(changed) == 0 {
					t.Errorf("with Destructive the probe changed no seeded user: the comparison cannot tell a safe probe from an unsafe one")
				}
				return
			}
			if len(deleted) > 0 || len(changed) > 0 {
				t.Errorf("the probe deleted users %v and changed users %v that existed before it ran", deleted, changed)
			}
			for _, f := range r.Failures {
				t.Errorf("probe failure: %s", f)
			}
			remaining := remainingUsers(t, r.Remaining)
			if !slices.Equal(added, remaining) {
				t.Errorf("users left in the store %v, the report's Remaining lists %v", added, remaining)
			}
			if len(added) != r.Created {
				t.Errorf("the probe created %d users and %d remain: only the 403 on another user's DELETE should keep them", r.Created, len(added))
			}
		})
	}
}

// storeApp is the users app over store, with a cheap hasher.
func storeApp(t *testing.T, store *app.MemoryStore) *framework.App {
	t.Helper()
	a, err := app.New(framework.WithOverrides(
		framework.Value[app.Hasher](app.Bcrypt{Cost: bcrypt.MinCost}),
		framework.Value[app.Store](store),
	))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Shutdown(context.Background()) })
	return a
}

// seedUsers signs n users up through the API and returns a token of the
// first. Its id is 1, the smallest the document allows: the id a probe
// tries first at the boundary, so an unsafe probe does reach it.
func seedUsers(t *testing.T, h http.Handler, n int) string {
	t.Helper()
	for i := range n {
		postJSON(t, h, "/users", map[string]any{"email": "seed" + strconv.Itoa(i) + "@example.com", "password": "seed-password", "name": "Seed " + strconv.Itoa(i)})
	}
	return signIn(t, h, "seed0@example.com", "seed-password")
}

// snapshotUsers reads every user in the store, by id.
func snapshotUsers(t *testing.T, store *app.MemoryStore) map[int64]app.User {
	t.Helper()
	users, _, err := store.List(context.Background(), app.ListQuery{Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]app.User{}
	for _, u := range users {
		out[u.ID] = u
	}
	return out
}

// compareUsers returns the ids deleted, changed and added between two
// snapshots, sorted.
func compareUsers(before, after map[int64]app.User) (deleted, changed, added []int64) {
	for id, u := range before {
		v, ok := after[id]
		switch {
		case !ok:
			deleted = append(deleted, id)
		case !reflect.DeepEqual(u, v):
			changed = append(changed, id)
		}
	}
	for id := range after {
		if _, ok := before[id]; !ok {
			added = append(added, id)
		}
	}
	slices.Sort(deleted)
	slices.Sort(changed)
	slices.Sort(added)
	return deleted, changed, added
}

// remainingUsers reads the user ids out of the report's Remaining
// ("/users/17: DELETE /users/{user_id} answered 403"), each of which must
// say why the probe could not delete it.
func remainingUsers(t *testing.T, remaining []string) []int64 {
	t.Helper()
	ids := map[int64]bool{}
	for _, s := range remaining {
		path, why, _ := strings.Cut(s, ": ")
		id, err := strconv.ParseInt(strings.TrimPrefix(path, "/users/"), 10, 64)
		if err != nil || !strings.HasSuffix(why, "answered 403") {
			t.Errorf("remaining %q: want /users/ID: … answered 403", s)
			continue
		}
		ids[id] = true
	}
	return slices.Sorted(maps.Keys(ids))
}
