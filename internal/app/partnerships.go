package app

import (
	"context"
	"strings"
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

func viewFor(p *tandem.Partnership, role string) MyPartnership {
	v := MyPartnership{ID: p.ID, ProgrammeID: p.ProgrammeID, ProgrammeName: p.ProgrammeName, MyRole: role, State: p.State,
		StateLabel: tandem.StateLabel(p.State), Since: p.CreatedAt.Format("2 Jan 2006"), Explanation: p.Explanation}
	if role == tandem.Mentor {
		v.OtherName, v.IConfirmed, v.OtherConfirmed = p.MenteeName, p.MentorConfirmedAt != nil, p.MenteeConfirmedAt != nil
	} else {
		v.OtherName, v.IConfirmed, v.OtherConfirmed = p.MentorName, p.MenteeConfirmedAt != nil, p.MentorConfirmedAt != nil
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
	out := make([]MyPartnership, 0, len(ps))
	for i := range ps {
		role := tandem.Mentee
		if ps[i].MentorID == actor.ID {
			role = tandem.Mentor
		}
		out = append(out, viewFor(&ps[i], role))
	}
	return out, nil
}

// RespondInput is one side's answer after the Aligning Expectations meeting
// (000), or a withdrawal (002: either party may withdraw at any time).
type RespondInput struct {
	PartnershipID int64
	Event         string // tandem.EventConfirm, EventDecline or EventWithdraw
	Reason        string // optional, for the coordinator only
}

// RespondToPartnership moves a partnership through its state machine on one
// member's word. Both confirming makes it active; a decline or withdrawal ends
// it, sends the mentee back to the coordinator for a rematch, and keeps the
// reason from the other party.
func (a *App) RespondToPartnership(ctx context.Context, actor *tandem.User, in RespondInput) (*MyPartnership, error) {
	if utf8.RuneCountInString(in.Reason) > 2000 {
		return nil, &tandem.Error{Code: tandem.EInvalid, Message: "Keep the reason under 2,000 characters.", Fields: map[string]string{"reason": "Keep the reason under 2,000 characters."}}
	}
	var view MyPartnership
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, role, err := partnershipOf(ctx, tx, actor, in.PartnershipID)
		if err != nil {
			return err
		}
		now := a.Now()
		if in.Event == tandem.EventConfirm {
			if role == tandem.Mentor {
				p.MentorConfirmedAt = &now
			} else {
				p.MenteeConfirmedAt = &now
			}
		}
		next, err := tandem.NextState(p.State, in.Event, p.MentorConfirmedAt != nil && p.MenteeConfirmedAt != nil)
		if err != nil {
			return err
		}
		p.State, p.UpdatedAt = next, now
		if !tandem.PartnershipLive(next) {
			p.EndedAt, p.EndedBy, p.EndReason = &now, role, strings.TrimSpace(in.Reason)
		}
		if err := tx.SavePartnershipProgress(ctx, p); err != nil {
			return err
		}
		view = viewFor(p, role)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &view, nil
}
