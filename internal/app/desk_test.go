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

// day sets the fixture clock to the test epoch plus n days.
func day(e *testutil.Env, n int) { e.Clock.Set(testutil.Epoch.AddDate(0, 0, n)) }

// activatePair makes a pair in p that both confirm at the clock's now.
func activatePair(t *testing.T, e *testutil.Env, coord *tandem.User, p *tandem.Programme, mentor, mentee string) *testutil.Pair {
	t.Helper()
	pair := e.MustPairIn(t, coord, p, mentor, mentee)
	for _, u := range []*tandem.User{pair.Mentor, pair.Mentee} {
		must[*app.MyPartnership](t)(e.App.RespondToPartnership(context.Background(), u, app.RespondInput{PartnershipID: pair.Partnership.ID, Event: tandem.EventConfirm}))
	}
	return pair
}

func signAgreement(t *testing.T, e *testutil.Env, pair *testutil.Pair) {
	t.Helper()
	ctx, id := context.Background(), pair.Partnership.ID
	must[*tandem.AgreementVersion](t)(e.App.SaveAgreement(ctx, pair.Mentee, id, map[string]string{"topics": "SECRET-AGREEMENT"}))
	must[*tandem.AgreementVersion](t)(e.App.SignAgreement(ctx, pair.Mentee, id, 1))
	must[*tandem.AgreementVersion](t)(e.App.SignAgreement(ctx, pair.Mentor, id, 1))
}

// meetAt has the mentee propose a meeting on day n (at 14:00), the mentor
// accept it, and the mentee confirm it took place the day after.
func meetAt(t *testing.T, e *testutil.Env, pair *testutil.Pair, n int) {
	t.Helper()
	ctx, id := context.Background(), pair.Partnership.ID
	m := must[*tandem.Meeting](t)(e.App.ProposeMeeting(ctx, pair.Mentee, id, app.MeetingInput{Starts: testutil.Epoch.AddDate(0, 0, n).Add(5 * time.Hour).Format(time.RFC3339), Venue: "Café", Agenda: "SECRET-AGENDA"}))
	must[*tandem.Meeting](t)(e.App.AcceptMeeting(ctx, pair.Mentor, id, m.ID))
	day(e, n+1)
	must[*tandem.Meeting](t)(e.App.ConfirmMeetingHeld(ctx, pair.Mentee, id, m.ID))
}

// eventOn arranges an event by who, in programmeID (0: the organisation),
// n days from the clock's now at 10:00 UTC.
func eventOn(t *testing.T, e *testutil.Env, who *tandem.User, programmeID int64, kind, title string, n int) *tandem.Event {
	t.Helper()
	start := e.Clock.Now().Truncate(24*time.Hour).AddDate(0, 0, n).Add(10 * time.Hour)
	return must[*tandem.Event](t)(e.App.CreateEvent(context.Background(), who, app.EventInput{ProgrammeID: programmeID, Kind: kind, Title: title,
		Starts: start.Format(time.RFC3339), Minutes: 90, Place: "Senate Room", Capacity: 20, Audience: tandem.AudienceEveryone}))
}

// attend books people on ev and records them as attending once it has happened; the clock is put back.
func attend(t *testing.T, e *testutil.Env, coord *tandem.User, ev *tandem.Event, people ...*tandem.User) {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for _, u := range people {
		must[*tandem.Booking](t)(e.App.Book(ctx, u, ev.ID))
		ids = append(ids, u.ID)
	}
	now := e.Clock.Now()
	e.Clock.Set(ev.StartsAt.Add(time.Hour))
	defer e.Clock.Set(now)
	must[int](t)(e.App.RecordAttendance(ctx, coord, ev.ID, ids))
}

// risksOf returns each partnership's risk kinds (and since which day) as
// the coordinator's partnership list shows them.
func risksOf(t *testing.T, e *testutil.Env, coord *tandem.User, p *tandem.Programme) map[int64][]string {
	t.Helper()
	out := map[int64][]string{}
	for _, s := range must[[]app.PartnershipSummary](t)(e.App.PartnershipSummaries(context.Background(), coord, p.ID)) {
		for _, r := range s.Risks {
			out[s.ID] = append(out[s.ID], fmt.Sprintf("%s@%d", r.Kind, int(r.Since.Sub(testutil.Epoch).Hours()/24)))
		}
		slices.Sort(out[s.ID])
	}
	return out
}

