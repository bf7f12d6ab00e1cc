package app_test

import (
	"context"
	"fmt"
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

// confirmBoth makes an introduced pair active: its term starts now.
func confirmBoth(t *testing.T, e *testutil.Env, p *testutil.Pair) {
	t.Helper()
	for _, u := range []*tandem.User{p.Mentor, p.Mentee} {
		must[*app.MyPartnership](t)(e.App.RespondToPartnership(context.Background(), u, app.RespondInput{PartnershipID: p.Partnership.ID, Event: tandem.EventConfirm}))
	}
}

// TestPulseCheckIns walks the check-in through its rounds and proves who
// reads what: the author their own words, the coordinator the scores and the
// words shared with them, the other party nothing; and the average only from
// five people.
func TestPulseCheckIns(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "pals", "Nia Mentor", "Otto Mentee")
		coord, id := pair.Coordinator, pair.Partnership.ID
		confirmBoth(t, e, pair)
		start := e.Clock.Now()
		day := func(n int) { e.Clock.Set(start.AddDate(0, 0, n)) }

		// Before day 30 there is nothing to answer.
		day(29)
		st := must[*app.PulseStatus](t)(a.MyPulse(ctx, pair.Mentee, id))
		if st.Due || st.Round != 0 || !st.NextAt.Equal(start.AddDate(0, 0, 30)) {
			t.Fatalf("day 29: %+v", st)
		}
		_, err := a.SubmitPulse(ctx, pair.Mentee, id, app.PulseInput{Score: 4})
		wantCode(t, err, tandem.EConflict)
		if ns := pulseNudges(t, a, e.Clock.Now()); len(ns) != 0 {
			t.Fatalf("day 29: pulse reminders %v", ns)
		}

		day(30)
		if got := pulseNudges(t, a, e.Clock.Now()); !slices.Equal(got, []string{fmt.Sprintf("u%d/round1", pair.Mentor.ID), fmt.Sprintf("u%d/round1", pair.Mentee.ID)}) &&
			!slices.Equal(got, []string{fmt.Sprintf("u%d/round1", pair.Mentee.ID), fmt.Sprintf("u%d/round1", pair.Mentor.ID)}) {
			t.Fatalf("day 30: pulse reminders %v, want both parties' round 1", got)
		}
		st = must[*app.PulseStatus](t)(a.MyPulse(ctx, pair.Mentee, id))
		if !st.Due || st.Round != 1 || st.CanSayNotGoodFit {
			t.Fatalf("day 30: %+v", st)
		}
		// Invalid answers, and "not a good fit" before any meeting.
		for _, in := range []app.PulseInput{{Score: 0}, {Score: 6}, {Score: 3, Word: strings.Repeat("x", 501)}} {
			_, err := a.SubmitPulse(ctx, pair.Mentee, id, in)
			wantCode(t, err, tandem.EInvalid)
		}
		_, err = a.SubmitPulse(ctx, pair.Mentee, id, app.PulseInput{Score: 3, NotGoodFit: true})
		if tandem.ErrorCode(err) != tandem.EInvalid || tandem.ErrorFields(err)["not_good_fit"] == "" {
			t.Fatalf("not a good fit before meeting: %v", err)
		}

		// A low score from the mentee offers a re-pair; the mentor's does not.
		res := must[*app.PulseResult](t)(a.SubmitPulse(ctx, pair.Mentee, id, app.PulseInput{Score: 2, Word: "MENTEE-PRIVATE-WORD"}))
		if !res.OfferRepair || res.Pulse.Round != 1 || res.Pulse.Role != tandem.Mentee {
			t.Fatalf("mentee's low answer: %+v", res)
		}
		res = must[*app.PulseResult](t)(a.SubmitPulse(ctx, pair.Mentor, id, app.PulseInput{Score: 1, Word: "MENTOR-SHARED-WORD", Share: true}))
		if res.OfferRepair {
			t.Fatal("the mentor was offered a change of mentor")
		}
		_, err = a.SubmitPulse(ctx, pair.Mentee, id, app.PulseInput{Score: 5})
		wantCode(t, err, tandem.EConflict) // once per round
		if ns := pulseNudges(t, a, e.Clock.Now()); len(ns) != 0 {
			t.Fatalf("after both answered: pulse reminders %v", ns)
		}

		// Each reads their own words, never the other's.
		for _, c := range []struct {
			u           *tandem.User
			mine, other string
		}{{pair.Mentee, "MENTEE-PRIVATE-WORD", "MENTOR-SHARED-WORD"}, {pair.Mentor, "MENTOR-SHARED-WORD", "MENTEE-PRIVATE-WORD"}} {
			text := jsonOf(t, must[*app.PulseStatus](t)(a.MyPulse(ctx, c.u, id))) + jsonOf(t, must[*app.Workspace](t)(a.WorkspaceOf(ctx, c.u, id)))
			if !strings.Contains(text, c.mine) || strings.Contains(text, c.other) {
				t.Errorf("%s reads own word %v, the other's %v", c.u.Name, strings.Contains(text, c.mine), strings.Contains(text, c.other))
			}
		}

		// The coordinator: scores, a low flag, and only the shared word.
		sigs := must[map[int64]app.PulseSignal](t)(a.PulseSignals(ctx, coord, pair.Programme.ID))
		sig := sigs[id]
		if !sig.Low || sig.Mentee == nil || sig.Mentee.Score != 2 || sig.Mentor == nil || sig.Mentor.Score != 1 || sig.Mentor.SharedWord != "MENTOR-SHARED-WORD" {
			t.Fatalf("signal: %+v", jsonOf(t, sig))
		}
		if strings.Contains(jsonOf(t, sigs), "MENTEE-PRIVATE-WORD") {
			t.Fatal("the coordinator reads a word that was not shared")
		}
		// Two people: no average, no word.
		sum := must[*app.PulseSummary](t)(a.PulseSummary(ctx, coord, pair.Programme.ID, time.Time{}, time.Time{}))
		if !sum.Suppressed || !sum.AnyAnswers || sum.People != 0 || sum.Answers != 0 || sum.Average != 0 || len(sum.Words) != 0 || sum.Counts != [5]int{} {
			t.Fatalf("two people: %s", jsonOf(t, sum))
		}

		// Three more pairs answer: six people, so the figures show.
		for i := 0; i < 2; i++ {
			e.Clock.Set(start)
			p := e.MustPairIn(t, coord, pair.Programme, fmt.Sprintf("Mentor %d", i), fmt.Sprintf("Mentee %d", i))
			confirmBoth(t, e, p)
			day(31)
			must[*app.PulseResult](t)(a.SubmitPulse(ctx, p.Mentee, p.Partnership.ID, app.PulseInput{Score: 5, Word: fmt.Sprintf("SHARED-%d", i), Share: true}))
			must[*app.PulseResult](t)(a.SubmitPulse(ctx, p.Mentor, p.Partnership.ID, app.PulseInput{Score: 4, Word: "KEPT"}))
		}
		sum = must[*app.PulseSummary](t)(a.PulseSummary(ctx, coord, pair.Programme.ID, time.Time{}, time.Time{}))
		if sum.Suppressed || sum.People != 6 || sum.Answers != 6 || sum.Counts != [5]int{1, 1, 0, 2, 2} || sum.Low != 2 || len(sum.Words) != 3 {
			t.Fatalf("six people: %s", jsonOf(t, sum))
		}
		if want := float64(2+1+5+4+5+4) / 6; sum.Average != want {
			t.Fatalf("average %v, want %v", sum.Average, want)
		}
		if text := jsonOf(t, sum); strings.Contains(text, "KEPT") || strings.Contains(text, "MENTEE-PRIVATE-WORD") {
			t.Fatalf("the summary shows words that were not shared: %s", text)
		}
		// The coordinator's weekly digest: the average, and the low pair at risk; no words.
		digest := must[*mail.Message](t)(a.NudgeMessage(ctx, app.Nudge{Kind: tandem.NudgeWeeklyDigest, To: coord.ID}, e.Clock.Now()))
		if !strings.Contains(digest.Text, "Pulse: 3.5 out of 5, from 6 answers") || !strings.Contains(digest.Text, "Low pulse score on") ||
			strings.Contains(digest.Text+digest.HTML, "SHARED-") || strings.Contains(digest.Text+digest.HTML, "MENTEE-PRIVATE-WORD") {
			t.Fatalf("digest:\n%s", digest.Text)
		}
		// A period that holds only the first two answers is suppressed again.
		sum = must[*app.PulseSummary](t)(a.PulseSummary(ctx, coord, pair.Programme.ID, start.AddDate(0, 0, 30), start.AddDate(0, 0, 31)))
		if !sum.Suppressed || sum.People != 0 {
			t.Fatalf("day 30 only: %s", jsonOf(t, sum))
		}
		// The coordinator's reads are in the audit log, seen by the members.
		lines := must[[]app.AuditLine](t)(a.WhoSawMyData(ctx, pair.Mentee))
		if !slices.ContainsFunc(lines, func(l app.AuditLine) bool { return l.Action == tandem.AuditViewPulse && l.ActorID == coord.ID }) {
			t.Fatal("the coordinator's read of the pulse is not in the mentee's activity")
		}

		// After the first meeting, "not a good fit" is open; round 2 opens on day 90.
		day(40)
		m := must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, pair.Mentee, id, app.MeetingInput{Starts: start.AddDate(0, 0, 45).Format("2006-01-02T15:04"), Venue: "Café"}))
		must[*tandem.Meeting](t)(a.AcceptMeeting(ctx, pair.Mentor, id, m.ID))
		day(46)
		must[*tandem.Meeting](t)(a.ConfirmMeetingHeld(ctx, pair.Mentee, id, m.ID))
		day(89)
		if st := must[*app.PulseStatus](t)(a.MyPulse(ctx, pair.Mentee, id)); st.Due || !st.CanSayNotGoodFit || !st.OfferRepair {
			t.Fatalf("day 89: %+v", st)
		}
		day(90)
		res = must[*app.PulseResult](t)(a.SubmitPulse(ctx, pair.Mentee, id, app.PulseInput{Score: 4, NotGoodFit: true}))
		if res.Pulse.Round != 2 || !res.OfferRepair {
			t.Fatalf("round 2, not a good fit: %+v", res)
		}

		// Data rights: each exports their own answers only; erasure keeps
		// the score for the figures and drops the word.
		if text := jsonOf(t, must[*app.DataExport](t)(a.ExportMyData(ctx, pair.Mentee))); !strings.Contains(text, "MENTEE-PRIVATE-WORD") || strings.Contains(text, "MENTOR-SHARED-WORD") {
			t.Fatal("the mentee's export does not hold exactly their own words")
		}
		if err := a.EraseMe(ctx, pair.Mentor, pair.Mentor.Email); err != nil {
			t.Fatal(err)
		}
		sigs = must[map[int64]app.PulseSignal](t)(a.PulseSignals(ctx, coord, pair.Programme.ID))
		if m := sigs[id].Mentor; m == nil || m.Score != 1 || m.SharedWord != "" {
			t.Fatalf("after the mentor's erasure: %s", jsonOf(t, sigs[id]))
		}
	})
}

// pulseNudges lists the pulse reminders due at now as "u<recipient>/round<n>".
func pulseNudges(t *testing.T, a *app.App, now time.Time) []string {
	t.Helper()
	var out []string
	for _, n := range must[[]app.Nudge](t)(a.DueNudges(context.Background(), now)) {
		if n.Kind == tandem.NudgePulse {
			parts := strings.Split(n.Key, "/")
			out = append(out, fmt.Sprintf("u%d/%s", n.To, parts[len(parts)-2]))
		}
	}
	return out
}

func TestPulseRound(t *testing.T) {
	start := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		days, round, opened int
	}{{0, 0, 0}, {29, 0, 0}, {30, 1, 30}, {89, 1, 30}, {90, 2, 90}, {149, 2, 90}, {150, 3, 150}, {365, 6, 330}} {
		round, opened := tandem.PulseRound(start, start.AddDate(0, 0, c.days))
		if round != c.round || (round > 0 && !opened.Equal(start.AddDate(0, 0, c.opened))) {
			t.Errorf("day %d: round %d opened %s; want %d, day %d", c.days, round, opened, c.round, c.opened)
		}
	}
}
