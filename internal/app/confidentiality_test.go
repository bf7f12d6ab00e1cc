package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// Roles around one partnership.
const (
	rMentee     = "mentee"
	rMentor     = "mentor"
	rOtherPair  = "member of another pair"
	rCoord      = "coordinator of the programme"
	rOtherCoord = "coordinator of another programme"
	rAdmin      = "organisation admin"
	rLineMgr    = "line manager of the mentee"
	rAnonymous  = "anonymous"
)

var matrixRoles = []string{rMentee, rMentor, rOtherPair, rCoord, rOtherCoord, rAdmin, rLineMgr, rAnonymous}

// Outcomes.
const (
	ok   = "ok"
	nf   = tandem.ENotFound     // outsiders: the partnership does not exist for them
	anon = tandem.EUnauthorized // nobody signed in
	conf = tandem.EConflict     // allowed to the person, not in this state
	forb = tandem.EForbidden    // the pair member may see it but not change it
)

// seeded is one partnership with one piece of every kind of content, each
// carrying a marker no one outside the pair (or its author) may ever read.
type seeded struct {
	pair                             *testutil.Pair
	meeting, sharedNote, privateNote int64
	goal, action                     int64
	mentorMembership                 int64
	// Concerns raised about the partnership: a change of mentor by the
	// mentee, a welfare concern by the mentor about the mentee, and a
	// complaint by the mentee about the coordinator.
	change, welfare, complaint int64
}

var markers = map[string]string{
	"agreement":    "MARK-AGREEMENT-1",
	"shared note":  "MARK-SHARED-NOTE-2",
	"private note": "MARK-PRIVATE-NOTE-3",
	"goal":         "MARK-GOAL-4",
	"action":       "MARK-ACTION-5",
	"review":       "MARK-REVIEW-6",
	"agenda":       "MARK-AGENDA-7",
	// The mentee's own records beyond the pair's content.
	"profile":          "MARK-PROFILE-8",
	"characteristics":  "MARK-CHARACTERISTICS-9",
	"change of mentor": "MARK-CHANGE-10",
	"welfare concern":  "MARK-WELFARE-11",
	"complaint":        "MARK-COMPLAINT-12",
	// Pulse check-ins: the mentee keeps her word; the mentor shares his
	// with the coordinator.
	"pulse word":        "MARK-PULSE-WORD-13",
	"shared pulse word": "MARK-SHARED-PULSE-14",
}

// readers says who may read each kind of content anywhere it may look, in
// matrixRoles order: mentee, mentor, other pair, coordinator, other
// coordinator, admin, line manager, anonymous. The coordinator reads the
// profile (to match people) and the concerns sent to them; nobody but the
// mentee reads her consented characteristics; a complaint about the
// coordinator reaches the admins only.
var readers = map[string][]bool{
	"agreement":        {true, true, false, false, false, false, false, false},
	"shared note":      {true, true, false, false, false, false, false, false},
	"private note":     {false, true, false, false, false, false, false, false},
	"goal":             {true, true, false, false, false, false, false, false},
	"action":           {true, true, false, false, false, false, false, false},
	"review":           {true, true, false, false, false, false, false, false},
	"agenda":           {true, true, false, false, false, false, false, false},
	"profile":          {true, false, false, true, false, true, false, false},
	"characteristics":  {true, false, false, false, false, false, false, false},
	"change of mentor": {true, false, false, true, false, true, false, false},
	"welfare concern":  {false, true, false, true, false, true, false, false},
	"complaint":        {true, false, false, false, false, true, false, false},
	// The author alone; a shared word also the coordinator and the admins,
	// who run every programme; never the other member.
	"pulse word":        {true, false, false, false, false, false, false, false},
	"shared pulse word": {false, true, false, true, false, true, false, false},
}

