package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

// CreatePartnership inserts p and sets its ID.
func (s *Store) CreatePartnership(ctx context.Context, p *tandem.Partnership) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO partnerships (programme_id, mentor_membership_id, mentee_membership_id, mentor_id, mentee_id,
		state, score_millis, explanation, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		p.ProgrammeID, p.MentorMembershipID, p.MenteeMembershipID, p.MentorID, p.MenteeID, p.State, p.ScoreMillis, p.Explanation, utc(p.CreatedAt)).Scan(&p.ID)
}

// SetPartnershipState moves a partnership to a new state; ended states stamp ended_at.
func (s *Store) SetPartnershipState(ctx context.Context, id int64, state string, now time.Time) error {
	var ended any
	if !tandem.PartnershipLive(state) {
		ended = utc(now)
	}
	_, err := s.w.ExecContext(ctx, `UPDATE partnerships SET state = $1, updated_at = $2, ended_at = COALESCE(ended_at, $3) WHERE id = $4`, state, utc(now), ended, id)
	return err
}

const partnershipSelect = `SELECT p.id, p.programme_id, p.mentor_membership_id, p.mentee_membership_id, p.mentor_id, p.mentee_id,
	p.state, p.score_millis, p.explanation, p.created_at, p.updated_at, p.ended_at, mr.name, me.name,
	p.mentor_confirmed_at, p.mentee_confirmed_at, p.ended_by, p.end_reason, g.name,
	p.started_at, p.term_ends_at, p.term, p.mentor_choice, p.mentee_choice, p.outcome, p.last_contact_at
	FROM partnerships p JOIN users mr ON mr.id = p.mentor_id JOIN users me ON me.id = p.mentee_id JOIN programmes g ON g.id = p.programme_id`

func scanPartnership(row interface{ Scan(...any) error }) (*tandem.Partnership, error) {
	var p tandem.Partnership
	var ended, mentorOK, menteeOK, started, termEnds, lastContact sql.NullTime
	if err := row.Scan(&p.ID, &p.ProgrammeID, &p.MentorMembershipID, &p.MenteeMembershipID, &p.MentorID, &p.MenteeID,
		&p.State, &p.ScoreMillis, &p.Explanation, &p.CreatedAt, &p.UpdatedAt, &ended, &p.MentorName, &p.MenteeName,
		&mentorOK, &menteeOK, &p.EndedBy, &p.EndReason, &p.ProgrammeName,
		&started, &termEnds, &p.Term, &p.MentorChoice, &p.MenteeChoice, &p.Outcome, &lastContact); err != nil {
		return nil, notFound(err, "Partnership")
	}
	p.EndedAt, p.MentorConfirmedAt, p.MenteeConfirmedAt = timePtr(ended), timePtr(mentorOK), timePtr(menteeOK)
	p.StartedAt, p.TermEndsAt, p.LastContactAt = timePtr(started), timePtr(termEnds), timePtr(lastContact)
	return &p, nil
}

// ProgrammePartnerships lists a programme's partnerships, newest first.
func (s *Store) ProgrammePartnerships(ctx context.Context, programmeID int64) ([]tandem.Partnership, error) {
	return collect(scanPartnership)(s.r.QueryContext(ctx, partnershipSelect+` WHERE p.programme_id = $1 ORDER BY p.created_at DESC, p.id DESC`, programmeID))
}

// Partnership returns one partnership.
func (s *Store) Partnership(ctx context.Context, id int64) (*tandem.Partnership, error) {
	return scanPartnership(s.r.QueryRowContext(ctx, partnershipSelect+` WHERE p.id = $1`, id))
}

// UserPartnerships lists the partnerships a person is mentor or mentee in.
func (s *Store) UserPartnerships(ctx context.Context, userID int64) ([]tandem.Partnership, error) {
	return collect(scanPartnership)(s.r.QueryContext(ctx, partnershipSelect+` WHERE p.mentor_id = $1 OR p.mentee_id = $1 ORDER BY p.created_at DESC, p.id DESC`, userID))
}

