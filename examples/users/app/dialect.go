package app

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is what differs between the SQL databases SQLStore runs on.
type dialect struct {
	// name is "sqlite" or "postgres", also the migrations' folder.
	name string
	// driver is the database/sql driver name.
	driver string
	// placeholder is the n-th (1-based) parameter's placeholder.
	placeholder func(n int) string
	// orderBy maps each of SortKeys to its fixed ORDER BY clause: the only
	// way a sort reaches the SQL text.
	orderBy map[string]string
	// migrationsTable creates the table of applied migrations.
	migrationsTable string
	// lock and unlock, when set, bracket the migrations in one session, so
	// that two instances starting at once apply each migration once.
	lock, unlock string
	// timeArg is how a time is written.
	timeArg func(time.Time) any
	// isDuplicateEmail reports whether err is the email's UNIQUE violation.
	isDuplicateEmail func(error) bool
	// isUnavailable reports whether err, by the driver's own codes, says
	// that the database cannot be reached or used now; SQLStore checks the
	// errors every driver shares first.
	isUnavailable func(error) bool
}

// sqliteTime is the fixed-width UTC text SQLite keeps times as.
const sqliteTime = "2006-01-02T15:04:05.000Z"

var sqliteDialect = &dialect{
	name:        "sqlite",
	driver:      "sqlite",
	placeholder: func(int) string { return "?" },
	orderBy: map[string]string{
		"id": "id", "-id": "id DESC",
		"created_at": "created_at, id", "-created_at": "created_at DESC, id",
		"name": "name, id", "-name": "name DESC, id",
	},
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`,
	timeArg: func(t time.Time) any { return t.UTC().Format(sqliteTime) },
	isDuplicateEmail: func(err error) bool {
		var e *sqlite.Error
		return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
	},
	isUnavailable: func(err error) bool {
		var e *sqlite.Error
		if !errors.As(err, &e) {
			return false
		}
		switch e.Code() & 0xff { // the primary code of an extended one
		case sqlite3.SQLITE_CANTOPEN, // the file or its directory is gone or unreadable
			sqlite3.SQLITE_IOERR,    // the disk failed under it
			sqlite3.SQLITE_FULL,     // no space left
			sqlite3.SQLITE_READONLY, // the file cannot be written
			sqlite3.SQLITE_BUSY,     // locked past busy_timeout
			sqlite3.SQLITE_LOCKED:
			return true
		}
		return false
	},
}

var postgresDialect = &dialect{
	name:        "postgres",
	driver:      "pgx",
	placeholder: func(n int) string { return "$" + strconv.Itoa(n) },
	orderBy: map[string]string{
		"id": "id", "-id": "id DESC",
		"created_at": "created_at, id", "-created_at": "created_at DESC, id",
		// Byte order, as SQLite and MemoryStore sort, whatever the
		// database's collation.
		"name": `name COLLATE "C", id`, "-name": `name COLLATE "C" DESC, id`,
	},
	migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL)`,
	// The key is arbitrary and fixed; it locks per database, whatever the schema.
	lock:    "SELECT pg_advisory_lock(7305183049)",
	unlock:  "SELECT pg_advisory_unlock(7305183049)",
	timeArg: func(t time.Time) any { return t.UTC() },
	isDuplicateEmail: func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == "23505" && e.ConstraintName == "users_email_key"
	},
	isUnavailable: func(err error) bool {
		var ce *pgconn.ConnectError
		if errors.As(err, &ce) || pgconn.Timeout(err) ||
			errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) { // the server hung up
			return true
		}
		var e *pgconn.PgError
		if !errors.As(err, &e) {
			return false
		}
		// Class 08 is a connection exception, class 53 insufficient
		// resources (too many connections, disk full); 57P01-03 are an
		// admin or crash shutdown and "cannot connect now".
		switch {
		case strings.HasPrefix(e.Code, "08"), strings.HasPrefix(e.Code, "53"),
			e.Code == "57P01", e.Code == "57P02", e.Code == "57P03":
			return true
		}
		return false
	},
}

// timeColumn scans a time written by either dialect.
type timeColumn struct{ t *time.Time }

func (c timeColumn) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*c.t = v.UTC()
		return nil
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	}
	return fmt.Errorf("cannot scan %T into a time", src)
}

func (c timeColumn) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	*c.t = t.UTC()
	return nil
}

// textColumn scans text that a driver may hand over as string or bytes
// (Postgres' jsonb, for one).
type textColumn struct{ s *string }

func (c textColumn) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return fmt.Errorf("cannot scan %T into text", src)
	}
	return nil
}

var (
	_ sql.Scanner = timeColumn{}
	_ sql.Scanner = textColumn{}
)
