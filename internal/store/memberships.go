package store

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

// CreateMembership inserts m and sets its ID. Someone who withdrew may join
// again (their old membership is reused); otherwise applying twice for the same
// role gives a conflict error. ON CONFLICT, not a caught unique violation,
// because on PostgreSQL a violation would abort the surrounding transaction.
func (s *Store) CreateMembership(ctx context.Context, m *tandem.Membership) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO memberships (programme_id, user_id, role, status, capacity, application, decided_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (programme_id, user_id, role) DO UPDATE SET status = excluded.status, capacity = excluded.capacity,
			application = excluded.application, decided_at = excluded.decided_at, created_at = excluded.created_at
		WHERE memberships.status = 'withdrawn'
		RETURNING id`,
		m.ProgrammeID, m.UserID, m.Role, m.Status, m.Capacity, m.Application, nullTime(m.DecidedAt), utc(m.CreatedAt)).Scan(&m.ID)
	if err == sql.ErrNoRows {
		return tandem.Errorf(tandem.EConflict, "Already signed up to this programme as a %s.", m.Role)
	}
	return err
}

// UpdateMembership saves a membership's status, capacity, pause and application.
func (s *Store) UpdateMembership(ctx context.Context, m *tandem.Membership) error {
	_, err := s.w.ExecContext(ctx, `UPDATE memberships SET status = $1, capacity = $2, application = $3, decided_at = $4, paused = $5 WHERE id = $6`,
		m.Status, m.Capacity, m.Application, nullTime(m.DecidedAt), m.Paused, m.ID)
	return err
}

const membershipSelect = `SELECT m.id, m.programme_id, m.user_id, m.role, m.status, m.capacity, m.application, m.decided_at, m.created_at, m.paused,
	u.name, u.email,
	COALESCE(p.department, ''), COALESCE(p.career_stage, ''), COALESCE(p.expertise, '[]'), COALESCE(p.topics, '[]'),
	COALESCE(p.goals, ''), COALESCE(p.background, ''), COALESCE(p.availability, ''), COALESCE(p.meeting_mode, 'either'),
	COALESCE(p.languages, '[]'), COALESCE(p.about, '')
	FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN profiles p ON p.user_id = m.user_id`

func scanMembership(row interface{ Scan(...any) error }) (*tandem.Membership, error) {
	var m tandem.Membership
	var decided sql.NullTime
	pr := &tandem.Profile{}
	var exp, top, lang string
	err := row.Scan(&m.ID, &m.ProgrammeID, &m.UserID, &m.Role, &m.Status, &m.Capacity, &m.Application, &decided, &m.CreatedAt, &m.Paused,
		&m.UserName, &m.UserEmail, &pr.Department, &pr.CareerStage, &exp, &top, &pr.Goals, &pr.Background, &pr.Availability,
		&pr.MeetingMode, &lang, &pr.About)
	if err != nil {
		return nil, notFound(err, "Participant")
	}
	m.DecidedAt = timePtr(decided)
	pr.UserID = m.UserID
	for _, f := range []struct {
		s string
		v *[]string
	}{{exp, &pr.Expertise}, {top, &pr.Topics}, {lang, &pr.Languages}} {
		if err := fromJSON(f.s, f.v); err != nil {
			return nil, err
		}
	}
	m.Profile = pr
	return &m, nil
}

func collectMemberships(rows *sql.Rows, err error) ([]tandem.Membership, error) {
	return collect(scanMembership)(rows, err)
}

// Membership returns one membership of a programme.
func (s *Store) Membership(ctx context.Context, programmeID, id int64) (*tandem.Membership, error) {
	return scanMembership(s.r.QueryRowContext(ctx, membershipSelect+` WHERE m.id = $1 AND m.programme_id = $2`, id, programmeID))
}

// ListMemberships lists a programme's participants with their profiles.
func (s *Store) ListMemberships(ctx context.Context, programmeID int64, f tandem.MembershipFilter) ([]tandem.Membership, error) {
	return collectMemberships(s.r.QueryContext(ctx, membershipSelect+`
		WHERE m.programme_id = $1 AND ($2 = '' OR m.role = $2) AND ($3 = '' OR m.status = $3)
		AND ($4 = '' OR lower(u.name) LIKE $5 ESCAPE '\' OR lower(u.email) LIKE $5 ESCAPE '\' OR lower(COALESCE(p.department, '')) LIKE $5 ESCAPE '\')
		ORDER BY CASE m.status WHEN 'pending' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, lower(u.name), m.role`,
		programmeID, f.Role, f.Status, f.Query, likePattern(f.Query)))
}

// UserMemberships lists a user's memberships across programmes.
func (s *Store) UserMemberships(ctx context.Context, userID int64) ([]tandem.Membership, error) {
	return collectMemberships(s.r.QueryContext(ctx, membershipSelect+` WHERE m.user_id = $1 ORDER BY m.created_at, m.id`, userID))
}

// HasApprovedMentorRole reports whether a user is an approved mentor in any
// programme of the organisation other than exceptID.
func (s *Store) HasApprovedMentorRole(ctx context.Context, userID, exceptID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND role = 'mentor' AND status = 'approved' AND programme_id <> $2`, userID, exceptID).Scan(&n)
	return n > 0, err
}

// MembershipCounts counts a programme's memberships by role and status.
func (s *Store) MembershipCounts(ctx context.Context, programmeID int64) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT role, status, COUNT(*) FROM memberships WHERE programme_id = $1 GROUP BY role, status`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var role, status string
		var n int
		if err := rows.Scan(&role, &status, &n); err != nil {
			return nil, err
		}
		out[role+"/"+status] = n
	}
	return out, rows.Err()
}

// LockMembership takes a membership's row lock for the rest of the
// transaction (SQLite: its single writer), so that two coordinators
// deciding one application at once decide it one after the other.
func (s *Store) LockMembership(ctx context.Context, programmeID, id int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE memberships SET status = status WHERE id = $1 AND programme_id = $2`, id, programmeID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tandem.Errorf(tandem.ENotFound, "Participant not found.")
	}
	return nil
}