// SavePartnershipProgress stores a partnership's state, confirmations, term
// and how it ended.
func (s *Store) SavePartnershipProgress(ctx context.Context, p *tandem.Partnership) error {
	_, err := s.w.ExecContext(ctx, `UPDATE partnerships SET state = $1, mentor_confirmed_at = $2, mentee_confirmed_at = $3,
		ended_by = $4, end_reason = $5, ended_at = $6, updated_at = $7, started_at = $8, term_ends_at = $9, term = $10,
		mentor_choice = $11, mentee_choice = $12, outcome = $13 WHERE id = $14`,
		p.State, nullTime(p.MentorConfirmedAt), nullTime(p.MenteeConfirmedAt), p.EndedBy, p.EndReason, nullTime(p.EndedAt), utc(p.UpdatedAt),
		nullTime(p.StartedAt), nullTime(p.TermEndsAt), p.Term, p.MentorChoice, p.MenteeChoice, p.Outcome, p.ID)
	return err
}

// LockPartnership takes the partnership's row lock for the rest of the
// transaction (PostgreSQL; SQLite's single writer already serialises), so two
// answers to the same partnership cannot both read the old state.
func (s *Store) LockPartnership(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE partnerships SET updated_at = updated_at WHERE id = $1`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tandem.Errorf(tandem.ENotFound, "Partnership not found.")
	}
	return nil
}

// TouchLastContact moves a partnership's last contact forward to at (never back).
func (s *Store) TouchLastContact(ctx context.Context, id int64, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE partnerships SET last_contact_at = $1 WHERE id = $2 AND (last_contact_at IS NULL OR last_contact_at < $1)`, utc(at), id)
	return err
}

// PairsEndedBadly returns, as "mentorUserID:menteeUserID" keys in both
// orders, the pairs of people in an organisation whose partnership was
// declined or withdrawn, in any programme.
func (s *Store) PairsEndedBadly(ctx context.Context, orgID int64) (map[[2]int64]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.mentor_id, p.mentee_id FROM partnerships p JOIN programmes g ON g.id = p.programme_id
		WHERE g.org_id = $1 AND p.state IN ('declined', 'withdrawn')`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[2]int64]bool{}
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		out[[2]int64{a, b}], out[[2]int64{b, a}] = true, true
	}
	return out, rows.Err()
}

// SetConstraint pins or forbids a pair for a programme's matching, replacing
// whatever was set for that pair before.
func (s *Store) SetConstraint(ctx context.Context, programmeID, menteeMembershipID, mentorMembershipID int64, kind string, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO match_constraints (programme_id, mentee_membership_id, mentor_membership_id, kind, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (programme_id, mentee_membership_id, mentor_membership_id) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at`,
		programmeID, menteeMembershipID, mentorMembershipID, kind, utc(now))
	return err
}

// ClearConstraint removes a pin or forbid; a pinned mentee's other pins go too
// when mentorMembershipID is 0.
func (s *Store) ClearConstraint(ctx context.Context, programmeID, menteeMembershipID, mentorMembershipID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM match_constraints WHERE programme_id = $1 AND mentee_membership_id = $2 AND ($3 = 0 OR mentor_membership_id = $3)`,
		programmeID, menteeMembershipID, mentorMembershipID)
	return err
}

// ClearPins removes every pin of a programme (after publishing, pins are spent).
func (s *Store) ClearPins(ctx context.Context, programmeID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM match_constraints WHERE programme_id = $1 AND kind = 'pin'`, programmeID)
	return err
}

// Constraint is a coordinator's pin or forbid.
type Constraint struct {
	MenteeMembershipID, MentorMembershipID int64
	Kind                                   string
}

// Constraints lists a programme's pins and forbids.
func (s *Store) Constraints(ctx context.Context, programmeID int64) ([]Constraint, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT mentee_membership_id, mentor_membership_id, kind FROM match_constraints WHERE programme_id = $1 ORDER BY created_at`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Constraint
	for rows.Next() {
		var c Constraint
		if err := rows.Scan(&c.MenteeMembershipID, &c.MentorMembershipID, &c.Kind); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddRelation records that two people must never be paired (idempotent).
func (s *Store) AddRelation(ctx context.Context, orgID, a, b int64, kind string, now time.Time) error {
	if a > b {
		a, b = b, a
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO relations (org_id, user_a, user_b, kind, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
		orgID, a, b, kind, utc(now))
	return err
}

// Relations returns the organisation's relations keyed by the pair of user
// ids in both orders, with their kind.
func (s *Store) Relations(ctx context.Context, orgID int64) (map[[2]int64]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT user_a, user_b, kind FROM relations WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[2]int64]string{}
	for rows.Next() {
		var a, b int64
		var kind string
		if err := rows.Scan(&a, &b, &kind); err != nil {
			return nil, err
		}
		out[[2]int64{a, b}], out[[2]int64{b, a}] = kind, kind
	}
	return out, rows.Err()
}
