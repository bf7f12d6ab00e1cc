package app_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// lived gives an introduced pair a life together: both confirm, then an
// agreement, a goal and an action, a meeting that took place and one still
// to come, a shared note and a private note from each, and a review from
// each. It returns the meeting to come.
func lived(t *testing.T, e *testutil.Env, pair *testutil.Pair) *tandem.Meeting {
	t.Helper()
	ctx, a, id := context.Background(), e.App, pair.Partnership.ID
	for _, u := range []*tandem.User{pair.Mentor, pair.Mentee} {
		must[*app.MyPartnership](t)(a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: id, Event: tandem.EventConfirm}))
	}
	must[*tandem.AgreementVersion](t)(a.SaveAgreement(ctx, pair.Mentee, id, map[string]string{"topics": "Grant writing with " + pair.Mentee.Name}))
	goal := must[*tandem.Goal](t)(a.AddGoal(ctx, pair.Mentee, id, app.GoalInput{Horizon: tandem.HorizonShort, Title: "Submit a grant"}))
	must[*tandem.Action](t)(a.AddAction(ctx, pair.Mentee, id, app.ActionInput{GoalID: goal.ID, Owner: tandem.Mentee, Title: "Draft the case"}))
	now := e.Clock.Now()
	held := must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, pair.Mentee, id, app.MeetingInput{Starts: now.Add(48 * time.Hour).Format(time.RFC3339), Venue: "Room 12, " + pair.Mentee.Name + "'s office", Agenda: "The grant plan"}))
	must[*tandem.Meeting](t)(a.AcceptMeeting(ctx, pair.Mentor, id, held.ID))
	e.Clock.Advance(72 * time.Hour)
	must[*tandem.Meeting](t)(a.ConfirmMeetingHeld(ctx, pair.Mentor, id, held.ID))
	next := must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, pair.Mentor, id, app.MeetingInput{Starts: e.Clock.Now().Add(14 * 24 * time.Hour).Format(time.RFC3339), Venue: "Library"}))
	must[*tandem.Note](t)(a.AddNote(ctx, pair.Mentee, id, app.NoteInput{Body: "Shared by " + pair.Mentee.Name}))
	must[*tandem.Note](t)(a.AddNote(ctx, pair.Mentee, id, app.NoteInput{Private: true, Body: "Private to " + pair.Mentee.Name}))
	must[*tandem.Note](t)(a.AddNote(ctx, pair.Mentor, id, app.NoteInput{Private: true, Body: "Private to " + pair.Mentor.Name}))
	for _, u := range []*tandem.User{pair.Mentor, pair.Mentee} {
		must[*tandem.Review](t)(a.SubmitReview(ctx, u, id, app.ReviewInput{MeetsNeeds: tandem.NeedsMet, GoingWell: "Going well, says " + u.Name}))
	}
	return next
}

