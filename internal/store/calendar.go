package store

import (
	"context"
	"time"
)

// SetCalendarFeed gives a person a new calendar feed token (by its hash),
// which revokes the one before.
func (s *Store) SetCalendarFeed(ctx context.Context, userID int64, tokenHash string, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`, userID, tokenHash, utc(now))
	return err
}

// RevokeCalendarFeed removes a person's calendar feed.
func (s *Store) RevokeCalendarFeed(ctx context.Context, userID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM calendar_feeds WHERE user_id = $1`, userID)
	return err
}

// CalendarFeedUser returns the person a feed token hash belongs to, or 0.
func (s *Store) CalendarFeedUser(ctx context.Context, tokenHash string) (int64, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT user_id FROM calendar_feeds WHERE token_hash = $1`, tokenHash).Scan(&id)
	return id, notFound(err, "Calendar feed")
}

// CalendarFeedSince returns when a person's feed was made, or nil when they have none.
func (s *Store) CalendarFeedSince(ctx context.Context, userID int64) (*time.Time, error) {
	var t time.Time
	err := s.r.QueryRowContext(ctx, `SELECT created_at FROM calendar_feeds WHERE user_id = $1`, userID).Scan(&t)
	if err != nil {
		if nf := notFound(err, ""); nf != err {
			return nil, nil
		}
		return nil, err
	}
	return &t, nil
}
