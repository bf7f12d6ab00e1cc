package app

import (
	"context"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// canCoordinate reports whether actor runs programme p: its coordinators, and
// the organisation's admins (who create programmes and appoint coordinators).
func (a *App) canCoordinate(ctx context.Context, actor *tandem.User, p *tandem.Programme) (bool, error) {
	if actor == nil || actor.OrgID != p.OrgID {
		return false, nil
	}
	if actor.IsAdmin() {
		return true, nil
	}
	return a.store.IsCoordinator(ctx, p.ID, actor.ID)
}

// CanCoordinate is canCoordinate for callers that choose what to show.
func (a *App) CanCoordinate(ctx context.Context, actor *tandem.User, p *tandem.Programme) bool {
	ok, err := a.canCoordinate(ctx, actor, p)
	return err == nil && ok
}

// programmeToRun loads a programme the actor coordinates. Someone in the same
// organisation who does not coordinate it gets forbidden (the programme itself
// is no secret to them); anyone else gets not found.
func (a *App) programmeToRun(ctx context.Context, actor *tandem.User, id int64) (*tandem.Programme, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	p, err := a.store.Programme(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	ok, err := a.canCoordinate(ctx, actor, p)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, forbidden("Only this programme's coordinators can do that.")
	}
	return p, nil
}

// CreateProgrammeInput names the template a new programme starts from.
type CreateProgrammeInput struct {
	Template string
	Name     string // optional; the template's name when empty
}

// CreateProgramme creates a programme from a template; the creator becomes its
// coordinator. Coordinators and admins only.
func (a *App) CreateProgramme(ctx context.Context, actor *tandem.User, in CreateProgrammeInput) (*tandem.Programme, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	if !actor.CanCreateProgrammes() {
		return nil, forbidden("Only coordinators and admins can create programmes. Ask your organisation's admin to make you a coordinator.")
	}
	tpl, ok := tandem.TemplateByKey(in.Template)
	if !ok {
		return nil, &tandem.Error{Code: tandem.EInvalid, Message: "Choose one of the templates.", Fields: map[string]string{"template": "Choose one of the templates."}}
	}
	org, err := a.store.Organisation(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	p := tpl.New()
	if name := strings.TrimSpace(in.Name); name != "" {
		p.Name = name
	}
	p.OrgID = org.ID
	p.ContactEmail = actor.Email
	p.CreatedAt, p.UpdatedAt = a.Now(), a.Now()
	dropUnknownStages(org, &p)
	if err := p.Validate(org); err != nil {
		return nil, err
	}
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateProgramme(ctx, &p); err != nil {
			return err
		}
		return tx.AddCoordinator(ctx, p.ID, actor.ID)
	})
	if err != nil {
		return nil, err
	}
	p.Coordinators = []tandem.User{*actor}
	return &p, nil
}

// dropUnknownStages clears a template's stage bounds that the organisation's
// own scale does not have, rather than refusing the template.
func dropUnknownStages(org *tandem.Organisation, p *tandem.Programme) {
	for _, s := range []*string{&p.MentorMinStage, &p.MentorMaxStage, &p.MenteeMinStage, &p.MenteeMaxStage} {
		if *s != "" && org.StageRank(*s) < 0 {
			*s = ""
		}
	}
}

// Programme returns a programme of the actor's organisation.
func (a *App) Programme(ctx context.Context, actor *tandem.User, id int64) (*tandem.Programme, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.store.Programme(ctx, actor.OrgID, id)
}

// ListProgrammes lists the organisation's programmes; archived ones only for
// those who can create programmes.
func (a *App) ListProgrammes(ctx context.Context, actor *tandem.User) ([]tandem.Programme, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.store.ListProgrammes(ctx, actor.OrgID, actor.CanCreateProgrammes())
}

// CoordinatedProgrammes lists the programmes the actor runs.
func (a *App) CoordinatedProgrammes(ctx context.Context, actor *tandem.User) ([]tandem.Programme, error) {
	all, err := a.ListProgrammes(ctx, actor)
	if err != nil {
		return nil, err
	}
	if actor.IsAdmin() {
		return all, nil
	}
	mine, err := a.store.CoordinatedProgrammeIDs(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	var out []tandem.Programme
	for _, p := range all {
		if mine[p.ID] {
			out = append(out, p)
		}
	}
	return out, nil
}

// UpdateProgramme saves a coordinator's edits. Only the editable settings are
// taken from in; identity, organisation and template stay as they were.
func (a *App) UpdateProgramme(ctx context.Context, actor *tandem.User, in tandem.Programme) (*tandem.Programme, error) {
	cur, err := a.programmeToRun(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	var out *tandem.Programme
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		org, err := tx.Organisation(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		in.OrgID, in.Template, in.CreatedAt, in.Coordinators = cur.OrgID, cur.Template, cur.CreatedAt, cur.Coordinators
		in.UpdatedAt = a.Now()
		if in.RollingIntake {
			in.StartsOn, in.EndsOn = nil, nil
		}
		if err := in.Validate(org); err != nil {
			return err
		}
		out = &in
		return tx.UpdateProgramme(ctx, &in)
	})
	return out, err
}

// AppointCoordinator makes the person with email a coordinator of a
// programme. Admins and the programme's coordinators may appoint; a member
// appointed is raised to the coordinator role.
func (a *App) AppointCoordinator(ctx context.Context, actor *tandem.User, programmeID int64, email string) (*tandem.User, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	var appointee *tandem.User
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		u, _, err := tx.UserByEmail(ctx, tandem.NormalizeEmail(email))
		if err != nil || u.OrgID != p.OrgID {
			return &tandem.Error{Code: tandem.EInvalid, Message: "No account has that email address.",
				Fields: map[string]string{"email": "No account has that email address. They need to sign up first."}}
		}
		if u.Role == tandem.RoleMember {
			if err := tx.SetUserRole(ctx, u.ID, tandem.RoleCoordinator, a.Now()); err != nil {
				return err
			}
			u.Role = tandem.RoleCoordinator
		}
		appointee = u
		return tx.AddCoordinator(ctx, p.ID, u.ID)
	})
	return appointee, err
}

// RemoveCoordinator takes a coordinator off a programme; at least one stays.
func (a *App) RemoveCoordinator(ctx context.Context, actor *tandem.User, programmeID, userID int64) error {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return err
	}
	if len(p.Coordinators) <= 1 {
		return tandem.Errorf(tandem.EConflict, "A programme needs at least one coordinator. Appoint another first.")
	}
	return a.store.RemoveCoordinator(ctx, p.ID, userID)
}
