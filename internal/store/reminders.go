package store

import (
	"context"
)

// SetReminderOptOuts replaces the reminders a person has switched off.
func (s *Store) SetReminderOptOuts(ctx context.Context, userID int64, kinds []string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM reminder_optouts WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, k := range kinds {
		if _, err := s.w.ExecContext(ctx, `INSERT INTO reminder_optouts (user_id, kind) VALUES ($1, $2)`, userID, k); err != nil {
			return err
		}
	}
	return nil
}

// ReminderOptOuts returns every opt-out of an organisation's people as
// "userID kind" -> true; the scan reads them once.
func (s *Store) ReminderOptOuts(ctx context.Context, orgID int64) (map[OptOut]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT o.user_id, o.kind FROM reminder_optouts o JOIN users u ON u.id = o.user_id WHERE u.org_id = $1`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[OptOut]bool{}
	for rows.Next() {
		var o OptOut
		if err := rows.Scan(&o.UserID, &o.Kind); err != nil {
			return nil, err
		}
		out[o] = true
	}
	return out, rows.Err()
}

// OptOut is one reminder a person switched off.
type OptOut struct {
	UserID int64
	Kind   string
}

// OrganisationIDs lists every organisation, for jobs that scan them all.
func (s *Store) OrganisationIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM organisations ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// AddReminderOptOut switches one reminder off for a person; already off is fine.
func (s *Store) AddReminderOptOut(ctx context.Context, userID int64, kind string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO reminder_optouts (user_id, kind) VALUES ($1, $2) ON CONFLICT (user_id, kind) DO NOTHING`, userID, kind)
	return err
}
