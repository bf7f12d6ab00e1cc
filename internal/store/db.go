// Package store keeps Tandem's data in SQLite or PostgreSQL through
// database/sql, with the same portable SQL on both engines. It knows no rules:
// authorization and business logic live in internal/app.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver
	_ "modernc.org/sqlite"           // registers the "sqlite" driver (pure Go, no cgo)
)

// Engines.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is an open database. SQLite gets two pools: one connection for writes
// (SQLite allows one writer; queuing in Go beats busy-waiting in SQLite) and
// several for reads, which WAL lets run beside the writer. PostgreSQL uses one
// pool for both.
type DB struct {
	Engine string
	dsn    string
	read   *sql.DB
	write  *sql.DB
	rls    *rlsConnector // PostgreSQL: follows each statement's organisation (rls.go)
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL, or a
// path to an SQLite file (created with its folder if absent). It pings the
// database so an unreachable server fails here, with a one-line reason.
func Open(ctx context.Context, dsn string) (db *DB, err error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err = openPostgres(ctx, dsn)
	} else {
		db, err = openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite://"))
	}
	if db != nil {
		db.dsn = dsn
	}
	return db, err
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: cannot read the database URL %s", redact(dsn))
	}
	// Each connection follows its statements' organisation (rls.go).
	rls := newRLSConnector(stdlib.GetConnector(*cfg))
	db := sql.OpenDB(rls)
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s: %s", redact(dsn), oneLine(err))
	}
	return &DB{Engine: Postgres, read: db, write: db, rls: rls}, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("cannot create the data folder: %w", err)
		}
	}
	// synchronous(FULL): a write we acknowledged survives a crash or power cut.
	base := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_time_format=sqlite"
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("cannot open SQLite database %s: %s", path, oneLine(err))
	}
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	read.SetMaxOpenConns(4)
	return &DB{Engine: SQLite, read: read, write: write}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Writer returns the pool writes go through: SQLite's single writer
// connection, or PostgreSQL's one pool. It is for the job queue (internal/jobs),
// which keeps its rows in the same database and must queue behind the same
// writer on SQLite; everything else goes through Store.
func (db *DB) Writer() *sql.DB { return db.write }

// DSN returns what the database was opened with, so the job queue can open
// its own PostgreSQL pool to the same database and schema.
func (db *DB) DSN() string { return db.dsn }

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// redact hides a password in a database URL before it reaches a message or log.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable URL)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	return u.String()
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
