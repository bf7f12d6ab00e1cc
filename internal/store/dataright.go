package store

import (
	"context"
	"time"
)

// Data rights: what erasing an account and the retention period remove.
// Which of these run, and when, is decided in internal/app.

// AnonymiseUser turns an account into a placeholder: a name and an address
// that say nothing of the person, no password, no role, and the time it was
// erased, after which nobody signs in to it and people lists leave it out.
// The row stays so that what the other party keeps still has an author.
func (s *Store) AnonymiseUser(ctx context.Context, userID int64, name, email string, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE users SET name = $1, email = $2, password_hash = NULL, role = 'member',
		erased_at = $3, updated_at = $3 WHERE id = $4`, name, email, utc(now), userID)
	return err
}

// DeleteProfile removes a person's profile.
func (s *Store) DeleteProfile(ctx context.Context, userID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM profiles WHERE user_id = $1`, userID)
	return err
}

// DeletePrivateNotesBy removes every private note a person wrote.
func (s *Store) DeletePrivateNotesBy(ctx context.Context, userID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM notes WHERE author_id = $1 AND private = TRUE`, userID)
	return err
}

// DeleteUserAccess removes every way into an account: sessions, password
// reset links, API tokens and the calendar feed.
func (s *Store) DeleteUserAccess(ctx context.Context, userID int64) error {
	for _, q := range []string{
		`DELETE FROM sessions WHERE user_id = $1`,
		`DELETE FROM password_resets WHERE user_id = $1`,
		`DELETE FROM api_tokens WHERE user_id = $1`,
		`DELETE FROM calendar_feeds WHERE user_id = $1`,
	} {
		if _, err := s.w.ExecContext(ctx, q, userID); err != nil {
			return err
		}
	}
	return nil
}

// DeleteUserSettings removes what a person set or had recorded about them
// for running programmes: reminder settings, relations to other people
// (line management, conflicts of interest), coordinator appointments, and
// their bookings at events with their attendance.
func (s *Store) DeleteUserSettings(ctx context.Context, userID int64) error {
	for _, q := range []string{
		`DELETE FROM reminder_optouts WHERE user_id = $1`,
		`DELETE FROM event_bookings WHERE user_id = $1`,
		`DELETE FROM relations WHERE user_a = $1 OR user_b = $1`,
		`DELETE FROM programme_coordinators WHERE user_id = $1`,
	} {
		if _, err := s.w.ExecContext(ctx, q, userID); err != nil {
			return err
		}
	}
	return nil
}

// ClearFeedbackWords blanks the words of a person's closing feedback and
// stops sharing it; the rating stays, without a name, for the scheme's
// evaluation.
func (s *Store) ClearFeedbackWords(ctx context.Context, userID int64) error {
	_, err := s.w.ExecContext(ctx, `UPDATE feedback SET comments = '', share = FALSE WHERE author_id = $1`, userID)
	return err
}

// ClearPulseWords blanks the words of a person's pulse check-ins and stops
// sharing them; the scores stay, without a name, in the programme's figures.
func (s *Store) ClearPulseWords(ctx context.Context, userID int64) error {
	_, err := s.w.ExecContext(ctx, `UPDATE pulses SET word = '', share = FALSE WHERE author_id = $1`, userID)
	return err
}

// IsErased reports whether an account has been erased.
func (s *Store) IsErased(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1 AND erased_at IS NOT NULL`, userID).Scan(&n)
	return n > 0, err
}

// RetentionPeriod is an organisation's retention period in months.
type RetentionPeriod struct {
	OrgID  int64
	Months int
}

// RetentionPeriods lists the organisations that set a retention period.
func (s *Store) RetentionPeriods(ctx context.Context) ([]RetentionPeriod, error) {
	return collect(func(row interface{ Scan(...any) error }) (*RetentionPeriod, error) {
		var r RetentionPeriod
		err := row.Scan(&r.OrgID, &r.Months)
		return &r, err
	})(s.r.QueryContext(ctx, `SELECT id, retention_months FROM organisations WHERE retention_months > 0 ORDER BY id`))
}

// expiredPartnerships selects the organisation's ($1) partnerships that
// ended before $2.
const expiredPartnerships = `SELECT p.id FROM partnerships p JOIN programmes g ON g.id = p.programme_id
	WHERE g.org_id = $1 AND p.state IN ('closed', 'withdrawn', 'declined') AND p.ended_at IS NOT NULL AND p.ended_at < $2`

// PurgeEndedPartnerships deletes the content of an organisation's
// partnerships that ended before endedBefore: agreement versions, notes,
// goals, actions, reviews, the closing record, feedback, pulse check-ins and the private
// reason for ending; meetings keep their dates and states but lose their
// place, agenda and messages. It stamps purged_at on the partnerships it
// purges for the first time and returns how many those are. Running it again
// finds nothing new to count, but still clears anything written since.
func (s *Store) PurgeEndedPartnerships(ctx context.Context, orgID int64, endedBefore, now time.Time) (int, error) {
	for _, q := range []string{
		`DELETE FROM notes WHERE partnership_id IN (` + expiredPartnerships + `)`,
		`DELETE FROM actions WHERE partnership_id IN (` + expiredPartnerships + `)`,
		`DELETE FROM goals WHERE partnership_id IN (` + expiredPartnerships + `)`,
		`DELETE FROM agreement_versions WHERE partnership_id IN (` + expiredPartnerships + `)`,
		`DELETE FROM reviews WHERE partnership_id IN (` + expiredPartnerships + `)`,
		`DELETE FROM closures WHERE partnership_id IN (` + expiredPartnerships + `)`,
		`DELETE FROM feedback WHERE partnership_id IN (` + expiredPartnerships + `)`,
		`DELETE FROM pulses WHERE partnership_id IN (` + expiredPartnerships + `)`,
		`UPDATE meetings SET agenda = '', message = '', venue = '', video_url = '' WHERE partnership_id IN (` + expiredPartnerships + `)
			AND (agenda <> '' OR message <> '' OR venue <> '' OR video_url <> '')`,
		`UPDATE partnerships SET end_reason = '' WHERE end_reason <> '' AND id IN (` + expiredPartnerships + `)`,
	} {
		if _, err := s.w.ExecContext(ctx, q, orgID, utc(endedBefore)); err != nil {
			return 0, err
		}
	}
	res, err := s.w.ExecContext(ctx, `UPDATE partnerships SET purged_at = $3 WHERE purged_at IS NULL AND id IN (`+expiredPartnerships+`)`,
		orgID, utc(endedBefore), utc(now))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// PurgedAt returns when a partnership's content was deleted under the
// retention period, or nil.
func (s *Store) PurgedAt(ctx context.Context, partnershipID int64) (*time.Time, error) {
	var t *time.Time
	rows, err := s.r.QueryContext(ctx, `SELECT purged_at FROM partnerships WHERE id = $1 AND purged_at IS NOT NULL`, partnershipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v time.Time
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		v = v.UTC()
		t = &v
	}
	return t, rows.Err()
}

// UserRemindersOff lists the reminders a person switched off.
func (s *Store) UserRemindersOff(ctx context.Context, userID int64) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT kind FROM reminder_optouts WHERE user_id = $1 ORDER BY kind`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
