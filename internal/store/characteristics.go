package store

import (
	"context"

	"github.com/tandemhq/tandem"
)

// Consented characteristics live in their own table; only internal/app's
// characteristics.go and matching read them.

// SaveCharacteristics stores a person's consented characteristics.
func (s *Store) SaveCharacteristics(ctx context.Context, orgID int64, c *tandem.Characteristics) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO characteristics (user_id, org_id, consented_at, ethnicity, ethnicity_text, gender, gender_text,
			lgbtq, disability, caring, first_generation, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (user_id) DO UPDATE SET consented_at = excluded.consented_at, ethnicity = excluded.ethnicity,
			ethnicity_text = excluded.ethnicity_text, gender = excluded.gender, gender_text = excluded.gender_text,
			lgbtq = excluded.lgbtq, disability = excluded.disability, caring = excluded.caring,
			first_generation = excluded.first_generation, updated_at = excluded.updated_at`,
		c.UserID, orgID, utc(c.ConsentedAt), c.Ethnicity, c.EthnicityText, c.Gender, c.GenderText,
		c.LGBTQ, c.Disability, c.Caring, c.FirstGeneration, utc(c.UpdatedAt))
	return err
}

const characteristicsColumns = `user_id, consented_at, ethnicity, ethnicity_text, gender, gender_text, lgbtq, disability, caring, first_generation, updated_at`

func scanCharacteristics(row interface{ Scan(...any) error }) (*tandem.Characteristics, error) {
	var c tandem.Characteristics
	if err := row.Scan(&c.UserID, &c.ConsentedAt, &c.Ethnicity, &c.EthnicityText, &c.Gender, &c.GenderText,
		&c.LGBTQ, &c.Disability, &c.Caring, &c.FirstGeneration, &c.UpdatedAt); err != nil {
		return nil, notFound(err, "Characteristics")
	}
	return &c, nil
}

// Characteristics returns a person's consented characteristics; a not-found
// error when they have given none.
func (s *Store) Characteristics(ctx context.Context, userID int64) (*tandem.Characteristics, error) {
	return scanCharacteristics(s.r.QueryRowContext(ctx, `SELECT `+characteristicsColumns+` FROM characteristics WHERE user_id = $1`, userID))
}

// ProgrammeCharacteristics returns the consented characteristics of the
// approved members of a programme, by user id, for matching.
func (s *Store) ProgrammeCharacteristics(ctx context.Context, programmeID int64) (map[int64]*tandem.Characteristics, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+characteristicsColumns+` FROM characteristics
		WHERE user_id IN (SELECT user_id FROM memberships WHERE programme_id = $1 AND status = 'approved')`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]*tandem.Characteristics{}
	for rows.Next() {
		c, err := scanCharacteristics(rows)
		if err != nil {
			return nil, err
		}
		out[c.UserID] = c
	}
	return out, rows.Err()
}

// ConsentGiven returns the people of an organisation who have consented
// characteristics on file: all a coordinator may know of them.
func (s *Store) ConsentGiven(ctx context.Context, orgID int64) (map[int64]bool, error) {
	return idSet(s.r.QueryContext(ctx, `SELECT user_id FROM characteristics WHERE org_id = $1`, orgID))
}

// DeleteCharacteristics removes a person's characteristics and their consent.
func (s *Store) DeleteCharacteristics(ctx context.Context, userID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM characteristics WHERE user_id = $1`, userID)
	return err
}
