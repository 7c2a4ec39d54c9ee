package app_test

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/starling-http/starling/examples/users/app"
)

// storeBackend opens an empty store of one kind for one test.
type storeBackend struct {
	name string
	open func(t *testing.T) app.Store
}

// storeBackends are the stores every behaviour runs against: MemoryStore,
// SQLite in a temporary directory, and PostgreSQL when DATABASE_URL is set
// (each test in a schema of its own, dropped afterwards).
func storeBackends() []storeBackend {
	return []storeBackend{
		{"memory", func(*testing.T) app.Store { return app.NewMemoryStore() }},
		{"sqlite", openSQLiteStore},
		{"postgres", openPostgresStore},
	}
}

func openSQLiteStore(t *testing.T) app.Store {
	t.Helper()
	s, err := app.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "users.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// postgresURL returns DATABASE_URL, or skips the test saying why.
func postgresURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("DATABASE_URL")
	if u == "" {
		t.Skip("DATABASE_URL unset: set it to a PostgreSQL database (postgres://user:pass@127.0.0.1:5432/db?sslmode=disable) to run the PostgreSQL store tests; .ci/run does")
	}
	return u
}

// postgresSchema creates a schema of its own for t, dropped when t ends,
// and returns DATABASE_URL with that schema as search_path.
func postgresSchema(t *testing.T) string {
	t.Helper()
	base := postgresURL(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.Close() })
	// schema is made of hex digits above: safe to name in SQL text.
	if _, err := admin.ExecContext(storeCtx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(storeCtx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	return withSearchPath(t, base, schema)
}

func withSearchPath(t *testing.T, dsn, schema string) string {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return dsn + " search_path=" + schema // a key=value DSN
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openPostgresStore(t *testing.T) app.Store {
	t.Helper()
	s, err := app.OpenPostgres(context.Background(), postgresSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// storeTests are the behaviours every Store must have.
var storeTests = []struct {
	name string
	run  func(t *testing.T, s app.Store)
}{
	{"create and get", storeTestCreateGet},
	{"get by email ignores case", storeTestGetByEmail},
	{"update", storeTestUpdate},
	{"delete", storeTestDelete},
	{"duplicate email", storeTestDuplicate},
	{"concurrent duplicate email", storeTestConcurrentDuplicate},
	{"list: filters, sort and pages", storeTestList},
	{"list: LIKE wildcards are literal", storeTestListWildcards},
	{"list: unknown sort", storeTestListBadSort},
}

func TestStores(t *testing.T) {
	for _, b := range storeBackends() {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			for _, tt := range storeTests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					tt.run(t, b.open(t))
				})
			}
		})
	}
}

var storeCtx = context.Background()

func storePtr[T any](v T) *T { return &v }

func storeCreate(t *testing.T, s app.Store, u app.User) app.User {
	t.Helper()
	if u.PasswordHash == nil {
		u.PasswordHash = []byte("hash of " + u.Email)
	}
	got, err := s.Create(storeCtx, u)
	if err != nil {
		t.Fatalf("Create(%s): %v", u.Email, err)
	}
	return got
}