// TestExportHoldsMyDataOnly: the download has the person's own private note
// but not the other party's, the concern they raised without its handling
// notes, their tokens by name, and who saw their data.
func TestExportHoldsMyDataOnly(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "pals", "Uma Mentor", "Vic Mentee")
		lived(t, e, pair)
		c := must[*tandem.Concern](t)(a.RaiseConcern(ctx, pair.Mentee, app.ConcernInput{Kind: tandem.ConcernMatch, PartnershipID: pair.Partnership.ID, Body: "We keep missing each other."}))
		must[*tandem.ConcernNote](t)(a.AddConcernNote(ctx, pair.Coordinator, c.ID, "Handler's eyes only."))
		must[string](t)(a.CreateAPIToken(ctx, pair.Mentee, "my export script"))
		must[[]tandem.Membership](t)(a.Participants(ctx, pair.Coordinator, pair.Programme.ID, tandem.MembershipFilter{}))

		_, err := a.ExportMyData(ctx, nil)
		wantCode(t, err, tandem.EUnauthorized)
		x := must[*app.DataExport](t)(a.ExportMyData(ctx, pair.Mentee))
		if x.Account.Email != pair.Mentee.Email || x.Profile == nil || x.Profile.Department != "History" || len(x.Memberships) != 1 || x.Memberships[0].Programme != pair.Programme.Name {
			t.Fatalf("account, profile, memberships: %+v %+v %+v", x.Account, x.Profile, x.Memberships)
		}
		if len(x.Partnerships) != 1 {
			t.Fatalf("partnerships: %+v", x.Partnerships)
		}
		p := x.Partnerships[0]
		if p.OtherPerson != "Uma Mentor" || p.MyRole != tandem.Mentee || len(p.Goals) != 1 || len(p.Actions) != 1 || len(p.Meetings) != 2 || len(p.Reviews) != 2 || len(p.Agreement) != 1 {
			t.Fatalf("the partnership as the mentee sees it: %+v", p)
		}
		var notes []string
		for _, n := range p.Notes {
			notes = append(notes, n.Body)
		}
		slices.Sort(notes)
		if want := []string{"Private to Vic Mentee", "Shared by Vic Mentee"}; !slices.Equal(notes, want) {
			t.Fatalf("notes: %q, want %q", notes, want)
		}
		if len(x.Concerns) != 1 || x.Concerns[0].Body != "We keep missing each other." {
			t.Fatalf("concerns: %+v", x.Concerns)
		}
		if len(x.APITokens) != 1 || x.APITokens[0].Name != "my export script" {
			t.Fatalf("tokens: %+v", x.APITokens)
		}
		if !slices.ContainsFunc(x.WhoSawMyData, func(l app.ExportAuditLine) bool {
			return l.Who == "Casey Coordinator" && l.Where == pair.Programme.Name
		}) {
			t.Fatalf("who saw my data: %+v", x.WhoSawMyData)
		}
		raw, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"Private to Uma Mentor", "Handler's eyes only.", "token_hash", "argon2id"} {
			if strings.Contains(string(raw), secret) {
				t.Errorf("the export holds %q", secret)
			}
		}
		// Reading one's own data leaves no trace in the audit log.
		before := len(must[[]app.AuditLine](t)(a.AuditLog(ctx, e.Admin)))
		must[*app.DataExport](t)(a.ExportMyData(ctx, pair.Mentee))
		if after := len(must[[]app.AuditLine](t)(a.AuditLog(ctx, e.Admin))); after != before {
			t.Fatalf("audit entries %d -> %d", before, after)
		}
	})
}

