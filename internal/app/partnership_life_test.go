package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func must[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if tandem.ErrorCode(err) != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

// TestPartnershipLife walks one PaLS partnership from introduction to closure
// on a fixed clock: confirmation starts the term, the agreement is versioned
// and signed by both, meetings are proposed, moved, accepted and confirmed,
// a review falls due, both renew at the term's end, then close it.
func TestPartnershipLife(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "pals", "Morgan Mentor", "Riley Mentee")
		id, mentor, mentee := pair.Partnership.ID, pair.Mentor, pair.Mentee
		respond := func(u *tandem.User, event string) *app.MyPartnership {
			t.Helper()
			return must[*app.MyPartnership](t)(a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: id, Event: event}))
		}

		// Introduction: both confirm; the term starts then.
		if v := respond(mentor, tandem.EventConfirm); v.State != tandem.PartnershipIntroduced || !v.IConfirmed || v.OtherConfirmed {
			t.Fatalf("after one confirmation: %+v", v)
		}
		e.Clock.Advance(24 * time.Hour)
		v := respond(mentee, tandem.EventConfirm)
		started := e.Clock.Now()
		if v.State != tandem.PartnershipActive || !v.StartedAt.Equal(started) || !v.TermEndsAt.Equal(started.AddDate(0, 12, 0)) || v.Term != 1 {
			t.Fatalf("after both confirmed: %+v", v)
		}

		// The agreement: drafted from the template, edited, signed by both;
		// a change after signing makes version 2 that both sign again.
		ag := must[*app.Agreement](t)(a.AgreementOf(ctx, mentee, id))
		if ag.Current != nil || len(ag.Draft) == 0 || ag.Draft[0].Prompt == "" {
			t.Fatalf("fresh agreement should be the template: %+v", ag)
		}
		v1 := must[*tandem.AgreementVersion](t)(a.SaveAgreement(ctx, mentee, id, map[string]string{"topics": "Grant writing", "meetings": "Monthly, in the library"}))
		v1 = must[*tandem.AgreementVersion](t)(a.SaveAgreement(ctx, mentor, id, map[string]string{"boundaries": "No marking advice"}))
		if v1.Version != 1 {
			t.Fatalf("unsigned draft edits stay version 1, got %d", v1.Version)
		}
		must[*tandem.AgreementVersion](t)(a.SignAgreement(ctx, mentee, id, 1))
		_, err := a.SignAgreement(ctx, mentor, id, 2)
		wantCode(t, err, tandem.EConflict)
		signed := must[*tandem.AgreementVersion](t)(a.SignAgreement(ctx, mentor, id, 1))
		if !signed.Signed() {
			t.Fatal("both signed version 1 but it is not signed")
		}
		v2 := must[*tandem.AgreementVersion](t)(a.SaveAgreement(ctx, mentor, id, map[string]string{"meetings": "Every six weeks, online"}))
		if v2.Version != 2 || v2.AnySigned() || v2.Sections[0].Text != "Grant writing" {
			t.Fatalf("an edit after signing makes a fresh unsigned version 2 keeping the rest: %+v", v2)
		}
		must[*tandem.AgreementVersion](t)(a.SignAgreement(ctx, mentor, id, 2))
		must[*tandem.AgreementVersion](t)(a.SignAgreement(ctx, mentee, id, 2))
		ag = must[*app.Agreement](t)(a.AgreementOf(ctx, mentor, id))
		if len(ag.Versions) != 2 || !ag.Versions[1].Signed() || !ag.Current.Signed() {
			t.Fatalf("versions: %+v", ag.Versions)
		}

		// Meetings: the mentee proposes; the mentor suggests another time;
		// the mentee accepts; it takes place and either confirms it.
		m1 := must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, mentee, id, app.MeetingInput{Starts: "2026-10-20T14:00", Venue: "Library café", Agenda: "Grant plan"}))
		if m1.Minutes != pair.Programme.MeetingMinutes || m1.State != tandem.MeetingProposed {
			t.Fatalf("proposal: %+v", m1)
		}
		_, err = a.AcceptMeeting(ctx, mentee, id, m1.ID)
		wantCode(t, err, tandem.EConflict) // one cannot accept one's own proposal
		moved := must[*tandem.Meeting](t)(a.MoveMeeting(ctx, mentor, id, m1.ID, app.MeetingInput{Starts: "2026-10-21T15:00", Venue: "Library café", Message: "Tuesday is teaching"}))
		if moved.UID != m1.UID || moved.Sequence != 1 || moved.ProposedBy != mentor.ID {
			t.Fatalf("a move keeps the UID, bumps the sequence, and is the mover's proposal: %+v", moved)
		}
		must[*tandem.Meeting](t)(a.AcceptMeeting(ctx, mentee, id, m1.ID))
		_, err = a.ConfirmMeetingHeld(ctx, mentor, id, m1.ID)
		wantCode(t, err, tandem.EConflict) // not yet
		e.Clock.Set(time.Date(2026, 10, 21, 16, 30, 0, 0, time.UTC))
		must[*tandem.Meeting](t)(a.ConfirmMeetingHeld(ctx, mentor, id, m1.ID))
		m2 := must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, mentor, id, app.MeetingInput{Starts: "2026-12-01T10:00", VideoURL: "https://video.example/r"}))
		must[*tandem.Meeting](t)(a.AcceptMeeting(ctx, mentee, id, m2.ID))
		_, err = a.ProposeMeeting(ctx, mentee, id, app.MeetingInput{Starts: "2026-10-01T10:00"})
		if f := tandem.ErrorFields(err); f["starts"] == "" || f["venue"] == "" {
			t.Fatalf("a past time and no place are both reported: %v", err)
		}
		cal := must[interface{ Bytes() []byte }](t)(a.MeetingCalendar(ctx, mentee, id, m2.ID))
		if ics := string(cal.Bytes()); !strings.Contains(ics, "UID:"+m2.UID) || !strings.Contains(ics, "METHOD:REQUEST") {
			t.Fatalf("invitation: %s", ics)
		}

		// Notes: shared ones for both, private ones for their author only.
		must[*tandem.Note](t)(a.AddNote(ctx, mentee, id, app.NoteInput{MeetingID: m1.ID, Body: "We agreed a plan"}))
		secret := must[*tandem.Note](t)(a.AddNote(ctx, mentor, id, app.NoteInput{Private: true, Body: "Riley seems anxious"}))
		w := must[*app.Workspace](t)(a.WorkspaceOf(ctx, mentee, id))
		if len(w.Notes) != 1 || w.Notes[0].Body != "We agreed a plan" {
			t.Fatalf("the mentee sees the shared note only: %+v", w.Notes)
		}
		_, err = a.EditNote(ctx, mentee, id, secret.ID, "peek")
		wantCode(t, err, tandem.ENotFound)
		if w = must[*app.Workspace](t)(a.WorkspaceOf(ctx, mentor, id)); len(w.Notes) != 2 {
			t.Fatalf("the mentor sees both notes: %+v", w.Notes)
		}

		// A goal with actions, followed up when the next meeting is prepared.
		g := must[*tandem.Goal](t)(a.AddGoal(ctx, mentee, id, app.GoalInput{Horizon: tandem.HorizonShort, Title: "Submit a grant"}))
		x1 := must[*tandem.Action](t)(a.AddAction(ctx, mentee, id, app.ActionInput{MeetingID: m1.ID, GoalID: g.ID, Owner: tandem.Mentee, Title: "Draft the case", DueOn: "2026-11-01"}))
		must[*tandem.Action](t)(a.AddAction(ctx, mentor, id, app.ActionInput{MeetingID: m1.ID, Owner: tandem.Mentor, Title: "Send an example"}))
		must[*tandem.Action](t)(a.SetActionStatus(ctx, mentor, id, x1.ID, tandem.ActionDone))
		prep := must[*app.MeetingPrep](t)(a.PrepareMeeting(ctx, mentee, id, m2.ID))
		if len(prep.Open) != 1 || prep.Open[0].Title != "Send an example" || len(prep.Prompts) != 6 || len(prep.Workspace.Goals) != 1 {
			t.Fatalf("prep: open %+v, %d prompt stages", prep.Open, len(prep.Prompts))
		}
		must[*tandem.Goal](t)(a.UpdateGoal(ctx, mentee, id, g.ID, app.GoalInput{Horizon: tandem.HorizonShort, Title: "Submit a grant", Status: tandem.GoalAchieved}))

		// A review falls due at the programme's interval.
		e.Clock.Set(started.AddDate(0, 0, 7*pair.Programme.ReviewEveryWeeks))
		if w = must[*app.Workspace](t)(a.WorkspaceOf(ctx, mentee, id)); !w.ReviewDue {
			t.Fatalf("review should be due at %v (due at %v)", e.Clock.Now(), w.ReviewDueAt)
		}
		must[*tandem.Review](t)(a.SubmitReview(ctx, mentee, id, app.ReviewInput{MeetsNeeds: tandem.NeedsMet, GoingWell: "Clear plan"}))
		if w = must[*app.Workspace](t)(a.WorkspaceOf(ctx, mentee, id)); w.ReviewDue {
			t.Fatal("review still due after answering it")
		}

		// Term end: the choice opens 30 days before; both renew.
		_, err = a.RespondToPartnership(ctx, mentee, app.RespondInput{PartnershipID: id, Event: tandem.EventRenew})
		wantCode(t, err, tandem.EConflict)
		e.Clock.Set(started.AddDate(0, 12, -20))
		respond(mentee, tandem.EventRenew)
		v = respond(mentor, tandem.EventRenew)
		if v.State != tandem.PartnershipActive || v.Term != 2 || !v.TermEndsAt.Equal(started.AddDate(0, 24, 0)) || v.MyChoice != "" {
			t.Fatalf("after both renewed: %+v", v)
		}

		// At the next term's end the mentor chooses to close; the closing
		// record closes it; each gives feedback; the mentee is invited to mentor.
		e.Clock.Set(started.AddDate(0, 24, -10))
		v = respond(mentor, tandem.EventClose)
		if v.State != tandem.PartnershipClosing || v.Outcome != tandem.OutcomeTermEnded {
			t.Fatalf("after close: %+v", v)
		}
		_, err = a.RecordClosure(ctx, mentee, id, app.ClosureInput{})
		if tandem.ErrorFields(err)["goals_achieved"] == "" {
			t.Fatalf("closure without goals: %v", err)
		}
		must[*tandem.Closure](t)(a.RecordClosure(ctx, mentee, id, app.ClosureInput{GoalsAchieved: "Grant submitted", KeepInTouch: "Coffee each term"}))
		must[*tandem.Feedback](t)(a.GiveFeedback(ctx, mentee, id, app.FeedbackInput{Rating: 5, Comments: "Life-changing"}))
		must[*tandem.Feedback](t)(a.GiveFeedback(ctx, mentor, id, app.FeedbackInput{Rating: 4, Share: true}))
		w = must[*app.Workspace](t)(a.WorkspaceOf(ctx, mentee, id))
		if w.Partnership.State != tandem.PartnershipClosed || w.Closure == nil || !w.InviteToMentor || w.MyFeedback.Rating != 5 || w.Live {
			t.Fatalf("closed workspace: %+v", w.Partnership)
		}
		_, err = a.AddGoal(ctx, mentee, id, app.GoalInput{Horizon: tandem.HorizonLong, Title: "More"})
		wantCode(t, err, tandem.EConflict)

		// The coordinator sees dates and counts.
		sums := must[[]app.PartnershipSummary](t)(a.PartnershipSummaries(ctx, pair.Coordinator, pair.Programme.ID))
		s := sums[0]
		if len(s.MeetingsHeld) != 1 || s.AgreementVersion != 2 || s.AgreementSignedAt == nil || s.Goals != 1 || s.GoalsAchieved != 1 ||
			s.Actions != 2 || s.ActionsDone != 1 || s.Reviews != 1 || s.Feedback != 2 || s.LastContactAt == nil || !s.LastContactAt.Equal(moved.StartsAt) {
			t.Fatalf("summary: %+v", s)
		}
	})
}

