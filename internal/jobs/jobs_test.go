package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// wait is how long a test waits for something that takes milliseconds.
const wait = 30 * time.Second

// newRunner builds a migrated Runner on db, stopped when the test ends.
func newRunner(t *testing.T, db *store.DB, opts Options) *Runner {
	t.Helper()
	ctx := context.Background()
	opts.DB = db
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(testWriter{t}, nil))
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = 100 * time.Millisecond // River's shortest
	}
	r, err := New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(context.Background()) })
	if _, err := r.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return r
}

// testWriter sends River's warnings to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// reopen opens the database db was opened from a second time, as a second
// `tandem serve` process would.
func reopen(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	db2, err := store.Open(context.Background(), db.DSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	return db2
}

// mailer records into a shared Recorder, reports each send on sent, and,
// when hold is set, holds its first send until hold is closed.
type mailer struct {
	name string
	rec  *mail.Recorder
	sent chan<- string
	hold <-chan struct{}
	held chan<- struct{} // told when the first send starts holding
	once sync.Once
}

func (m *mailer) Send(ctx context.Context, msg mail.Message) error {
	if m.hold != nil {
		first := false
		m.once.Do(func() { first = true })
		if first {
			m.held <- struct{}{}
			select {
			case <-m.hold:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	msg.Text = m.name // who sent it
	m.rec.Send(ctx, msg)
	m.sent <- msg.Subject
	return nil
}

func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(wait):
		t.Fatalf("gave up after %s waiting for %s", wait, what)
		panic("unreachable")
	}
}

func email(key string) Email {
	return Email{Key: key, Message: mail.Message{To: "mentee@example.org", Subject: key, Text: "-"}}
}

// Two Runners on one database, as two `tandem serve` processes: the same
// logical email enqueued by both becomes one job, and every job is sent
// exactly once although both Runners work the queue at the same time.
func TestTwoRunnersSendEachEmailOnce(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const distinct = 20
		rec := &mail.Recorder{}
		sent := make(chan string, 2*distinct)
		bSent, aHeld := make(chan struct{}), make(chan struct{}, 1)
		// A works one job at a time and holds its first until B has sent
		// one, so both are certainly working the queue at once.
		a := newRunner(t, db, Options{MaxWorkers: 1, Mailer: &mailer{name: "a", rec: rec, sent: sent, hold: bSent, held: aHeld}})
		bMail := &mailer{name: "b", rec: rec, sent: sent}
		b := newRunner(t, reopen(t, db), Options{Mailer: bMail})

		key := "meeting/42/reminder/user/7/2026-12-01"
		if ok, err := a.EnqueueEmail(ctx, email(key)); err != nil || !ok {
			t.Fatalf("first enqueue: queued %v, %v", ok, err)
		}
		if ok, err := b.EnqueueEmail(ctx, email(key)); err != nil || ok {
			t.Fatalf("same key from the other process: queued %v, %v; want a duplicate", ok, err)
		}
		for i := range distinct {
			r := a
			if i%2 == 1 {
				r = b
			}
			if _, err := r.EnqueueEmail(ctx, email(fmt.Sprintf("intro/%d", i))); err != nil {
				t.Fatal(err)
			}
		}

		if err := a.Start(ctx); err != nil {
			t.Fatal(err)
		}
		receive(t, aHeld, "A to take a job")
		if err := b.Start(ctx); err != nil {
			t.Fatal(err)
		}
		var once sync.Once
		for n := 0; n < distinct+1; n++ {
			receive(t, sent, fmt.Sprintf("email %d of %d", n+1, distinct+1))
			once.Do(func() { close(bSent) }) // only B can have sent the first
		}
		// Stop waits for running jobs, so a second send of anything would
		// be recorded by now.
		for _, r := range []*Runner{a, b} {
			if err := r.Stop(ctx); err != nil {
				t.Fatal(err)
			}
		}

		count, by := map[string]int{}, map[string]int{}
		for _, m := range rec.Sent() {
			count[m.Subject]++
			by[m.Text]++
		}
		if count[key] != 1 {
			t.Errorf("%s sent %d times", key, count[key])
		}
		for i := range distinct {
			if k := fmt.Sprintf("intro/%d", i); count[k] != 1 {
				t.Errorf("%s sent %d times", k, count[k])
			}
		}
		if len(rec.Sent()) != distinct+1 {
			t.Errorf("%d emails sent, want %d", len(rec.Sent()), distinct+1)
		}
		if by["a"] == 0 || by["b"] == 0 {
			t.Errorf("sent by a: %d, by b: %d; want both", by["a"], by["b"])
		}
		t.Logf("sent by a: %d, by b: %d", by["a"], by["b"])
	})
}

