package app

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// StoreConfig says where users are kept. The first that applies wins:
// Memory, then DatabaseURL (PostgreSQL), then DataDir (SQLite); the zero
// config keeps them in memory.
type StoreConfig struct {
	// Memory keeps users in a MemoryStore, lost at exit.
	Memory bool
	// DatabaseURL selects PostgreSQL, as postgres://user:pass@host:port/db?sslmode=...
	DatabaseURL string
	// DataDir holds the SQLite database, users.db; it is created when missing.
	DataDir string
}

// String says which store the config selects, without the password.
func (c StoreConfig) String() string {
	switch {
	case c.Memory:
		return "memory"
	case c.DatabaseURL != "":
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" {
			return "postgres" // a key=value DSN: say nothing of it
		}
		return "postgres " + u.Redacted()
	case c.DataDir != "":
		return "sqlite " + filepath.Join(c.DataDir, sqliteFile)
	}
	return "memory"
}

// sqliteFile is the SQLite database's name in DataDir.
const sqliteFile = "users.db"

// OpenStore is the store's provider: it opens the store cfg selects,
// migrates its schema, and closes it when the app shuts down.
func OpenStore(ctx context.Context, cfg StoreConfig) (Store, func(), error) {
	switch {
	case cfg.Memory || cfg.DatabaseURL == "" && cfg.DataDir == "":
		return NewMemoryStore(), nil, nil
	case cfg.DatabaseURL != "":
		s, err := OpenPostgres(ctx, cfg.DatabaseURL)
		if err != nil {
			return nil, nil, err
		}
		return s, func() { _ = s.Close() }, nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, nil, fmt.Errorf("the data directory: %w", err)
	}
	s, err := OpenSQLite(ctx, filepath.Join(cfg.DataDir, sqliteFile))
	if err != nil {
		return nil, nil, err
	}
	return s, func() { _ = s.Close() }, nil
}

// OpenSQLite opens (creating it if needed) the SQLite database at path, or
// a private in-memory one for ":memory:", and migrates it. Writers wait
// for each other (busy_timeout) instead of failing, and the journal is WAL
// so that readers do not wait for writers.
func OpenSQLite(ctx context.Context, path string) (*SQLStore, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	if path == ":memory:" {
		dsn = ":memory:?_txlock=immediate"
	}
	db, err := sql.Open(sqliteDialect.driver, dsn)
	if err != nil {
		return nil, err
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1) // each connection would be a database of its own
	}
	return openSQL(ctx, db, sqliteDialect, "sqlite "+path)
}

// OpenPostgres connects to the PostgreSQL database at url
// (postgres://user:pass@host:port/db?sslmode=...; any other parameter, such
// as search_path, is set on each connection) and migrates it.
func OpenPostgres(ctx context.Context, url string) (*SQLStore, error) {
	db, err := sql.Open(postgresDialect.driver, url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return openSQL(ctx, db, postgresDialect, "postgres")
}

func openSQL(ctx context.Context, db *sql.DB, d *dialect, what string) (*SQLStore, error) {
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := migrate(ctx, db, d); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return &SQLStore{db: db, d: d, now: time.Now}, nil
}