// TestEraseLeavesTheOtherPartyAFormerParticipant: erasure withdraws the
// partnership, deletes the person's private notes, profile and ways in, and
// leaves the mentor their records with "A former participant" in them.
func TestEraseLeavesTheOtherPartyAFormerParticipant(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "pals", "Uma Mentor", "Vic Mentee")
		other := e.MustPairIn(t, pair.Coordinator, pair.Programme, "Wyn Mentor", "Xan Mentee")
		next := lived(t, e, pair)
		id, mentee := pair.Partnership.ID, pair.Mentee
		c := must[*tandem.Concern](t)(a.RaiseConcern(ctx, mentee, app.ConcernInput{Kind: tandem.ConcernWelfare, ProgrammeID: pair.Programme.ID, Body: "I am struggling."}))
		token := must[string](t)(a.CreateAPIToken(ctx, mentee, "script"))
		session := must[string](t)(a.StartSession(ctx, mentee))
		must[string](t)(a.NewCalendarFeed(ctx, mentee))

		err := a.EraseMe(ctx, mentee, "not my password")
		if tandem.ErrorCode(err) != tandem.EInvalid || tandem.ErrorFields(err)["confirm"] == "" {
			t.Fatalf("a wrong confirmation: %v", err)
		}
		if _, err := a.SessionUser(ctx, session); err != nil {
			t.Fatalf("a refused erasure signed the person out: %v", err)
		}
		if err := a.EraseMe(ctx, mentee, "  "+strings.ToUpper(mentee.Email)+" "); err != nil {
			t.Fatal(err)
		}

		// The mentor's workspace: withdrawn by the other party, who is now a
		// former participant; their shared note stays, their private one does not.
		w := must[*app.Workspace](t)(a.WorkspaceOf(ctx, pair.Mentor, id))
		if w.Partnership.State != tandem.PartnershipWithdrawn || !w.Partnership.EndedByOther || w.Partnership.OtherName != app.FormerParticipant {
			t.Fatalf("the mentor's partnership: %+v", w.Partnership)
		}
		var notes []string
		for _, n := range w.Notes {
			notes = append(notes, n.AuthorName+": "+n.Body)
		}
		slices.Sort(notes)
		if want := []string{"A former participant: Shared by Vic Mentee", "Uma Mentor: Private to Uma Mentor"}; !slices.Equal(notes, want) {
			t.Fatalf("the mentor's notes: %q, want %q", notes, want)
		}
		if len(w.Goals) != 1 || len(w.Actions) != 1 || len(w.Reviews) != 2 || w.Agreement == nil || len(w.Meetings) != 2 {
			t.Fatalf("the pair's records are gone from the mentor's workspace: %+v", w)
		}
		for _, m := range w.Meetings {
			if m.ID == next.ID && m.State != tandem.MeetingCancelled {
				t.Fatalf("the meeting to come is still on: %+v", m)
			}
		}
		if mine, err := e.Store.Notes(ctx, id, mentee.ID); err != nil || len(mine) != 1 || mine[0].Private {
			t.Fatalf("the erased person's private note is kept: %+v %v", mine, err)
		}
		if _, err := e.Store.Profile(ctx, mentee.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("the profile is kept: %v", err)
		}
		ms := must[[]tandem.Membership](t)(a.MyMemberships(ctx, mentee))
		if len(ms) != 1 || ms[0].Status != tandem.MemberWithdrawn || ms[0].Application != "" || ms[0].UserName != app.FormerParticipant {
			t.Fatalf("memberships: %+v", ms)
		}

		// No way back in.
		_, err = a.SignIn(ctx, app.SignInInput{Email: mentee.Email, Password: testutil.Password, IP: "192.0.2.1"})
		wantCode(t, err, tandem.EInvalid)
		if _, err := a.SessionUser(ctx, session); err == nil {
			t.Fatal("the session outlived the erasure")
		}
		_, err = a.APITokenUser(ctx, token)
		wantCode(t, err, tandem.EUnauthorized)
		if on := must[bool](t)(a.CalendarFeedStatus(ctx, mentee)); on {
			t.Fatal("the calendar feed outlived the erasure")
		}
		u := must[*tandem.User](t)(e.Store.User(ctx, mentee.ID))
		if u.Name != app.FormerParticipant || u.Email != app.ErasedEmail(mentee.ID) || u.HasPassword {
			t.Fatalf("the account: %+v", u)
		}
		_, err = a.SignUp(ctx, app.SignUpInput{Name: "Squatter", Email: app.ErasedEmail(other.Mentee.ID), Password: testutil.Password})
		wantCode(t, err, tandem.EInvalid)

		// Gone from people lists; the concern stays for its handlers, raised by nobody in particular.
		for _, p := range must[[]tandem.User](t)(a.ListUsers(ctx, e.Admin, "")) {
			if p.ID == mentee.ID {
				t.Fatalf("the erased account is listed: %+v", p)
			}
		}
		d := must[*app.ConcernDetail](t)(a.Concern(ctx, pair.Coordinator, c.ID))
		if d.Concern.RaisedByName != app.FormerParticipant || d.Concern.Body != "I am struggling." {
			t.Fatalf("the concern: %+v", d.Concern)
		}

		// The audit log records the erasure and names nobody.
		log := must[[]app.AuditLine](t)(a.AuditLog(ctx, e.Admin))
		if !slices.ContainsFunc(log, func(l app.AuditLine) bool {
			return l.Action == tandem.AuditEraseAccount && l.ActorName == app.FormerParticipant && l.Detail == "1 partnership withdrawn"
		}) {
			t.Fatalf("no erasure entry: %+v", log)
		}
		for _, l := range log {
			if strings.Contains(l.ActorName+l.SubjectName+l.Detail, "Vic") {
				t.Errorf("the log still names the erased person: %+v", l)
			}
		}
		if slices.ContainsFunc(must[[]app.AuditLine](t)(a.WhoSawMyData(ctx, pair.Mentor)), func(l app.AuditLine) bool { return l.Action == tandem.AuditEraseAccount }) {
			t.Fatal("the erasure shows on someone else's 'who saw my data'")
		}

		// The other pair is untouched.
		if w := must[*app.Workspace](t)(a.WorkspaceOf(ctx, other.Mentee, other.Partnership.ID)); w.Partnership.State != tandem.PartnershipIntroduced {
			t.Fatalf("another pair: %+v", w.Partnership)
		}
	})
}

