package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem"
)

// queryer is what *sql.DB and *sql.Tx have in common.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store reads and writes Tandem's data. The same methods work inside a
// transaction (see InTx), so a service composes them without caring which.
type Store struct {
	db *DB
	r  queryer // reads
	w  queryer // writes
	tx bool
	// Inside InTx: the transaction and the connection it was begun on, so a
	// job queue can insert into the same transaction (see Tx).
	conn  *sql.Conn
	sqlTx *sql.Tx
}

// Tx returns the transaction a Store inside InTx writes through and the
// dedicated connection it was begun on (nil, nil outside a transaction):
// what a job queue needs to enqueue work that commits or rolls back with it.
func (s *Store) Tx() (*sql.Conn, *sql.Tx) { return s.conn, s.sqlTx }

// New returns a Store over db.
func New(db *DB) *Store { return &Store{db: db, r: textArgs{db.read}, w: textArgs{db.write}} }

// textArgs hands both engines text they can store. PostgreSQL refuses a NUL
// character and bytes that are not UTF-8, so a form or a search holding them
// failed with an internal error there and was saved as typed on SQLite; now
// every string argument is valid UTF-8 without NUL, on both engines alike.
type textArgs struct{ q queryer }

func (t textArgs) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.q.ExecContext(ctx, query, cleanArgs(args)...)
}

func (t textArgs) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.q.QueryContext(ctx, query, cleanArgs(args)...)
}

func (t textArgs) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.q.QueryRowContext(ctx, query, cleanArgs(args)...)
}

func cleanArgs(args []any) []any {
	var out []any
	for i, a := range args {
		if s, ok := a.(string); ok && (strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s)) {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
		}
	}
	if out == nil {
		return args
	}
	return out
}

// DB returns the underlying database.
func (s *Store) DB() *DB { return s.db }

// InTx runs fn in one transaction: everything fn writes lands together, or,
// if fn returns an error or panics, nothing does. Nested calls join the outer one.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) (err error) {
	if s.tx {
		return fn(s)
	}
	// Begun on a connection of its own, which River's PostgreSQL driver
	// needs to take part in the transaction (it speaks pgx, not database/sql).
	conn, err := s.db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	if err = fn(&Store{db: s.db, r: textArgs{sqlTx}, w: textArgs{sqlTx}, tx: true, conn: conn, sqlTx: sqlTx}); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// notFound turns sql.ErrNoRows into a domain not-found error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return tandem.Errorf(tandem.ENotFound, "%s not found.", what)
	}
	return err
}

// isUniqueViolation reports whether err is a unique-constraint failure on either engine.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own plain types go in here
	}
	return string(b)
}

func fromJSON(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

// utc normalises a time for storage so text comparisons in SQLite order correctly.
func utc(t time.Time) time.Time { return t.UTC() }

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func timePtr(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time.UTC()
	return &t
}

// collect returns a function that scans every row with scan and closes the
// rows. Called as collect(scanUser)(s.r.QueryContext(...)), it turns the usual
// query-loop-scan-append into one line for each list method.
func collect[T any](scan func(interface{ Scan(...any) error }) (*T, error)) func(*sql.Rows, error) ([]T, error) {
	return func(rows *sql.Rows, err error) ([]T, error) {
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []T
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, *v)
		}
		return out, rows.Err()
	}
}

// idSet reads a one-column result of ids into a set.
func idSet(rows *sql.Rows, err error) (map[int64]bool, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