// TestRiskRules walks four Activate pairs (meet at least every 42 days,
// review every 8 weeks) on a fixed clock and checks each risk rule comes
// on the day it should, with the day it counts from, on the desk and in the
// coordinator's weekly digest alike.
func TestRiskRules(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		p := e.MustProgramme(t, coord, "activate")
		intro := e.MustPairIn(t, coord, p, "Ann Mentor", "Abe Mentee") // never answered
		unsigned := activatePair(t, e, coord, p, "Bea Mentor", "Bob Mentee")
		proposal := activatePair(t, e, coord, p, "Cat Mentor", "Cid Mentee")
		healthy := activatePair(t, e, coord, p, "Dee Mentor", "Dan Mentee")
		signAgreement(t, e, proposal)
		signAgreement(t, e, healthy)
		day(e, 1)
		must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, proposal.Mentee, proposal.Partnership.ID, app.MeetingInput{Starts: testutil.Epoch.AddDate(0, 0, 20).Format(time.RFC3339), Venue: "Café"}))
		meetAt(t, e, healthy, 3) // held on day 3 at 14:00, confirmed on day 4
		ids := map[string]int64{"intro": intro.Partnership.ID, "unsigned": unsigned.Partnership.ID, "proposal": proposal.Partnership.ID, "healthy": healthy.Partnership.ID}

		for _, c := range []struct {
			day  int
			want map[string][]string
		}{
			{6, map[string][]string{}},
			{7, map[string][]string{"intro": {"introduction_unconfirmed@0"}, "unsigned": {"agreement_unsigned@0"}}},
			{8, map[string][]string{"intro": {"introduction_unconfirmed@0"}, "unsigned": {"agreement_unsigned@0"}, "proposal": {"proposal_unanswered@1"}}},
			// Day 42: the proposed day 20 has passed; nobody has met since the start but the healthy pair.
			{42, map[string][]string{"intro": {"introduction_unconfirmed@0"}, "unsigned": {"agreement_unsigned@0", "no_contact@0"}, "proposal": {"no_contact@0"}}},
			{46, map[string][]string{"intro": {"introduction_unconfirmed@0"}, "unsigned": {"agreement_unsigned@0", "no_contact@0"}, "proposal": {"no_contact@0"}, "healthy": {"no_contact@3"}}},
			{56, map[string][]string{"intro": {"introduction_unconfirmed@0"}, "unsigned": {"agreement_unsigned@0", "no_contact@0", "review_overdue@56"},
				"proposal": {"no_contact@0", "review_overdue@56"}, "healthy": {"no_contact@3", "review_overdue@56"}}},
		} {
			day(e, c.day)
			got := risksOf(t, e, coord, p)
			for name, id := range ids {
				if !slices.Equal(got[id], c.want[name]) {
					t.Errorf("day %d, %s pair: risks %v, want %v", c.day, name, got[id], c.want[name])
				}
			}
		}

		// A low pulse: the healthy pair's mentee answers 2 on day 57 (round 1
		// opened on day 30); the mentor's 4 does not lift it; the mentee's 4 in
		// round 2 (from day 90) does.
		pulse := func(u *tandem.User, n, score int) {
			t.Helper()
			day(e, n)
			must[*app.PulseResult](t)(a.SubmitPulse(ctx, u, healthy.Partnership.ID, app.PulseInput{Score: score, Word: "SECRET-WORD", Share: true}))
		}
		lowOf := func() []string {
			var out []string
			for _, k := range risksOf(t, e, coord, p)[healthy.Partnership.ID] {
				if strings.HasPrefix(k, "low_pulse") {
					out = append(out, k)
				}
			}
			return out
		}
		pulse(healthy.Mentee, 57, 2)
		if got := lowOf(); !slices.Equal(got, []string{"low_pulse@57"}) {
			t.Errorf("after a low answer: %v", got)
		}
		pulse(healthy.Mentor, 58, 4)
		if got := lowOf(); !slices.Equal(got, []string{"low_pulse@57"}) {
			t.Errorf("after the mentor's 4: %v", got)
		}
		d := must[*app.Dashboard](t)(a.ProgrammeDashboard(ctx, coord, p.ID))
		if s := fmt.Sprintf("%+v", d); strings.Contains(s, "SECRET") || d.RiskCounts[len(d.RiskCounts)-1] != (app.RiskCount{Kind: mail.RiskLowPulse, Name: "Low pulse", N: 1}) {
			t.Errorf("the desk's low pulse: %+v", d.RiskCounts)
		}
		pulse(healthy.Mentee, 91, 4)
		if got := lowOf(); got != nil {
			t.Errorf("after the mentee's 4 in round 2: %v", got)
		}

		// The weekly digest (day 42 is a Monday) lists the same risks.
		day(e, 42)
		var digest *mail.Message
		for _, n := range must[[]app.Nudge](t)(a.DueNudges(ctx, e.Clock.Now())) {
			if n.Kind == tandem.NudgeWeeklyDigest && n.To == coord.ID {
				digest = must[*mail.Message](t)(a.NudgeMessage(ctx, n, e.Clock.Now()))
			}
		}
		if digest == nil {
			t.Fatal("no weekly digest on a Monday")
		}
		text := strings.Join(strings.Fields(digest.Text), " ")
		for _, want := range []string{"Abe Mentee (mentee) and Ann Mentor: Introduction not confirmed since 5 Oct 2026",
			"Bob Mentee (mentee) and Bea Mentor: Agreement unsigned since 5 Oct 2026", "Bob Mentee (mentee) and Bea Mentor: No meeting since 5 Oct 2026",
			"Cid Mentee (mentee) and Cat Mentor: No meeting since 5 Oct 2026"} {
			if !strings.Contains(text, want) {
				t.Errorf("digest lacks %q:\n%s", want, digest.Text)
			}
		}
		if strings.Contains(digest.Text, "Dan Mentee") || strings.Contains(digest.Text+digest.HTML, "SECRET") {
			t.Errorf("digest names the healthy pair or content:\n%s", digest.Text)
		}
	})
}

