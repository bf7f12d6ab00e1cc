package app

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// Consented characteristics (PRODUCT.md, Joining; 004). The rule: their
// owner reads and changes them; matching in a programme with
// UsesCharacteristics learns one yes/no per candidate pair (they differ on a
// dimension both answered); a coordinator of such a programme learns only
// whether a participant gave consent. Nobody else, admins included, reads
// them, and no method here takes anyone's id but the actor's. The owner's
// own reads are not audited (nobody else reads them).

// MyCharacteristics returns the actor's characteristics; a not-found error
// when they have given none (or withdrew their consent).
func (a *App) MyCharacteristics(ctx context.Context, actor *tandem.User) (*tandem.Characteristics, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.store.Characteristics(ctx, actor.ID)
}

// CharacteristicsInput is the characteristics form: the answers and the
// consent box, which must be ticked for anything to be kept.
type CharacteristicsInput struct {
	Characteristics tandem.Characteristics
	Consent         bool
}

// SaveMyCharacteristics stores the actor's answers with the time they
// ticked the consent statement.
func (a *App) SaveMyCharacteristics(ctx context.Context, actor *tandem.User, in CharacteristicsInput) (*tandem.Characteristics, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	c := in.Characteristics
	pr := tandem.Problems{}
	c.ValidateInto(pr)
	if !in.Consent {
		pr.Add("consent", "Tick the consent statement to save your answers; without it Tandem keeps nothing.")
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	now := a.Now()
	c.UserID, c.ConsentedAt, c.UpdatedAt = actor.ID, now, now
	if err := a.store.SaveCharacteristics(ctx, actor.OrgID, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// WithdrawMyCharacteristics withdraws the actor's consent, which deletes
// their answers. Withdrawing when nothing is kept is not an error.
func (a *App) WithdrawMyCharacteristics(ctx context.Context, actor *tandem.User) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	return a.store.DeleteCharacteristics(ctx, actor.ID)
}

// markConsent fills CharacteristicsConsent on the memberships of a
// programme that uses characteristics; elsewhere it leaves it nil.
func markConsent(ctx context.Context, st *store.Store, p *tandem.Programme, ms []tandem.Membership) error {
	if !p.UsesCharacteristics {
		return nil
	}
	given, err := st.ConsentGiven(ctx, p.OrgID)
	if err != nil {
		return err
	}
	for i := range ms {
		yes := given[ms[i].UserID]
		ms[i].CharacteristicsConsent = &yes
	}
	return nil
}
