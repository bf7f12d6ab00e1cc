package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

const meetingSelect = `SELECT id, partnership_id, uid, sequence, starts_at, minutes, venue, video_url, agenda, state,
	COALESCE(proposed_by, 0), message, held_at, COALESCE(held_by, 0), created_at, updated_at FROM meetings`

func scanMeeting(row interface{ Scan(...any) error }) (*tandem.Meeting, error) {
	var m tandem.Meeting
	var held sql.NullTime
	if err := row.Scan(&m.ID, &m.PartnershipID, &m.UID, &m.Sequence, &m.StartsAt, &m.Minutes, &m.Venue, &m.VideoURL, &m.Agenda, &m.State,
		&m.ProposedBy, &m.Message, &held, &m.HeldBy, &m.CreatedAt, &m.UpdatedAt); err != nil {
		return nil, notFound(err, "Meeting")
	}
	m.StartsAt, m.HeldAt = m.StartsAt.UTC(), timePtr(held)
	return &m, nil
}

// CreateMeeting inserts m and sets its ID.
func (s *Store) CreateMeeting(ctx context.Context, m *tandem.Meeting) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO meetings (partnership_id, uid, sequence, starts_at, minutes, venue, video_url, agenda, state,
		proposed_by, message, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		m.PartnershipID, m.UID, m.Sequence, utc(m.StartsAt), m.Minutes, m.Venue, m.VideoURL, m.Agenda, m.State, m.ProposedBy, m.Message,
		utc(m.CreatedAt)).Scan(&m.ID)
}

// SaveMeeting stores a meeting's time, place, state and whether it took place.
func (s *Store) SaveMeeting(ctx context.Context, m *tandem.Meeting) error {
	var heldBy any
	if m.HeldBy != 0 {
		heldBy = m.HeldBy
	}
	_, err := s.w.ExecContext(ctx, `UPDATE meetings SET sequence = $1, starts_at = $2, minutes = $3, venue = $4, video_url = $5, agenda = $6,
		state = $7, proposed_by = $8, message = $9, held_at = $10, held_by = $11, updated_at = $12 WHERE id = $13`,
		m.Sequence, utc(m.StartsAt), m.Minutes, m.Venue, m.VideoURL, m.Agenda, m.State, m.ProposedBy, m.Message, nullTime(m.HeldAt), heldBy,
		utc(m.UpdatedAt), m.ID)
	return err
}

// Meeting returns one meeting of a partnership.
func (s *Store) Meeting(ctx context.Context, partnershipID, id int64) (*tandem.Meeting, error) {
	return scanMeeting(s.r.QueryRowContext(ctx, meetingSelect+` WHERE id = $1 AND partnership_id = $2`, id, partnershipID))
}

// Meetings lists a partnership's meetings in time order.
func (s *Store) Meetings(ctx context.Context, partnershipID int64) ([]tandem.Meeting, error) {
	return collect(scanMeeting)(s.r.QueryContext(ctx, meetingSelect+` WHERE partnership_id = $1 ORDER BY starts_at, id`, partnershipID))
}

// UserMeetings lists the meetings of every partnership a person is in, from
// since on, for their calendar feed.
func (s *Store) UserMeetings(ctx context.Context, userID int64, since time.Time) ([]tandem.Meeting, error) {
	return collect(scanMeeting)(s.r.QueryContext(ctx, meetingSelect+` WHERE starts_at >= $2 AND partnership_id IN
		(SELECT id FROM partnerships WHERE mentor_id = $1 OR mentee_id = $1) ORDER BY starts_at, id`, userID, utc(since)))
}