// An email enqueued in a transaction exists if and only if the transaction
// commits, on both engines (PostgreSQL through the connection under the
// database/sql transaction).
func TestEnqueueEmailTxCommitsAndRollsBackWithTheWrite(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rec := &mail.Recorder{}
		sent := make(chan string, 4)
		r := newRunner(t, db, Options{Mailer: &mailer{name: "r", rec: rec, sent: sent}})

		inTx := func(key string, commit bool) {
			t.Helper()
			conn, err := db.Writer().Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			tx, err := conn.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			// The service's own write, in the same transaction.
			if _, err := tx.ExecContext(ctx, `CREATE TABLE written_`+fmt.Sprint(commit)+` (id INTEGER)`); err != nil {
				t.Fatal(err)
			}
			if ok, err := r.EnqueueEmailTx(ctx, Tx{Conn: conn, Tx: tx}, email(key)); err != nil || !ok {
				t.Fatalf("%s: queued %v, %v", key, ok, err)
			}
			if commit {
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
			}
		}
		inTx("rolled-back", false)
		inTx("committed", true)
		// After a commit the key is taken, in or out of a transaction.
		if ok, err := r.EnqueueEmail(ctx, email("committed")); err != nil || ok {
			t.Fatalf("committed key again: queued %v, %v", ok, err)
		}

		rows, err := r.q.jobs(ctx, SendEmailArgs{}.Kind())
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 {
			t.Fatalf("%d send_email jobs, want the committed one only", len(rows))
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if got := receive(t, sent, "the committed email"); got != "committed" {
			t.Fatalf("sent %q", got)
		}
		if err := r.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(rec.Sent()); n != 1 {
			t.Fatalf("%d emails sent, want 1", n)
		}
	})
}

type failingMailer struct{ tries chan<- struct{} }

func (f failingMailer) Send(context.Context, mail.Message) error {
	select {
	case f.tries <- struct{}{}:
	default: // a later retry, if the test is still running
	}
	return errors.New("421 try again later")
}

// A failed send is kept for a retry with backoff, up to EmailAttempts tries.
func TestFailedEmailIsRetriedLater(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tries := make(chan struct{}, 1)
		r := newRunner(t, db, Options{Mailer: failingMailer{tries}})
		events, cancel := r.q.subscribe(river.EventKindJobFailed)
		defer cancel()
		if _, err := r.EnqueueEmail(ctx, email("welfare/3/coordinator")); err != nil {
			t.Fatal(err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		receive(t, tries, "the first try")
		ev := receive(t, events, "the failure to be recorded")
		j := ev.Job
		// A retry due within seconds is left available but scheduled later.
		waiting := j.State == rivertype.JobStateRetryable || j.State == rivertype.JobStateAvailable
		if !waiting || j.Attempt != 1 || j.MaxAttempts != EmailAttempts || len(j.Errors) != 1 {
			t.Fatalf("after one failure: state %s, attempt %d of %d, %d errors", j.State, j.Attempt, j.MaxAttempts, len(j.Errors))
		}
		if !j.ScheduledAt.After(*j.AttemptedAt) {
			t.Fatalf("retry scheduled at %s, not after the try at %s", j.ScheduledAt, *j.AttemptedAt)
		}
		if err := r.Stop(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// The daily scan is inserted when a Runner starts (its day not yet scanned)
// and calls the app's hook with the clock's time; a second insert for the
// same day is refused.
func TestDailyScanCallsTheHookOncePerDay(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := testutil.Clock()
		calls := make(chan time.Time, 4)
		r := newRunner(t, db, Options{Clock: clock, DailyScan: func(ctx context.Context, now time.Time) error {
			calls <- now
			return nil
		}})
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if got := receive(t, calls, "the scan"); !got.Equal(clock.Now()) {
			t.Fatalf("scan at %s, want the clock's %s", got, clock.Now())
		}
		day := testutil.Epoch.Format(time.DateOnly) // 09:00 UTC, after 07:00
		res, err := r.q.insert(ctx, DailyScanArgs{Day: day})
		if err != nil {
			t.Fatal(err)
		}
		if !res.UniqueSkippedAsDuplicate {
			t.Fatalf("a second scan for %s was queued", day)
		}
		if err := r.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if len(calls) != 0 {
			t.Fatalf("the scan ran %d more times", len(calls))
		}
	})
}

// The scan enqueues from inside a running job; on SQLite that is the writer
// connection River itself uses, so this would hang if River held it.
func TestDailyScanEnqueuesEmailsThatAreSent(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rec := &mail.Recorder{}
		sent := make(chan string, 4)
		var r *Runner
		r = newRunner(t, db, Options{Clock: testutil.Clock(), Mailer: &mailer{name: "r", rec: rec, sent: sent},
			DailyScan: func(ctx context.Context, now time.Time) error {
				day := now.Format(time.DateOnly)
				for _, key := range []string{"agreement/5/unsigned/" + day, "meeting/8/tomorrow/" + day, "agreement/5/unsigned/" + day} {
					m := email(key).Message
					if err := r.EnqueueMail(ctx, key, &m); err != nil {
						return err
					}
				}
				return nil
			}})
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{receive(t, sent, "the first reminder"): true, receive(t, sent, "the second reminder"): true}
		if err := r.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if !got["agreement/5/unsigned/2026-10-05"] || !got["meeting/8/tomorrow/2026-10-05"] || len(rec.Sent()) != 2 {
			t.Fatalf("sent %v, %d in all", got, len(rec.Sent()))
		}
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n, err := Migrate(ctx, db)
		if err != nil || n == 0 {
			t.Fatalf("first migrate: %d applied, %v", n, err)
		}
		if n, err := Migrate(ctx, db); err != nil || n != 0 {
			t.Fatalf("second migrate: %d applied, %v", n, err)
		}
	})
}

