package app

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

func checkCapacity(pr tandem.Problems, p *tandem.Programme, capacity int) {
	if capacity < 1 || capacity > p.MentorCapacity {
		if p.MentorCapacity == 1 {
			pr.Add("capacity", "Mentors in this programme take one mentee at a time.")
		} else {
			pr.Add("capacity", fmt.Sprintf("Take between 1 and %d mentees: that is this programme's limit.", p.MentorCapacity))
		}
	}
}

// AvailabilityInput is a mentor's own say in new introductions.
type AvailabilityInput struct {
	Capacity int
	Paused   string // tandem.AvailableOpen, PausedAway or PausedFull
}

// SetAvailability lets a mentor pause new introductions (away, full) and set
// how many mentees they take, within the programme's limit. Partnerships
// already made carry on; matching and the shortlist stop offering them.
func (a *App) SetAvailability(ctx context.Context, actor *tandem.User, programmeID, membershipID int64, in AvailabilityInput) (*tandem.Membership, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	var out *tandem.Membership
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, err := tx.Programme(ctx, actor.OrgID, programmeID)
		if err != nil {
			return err
		}
		m, err := tx.Membership(ctx, p.ID, membershipID)
		if err != nil || m.UserID != actor.ID || m.Role != tandem.Mentor {
			return tandem.Errorf(tandem.ENotFound, "Participant not found.")
		}
		pr := tandem.Problems{}
		checkCapacity(pr, p, in.Capacity)
		if in.Paused != tandem.AvailableOpen && in.Paused != tandem.PausedAway && in.Paused != tandem.PausedFull {
			pr.Add("paused", "Choose open, away or full.")
		}
		if err := pr.Err(); err != nil {
			return err
		}
		m.Capacity, m.Paused, out = in.Capacity, in.Paused, m
		return tx.UpdateMembership(ctx, m)
	})
	return out, err
}
