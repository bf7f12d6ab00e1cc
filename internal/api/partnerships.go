package api

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// partnershipJSON is a partnership as one of its two members sees it. It is
// built from app.MyPartnership, which never carries the private reason a
// side gave the coordinator for ending it.
type partnershipJSON struct {
	ID             int64      `json:"id"`
	ProgrammeID    int64      `json:"programme_id"`
	ProgrammeName  string     `json:"programme_name"`
	MyRole         string     `json:"my_role"`
	OtherName      string     `json:"other_name"`
	State          string     `json:"state"`
	StateLabel     string     `json:"state_label"`
	IConfirmed     bool       `json:"i_confirmed"`
	OtherConfirmed bool       `json:"other_confirmed"`
	Explanation    string     `json:"explanation"`
	StartedAt      *time.Time `json:"started_at"`
	TermEndsAt     *time.Time `json:"term_ends_at"`
	Term           int        `json:"term"`
	LastContactAt  *time.Time `json:"last_contact_at"`
	TermChoiceOpen bool       `json:"term_choice_open"`
	Renewable      bool       `json:"renewable"`
	MyChoice       string     `json:"my_choice"`
	OtherChoice    string     `json:"other_choice"`
	EndedByMe      bool       `json:"ended_by_me"`
	EndedByOther   bool       `json:"ended_by_other"`
	// EndedByCoordinator: the coordinator ended it after a concern.
	EndedByCoordinator bool       `json:"ended_by_coordinator"`
	Outcome            string     `json:"outcome"`
	EndedAt            *time.Time `json:"ended_at"`
}

func toPartnershipJSON(v *app.MyPartnership) partnershipJSON {
	return partnershipJSON{ID: v.ID, ProgrammeID: v.ProgrammeID, ProgrammeName: v.ProgrammeName, MyRole: v.MyRole, OtherName: v.OtherName,
		State: v.State, StateLabel: v.StateLabel, IConfirmed: v.IConfirmed, OtherConfirmed: v.OtherConfirmed, Explanation: v.Explanation,
		StartedAt: v.StartedAt, TermEndsAt: v.TermEndsAt, Term: v.Term, LastContactAt: v.LastContactAt, TermChoiceOpen: v.TermChoiceOpen,
		Renewable: v.Renewable, MyChoice: v.MyChoice, OtherChoice: v.OtherChoice, EndedByMe: v.EndedByMe, EndedByOther: v.EndedByOther, EndedByCoordinator: v.EndedByCoordinator,
		Outcome: v.Outcome, EndedAt: v.EndedAt}
}

// programmeBriefJSON is what a pair needs to know of their programme's rules.
type programmeBriefJSON struct {
	ID               int64  `json:"id"`
	Name             string `json:"name"`
	TermMonths       int    `json:"term_months"`
	Renewable        bool   `json:"renewable"`
	MeetingMinutes   int    `json:"meeting_minutes"`
	ReviewEveryWeeks int    `json:"review_every_weeks"`
}

// workspaceJSON is everything one member of a pair sees of their partnership.
type workspaceJSON struct {
	Partnership    partnershipJSON    `json:"partnership"`
	Programme      programmeBriefJSON `json:"programme"`
	Agreement      agreementStateJSON `json:"agreement"`
	Meetings       []meetingJSON      `json:"meetings"`
	NextMeetingID  *int64             `json:"next_meeting_id"`
	Notes          []noteJSON         `json:"notes"`
	Goals          []goalJSON         `json:"goals"`
	Actions        []actionJSON       `json:"actions"`
	Reviews        []reviewJSON       `json:"reviews"`
	ReviewDue      bool               `json:"review_due"`
	ReviewDueAt    *time.Time         `json:"review_due_at"`
	Closure        *closureJSON       `json:"closure"`
	MyFeedback     *feedbackJSON      `json:"my_feedback"`
	InviteToMentor bool               `json:"invite_to_mentor"`
	Live           bool               `json:"live"`
	TimeZone       string             `json:"time_zone"`
	Today          string             `json:"today"`
}

// agreementStateJSON is the current agreement and who has signed it.
type agreementStateJSON struct {
	Current     *agreementVersionJSON `json:"current"`
	Signed      bool                  `json:"signed"`
	ISigned     bool                  `json:"i_signed"`
	OtherSigned bool                  `json:"other_signed"`
}

