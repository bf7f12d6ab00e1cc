package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFS embed.FS

type migration struct {
	Version int
	Name    string
	SQL     string
}

// migrations returns the engine's numbered .sql files in order.
func (db *DB) migrations() ([]migration, error) {
	dir := "migrations/" + db.Engine
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", name)
		}
		body, err := migrationFS.ReadFile(dir + "/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("two migrations numbered %d", out[i].Version)
		}
	}
	return out, nil
}

// Migrate applies every migration not yet applied, each in its own transaction
// together with its record in schema_migrations, and returns how many it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	if db.Engine == Postgres {
		// Two processes starting at once must not both apply a migration.
		if _, err := db.write.ExecContext(ctx, `SELECT pg_advisory_lock(727001)`); err != nil {
			return 0, err
		}
		defer db.write.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(727001)`)
	}
	all, err := db.migrations()
	if err != nil {
		return 0, err
	}
	// Apply every migration without a record, not only those above the
	// highest: two branches may each add one, and neither may be skipped.
	done := map[int]bool{}
	rows, err := db.write.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return 0, err
		}
		done[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	applied := 0
	for _, m := range all {
		if done[m.Version] {
			continue
		}
		tx, err := db.write.BeginTx(ctx, nil)
		if err != nil {
			return applied, err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		applied++
	}
	return applied, nil
}

// SchemaVersion returns the highest applied migration, 0 for none.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v *int64
	err := db.write.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") || strings.Contains(err.Error(), "does not exist") {
			return 0, nil
		}
		return 0, err
	}
	if v == nil {
		return 0, nil
	}
	return int(*v), nil
}

// LatestVersion is the version the embedded migrations lead to.
func (db *DB) LatestVersion() int {
	all, err := db.migrations()
	if err != nil || len(all) == 0 {
		return 0
	}
	return all[len(all)-1].Version
}