func TestEnqueueRefusesAnEmailWithoutKeyOrRecipient(t *testing.T) {
	r := newRunner(t, testutil.OpenSQLite(t), Options{})
	for _, e := range []Email{{Message: mail.Message{To: "a@example.org"}}, {Key: "k"}} {
		if _, err := r.EnqueueEmail(context.Background(), e); err == nil {
			t.Errorf("%+v queued", e)
		}
	}
}

// slowMailer never finishes a send on its own: like an SMTP server that has
// stopped answering.
type slowMailer struct{ started, cancelled chan<- struct{} }

func (m slowMailer) Send(ctx context.Context, _ mail.Message) error {
	m.started <- struct{}{}
	<-ctx.Done()
	m.cancelled <- struct{}{}
	return ctx.Err()
}

// Stop lets a running send run for StopTimeout, then cancels it; the email is
// not lost but left to be tried again.
func TestStopCancelsASendThatOutlivesTheTimeoutAndKeepsTheEmail(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		started, cancelled := make(chan struct{}, 1), make(chan struct{}, 1)
		r := newRunner(t, db, Options{Mailer: slowMailer{started, cancelled}, StopTimeout: 200 * time.Millisecond})
		if _, err := r.EnqueueEmail(ctx, email("review/9/due")); err != nil {
			t.Fatal(err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		receive(t, started, "the send to start")
		if err := r.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		receive(t, cancelled, "the send to be cancelled")
		// River puts a job cut short by a shutdown back as available.
		var state string
		if err := db.Writer().QueryRowContext(ctx, `SELECT state FROM river_job WHERE kind = 'send_email'`).Scan(&state); err != nil {
			t.Fatal(err)
		}
		if state != "available" && state != "retryable" {
			t.Fatalf("after a cancelled send the job is %s; want it waiting for another try", state)
		}
	})
}

// Jobs are system work: behind PostgreSQL's row-level security, a job sees
// content that a bare context of the same process does not (store/rls.go).
// The database is reopened as `tandem serve` opens it, where a bare context
// sees no content (the tests' own databases let their fixtures through).
func TestJobsRunAsSystemWork(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := testutil.NewEnv(t, db)
		if _, err := e.App.SaveMyCharacteristics(ctx, e.Admin, app.CharacteristicsInput{Consent: true,
			Characteristics: tandem.Characteristics{Caring: tandem.CharNo}}); err != nil {
			t.Fatal(err)
		}
		served := reopen(t, db)
		st := store.New(served)
		_, err := st.Characteristics(ctx, e.Admin.ID)
		if hidden := tandem.ErrorCode(err) == tandem.ENotFound; hidden != (db.Engine == store.Postgres) {
			t.Fatalf("a bare context on %s: %v", db.Engine, err)
		}
		seen := make(chan error, 1)
		r := newRunner(t, served, Options{Clock: testutil.Clock(), DailyScan: func(ctx context.Context, now time.Time) error {
			_, err := st.Characteristics(ctx, e.Admin.ID)
			seen <- err
			return nil
		}})
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if err := receive(t, seen, "the scan"); err != nil {
			t.Fatalf("the daily scan does not see the content: %v", err)
		}
		if err := r.Stop(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