func storeTestCreateGet(t *testing.T, s app.Store) {
	in := app.User{Email: "Ann@Example.COM", Name: "Ann", Age: 31, Tags: []string{"a", "b"}, Bio: storePtr("hi"), PasswordHash: []byte{0, 1, 2, 255}}
	u := storeCreate(t, s, in)
	if u.ID <= 0 || u.CreatedAt.IsZero() || u.Email != "ann@example.com" {
		t.Fatalf("Create returned %+v", u)
	}
	got, err := s.Get(storeCtx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !storeSameUser(got, u) {
		t.Fatalf("Get = %+v\nwant  %+v", got, u)
	}
	plain := storeCreate(t, s, app.User{Email: "bob@example.com", Name: "Bob"})
	got, err = s.Get(storeCtx, plain.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bio != nil || len(got.Tags) != 0 || got.ID == u.ID {
		t.Fatalf("a user without bio and tags came back as %+v", got)
	}
	if _, err := s.Get(storeCtx, 999999); !errors.Is(err, app.ErrNoUser) {
		t.Fatalf("Get(missing) = %v, want ErrNoUser", err)
	}
}

func storeTestGetByEmail(t *testing.T, s app.Store) {
	u := storeCreate(t, s, app.User{Email: "carol@example.com", Name: "Carol"})
	got, err := s.GetByEmail(storeCtx, "CAROL@example.com")
	if err != nil || got.ID != u.ID {
		t.Fatalf("GetByEmail = %+v, %v", got, err)
	}
	if _, err := s.GetByEmail(storeCtx, "nobody@example.com"); !errors.Is(err, app.ErrNoUser) {
		t.Fatalf("GetByEmail(missing) = %v, want ErrNoUser", err)
	}
}

func storeTestUpdate(t *testing.T, s app.Store) {
	u := storeCreate(t, s, app.User{Email: "dan@example.com", Name: "Dan", Age: 20, Bio: storePtr("old")})
	change := u
	change.Name, change.Age, change.Tags, change.Bio = "Daniel", 21, []string{"x"}, nil
	change.Email, change.PasswordHash = "ignored@example.com", []byte("ignored")
	if err := s.Update(storeCtx, change); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(storeCtx, u.ID)
	want := u
	want.Name, want.Age, want.Tags, want.Bio = "Daniel", 21, []string{"x"}, nil
	if !storeSameUser(got, want) {
		t.Fatalf("after Update: %+v\nwant %+v", got, want)
	}
	if err := s.Update(storeCtx, app.User{ID: 999999, Name: "x"}); !errors.Is(err, app.ErrNoUser) {
		t.Fatalf("Update(missing) = %v, want ErrNoUser", err)
	}
}

func storeTestDelete(t *testing.T, s app.Store) {
	u := storeCreate(t, s, app.User{Email: "eve@example.com", Name: "Eve"})
	if err := s.Delete(storeCtx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(storeCtx, u.ID); !errors.Is(err, app.ErrNoUser) {
		t.Fatalf("Get after Delete = %v", err)
	}
	if err := s.Delete(storeCtx, u.ID); !errors.Is(err, app.ErrNoUser) {
		t.Fatalf("second Delete = %v, want ErrNoUser", err)
	}
	// The email is free again.
	storeCreate(t, s, app.User{Email: "eve@example.com", Name: "Eve again"})
}

func storeTestDuplicate(t *testing.T, s app.Store) {
	storeCreate(t, s, app.User{Email: "fay@example.com", Name: "Fay"})
	_, err := s.Create(storeCtx, app.User{Email: "FAY@example.com", Name: "Other", PasswordHash: []byte("h")})
	var dup *app.DuplicateEmailError
	if !errors.As(err, &dup) || dup.Email != "fay@example.com" {
		t.Fatalf("Create(duplicate) = %v, want *DuplicateEmailError for fay@example.com", err)
	}
}

func storeTestConcurrentDuplicate(t *testing.T, s app.Store) {
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			email := "gil@example.com"
			if i%2 == 1 {
				email = "GIL@example.com"
			}
			_, errs[i] = s.Create(storeCtx, app.User{Email: email, Name: fmt.Sprint("Gil ", i), PasswordHash: []byte("h")})
		})
	}
	wg.Wait()
	created := 0
	for i, err := range errs {
		var dup *app.DuplicateEmailError
		switch {
		case err == nil:
			created++
		case !errors.As(err, &dup):
			t.Errorf("create %d: %v, want nil or *DuplicateEmailError", i, err)
		}
	}
	if created != 1 {
		t.Fatalf("%d of %d concurrent creates of one email succeeded, want 1", created, n)
	}
	_, total, err := s.List(storeCtx, app.ListQuery{Limit: 100})
	if err != nil || total != 1 {
		t.Fatalf("List after the race: total %d, %v", total, err)
	}
}