func TestWorkloadEstimate(t *testing.T) {
	for _, c := range []struct {
		pairs int
		want  string
	}{
		{34, "34 live pairs \u2248 1.7 days a week"},
		{20, "20 live pairs \u2248 1 day a week"},
		{1, "1 live pair \u2248 0.1 days a week"},
		{0, "0 live pairs \u2248 0 days a week"},
		{45, "45 live pairs \u2248 2.3 days a week"},
	} {
		if got := app.WorkloadFor(c.pairs).String(); got != c.want {
			t.Errorf("%d pairs: %q, want %q", c.pairs, got, c.want)
		}
	}
}

// deskFixture is one Activate programme (at least 3 and up to 6 meetings a
// term, at most 42 days apart) on day 91 of a six-month term:
//   - "met": active, agreement signed, met on day 10;
//   - "quiet": active, nothing since;
//   - "waiting": introduced, never answered;
//   - "declined": the mentee declined on day 2, so they wait for a rematch
//     and their mentor waits for a mentee;
//   - Pia, a mentor away for a while; Quinn, a mentee with an allowed mentor
//     free; Rae, an applicant waiting since approval became required;
//   - a concern about the quiet pair's match;
//   - an evaluation activity on day 21 that Max attended.
type deskFixture struct {
	e                         *testutil.Env
	coord                     *tandem.User
	p                         *tandem.Programme
	met, quiet, waiting, gone *testutil.Pair
	pia, quinn, rae           *tandem.User
}

func newDeskFixture(t *testing.T, db *store.DB) *deskFixture {
	t.Helper()
	e := testutil.NewEnv(t, db)
	ctx, a := context.Background(), e.App
	f := &deskFixture{e: e, coord: e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)}
	f.p = e.MustProgramme(t, f.coord, "activate")
	f.p.Cadence = tandem.Cadence{MinMeetings: 3, MaxMeetings: 6, MaxGapDays: 42, Text: "3 to 6 meetings"}
	f.p = must[*tandem.Programme](t)(a.UpdateProgramme(ctx, f.coord, *f.p))
	f.met = activatePair(t, e, f.coord, f.p, "Mel Mentor", "Max Mentee")
	signAgreement(t, e, f.met)
	f.quiet = activatePair(t, e, f.coord, f.p, "Qiu Mentor", "Quentin Mentee")
	f.waiting = e.MustPairIn(t, f.coord, f.p, "Wes Mentor", "Wyn Mentee")
	f.gone = e.MustPairIn(t, f.coord, f.p, "Dot Mentor", "Dia Mentee")
	day(e, 2)
	must[*app.MyPartnership](t)(a.RespondToPartnership(ctx, f.gone.Mentee, app.RespondInput{PartnershipID: f.gone.Partnership.ID, Event: tandem.EventDecline, Reason: "SECRET-REASON"}))
	f.pia = e.MustUser(t, "Pia Mentor", tandem.RoleMember)
	m := e.MustJoin(t, f.pia, f.p, tandem.Mentor, "Physics", "professor")
	must[*tandem.Membership](t)(a.SetAvailability(ctx, f.pia, f.p.ID, m.ID, app.AvailabilityInput{Capacity: 1, Paused: tandem.PausedAway}))
	f.quinn = e.MustUser(t, "Quinn Mentee", tandem.RoleMember)
	e.MustJoin(t, f.quinn, f.p, tandem.Mentee, "History", "phd")
	must[*tandem.Concern](t)(a.RaiseConcern(ctx, f.quiet.Mentee, app.ConcernInput{Kind: tandem.ConcernMatch, PartnershipID: f.quiet.Partnership.ID, Body: "SECRET-CONCERN"}))
	f.p.RequiresApproval = true
	f.p = must[*tandem.Programme](t)(a.UpdateProgramme(ctx, f.coord, *f.p))
	f.rae = e.MustUser(t, "Rae Mentee", tandem.RoleMember)
	e.MustJoin(t, f.rae, f.p, tandem.Mentee, "History", "phd")
	must[*tandem.Note](t)(a.AddNote(ctx, f.met.Mentee, f.met.Partnership.ID, app.NoteInput{Body: "SECRET-NOTE"}))
	meetAt(t, f.e, f.met, 10)
	day(e, 20)
	attend(t, e, f.coord, eventOn(t, e, f.coord, f.p.ID, tandem.EventEvaluation, "Spring evaluation", 1), f.met.Mentee)
	day(e, 91)
	return f
}

