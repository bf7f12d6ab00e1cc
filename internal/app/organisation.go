package app

import (
	"context"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// PublicOrganisation returns the instance's organisation for pages anyone may
// see (its name and support links in every footer); nil before setup.
func (a *App) PublicOrganisation(ctx context.Context) (*tandem.Organisation, error) {
	o, err := a.store.FirstOrganisation(ctx)
	if tandem.ErrorCode(err) == tandem.ENotFound {
		return nil, nil
	}
	return o, err
}

// Organisation returns the actor's organisation.
func (a *App) Organisation(ctx context.Context, actor *tandem.User) (*tandem.Organisation, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.store.Organisation(ctx, actor.OrgID)
}

// OrganisationInput is the settings an admin edits. Text fields hold one entry
// per line, as the form shows them.
type OrganisationInput struct {
	Name         string
	Departments  []string
	CareerStages []string      // labels, most junior first
	SupportLinks []tandem.Link // label and address
	TimeZone     string
	// RetentionMonths is how long ended partnerships' content is kept (0:
	// for ever); nil leaves the period as it is.
	RetentionMonths *int
}

// ParseLinks reads "Label | https://..." lines; a line without "|" is reported
// as a link with no address so validation names it.
func ParseLinks(text string) []tandem.Link {
	var out []tandem.Link
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		label, url, _ := strings.Cut(line, "|")
		out = append(out, tandem.Link{Label: strings.TrimSpace(label), URL: strings.TrimSpace(url)})
	}
	return out
}

// Lines splits text into trimmed, non-empty lines.
func Lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// UpdateOrganisation saves the organisation's settings; admins only. Career
// stages keep their keys when only a label changes position or spelling of
// case, so programmes' eligibility bounds keep pointing at the same stage.
func (a *App) UpdateOrganisation(ctx context.Context, actor *tandem.User, in OrganisationInput) (*tandem.Organisation, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	if !actor.IsAdmin() {
		return nil, forbidden("Only an organisation admin can change these settings.")
	}
	var out *tandem.Organisation
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		o, err := tx.Organisation(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		existing := map[string]string{} // lower label -> key
		for _, s := range o.CareerStages {
			existing[strings.ToLower(s.Label)] = s.Key
		}
		o.Name = in.Name
		o.Departments = tandem.CleanList(in.Departments)
		o.CareerStages = nil
		for _, label := range in.CareerStages {
			key, ok := existing[strings.ToLower(label)]
			if !ok {
				key = tandem.Slug(label)
			}
			o.CareerStages = append(o.CareerStages, tandem.CareerStage{Key: key, Label: label})
		}
		o.SupportLinks = in.SupportLinks
		o.TimeZone = strings.TrimSpace(in.TimeZone)
		if in.RetentionMonths != nil {
			o.RetentionMonths = *in.RetentionMonths
		}
		if err := o.Validate(); err != nil {
			return err
		}
		out = o
		return tx.UpdateOrganisation(ctx, o)
	})
	return out, err
}

// ListUsers lists the organisation's accounts; admins only.
func (a *App) ListUsers(ctx context.Context, actor *tandem.User, q string) ([]tandem.User, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	if !actor.IsAdmin() {
		return nil, forbidden("Only an organisation admin can list accounts.")
	}
	us, err := a.store.ListUsers(ctx, actor.OrgID, strings.TrimSpace(q), 500)
	if err != nil {
		return nil, err
	}
	return us, a.logged(ctx, a.store, actor, tandem.AuditViewPeople, 0, 0, "")
}

// SetUserRole changes a person's organisation role; admins only. The last
// admin cannot step down, so the organisation is never left without one.
func (a *App) SetUserRole(ctx context.Context, actor *tandem.User, userID int64, role string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	if !actor.IsAdmin() {
		return forbidden("Only an organisation admin can change roles.")
	}
	if !tandem.ValidOrgRole(role) {
		return tandem.Errorf(tandem.EInvalid, "Choose member, coordinator or admin.")
	}
	return a.store.InTx(ctx, func(tx *store.Store) error {
		u, err := tx.User(ctx, userID)
		if err != nil || u.OrgID != actor.OrgID {
			return tandem.Errorf(tandem.ENotFound, "Person not found.")
		}
		if u.Role == tandem.RoleAdmin && role != tandem.RoleAdmin {
			if n, err := tx.CountAdmins(ctx, actor.OrgID); err != nil {
				return err
			} else if n <= 1 {
				return tandem.Errorf(tandem.EConflict, "%s is the only admin. Make someone else an admin first.", u.Name)
			}
		}
		if err := tx.SetUserRole(ctx, userID, role, a.Now()); err != nil {
			return err
		}
		return a.logged(ctx, tx, actor, tandem.AuditChangeRole, userID, 0, "now "+role)
	})
}
