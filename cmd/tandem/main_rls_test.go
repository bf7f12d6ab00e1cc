package main

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestCommandsAreSystemWorkBehindRowLevelSecurity: on PostgreSQL, connected
// as an ordinary role that owns the tables (testutil.TestRole), the
// operator's commands open the database as `tandem serve` does and still
// write and read every organisation's content: they run as system work
// (store/rls.go). The demo writes agreements, meetings, notes, goals,
// reviews, feedback and characteristics; retention reads and purges them.
func TestCommandsAreSystemWorkBehindRowLevelSecurity(t *testing.T) {
	db := testutil.OpenPostgres(t)
	env := map[string]string{"TANDEM_DATABASE_URL": db.DSN()}
	if out, _, err := runCmd(t, env, "", "demo"); err != nil || !strings.Contains(out, demoCoordinator) {
		t.Fatalf("demo on PostgreSQL behind row-level security: %q %v", out, err)
	}
	if _, _, err := runCmd(t, env, "", "retention"); err != nil {
		t.Fatalf("retention: %v", err)
	}
	// The content is there for system work, and for nobody else.
	served, err := store.Open(context.Background(), db.DSN())
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	count := func(ctx context.Context) (n int) {
		if err := served.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM notes`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if sys, none := count(store.System(context.Background())), count(context.Background()); sys == 0 || none != 0 {
		t.Fatalf("notes: %d seen as system work, %d with a bare context", sys, none)
	}
}
