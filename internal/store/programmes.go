package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

const programmeColumns = `id, org_id, template, name, description, contact_email, rolling_intake, starts_on, ends_on,
	term_months, renewable, cadence, meeting_minutes, review_every_weeks, mentor_min_stage, mentor_max_stage,
	mentee_min_stage, mentee_max_stage, mentor_eligibility, mentee_eligibility, prerequisites, seniority,
	different_department, mentor_capacity, matching_mode, uses_characteristics, requires_approval,
	agreement_template, archived, created_at, updated_at, match_weights`

func programmeArgs(p *tandem.Programme) []any {
	prereqs := p.Prerequisites
	if prereqs == nil {
		prereqs = []tandem.Prerequisite{}
	}
	sections := p.AgreementTemplate
	if sections == nil {
		sections = []tandem.AgreementSection{}
	}
	return []any{p.OrgID, p.Template, p.Name, p.Description, p.ContactEmail, p.RollingIntake, nullTime(p.StartsOn), nullTime(p.EndsOn),
		p.TermMonths, p.Renewable, toJSON(p.Cadence), p.MeetingMinutes, p.ReviewEveryWeeks, p.MentorMinStage, p.MentorMaxStage,
		p.MenteeMinStage, p.MenteeMaxStage, p.MentorEligibility, p.MenteeEligibility, toJSON(prereqs), p.Seniority,
		p.DifferentDepartment, p.MentorCapacity, p.MatchingMode, p.UsesCharacteristics, p.RequiresApproval,
		toJSON(sections), p.Archived, utc(p.CreatedAt), utc(p.UpdatedAt), toJSON(p.Weights)}
}

// CreateProgramme inserts p and sets its ID.
func (s *Store) CreateProgramme(ctx context.Context, p *tandem.Programme) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO programmes (`+programmeColumns[4:]+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)
		RETURNING id`, programmeArgs(p)...).Scan(&p.ID)
}

// UpdateProgramme saves every editable field of p.
func (s *Store) UpdateProgramme(ctx context.Context, p *tandem.Programme) error {
	args := append(programmeArgs(p), p.ID)
	_, err := s.w.ExecContext(ctx, `UPDATE programmes SET org_id = $1, template = $2, name = $3, description = $4, contact_email = $5,
		rolling_intake = $6, starts_on = $7, ends_on = $8, term_months = $9, renewable = $10, cadence = $11, meeting_minutes = $12,
		review_every_weeks = $13, mentor_min_stage = $14, mentor_max_stage = $15, mentee_min_stage = $16, mentee_max_stage = $17,
		mentor_eligibility = $18, mentee_eligibility = $19, prerequisites = $20, seniority = $21, different_department = $22,
		mentor_capacity = $23, matching_mode = $24, uses_characteristics = $25, requires_approval = $26, agreement_template = $27,
		archived = $28, created_at = $29, updated_at = $30, match_weights = $31 WHERE id = $32`, args...)
	return err
}

func scanProgramme(row interface{ Scan(...any) error }) (*tandem.Programme, error) {
	var p tandem.Programme
	var starts, ends sql.NullTime
	var cadence, prereqs, sections, weights string
	err := row.Scan(&p.ID, &p.OrgID, &p.Template, &p.Name, &p.Description, &p.ContactEmail, &p.RollingIntake, &starts, &ends,
		&p.TermMonths, &p.Renewable, &cadence, &p.MeetingMinutes, &p.ReviewEveryWeeks, &p.MentorMinStage, &p.MentorMaxStage,
		&p.MenteeMinStage, &p.MenteeMaxStage, &p.MentorEligibility, &p.MenteeEligibility, &prereqs, &p.Seniority,
		&p.DifferentDepartment, &p.MentorCapacity, &p.MatchingMode, &p.UsesCharacteristics, &p.RequiresApproval,
		&sections, &p.Archived, &p.CreatedAt, &p.UpdatedAt, &weights)
	if err != nil {
		return nil, notFound(err, "Programme")
	}
	p.StartsOn, p.EndsOn = timePtr(starts), timePtr(ends)
	if err := fromJSON(cadence, &p.Cadence); err != nil {
		return nil, err
	}
	if err := fromJSON(prereqs, &p.Prerequisites); err != nil {
		return nil, err
	}
	if err := fromJSON(sections, &p.AgreementTemplate); err != nil {
		return nil, err
	}
	if err := fromJSON(weights, &p.Weights); err != nil {
		return nil, err
	}
	if p.Weights.Total() == 0 {
		p.Weights = tandem.DefaultWeights() // programmes made before weights existed
	}
	return &p, nil
}

// Programme returns one programme of an organisation. A programme of another
// organisation is "not found", so ids do not leak across organisations.
func (s *Store) Programme(ctx context.Context, orgID, id int64) (*tandem.Programme, error) {
	p, err := scanProgramme(s.r.QueryRowContext(ctx, `SELECT `+programmeColumns+` FROM programmes WHERE id = $1 AND org_id = $2`, id, orgID))
	if err != nil {
		return nil, err
	}
	p.Coordinators, err = s.ProgrammeCoordinators(ctx, id)
	return p, err
}

// ListProgrammes lists an organisation's programmes, newest first.
func (s *Store) ListProgrammes(ctx context.Context, orgID int64, includeArchived bool) ([]tandem.Programme, error) {
	return collect(scanProgramme)(s.r.QueryContext(ctx, `SELECT `+programmeColumns+` FROM programmes WHERE org_id = $1 AND ($2 OR NOT archived) ORDER BY archived, name, id`, orgID, includeArchived))
}

// AddCoordinator appoints a coordinator to a programme (idempotent).
func (s *Store) AddCoordinator(ctx context.Context, programmeID, userID int64) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO programme_coordinators (programme_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, programmeID, userID)
	return err
}

// RemoveCoordinator removes a coordinator from a programme.
func (s *Store) RemoveCoordinator(ctx context.Context, programmeID, userID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM programme_coordinators WHERE programme_id = $1 AND user_id = $2`, programmeID, userID)
	return err
}

// ProgrammeCoordinators lists a programme's coordinators.
func (s *Store) ProgrammeCoordinators(ctx context.Context, programmeID int64) ([]tandem.User, error) {
	return collect(scanUser)(s.r.QueryContext(ctx, `SELECT u.id, u.org_id, u.email, u.name, u.role, u.password_hash IS NOT NULL, u.created_at
		FROM programme_coordinators c JOIN users u ON u.id = c.user_id WHERE c.programme_id = $1 ORDER BY lower(u.name)`, programmeID))
}

// CoordinatedProgrammeIDs returns the ids of the programmes a user coordinates.
func (s *Store) CoordinatedProgrammeIDs(ctx context.Context, userID int64) (map[int64]bool, error) {
	return idSet(s.r.QueryContext(ctx, `SELECT programme_id FROM programme_coordinators WHERE user_id = $1`, userID))
}

// IsCoordinator reports whether a user coordinates a programme.
func (s *Store) IsCoordinator(ctx context.Context, programmeID, userID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM programme_coordinators WHERE programme_id = $1 AND user_id = $2`, programmeID, userID).Scan(&n)
	return n > 0, err
}

// TouchProgramme updates a programme's timestamp; inside a transaction it
// takes the row's write lock, which serialises work on one programme.
func (s *Store) TouchProgramme(ctx context.Context, id int64, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE programmes SET updated_at = $1 WHERE id = $2`, utc(now), id)
	return err
}