func TestProgrammeDashboard(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newDeskFixture(t, db)
		ctx, a := context.Background(), f.e.App
		// Events: the programme's training (Max has a place), a series of three
		// support slots, an organisation-wide briefing; another programme's
		// event and a past one are not on this desk.
		training := eventOn(t, f.e, f.coord, f.p.ID, tandem.EventTraining, "Being a Mentor", 4)
		must[*tandem.Booking](t)(a.Book(ctx, f.met.Mentee, training.ID))
		must[[]tandem.Event](t)(a.CreateSupportSlots(ctx, f.coord, app.SlotsInput{EventInput: app.EventInput{ProgrammeID: f.p.ID, Title: "Support session",
			Starts: training.StartsAt.AddDate(0, 0, 1).Format(time.RFC3339), Place: "Room 2", Audience: tandem.AudienceEveryone, HostID: f.coord.ID}, Count: 3}))
		eventOn(t, f.e, f.e.Admin, 0, tandem.EventBriefing, "Reverse mentoring briefing", 9)
		elsewhere := f.e.MustUser(t, "Eli Elsewhere", tandem.RoleCoordinator)
		eventOn(t, f.e, elsewhere, f.e.MustProgramme(t, elsewhere, "pals").ID, tandem.EventTraining, "PaLS induction", 2)

		d := must[*app.Dashboard](t)(a.ProgrammeDashboard(ctx, f.coord, f.p.ID))
		var events []string
		for _, ev := range d.Upcoming {
			events = append(events, fmt.Sprintf("%s booked %d slots %d", ev.Title, ev.Booked, ev.Slots))
		}
		if want := []string{"Being a Mentor booked 1 slots 0", "Support session booked 0 slots 3", "Reverse mentoring briefing booked 0 slots 0"}; !slices.Equal(events, want) {
			t.Errorf("upcoming events %q, want %q", events, want)
		}
		if d.Applicants != 1 || d.OpenConcerns != 1 || d.EndedTerms != 0 {
			t.Errorf("applicants %d, open concerns %d, ended terms %d; want 1, 1, 0", d.Applicants, d.OpenConcerns, d.EndedTerms)
		}
		var states []string
		for _, s := range d.States {
			states = append(states, fmt.Sprintf("%s=%d", s.State, s.N))
		}
		if want := []string{"introduced=1", "active=2", "closing=0", "closed=0", "declined=1", "withdrawn=0"}; !slices.Equal(states, want) {
			t.Errorf("pairs by state %v, want %v", states, want)
		}
		var unmatched []string
		for _, u := range d.Unmatched {
			unmatched = append(unmatched, u.Name+"/"+u.Why)
		}
		if want := []string{"Rae Mentee/approval", "Dia Mentee/rematch", "Quinn Mentee/ready", "Pia Mentor/paused", "Dot Mentor/no_mentee"}; !slices.Equal(unmatched, want) {
			t.Errorf("unmatched %v, want %v", unmatched, want)
		}
		if r := d.Unmatched[1].Reason; !strings.Contains(r, "did not go ahead; waiting for a rematch. No eligible mentor") || strings.Contains(r, "SECRET") {
			t.Errorf("rematch reason %q", r)
		}
		if r := d.Unmatched[2].Reason; r != "1 allowed mentor with room: the next matching run places them." {
			t.Errorf("ready reason %q", r)
		}
		var why []string
		for _, w := range d.UnmatchedWhy {
			why = append(why, fmt.Sprintf("%s=%d", w.Why, w.N))
		}
		if want := []string{"approval=1", "rematch=1", "ready=1", "paused=1", "no_mentee=1"}; !slices.Equal(why, want) {
			t.Errorf("unmatched by reason %v", why)
		}
		// Risks on day 91: the met pair last met on day 10; reviews were due on day 56.
		var risks []string
		for _, r := range d.AtRisk {
			var kinds []string
			for _, k := range r.Risks {
				kinds = append(kinds, string(k.Kind))
			}
			risks = append(risks, r.MenteeName+": "+strings.Join(kinds, ","))
		}
		if want := []string{"Quentin Mentee: agreement_unsigned,review_overdue,no_contact", "Max Mentee: review_overdue,no_contact",
			"Wyn Mentee: introduction_unconfirmed"}; !slices.Equal(risks, want) {
			t.Errorf("at risk %v, want %v", risks, want)
		}
		counts := map[mail.Risk]int{}
		for _, c := range d.RiskCounts {
			counts[c.Kind] = c.N
		}
		if counts[mail.RiskNoContact] != 2 || counts[mail.RiskReviewOverdue] != 2 || counts[mail.RiskAgreementUnsigned] != 1 ||
			counts[mail.RiskIntroductionUnconfirmed] != 1 || counts[mail.RiskProposalUnanswered] != 0 || len(d.RiskCounts) != len(app.RiskKinds) {
			t.Errorf("risk counts %v", d.RiskCounts)
		}
		// Day 91 of a 182-day term: half of 3 to 6 meetings for each of two pairs.
		want := app.MeetingsExpected{Pairs: 2, Held: 1, ExpectedMin: 3, ExpectedMax: 6, Behind: 1, PerTermMin: 3, PerTermMax: 6}
		if d.Meetings != want {
			t.Errorf("meetings %+v, want %+v", d.Meetings, want)
		}
		if got := d.Workload.String(); got != "3 live pairs \u2248 0.2 days a week" {
			t.Errorf("workload %q", got)
		}
		if s := fmt.Sprintf("%+v", d); strings.Contains(s, "SECRET") {
			t.Errorf("the dashboard holds content: %s", s)
		}
		// Looking is audited for the programme's people.
		seen := must[[]app.AuditLine](t)(a.WhoSawMyData(ctx, f.quinn))
		if len(seen) == 0 || seen[0].Action != tandem.AuditViewDashboard || seen[0].ActorID != f.coord.ID {
			t.Errorf("who saw my data: %+v", seen)
		}
		// Someone else's programme: refused; a participant: refused.
		other := f.e.MustUser(t, "Olu Other", tandem.RoleCoordinator)
		if _, err := a.ProgrammeDashboard(ctx, other, f.p.ID); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Errorf("another coordinator: %v", err)
		}
		if _, err := a.ProgrammeDashboard(ctx, f.met.Mentee, f.p.ID); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Errorf("a mentee: %v", err)
		}
		// The admin sees the same desk.
		if d2 := must[*app.Dashboard](t)(a.ProgrammeDashboard(ctx, f.e.Admin, f.p.ID)); d2.Workload != d.Workload || len(d2.Unmatched) != 5 {
			t.Errorf("admin's desk differs: %+v", d2)
		}
	})
}