func storeTestList(t *testing.T, s app.Store) {
	seed := []app.User{
		{Email: "zoe@corp.example", Name: "Zoe", Age: 40},
		{Email: "adam@home.example", Name: "adam", Age: 17},
		{Email: "bea@corp.example", Name: "Bea", Age: 25},
		{Email: "cyd@home.example", Name: "Cyd", Age: 33},
		{Email: "Abe@Corp.example", Name: "Abe", Age: 25},
		{Email: "ida@other.example", Name: "Ida", Age: 60},
		{Email: "ben@corp.example", Name: "Bea", Age: 52}, // same name as bea: ties go by id
	}
	var all []app.User
	for _, u := range seed {
		all = append(all, storeCreate(t, s, u))
	}
	tests := []app.ListQuery{
		{Limit: 100},
		{Limit: 3},
		{Offset: 3, Limit: 3},
		{Offset: 6, Limit: 3},
		{Offset: 50, Limit: 3},
		{Limit: 0},
		{Limit: 100, Sort: "-id"},
		{Limit: 100, Sort: "name"},
		{Limit: 100, Sort: "-name"},
		{Limit: 100, Sort: "created_at"},
		{Limit: 100, Sort: "-created_at"},
		{Limit: 100, EmailContains: "CORP"},
		{Limit: 100, EmailContains: "home", Sort: "-name"},
		{Limit: 100, MinAge: storePtr(25)},
		{Limit: 100, MaxAge: storePtr(25)},
		{Limit: 100, MinAge: storePtr(25), MaxAge: storePtr(40), Sort: "name"},
		{Limit: 2, Offset: 1, MinAge: storePtr(18), EmailContains: ".example", Sort: "-name"},
		{Limit: 100, EmailContains: "nobody"},
		{Limit: 100, MinAge: storePtr(50), MaxAge: storePtr(20)},
	}
	for _, q := range tests {
		t.Run(fmt.Sprintf("%+v", storeDescribe(q)), func(t *testing.T) {
			got, total, err := s.List(storeCtx, q)
			if err != nil {
				t.Fatal(err)
			}
			want, wantTotal := storeReference(all, q)
			if total != wantTotal || !slices.EqualFunc(got, want, storeSameUser) {
				t.Fatalf("List: total %d, storeIDs %v\nwant total %d, storeIDs %v", total, storeIDs(got), wantTotal, storeIDs(want))
			}
		})
	}
}

func storeTestListWildcards(t *testing.T, s app.Store) {
	storeCreate(t, s, app.User{Email: "a_b@example.com", Name: "Under"})
	storeCreate(t, s, app.User{Email: "axb@example.com", Name: "Ex"})
	storeCreate(t, s, app.User{Email: "pct%1@example.com", Name: "Percent"})
	storeCreate(t, s, app.User{Email: "back\\slash@example.com", Name: "Backslash"})
	for filter, want := range map[string]int{"a_b": 1, "_": 1, "%": 1, "\\": 1, "pct%1": 1, "a%b": 0, "example": 4} {
		_, total, err := s.List(storeCtx, app.ListQuery{Limit: 10, EmailContains: filter})
		if err != nil {
			t.Fatal(err)
		}
		if total != want {
			t.Errorf("EmailContains %q: %d users, want %d", filter, total, want)
		}
	}
}

func storeTestListBadSort(t *testing.T, s app.Store) {
	if _, _, err := s.List(storeCtx, app.ListQuery{Limit: 1, Sort: "password_hash"}); err == nil {
		t.Fatal("List with an unknown sort succeeded")
	}
	if _, _, err := s.List(storeCtx, app.ListQuery{Limit: 1, Sort: "id; DROP TABLE users"}); err == nil {
		t.Fatal("List with an injected sort succeeded")
	}
}

// storeReference selects, sorts and pages users as the Store contract says.
func storeReference(all []app.User, q app.ListQuery) ([]app.User, int) {
	var out []app.User
	for _, u := range all {
		if strings.Contains(u.Email, strings.ToLower(q.EmailContains)) &&
			(q.MinAge == nil || u.Age >= *q.MinAge) && (q.MaxAge == nil || u.Age <= *q.MaxAge) {
			out = append(out, u)
		}
	}
	field, desc := strings.CutPrefix(cmp.Or(q.Sort, "id"), "-")
	slices.SortFunc(out, func(a, b app.User) int {
		var c int
		switch field {
		case "name":
			c = strings.Compare(a.Name, b.Name)
		case "created_at":
			c = a.CreatedAt.Compare(b.CreatedAt)
		default:
			c = cmp.Compare(a.ID, b.ID)
		}
		if desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.ID, b.ID))
	})
	total := len(out)
	lo := min(q.Offset, total)
	return out[lo:min(lo+q.Limit, total)], total
}

