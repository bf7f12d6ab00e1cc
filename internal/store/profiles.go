package store

import (
	"context"

	"github.com/tandemhq/tandem"
)

// UpsertProfile saves a participant's profile.
func (s *Store) UpsertProfile(ctx context.Context, p *tandem.Profile) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO profiles (user_id, department, career_stage, expertise, topics, goals, background, availability, meeting_mode, languages, about, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (user_id) DO UPDATE SET department = excluded.department, career_stage = excluded.career_stage,
			expertise = excluded.expertise, topics = excluded.topics, goals = excluded.goals, background = excluded.background,
			availability = excluded.availability, meeting_mode = excluded.meeting_mode, languages = excluded.languages,
			about = excluded.about, updated_at = excluded.updated_at`,
		p.UserID, p.Department, p.CareerStage, toJSON(nonNil(p.Expertise)), toJSON(nonNil(p.Topics)), p.Goals, p.Background,
		p.Availability, p.MeetingMode, toJSON(nonNil(p.Languages)), p.About, utc(p.UpdatedAt))
	return err
}

const profileColumns = `user_id, department, career_stage, expertise, topics, goals, background, availability, meeting_mode, languages, about, updated_at`

func scanProfile(row interface{ Scan(...any) error }) (*tandem.Profile, error) {
	var p tandem.Profile
	var exp, top, lang string
	if err := row.Scan(&p.UserID, &p.Department, &p.CareerStage, &exp, &top, &p.Goals, &p.Background, &p.Availability, &p.MeetingMode, &lang, &p.About, &p.UpdatedAt); err != nil {
		return nil, notFound(err, "Profile")
	}
	for _, f := range []struct {
		s string
		v *[]string
	}{{exp, &p.Expertise}, {top, &p.Topics}, {lang, &p.Languages}} {
		if err := fromJSON(f.s, f.v); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// Profile returns a user's profile; a user who has not filled one in gets a
// not-found error.
func (s *Store) Profile(ctx context.Context, userID int64) (*tandem.Profile, error) {
	return scanProfile(s.r.QueryRowContext(ctx, `SELECT `+profileColumns+` FROM profiles WHERE user_id = $1`, userID))
}