func TestParticipantRecords(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newDeskFixture(t, db)
		ctx, a, e := context.Background(), f.e.App, f.e
		// Another programme, its own coordinator, with Max as a mentor too.
		coord2 := e.MustUser(t, "Nell Coordinator", tandem.RoleCoordinator)
		q := e.MustProgramme(t, coord2, "pals")
		e.MustJoin(t, f.met.Mentee, q, tandem.Mentor, "History", "postdoc")
		outsider := e.MustPairIn(t, coord2, q, "Oren Mentor", "Ola Mentee")
		attend(t, e, coord2, eventOn(t, e, coord2, q.ID, tandem.EventTraining, "PaLS induction", 1), f.met.Mentee)
		attend(t, e, e.Admin, eventOn(t, e, e.Admin, 0, tandem.EventBriefing, "Open briefing", 2), f.met.Mentee)
		attended := func(h *app.PersonHistory) []string {
			var out []string
			for _, ev := range h.Attended {
				out = append(out, ev.Title)
			}
			return out
		}

		names := func(rs []app.PersonRecord) []string {
			var out []string
			for _, r := range rs {
				out = append(out, r.Name)
			}
			return out
		}
		all := must[[]app.PersonRecord](t)(a.SearchRecords(ctx, f.coord, app.RecordFilter{}))
		if len(all) != 11 || slices.Contains(names(all), "Ola Mentee") {
			t.Errorf("the coordinator's records: %v", names(all))
		}
		for _, r := range all {
			for _, role := range r.Roles {
				if role.ProgrammeID != f.p.ID {
					t.Errorf("%s: a role in a programme the coordinator does not run: %+v", r.Name, role)
				}
			}
		}
		for _, c := range []struct {
			f    app.RecordFilter
			want []string
		}{
			{app.RecordFilter{Query: "qu"}, []string{"Quentin Mentee", "Quinn Mentee"}},
			{app.RecordFilter{Status: tandem.MemberPending}, []string{"Rae Mentee"}},
			{app.RecordFilter{Role: tandem.Mentor, Department: "physics"}, []string{"Dot Mentor", "Mel Mentor", "Pia Mentor", "Qiu Mentor", "Wes Mentor"}},
			{app.RecordFilter{Stage: "phd", Query: "w"}, []string{"Wyn Mentee"}},
			{app.RecordFilter{ProgrammeID: q.ID}, nil}, // not theirs: nobody
		} {
			if got := names(must[[]app.PersonRecord](t)(a.SearchRecords(ctx, f.coord, c.f))); !slices.Equal(got, c.want) {
				t.Errorf("%+v: %v, want %v", c.f, got, c.want)
			}
		}
		// The admin searches the organisation.
		if got := names(must[[]app.PersonRecord](t)(a.SearchRecords(ctx, e.Admin, app.RecordFilter{ProgrammeID: q.ID}))); !slices.Equal(got, []string{"Max Mentee", "Ola Mentee", "Oren Mentor"}) {
			t.Errorf("admin, programme Q: %v", got)
		}
		// A member is refused; another programme's coordinator does not find Max's
		// first programme, nor Quinn at all.
		if _, err := a.SearchRecords(ctx, f.quinn, app.RecordFilter{}); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Errorf("a member searching: %v", err)
		}
		if _, err := a.History(ctx, coord2, f.quinn.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Errorf("another programme's coordinator reading Quinn: %v", err)
		}
		if _, err := a.History(ctx, f.coord, outsider.Mentee.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Errorf("reading someone outside the coordinator's programmes: %v", err)
		}
		if h := must[*app.PersonHistory](t)(a.History(ctx, coord2, f.met.Mentee.ID)); len(h.Person.Roles) != 1 || h.Person.Roles[0].ProgrammeID != q.ID || len(h.Partnerships) != 0 ||
			!slices.Equal(attended(h), []string{"Open briefing", "PaLS induction"}) {
			t.Errorf("coordinator 2 sees of Max: %+v", h)
		}
		if h := must[*app.PersonHistory](t)(a.History(ctx, e.Admin, f.met.Mentee.ID)); len(h.Person.Roles) != 2 || len(h.Partnerships) != 1 ||
			!slices.Equal(attended(h), []string{"Open briefing", "PaLS induction", "Spring evaluation"}) {
			t.Errorf("the admin sees of Max: %+v", h)
		}

		// Max's history as their coordinator reads it: roles, the partnership, no content.
		h := must[*app.PersonHistory](t)(a.History(ctx, f.coord, f.met.Mentee.ID))
		if len(h.Person.Roles) != 1 || h.Person.Roles[0].Role != tandem.Mentee || h.Person.Roles[0].Status != tandem.MemberApproved {
			t.Errorf("roles %+v", h.Person.Roles)
		}
		if got := attended(h); !slices.Equal(got, []string{"Open briefing", "Spring evaluation"}) {
			t.Errorf("events attended, as Max's coordinator sees them: %q", got)
		}
		// EventsAttended holds to the same bound: not another programme's events.
		var titles []string
		for _, ev := range must[[]tandem.Event](t)(a.EventsAttended(ctx, f.coord, f.met.Mentee.ID)) {
			titles = append(titles, ev.Title)
		}
		if slices.Contains(titles, "PaLS induction") || !slices.Contains(titles, "Open briefing") {
			t.Errorf("events attended through EventsAttended, as Max's coordinator reads them: %q", titles)
		}
		if len(h.Partnerships) != 1 || h.Partnerships[0].OtherName != "Mel Mentor" || h.Partnerships[0].State != tandem.PartnershipActive ||
			h.Partnerships[0].LastContactAt == nil || h.Partnerships[0].StartedAt == nil {
			t.Errorf("partnerships %+v", h.Partnerships)
		}
		if s := fmt.Sprintf("%+v", h); strings.Contains(s, "SECRET") {
			t.Errorf("the history holds content: %s", s)
		}
		dia := must[*app.PersonHistory](t)(a.History(ctx, f.coord, f.gone.Mentee.ID))
		if s := fmt.Sprintf("%+v", dia); strings.Contains(s, "SECRET") || dia.Partnerships[0].State != tandem.PartnershipDeclined {
			t.Errorf("Dia's history: %s", s)
		}
		// Max sees who read their record, and when.
		seen := must[[]app.AuditLine](t)(a.WhoSawMyData(ctx, f.met.Mentee))
		if !slices.ContainsFunc(seen, func(l app.AuditLine) bool {
			return l.Action == tandem.AuditViewRecord && l.ActorID == f.coord.ID && l.AboutMe
		}) {
			t.Errorf("who saw my data: %+v", seen)
		}
	})
}