// TestConfidentialityMatrix runs every action on a pair's content as every
// role, on a fresh partnership each time, and compares the outcome with the
// table below: the pair acts, everyone else is told the partnership does not
// exist (404, not 403, so existence does not leak), and the coordinator
// reads dates and counts, never content.
func TestConfidentialityMatrix(t *testing.T) {
	// The expected outcome of each action for each role, in matrixRoles order:
	// mentee, mentor, other pair, coordinator, other coordinator, admin, line
	// manager, anonymous.
	outsiders := []string{nf, nf, nf, nf, nf, anon}
	row := func(mentee, mentor string) []string { return append([]string{mentee, mentor}, outsiders...) }
	type action struct {
		name string
		want []string
		do   func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error
	}
	// The pulse actions move the clock into a round of check-ins and back.
	var clock *tandem.FixedClock
	const pulseRound1, pulseRound2 = 31 * 24 * time.Hour, 91 * 24 * time.Hour
	actions := []action{
		{"read the workspace", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.WorkspaceOf(ctx, u, s.pair.Partnership.ID)
			return err
		}},
		{"read the agreement", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.AgreementOf(ctx, u, s.pair.Partnership.ID)
			return err
		}},
		{"edit the agreement", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.SaveAgreement(ctx, u, s.pair.Partnership.ID, map[string]string{"topics": "changed"})
			return err
		}},
		{"sign the agreement", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.SignAgreement(ctx, u, s.pair.Partnership.ID, 1)
			return err
		}},
		{"propose a meeting", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.ProposeMeeting(ctx, u, s.pair.Partnership.ID, app.MeetingInput{Starts: "2026-11-02T10:00", Venue: "Room 2"})
			return err
		}},
		{"accept the mentee's proposal", row(conf, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.AcceptMeeting(ctx, u, s.pair.Partnership.ID, s.meeting)
			return err
		}},
		{"move a meeting", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.MoveMeeting(ctx, u, s.pair.Partnership.ID, s.meeting, app.MeetingInput{Starts: "2026-11-03T10:00", Venue: "Room 3"})
			return err
		}},
		{"cancel a meeting", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.CancelMeeting(ctx, u, s.pair.Partnership.ID, s.meeting, "")
			return err
		}},
		{"confirm a meeting took place", row(conf, conf), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.ConfirmMeetingHeld(ctx, u, s.pair.Partnership.ID, s.meeting) // still a proposal
			return err
		}},
		{"download the invitation", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.MeetingCalendar(ctx, u, s.pair.Partnership.ID, s.meeting)
			return err
		}},
		{"prepare the meeting", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.PrepareMeeting(ctx, u, s.pair.Partnership.ID, s.meeting)
			return err
		}},
		{"add a note", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.AddNote(ctx, u, s.pair.Partnership.ID, app.NoteInput{Body: "hello"})
			return err
		}},
		{"edit the mentee's shared note", row(ok, forb), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.EditNote(ctx, u, s.pair.Partnership.ID, s.sharedNote, "changed")
			return err
		}},
		{"edit the mentor's private note", row(nf, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.EditNote(ctx, u, s.pair.Partnership.ID, s.privateNote, "changed")
			return err
		}},
		{"delete the mentor's private note", row(nf, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			return a.DeleteNote(ctx, u, s.pair.Partnership.ID, s.privateNote)
		}},
		{"add a goal", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.AddGoal(ctx, u, s.pair.Partnership.ID, app.GoalInput{Horizon: tandem.HorizonLong, Title: "x"})
			return err
		}},
		{"add a goal with no title", row(tandem.EInvalid, tandem.EInvalid), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.AddGoal(ctx, u, s.pair.Partnership.ID, app.GoalInput{Horizon: tandem.HorizonLong})
			return err
		}},
		{"update a goal", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.UpdateGoal(ctx, u, s.pair.Partnership.ID, s.goal, app.GoalInput{Horizon: tandem.HorizonLong, Title: "x", Progress: 50})
			return err
		}},
		{"add an action", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.AddAction(ctx, u, s.pair.Partnership.ID, app.ActionInput{Owner: tandem.Mentee, Title: "x"})
			return err
		}},
		{"mark an action done", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.SetActionStatus(ctx, u, s.pair.Partnership.ID, s.action, tandem.ActionDone)
			return err
		}},
		{"submit a review", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.SubmitReview(ctx, u, s.pair.Partnership.ID, app.ReviewInput{MeetsNeeds: tandem.NeedsPartly})
			return err
		}},
		{"record the closure", row(conf, conf), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.RecordClosure(ctx, u, s.pair.Partnership.ID, app.ClosureInput{GoalsAchieved: "x"}) // still active
			return err
		}},
		{"give feedback", row(conf, conf), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.GiveFeedback(ctx, u, s.pair.Partnership.ID, app.FeedbackInput{Rating: 3})
			return err
		}},
		{"end early, goals met", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: s.pair.Partnership.ID, Event: tandem.EventComplete})
			return err
		}},
		{"withdraw", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: s.pair.Partnership.ID, Event: tandem.EventWithdraw})
			return err
		}},
		{"set the mentor's availability", []string{nf, ok, nf, nf, nf, nf, nf, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.SetAvailability(ctx, u, s.pair.Programme.ID, s.mentorMembership, app.AvailabilityInput{Capacity: 1, Paused: tandem.PausedFull})
			return err
		}},
		{"list the programme's partnerships", []string{forb, forb, forb, ok, forb, ok, forb, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.PartnershipSummaries(ctx, u, s.pair.Programme.ID)
			return err
		}},
		// Concerns and complaints: the raiser and the handlers read them;
		// only handlers act on them; everyone else is told they do not exist.
		{"read the mentee's change-of-mentor request", []string{ok, nf, nf, ok, nf, ok, nf, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.Concern(ctx, u, s.change)
			return err
		}},
		{"read the mentor's welfare concern", []string{nf, ok, nf, ok, nf, ok, nf, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.Concern(ctx, u, s.welfare)
			return err
		}},
		{"read the complaint about the coordinator", []string{ok, nf, nf, nf, nf, ok, nf, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.Concern(ctx, u, s.complaint)
			return err
		}},
		{"add a handling note to the welfare concern", []string{nf, forb, nf, ok, nf, ok, nf, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.AddConcernNote(ctx, u, s.welfare, "Called the wellbeing service.")
			return err
		}},
		{"resolve the change-of-mentor request", []string{forb, nf, nf, ok, nf, ok, nf, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.ResolveConcern(ctx, u, s.change, app.ResolveInput{Outcome: tandem.OutcomeTalked, Resolution: "Spoke to both."})
			return err
		}},
		{"resolve the complaint", []string{forb, nf, nf, nf, nf, ok, nf, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.ResolveConcern(ctx, u, s.complaint, app.ResolveInput{Outcome: tandem.OutcomeNoAction, Resolution: "Reviewed."})
			return err
		}},
		// Profiles: the programme's coordinators (and admins) read them to match people.
		{"list the programme's participants and profiles", []string{forb, forb, forb, ok, forb, ok, forb, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.Participants(ctx, u, s.pair.Programme.ID, tandem.MembershipFilter{})
			return err
		}},
		{"export the programme's participants", []string{forb, forb, forb, ok, forb, ok, forb, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			return a.ExportParticipants(ctx, u, s.pair.Programme.ID, io.Discard)
		}},
		// Consented characteristics: each person reaches only their own,
		// whose answers nobody else reads (checked below).
		{"give one's own characteristics", []string{ok, ok, ok, ok, ok, ok, ok, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.SaveMyCharacteristics(ctx, u, app.CharacteristicsInput{Consent: true, Characteristics: tandem.Characteristics{Caring: tandem.CharNo}})
			return err
		}},
		{"withdraw one's own characteristics", []string{ok, ok, ok, ok, ok, ok, ok, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			return a.WithdrawMyCharacteristics(ctx, u)
		}},
		// Pulse check-ins: each member answers and reads their own; the
		// coordinator reads scores; nobody else learns the pair exists.
		{"answer the pulse check-in", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			clock.Advance(pulseRound2) // round 1 was answered when seeding
			defer clock.Advance(-pulseRound2)
			_, err := a.SubmitPulse(ctx, u, s.pair.Partnership.ID, app.PulseInput{Score: 4, Word: "x"})
			return err
		}},
		{"answer the pulse check-in twice", row(conf, conf), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			clock.Advance(pulseRound1)
			defer clock.Advance(-pulseRound1)
			_, err := a.SubmitPulse(ctx, u, s.pair.Partnership.ID, app.PulseInput{Score: 4})
			return err
		}},
		{"read one's pulse check-ins", row(ok, ok), func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.MyPulse(ctx, u, s.pair.Partnership.ID)
			return err
		}},
		{"read the programme's pulse scores", []string{forb, forb, forb, ok, forb, ok, forb, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.PulseSignals(ctx, u, s.pair.Programme.ID)
			return err
		}},
		{"read the programme's pulse summary", []string{forb, forb, forb, ok, forb, ok, forb, anon}, func(ctx context.Context, a *app.App, u *tandem.User, s *seeded) error {
			_, err := a.PulseSummary(ctx, u, s.pair.Programme.ID, time.Time{}, time.Time{})
			return err
		}},
	}

	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		clock = e.Clock
		ctx := context.Background()
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		otherCoord := e.MustUser(t, "Oakley Coordinator", tandem.RoleCoordinator)
		e.MustProgramme(t, otherCoord, "activate")
		prog := e.MustProgramme(t, coord, "pals")
		other := e.MustPairIn(t, coord, prog, "Other Mentor", "Other Mentee")
		lineMgr := e.MustUser(t, "Lee Manager", tandem.RoleMember)
		e.MustJoin(t, lineMgr, prog, tandem.Mentor, "Chemistry", "professor")
		users := map[string]*tandem.User{rOtherPair: other.Mentee, rCoord: coord, rOtherCoord: otherCoord, rAdmin: e.Admin, rLineMgr: lineMgr, rAnonymous: nil}

		n := 0
		seed := func(t *testing.T) *seeded {
			t.Helper()
			n++
			s := &seeded{pair: e.MustPairIn(t, coord, prog, fmt.Sprintf("Mentor %d", n), fmt.Sprintf("Mentee %d", n))}
			p, a := s.pair, e.App
			for _, u := range []*tandem.User{p.Mentor, p.Mentee} {
				must[*app.MyPartnership](t)(a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: p.Partnership.ID, Event: tandem.EventConfirm}))
			}
			must[*tandem.AgreementVersion](t)(a.SaveAgreement(ctx, p.Mentee, p.Partnership.ID, map[string]string{"topics": markers["agreement"]}))
			s.meeting = must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, p.Mentee, p.Partnership.ID, app.MeetingInput{Starts: "2026-11-01T10:00", Venue: "Room 1", Agenda: markers["agenda"]})).ID
			s.sharedNote = must[*tandem.Note](t)(a.AddNote(ctx, p.Mentee, p.Partnership.ID, app.NoteInput{Body: markers["shared note"]})).ID
			s.privateNote = must[*tandem.Note](t)(a.AddNote(ctx, p.Mentor, p.Partnership.ID, app.NoteInput{Private: true, Body: markers["private note"]})).ID
			s.goal = must[*tandem.Goal](t)(a.AddGoal(ctx, p.Mentee, p.Partnership.ID, app.GoalInput{Horizon: tandem.HorizonShort, Title: markers["goal"]})).ID
			s.action = must[*tandem.Action](t)(a.AddAction(ctx, p.Mentee, p.Partnership.ID, app.ActionInput{Owner: tandem.Mentee, Title: markers["action"]})).ID
			must[*tandem.Review](t)(a.SubmitReview(ctx, p.Mentee, p.Partnership.ID, app.ReviewInput{MeetsNeeds: tandem.NeedsMet, GoingWell: markers["review"]}))
			s.mentorMembership = p.Partnership.MentorMembershipID
			if err := a.RecordRelation(ctx, coord, prog.ID, lineMgr.Email, p.Mentee.Email, tandem.RelationLineManager); err != nil {
				t.Fatal(err)
			}
			prof := testutil.Profile("History", "phd")
			prof.About = markers["profile"]
			must[*tandem.Profile](t)(a.UpdateProfile(ctx, p.Mentee, app.ProfileInput{Name: p.Mentee.Name, Profile: prof}))
			mustCharacteristics(t, e, p.Mentee, tandem.Characteristics{Ethnicity: tandem.CharSelfDescribe, EthnicityText: markers["characteristics"], Caring: tandem.CharYes})
			s.change = must[*tandem.Concern](t)(a.RaiseConcern(ctx, p.Mentee, app.ConcernInput{Kind: tandem.ConcernChangeMentor, PartnershipID: p.Partnership.ID, Body: markers["change of mentor"]})).ID
			s.welfare = must[*tandem.Concern](t)(a.RaiseConcern(ctx, p.Mentor, app.ConcernInput{Kind: tandem.ConcernWelfare, PartnershipID: p.Partnership.ID, AboutMentee: true, Body: markers["welfare concern"]})).ID
			s.complaint = must[*tandem.Concern](t)(a.RaiseConcern(ctx, p.Mentee, app.ConcernInput{Kind: tandem.ConcernComplaint, ProgrammeID: prog.ID, AboutCoordinator: true, Body: markers["complaint"]})).ID
			// Round 1 of the pulse, a month on.
			e.Clock.Advance(pulseRound1)
			must[*app.PulseResult](t)(a.SubmitPulse(ctx, p.Mentee, p.Partnership.ID, app.PulseInput{Score: 2, Word: markers["pulse word"]}))
			must[*app.PulseResult](t)(a.SubmitPulse(ctx, p.Mentor, p.Partnership.ID, app.PulseInput{Score: 4, Word: markers["shared pulse word"], Share: true}))
			e.Clock.Advance(-pulseRound1)
			return s
		}
		var failures []string
		cells := 0
		for _, act := range actions {
			for i, role := range matrixRoles {
				s := seed(t)
				u := users[role]
				switch role {
				case rMentee:
					u = s.pair.Mentee
				case rMentor:
					u = s.pair.Mentor
				}
				err := act.do(ctx, e.App, u, s)
				got := ok
				if err != nil {
					got = tandem.ErrorCode(err)
				}
				cells++
				if got != act.want[i] {
					failures = append(failures, fmt.Sprintf("%s as %s: got %s (%v), want %s", act.name, role, got, err, act.want[i]))
				}
			}
		}
		if len(failures) > 0 {
			sort.Strings(failures)
			t.Fatalf("%d of %d cells differ:\n%s", len(failures), cells, strings.Join(failures, "\n"))
		}

		// Reading: which markers each role can see anywhere it may look.
		s := seed(t)
		readable := func(u *tandem.User) string {
			var parts []string
			if w, err := e.App.WorkspaceOf(ctx, u, s.pair.Partnership.ID); err == nil {
				parts = append(parts, jsonOf(t, w))
			}
			if ag, err := e.App.AgreementOf(ctx, u, s.pair.Partnership.ID); err == nil {
				parts = append(parts, jsonOf(t, ag))
			}
			if prep, err := e.App.PrepareMeeting(ctx, u, s.pair.Partnership.ID, s.meeting); err == nil {
				parts = append(parts, jsonOf(t, prep))
			}
			if cal, err := e.App.MeetingCalendar(ctx, u, s.pair.Partnership.ID, s.meeting); err == nil {
				parts = append(parts, string(cal.Bytes()))
			}
			if sums, err := e.App.PartnershipSummaries(ctx, u, s.pair.Programme.ID); err == nil {
				parts = append(parts, jsonOf(t, sums))
			}
			if st, err := e.App.MyPulse(ctx, u, s.pair.Partnership.ID); err == nil {
				parts = append(parts, jsonOf(t, st))
			}
			if sig, err := e.App.PulseSignals(ctx, u, s.pair.Programme.ID); err == nil {
				parts = append(parts, jsonOf(t, sig))
			}
			if sum, err := e.App.PulseSummary(ctx, u, s.pair.Programme.ID, time.Time{}, time.Time{}); err == nil {
				parts = append(parts, jsonOf(t, sum))
			}
			if mine, err := e.App.MyPartnerships(ctx, u); err == nil {
				parts = append(parts, jsonOf(t, mine))
			}
			for _, id := range []int64{s.change, s.welfare, s.complaint} {
				if c, err := e.App.Concern(ctx, u, id); err == nil {
					parts = append(parts, jsonOf(t, c))
				}
			}
			if cs, err := e.App.MyConcerns(ctx, u); err == nil {
				parts = append(parts, jsonOf(t, cs))
			}
			if cs, err := e.App.ConcernsToHandle(ctx, u); err == nil {
				parts = append(parts, jsonOf(t, cs))
			}
			if ms, err := e.App.Participants(ctx, u, s.pair.Programme.ID, tandem.MembershipFilter{}); err == nil {
				parts = append(parts, jsonOf(t, ms))
			}
			var csv strings.Builder
			if err := e.App.ExportParticipants(ctx, u, s.pair.Programme.ID, &csv); err == nil {
				parts = append(parts, csv.String())
			}
			if prop, err := e.App.ProposeMatching(ctx, u, s.pair.Programme.ID); err == nil {
				parts = append(parts, jsonOf(t, prop))
			}
			if pr, err := e.App.MyProfile(ctx, u); err == nil {
				parts = append(parts, jsonOf(t, pr))
			}
			if c, err := e.App.MyCharacteristics(ctx, u); err == nil {
				parts = append(parts, jsonOf(t, c))
			}
			if x, err := e.App.ExportMyData(ctx, u); err == nil {
				parts = append(parts, jsonOf(t, x))
			}
			return strings.Join(parts, "\n")
		}
		for _, role := range matrixRoles {
			u := users[role]
			switch role {
			case rMentee:
				u = s.pair.Mentee
			case rMentor:
				u = s.pair.Mentor
			}
			text := readable(u)
			for kind, marker := range markers {
				want := readers[kind][slices.Index(matrixRoles, role)]
				if strings.Contains(text, marker) != want {
					t.Errorf("%s reading the %s: visible=%v, want %v", role, kind, !want, want)
				}
			}
		}
		t.Logf("matrix: %d roles x %d actions = %d cells, plus %d roles x %d kinds of content read", len(matrixRoles), len(actions), cells, len(matrixRoles), len(markers))
	})
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