// TestNonRenewableAndEarlyEnds: Activate partnerships are not renewed;
// ending early says how; a withdrawal cancels the meetings still to come.
func TestNonRenewableAndEarlyEnds(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		one := e.MustPair(t, nil, "activate", "Avery Mentor", "Blake Mentee")
		for _, u := range []*tandem.User{one.Mentor, one.Mentee} {
			must[*app.MyPartnership](t)(a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: one.Partnership.ID, Event: tandem.EventConfirm}))
		}
		e.Clock.Advance(6*30*24*time.Hour - 10*24*time.Hour)
		_, err := a.RespondToPartnership(ctx, one.Mentee, app.RespondInput{PartnershipID: one.Partnership.ID, Event: tandem.EventRenew})
		if tandem.ErrorCode(err) != tandem.EConflict || !strings.Contains(tandem.ErrorMessage(err), "not renewed") {
			t.Fatalf("renewing Activate: %v", err)
		}
		v := must[*app.MyPartnership](t)(a.RespondToPartnership(ctx, one.Mentee, app.RespondInput{PartnershipID: one.Partnership.ID, Event: tandem.EventComplete, Reason: "Got the job"}))
		if v.State != tandem.PartnershipClosing || v.Outcome != tandem.OutcomeCompleted || !v.EndedByMe {
			t.Fatalf("completed early: %+v", v)
		}
		other := must[*app.Workspace](t)(a.WorkspaceOf(ctx, one.Mentor, one.Partnership.ID))
		if !other.Partnership.EndedByOther || other.Partnership.Outcome != tandem.OutcomeCompleted {
			t.Fatalf("the other party is told how it ended: %+v", other.Partnership)
		}

		two := e.MustPairIn(t, one.Coordinator, one.Programme, "Cam Mentor", "Dee Mentee")
		m := must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, two.Mentee, two.Partnership.ID, app.MeetingInput{Starts: e.Clock.Now().Add(48 * time.Hour).Format(time.RFC3339), Venue: "Room 1"}))
		must[*app.MyPartnership](t)(a.RespondToPartnership(ctx, two.Mentor, app.RespondInput{PartnershipID: two.Partnership.ID, Event: tandem.EventWithdraw, Reason: "Too busy"}))
		cal := must[interface{ Bytes() []byte }](t)(a.MeetingCalendar(ctx, two.Mentee, two.Partnership.ID, m.ID))
		if !strings.Contains(string(cal.Bytes()), "METHOD:CANCEL") {
			t.Fatalf("the withdrawn pair's meeting should be cancelled:\n%s", cal.Bytes())
		}
		w := must[*app.Workspace](t)(a.WorkspaceOf(ctx, two.Mentee, two.Partnership.ID))
		if w.Partnership.State != tandem.PartnershipWithdrawn || !w.Partnership.EndedByOther {
			t.Fatalf("withdrawn: %+v", w.Partnership)
		}
		sums := must[[]app.PartnershipSummary](t)(a.PartnershipSummaries(ctx, two.Coordinator, two.Programme.ID))
		for _, s := range sums {
			if s.ID == two.Partnership.ID && s.EndReason != "Too busy" {
				t.Fatalf("the coordinator reads the reason: %+v", s)
			}
		}
	})
}

