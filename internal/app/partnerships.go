package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// MyPartnership is a partnership as one of its two members sees it: the other
// person, the states, and never the other side's private reasons.
type MyPartnership struct {
	ID             int64
	ProgrammeID    int64
	ProgrammeName  string
	MyRole         string
	OtherName      string
	State          string
	StateLabel     string
	Since          string
	IConfirmed     bool
	OtherConfirmed bool
	Explanation    string

	StartedAt     *time.Time
	TermEndsAt    *time.Time
	Term          int
	LastContactAt *time.Time
	// TermChoiceOpen is set near the end of an active term: each chooses to
	// renew or close.
	TermChoiceOpen bool
	Renewable      bool
	MyChoice       string
	OtherChoice    string
	// EndedByMe and EndedByOther say who moved the partnership towards its
	// end, and Outcome how (goals met, term ended, withdrawn, declined).
	EndedByMe    bool
	EndedByOther bool
	// EndedByCoordinator: the coordinator ended it after a concern.
	EndedByCoordinator bool
	Outcome            string
	EndedAt            *time.Time
}

// partnershipOf loads a partnership the actor is a member of, and the
// actor's role in it. Anyone else, coordinators included, gets "not found":
// this is the door to the pair's own space.
func partnershipOf(ctx context.Context, st *store.Store, actor *tandem.User, id int64) (*tandem.Partnership, string, error) {
	if err := requireUser(actor); err != nil {
		return nil, "", err
	}
	p, err := st.Partnership(ctx, id)
	if err != nil {
		return nil, "", tandem.Errorf(tandem.ENotFound, "Partnership not found.")
	}
	switch actor.ID {
	case p.MentorID:
		return p, tandem.Mentor, nil
	case p.MenteeID:
		return p, tandem.Mentee, nil
	}
	return nil, "", tandem.Errorf(tandem.ENotFound, "Partnership not found.")
}

// lockedPartnershipOf is partnershipOf inside a transaction, holding the
// partnership's row so two answers cannot both act on the old state.
func lockedPartnershipOf(ctx context.Context, tx *store.Store, actor *tandem.User, id int64) (*tandem.Partnership, string, error) {
	if _, _, err := partnershipOf(ctx, tx, actor, id); err != nil {
		return nil, "", err
	}
	if err := tx.LockPartnership(ctx, id); err != nil {
		return nil, "", err
	}
	return partnershipOf(ctx, tx, actor, id)
}

// termChoiceOpen reports whether an active partnership is near enough its
// term's end for the pair to choose renew or close.
func termChoiceOpen(p *tandem.Partnership, now time.Time) bool {
	return p.State == tandem.PartnershipActive && p.TermEndsAt != nil && !now.Before(p.TermEndsAt.AddDate(0, 0, -tandem.TermNoticeDays))
}

func viewFor(p *tandem.Partnership, role string, renewable bool, now time.Time) MyPartnership {
	v := MyPartnership{ID: p.ID, ProgrammeID: p.ProgrammeID, ProgrammeName: p.ProgrammeName, MyRole: role, State: p.State,
		StateLabel: tandem.StateLabel(p.State), Since: p.CreatedAt.Format("2 Jan 2006"), Explanation: forThePair(p.Explanation),
		StartedAt: p.StartedAt, TermEndsAt: p.TermEndsAt, Term: p.Term, LastContactAt: p.LastContactAt,
		TermChoiceOpen: termChoiceOpen(p, now), Renewable: renewable, Outcome: p.Outcome, EndedAt: p.EndedAt}
	if role == tandem.Mentor {
		v.OtherName, v.IConfirmed, v.OtherConfirmed = p.MenteeName, p.MentorConfirmedAt != nil, p.MenteeConfirmedAt != nil
		v.MyChoice, v.OtherChoice = p.MentorChoice, p.MenteeChoice
	} else {
		v.OtherName, v.IConfirmed, v.OtherConfirmed = p.MentorName, p.MenteeConfirmedAt != nil, p.MentorConfirmedAt != nil
		v.MyChoice, v.OtherChoice = p.MenteeChoice, p.MentorChoice
	}
	switch p.EndedBy {
	case "":
	case tandem.Mentor, tandem.Mentee:
		v.EndedByMe, v.EndedByOther = p.EndedBy == role, p.EndedBy != role
	default:
		v.EndedByCoordinator = true
	}
	return v
}

