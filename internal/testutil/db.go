// Package testutil opens real test databases of either engine, builds fixtures
// and fixes the clock, for the tests of every other package.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// Epoch is the fixed "now" tests start from: a Monday morning in term time.
var Epoch = time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)

// Clock returns a fixed clock at Epoch.
func Clock() *tandem.FixedClock { return tandem.NewFixedClock(Epoch) }

// Engines runs fn once per database engine as a subtest: always SQLite, and
// PostgreSQL whenever TANDEM_TEST_POSTGRES_URL is set. With
// TANDEM_REQUIRE_POSTGRES=1 a missing URL fails the test instead of skipping.
func Engines(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run(store.SQLite, func(t *testing.T) { fn(t, OpenSQLite(t)) })
	t.Run(store.Postgres, func(t *testing.T) { fn(t, OpenPostgres(t)) })
}

// OpenSQLite opens a migrated SQLite database in a temporary folder.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// PostgresURL returns the test server's URL, skipping (or failing, when
// PostgreSQL is required) when none is configured.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("TANDEM_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("TANDEM_REQUIRE_POSTGRES") == "1" {
			t.Fatal("TANDEM_REQUIRE_POSTGRES=1 but TANDEM_TEST_POSTGRES_URL is not set")
		}
		t.Skip("PostgreSQL tests skipped: set TANDEM_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run them")
	}
	return u
}

// TestRole is the ordinary PostgreSQL role the tests connect as. It owns
// each test's schema and tables, so row-level security (which exempts only
// superusers) applies to every PostgreSQL test, FORCEd on the owner as in
// production.
const TestRole = "tandem_test"

// OpenPostgres creates a fresh schema on the test server owned by TestRole,
// opens a database as TestRole whose connections use it, migrates it, and
// drops the schema afterwards, so tests never see each other's rows.
//
// Statements with a bare context run as system work there
// (store.DB.UnmarkedIsSystem): fixtures write through the services without
// a request; requests through the web and API are marked with their
// person's organisation, or as signed out, and see only that.
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	base := PostgresURL(t)
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	// Tests in parallel may create the role at once: either wins.
	if _, err := admin.ExecContext(ctx, `DO $$ BEGIN CREATE ROLE `+TestRole+` LOGIN NOSUPERUSER NOBYPASSRLS;
		EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`); err != nil {
		t.Fatalf("PostgreSQL at %s: creating the role %s: %v", base, TestRole, err)
	}
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema+` AUTHORIZATION `+TestRole); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", base, err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	u.User = url.User(TestRole)
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	db.UnmarkedIsSystem()
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}
