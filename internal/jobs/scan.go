package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/tandemhq/tandem"
)

// DailySchedule fires once a day at a wall-clock time in a time zone: 07:00
// in Europe/London is 07:00 GMT in winter and 07:00 BST in summer, so the
// gap between two runs is 23 or 25 hours on the days the clocks change.
// It is a river.PeriodicSchedule.
type DailySchedule struct {
	at  TimeOfDay
	loc *time.Location
}

// Daily returns the schedule for hour:minute every day in loc.
func Daily(hour, minute int, loc *time.Location) (DailySchedule, error) {
	if hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return DailySchedule{}, fmt.Errorf("jobs: %02d:%02d is not a time of day", hour, minute)
	}
	if loc == nil {
		loc = time.UTC
	}
	return DailySchedule{at: TimeOfDay{hour, minute}, loc: loc}, nil
}

// on returns the run on the calendar day y-m-d in the schedule's zone. A
// time of day that a clock change skips or repeats that day is read as
// time.Date reads it; the day still gets exactly one run.
func (s DailySchedule) on(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, s.at.Hour, s.at.Minute, 0, 0, s.loc)
}

// Next returns the first run strictly after t.
func (s DailySchedule) Next(t time.Time) time.Time {
	l := t.In(s.loc)
	for i := 0; ; i++ {
		if n := s.on(l.Year(), l.Month(), l.Day()+i); n.After(t) {
			return n
		}
	}
}

// Last returns the latest run at or before t.
func (s DailySchedule) Last(t time.Time) time.Time {
	l := t.In(s.loc)
	for i := 0; ; i-- {
		if n := s.on(l.Year(), l.Month(), l.Day()+i); !n.After(t) {
			return n
		}
	}
}

// DailyScanArgs are a daily_scan job's arguments: the organisation's
// calendar day the scan is for. It is unique, so however many processes are
// started or elected leader on a day, the day is scanned once.
type DailyScanArgs struct {
	Day string `json:"day" river:"unique"` // YYYY-MM-DD in the organisation's time zone
}

// Kind names the job in River's table.
func (DailyScanArgs) Kind() string { return "daily_scan" }

// InsertOpts makes the scan unique per day; a failed scan is retried a few
// times, and the next day's scan picks up anything it left.
func (DailyScanArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// dailyScanJob schedules the scan. River's scheduler keeps its next run in
// memory only, so RunOnStart also inserts one whenever a Runner becomes
// leader, for the day of the latest scheduled run: a server that was down at
// 07:00 scans when it comes back, and one restarted later the same day finds
// the day already scanned (the unique key) and does nothing.
//
// River's scheduler fires a run up to 100 ms early, so 06:59:59.9 must count
// as today's 07:00 (scanDay).
func dailyScanJob(s DailySchedule, clock tandem.Clock) *river.PeriodicJob {
	return river.NewPeriodicJob(s, func() (river.JobArgs, *river.InsertOpts) {
		return DailyScanArgs{Day: s.scanDay(clock.Now())}, nil
	}, &river.PeriodicJobOpts{ID: "daily_scan", RunOnStart: true})
}

// scanDay names the day a scan inserted at now is for: the date of the
// latest run, with a minute's margin for the scheduler's early firing.
func (s DailySchedule) scanDay(now time.Time) string {
	return s.Last(now.Add(time.Minute)).In(s.loc).Format(time.DateOnly)
}

type dailyScanWorker struct {
	river.WorkerDefaults[DailyScanArgs]
	scan  func(ctx context.Context, now time.Time) error
	clock tandem.Clock
	log   *slog.Logger
}

func (w *dailyScanWorker) Work(ctx context.Context, job *river.Job[DailyScanArgs]) error {
	if w.scan == nil {
		w.log.DebugContext(ctx, "daily scan: nothing to do (no scan configured)", "day", job.Args.Day)
		return nil
	}
	return w.scan(ctx, w.clock.Now()) // system work: see Runner.Start
}

// Timeout gives the scan longer than an email: it walks every partnership.
func (w *dailyScanWorker) Timeout(*river.Job[DailyScanArgs]) time.Duration { return 10 * time.Minute }

// ScanDay queues the daily scan for the organisation's day at now, as the
// scheduler does at ScanAt, and reports whether it was queued (false: that
// day is already queued or scanned, by this process or another). The scan
// runs with the Runner's clock. Operators and tests use it to scan a day
// without waiting for 07:00.
func (r *Runner) ScanDay(ctx context.Context, now time.Time) (bool, error) {
	res, err := r.q.insert(ctx, DailyScanArgs{Day: r.schedule.scanDay(now)})
	if err != nil {
		return false, err
	}
	return !res.UniqueSkippedAsDuplicate, nil
}
