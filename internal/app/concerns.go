package app

import (
	"context"
	"slices"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// ConcernInput is what a participant raises (000, 001, 002): a concern about
// their match, a request to change mentor, a welfare or safeguarding concern,
// or a formal complaint.
type ConcernInput struct {
	Kind          string
	PartnershipID int64 // the partnership it is about; required for match, change of mentor and a mentor's welfare concern
	ProgrammeID   int64 // otherwise, optionally, the programme it is about
	// AboutMentee: a mentor's welfare concern about their mentee.
	AboutMentee bool
	// AboutCoordinator: a complaint about the coordinator goes to the admins (000).
	AboutCoordinator bool
	Body             string
}

// canHandle reports whether actor handles c: the organisation's admins
// always; the programme's coordinators unless a complaint concerns them.
// coordinates, when given, remembers per programme whether actor coordinates
// it, so a list asks once per programme rather than once per concern.
func (a *App) canHandle(ctx context.Context, actor *tandem.User, c *tandem.Concern, coordinates map[int64]bool) (bool, error) {
	if actor == nil || actor.OrgID != c.OrgID {
		return false, nil
	}
	if actor.IsAdmin() {
		return true, nil
	}
	if c.AboutCoordinator || c.ProgrammeID == 0 {
		return false, nil
	}
	if known, seen := coordinates[c.ProgrammeID]; seen {
		return known, nil
	}
	ok, err := a.store.IsCoordinator(ctx, c.ProgrammeID, actor.ID)
	if err == nil && coordinates != nil {
		coordinates[c.ProgrammeID] = ok
	}
	return ok, err
}

// RaiseConcern records a concern and sends it to those who handle it. The
// other party of the partnership never sees it.
func (a *App) RaiseConcern(ctx context.Context, actor *tandem.User, in ConcernInput) (*tandem.Concern, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	pr := tandem.Problems{}
	if !slices.Contains(tandem.ConcernKinds, in.Kind) {
		pr.Add("kind", "Choose what kind of concern this is.")
	}
	body := tandem.CheckText(pr, "body", "What happened", in.Body, 5000, true)
	c := &tandem.Concern{OrgID: actor.OrgID, RaisedBy: actor.ID, RaisedByName: actor.Name, Kind: in.Kind, Body: body, Status: tandem.ConcernOpen,
		AboutCoordinator: in.AboutCoordinator && in.Kind == tandem.ConcernComplaint}
	needsPair := in.Kind == tandem.ConcernMatch || in.Kind == tandem.ConcernChangeMentor || (in.Kind == tandem.ConcernWelfare && in.AboutMentee)
	switch {
	case in.PartnershipID != 0:
		p, role, err := partnershipOf(ctx, a.store, actor, in.PartnershipID)
		if err != nil {
			pr.Add("partnership_id", "Choose one of your partnerships.")
			break
		}
		c.PartnershipID, c.ProgrammeID, c.ProgrammeName = p.ID, p.ProgrammeID, p.ProgrammeName
		if in.AboutMentee && in.Kind == tandem.ConcernWelfare {
			if role != tandem.Mentor {
				pr.Add("about_mentee", "Only a mentor raises a concern about their mentee; raise it about yourself instead.")
			}
			c.AboutMentee = true
		}
	case needsPair:
		pr.Add("partnership_id", "Choose the partnership this is about.")
	case in.ProgrammeID != 0:
		ms, err := a.store.UserMemberships(ctx, actor.ID)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(ms, func(m tandem.Membership) bool { return m.ProgrammeID == in.ProgrammeID }) {
			pr.Add("programme_id", "Choose one of your programmes.")
		}
		c.ProgrammeID = in.ProgrammeID
		if p, err := a.store.Programme(ctx, actor.OrgID, in.ProgrammeID); err == nil {
			c.ProgrammeName = p.Name
		}
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	c.CreatedAt = a.Now()
	// A welfare concern and the emails telling its handlers are one step: no
	// concern is recorded whose handlers the queue has not been told of.
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateConcern(ctx, c); err != nil {
			return err
		}
		if c.Kind == tandem.ConcernWelfare {
			return a.notifyWelfare(ctx, tx, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The log says that a concern exists, never what it says.
	a.log.InfoContext(ctx, "concern raised", "concern_id", c.ID, "kind", c.Kind, "programme_id", c.ProgrammeID)
	return c, nil
}

// MyConcerns lists the concerns the actor raised, with their outcomes.
func (a *App) MyConcerns(ctx context.Context, actor *tandem.User) ([]tandem.Concern, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.store.ConcernsRaisedBy(ctx, actor.ID)
}

// ConcernsToHandle lists the concerns the actor handles, open ones first.
// Someone who handles none gets an empty list.
func (a *App) ConcernsToHandle(ctx context.Context, actor *tandem.User) ([]tandem.Concern, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	all, err := a.store.OrgConcerns(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	var out []tandem.Concern
	coordinates := map[int64]bool{}
	for i := range all {
		ok, err := a.canHandle(ctx, actor, &all[i], coordinates)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, all[i])
		}
	}
	return out, nil
}

// ConcernDetail is a concern as its raiser or a handler reads it. Handling
// notes are for handlers only.
type ConcernDetail struct {
	Concern   *tandem.Concern
	Notes     []tandem.ConcernNote
	CanHandle bool
	IsRaiser  bool
}

// concernFor loads a concern the actor may read: its raiser or a handler.
// Anyone else is told it does not exist.
func (a *App) concernFor(ctx context.Context, st *store.Store, actor *tandem.User, id int64) (*tandem.Concern, bool, error) {
	if err := requireUser(actor); err != nil {
		return nil, false, err
	}
	c, err := st.Concern(ctx, actor.OrgID, id)
	if err != nil {
		return nil, false, tandem.Errorf(tandem.ENotFound, "Concern not found.")
	}
	handler, err := a.canHandle(ctx, actor, c, nil)
	if err != nil {
		return nil, false, err
	}
	if !handler && c.RaisedBy != actor.ID {
		return nil, false, tandem.Errorf(tandem.ENotFound, "Concern not found.")
	}
	return c, handler, nil
}

// Concern returns one concern for its raiser or a handler.
func (a *App) Concern(ctx context.Context, actor *tandem.User, id int64) (*ConcernDetail, error) {
	c, handler, err := a.concernFor(ctx, a.store, actor, id)
	if err != nil {
		return nil, err
	}
	d := &ConcernDetail{Concern: c, CanHandle: handler, IsRaiser: c.RaisedBy == actor.ID}
	if err := a.logged(ctx, a.store, actor, tandem.AuditViewConcern, c.RaisedBy, c.ProgrammeID, tandem.ConcernLabel(c.Kind)); err != nil {
		return nil, err
	}
	if handler {
		if d.Notes, err = a.store.ConcernNotes(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// AddConcernNote records a step in handling a concern; handlers only.
func (a *App) AddConcernNote(ctx context.Context, actor *tandem.User, id int64, body string) (*tandem.ConcernNote, error) {
	c, handler, err := a.concernFor(ctx, a.store, actor, id)
	if err != nil {
		return nil, err
	}
	if !handler {
		return nil, forbidden("Only the people who handle this concern add to its record.")
	}
	pr := tandem.Problems{}
	n := &tandem.ConcernNote{ConcernID: c.ID, AuthorID: actor.ID, AuthorName: actor.Name, Body: tandem.CheckText(pr, "body", "The note", body, 5000, true), CreatedAt: a.Now()}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	return n, a.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.AddConcernNote(ctx, n); err != nil {
			return err
		}
		return a.logged(ctx, tx, actor, tandem.AuditHandleConcern, c.RaisedBy, c.ProgrammeID, "added a note")
	})
}

// ResolveInput is how a handler resolved a concern.
type ResolveInput struct {
	Outcome    string
	Resolution string // what was done, which the raiser reads
}

// ResolveConcern records a concern's outcome; handlers only. A rematch or an
// ended partnership ends the partnership it is about, so the mentee goes
// back to matching and the two are never proposed again.
func (a *App) ResolveConcern(ctx context.Context, actor *tandem.User, id int64, in ResolveInput) (*tandem.Concern, error) {
	var out *tandem.Concern
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		c, handler, err := a.concernFor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if !handler {
			return forbidden("Only the people who handle this concern resolve it.")
		}
		pr := tandem.Problems{}
		if !slices.Contains(tandem.ConcernOutcomes, in.Outcome) {
			pr.Add("outcome", "Choose the outcome.")
		}
		if tandem.EndsPartnership(in.Outcome) && c.PartnershipID == 0 {
			pr.Add("outcome", "This concern is not about a partnership, so there is none to end.")
		}
		resolution := tandem.CheckText(pr, "resolution", "What was done", in.Resolution, 5000, true)
		if err := pr.Err(); err != nil {
			return err
		}
		if c.Status == tandem.ConcernResolved {
			return tandem.Errorf(tandem.EConflict, "This concern was already resolved.")
		}
		now := a.Now()
		c.Status, c.Outcome, c.Resolution, c.ResolvedBy, c.ResolvedAt = tandem.ConcernResolved, in.Outcome, resolution, actor.ID, &now
		if err := tx.ResolveConcern(ctx, c); err != nil {
			return err
		}
		if err := a.logged(ctx, tx, actor, tandem.AuditHandleConcern, c.RaisedBy, c.ProgrammeID, "resolved: "+tandem.ConcernOutcomeLabel(c.Outcome)); err != nil {
			return err
		}
		out = c
		if tandem.EndsPartnership(in.Outcome) {
			return endPartnershipForConcern(ctx, tx, c.PartnershipID, now)
		}
		return nil
	})
	return out, err
}

// endPartnershipForConcern withdraws a live partnership on the coordinator's
// decision after a concern.
func endPartnershipForConcern(ctx context.Context, tx *store.Store, partnershipID int64, now time.Time) error {
	if err := tx.LockPartnership(ctx, partnershipID); err != nil {
		return err
	}
	p, err := tx.Partnership(ctx, partnershipID)
	if err != nil {
		return err
	}
	if !tandem.PartnershipLive(p.State) {
		return nil
	}
	p.State, p.EndedAt, p.EndedBy, p.UpdatedAt = tandem.PartnershipWithdrawn, &now, "coordinator", now
	p.Outcome, p.EndReason = tandem.OutcomeWithdrawn, "Ended by the coordinator after a concern."
	if err := tx.SavePartnershipProgress(ctx, p); err != nil {
		return err
	}
	return cancelFutureMeetings(ctx, tx, p.ID, now, "The partnership has ended.")
}
