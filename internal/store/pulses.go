package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"time"

	"github.com/tandemhq/tandem"
)

const pulseSelect = `SELECT id, partnership_id, programme_id, author_id, role, round, score, not_good_fit, word, share, created_at FROM pulses`

func scanPulse(row interface{ Scan(...any) error }) (*tandem.Pulse, error) {
	var p tandem.Pulse
	if err := row.Scan(&p.ID, &p.PartnershipID, &p.ProgrammeID, &p.AuthorID, &p.Role, &p.Round, &p.Score, &p.NotGoodFit, &p.Word, &p.Share, &p.CreatedAt); err != nil {
		return nil, notFound(err, "Check-in")
	}
	return &p, nil
}

// CreatePulse inserts p and sets its ID. A second answer by the same person
// to the same round is a conflict.
func (s *Store) CreatePulse(ctx context.Context, p *tandem.Pulse) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO pulses (partnership_id, programme_id, author_id, role, round, score, not_good_fit, word, share, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		p.PartnershipID, p.ProgrammeID, p.AuthorID, p.Role, p.Round, p.Score, p.NotGoodFit, p.Word, p.Share, utc(p.CreatedAt)).Scan(&p.ID)
	if isUniqueViolation(err) {
		return tandem.Errorf(tandem.EConflict, "You have already answered this check-in.")
	}
	return err
}

// PulsesBy lists one person's answers in one partnership, newest first.
func (s *Store) PulsesBy(ctx context.Context, partnershipID, authorID int64) ([]tandem.Pulse, error) {
	return collect(scanPulse)(s.r.QueryContext(ctx, pulseSelect+` WHERE partnership_id = $1 AND author_id = $2 ORDER BY round DESC`, partnershipID, authorID))
}

// PartnershipPulses lists every answer in one partnership, newest round first.
func (s *Store) PartnershipPulses(ctx context.Context, partnershipID int64) ([]tandem.Pulse, error) {
	return collect(scanPulse)(s.r.QueryContext(ctx, pulseSelect+` WHERE partnership_id = $1 ORDER BY round DESC, id DESC`, partnershipID))
}

// ProgrammePulses lists a programme's answers given in [from, to), oldest
// first; a zero from or to leaves that end open.
func (s *Store) ProgrammePulses(ctx context.Context, programmeID int64, from, to time.Time) ([]tandem.Pulse, error) {
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return collect(scanPulse)(s.r.QueryContext(ctx, pulseSelect+` WHERE programme_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at, id`,
		programmeID, utc(from), utc(to)))
}

// ServerSecret returns the secret of that name, made of 32 random bytes on
// first use. Two processes asking at once get the same one: the first
// insert wins and both read it back.
func (s *Store) ServerSecret(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	rand.Read(b)
	if _, err := s.w.ExecContext(ctx, `INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
		name, base64.RawStdEncoding.EncodeToString(b)); err != nil {
		return nil, err
	}
	var v string
	if err := s.w.QueryRowContext(ctx, `SELECT value FROM server_secrets WHERE name = $1`, name).Scan(&v); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errors.New("store: server secret vanished")
		}
		return nil, err
	}
	return base64.RawStdEncoding.DecodeString(v)
}
