package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// ReviewInput is one side's answer to "is this meeting the mentee's needs?"
// and what to change (000, 002, 003).
type ReviewInput struct {
	MeetsNeeds string // tandem.NeedsMet, NeedsPartly, NeedsNotMet
	GoingWell  string
	ToChange   string
}

// reviewEarlyDays is how long before a review falls due it may be answered
// and count for that round.
const reviewEarlyDays = 14

// ReviewDue returns when the actor's next review falls due, and whether it
// is due now: every ReviewEveryWeeks from the start of the partnership, unless
// they reviewed within two weeks before that date or since.
func ReviewDue(p *tandem.Partnership, prog *tandem.Programme, mine []tandem.Review, now time.Time) (dueAt *time.Time, due bool) {
	if p.StartedAt == nil || prog.ReviewEveryWeeks == 0 || (p.State != tandem.PartnershipActive && p.State != tandem.PartnershipClosing) {
		return nil, false
	}
	every := time.Duration(prog.ReviewEveryWeeks) * 7 * 24 * time.Hour
	last := time.Time{}
	for _, r := range mine {
		if r.CreatedAt.After(last) {
			last = r.CreatedAt
		}
	}
	// The first round not yet answered: the earliest due date d with no
	// review of this person from d-14 days on.
	for d := p.StartedAt.Add(every); ; d = d.Add(every) {
		if last.Before(d.AddDate(0, 0, -reviewEarlyDays)) {
			return &d, !now.Before(d)
		}
	}
}

// SubmitReview records the actor's review of their partnership.
func (a *App) SubmitReview(ctx context.Context, actor *tandem.User, partnershipID int64, in ReviewInput) (*tandem.Review, error) {
	if _, _, err := partnershipOf(ctx, a.store, actor, partnershipID); err != nil {
		return nil, err // outsiders learn nothing, not even what was wrong with their input
	}
	pr := tandem.Problems{}
	r := tandem.Review{MeetsNeeds: in.MeetsNeeds}
	if r.MeetsNeeds != tandem.NeedsMet && r.MeetsNeeds != tandem.NeedsPartly && r.MeetsNeeds != tandem.NeedsNotMet {
		pr.Add("meets_needs", "Choose yes, partly or not yet.")
	}
	r.GoingWell = tandem.CheckText(pr, "going_well", "What is going well", in.GoingWell, 4000, false)
	r.ToChange = tandem.CheckText(pr, "to_change", "What to change", in.ToChange, 4000, false)
	if err := pr.Err(); err != nil {
		return nil, err
	}
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, role, err := workable(ctx, tx, actor, partnershipID)
		if err != nil {
			return err
		}
		if p.State == tandem.PartnershipIntroduced {
			return tandem.Errorf(tandem.EConflict, "Reviews start once you have both confirmed the match.")
		}
		r.PartnershipID, r.AuthorID, r.Role, r.CreatedAt = p.ID, actor.ID, role, a.Now()
		return tx.CreateReview(ctx, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}
