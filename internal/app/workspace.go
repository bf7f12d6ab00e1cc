package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// MeetingView is a meeting as one member of the pair sees it, with what
// they may do with it now.
type MeetingView struct {
	tandem.Meeting
	StateLabel   string
	Local        time.Time // the start in the organisation's time zone
	ProposedByMe bool
	CanAccept    bool
	CanMove      bool
	CanCancel    bool
	CanConfirm   bool
	Upcoming     bool
}

func meetingView(m *tandem.Meeting, actor *tandem.User, live bool, loc *time.Location, now time.Time) MeetingView {
	open := live && m.State != tandem.MeetingCancelled && m.HeldAt == nil
	return MeetingView{Meeting: *m, StateLabel: tandem.MeetingStateLabel(m), Local: m.StartsAt.In(loc), ProposedByMe: m.ProposedBy == actor.ID,
		CanAccept:  open && m.State == tandem.MeetingProposed && m.ProposedBy != actor.ID && m.StartsAt.After(now),
		CanMove:    open,
		CanCancel:  open,
		CanConfirm: m.HeldAt == nil && m.State == tandem.MeetingAccepted && !m.StartsAt.After(now),
		Upcoming:   m.State != tandem.MeetingCancelled && m.StartsAt.After(now),
	}
}

// Workspace is everything one member of a pair sees of their partnership.
type Workspace struct {
	Partnership     MyPartnership
	Programme       *tandem.Programme
	Agreement       *tandem.AgreementVersion // the current version, or nil
	AgreementSigned bool
	ISigned         bool
	OtherSigned     bool
	Meetings        []MeetingView
	NextMeeting     *MeetingView
	Notes           []tandem.Note // shared notes and the actor's own private notes
	Goals           []tandem.Goal
	Actions         []tandem.Action
	Reviews         []tandem.Review
	ReviewDueAt     *time.Time
	ReviewDue       bool
	Closure         *tandem.Closure
	MyFeedback      *tandem.Feedback
	// InviteToMentor asks a mentee at closure whether they would mentor
	// someone in turn (001, 003).
	InviteToMentor bool
	// Pulse is the actor's own check-in: due now, and their past answers.
	Pulse    *PulseStatus
	Live     bool
	Today    string
	Location *time.Location
}

// WorkspaceOf returns the actor's view of their partnership.
func (a *App) WorkspaceOf(ctx context.Context, actor *tandem.User, partnershipID int64) (*Workspace, error) {
	p, role, err := partnershipOf(ctx, a.store, actor, partnershipID)
	if err != nil {
		return nil, err
	}
	prog, err := a.store.Programme(ctx, actor.OrgID, p.ProgrammeID)
	if err != nil {
		return nil, err
	}
	now, loc := a.Now(), a.orgLocation(ctx, a.store, actor.OrgID)
	w := &Workspace{Partnership: viewFor(p, role, prog.Renewable, now), Programme: prog, Live: tandem.PartnershipLive(p.State),
		Today: now.In(loc).Format("2006-01-02"), Location: loc}
	if err := a.fillWorkspace(ctx, a.store, w, p, actor, role, now, loc); err != nil {
		return nil, err
	}
	return w, nil
}

func (a *App) fillWorkspace(ctx context.Context, st *store.Store, w *Workspace, p *tandem.Partnership, actor *tandem.User, role string, now time.Time, loc *time.Location) error {
	versions, err := st.AgreementVersions(ctx, p.ID)
	if err != nil {
		return err
	}
	if len(versions) > 0 {
		w.Agreement = &versions[0]
		w.AgreementSigned = versions[0].Signed()
		mine, other := versions[0].MentorSignedAt, versions[0].MenteeSignedAt
		if role == tandem.Mentee {
			mine, other = other, mine
		}
		w.ISigned, w.OtherSigned = mine != nil, other != nil
	}
	ms, err := st.Meetings(ctx, p.ID)
	if err != nil {
		return err
	}
	for i := range ms {
		v := meetingView(&ms[i], actor, w.Live, loc, now)
		w.Meetings = append(w.Meetings, v)
		if v.Upcoming && w.NextMeeting == nil {
			w.NextMeeting = &w.Meetings[len(w.Meetings)-1]
		}
	}
	if w.Notes, err = st.Notes(ctx, p.ID, actor.ID); err != nil {
		return err
	}
	if w.Goals, err = st.Goals(ctx, p.ID); err != nil {
		return err
	}
	if w.Actions, err = st.Actions(ctx, p.ID); err != nil {
		return err
	}
	if w.Reviews, err = st.Reviews(ctx, p.ID); err != nil {
		return err
	}
	var mine []tandem.Review
	for _, r := range w.Reviews {
		if r.AuthorID == actor.ID {
			mine = append(mine, r)
		}
	}
	w.ReviewDueAt, w.ReviewDue = ReviewDue(p, w.Programme, mine, now)
	if w.Closure, err = st.Closure(ctx, p.ID); err != nil {
		return err
	}
	fb, err := st.Feedback(ctx, p.ID)
	if err != nil {
		return err
	}
	for i := range fb {
		if fb[i].AuthorID == actor.ID {
			w.MyFeedback = &fb[i]
		}
	}
	w.InviteToMentor = role == tandem.Mentee && (p.State == tandem.PartnershipClosing || p.State == tandem.PartnershipClosed)
	// The actor's own check-ins only: the other party's are never read here.
	myPulses, err := st.PulsesBy(ctx, p.ID, actor.ID)
	if err != nil {
		return err
	}
	ps := pulseStatus(p, role, myPulses, now)
	w.Pulse = &ps
	return nil
}

// MeetingPrep is what a member reads before a meeting: its agenda, the
// actions still open, the goals, the question prompts of 002 by stage, and
// the notes about it.
type MeetingPrep struct {
	Workspace *Workspace
	Meeting   MeetingView
	Open      []tandem.Action
	Prompts   []tandem.PromptStage
	Notes     []tandem.Note
}

// PrepareMeeting returns the actor's preparation page for a meeting.
func (a *App) PrepareMeeting(ctx context.Context, actor *tandem.User, partnershipID, meetingID int64) (*MeetingPrep, error) {
	w, err := a.WorkspaceOf(ctx, actor, partnershipID)
	if err != nil {
		return nil, err
	}
	prep := &MeetingPrep{Workspace: w, Prompts: tandem.QuestionPrompts()}
	found := false
	for _, m := range w.Meetings {
		if m.ID == meetingID {
			prep.Meeting, found = m, true
		}
	}
	if !found {
		return nil, tandem.Errorf(tandem.ENotFound, "Meeting not found.")
	}
	for _, x := range w.Actions {
		if x.Status == tandem.ActionOpen {
			prep.Open = append(prep.Open, x)
		}
	}
	for _, n := range w.Notes {
		if n.MeetingID == meetingID {
			prep.Notes = append(prep.Notes, n)
		}
	}
	return prep, nil
}
