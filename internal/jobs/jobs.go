// Package jobs runs Tandem's background work as durable jobs on River
// (github.com/riverqueue/river): rows in the same database as everything else,
// on SQLite and PostgreSQL alike, retried with backoff, never run twice for the
// same logical email (unique jobs), and stopped cleanly. Email is sent only
// from here.
//
// A Runner owns one River client. Any number of Runners, in one process or in
// several `tandem serve` processes, may work one database: River locks each
// job row for one worker, and a unique key keeps a second insert of the same
// email from becoming a second job.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// KeepFinished is how long a finished job's row stays in the database. A
// unique key refuses a second insert only while the first job's row exists,
// so this is also how long "never send the same email twice" holds: keys
// should name the occasion (a date, a version), not only the subject.
const KeepFinished = 90 * 24 * time.Hour

// Options configure a Runner. Only DB is required.
type Options struct {
	DB     *store.DB
	Log    *slog.Logger // nil: discard
	Mailer mail.Mailer  // nil: mail.LogMailer on Log
	Clock  tandem.Clock // the "now" handed to DailyScan; nil: the system clock

	// DailyScan is called once a day at ScanAt in Location (and at start-up
	// when the day's scan has not run yet, e.g. the server was down at
	// ScanAt). It decides which reminders are due and enqueues them; it must
	// be safe to run twice for one day. Nil: the scan job does nothing.
	DailyScan func(ctx context.Context, now time.Time) error
	Location  *time.Location // the organisation's time zone; nil: UTC
	ScanAt    TimeOfDay      // zero: 07:00

	// MaxWorkers is how many jobs this Runner works at once; 0: 4.
	MaxWorkers int
	// PollInterval is how often to look for jobs inserted by another process
	// (jobs this process inserts start at once); 0: 1s. Below 100 ms (tests)
	// it also shortens River's cooldown between fetches.
	PollInterval time.Duration
	// StopTimeout is how long Stop lets running jobs finish before cancelling
	// them (a cancelled job is retried later); 0: 5s.
	StopTimeout time.Duration

	// middleware wraps every job's work: tests see when a job's work has
	// returned, since River marks jobs completed in batches (every 250 ms).
	middleware []rivertype.Middleware
}

// TimeOfDay is a wall-clock time, in whatever zone it is used with.
type TimeOfDay struct{ Hour, Minute int }

// Runner owns the River client that inserts and works Tandem's jobs.
type Runner struct {
	q           queue
	log         *slog.Logger
	stopTimeout time.Duration
	started     bool
	schedule    DailySchedule
}