func (s *Server) partnership(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	w, err := s.app.WorkspaceOf(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	return 0, toWorkspaceJSON(w, actor), nil
}

func toWorkspaceJSON(w *app.Workspace, actor *tandem.User) workspaceJSON {
	out := workspaceJSON{Partnership: toPartnershipJSON(&w.Partnership),
		Programme: programmeBriefJSON{ID: w.Programme.ID, Name: w.Programme.Name, TermMonths: w.Programme.TermMonths, Renewable: w.Programme.Renewable,
			MeetingMinutes: w.Programme.MeetingMinutes, ReviewEveryWeeks: w.Programme.ReviewEveryWeeks},
		Agreement:   agreementStateJSON{Current: toVersionJSON(w.Agreement), Signed: w.AgreementSigned, ISigned: w.ISigned, OtherSigned: w.OtherSigned},
		Meetings:    []meetingJSON{},
		Notes:       notesJSON(w.Notes, actor),
		Goals:       goalsJSON(w.Goals),
		Actions:     actionsJSON(w.Actions, w.Today),
		Reviews:     []reviewJSON{},
		ReviewDue:   w.ReviewDue,
		ReviewDueAt: w.ReviewDueAt,
		Closure:     toClosureJSON(w.Closure, actor),
		MyFeedback:  toFeedbackJSON(w.MyFeedback), InviteToMentor: w.InviteToMentor, Live: w.Live, TimeZone: w.Location.String(), Today: w.Today}
	for i := range w.Meetings {
		out.Meetings = append(out.Meetings, meetingViewJSON(&w.Meetings[i]))
	}
	if w.NextMeeting != nil {
		out.NextMeetingID = &w.NextMeeting.ID
	}
	for _, rv := range w.Reviews {
		out.Reviews = append(out.Reviews, reviewJSON{ID: rv.ID, Role: rv.Role, Mine: rv.AuthorID == actor.ID, MeetsNeeds: rv.MeetsNeeds,
			GoingWell: rv.GoingWell, ToChange: rv.ToChange, CreatedAt: rv.CreatedAt})
	}
	return out
}

func (s *Server) myPartnerships(r *http.Request, actor *tandem.User) (int, any, error) {
	ps, err := s.app.MyPartnerships(r.Context(), actor)
	if err != nil {
		return 0, nil, err
	}
	out := make([]partnershipJSON, 0, len(ps))
	for i := range ps {
		out = append(out, toPartnershipJSON(&ps[i]))
	}
	return 0, out, nil
}

// respond takes one side's word: confirm or decline an introduction, renew
// or close near the term's end, complete early, or withdraw.
func (s *Server) respond(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Event  string `json:"event"`
		Reason string `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	v, err := s.app.RespondToPartnership(r.Context(), actor, app.RespondInput{PartnershipID: id, Event: in.Event, Reason: in.Reason})
	if err != nil {
		return 0, nil, err
	}
	return 0, toPartnershipJSON(v), nil
}

// summaryJSON is a partnership as its programme's coordinators see it:
// state, dates and counts (002), and the reason a side gave them for ending
// it, but nothing the pair wrote to each other.
type summaryJSON struct {
	ID                 int64       `json:"id"`
	MentorMembershipID int64       `json:"mentor_membership_id"`
	MentorName         string      `json:"mentor_name"`
	MenteeMembershipID int64       `json:"mentee_membership_id"`
	MenteeName         string      `json:"mentee_name"`
	State              string      `json:"state"`
	StateLabel         string      `json:"state_label"`
	Outcome            string      `json:"outcome"`
	EndedBy            string      `json:"ended_by"`
	EndReason          string      `json:"end_reason"`
	Explanation        string      `json:"explanation"`
	IntroducedAt       time.Time   `json:"introduced_at"`
	MentorConfirmedAt  *time.Time  `json:"mentor_confirmed_at"`
	MenteeConfirmedAt  *time.Time  `json:"mentee_confirmed_at"`
	StartedAt          *time.Time  `json:"started_at"`
	Term               int         `json:"term"`
	TermEndsAt         *time.Time  `json:"term_ends_at"`
	EndedAt            *time.Time  `json:"ended_at"`
	LastContactAt      *time.Time  `json:"last_contact_at"`
	AgreementVersion   int         `json:"agreement_version"`
	AgreementSignedAt  *time.Time  `json:"agreement_signed_at"`
	MeetingsHeld       int         `json:"meetings_held"`
	MeetingsHeldAt     []time.Time `json:"meetings_held_at"`
	MeetingsPlanned    int         `json:"meetings_planned"`
	Goals              int         `json:"goals"`
	GoalsAchieved      int         `json:"goals_achieved"`
	Actions            int         `json:"actions"`
	ActionsDone        int         `json:"actions_done"`
	Reviews            int         `json:"reviews"`
	Feedback           int         `json:"feedback"`
}

func (s *Server) partnershipSummaries(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	ps, err := s.app.PartnershipSummaries(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	out := make([]summaryJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, summaryJSON{ID: p.ID, MentorMembershipID: p.MentorMembershipID, MentorName: p.MentorName,
			MenteeMembershipID: p.MenteeMembershipID, MenteeName: p.MenteeName, State: p.State, StateLabel: tandem.StateLabel(p.State),
			Outcome: p.Outcome, EndedBy: p.EndedBy, EndReason: p.EndReason, Explanation: p.Explanation, IntroducedAt: p.CreatedAt,
			MentorConfirmedAt: p.MentorConfirmedAt, MenteeConfirmedAt: p.MenteeConfirmedAt, StartedAt: p.StartedAt, Term: p.Term,
			TermEndsAt: p.TermEndsAt, EndedAt: p.EndedAt, LastContactAt: p.LastContactAt, AgreementVersion: p.AgreementVersion,
			AgreementSignedAt: p.AgreementSignedAt, MeetingsHeld: len(p.MeetingsHeld), MeetingsHeldAt: nonNilSlice(p.MeetingsHeld),
			MeetingsPlanned: p.MeetingsPlanned, Goals: p.Goals, GoalsAchieved: p.GoalsAchieved, Actions: p.Actions, ActionsDone: p.ActionsDone,
			Reviews: p.Reviews, Feedback: p.Feedback})
	}
	return 0, out, nil
}
