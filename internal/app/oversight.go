package app

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// PartnershipSummary is a partnership as its programme's coordinator sees it
// (002: the coordinator sees that things happened, never what was said): the
// state, the dates and the counts. The agreement's text, notes, goals,
// actions, reviews and feedback are not in it.
type PartnershipSummary struct {
	tandem.Partnership
	store.PartnershipActivity
	Risks  []Risk // why a live pair is at risk, as on the desk
	Behind bool   // fewer meetings this term than the cadence expects by now
}

// PartnershipSummaries lists a programme's partnerships for its coordinators.
func (a *App) PartnershipSummaries(ctx context.Context, actor *tandem.User, programmeID int64) ([]PartnershipSummary, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	ps, err := a.store.ProgrammePartnerships(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	activity, err := a.store.ProgrammeActivity(ctx, p.ID, a.Now())
	if err != nil {
		return nil, err
	}
	if err := a.logged(ctx, a.store, actor, tandem.AuditViewPartnerships, 0, p.ID, ""); err != nil {
		return nil, err
	}
	now := a.Now()
	_, behind := meetingsAgainstCadence(p, ps, activity, now)
	out := make([]PartnershipSummary, 0, len(ps))
	for i, x := range ps {
		s := PartnershipSummary{Partnership: x, Behind: behind[x.ID]}
		if act := activity[x.ID]; act != nil {
			s.PartnershipActivity = *act
		}
		if s.Risks, err = partnershipRisks(ctx, a.store, p, &ps[i], now); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
