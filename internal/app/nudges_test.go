package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestDueNudges runs the daily scan every morning for the first months of an
// Activate partnership (meet at least every 42 days, review every 8 weeks) on a fixed clock and checks which reminders come due on
// which day, to whom, and that none comes twice (its key is new only once).
func TestDueNudges(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "activate", "Nia Mentor", "Otto Mentee") // introduced Monday 5 Oct 2026, 09:00
		id := pair.Partnership.ID
		// A second pair that never answers its introduction.
		silent := e.MustPairIn(t, pair.Coordinator, pair.Programme, "Pim Mentor", "Quin Mentee")
		names := map[int64]string{pair.Mentor.ID: "mentor", pair.Mentee.ID: "mentee", pair.Coordinator.ID: "coordinator",
			silent.Mentor.ID: "silent mentor", silent.Mentee.ID: "silent mentee"}
		seen := map[string]bool{}
		got := map[int][]string{} // day -> "kind to"
		scanDay := func(day int) {
			t.Helper()
			e.Clock.Set(testutil.Epoch.AddDate(0, 0, day))
			ns := must[[]app.Nudge](t)(a.DueNudges(ctx, e.Clock.Now()))
			for _, n := range ns {
				// Every reminder can be written as an email, with nothing the pair wrote in it.
				msg := must[*mail.Message](t)(a.NudgeMessage(ctx, n, e.Clock.Now()))
				// ...and carries its one-click unsubscribe, in the footer too.
				if !strings.HasPrefix(msg.Unsubscribe, "http://tandem.test/unsubscribe/") || !strings.Contains(msg.Text, msg.Unsubscribe) {
					t.Fatalf("%s: unsubscribe %q", n.Key, msg.Unsubscribe)
				}
				if msg.Subject == "" || msg.Text == "" || msg.To == "" || strings.Contains(msg.Text+msg.HTML, "SECRET-AGENDA") {
					t.Fatalf("%s: %+v", n.Key, msg)
				}
				if !seen[n.Key] {
					seen[n.Key] = true
					got[day] = append(got[day], n.Kind+" "+names[n.To])
				}
			}
			slices.Sort(got[day])
		}
		respond := func(u *tandem.User, ev string) {
			must[*app.MyPartnership](t)(a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: id, Event: ev}))
		}
		for day := 0; day <= 12; day++ {
			e.Clock.Set(testutil.Epoch.AddDate(0, 0, day))
			switch day {
			case 8:
				respond(pair.Mentor, tandem.EventConfirm)
			case 12:
				respond(pair.Mentee, tandem.EventConfirm) // active from 17 Oct, 09:00
			}
			scanDay(day)
		}
		// The mentee proposes a meeting for day 30; the mentor leaves it a week.
		e.Clock.Set(testutil.Epoch.AddDate(0, 0, 13))
		m := must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, pair.Mentee, id, app.MeetingInput{Starts: testutil.Epoch.AddDate(0, 0, 30).Add(5 * time.Hour).Format(time.RFC3339), Venue: "Café", Agenda: "SECRET-AGENDA"}))
		for day := 13; day <= 31; day++ {
			e.Clock.Set(testutil.Epoch.AddDate(0, 0, day))
			switch day {
			case 22:
				must[*tandem.Meeting](t)(a.AcceptMeeting(ctx, pair.Mentor, id, m.ID))
			case 31:
				must[*tandem.Meeting](t)(a.ConfirmMeetingHeld(ctx, pair.Mentee, id, m.ID))
			}
			scanDay(day)
		}
		// Both sign the agreement; then nobody meets again for the cadence's 42 days and more.
		must[*tandem.AgreementVersion](t)(a.SaveAgreement(ctx, pair.Mentee, id, map[string]string{"topics": "Grants"}))
		must[*tandem.AgreementVersion](t)(a.SignAgreement(ctx, pair.Mentee, id, 1))
		must[*tandem.AgreementVersion](t)(a.SignAgreement(ctx, pair.Mentor, id, 1))
		for day := 32; day <= 90; day++ {
			scanDay(day)
		}

		want := map[int][]string{
			0: {"weekly_digest coordinator"},
			7: {"intro_unanswered mentee", "intro_unanswered mentor", "intro_unanswered silent mentee", "intro_unanswered silent mentor",
				"weekly_digest coordinator"},
			12: {"agreement_unsigned mentee", "agreement_unsigned mentor"},   // active, a week after the introduction
			14: {"intro_escalated coordinator", "weekly_digest coordinator"}, // the silent pair's only: the first had confirmed
			20: {"proposal_unanswered mentor"},                               // proposed on day 13
			21: {"weekly_digest coordinator"},
			29: {"meeting_tomorrow mentee", "meeting_tomorrow mentor"},
			28: {"weekly_digest coordinator"},
			// Held on day 30 at 14:00 (confirmed day 31): 42 days without a
			// meeting from then, seen by the next morning's scan.
			73: {"no_contact mentee"},
			80: {"no_contact mentor"},
			// Reviews every 8 weeks from the start (day 12): due on day 68.
			68: {"review_due mentee", "review_due mentor"},
			// The first pulse check-in, 30 days after the start (day 12).
			42: {"pulse_checkin mentee", "pulse_checkin mentor"},
		}
		for day := 35; day <= 90; day += 7 {
			want[day] = append(want[day], "weekly_digest coordinator")
			slices.Sort(want[day])
		}
		for day := 0; day <= 90; day++ {
			slices.Sort(want[day])
			if strings.Join(got[day], ",") != strings.Join(want[day], ",") {
				t.Errorf("day %d (%s): got %v, want %v", day, testutil.Epoch.AddDate(0, 0, day).Format("Mon 2 Jan"), got[day], want[day])
			}
		}

		// Someone who switched a reminder off does not get it.
		if err := a.SetReminders(ctx, pair.Coordinator, []string{tandem.NudgeIntroEscalated}); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(testutil.Epoch.AddDate(0, 0, 91)) // a Monday
		for _, n := range must[[]app.Nudge](t)(a.DueNudges(ctx, e.Clock.Now())) {
			if n.Kind == tandem.NudgeWeeklyDigest {
				t.Fatalf("the digest was switched off: %+v", n)
			}
		}
		s := must[*app.ReminderSettings](t)(a.MyReminderSettings(ctx, pair.Coordinator))
		if s.On[tandem.NudgeWeeklyDigest] || !s.On[tandem.NudgeIntroEscalated] {
			t.Fatalf("settings: %v", s.On)
		}
	})
}