// TestLastAdminCannotEraseThemself: the organisation keeps an admin.
func TestLastAdminCannotEraseThemself(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		err := a.EraseMe(ctx, e.Admin, testutil.Password)
		wantCode(t, err, tandem.EConflict)
		if !strings.Contains(tandem.ErrorMessage(err), "only admin") {
			t.Fatalf("message: %q", tandem.ErrorMessage(err))
		}
		second := e.MustUser(t, "Sam Second", tandem.RoleAdmin)
		if err := a.EraseMe(ctx, e.Admin, testutil.Password); err != nil {
			t.Fatal(err)
		}
		if n := must[int](t)(e.Store.CountAdmins(ctx, e.Org.ID)); n != 1 {
			t.Fatalf("admins after the first left: %d", n)
		}
		wantCode(t, a.EraseMe(ctx, second, second.Email), tandem.EConflict)
	})
}

// TestEraseIsAllOrNothing: a failure at the last step of an erasure leaves
// everything as it was. An account already holding the placeholder address
// (only the store can make one) makes the final step fail.
func TestEraseIsAllOrNothing(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "pals", "Uma Mentor", "Vic Mentee")
		id, mentee := pair.Partnership.ID, pair.Mentee
		must[*tandem.Note](t)(a.AddNote(ctx, mentee, id, app.NoteInput{Private: true, Body: "Still mine"}))
		session := must[string](t)(a.StartSession(ctx, mentee))
		blocker := &tandem.User{OrgID: e.Org.ID, Email: app.ErasedEmail(mentee.ID), Name: "Blocker", Role: tandem.RoleMember, CreatedAt: e.Clock.Now()}
		if err := e.Store.CreateUser(ctx, blocker, ""); err != nil {
			t.Fatal(err)
		}

		// An internal error: the confirmation and the admin check passed, and
		// the transaction failed at its last step.
		wantCode(t, a.EraseMe(ctx, mentee, testutil.Password), tandem.EInternal)
		if p := must[*tandem.Partnership](t)(e.Store.Partnership(ctx, id)); p.State != tandem.PartnershipIntroduced || p.MenteeName != "Vic Mentee" {
			t.Fatalf("the partnership changed: %+v", p)
		}
		if notes := must[[]tandem.Note](t)(e.Store.Notes(ctx, id, mentee.ID)); len(notes) != 1 || notes[0].Body != "Still mine" {
			t.Fatalf("notes: %+v", notes)
		}
		must[*tandem.Profile](t)(e.Store.Profile(ctx, mentee.ID))
		if ms := must[[]tandem.Membership](t)(a.MyMemberships(ctx, mentee)); ms[0].Status != tandem.MemberApproved {
			t.Fatalf("membership: %+v", ms[0])
		}
		must[*tandem.User](t)(a.SessionUser(ctx, session))
		must[*tandem.User](t)(a.SignIn(ctx, app.SignInInput{Email: mentee.Email, Password: testutil.Password, IP: "192.0.2.1"}))
		for _, l := range must[[]app.AuditLine](t)(a.AuditLog(ctx, e.Admin)) {
			if l.Action == tandem.AuditEraseAccount {
				t.Fatalf("an erasure that failed is in the log: %+v", l)
			}
		}
	})
}

