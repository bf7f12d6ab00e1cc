package jobs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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

// countingMailer counts what one Runner sends, to show both did work.
type countingMailer struct {
	mail.Mailer
	n atomic.Int64
}

func (c *countingMailer) Send(ctx context.Context, m mail.Message) error {
	err := c.Mailer.Send(ctx, m)
	if err == nil {
		c.n.Add(1)
	}
	return err
}

// worked records the jobs whose work has returned without error, in any
// Runner it is installed in. River records a job as completed in batches,
// up to 250 ms after its work returns; a job still "running" in the table
// whose work has returned is done in all but that record.
type worked struct {
	river.MiddlewareDefaults
	mu sync.Mutex
	ok map[int64]bool
}

func (w *worked) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	err := doInner(ctx)
	if err == nil {
		w.mu.Lock()
		w.ok[job.ID] = true
		w.mu.Unlock()
	}
	return err
}

// drain waits, polling the job table, until every job of every Runner on
// the database has been worked: none waiting, retrying, or running with its
// work not yet returned. A job that fails fails the test.
func drain(t *testing.T, r *Runner, w *worked) {
	t.Helper()
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		// Which jobs had returned is read before the table: a job that
		// returned before the read inserted its emails before it too, so the
		// table shows them.
		w.mu.Lock()
		done := maps.Clone(w.ok)
		w.mu.Unlock()
		rows, err := r.Unfinished(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		left := slices.DeleteFunc(rows, func(j *rivertype.JobRow) bool { return j.State == rivertype.JobStateRunning && done[j.ID] })
		if len(left) == 0 {
			return
		}
		for _, j := range left {
			if j.State == rivertype.JobStateRetryable || len(j.Errors) > 0 {
				t.Fatalf("job %s %d failed: %v", j.Kind, j.ID, j.Errors)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %s waiting for %d jobs (the first: %s, %s)", wait, len(left), left[0].Kind, left[0].State)
		}
		<-tick.C
	}
}

// TestAPartnershipsYearOfEmail is issue 6's "done means": a fixed clock
// advances day by day through one PaLS partnership's year (introduction,
// confirmation, agreement, meetings, reviews, pulse check-ins, a welfare
// concern, the term ending, closure). Each morning at 07:00 in the
// organisation's time zone the daily scan is queued, alternately by two
// Runners on the same database (as two `tandem serve` processes), and each
// day's actions happen at 10:00 through the app, whose event emails go
// through the same queue. Every email goes through a real SMTP conversation
// to a server the test starts. The table below is every email of the year:
// day, recipient, template. Reminders carry a one-click List-Unsubscribe;
// event and safeguarding emails carry none.
func TestAPartnershipsYearOfEmail(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := testutil.NewEnv(t, db)
		clock := e.Clock
		// The app under test: its links are https, as one-click unsubscribe needs.
		a := app.New(app.Options{Store: e.Store, Clock: clock, BaseURL: "https://mentoring.northfield.test",
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Argon2: testutil.CheapArgon2})
		loc, err := time.LoadLocation("Europe/London")
		if err != nil {
			t.Fatal(err)
		}
		at := func(day, hour int) time.Time {
			d := testutil.Epoch.In(loc)
			return time.Date(d.Year(), d.Month(), d.Day()+day, hour, 0, 0, 0, loc)
		}
		clock.Set(at(0, 7))

		srv := testutil.StartSMTP(t)
		smtp, err := mail.NewSMTP(mail.SMTPOptions{Host: "127.0.0.1", Port: srv.Port, TLS: mail.NoTLS, From: "mentoring@northfield.test", Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		var runners [2]*Runner
		w := &worked{ok: map[int64]bool{}}
		var mailers [2]*countingMailer
		for i := range runners {
			d := db
			if i == 1 {
				d = reopen(t, db)
			}
			mailers[i] = &countingMailer{Mailer: smtp}
			runners[i] = newRunner(t, d, Options{Clock: clock, Location: loc, Mailer: mailers[i], PollInterval: 10 * time.Millisecond, middleware: []rivertype.Middleware{w},
				DailyScan: func(ctx context.Context, now time.Time) error {
					_, err := a.RunDailyScan(ctx, now, runners[i].EnqueueMail)
					return err
				}})
		}
		a.SetOutbox(runners[0].EnqueueMailIn)
		for _, r := range runners {
			if err := r.Start(ctx); err != nil {
				t.Fatal(err)
			}
		}

		// The people and the programme.
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		prog := e.MustProgramme(t, coord, "pals")
		mentorU, menteeU := e.MustUser(t, "Morgan Mentor", tandem.RoleMember), e.MustUser(t, "Mina Mentee", tandem.RoleMember)
		e.MustJoin(t, mentorU, prog, tandem.Mentor, "Physics", "professor")
		e.MustJoin(t, menteeU, prog, tandem.Mentee, "History", "phd")
		who := map[string]string{mentorU.Email: "mentor", menteeU.Email: "mentee", coord.Email: "coordinator", e.Admin.Email: "admin"}

		var pid int64
		var meeting int64
		do := func(v any, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		respond := func(u *tandem.User, ev string) {
			do(a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: pid, Event: ev}))
		}
		propose := func(u *tandem.User, day int) {
			m, err := a.ProposeMeeting(ctx, u, pid, app.MeetingInput{Starts: at(day, 14).Format("2006-01-02T15:04"), Venue: "Café on the quad"})
			do(m, err)
			meeting = m.ID
		}
		accept := func(u *tandem.User) { do(a.AcceptMeeting(ctx, u, pid, meeting)) }
		held := func(u *tandem.User) { do(a.ConfirmMeetingHeld(ctx, u, pid, meeting)) }
		pulse := func(u *tandem.User, score int) { do(a.SubmitPulse(ctx, u, pid, app.PulseInput{Score: score})) }
		review := func(u *tandem.User) { do(a.SubmitReview(ctx, u, pid, app.ReviewInput{MeetsNeeds: tandem.NeedsMet})) }
		mentor, mentee := mentorU, menteeU

		// What happens, by day, at 10:00.
		story := map[int]func(){
			0: func() { // the coordinator publishes the match: both are introduced
				ps, err := a.PublishMatching(ctx, coord, prog.ID)
				do(ps, err)
				pid = ps[0].ID
			},
			3: func() { respond(mentor, tandem.EventConfirm) },
			5: func() { // active from now: the term, pulse and reviews count from day 5
				respond(mentee, tandem.EventConfirm)
				do(a.SaveAgreement(ctx, mentee, pid, map[string]string{"topics": "Grant writing"}))
				do(a.SignAgreement(ctx, mentee, pid, 1))
			},
			9:   func() { do(a.SignAgreement(ctx, mentor, pid, 1)) },
			10:  func() { propose(mentee, 20) },
			12:  func() { accept(mentor) },
			21:  func() { held(mentee) },
			36:  func() { pulse(mentee, 4); pulse(mentor, 5) },
			40:  func() { propose(mentor, 60) },
			55:  func() { accept(mentee) }, // after the reminder (day 47) and the coordinator's (day 54)
			61:  func() { held(mentor) },
			96:  func() { pulse(mentee, 2) }, // low; the mentor lets this round pass
			100: func() { propose(mentee, 110) },
			101: func() { accept(mentor) },
			105: func() {
				do(a.MoveMeeting(ctx, mentor, pid, meeting, app.MeetingInput{Starts: at(112, 14).Format("2006-01-02T15:04"), Venue: "Library"}))
			},
			106: func() { accept(mentee) },
			113: func() { held(mentee) },
			126: func() { review(mentee); review(mentor) },
			156: func() { pulse(mentee, 4); pulse(mentor, 4) },
			200: func() { // a welfare concern: the coordinator and the admin are told at once
				do(a.RaiseConcern(ctx, mentee, app.ConcernInput{Kind: tandem.ConcernWelfare, PartnershipID: pid, Body: "I am struggling."}))
			},
			216: func() { pulse(mentee, 3); pulse(mentor, 4) },
			245: func() { propose(mentee, 252); review(mentee); review(mentor) },
			246: func() { accept(mentor) },
			253: func() { held(mentor) },
			276: func() { pulse(mentee, 5) },
			342: func() { respond(mentee, tandem.EventClose) }, // closing: the reminders stop
			345: func() { do(a.RecordClosure(ctx, mentor, pid, app.ClosureInput{GoalsAchieved: "A grant submitted."})) },
		}
		const lastDay = 371

		var got []string
		record := func(day int) {
			for _, m := range srv.Take() {
				h := m.Msg.Header
				tmpl := h.Get("X-Tandem-Template")
				to := who[strings.Trim(strings.Join(m.To, ","), "<>")]
				got = append(got, fmt.Sprintf("%d %s %s", day, to, tmpl))
				// Reminders carry the one-click unsubscribe; nothing else does.
				unsub, post := h.Get("List-Unsubscribe"), h.Get("List-Unsubscribe-Post")
				if slices.Contains(tandem.NudgeKinds, tmpl) || strings.HasPrefix(tmpl, "no_contact_") {
					if !strings.HasPrefix(unsub, "<https://mentoring.northfield.test/unsubscribe/") || strings.Contains(unsub, "mailto:") || post != "List-Unsubscribe=One-Click" {
						t.Errorf("day %d %s to %s: List-Unsubscribe %q, List-Unsubscribe-Post %q", day, tmpl, to, unsub, post)
					}
				} else if unsub != "" || post != "" {
					t.Errorf("day %d %s to %s carries List-Unsubscribe %q: it is not a reminder", day, tmpl, to, unsub)
				}
				if subj, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject")); err != nil || subj == "" {
					t.Errorf("day %d %s: subject %q (%v)", day, tmpl, subj, err)
				}
				if strings.Contains(string(m.Data), "I am struggling") || strings.Contains(string(m.Data), "Grant writing") {
					t.Errorf("day %d %s to %s carries what the pair wrote", day, tmpl, to)
				}
			}
		}

		start := time.Now()
		for day := 0; day <= lastDay; day++ {
			clock.Set(at(day, 7))
			if _, err := runners[day%2].ScanDay(ctx, clock.Now()); err != nil {
				t.Fatal(err)
			}
			drain(t, runners[0], w)
			record(day)
			if act := story[day]; act != nil {
				clock.Set(at(day, 10))
				act()
				drain(t, runners[0], w)
				record(day)
			}
		}
		elapsed := time.Since(start)

		want := []string{
			"0 mentee introduction_made", "0 mentor introduction_made",
			"8 mentor agreement_unsigned", // a week after the introduction; the mentee signed on day 5
			"10 mentor meeting_proposed",
			"12 mentee meeting_accepted", "12 mentor meeting_accepted",
			"19 mentee meeting_tomorrow", "19 mentor meeting_tomorrow",
			"36 mentee pulse_checkin", "36 mentor pulse_checkin", // 30 days after the start
			"40 mentee meeting_proposed",
			"48 mentee proposal_unanswered", // unanswered for 7 days
			"55 coordinator proposal_escalated",
			"55 mentee meeting_accepted", "55 mentor meeting_accepted",
			"59 mentee meeting_tomorrow", "59 mentor meeting_tomorrow",
			"96 mentee pulse_checkin", "96 mentor pulse_checkin", // every 60 days after
			"100 mentor meeting_proposed",
			"101 mentee meeting_accepted", "101 mentor meeting_accepted",
			"105 mentee meeting_moved",
			"106 mentee meeting_accepted", "106 mentor meeting_accepted",
			"111 mentee meeting_tomorrow", "111 mentor meeting_tomorrow",
			"125 mentee review_due", "125 mentor review_due", // every 17 weeks from the start
			"156 mentee pulse_checkin", "156 mentor pulse_checkin",
			"200 admin welfare_concern", "200 coordinator welfare_concern",
			"216 mentee pulse_checkin", "216 mentor pulse_checkin",
			"235 mentee no_contact_mentee", // 122 days without a meeting: the mentee first
			"242 mentor no_contact_mentor", // then, a week on, the mentor
			"244 mentee review_due", "244 mentor review_due",
			"245 mentor meeting_proposed",
			"246 mentee meeting_accepted", "246 mentor meeting_accepted",
			"251 mentee meeting_tomorrow", "251 mentor meeting_tomorrow",
			"276 mentee pulse_checkin", "276 mentor pulse_checkin",
			"336 mentee pulse_checkin", "336 mentor pulse_checkin",
			"341 mentee term_ending", "341 mentor term_ending", // 30 days before the term ends
		}
		// The coordinator's digest, every Monday morning.
		for day := 0; day <= lastDay; day += 7 {
			want = append(want, fmt.Sprintf("%d coordinator weekly_digest", day))
		}
		byDay := func(s []string) []string {
			s = slices.Clone(s)
			slices.SortFunc(s, func(x, y string) int {
				var dx, dy int
				fmt.Sscan(x, &dx)
				fmt.Sscan(y, &dy)
				if dx != dy {
					return dx - dy
				}
				return strings.Compare(x, y)
			})
			return s
		}
		got, want = byDay(got), byDay(want)
		if !slices.Equal(got, want) {
			var missing, extra []string
			for _, w := range want {
				if !slices.Contains(got, w) {
					missing = append(missing, w)
				}
			}
			for _, g := range got {
				if !slices.Contains(want, g) {
					extra = append(extra, g)
				}
			}
			t.Errorf("the year's email differs from the table:\nmissing: %v\nnot expected: %v\ngot (%d): %v", missing, extra, len(got), got)
		}
		if mailers[0].n.Load() == 0 || mailers[1].n.Load() == 0 {
			t.Errorf("runner A sent %d, runner B %d: want both at work", mailers[0].n.Load(), mailers[1].n.Load())
		}
		t.Logf("%d days, %d emails (runner A sent %d, B %d) in %s", lastDay+1, len(got), mailers[0].n.Load(), mailers[1].n.Load(), elapsed.Round(time.Millisecond))
	})
}
