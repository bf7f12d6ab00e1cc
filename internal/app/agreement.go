package app

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// Agreement is the pair's mentoring agreement: the current version (or a
// draft pre-filled from the programme's template when none exists yet) and
// every earlier version, all readable to the pair alone.
type Agreement struct {
	Partnership MyPartnership
	Current     *tandem.AgreementVersion // nil until someone saves a first draft
	Draft       []tandem.AgreementEntry  // what the form shows: the current text, or the template
	Versions    []tandem.AgreementVersion
	ISigned     bool
	OtherSigned bool
	Editable    bool
	// Names for the printable view.
	MentorName, MenteeName string
}

func agreementEditable(state string) bool {
	return state == tandem.PartnershipIntroduced || state == tandem.PartnershipActive
}

// AgreementOf returns the pair's agreement for one of its members.
func (a *App) AgreementOf(ctx context.Context, actor *tandem.User, partnershipID int64) (*Agreement, error) {
	p, role, err := partnershipOf(ctx, a.store, actor, partnershipID)
	if err != nil {
		return nil, err
	}
	prog, err := a.store.Programme(ctx, actor.OrgID, p.ProgrammeID)
	if err != nil {
		return nil, err
	}
	versions, err := a.store.AgreementVersions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	out := &Agreement{Partnership: viewFor(p, role, prog.Renewable, a.Now()), Versions: versions, Editable: agreementEditable(p.State),
		MentorName: p.MentorName, MenteeName: p.MenteeName}
	if len(versions) > 0 {
		out.Current = &versions[0]
		out.Draft = versions[0].Sections
		mine, other := out.Current.MentorSignedAt, out.Current.MenteeSignedAt
		if role == tandem.Mentee {
			mine, other = other, mine
		}
		out.ISigned, out.OtherSigned = mine != nil, other != nil
	} else {
		for _, s := range prog.AgreementTemplate {
			out.Draft = append(out.Draft, tandem.AgreementEntry{Key: s.Key, Title: s.Title, Prompt: s.Prompt})
		}
	}
	return out, nil
}

// SaveAgreement stores what the pair wrote, section by section (keyed by the
// section's key). A draft nobody has signed is edited in place; once either
// has signed, a change makes a new version that both sign again (002).
func (a *App) SaveAgreement(ctx context.Context, actor *tandem.User, partnershipID int64, texts map[string]string) (*tandem.AgreementVersion, error) {
	var out *tandem.AgreementVersion
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, _, err := lockedPartnershipOf(ctx, tx, actor, partnershipID)
		if err != nil {
			return err
		}
		if !agreementEditable(p.State) {
			return tandem.Errorf(tandem.EConflict, "The partnership is %s: its agreement can no longer change.", lowerStateLabel(p.State))
		}
		prog, err := tx.Programme(ctx, actor.OrgID, p.ProgrammeID)
		if err != nil {
			return err
		}
		versions, err := tx.AgreementVersions(ctx, p.ID)
		if err != nil {
			return err
		}
		// The sections come from the current version, or the template.
		var sections []tandem.AgreementEntry
		if len(versions) > 0 {
			sections = append(sections, versions[0].Sections...)
		} else {
			for _, s := range prog.AgreementTemplate {
				sections = append(sections, tandem.AgreementEntry{Key: s.Key, Title: s.Title, Prompt: s.Prompt})
			}
		}
		pr := tandem.Problems{}
		known := map[string]bool{}
		for _, sec := range sections {
			known[sec.Key] = true
		}
		for key := range texts {
			if !known[key] {
				pr.Add(key, "This agreement has no section called “"+key+"”.")
			}
		}
		changed := len(versions) == 0
		for i := range sections {
			t, ok := texts[sections[i].Key]
			if !ok {
				continue
			}
			t = tandem.CheckText(pr, sections[i].Key, sections[i].Title, t, 4000, false)
			if t != sections[i].Text {
				sections[i].Text, changed = t, true
			}
		}
		if err := pr.Err(); err != nil {
			return err
		}
		now := a.Now()
		if len(versions) > 0 && !changed {
			out = &versions[0]
			return nil
		}
		if len(versions) > 0 && !versions[0].AnySigned() {
			v := versions[0]
			v.Sections, v.UpdatedAt = sections, now
			out = &v
			return tx.SaveAgreementVersion(ctx, &v)
		}
		v := &tandem.AgreementVersion{PartnershipID: p.ID, Version: len(versions) + 1, Sections: sections, CreatedBy: actor.ID, CreatedAt: now, UpdatedAt: now}
		out = v
		return tx.CreateAgreementVersion(ctx, v)
	})
	return out, err
}

// SignAgreement signs and dates the given version for the actor. Only the
// current version can be signed: a signature on an older one would agree to
// words that have since changed.
func (a *App) SignAgreement(ctx context.Context, actor *tandem.User, partnershipID int64, version int) (*tandem.AgreementVersion, error) {
	var out *tandem.AgreementVersion
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, role, err := lockedPartnershipOf(ctx, tx, actor, partnershipID)
		if err != nil {
			return err
		}
		if !agreementEditable(p.State) {
			return tandem.Errorf(tandem.EConflict, "The partnership is %s: its agreement can no longer be signed.", lowerStateLabel(p.State))
		}
		versions, err := tx.AgreementVersions(ctx, p.ID)
		if err != nil {
			return err
		}
		if len(versions) == 0 {
			return tandem.Errorf(tandem.EConflict, "Write and save the agreement before signing it.")
		}
		v := versions[0]
		if v.Version != version {
			return tandem.Errorf(tandem.EConflict, "The agreement has changed since you opened it: read version %d, then sign.", v.Version)
		}
		now := a.Now()
		mine := &v.MentorSignedAt
		if role == tandem.Mentee {
			mine = &v.MenteeSignedAt
		}
		if *mine != nil {
			out = &v
			return nil
		}
		*mine, v.UpdatedAt = &now, now
		out = &v
		return tx.SaveAgreementVersion(ctx, &v)
	})
	return out, err
}

func lowerStateLabel(state string) string {
	return map[string]string{tandem.PartnershipClosing: "closing", tandem.PartnershipClosed: "closed",
		tandem.PartnershipDeclined: "not going ahead", tandem.PartnershipWithdrawn: "withdrawn"}[state]
}