// TestLeavingTheProgrammeEndsPartnerships: withdrawing a membership
// withdraws its live partnerships.
func TestLeavingTheProgrammeEndsPartnerships(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		pair := e.MustPair(t, nil, "pals", "Eli Mentor", "Fay Mentee")
		if err := e.App.Withdraw(ctx, pair.Mentee, pair.Programme.ID, pair.Partnership.MenteeMembershipID); err != nil {
			t.Fatal(err)
		}
		w := must[*app.Workspace](t)(e.App.WorkspaceOf(ctx, pair.Mentor, pair.Partnership.ID))
		if w.Partnership.State != tandem.PartnershipWithdrawn {
			t.Fatalf("state after the mentee left: %s", w.Partnership.State)
		}
	})
}

// TestMentorAvailability: a paused mentor gets no new introductions, and
// capacity stays within the programme's limit.
func TestMentorAvailability(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newMatchFixture(t, db)
		ctx, a := context.Background(), f.e.App
		_, err := a.SetAvailability(ctx, f.users["Lect"], f.p.ID, f.lect.ID, app.AvailabilityInput{Capacity: 3})
		if tandem.ErrorFields(err)["capacity"] == "" {
			t.Fatalf("PaLS allows two mentees each: %v", err)
		}
		_, err = a.SetAvailability(ctx, f.users["Ada"], f.p.ID, f.lect.ID, app.AvailabilityInput{Capacity: 1})
		wantCode(t, err, tandem.ENotFound)
		for _, name := range []string{"Lect", "Prof", "Postdc"} {
			m := map[string]tandem.Membership{"Lect": f.lect, "Prof": f.prof, "Postdc": f.postdc}[name]
			must[*tandem.Membership](t)(a.SetAvailability(ctx, f.users[name], f.p.ID, m.ID, app.AvailabilityInput{Capacity: 1, Paused: tandem.PausedAway}))
		}
		prop := must[*app.Proposal](t)(a.ProposeMatching(ctx, f.coord, f.p.ID))
		if len(prop.Pairs) != 0 {
			t.Fatalf("every mentor paused, yet pairs were proposed: %v", pairsOf(prop))
		}
		must[*tandem.Membership](t)(a.SetAvailability(ctx, f.users["Lect"], f.p.ID, f.lect.ID, app.AvailabilityInput{Capacity: 1}))
		prop = must[*app.Proposal](t)(a.ProposeMatching(ctx, f.coord, f.p.ID))
		if len(prop.Pairs) != 1 || prop.Pairs[0].Mentor.UserName != "Lect" {
			t.Fatalf("only Lect is open, with one place: %v", pairsOf(prop))
		}
	})
}

