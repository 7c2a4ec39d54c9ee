package fakes_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/starling-http/starling/fakes"
)

func TestStoreCRUD(t *testing.T) {
	ctx := context.Background()
	s := fakes.NewStore[int64, Signup]()
	a, b := fakes.Make[Signup](t), fakes.Make[Signup](t)
	for _, step := range []struct {
		name string
		err  error
		want error
	}{
		{"create a", s.Create(ctx, 1, a), nil},
		{"create b", s.Create(ctx, 2, b), nil},
		{"create a again", s.Create(ctx, 1, a), fakes.ErrExists},
		{"update missing", s.Update(ctx, 9, a), fakes.ErrNotFound},
		{"update b", s.Update(ctx, 2, a), nil},
		{"delete a", s.Delete(ctx, 1), nil},
		{"delete a again", s.Delete(ctx, 1), fakes.ErrNotFound},
	} {
		if !errors.Is(step.err, step.want) || (step.want == nil) != (step.err == nil) {
			t.Errorf("%s: %v, want %v", step.name, step.err, step.want)
		}
	}
	if got, err := s.Get(ctx, 2); err != nil || got != a {
		t.Errorf("Get(2) = %+v, %v", got, err)
	}
	if _, err := s.Get(ctx, 1); !errors.Is(err, fakes.ErrNotFound) {
		t.Errorf("Get(1) = %v", err)
	}
	s.Put(3, b)
	page, total, err := s.List(ctx, 1, 5)
	if err != nil || total != 2 || len(page) != 1 || page[0] != b {
		t.Errorf("List(1, 5) = %+v, %d, %v", page, total, err)
	}
	if s.Len() != 2 || len(s.All()) != 2 || s.Snapshot()[3] != b {
		t.Errorf("Len %d, All %v, Snapshot %v", s.Len(), s.All(), s.Snapshot())
	}
	if u, ok := s.Find(func(u Signup) bool { return u.Email == b.Email }); !ok || u != b {
		t.Errorf("Find = %+v, %v", u, ok)
	}
	calls := s.Calls()
	if len(calls) != 10 || calls[2].Op != fakes.OpCreate || !errors.Is(calls[2].Err, fakes.ErrExists) {
		t.Errorf("Calls = %+v", calls)
	}
}

func TestStoreFailures(t *testing.T) {
	ctx := context.Background()
	s := fakes.NewStore[string, int]()
	boom, down := errors.New("boom"), errors.New("down")
	s.FailNext(boom)
	if err := s.Create(ctx, "a", 1); !errors.Is(err, boom) {
		t.Errorf("FailNext: %v", err)
	}
	if err := s.Create(ctx, "a", 1); err != nil {
		t.Errorf("FailNext fails once: %v", err)
	}
	s.FailOn(fakes.OpGet, down)
	for range 2 {
		if _, err := s.Get(ctx, "a"); !errors.Is(err, down) {
			t.Errorf("FailOn(get): %v", err)
		}
	}
	if err := s.Update(ctx, "a", 2); err != nil {
		t.Errorf("FailOn(get) fails update: %v", err)
	}
	s.FailOn(fakes.OpGet, nil)
	if v, err := s.Get(ctx, "a"); err != nil || v != 2 {
		t.Errorf("after FailOn(get, nil): %v, %v", v, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := s.List(cancelled, 0, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled context: %v", err)
	}
}

func TestProvidersAreSafeInParallel(t *testing.T) {
	ctx := context.Background()
	s := fakes.NewStore[int64, int]()
	ids := fakes.NewSequence[int64](1)
	clock := fakes.NewClock(time.Time{})
	uuids := fakes.UUIDsFor(t)
	var wg sync.WaitGroup
	seen := sync.Map{}
	for range 8 {
		wg.Go(func() {
			for range 50 {
				id := ids.Next()
				_ = s.Create(ctx, id, int(id))
				clock.Advance(time.Second)
				if _, dup := seen.LoadOrStore(uuids.Next(), true); dup {
					t.Error("a UUID twice")
				}
			}
		})
	}
	wg.Wait()
	if s.Len() != 400 || ids.Peek() != 401 || clock.Since(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) != 400*time.Second {
		t.Errorf("len %d, next id %d, clock %s", s.Len(), ids.Peek(), clock.Now())
	}
}

func TestClock(t *testing.T) {
	start := time.Date(2030, 5, 1, 12, 0, 0, 0, time.UTC)
	c := fakes.NewClock(start)
	if !c.Now().Equal(start) {
		t.Errorf("Now = %s", c.Now())
	}
	if got := c.Advance(90 * time.Minute); !got.Equal(start.Add(90 * time.Minute)) {
		t.Errorf("Advance = %s", got)
	}
	c.Set(start)
	if c.Since(start) != 0 {
		t.Errorf("Set: %s", c.Now())
	}
}

func TestUUIDsAreReproducible(t *testing.T) {
	a, b := fakes.NewUUIDs(7), fakes.NewUUIDs(7)
	for range 5 {
		x, y := a.Next(), b.Next()
		if x != y || len(x) != 36 || x[14] != '4' {
			t.Errorf("%s / %s", x, y)
		}
	}
	if fakes.NewUUIDs(8).Next() == fakes.NewUUIDs(7).Next() {
		t.Error("two seeds, one UUID")
	}
}
