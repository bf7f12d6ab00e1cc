package store

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

const agreementSelect = `SELECT id, partnership_id, version, sections, COALESCE(created_by, 0), created_at, updated_at,
	mentor_signed_at, mentee_signed_at FROM agreement_versions`

func scanAgreement(row interface{ Scan(...any) error }) (*tandem.AgreementVersion, error) {
	var v tandem.AgreementVersion
	var sections string
	var mentor, mentee sql.NullTime
	if err := row.Scan(&v.ID, &v.PartnershipID, &v.Version, &sections, &v.CreatedBy, &v.CreatedAt, &v.UpdatedAt, &mentor, &mentee); err != nil {
		return nil, notFound(err, "Agreement")
	}
	if err := fromJSON(sections, &v.Sections); err != nil {
		return nil, err
	}
	v.MentorSignedAt, v.MenteeSignedAt = timePtr(mentor), timePtr(mentee)
	return &v, nil
}

// AgreementVersions lists a partnership's agreement versions, newest first.
func (s *Store) AgreementVersions(ctx context.Context, partnershipID int64) ([]tandem.AgreementVersion, error) {
	return collect(scanAgreement)(s.r.QueryContext(ctx, agreementSelect+` WHERE partnership_id = $1 ORDER BY version DESC`, partnershipID))
}

// CreateAgreementVersion inserts v (its Version is set by the caller) and sets its ID.
func (s *Store) CreateAgreementVersion(ctx context.Context, v *tandem.AgreementVersion) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO agreement_versions (partnership_id, version, sections, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, v.PartnershipID, v.Version, toJSON(v.Sections), v.CreatedBy, utc(v.CreatedAt)).Scan(&v.ID)
}

// SaveAgreementVersion stores a version's text and signatures.
func (s *Store) SaveAgreementVersion(ctx context.Context, v *tandem.AgreementVersion) error {
	_, err := s.w.ExecContext(ctx, `UPDATE agreement_versions SET sections = $1, updated_at = $2, mentor_signed_at = $3, mentee_signed_at = $4 WHERE id = $5`,
		toJSON(v.Sections), utc(v.UpdatedAt), nullTime(v.MentorSignedAt), nullTime(v.MenteeSignedAt), v.ID)
	return err
}
