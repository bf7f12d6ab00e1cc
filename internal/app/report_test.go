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
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// reportWorld is a known history in Activate over two periods of 92 days,
// played through the services on the clock, with every figure of the
// report worked out by hand in TestReport.
type reportWorld struct {
	env      *testutil.Env
	coord    *tandem.User // Activate's coordinator
	other    *tandem.User // PaLS's coordinator
	mentee   *tandem.User // a participant
	activate *tandem.Programme
	pals     *tandem.Programme
}

func buildReportWorld(t *testing.T, db *store.DB) *reportWorld {
	t.Helper()
	ctx := context.Background()
	e := testutil.NewEnv(t, db)
	a := e.App
	london, _ := time.LoadLocation("Europe/London")
	at := func(month, day int) { e.Clock.Set(time.Date(2026, time.Month(month), day, 10, 0, 0, 0, london)) }
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	w := &reportWorld{env: e}
	at(3, 1)
	w.coord = e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
	w.other = e.MustUser(t, "Oakley Coordinator", tandem.RoleCoordinator)
	w.activate = e.MustProgramme(t, w.coord, "activate")
	w.pals = e.MustProgramme(t, w.other, "pals")

	type pair struct {
		mentor, mentee *tandem.User
		id             int64
		goals          []int64
	}
	join := func(n int, role, dept, stage, name string) ([]*tandem.User, []tandem.Membership) {
		var us []*tandem.User
		var ms []tandem.Membership
		for i := range n {
			u := e.MustUser(t, fmt.Sprintf("%s %d", name, i), tandem.RoleMember)
			us, ms = append(us, u), append(ms, e.MustJoin(t, u, w.activate, role, dept, stage))
		}
		return us, ms
	}
	introduce := func(mentors, mentees []*tandem.User, mr, me []tandem.Membership) []*pair {
		var out []*pair
		for i := range mentors {
			now := e.Clock.Now()
			ps := &tandem.Partnership{ProgrammeID: w.activate.ID, MentorMembershipID: mr[i].ID, MenteeMembershipID: me[i].ID,
				MentorID: mentors[i].ID, MenteeID: mentees[i].ID, State: tandem.PartnershipIntroduced, CreatedAt: now, UpdatedAt: now}
			must("introduce", e.Store.CreatePartnership(ctx, ps))
			out = append(out, &pair{mentor: mentors[i], mentee: mentees[i], id: ps.ID})
		}
		return out
	}
	respond := func(u *tandem.User, p *pair, event string) {
		t.Helper()
		_, err := a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: p.id, Event: event})
		must(event, err)
	}
	confirm := func(p *pair) { respond(p.mentor, p, tandem.EventConfirm); respond(p.mentee, p, tandem.EventConfirm) }
	sign := func(p *pair) {
		_, err := a.SaveAgreement(ctx, p.mentee, p.id, map[string]string{"topics": "Private topics."})
		must("agreement", err)
		_, err = a.SignAgreement(ctx, p.mentee, p.id, 1)
		must("sign", err)
		_, err = a.SignAgreement(ctx, p.mentor, p.id, 1)
		must("sign", err)
	}
	addGoals := func(p *pair, n int, status string) {
		for i := range n {
			g, err := a.AddGoal(ctx, p.mentee, p.id, app.GoalInput{Horizon: tandem.HorizonShort, Title: fmt.Sprintf("Secret goal %d", i), Status: status})
			must("goal", err)
			p.goals = append(p.goals, g.ID)
		}
	}
	achieve := func(p *pair, n int) {
		for _, id := range p.goals[:n] {
			_, err := a.UpdateGoal(ctx, p.mentee, p.id, id, app.GoalInput{Horizon: tandem.HorizonShort, Title: "Secret goal", Progress: 100, Status: tandem.GoalAchieved})
			must("achieve", err)
		}
	}
	var heldLater [][2]int64 // meetings proposed by meet, until held confirms them
	heldBy := map[int64]*tandem.User{}
	meet := func(ps []*pair, month, day int) {
		for _, p := range ps {
			m, err := a.ProposeMeeting(ctx, p.mentee, p.id, app.MeetingInput{Starts: fmt.Sprintf("2026-%02d-%02dT14:00", month, day), Venue: "Room 1"})
			must("propose", err)
			_, err = a.AcceptMeeting(ctx, p.mentor, p.id, m.ID)
			must("accept", err)
			heldLater = append(heldLater, [2]int64{p.id, m.ID})
			heldBy[m.ID] = p.mentee
		}
	}
	held := func() {
		for _, x := range heldLater {
			_, err := a.ConfirmMeetingHeld(ctx, heldBy[x[1]], x[0], x[1])
			must("held", err)
		}
		heldLater = nil
	}
	checkIn := func(u *tandem.User, p *pair, score int, word string, share bool) {
		t.Helper()
		_, err := a.SubmitPulse(ctx, u, p.id, app.PulseInput{Score: score, Word: word, Share: share})
		must("pulse", err)
	}
	closeWith := func(p *pair) {
		_, err := a.RecordClosure(ctx, p.mentee, p.id, app.ClosureInput{GoalsAchieved: "Private closing words."})
		must("closure", err)
	}
	feedback := func(u *tandem.User, p *pair, rating int, words string, share bool) {
		_, err := a.GiveFeedback(ctx, u, p.id, app.FeedbackInput{Rating: rating, Comments: words, Share: share})
		must("feedback", err)
	}

	// The previous period, 1 March to 31 May: five pairs.
	at(3, 10)
	prevMentors, prevMR := join(5, tandem.Mentor, "Chemistry", "professor", "Earlier Mentor")
	prevMentees, prevME := join(5, tandem.Mentee, "History", "phd", "Earlier Mentee")
	at(3, 12)
	prev := introduce(prevMentors, prevMentees, prevMR, prevME)
	at(3, 13)
	for _, p := range prev {
		confirm(p)
	}
	at(3, 14)
	for _, p := range prev[1:] {
		sign(p)
	}
	at(3, 15)
	for _, p := range prev {
		addGoals(p, 2, "")
	}
	at(4, 1)
	meet(prev, 4, 10)
	meet(prev, 4, 20)
	at(4, 25)
	held()
	for i, p := range prev { // the first pulse check-in: 5 from mentors, 4 from mentees
		checkIn(p.mentor, p, 5, "", false)
		checkIn(p.mentee, p, 4, "Prev pulse", i == 0)
	}
	at(5, 20)
	for _, p := range prev[:3] {
		respond(p.mentee, p, tandem.EventComplete)
	}
	at(5, 24)
	for _, p := range prev[:3] {
		achieve(p, 1)
	}
	at(5, 25)
	for _, p := range prev[:3] {
		closeWith(p)
	}
	at(5, 26)
	for i, r := range [][2]int{{5, 4}, {5, 3}, {4, 5}} { // mentee, mentor
		feedback(prev[i].mentee, prev[i], r[0], "Prev words", i == 0)
		feedback(prev[i].mentor, prev[i], r[1], "", false)
	}

	// This period, 1 June to 31 August.
	at(6, 10)
	curMentors, curMR := join(6, tandem.Mentor, "Chemistry", "professor", "Current Mentor")
	phys, physM := join(5, tandem.Mentee, "Physics", "phd", "Physics Mentee")
	hist, histM := join(2, tandem.Mentee, "History", "postgraduate", "History Mentee")
	join(1, tandem.Mentee, "Chemistry", "undergraduate", "Chemistry Mentee")
	w.mentee = hist[1]
	at(6, 12)
	cur := introduce(curMentors, append(phys, hist[0]), curMR, append(physM, histM[0]))
	at(6, 13)
	for _, p := range cur[:5] {
		confirm(p)
	}
	at(6, 14)
	for _, p := range cur[:3] {
		sign(p)
	}
	at(6, 15)
	for _, p := range prevMentees[:4] { // four earlier mentees become mentors, in PaLS
		e.MustJoin(t, p, w.pals, tandem.Mentor, "History", "postdoc")
	}
	at(7, 1)
	meet(append(cur[:5:5], prev[3], prev[4]), 7, 5)
	at(7, 6)
	held()
	at(7, 15)
	for i, p := range cur[:5] {
		checkIn(p.mentor, p, 4, "", false)
		checkIn(p.mentee, p, 3, map[int]string{0: "Going well.", 1: "Secret pulse"}[i], i == 0)
	}
	at(7, 20)
	respond(cur[4].mentor, cur[4], tandem.EventWithdraw)
	at(7, 30)
	addGoals(cur[0], 1, tandem.GoalAchieved)
	at(8, 1)
	respond(cur[0].mentee, cur[0], tandem.EventComplete)
	at(8, 5)
	closeWith(cur[0])
	at(8, 15)
	for _, p := range prev[3:] {
		respond(p.mentee, p, tandem.EventClose)
	}
	at(8, 16)
	achieve(prev[3], 2)
	at(8, 20)
	for _, p := range prev[3:] {
		closeWith(p)
	}
	at(8, 21)
	feedback(cur[0].mentor, cur[0], 4, "Rewarding.", true)
	feedback(cur[0].mentee, cur[0], 2, "Private words", false)
	feedback(prev[3].mentor, prev[3], 4, "", false)
	feedback(prev[3].mentee, prev[3], 5, "Helpful and kind.", true)
	at(8, 22)
	feedback(prev[4].mentor, prev[4], 5, "", true)
	feedback(prev[4].mentee, prev[4], 5, "Would recommend.", true)
	e.Clock.Set(testutil.Epoch)
	return w
}

