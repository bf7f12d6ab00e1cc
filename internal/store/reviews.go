package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/tandemhq/tandem"
)

const reviewSelect = `SELECT id, partnership_id, author_id, role, meets_needs, going_well, to_change, created_at FROM reviews`

func scanReview(row interface{ Scan(...any) error }) (*tandem.Review, error) {
	var r tandem.Review
	if err := row.Scan(&r.ID, &r.PartnershipID, &r.AuthorID, &r.Role, &r.MeetsNeeds, &r.GoingWell, &r.ToChange, &r.CreatedAt); err != nil {
		return nil, notFound(err, "Review")
	}
	return &r, nil
}

// CreateReview inserts r and sets its ID.
func (s *Store) CreateReview(ctx context.Context, r *tandem.Review) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO reviews (partnership_id, author_id, role, meets_needs, going_well, to_change, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, r.PartnershipID, r.AuthorID, r.Role, r.MeetsNeeds, r.GoingWell, r.ToChange, utc(r.CreatedAt)).Scan(&r.ID)
}

// Reviews lists a partnership's reviews, newest first.
func (s *Store) Reviews(ctx context.Context, partnershipID int64) ([]tandem.Review, error) {
	return collect(scanReview)(s.r.QueryContext(ctx, reviewSelect+` WHERE partnership_id = $1 ORDER BY created_at DESC, id DESC`, partnershipID))
}

// SaveClosure stores the closing record, replacing an earlier one.
func (s *Store) SaveClosure(ctx context.Context, c *tandem.Closure) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO closures (partnership_id, goals_achieved, to_develop, keep_in_touch, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (partnership_id) DO UPDATE SET goals_achieved = excluded.goals_achieved,
		to_develop = excluded.to_develop, keep_in_touch = excluded.keep_in_touch, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
		c.PartnershipID, c.GoalsAchieved, c.ToDevelop, c.KeepInTouch, c.RecordedBy, utc(c.RecordedAt))
	return err
}

// Closure returns a partnership's closing record, or nil when there is none yet.
func (s *Store) Closure(ctx context.Context, partnershipID int64) (*tandem.Closure, error) {
	var c tandem.Closure
	err := s.r.QueryRowContext(ctx, `SELECT partnership_id, goals_achieved, to_develop, keep_in_touch, COALESCE(recorded_by, 0), recorded_at
		FROM closures WHERE partnership_id = $1`, partnershipID).Scan(&c.PartnershipID, &c.GoalsAchieved, &c.ToDevelop, &c.KeepInTouch, &c.RecordedBy, &c.RecordedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// SaveFeedback stores one side's closing feedback, replacing an earlier one.
func (s *Store) SaveFeedback(ctx context.Context, f *tandem.Feedback) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO feedback (partnership_id, author_id, role, rating, comments, share, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (partnership_id, author_id) DO UPDATE SET rating = excluded.rating,
		comments = excluded.comments, share = excluded.share, created_at = excluded.created_at`,
		f.PartnershipID, f.AuthorID, f.Role, f.Rating, f.Comments, f.Share, utc(f.CreatedAt))
	return err
}

// Feedback lists a partnership's closing feedback.
func (s *Store) Feedback(ctx context.Context, partnershipID int64) ([]tandem.Feedback, error) {
	return collect(func(row interface{ Scan(...any) error }) (*tandem.Feedback, error) {
		var f tandem.Feedback
		err := row.Scan(&f.PartnershipID, &f.AuthorID, &f.Role, &f.Rating, &f.Comments, &f.Share, &f.CreatedAt)
		return &f, err
	})(s.r.QueryContext(ctx, `SELECT partnership_id, author_id, role, rating, comments, share, created_at FROM feedback WHERE partnership_id = $1 ORDER BY role`, partnershipID))
}
