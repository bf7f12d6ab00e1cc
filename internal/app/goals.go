package app

import (
	"context"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// GoalInput is one of the mentee's objectives (003: short and long term).
type GoalInput struct {
	Horizon  string
	Title    string
	Detail   string
	Progress int
	Status   string // empty = open
}

func checkGoal(in GoalInput) (tandem.Goal, error) {
	pr := tandem.Problems{}
	g := tandem.Goal{Horizon: in.Horizon, Progress: in.Progress, Status: in.Status}
	if g.Status == "" {
		g.Status = tandem.GoalOpen
	}
	if g.Horizon != tandem.HorizonShort && g.Horizon != tandem.HorizonLong {
		pr.Add("horizon", "Choose short term or long term.")
	}
	g.Title = tandem.CheckText(pr, "title", "The goal", in.Title, 200, true)
	g.Detail = tandem.CheckText(pr, "detail", "The detail", in.Detail, 2000, false)
	if g.Progress < 0 || g.Progress > 100 {
		pr.Add("progress", "Progress is from 0 to 100 per cent.")
	}
	if g.Status != tandem.GoalOpen && g.Status != tandem.GoalAchieved && g.Status != tandem.GoalDropped {
		pr.Add("status", "Choose open, achieved or dropped.")
	}
	if g.Status == tandem.GoalAchieved {
		g.Progress = 100
	}
	return g, pr.Err()
}

// workable loads the actor's partnership for a change to its plan: goals,
// actions and reviews change only while it is live.
func workable(ctx context.Context, tx *store.Store, actor *tandem.User, partnershipID int64) (*tandem.Partnership, string, error) {
	p, role, err := partnershipOf(ctx, tx, actor, partnershipID)
	if err != nil {
		return nil, "", err
	}
	if !tandem.PartnershipLive(p.State) {
		return nil, "", tandem.Errorf(tandem.EConflict, "The partnership has ended: its record can be read but no longer changed.")
	}
	return p, role, nil
}

// changePlan is the shape of every change to a pair's plan: who asks is
// checked first (outsiders learn nothing, not even what was wrong with their
// input), then the input, then apply runs on the live partnership in one
// transaction.
func changePlan[T any](ctx context.Context, a *App, actor *tandem.User, partnershipID int64, v T, invalid error,
	apply func(tx *store.Store, p *tandem.Partnership, v *T) error) (*T, error) {
	if _, _, err := partnershipOf(ctx, a.store, actor, partnershipID); err != nil {
		return nil, err
	}
	if invalid != nil {
		return nil, invalid
	}
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, _, err := workable(ctx, tx, actor, partnershipID)
		if err != nil {
			return err
		}
		return apply(tx, p, &v)
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// AddGoal adds a goal to the pair's development plan.
func (a *App) AddGoal(ctx context.Context, actor *tandem.User, partnershipID int64, in GoalInput) (*tandem.Goal, error) {
	g, invalid := checkGoal(in)
	return changePlan(ctx, a, actor, partnershipID, g, invalid, func(tx *store.Store, p *tandem.Partnership, g *tandem.Goal) error {
		g.PartnershipID, g.CreatedAt, g.UpdatedAt = p.ID, a.Now(), a.Now()
		return tx.CreateGoal(ctx, g)
	})
}

// UpdateGoal changes a goal's words, progress or status.
func (a *App) UpdateGoal(ctx context.Context, actor *tandem.User, partnershipID, goalID int64, in GoalInput) (*tandem.Goal, error) {
	g, invalid := checkGoal(in)
	return changePlan(ctx, a, actor, partnershipID, g, invalid, func(tx *store.Store, p *tandem.Partnership, g *tandem.Goal) error {
		old, err := tx.Goal(ctx, p.ID, goalID)
		if err != nil {
			return err
		}
		g.ID, g.PartnershipID, g.CreatedAt, g.UpdatedAt = old.ID, p.ID, old.CreatedAt, a.Now()
		return tx.SaveGoal(ctx, g)
	})
}

// ActionInput is an action agreed at a meeting (000 "Commitment to Action").
type ActionInput struct {
	MeetingID int64
	GoalID    int64
	Owner     string // tandem.Mentor or tandem.Mentee
	Title     string
	DueOn     string // YYYY-MM-DD or empty
	Status    string // empty = open
}

func checkAction(in ActionInput) (tandem.Action, error) {
	pr := tandem.Problems{}
	x := tandem.Action{MeetingID: in.MeetingID, GoalID: in.GoalID, Owner: in.Owner, DueOn: strings.TrimSpace(in.DueOn), Status: in.Status}
	if x.Status == "" {
		x.Status = tandem.ActionOpen
	}
	if x.Owner != tandem.Mentor && x.Owner != tandem.Mentee {
		pr.Add("owner", "Say who will do it: the mentee or the mentor.")
	}
	x.Title = tandem.CheckText(pr, "title", "The action", in.Title, 300, true)
	if x.DueOn != "" {
		if _, err := time.Parse("2006-01-02", x.DueOn); err != nil {
			pr.Add("due_on", "Give the due date as YYYY-MM-DD.")
		}
	}
	if x.Status != tandem.ActionOpen && x.Status != tandem.ActionDone && x.Status != tandem.ActionDropped {
		pr.Add("status", "Choose open, done or dropped.")
	}
	return x, pr.Err()
}

// checkLinks makes sure an action's meeting and goal belong to the partnership.
func checkLinks(ctx context.Context, tx *store.Store, partnershipID int64, x *tandem.Action) error {
	if x.MeetingID != 0 {
		if _, err := tx.Meeting(ctx, partnershipID, x.MeetingID); err != nil {
			return err
		}
	}
	if x.GoalID != 0 {
		if _, err := tx.Goal(ctx, partnershipID, x.GoalID); err != nil {
			return err
		}
	}
	return nil
}

// AddAction records an action with its owner and due date.
func (a *App) AddAction(ctx context.Context, actor *tandem.User, partnershipID int64, in ActionInput) (*tandem.Action, error) {
	x, invalid := checkAction(in)
	return changePlan(ctx, a, actor, partnershipID, x, invalid, func(tx *store.Store, p *tandem.Partnership, x *tandem.Action) error {
		if err := checkLinks(ctx, tx, p.ID, x); err != nil {
			return err
		}
		now := a.Now()
		x.PartnershipID, x.CreatedAt, x.UpdatedAt = p.ID, now, now
		if x.Status == tandem.ActionDone {
			x.DoneAt = &now
		}
		return tx.CreateAction(ctx, x)
	})
}

// UpdateAction changes an action: its words, owner, due date or status.
func (a *App) UpdateAction(ctx context.Context, actor *tandem.User, partnershipID, actionID int64, in ActionInput) (*tandem.Action, error) {
	x, invalid := checkAction(in)
	return changePlan(ctx, a, actor, partnershipID, x, invalid, func(tx *store.Store, p *tandem.Partnership, x *tandem.Action) error {
		old, err := tx.Action(ctx, p.ID, actionID)
		if err != nil {
			return err
		}
		x.MeetingID = old.MeetingID
		if err := checkLinks(ctx, tx, p.ID, x); err != nil {
			return err
		}
		now := a.Now()
		x.ID, x.PartnershipID, x.CreatedAt, x.UpdatedAt, x.DoneAt = old.ID, p.ID, old.CreatedAt, now, old.DoneAt
		if x.Status == tandem.ActionDone && x.DoneAt == nil {
			x.DoneAt = &now
		} else if x.Status != tandem.ActionDone {
			x.DoneAt = nil
		}
		return tx.SaveAction(ctx, x)
	})
}

// SetActionStatus marks an action done, dropped or open again.
func (a *App) SetActionStatus(ctx context.Context, actor *tandem.User, partnershipID, actionID int64, status string) (*tandem.Action, error) {
	if _, _, err := partnershipOf(ctx, a.store, actor, partnershipID); err != nil {
		return nil, err
	}
	old, err := a.store.Action(ctx, partnershipID, actionID)
	if err != nil {
		return nil, err
	}
	return a.UpdateAction(ctx, actor, partnershipID, actionID, ActionInput{GoalID: old.GoalID, Owner: old.Owner, Title: old.Title, DueOn: old.DueOn, Status: status})
}
