package app

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// ClosureInput is the record of the closing conversation (001, 003).
type ClosureInput struct {
	GoalsAchieved string
	ToDevelop     string
	KeepInTouch   string
}

// RecordClosure writes the closing record of a closing partnership and
// closes it. Either side may write it; both read it.
func (a *App) RecordClosure(ctx context.Context, actor *tandem.User, partnershipID int64, in ClosureInput) (*tandem.Closure, error) {
	if _, _, err := partnershipOf(ctx, a.store, actor, partnershipID); err != nil {
		return nil, err // outsiders learn nothing, not even what was wrong with their input
	}
	pr := tandem.Problems{}
	c := tandem.Closure{
		GoalsAchieved: tandem.CheckText(pr, "goals_achieved", "Goals achieved", in.GoalsAchieved, 4000, true),
		ToDevelop:     tandem.CheckText(pr, "to_develop", "Points still to develop", in.ToDevelop, 4000, false),
		KeepInTouch:   tandem.CheckText(pr, "keep_in_touch", "Keeping in touch", in.KeepInTouch, 1000, false),
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, _, err := lockedPartnershipOf(ctx, tx, actor, partnershipID)
		if err != nil {
			return err
		}
		next, err := tandem.NextState(p.State, tandem.EventFinish, false)
		if err != nil {
			return err
		}
		now := a.Now()
		c.PartnershipID, c.RecordedBy, c.RecordedAt = p.ID, actor.ID, now
		if err := tx.SaveClosure(ctx, &c); err != nil {
			return err
		}
		p.State, p.EndedAt, p.UpdatedAt = next, &now, now
		if err := tx.SavePartnershipProgress(ctx, p); err != nil {
			return err
		}
		return cancelFutureMeetings(ctx, tx, p.ID, now, "The partnership has closed.")
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// FeedbackInput is one side's evaluation of the scheme at closure.
type FeedbackInput struct {
	Rating   int
	Comments string
	Share    bool // the coordinator may read the words (the rating always counts)
}

// GiveFeedback records the actor's closing feedback for scheme evaluation.
// It belongs to its author: the other party never reads it.
func (a *App) GiveFeedback(ctx context.Context, actor *tandem.User, partnershipID int64, in FeedbackInput) (*tandem.Feedback, error) {
	if _, _, err := partnershipOf(ctx, a.store, actor, partnershipID); err != nil {
		return nil, err // outsiders learn nothing, not even what was wrong with their input
	}
	pr := tandem.Problems{}
	if in.Rating < 1 || in.Rating > 5 {
		pr.Add("rating", "Choose a rating from 1 to 5.")
	}
	f := tandem.Feedback{Rating: in.Rating, Share: in.Share, Comments: tandem.CheckText(pr, "comments", "Your comments", in.Comments, 4000, false)}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, role, err := partnershipOf(ctx, tx, actor, partnershipID)
		if err != nil {
			return err
		}
		if p.State != tandem.PartnershipClosing && p.State != tandem.PartnershipClosed {
			return tandem.Errorf(tandem.EConflict, "Feedback on the scheme is asked for when the partnership closes.")
		}
		f.PartnershipID, f.AuthorID, f.Role, f.CreatedAt = p.ID, actor.ID, role, a.Now()
		return tx.SaveFeedback(ctx, &f)
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}
