package store

import (
	"context"
	"database/sql"
	"time"
)

// RecordFilter narrows the participant records. CoordinatorID, when set,
// keeps only memberships in the programmes that person coordinates (and so
// only the people in them); zero searches the whole organisation.
type RecordFilter struct {
	OrgID         int64
	CoordinatorID int64
	Query         string // name, email or department
	Department    string // exact, any case
	Stage         string // career stage key
	ProgrammeID   int64
	Role          string
	Status        string
	Limit         int
}

// RecordRow is one person with one of their memberships in scope, or with
// none (MembershipID 0) when the search covers the organisation.
type RecordRow struct {
	UserID        int64
	Name          string
	Email         string
	Department    string
	Stage         string
	MembershipID  int64
	ProgrammeID   int64
	ProgrammeName string
	Role          string
	Status        string
	JoinedAt      *time.Time
}

// SearchRecords lists people and their memberships matching f, by name.
func (s *Store) SearchRecords(ctx context.Context, f RecordFilter) ([]RecordRow, error) {
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	rows, err := s.r.QueryContext(ctx, `SELECT u.id, u.name, u.email, COALESCE(pr.department, ''), COALESCE(pr.career_stage, ''),
		COALESCE(m.id, 0), COALESCE(m.programme_id, 0), COALESCE(g.name, ''), COALESCE(m.role, ''), COALESCE(m.status, ''), m.created_at
		FROM users u
		LEFT JOIN profiles pr ON pr.user_id = u.id
		LEFT JOIN memberships m ON m.user_id = u.id
			AND ($2 = 0 OR m.programme_id IN (SELECT c.programme_id FROM programme_coordinators c WHERE c.user_id = $2))
		LEFT JOIN programmes g ON g.id = m.programme_id
		WHERE u.org_id = $1 AND u.erased_at IS NULL
		AND ($2 = 0 OR m.id IS NOT NULL)
		AND ($3 = '' OR lower(u.name) LIKE $4 ESCAPE '\' OR lower(u.email) LIKE $4 ESCAPE '\' OR lower(COALESCE(pr.department, '')) LIKE $4 ESCAPE '\')
		AND ($5 = '' OR lower(COALESCE(pr.department, '')) = lower($5))
		AND ($6 = '' OR pr.career_stage = $6)
		AND ($7 = 0 OR m.programme_id = $7)
		AND ($8 = '' OR m.role = $8)
		AND ($9 = '' OR m.status = $9)
		ORDER BY lower(u.name), u.id, g.name, m.role
		LIMIT $10`,
		f.OrgID, f.CoordinatorID, f.Query, likePattern(f.Query), f.Department, f.Stage, f.ProgrammeID, f.Role, f.Status, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RecordRow
	for rows.Next() {
		var r RecordRow
		var joined sql.NullTime
		if err := rows.Scan(&r.UserID, &r.Name, &r.Email, &r.Department, &r.Stage, &r.MembershipID, &r.ProgrammeID, &r.ProgrammeName,
			&r.Role, &r.Status, &joined); err != nil {
			return nil, err
		}
		r.JoinedAt = timePtr(joined)
		out = append(out, r)
	}
	return out, rows.Err()
}
