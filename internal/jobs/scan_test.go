package jobs

import (
	"testing"
	"time"
)

func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDailyNextAcrossClockChanges(t *testing.T) {
	loc := london(t)
	s, err := Daily(7, 0, loc)
	if err != nil {
		t.Fatal(err)
	}
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name     string
		from     time.Time
		next     time.Time
		interval time.Duration // from the previous run
	}{
		{"before the run, same day", utc(2026, 1, 15, 6, 59), utc(2026, 1, 15, 7, 0), 24 * time.Hour},
		{"at the run, next day", utc(2026, 1, 15, 7, 0), utc(2026, 1, 16, 7, 0), 24 * time.Hour},
		// Clocks go forward at 01:00 GMT on Sunday 29 March 2026: 07:00 BST is 06:00 UTC.
		{"into summer time", utc(2026, 3, 28, 7, 0), utc(2026, 3, 29, 6, 0), 23 * time.Hour},
		{"first summer day, before the run", utc(2026, 3, 29, 5, 59), utc(2026, 3, 29, 6, 0), 23 * time.Hour},
		{"summer", utc(2026, 3, 29, 6, 0), utc(2026, 3, 30, 6, 0), 24 * time.Hour},
		// Clocks go back at 02:00 BST on Sunday 25 October 2026: 07:00 GMT is 07:00 UTC.
		{"into winter time", utc(2026, 10, 24, 6, 0), utc(2026, 10, 25, 7, 0), 25 * time.Hour},
		{"first winter day, between the old and new 07:00", utc(2026, 10, 25, 6, 30), utc(2026, 10, 25, 7, 0), 25 * time.Hour},
		{"across a new year", utc(2026, 12, 31, 7, 0), utc(2027, 1, 1, 7, 0), 24 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := s.Next(tc.from)
			if !got.Equal(tc.next) {
				t.Fatalf("Next(%s) = %s, want %s", tc.from, got.In(loc), tc.next.In(loc))
			}
			if l := got.In(loc); l.Hour() != 7 || l.Minute() != 0 {
				t.Fatalf("Next(%s) = %s, not 07:00 local", tc.from, l)
			}
			if prev := s.Last(got.Add(-time.Nanosecond)); got.Sub(prev) != tc.interval {
				t.Fatalf("previous run %s is %s before %s, want %s", prev.In(loc), got.Sub(prev), got.In(loc), tc.interval)
			}
		})
	}
}

// A year of runs, chained as River chains them (Next of the previous run):
// one run on every calendar day, each at the wall-clock time, including a
// time of day that the spring clock change skips and the autumn one repeats.
func TestDailyOneRunEveryDayForAYear(t *testing.T) {
	loc := london(t)
	for _, at := range []TimeOfDay{{7, 0}, {1, 30}, {0, 0}, {23, 59}} {
		s, err := Daily(at.Hour, at.Minute, loc)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
		run := s.Next(start.Add(-time.Nanosecond))
		days := map[string]bool{}
		for run.Before(start.AddDate(1, 0, 0)) {
			day := run.In(loc).Format(time.DateOnly)
			if days[day] {
				t.Fatalf("%02d:%02d: two runs on %s", at.Hour, at.Minute, day)
			}
			days[day] = true
			if l := run.In(loc); (l.Hour() != at.Hour || l.Minute() != at.Minute) && day != "2026-03-29" {
				t.Fatalf("%02d:%02d: run at %s", at.Hour, at.Minute, l)
			}
			next := s.Next(run)
			if !next.After(run) {
				t.Fatalf("%02d:%02d: Next(%s) = %s goes backwards", at.Hour, at.Minute, run, next)
			}
			run = next
		}
		if len(days) != 365 {
			t.Fatalf("%02d:%02d: %d runs in 2026, want 365", at.Hour, at.Minute, len(days))
		}
	}
}

func TestScanDayIsTheOrganisationsDate(t *testing.T) {
	loc := london(t)
	s, _ := Daily(7, 0, loc)
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		// 07:00 BST on 1 June is 06:00 UTC; River may fire 100 ms early.
		{time.Date(2026, 6, 1, 5, 59, 59, 900e6, time.UTC), "2026-06-01"},
		{time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC), "2026-06-01"},
		// A start-up at 03:00 catches up on the day before, whose 07:00 run is the latest.
		{time.Date(2026, 6, 2, 2, 0, 0, 0, time.UTC), "2026-06-01"},
		// 23:30 UTC on 1 June is already 00:30 on 2 June in London, before its 07:00.
		{time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), "2026-06-01"},
		{time.Date(2026, 6, 2, 6, 30, 0, 0, time.UTC), "2026-06-02"},
	} {
		if got := s.scanDay(tc.now); got != tc.want {
			t.Errorf("scanDay(%s) = %s, want %s", tc.now, got, tc.want)
		}
	}
}

func TestDailyRefusesATimeThatIsNot(t *testing.T) {
	for _, at := range []TimeOfDay{{24, 0}, {-1, 0}, {7, 60}} {
		if _, err := Daily(at.Hour, at.Minute, time.UTC); err == nil {
			t.Errorf("Daily(%d, %d) accepted", at.Hour, at.Minute)
		}
	}
}
