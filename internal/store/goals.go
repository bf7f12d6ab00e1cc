package store

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

const goalSelect = `SELECT id, partnership_id, horizon, title, detail, progress, status, created_at, updated_at FROM goals`

func scanGoal(row interface{ Scan(...any) error }) (*tandem.Goal, error) {
	var g tandem.Goal
	if err := row.Scan(&g.ID, &g.PartnershipID, &g.Horizon, &g.Title, &g.Detail, &g.Progress, &g.Status, &g.CreatedAt, &g.UpdatedAt); err != nil {
		return nil, notFound(err, "Goal")
	}
	return &g, nil
}

// CreateGoal inserts g and sets its ID.
func (s *Store) CreateGoal(ctx context.Context, g *tandem.Goal) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO goals (partnership_id, horizon, title, detail, progress, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, g.PartnershipID, g.Horizon, g.Title, g.Detail, g.Progress, g.Status, utc(g.CreatedAt)).Scan(&g.ID)
}

// SaveGoal stores a goal's text, progress and status.
func (s *Store) SaveGoal(ctx context.Context, g *tandem.Goal) error {
	_, err := s.w.ExecContext(ctx, `UPDATE goals SET horizon = $1, title = $2, detail = $3, progress = $4, status = $5, updated_at = $6 WHERE id = $7`,
		g.Horizon, g.Title, g.Detail, g.Progress, g.Status, utc(g.UpdatedAt), g.ID)
	return err
}

// Goal returns one goal of a partnership.
func (s *Store) Goal(ctx context.Context, partnershipID, id int64) (*tandem.Goal, error) {
	return scanGoal(s.r.QueryRowContext(ctx, goalSelect+` WHERE id = $1 AND partnership_id = $2`, id, partnershipID))
}

// Goals lists a partnership's goals: short-term first, then by creation.
func (s *Store) Goals(ctx context.Context, partnershipID int64) ([]tandem.Goal, error) {
	return collect(scanGoal)(s.r.QueryContext(ctx, goalSelect+` WHERE partnership_id = $1 ORDER BY horizon DESC, created_at, id`, partnershipID))
}

const actionSelect = `SELECT id, partnership_id, COALESCE(meeting_id, 0), COALESCE(goal_id, 0), owner, title, due_on, status, done_at,
	created_at, updated_at FROM actions`

func scanAction(row interface{ Scan(...any) error }) (*tandem.Action, error) {
	var a tandem.Action
	var done sql.NullTime
	if err := row.Scan(&a.ID, &a.PartnershipID, &a.MeetingID, &a.GoalID, &a.Owner, &a.Title, &a.DueOn, &a.Status, &done, &a.CreatedAt, &a.UpdatedAt); err != nil {
		return nil, notFound(err, "Action")
	}
	a.DoneAt = timePtr(done)
	return &a, nil
}

// CreateAction inserts a and sets its ID.
func (s *Store) CreateAction(ctx context.Context, a *tandem.Action) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO actions (partnership_id, meeting_id, goal_id, owner, title, due_on, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`, a.PartnershipID, nullID(a.MeetingID), nullID(a.GoalID), a.Owner, a.Title, a.DueOn,
		a.Status, utc(a.CreatedAt)).Scan(&a.ID)
}

// SaveAction stores an action's text, owner, due date and status.
func (s *Store) SaveAction(ctx context.Context, a *tandem.Action) error {
	_, err := s.w.ExecContext(ctx, `UPDATE actions SET owner = $1, title = $2, due_on = $3, status = $4, done_at = $5, updated_at = $6, goal_id = $7 WHERE id = $8`,
		a.Owner, a.Title, a.DueOn, a.Status, nullTime(a.DoneAt), utc(a.UpdatedAt), nullID(a.GoalID), a.ID)
	return err
}

// Action returns one action of a partnership.
func (s *Store) Action(ctx context.Context, partnershipID, id int64) (*tandem.Action, error) {
	return scanAction(s.r.QueryRowContext(ctx, actionSelect+` WHERE id = $1 AND partnership_id = $2`, id, partnershipID))
}

// Actions lists a partnership's actions: open ones first, by due date.
func (s *Store) Actions(ctx context.Context, partnershipID int64) ([]tandem.Action, error) {
	return collect(scanAction)(s.r.QueryContext(ctx, actionSelect+` WHERE partnership_id = $1
		ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, CASE WHEN due_on = '' THEN 1 ELSE 0 END, due_on, id`, partnershipID))
}
