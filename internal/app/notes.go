package app

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// NoteInput is a note to add: shared with the pair, or private to its author.
type NoteInput struct {
	MeetingID int64 // optional: the meeting the note is about
	Private   bool
	Body      string
}

// AddNote adds a shared or private note to the actor's partnership.
func (a *App) AddNote(ctx context.Context, actor *tandem.User, partnershipID int64, in NoteInput) (*tandem.Note, error) {
	var out *tandem.Note
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, _, err := workable(ctx, tx, actor, partnershipID)
		if err != nil {
			return err
		}
		pr := tandem.Problems{}
		body := tandem.CheckText(pr, "body", "The note", in.Body, 10000, true)
		if err := pr.Err(); err != nil {
			return err
		}
		if in.MeetingID != 0 {
			if _, err := tx.Meeting(ctx, p.ID, in.MeetingID); err != nil {
				return err
			}
		}
		now := a.Now()
		out = &tandem.Note{PartnershipID: p.ID, MeetingID: in.MeetingID, AuthorID: actor.ID, AuthorName: actor.Name, Private: in.Private, Body: body,
			CreatedAt: now, UpdatedAt: now}
		return tx.CreateNote(ctx, out)
	})
	return out, err
}

// ownNote loads a note the actor wrote; anyone else's note is "not found"
// for changes (the other's shared notes are theirs to edit).
func ownNote(ctx context.Context, tx *store.Store, actor *tandem.User, partnershipID, noteID int64) (*tandem.Note, error) {
	p, _, err := partnershipOf(ctx, tx, actor, partnershipID)
	if err != nil {
		return nil, err
	}
	n, err := tx.Note(ctx, p.ID, noteID, actor.ID)
	if err != nil {
		return nil, err
	}
	if n.AuthorID != actor.ID {
		return nil, tandem.Errorf(tandem.EForbidden, "Only %s can change this note.", n.AuthorName)
	}
	return n, nil
}

// EditNote changes the text of a note the actor wrote.
func (a *App) EditNote(ctx context.Context, actor *tandem.User, partnershipID, noteID int64, body string) (*tandem.Note, error) {
	var out *tandem.Note
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		n, err := ownNote(ctx, tx, actor, partnershipID, noteID)
		if err != nil {
			return err
		}
		pr := tandem.Problems{}
		n.Body = tandem.CheckText(pr, "body", "The note", body, 10000, true)
		if err := pr.Err(); err != nil {
			return err
		}
		n.UpdatedAt, out = a.Now(), n
		return tx.SaveNote(ctx, n)
	})
	return out, err
}

// DeleteNote removes a note the actor wrote.
func (a *App) DeleteNote(ctx context.Context, actor *tandem.User, partnershipID, noteID int64) error {
	return a.store.InTx(ctx, func(tx *store.Store) error {
		n, err := ownNote(ctx, tx, actor, partnershipID, noteID)
		if err != nil {
			return err
		}
		return tx.DeleteNote(ctx, n.ID)
	})
}