func storeDescribe(q app.ListQuery) string {
	s := fmt.Sprintf("offset=%d,limit=%d", q.Offset, q.Limit)
	if q.Sort != "" {
		s += ",sort=" + q.Sort
	}
	if q.EmailContains != "" {
		s += ",email=" + q.EmailContains
	}
	if q.MinAge != nil {
		s += fmt.Sprint(",min_age=", *q.MinAge)
	}
	if q.MaxAge != nil {
		s += fmt.Sprint(",max_age=", *q.MaxAge)
	}
	return s
}

func storeIDs(us []app.User) []int64 {
	out := make([]int64, len(us))
	for i, u := range us {
		out[i] = u.ID
	}
	return out
}

func storeSameUser(a, b app.User) bool {
	return a.ID == b.ID && a.Email == b.Email && a.Name == b.Name && a.Age == b.Age &&
		slices.Equal(a.Tags, b.Tags) && (a.Bio == nil) == (b.Bio == nil) && (a.Bio == nil || *a.Bio == *b.Bio) &&
		string(a.PasswordHash) == string(b.PasswordHash) && a.CreatedAt.Equal(b.CreatedAt)
}

func TestSQLiteMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.db")
	for i := range 2 { // the second open finds the schema up to date
		s, err := app.OpenSQLite(storeCtx, path)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.DB().QueryRowContext(storeCtx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != 1 {
			t.Fatalf("schema_migrations has %d rows (%v), want 1", n, err)
		}
		storeCreate(t, s, app.User{Email: fmt.Sprintf("u%d@example.com", i), Name: "U"})
		_ = s.Close()
	}
	s, err := app.OpenSQLite(storeCtx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, total, _ := s.List(storeCtx, app.ListQuery{Limit: 10}); total != 2 {
		t.Fatalf("after reopening: %d users, want 2", total)
	}
	if _, err := s.DB().ExecContext(storeCtx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', '')"); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	if _, err := app.OpenSQLite(storeCtx, path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("opening a database with a newer schema: %v", err)
	}
}

// TestPostgresMigrationsAreIdempotent starts three instances at once on a
// fresh schema, then once more: each migration is applied once.
func TestPostgresMigrationsAreIdempotent(t *testing.T) {
	dsn := postgresSchema(t)
	open := func() error {
		s, err := app.OpenPostgres(storeCtx, dsn)
		if err != nil {
			return err
		}
		defer s.Close()
		var n int
		if err := s.DB().QueryRowContext(storeCtx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != 1 {
			return fmt.Errorf("schema_migrations has %d rows (%v), want 1", n, err)
		}
		return nil
	}
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = open() })
	}
	wg.Wait()
	if err := errors.Join(append(errs, open())...); err != nil {
		t.Fatal(err)
	}
}

func TestSQLiteInMemory(t *testing.T) {
	s, err := app.OpenSQLite(storeCtx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storeTestConcurrentDuplicate(t, s)
}

// TestConcurrentSignUps races 20 sign-ups of one email through the whole
// app on each store: exactly one 201, the others 409 problems.
func TestConcurrentSignUps(t *testing.T) {
	configs := []struct {
		name string
		cfg  func(t *testing.T) app.StoreConfig
	}{
		{"memory", func(*testing.T) app.StoreConfig { return app.StoreConfig{Memory: true} }},
		{"sqlite", func(t *testing.T) app.StoreConfig { return app.StoreConfig{DataDir: t.TempDir()} }},
		{"postgres", func(t *testing.T) app.StoreConfig { return app.StoreConfig{DatabaseURL: postgresSchema(t)} }},
	}
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fc := newFlowClient(t, app.Config{Store: c.cfg(t)})
			const n = 20
			codes := make([]int, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					w := fc.do("POST", "/users", "", map[string]any{
						"email": "race@example.com", "password": "correct horse", "name": fmt.Sprint("Racer ", i),
					})
					codes[i] = w.Code
				})
			}
			wg.Wait()
			count := map[int]int{}
			for _, code := range codes {
				count[code]++
			}
			if count[201] != 1 || count[409] != n-1 {
				t.Fatalf("statuses %v, want one 201 and %d 409", count, n-1)
			}
		})
	}
}