func measure(t *testing.T, r *app.Report, key string) app.Measure {
	t.Helper()
	for _, s := range r.Sections {
		for _, m := range s.Measures {
			if m.Key == key {
				return m
			}
		}
	}
	t.Fatalf("no measure %q", key)
	return app.Measure{}
}

func texts(fs []app.Figure) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Text)
	}
	return strings.Join(out, " | ")
}

func breakdownText(b app.Breakdown) []string {
	var out []string
	for _, r := range b.Rows {
		out = append(out, r.Label+": "+texts(r.Cells))
	}
	return append(out, "Total: "+texts(b.Total))
}

// TestReport checks every figure of Activate's report against the history
// built above, with the comparison and the small-group rule.
func TestReport(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := buildReportWorld(t, db)
		a := w.env.App
		r, err := a.Report(ctx, w.coord, app.ReportInput{ProgrammeID: w.activate.ID, From: "2026-06-01", To: "2026-09-01"})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Previous.Label(); got != "1 Mar 2026 to 31 May 2026" {
			t.Errorf("previous period: %s", got)
		}
		for _, c := range []struct{ key, now, before, change string }{
			{"applicants", "14", "10", "+4"},
			{"approved", "14", "10", "+4"},
			{"matched", "12", "10", "+2"},
			{"introduced", "6", "5", "+1"},
			{"active", "7", "5", "+2"},
			{"meetings", "7", "10", "\u22123"},
			{"meetings_per_pair", "1.0", "2.0", "\u22121.0"},
			{"agreements_signed", "71%", "80%", "\u22129 points"},
			{"closed", "3", "3", "no change"},
			{"goals_met", app.Withheld, "3", ""},
			{"goals_achieved", "60%", "50%", "+10 points"},
			{"withdrawn", app.Withheld, "0", ""},
			{"satisfaction", "4.2", "4.3", "\u22120.1"},
			{"feedback_people", "6", "6", "no change"},
			{"became_mentors", app.Withheld, "0", ""},
			{"pulse", "3.5", "4.5", "\u22121.0"},
		} {
			m := measure(t, r, c.key)
			if m.Now.Text != c.now || m.Before.Text != c.before || m.Change.Text != c.change {
				t.Errorf("%s: now %q before %q change %q, want %q %q %q", c.key, m.Now.Text, m.Before.Text, m.Change.Text, c.now, c.before, c.change)
			}
			if m.Now.Withheld && m.Now.Value != nil {
				t.Errorf("%s: a withheld figure carries its value", c.key)
			}
		}
		// History's 2 applicants are withheld, and Physics's 5 with them:
		// otherwise 14 - 7 - 5 would give History away.
		wantDept := []string{
			"Physics: fewer than 5 | fewer than 5 | fewer than 5",
			"History: fewer than 5 | fewer than 5 | fewer than 5",
			"Chemistry: 7 | 7 | 6",
			"Total: 14 | 14 | 12",
		}
		if got := breakdownText(r.Departments); !slices.Equal(got, wantDept) {
			t.Errorf("departments:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantDept, "\n"))
		}
		// Two small stages protect each other among applicants; among the
		// matched, one small stage takes the smallest other (PhD, 5) with it.
		wantStage := []string{
			"Undergraduate student: fewer than 5 | fewer than 5 | 0",
			"Postgraduate (taught) student: fewer than 5 | fewer than 5 | fewer than 5",
			"PhD student: 5 | 5 | fewer than 5",
			"Professor: 6 | 6 | 6",
			"Total: 14 | 14 | 12",
		}
		if got := breakdownText(r.Stages); !slices.Equal(got, wantStage) {
			t.Errorf("stages:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantStage, "\n"))
		}
		fb := r.Feedback
		if fb.People.Text != "6" || fb.Forms.Text != "6" || fb.Average.Text != "4.2" {
			t.Errorf("feedback: %s people, %s forms, average %s", fb.People.Text, fb.Forms.Text, fb.Average.Text)
		}
		for _, role := range fb.ByRole {
			if !role.People.Withheld || !role.Average.Withheld {
				t.Errorf("%s: 3 people should be withheld: %+v", role.Label, role)
			}
		}
		var dist []string
		for _, d := range fb.Distribution {
			dist = append(dist, fmt.Sprintf("%d=%s", d.Rating, d.Forms.Text))
		}
		if got := strings.Join(dist, " "); got != "5=fewer than 5 4=fewer than 5 3=0 2=fewer than 5 1=0" {
			t.Errorf("distribution: %s", got)
		}

		// The organisation's report adds PaLS: the four who became mentors there applied.
		org, err := a.Report(ctx, w.env.Admin, app.ReportInput{From: "2026-06-01", To: "2026-09-01"})
		if err != nil {
			t.Fatal(err)
		}
		if got := measure(t, org, "applicants").Now.Text; got != "18" {
			t.Errorf("organisation applicants: %s, want 18", got)
		}
		// Last 12 months by default.
		def, err := a.Report(ctx, w.coord, app.ReportInput{ProgrammeID: w.activate.ID})
		if err != nil || def.Period.Label() != "6 Oct 2025 to 5 Oct 2026" || measure(t, def, "applicants").Now.Text != "24" {
			t.Errorf("default period: %v %v", def.Period.Label(), err)
		}

		// Who may read it: the programme's coordinators and admins; nobody else learns it exists.
		if _, err := a.Report(ctx, w.env.Admin, app.ReportInput{ProgrammeID: w.activate.ID}); err != nil {
			t.Errorf("admin: %v", err)
		}
		for name, who := range map[string]*tandem.User{"a participant": w.mentee, "another programme's coordinator": w.other} {
			if _, err := a.Report(ctx, who, app.ReportInput{ProgrammeID: w.activate.ID}); tandem.ErrorCode(err) != tandem.ENotFound {
				t.Errorf("%s reading the report: %v, want not found", name, err)
			}
			if _, err := a.Evaluation(ctx, who, app.ReportInput{ProgrammeID: w.activate.ID}); tandem.ErrorCode(err) != tandem.ENotFound {
				t.Errorf("%s reading the evaluation: %v, want not found", name, err)
			}
		}
		if _, err := a.Report(ctx, w.coord, app.ReportInput{}); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Errorf("a coordinator reading the organisation's report: %v, want not found", err)
		}
		// A period that makes no sense is a form error on the field.
		_, err = a.Report(ctx, w.coord, app.ReportInput{ProgrammeID: w.activate.ID, From: "2026-09-01", To: "2026-06-01"})
		if tandem.ErrorFields(err)["to"] == "" {
			t.Errorf("backwards period: %v", err)
		}
		// Every view is in the audit log, as a look at everyone in the programme.
		log, err := a.AuditLog(ctx, w.env.Admin)
		if err != nil {
			t.Fatal(err)
		}
		views := 0
		for _, l := range log {
			if l.Action == tandem.AuditViewReport && l.ActorID == w.coord.ID && l.ProgrammeID == w.activate.ID && l.SubjectUserID == 0 {
				views++
			}
		}
		if views != 2 {
			t.Errorf("report views logged: %d, want 2", views)
		}
	})
}

