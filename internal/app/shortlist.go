package app

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// ShortlistSize is how many mentors a mentee chooses from.
const ShortlistSize = 5

// Shortlist is what a mentee sees in a programme where mentees choose: the
// best-scoring mentors the rules allow who still have room, each with why.
type Shortlist struct {
	Programme *tandem.Programme
	Mentee    tandem.Membership
	Options   []Option
	// Partnership is set when the mentee already has a mentor here.
	Partnership *tandem.Partnership
}

// menteeChoosing loads the programme and the actor's approved mentee
// membership in it, in a programme whose mentees choose their mentor.
func (a *App) menteeChoosing(ctx context.Context, st *store.Store, actor *tandem.User, programmeID int64) (*tandem.Programme, *tandem.Membership, error) {
	if err := requireUser(actor); err != nil {
		return nil, nil, err
	}
	p, err := st.Programme(ctx, actor.OrgID, programmeID)
	if err != nil {
		return nil, nil, err
	}
	if p.MatchingMode != tandem.ModeMenteeChooses {
		return nil, nil, tandem.Errorf(tandem.EConflict, "In %s the coordinator makes the matches; you will be told when you are introduced.", p.Name)
	}
	ms, err := st.UserMemberships(ctx, actor.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range ms {
		if m.ProgrammeID == p.ID && m.Role == tandem.Mentee && m.Status == tandem.MemberApproved {
			return p, &m, nil
		}
	}
	return nil, nil, forbidden("Only approved mentees of this programme choose a mentor here.")
}

// MentorShortlist returns the actor's shortlist in a mentee-chooses programme.
func (a *App) MentorShortlist(ctx context.Context, actor *tandem.User, programmeID int64) (*Shortlist, error) {
	p, me, err := a.menteeChoosing(ctx, a.store, actor, programmeID)
	if err != nil {
		return nil, err
	}
	sl := &Shortlist{Programme: p, Mentee: *me}
	ps, err := a.store.ProgrammePartnerships(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if ps[i].MenteeMembershipID == me.ID && tandem.PartnershipLive(ps[i].State) {
			sl.Partnership = &ps[i]
			sl.Partnership.Explanation = forThePair(sl.Partnership.Explanation)
			return sl, nil
		}
	}
	prop, err := a.buildProposal(ctx, a.store, p)
	if err != nil {
		return nil, err
	}
	for _, o := range prop.Options[me.ID] {
		if o.Free > 0 && len(sl.Options) < ShortlistSize {
			o.Mentor.UserEmail = "" // mentees see a mentor's profile, not their address
			o.Explanation = forThePair(o.Explanation)
			sl.Options = append(sl.Options, o)
		}
	}
	return sl, a.logged(ctx, a.store, actor, tandem.AuditViewShortlist, 0, p.ID, "")
}

// ChooseMentor makes the actor's introduction to a mentor from their
// shortlist. The choice is checked again inside the transaction, so two
// mentees cannot take a mentor's last place.
func (a *App) ChooseMentor(ctx context.Context, actor *tandem.User, programmeID, mentorMembershipID int64) (*tandem.Partnership, error) {
	var out *tandem.Partnership
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, me, err := a.menteeChoosing(ctx, tx, actor, programmeID)
		if err != nil {
			return err
		}
		if err := tx.TouchProgramme(ctx, p.ID, a.Now()); err != nil {
			return err
		}
		prop, err := a.buildProposal(ctx, tx, p)
		if err != nil {
			return err
		}
		waiting := false
		for _, u := range append(prop.Unmatched, unmatchedOf(prop.Pairs)...) {
			waiting = waiting || u.Mentee.ID == me.ID
		}
		if !waiting {
			return tandem.Errorf(tandem.EConflict, "You already have a mentor in %s.", p.Name)
		}
		for _, o := range prop.Options[me.ID] {
			if o.Mentor.ID != mentorMembershipID {
				continue
			}
			if o.Free == 0 {
				return tandem.Errorf(tandem.EConflict, "%s has just taken their last mentee. Choose another mentor.", o.Mentor.UserName)
			}
			now := a.Now()
			out = &tandem.Partnership{ProgrammeID: p.ID, MentorMembershipID: o.Mentor.ID, MenteeMembershipID: me.ID,
				MentorID: o.Mentor.UserID, MenteeID: me.UserID, State: tandem.PartnershipIntroduced, ScoreMillis: o.ScoreMillis,
				Explanation: o.Explanation, CreatedAt: now, UpdatedAt: now, MentorName: o.Mentor.UserName, MenteeName: me.UserName}
			if err := tx.CreatePartnership(ctx, out); err != nil {
				return err
			}
			return a.notifyIntroductions(ctx, tx, actor.OrgID, p, []tandem.Partnership{*out}) // queued with the introduction
		}
		return tandem.Errorf(tandem.ENotFound, "That mentor is not on your shortlist.")
	})
	return out, err
}

// unmatchedOf lists the mentees of proposed pairs as waiting mentees: in a
// proposal every mentee, paired or not, is still waiting.
func unmatchedOf(pairs []ProposedPair) []UnmatchedMentee {
	out := make([]UnmatchedMentee, len(pairs))
	for i, p := range pairs {
		out[i] = UnmatchedMentee{Mentee: p.Mentee}
	}
	return out
}