func TestBulkMessageUnmatched(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newDeskFixture(t, db)
		ctx, a := context.Background(), f.e.App
		queued := map[string]*mail.Message{}
		calls := 0
		a.SetOutbox(func(_ context.Context, _ *store.Store, key string, m *mail.Message) error {
			calls++
			if queued[key] == nil {
				queued[key] = m
			}
			return nil
		})
		if _, err := a.PreviewMessageUnmatched(ctx, f.coord, f.p.ID, app.MessageInput{Subject: "", Body: "x"}); tandem.ErrorFields(err)["subject"] == "" {
			t.Errorf("an empty subject: %v", err)
		}
		in := app.MessageInput{Subject: "Still looking for your match", Body: "Dear all,\nthank you for waiting.\n\nWe match again on <Friday>."}
		seenBefore := len(must[[]app.AuditLine](t)(a.WhoSawMyData(ctx, f.quinn)))
		prev := must[*app.MessagePreview](t)(a.PreviewMessageUnmatched(ctx, f.coord, f.p.ID, in))
		if seen := must[[]app.AuditLine](t)(a.WhoSawMyData(ctx, f.quinn)); len(seen) != seenBefore+1 || seen[0].ActorID != f.coord.ID {
			t.Errorf("the preview's list of people is not in who saw my data: %+v", seen)
		}
		var to []int64
		var names []string
		for _, r := range prev.Recipients {
			to, names = append(to, r.UserID), append(names, r.Name)
		}
		if want := []string{"Dia Mentee", "Dot Mentor", "Pia Mentor", "Quinn Mentee", "Rae Mentee"}; !slices.Equal(names, want) {
			t.Errorf("recipients %v, want %v", names, want)
		}
		if prev.Subject != in.Subject || !strings.Contains(prev.Text, "Hello Dia Mentee,") || !strings.Contains(prev.Text, "We match again on <Friday>.") ||
			!strings.Contains(prev.HTML, "We match again on &lt;Friday&gt;.") || calls != 0 {
			t.Errorf("preview: %q\n%s\ncalls %d", prev.Subject, prev.Text, calls)
		}
		// Confirm with the preview's list, plus someone who is matched: only the five get it, once each.
		in.To = append(slices.Clone(to), f.met.Mentee.ID)
		res := must[*app.MessageResult](t)(a.MessageUnmatched(ctx, f.coord, f.p.ID, in))
		if len(res.Sent) != 5 || res.Skipped != 1 || len(queued) != 5 || calls != 5 {
			t.Fatalf("sent %d, skipped %d, queued %d, calls %d", len(res.Sent), res.Skipped, len(queued), calls)
		}
		var got []string
		for _, m := range queued {
			got = append(got, m.ToName)
			if m.Subject != in.Subject || !strings.Contains(m.Text, "Hello "+m.ToName+",") {
				t.Errorf("message to %s: %q\n%s", m.ToName, m.Subject, m.Text)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, names) {
			t.Errorf("sent to %v, want the preview's %v", got, names)
		}
		// Sent again by mistake: the same keys, so nobody gets it twice.
		must[*app.MessageResult](t)(a.MessageUnmatched(ctx, f.coord, f.p.ID, in))
		if len(queued) != 5 {
			t.Errorf("a second confirmation queued new emails: %d", len(queued))
		}
		// Only the programme's coordinators may send.
		if _, err := a.MessageUnmatched(ctx, f.quinn, f.p.ID, in); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Errorf("a participant sending: %v", err)
		}
		log := must[[]app.AuditLine](t)(a.AuditLog(ctx, f.e.Admin))
		if log[0].Action != tandem.AuditBulkMessage || !strings.Contains(log[0].Detail, "5 sent") {
			t.Errorf("audit %+v", log[0])
		}
	})
}