// TestRetentionDeletesOldContentOnly: with a 12-month period, a partnership
// ended 13 months ago loses its content but keeps its meetings' dates; one
// ended 11 months ago and a live one keep everything; a second run deletes
// nothing more.
func TestRetentionDeletesOldContentOnly(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		prog := e.MustProgramme(t, coord, "pals")
		old := e.MustPairIn(t, coord, prog, "Olive Mentor", "Otto Mentee")
		declined := e.MustPairIn(t, coord, prog, "Dana Mentor", "Dev Mentee")
		recent := e.MustPairIn(t, coord, prog, "Rita Mentor", "Rob Mentee")
		live := e.MustPairIn(t, coord, prog, "Lee Mentor", "Lou Mentee")
		for _, p := range []*testutil.Pair{old, recent, live} {
			lived(t, e, p)
		}
		end := func(p *testutil.Pair, event string) {
			t.Helper()
			must[*app.MyPartnership](t)(a.RespondToPartnership(ctx, p.Mentee, app.RespondInput{PartnershipID: p.Partnership.ID, Event: event, Reason: "Private reason"}))
		}
		end(old, tandem.EventWithdraw)
		end(declined, tandem.EventDecline)
		ended := e.Clock.Now()
		e.Clock.Set(ended.AddDate(0, 2, 0))
		end(recent, tandem.EventWithdraw)

		e.Clock.Set(ended.AddDate(0, 13, 0))
		if n := must[int](t)(a.ApplyRetention(ctx, e.Clock.Now())); n != 0 {
			t.Fatalf("with no retention period, %d partnerships purged", n)
		}
		twelve, tooLong := 12, 121
		in := app.OrganisationInput{Name: e.Org.Name, Departments: e.Org.Departments, SupportLinks: e.Org.SupportLinks, TimeZone: e.Org.TimeZone, RetentionMonths: &tooLong}
		for _, s := range e.Org.CareerStages {
			in.CareerStages = append(in.CareerStages, s.Label)
		}
		_, err := a.UpdateOrganisation(ctx, e.Admin, in)
		if tandem.ErrorFields(err)["retention_months"] == "" {
			t.Fatalf("a period of 121 months: %v", err)
		}
		in.RetentionMonths = &twelve
		must[*tandem.Organisation](t)(a.UpdateOrganisation(ctx, e.Admin, in))
		in.RetentionMonths = nil
		if o := must[*tandem.Organisation](t)(a.UpdateOrganisation(ctx, e.Admin, in)); o.RetentionMonths != 12 {
			t.Fatalf("saving without a period changed it: %d", o.RetentionMonths)
		}

		if n := must[int](t)(a.ApplyRetention(ctx, e.Clock.Now())); n != 2 {
			t.Fatalf("purged %d partnerships, want 2 (withdrawn and declined 13 months ago)", n)
		}
		content := func(p *testutil.Pair) (notes, goals, actions, reviews, versions, meetings int, text string) {
			t.Helper()
			id := p.Partnership.ID
			ns := must[[]tandem.Note](t)(e.Store.Notes(ctx, id, p.Mentee.ID))
			ms := must[[]tandem.Meeting](t)(e.Store.Meetings(ctx, id))
			for _, m := range ms {
				text += m.Agenda + m.Venue + m.Message
			}
			text += must[*tandem.Partnership](t)(e.Store.Partnership(ctx, id)).EndReason
			return len(ns), len(must[[]tandem.Goal](t)(e.Store.Goals(ctx, id))), len(must[[]tandem.Action](t)(e.Store.Actions(ctx, id))),
				len(must[[]tandem.Review](t)(e.Store.Reviews(ctx, id))), len(must[[]tandem.AgreementVersion](t)(e.Store.AgreementVersions(ctx, id))), len(ms), text
		}
		if n, g, ac, r, v, m, text := content(old); n+g+ac+r+v != 0 || m != 2 || text != "" {
			t.Fatalf("old partnership: notes %d goals %d actions %d reviews %d versions %d meetings %d text %q", n, g, ac, r, v, m, text)
		}
		if must[*time.Time](t)(e.Store.PurgedAt(ctx, old.Partnership.ID)) == nil || must[*time.Time](t)(e.Store.PurgedAt(ctx, recent.Partnership.ID)) != nil {
			t.Fatal("purged_at is not where it should be")
		}
		for _, p := range []*testutil.Pair{recent, live} {
			if n, g, ac, r, v, m, text := content(p); n != 2 || g != 1 || ac != 1 || r != 2 || v != 1 || m != 2 || !strings.Contains(text, "Room 12") {
				t.Fatalf("%s's partnership lost content: notes %d goals %d actions %d reviews %d versions %d meetings %d", p.Mentee.Name, n, g, ac, r, v, m)
			}
		}
		held := 0
		for _, m := range must[[]tandem.Meeting](t)(e.Store.Meetings(ctx, old.Partnership.ID)) {
			if m.HeldAt != nil {
				held++
			}
		}
		if held != 1 {
			t.Fatalf("the old partnership's meeting that took place: %d", held)
		}

		// Idempotent; a note written after the purge goes at the next run.
		if n := must[int](t)(a.ApplyRetention(ctx, e.Clock.Now())); n != 0 {
			t.Fatalf("a second run purged %d", n)
		}
		if _, err := a.AddNote(ctx, old.Mentor, old.Partnership.ID, app.NoteInput{Body: "Late note"}); err == nil {
			must[int](t)(a.ApplyRetention(ctx, e.Clock.Now()))
			if n, _, _, _, _, _, _ := content(old); n != 0 {
				t.Fatal("a note written after the purge survived the next run")
			}
		}
		e.Clock.Set(ended.AddDate(0, 14, 1))
		if n := must[int](t)(a.ApplyRetention(ctx, e.Clock.Now())); n != 1 {
			t.Fatalf("two months later, purged %d, want the recent one", n)
		}
		if _, _, _, _, _, m, _ := content(live); m != 2 {
			t.Fatal("the live partnership lost meetings")
		}
	})
}