// MyPartnerships lists the actor's partnerships as they may see them.
func (a *App) MyPartnerships(ctx context.Context, actor *tandem.User) ([]MyPartnership, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	ps, err := a.store.UserPartnerships(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	renewable := map[int64]bool{}
	out := make([]MyPartnership, 0, len(ps))
	for i := range ps {
		role := tandem.Mentee
		if ps[i].MentorID == actor.ID {
			role = tandem.Mentor
		}
		r, ok := renewable[ps[i].ProgrammeID]
		if !ok {
			if g, err := a.store.Programme(ctx, actor.OrgID, ps[i].ProgrammeID); err == nil {
				r = g.Renewable
			}
			renewable[ps[i].ProgrammeID] = r
		}
		out = append(out, viewFor(&ps[i], role, r, a.Now()))
	}
	return out, nil
}

// RespondInput is one side's word on their partnership: an answer to the
// introduction after the Aligning Expectations meeting (000), a choice at the
// term's end, an early end because the goals are met, or a withdrawal (002:
// either party may withdraw at any time).
type RespondInput struct {
	PartnershipID int64
	Event         string // tandem.EventConfirm, EventDecline, EventWithdraw, EventRenew, EventClose or EventComplete
	Reason        string // optional, for the coordinator only
}

// RespondToPartnership moves a partnership through its state machine on one
// member's word. Both confirming makes it active and starts the term; both
// renewing starts another term; a decline or withdrawal ends it, sends the
// mentee back to the coordinator for a rematch, and keeps the reason from the
// other party.
func (a *App) RespondToPartnership(ctx context.Context, actor *tandem.User, in RespondInput) (*MyPartnership, error) {
	if utf8.RuneCountInString(in.Reason) > 2000 {
		return nil, &tandem.Error{Code: tandem.EInvalid, Message: "Keep the reason under 2,000 characters.", Fields: map[string]string{"reason": "Keep the reason under 2,000 characters."}}
	}
	if in.Event == tandem.EventFinish {
		return nil, tandem.Errorf(tandem.EInvalid, "Record the closing conversation to close the partnership.")
	}
	var view MyPartnership
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, role, err := lockedPartnershipOf(ctx, tx, actor, in.PartnershipID)
		if err != nil {
			return err
		}
		prog, err := tx.Programme(ctx, actor.OrgID, p.ProgrammeID)
		if err != nil {
			return err
		}
		now := a.Now()
		both := false
		switch in.Event {
		case tandem.EventConfirm:
			if role == tandem.Mentor {
				p.MentorConfirmedAt = &now
			} else {
				p.MenteeConfirmedAt = &now
			}
			both = p.MentorConfirmedAt != nil && p.MenteeConfirmedAt != nil
		case tandem.EventRenew, tandem.EventClose:
			if p.State == tandem.PartnershipActive && !termChoiceOpen(p, now) {
				return tandem.Errorf(tandem.EConflict, "The choice to renew or close opens %d days before the term ends, on %s. To end sooner, close it early.",
					tandem.TermNoticeDays, p.TermEndsAt.AddDate(0, 0, -tandem.TermNoticeDays).Format("2 January 2006"))
			}
			if in.Event == tandem.EventRenew && !prog.Renewable {
				return tandem.Errorf(tandem.EConflict, "Partnerships in %s are not renewed: choose to close, and you may apply again for a new match.", prog.Name)
			}
			if role == tandem.Mentor {
				p.MentorChoice = in.Event
			} else {
				p.MenteeChoice = in.Event
			}
			both = p.MentorChoice == tandem.ChoiceRenew && p.MenteeChoice == tandem.ChoiceRenew
		}
		next, err := tandem.NextState(p.State, in.Event, both)
		if err != nil {
			return err
		}
		switch {
		case in.Event == tandem.EventConfirm && next == tandem.PartnershipActive:
			// The term starts when both have confirmed (000).
			p.StartedAt, p.Term = &now, 1
			ends := now.AddDate(0, prog.TermMonths, 0)
			p.TermEndsAt = &ends
		case in.Event == tandem.EventRenew && both:
			ends := p.TermEndsAt.AddDate(0, prog.TermMonths, 0)
			p.TermEndsAt, p.Term, p.MentorChoice, p.MenteeChoice = &ends, p.Term+1, "", ""
		case next == tandem.PartnershipClosing:
			p.EndedBy, p.EndReason = role, strings.TrimSpace(in.Reason)
			p.Outcome = tandem.OutcomeTermEnded
			if in.Event == tandem.EventComplete {
				p.Outcome = tandem.OutcomeCompleted
			}
		case !tandem.PartnershipLive(next):
			p.EndedAt, p.EndedBy, p.EndReason = &now, role, strings.TrimSpace(in.Reason)
			if next == tandem.PartnershipWithdrawn {
				p.Outcome = tandem.OutcomeWithdrawn
			}
		}
		p.State, p.UpdatedAt = next, now
		if err := tx.SavePartnershipProgress(ctx, p); err != nil {
			return err
		}
		if !tandem.PartnershipLive(next) {
			if err := cancelFutureMeetings(ctx, tx, p.ID, now, "The partnership has ended."); err != nil {
				return err
			}
		}
		view = viewFor(p, role, prog.Renewable, now)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &view, nil
}

// cancelFutureMeetings cancels a partnership's meetings still to come, so
// calendars drop them once the partnership has ended.
func cancelFutureMeetings(ctx context.Context, tx *store.Store, partnershipID int64, now time.Time, message string) error {
	ms, err := tx.Meetings(ctx, partnershipID)
	if err != nil {
		return err
	}
	for i := range ms {
		m := &ms[i]
		if m.State == tandem.MeetingCancelled || m.HeldAt != nil || m.StartsAt.Before(now) {
			continue
		}
		m.State, m.Message, m.Sequence, m.UpdatedAt = tandem.MeetingCancelled, message, m.Sequence+1, now
		if err := tx.SaveMeeting(ctx, m); err != nil {
			return err
		}
	}
	return nil
}
