package app

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// SQLStore is a Store in an SQL database: SQLite or PostgreSQL, through
// database/sql. Every value reaches the database as a parameter; the only
// SQL chosen at request time is the ORDER BY, from a fixed map.
type SQLStore struct {
	db  *sql.DB
	d   *dialect
	now func() time.Time
}

// userColumns are the columns scanUser reads, in its order.
const userColumns = "id, email, name, age, tags, bio, password_hash, created_at"

// DB returns the store's database handle.
func (s *SQLStore) DB() *sql.DB { return s.db }

// Ping checks that the database answers; the readiness check calls it.
func (s *SQLStore) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Close closes the database.
func (s *SQLStore) Close() error { return s.db.Close() }

// Create stores u with a new id; the database's UNIQUE constraint on the
// lowercased email turns a second user with the email, even a concurrent
// one, into a *DuplicateEmailError.
func (s *SQLStore) Create(ctx context.Context, u User) (User, error) {
	u.Email = strings.ToLower(u.Email)
	u.CreatedAt = s.now().UTC().Truncate(time.Millisecond)
	tags, err := encodeTags(u.Tags)
	if err != nil {
		return User{}, err
	}
	q := s.query()
	q.sql("INSERT INTO users (email, name, age, tags, bio, password_hash, created_at) VALUES (")
	q.sql(q.join(u.Email, u.Name, u.Age, tags, u.Bio, u.PasswordHash, s.d.timeArg(u.CreatedAt)))
	q.sql(") RETURNING id")
	if err := s.db.QueryRowContext(ctx, q.String(), q.args...).Scan(&u.ID); err != nil {
		if s.d.isDuplicateEmail(err) {
			return User{}, &DuplicateEmailError{Email: u.Email}
		}
		return User{}, s.fail("creating a user", err)
	}
	return u, nil
}

// Get returns the user with id, or ErrNoUser.
func (s *SQLStore) Get(ctx context.Context, id int64) (User, error) {
	q := s.query()
	q.sql("SELECT " + userColumns + " FROM users WHERE id = " + q.arg(id))
	return s.one(ctx, q)
}

// GetByEmail returns the user with email, or ErrNoUser.
func (s *SQLStore) GetByEmail(ctx context.Context, email string) (User, error) {
	q := s.query()
	q.sql("SELECT " + userColumns + " FROM users WHERE email = " + q.arg(strings.ToLower(email)))
	return s.one(ctx, q)
}

func (s *SQLStore) one(ctx context.Context, q *query) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, q.String(), q.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNoUser
	}
	if err != nil {
		return User{}, s.fail("reading a user", err)
	}
	return u, nil
}

// Update replaces the name, age, tags and bio of the user with u.ID.
func (s *SQLStore) Update(ctx context.Context, u User) error {
	tags, err := encodeTags(u.Tags)
	if err != nil {
		return err
	}
	q := s.query()
	q.sql("UPDATE users SET name = " + q.arg(u.Name) + ", age = " + q.arg(u.Age))
	q.sql(", tags = " + q.arg(tags) + ", bio = " + q.arg(u.Bio))
	q.sql(" WHERE id = " + q.arg(u.ID))
	return s.affectOne(ctx, q)
}

// Delete removes the user with id.
func (s *SQLStore) Delete(ctx context.Context, id int64) error {
	q := s.query()
	q.sql("DELETE FROM users WHERE id = " + q.arg(id))
	return s.affectOne(ctx, q)
}