// New builds a Runner over opts.DB. On PostgreSQL it opens its own connection
// pool to the same database and schema (River's driver needs pgx's pool);
// on SQLite it shares the store's single writer connection (see newSQLite).
// It touches no tables: call Migrate, then Start.
func New(ctx context.Context, opts Options) (*Runner, error) {
	if opts.DB == nil {
		return nil, errors.New("jobs: no database")
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Mailer == nil {
		opts.Mailer = mail.LogMailer{Log: log}
	}
	if opts.Clock == nil {
		opts.Clock = tandem.SystemClock{}
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.ScanAt == (TimeOfDay{}) {
		opts.ScanAt = TimeOfDay{Hour: 7}
	}
	if opts.MaxWorkers <= 0 {
		opts.MaxWorkers = 4
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	if opts.StopTimeout <= 0 {
		opts.StopTimeout = 5 * time.Second
	}
	schedule, err := Daily(opts.ScanAt.Hour, opts.ScanAt.Minute, opts.Location)
	if err != nil {
		return nil, err
	}

	workers := river.NewWorkers()
	river.AddWorker(workers, &sendEmailWorker{mailer: opts.Mailer})
	river.AddWorker(workers, &dailyScanWorker{scan: opts.DailyScan, clock: opts.Clock, log: log})

	cfg := &river.Config{
		Logger:                      slog.New(quiet{log.Handler()}),
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opts.MaxWorkers}},
		Workers:                     workers,
		PeriodicJobs:                []*river.PeriodicJob{dailyScanJob(schedule, opts.Clock)},
		JobTimeout:                  time.Minute,
		SoftStopTimeout:             opts.StopTimeout,
		FetchPollInterval:           opts.PollInterval,
		FetchCooldown:               min(river.FetchCooldownDefault, opts.PollInterval),
		CompletedJobRetentionPeriod: KeepFinished,
		CancelledJobRetentionPeriod: KeepFinished,
		Middleware:                  opts.middleware,
	}
	q, err := newQueue(ctx, opts.DB, cfg)
	if err != nil {
		return nil, err
	}
	return &Runner{q: q, log: log, stopTimeout: opts.StopTimeout, schedule: schedule}, nil
}

// Migrate creates or updates River's own tables (river_job and friends),
// beside the app's, and returns how many of River's migrations it applied.
func (r *Runner) Migrate(ctx context.Context) (int, error) { return r.q.migrate(ctx) }

// Migrate applies River's migrations to db without building a Runner, for
// `tandem migrate`.
func Migrate(ctx context.Context, db *store.DB) (int, error) {
	q, err := newQueue(ctx, db, nil)
	if err != nil {
		return 0, err
	}
	defer q.close()
	return q.migrate(ctx)
}

// Start starts working jobs and, if this Runner is elected leader among those
// sharing the database, scheduling the daily scan. It returns at once. The
// jobs keep running after ctx ends: only Stop stops them, so the caller
// decides the order of shutdown.
func (r *Runner) Start(ctx context.Context) error {
	// Every job works for the whole installation (the daily scan walks every
	// organisation): system work for PostgreSQL's row-level security. River
	// hands each job a context derived from this one.
	if err := r.q.start(store.System(context.WithoutCancel(ctx))); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	r.started = true
	return nil
}

// Stop stops fetching jobs, lets running ones finish for up to StopTimeout,
// cancels any still running (River retries them later), and closes what New
// opened. Call it before closing the database. It returns within a few
// seconds of StopTimeout even if a job ignores its cancelled context, and
// sooner if ctx ends.
func (r *Runner) Stop(ctx context.Context) error {
	defer r.q.close()
	if !r.started {
		return nil
	}
	r.started = false
	soft, cancel := context.WithTimeout(ctx, r.stopTimeout+2*time.Second)
	defer cancel()
	err := r.q.stop(soft)
	if err != nil {
		r.log.Warn("background jobs did not stop in time; cancelling them", "err", err)
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if err := r.q.stopAndCancel(hard); err != nil {
			r.log.Warn("background jobs still running at shutdown; River retries them", "err", err)
		}
	}
	return err
}

// quiet passes on River's warnings and errors (a failing job, a lost
// database) and drops its routine info and debug lines, and the errors of
// work cut short by a stop (context canceled), which are expected then.
type quiet struct{ slog.Handler }

func (q quiet) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && q.Handler.Enabled(ctx, l)
}

func (q quiet) Handle(ctx context.Context, r slog.Record) error {
	stopped := false
	r.Attrs(func(a slog.Attr) bool {
		if e, ok := a.Value.Any().(error); ok {
			stopped = errors.Is(e, context.Canceled)
		} else if a.Value.Kind() == slog.KindString {
			stopped = strings.HasSuffix(a.Value.String(), context.Canceled.Error())
		}
		return !stopped
	})
	if stopped {
		return nil
	}
	return q.Handler.Handle(ctx, r)
}
func (q quiet) WithAttrs(a []slog.Attr) slog.Handler { return quiet{q.Handler.WithAttrs(a)} }
func (q quiet) WithGroup(n string) slog.Handler      { return quiet{q.Handler.WithGroup(n)} }

// Unfinished lists the jobs of every process on the database that are still
// to run, running, or waiting for a retry: none once the queue has drained.
func (r *Runner) Unfinished(ctx context.Context) ([]*rivertype.JobRow, error) {
	return r.q.unfinished(ctx)
}