func TestCloseEndedTerms(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newDeskFixture(t, db)
		ctx, a := context.Background(), f.e.App
		late := activatePair(t, f.e, f.coord, f.p, "Lou Mentor", "Liv Mentee") // started on day 91
		day(f.e, 183)                                                          // the first terms ended on day 182
		seenBefore := len(must[[]app.AuditLine](t)(a.WhoSawMyData(ctx, f.met.Mentee)))
		prev := must[[]app.EndedTerm](t)(a.EndedTerms(ctx, f.coord, f.p.ID))
		if seen := must[[]app.AuditLine](t)(a.WhoSawMyData(ctx, f.met.Mentee)); len(seen) != seenBefore+1 ||
			seen[0].Action != tandem.AuditViewPartnerships || seen[0].ActorID != f.coord.ID {
			t.Errorf("reading the ended terms is not in who saw my data: %+v", seen)
		}
		var ids []int64
		var names []string
		for _, x := range prev {
			ids, names = append(ids, x.PartnershipID), append(names, x.MenteeName)
		}
		slices.Sort(names)
		if !slices.Equal(names, []string{"Max Mentee", "Quentin Mentee"}) {
			t.Fatalf("ended terms %v", names)
		}
		if d := must[*app.Dashboard](t)(a.ProgrammeDashboard(ctx, f.coord, f.p.ID)); d.EndedTerms != 2 {
			t.Errorf("the desk counts %d ended terms", d.EndedTerms)
		}
		// Confirm the preview's two, and (by a stale or forged form) two that have not ended.
		res := must[[]app.CloseResult](t)(a.CloseEndedTerms(ctx, f.coord, f.p.ID, append(slices.Clone(ids), late.Partnership.ID, f.waiting.Partnership.ID)))
		if len(res) != 4 || !res[0].Closed || !res[1].Closed || res[2].Closed || res[3].Closed ||
			!strings.Contains(res[2].Error, "term runs until") || res[3].Error == "" {
			t.Errorf("results %+v", res)
		}
		state := map[int64]string{}
		for _, s := range must[[]app.PartnershipSummary](t)(a.PartnershipSummaries(ctx, f.coord, f.p.ID)) {
			state[s.ID] = s.State + "/" + s.Outcome
		}
		for id, want := range map[int64]string{f.met.Partnership.ID: "closing/term_ended", f.quiet.Partnership.ID: "closing/term_ended",
			late.Partnership.ID: "active/", f.waiting.Partnership.ID: "introduced/"} {
			if state[id] != want {
				t.Errorf("partnership %d: %s, want %s", id, state[id], want)
			}
		}
		// The pair see a closing partnership to finish, not one the coordinator ended.
		mine := must[[]app.MyPartnership](t)(a.MyPartnerships(ctx, f.met.Mentee))
		if mine[0].State != tandem.PartnershipClosing || mine[0].EndedByCoordinator || mine[0].EndedByOther {
			t.Errorf("the mentee's view %+v", mine[0])
		}
		// Nothing left to close; closing again changes nothing.
		if again := must[[]app.EndedTerm](t)(a.EndedTerms(ctx, f.coord, f.p.ID)); len(again) != 0 {
			t.Errorf("still ended: %+v", again)
		}
		if res := must[[]app.CloseResult](t)(a.CloseEndedTerms(ctx, f.coord, f.p.ID, ids)); res[0].Closed || res[1].Closed {
			t.Errorf("closed twice: %+v", res)
		}
		// Another programme's partnership cannot be reached through this one.
		other := f.e.MustPair(t, nil, "activate", "Xan Mentor", "Xia Mentee")
		if res := must[[]app.CloseResult](t)(a.CloseEndedTerms(ctx, f.coord, f.p.ID, []int64{other.Partnership.ID})); res[0].Closed || res[0].Error != "Partnership not found." {
			t.Errorf("another programme's partnership: %+v", res)
		}
		if _, err := a.CloseEndedTerms(ctx, f.met.Mentor, f.p.ID, ids); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Errorf("a mentor closing: %v", err)
		}
	})
}