func TestReviewDue(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	p := &tandem.Partnership{State: tandem.PartnershipActive, StartedAt: &start}
	prog := &tandem.Programme{ReviewEveryWeeks: 8}
	week := 7 * 24 * time.Hour
	review := func(at time.Time) tandem.Review { return tandem.Review{CreatedAt: at} }
	for _, tc := range []struct {
		name    string
		now     time.Time
		reviews []tandem.Review
		due     bool
		dueAt   time.Time
	}{
		{"before the first", start.Add(7 * week), nil, false, start.Add(8 * week)},
		{"first due", start.Add(8 * week), nil, true, start.Add(8 * week)},
		{"answered early counts", start.Add(8 * week), []tandem.Review{review(start.Add(7 * week))}, false, start.Add(16 * week)},
		{"answered too early does not", start.Add(8 * week), []tandem.Review{review(start.Add(5 * week))}, true, start.Add(8 * week)},
		{"second round", start.Add(17 * week), []tandem.Review{review(start.Add(8 * week))}, true, start.Add(16 * week)},
	} {
		at, due := app.ReviewDue(p, prog, tc.reviews, tc.now)
		if due != tc.due || at == nil || !at.Equal(tc.dueAt) {
			t.Errorf("%s: due %v at %v, want %v at %v", tc.name, due, at, tc.due, tc.dueAt)
		}
	}
	if at, due := app.ReviewDue(p, &tandem.Programme{}, nil, start.Add(100*week)); at != nil || due {
		t.Error("a programme without reviews never has one due")
	}
}