// TestEvaluation checks the feedback aggregates and that shared words
// appear only with their author's consent and in groups of five or more.
func TestEvaluation(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := buildReportWorld(t, db)
		a := w.env.App
		e, err := a.Evaluation(ctx, w.coord, app.ReportInput{ProgrammeID: w.activate.ID, From: "2026-06-01", To: "2026-09-01"})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"Helpful and kind.", "Rewarding.", "Would recommend."}; !slices.Equal(e.Comments, want) {
			t.Errorf("comments: %q, want %q (shared only, no words kept private, none from another period)", e.Comments, want)
		}
		if e.Feedback.Average.Text != "4.2" || e.CommentsWithheld {
			t.Errorf("evaluation: average %s, withheld %v", e.Feedback.Average.Text, e.CommentsWithheld)
		}
		// 21 August alone: four people gave feedback, two shared words.
		small, err := a.Evaluation(ctx, w.coord, app.ReportInput{ProgrammeID: w.activate.ID, From: "2026-08-21", To: "2026-08-22"})
		if err != nil {
			t.Fatal(err)
		}
		if len(small.Comments) != 0 || !small.CommentsWithheld || !small.Feedback.People.Withheld || !small.Feedback.Average.Withheld {
			t.Errorf("four people: comments %q, withheld %v, people %s, average %s", small.Comments, small.CommentsWithheld,
				small.Feedback.People.Text, small.Feedback.Average.Text)
		}
		// The previous period: one shared comment among six people.
		before, err := a.Evaluation(ctx, w.coord, app.ReportInput{ProgrammeID: w.activate.ID, From: "2026-03-01", To: "2026-06-01"})
		if err != nil || !slices.Equal(before.Comments, []string{"Prev words"}) || before.Feedback.Average.Text != "4.3" {
			t.Errorf("previous evaluation: %q %s %v", before.Comments, before.Feedback.Average.Text, err)
		}
		// Pulse check-ins: ten people each period; only a shared word shows.
		if e.Pulse.People.Text != "10" || e.Pulse.Average.Text != "3.5" || !slices.Equal(e.PulseWords, []string{"Going well."}) ||
			before.Pulse.Average.Text != "4.5" || !slices.Equal(before.PulseWords, []string{"Prev pulse"}) {
			t.Errorf("pulse: %s people, average %s, words %q; before: average %s, words %q", e.Pulse.People.Text, e.Pulse.Average.Text,
				e.PulseWords, before.Pulse.Average.Text, before.PulseWords)
		}
		var dist []string
		for _, d := range e.Pulse.Distribution {
			dist = append(dist, d.Forms.Text)
		}
		if got := strings.Join(dist, " "); got != "0 5 5 0 0" {
			t.Errorf("pulse distribution: %s", got)
		}
		log, err := a.AuditLog(ctx, w.env.Admin)
		if err != nil || len(log) == 0 || log[0].Action != tandem.AuditViewEvaluation {
			t.Errorf("evaluation view not logged first: %v", err)
		}
	})
}