func (s *SQLStore) affectOne(ctx context.Context, q *query) error {
	res, err := s.db.ExecContext(ctx, q.String(), q.args...)
	if err != nil {
		return s.fail("writing a user", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s.fail("writing a user", err)
	}
	if n == 0 {
		return ErrNoUser
	}
	return nil
}

// List returns a page of the users q selects and how many it selects.
func (s *SQLStore) List(ctx context.Context, lq ListQuery) ([]User, int, error) {
	if _, _, err := lq.sortKey(); err != nil {
		return nil, 0, err
	}
	order := s.d.orderBy[cmp.Or(lq.Sort, "id")]
	q := s.query()
	q.sql(" FROM users WHERE 1 = 1")
	if lq.EmailContains != "" {
		q.sql(" AND email LIKE " + q.arg("%"+escapeLike(strings.ToLower(lq.EmailContains))+"%") + ` ESCAPE '\'`)
	}
	if lq.MinAge != nil {
		q.sql(" AND age >= " + q.arg(*lq.MinAge))
	}
	if lq.MaxAge != nil {
		q.sql(" AND age <= " + q.arg(*lq.MaxAge))
	}
	where, args := q.String(), q.args
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*)"+where, args...).Scan(&total); err != nil {
		return nil, 0, s.fail("counting users", err)
	}
	q.sql(" ORDER BY " + order)
	q.sql(" LIMIT " + q.arg(max(lq.Limit, 0)) + " OFFSET " + q.arg(max(lq.Offset, 0)))
	rows, err := s.db.QueryContext(ctx, "SELECT "+userColumns+q.String(), q.args...)
	if err != nil {
		return nil, 0, s.fail("listing users", err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, s.fail("listing users", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.fail("listing users", err)
	}
	return out, total, nil
}

// fail wraps an error of the database with what the store was doing, and
// with ErrUnavailable when it says the database cannot be reached or used
// now rather than that the statement failed.
func (s *SQLStore) fail(what string, err error) error {
	if s.unavailable(err) {
		return fmt.Errorf("%s: %w: %w", what, ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// unavailable reports whether err says the database is out of reach: a
// connection refused, lost or timed out, a handle already closed, or the
// dialect's own codes for such states. A cancelled request (the client went
// away) is not.
func (s *SQLStore) unavailable(err error) bool {
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, errDBClosed) || errors.Is(err, context.DeadlineExceeded) ||
		errors.As(err, &ne) || s.d.isUnavailable(err)
}

// errDBClosed is database/sql's "sql: database is closed", which it does
// not export; it is taken from a handle closed on purpose so that errors.Is
// finds it however it is wrapped.
var errDBClosed = func() error {
	db := sql.OpenDB(noConnector{})
	_ = db.Close()
	return db.Ping()
}()

// noConnector connects nowhere; errDBClosed's handle never uses it.
type noConnector struct{}

func (noConnector) Connect(context.Context) (driver.Conn, error) { return nil, driver.ErrBadConn }
func (noConnector) Driver() driver.Driver                        { return nil }

// escapeLike escapes LIKE's wildcards, with backslash as the escape.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func encodeTags(tags []string) (string, error) {
	if tags == nil {
		tags = []string{}
	}
	b, err := json.Marshal(tags)
	return string(b), err
}

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var tags string
	var bio sql.NullString
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Age, textColumn{&tags}, &bio, &u.PasswordHash, timeColumn{&u.CreatedAt})
	if err != nil {
		return User{}, err
	}
	if err := json.Unmarshal([]byte(tags), &u.Tags); err != nil {
		return User{}, fmt.Errorf("user %d: tags: %w", u.ID, err)
	}
	if len(u.Tags) == 0 {
		u.Tags = nil
	}
	if bio.Valid {
		u.Bio = &bio.String
	}
	return u, nil
}

// query builds one statement: fixed SQL text, and each value as a
// placeholder of the dialect with the value in args.
type query struct {
	d    *dialect
	text strings.Builder
	args []any
}

func (s *SQLStore) query() *query { return &query{d: s.d} }

func (q *query) sql(s string) { q.text.WriteString(s) }

// arg adds v as the next parameter and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return q.d.placeholder(len(q.args))
}

// join adds each value as a parameter and returns their placeholders,
// comma-separated.
func (q *query) join(vs ...any) string {
	ps := make([]string, len(vs))
	for i, v := range vs {
		ps[i] = q.arg(v)
	}
	return strings.Join(ps, ", ")
}

func (q *query) String() string { return q.text.String() }
