package app

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

// migrations holds the schema's versioned migrations, one folder per
// dialect: NNNN_name.sql, applied in order of NNNN, each once.
//
//go:embed migrations
var migrations embed.FS

// migration is one versioned schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads and orders a dialect's migrations.
func loadMigrations(d *dialect) ([]migration, error) {
	dir := path.Join("migrations", d.name)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries { // ReadDir sorts by name: 0001_ before 0002_
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s/%s: want NNNN_name.sql", dir, e.Name())
		}
		if len(out) > 0 && out[len(out)-1].version >= v {
			return nil, fmt.Errorf("migration %s/%s: version %d repeats or goes back", dir, e.Name(), v)
		}
		body, err := fs.ReadFile(migrations, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(body)})
	}
	return out, nil
}

// migrate brings the schema up to date: it applies, in order, each
// migration that schema_migrations does not list, each in its own
// transaction together with its row there. Running it again changes
// nothing; two instances starting at once apply each migration once (under
// the dialect's lock, or SQLite's immediate transactions). A database
// whose schema is newer than this program is refused.
func migrate(ctx context.Context, db *sql.DB, d *dialect) error {
	ms, err := loadMigrations(d)
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx) // one session, for the session-level lock
	if err != nil {
		return err
	}
	defer conn.Close()
	if d.lock != "" {
		if _, err := conn.ExecContext(ctx, d.lock); err != nil {
			return fmt.Errorf("locking for migrations: %w", err)
		}
		defer func() { _, _ = conn.ExecContext(context.WithoutCancel(ctx), d.unlock) }()
	}
	if _, err := conn.ExecContext(ctx, d.migrationsTable); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	var newest sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&newest); err != nil {
		return fmt.Errorf("reading schema_migrations: %w", err)
	}
	if known := ms[len(ms)-1].version; newest.Int64 > int64(known) {
		return fmt.Errorf("the database's schema is at version %d, newer than this program's %d", newest.Int64, known)
	}
	for _, m := range ms {
		if err := apply(ctx, conn, d, m); err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
		}
	}
	return nil
}

func apply(ctx context.Context, conn *sql.Conn, d *dialect, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	var n int
	q := "SELECT COUNT(*) FROM schema_migrations WHERE version = " + d.placeholder(1)
	if err := tx.QueryRowContext(ctx, q, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil // applied already
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	q = fmt.Sprintf("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
		d.placeholder(1), d.placeholder(2), d.placeholder(3))
	if _, err := tx.ExecContext(ctx, q, m.version, m.name, d.timeArg(time.Now())); err != nil {
		return err
	}
	return tx.Commit()
}
