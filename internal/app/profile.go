package app

import (
	"context"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// MyProfile returns the actor's own profile; an empty one (not an error) when
// they have not filled it in yet.
func (a *App) MyProfile(ctx context.Context, actor *tandem.User) (*tandem.Profile, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	p, err := a.store.Profile(ctx, actor.ID)
	if tandem.ErrorCode(err) == tandem.ENotFound {
		return &tandem.Profile{UserID: actor.ID, MeetingMode: tandem.ModeEither}, nil
	}
	return p, err
}

// ProfileInput is the profile form, plus the person's display name.
type ProfileInput struct {
	Name    string
	Profile tandem.Profile
}

// UpdateProfile saves the actor's own profile. Nobody edits someone else's.
func (a *App) UpdateProfile(ctx context.Context, actor *tandem.User, in ProfileInput) (*tandem.Profile, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	org, err := a.store.Organisation(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	pr := tandem.Problems{}
	name := strings.TrimSpace(in.Name)
	tandem.ValidateName(pr, "name", name)
	p := in.Profile
	p.UserID = actor.ID
	p.UpdatedAt = a.Now()
	p.ValidateInto(pr, org)
	if err := pr.Err(); err != nil {
		return nil, err
	}
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		if name != actor.Name {
			if err := tx.UpdateUserName(ctx, actor.ID, name, a.Now()); err != nil {
				return err
			}
		}
		return tx.UpsertProfile(ctx, &p)
	})
	if err != nil {
		return nil, err
	}
	actor.Name = name
	return &p, nil
}
