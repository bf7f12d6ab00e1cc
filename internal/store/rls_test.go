package store_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// contentTables are the tables under row-level security (migrations 011, 014).
var contentTables = []string{"agreement_versions", "meetings", "notes", "goals", "actions", "reviews", "closures", "feedback",
	"concerns", "concern_notes", "characteristics", "pulses"}

// TestRowLevelSecurityWallsOffOtherOrganisations connects to PostgreSQL as
// an ordinary role that owns the content tables (superusers bypass row-level
// security; FORCE makes owners subject to it) and shows that a connection
// acting for one organisation finds nothing of another's, even asking for
// the right ids directly, cannot write into it, and that system work sees all.
func TestRowLevelSecurityWallsOffOtherOrganisations(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenPostgres(t)

	// Organisation A's content, written through the app (as the superuser the
	// tests connect as, which no policy stops).
	e := testutil.NewEnv(t, db)
	pair := e.MustPair(t, nil, "pals", "Morgan Mentor", "Mina Mentee")
	pid := pair.Partnership.ID
	for _, u := range []*tandem.User{pair.Mentor, pair.Mentee} {
		if _, err := e.App.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: pid, Event: tandem.EventConfirm}); err != nil {
			t.Fatal(err)
		}
	}
	note, err := e.App.AddNote(ctx, pair.Mentee, pid, app.NoteInput{Body: "Only for us."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.AddGoal(ctx, pair.Mentee, pid, app.GoalInput{Horizon: tandem.HorizonShort, Title: "Write the grant"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.ProposeMeeting(ctx, pair.Mentee, pid, app.MeetingInput{Starts: "2026-11-01T10:00", Venue: "Room 1"}); err != nil {
		t.Fatal(err)
	}
	concern, err := e.App.RaiseConcern(ctx, pair.Mentor, app.ConcernInput{Kind: tandem.ConcernWelfare, PartnershipID: pid, AboutMentee: true, Body: "Not sleeping."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.SaveMyCharacteristics(ctx, pair.Mentee, app.CharacteristicsInput{Consent: true, Characteristics: tandem.Characteristics{Caring: tandem.CharYes}}); err != nil {
		t.Fatal(err)
	}
	// The first pulse check-in falls due 30 days after the start.
	e.Clock.Advance(31 * 24 * time.Hour)
	if _, err := e.App.SubmitPulse(ctx, pair.Mentee, pid, app.PulseInput{Score: 4, Word: "Going well."}); err != nil {
		t.Fatal(err)
	}
	orgA := e.Org.ID
	orgB := &tandem.Organisation{Name: "Southgate College", CareerStages: tandem.DefaultCareerStages(), TimeZone: "UTC", CreatedAt: testutil.Epoch}
	if err := e.Store.CreateOrganisation(ctx, orgB); err != nil {
		t.Fatal(err)
	}

	// The tests connect as an ordinary role that owns the tables
	// (testutil.TestRole); this database, unlike the fixtures', gives a bare
	// context no organisation at all, as in production.
	u, err := url.Parse(db.DSN())
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	roleDB, err := store.Open(ctx, db.DSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { roleDB.Close() })
	// One connection, so that the test also shows a connection switching
	// organisations between statements and after a rolled-back transaction.
	roleDB.Writer().SetMaxOpenConns(1)
	st, raw := store.New(roleDB), roleDB.Writer()
	role := testutil.TestRole

	var super_, bypass bool
	var owner string
	if err := raw.QueryRowContext(ctx, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&super_, &bypass); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRowContext(ctx, `SELECT tableowner FROM pg_tables WHERE schemaname = $1 AND tablename = 'notes'`, schema).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	if super_ || bypass || owner != role {
		t.Fatalf("the test role is superuser=%v bypassrls=%v and notes belong to %s", super_, bypass, owner)
	}

	for _, table := range contentTables {
		var enabled, forced bool
		if err := raw.QueryRowContext(ctx, `SELECT relrowsecurity, relforcerowsecurity FROM pg_class
			WHERE relname = $1 AND relnamespace = $2::regnamespace`, table, schema).Scan(&enabled, &forced); err != nil || !enabled || !forced {
			t.Errorf("%s: row-level security enabled=%v forced=%v (%v)", table, enabled, forced, err)
		}
	}

	asA, asB, system, nobody := store.WithOrg(ctx, orgA), store.WithOrg(ctx, orgB.ID), store.System(ctx), ctx
	count := func(ctx context.Context, table string) int {
		t.Helper()
		var n int
		if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		return n
	}
	for _, table := range contentTables {
		if table == "closures" || table == "feedback" || table == "concern_notes" || table == "reviews" || table == "actions" || table == "agreement_versions" {
			continue // not written above; the policies are the same
		}
		a, b, sys, none := count(asA, table), count(asB, table), count(system, table), count(nobody, table)
		if a == 0 || b != 0 || sys != a || none != 0 {
			t.Errorf("%s: organisation A sees %d rows, B %d, system %d, nobody %d", table, a, b, sys, none)
		}
	}

	// Asked directly, with the right ids, organisation B gets nothing.
	var n int
	if err := raw.QueryRowContext(asB, `SELECT COUNT(*) FROM notes WHERE id = $1 AND partnership_id = $2`, note.ID, pid).Scan(&n); err != nil || n != 0 {
		t.Fatalf("B reads A's note by id: %d %v", n, err)
	}
	if notes, err := st.Notes(asB, pid, pair.Mentee.ID); err != nil || len(notes) != 0 {
		t.Fatalf("B lists A's notes: %v %v", notes, err)
	}
	if _, err := st.Concern(asB, orgA, concern.ID); tandem.ErrorCode(err) != tandem.ENotFound {
		t.Fatalf("B reads A's concern: %v", err)
	}
	if _, err := st.Characteristics(asB, pair.Mentee.ID); tandem.ErrorCode(err) != tandem.ENotFound {
		t.Fatalf("B reads A's characteristics: %v", err)
	}
	if notes, err := st.Notes(asA, pid, pair.Mentee.ID); err != nil || len(notes) != 1 {
		t.Fatalf("A lists its notes: %v %v", notes, err)
	}

	// Nor can it change or write into them.
	res, err := raw.ExecContext(asB, `UPDATE notes SET body = 'changed' WHERE id = $1`, note.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k, _ := res.RowsAffected(); k != 0 {
		t.Fatalf("B changed %d of A's notes", k)
	}
	_, err = raw.ExecContext(asB, `INSERT INTO notes (partnership_id, author_id, private, body, created_at, updated_at) VALUES ($1, $2, FALSE, 'planted', now(), now())`, pid, pair.Mentee.ID)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("B writes into A's partnership: %v", err)
	}

	// A rolled-back transaction undoes a setting made inside it (here: a
	// transaction begun for A, whose statement acts for B); the connection
	// must not believe it still holds B's.
	if count(asA, "notes") != 1 {
		t.Fatal("A's note")
	}
	errStop := errors.New("stop")
	err = st.InTx(asA, func(tx *store.Store) error {
		notes, err := tx.Notes(asB, pid, pair.Mentee.ID)
		if err != nil || len(notes) != 0 {
			return fmt.Errorf("inside B's transaction: %v %v", notes, err)
		}
		return errStop
	})
	if !errors.Is(err, errStop) {
		t.Fatal(err)
	}
	if got := count(asB, "notes"); got != 0 {
		t.Fatalf("after a rolled-back transaction, B sees %d notes", got)
	}
}
