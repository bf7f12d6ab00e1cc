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
	pr := tandem.Problems{}
	r := tandem.Review{MeetsNeeds: in.MeetsNeeds}
	if r.MeetsNeeds != tandem.NeedsMet && r.MeetsNeeds != tandem.NeedsPartly && r.MeetsNeeds != tandem.NeedsNotMet {
		pr.Add("meets_needs", "Choose yes, partly or not yet.")
	}
	r.GoingWell = tandem.CheckText(pr, "going_well", "What is going well", in.GoingWell, 4000, false)
	r.ToChange = tandem.CheckText(pr, "to_change", "What to change", in.ToChange, 4000, false)
	return changePlan(ctx, a, actor, partnershipID, r, pr.Err(), func(tx *store.Store, p *tandem.Partnership, r *tandem.Review) error {
		if p.State == tandem.PartnershipIntroduced {
			return tandem.Errorf(tandem.EConflict, "Reviews start once you have both confirmed the match.")
		}
		r.Role = tandem.Mentee
		if p.MentorID == actor.ID {
			r.Role = tandem.Mentor
		}
		r.PartnershipID, r.AuthorID, r.CreatedAt = p.ID, actor.ID, a.Now()
		return tx.CreateReview(ctx, r)
	})
}
