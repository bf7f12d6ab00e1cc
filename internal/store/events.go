package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

// eventSelect reads an event with its programme's and host's names and how
// many places are taken and waited for.
const eventSelect = `SELECT e.id, e.org_id, COALESCE(e.programme_id, 0), e.kind, e.title, e.description, e.starts_at, e.minutes, e.place, e.url,
	e.capacity, e.audience, COALESCE(e.host_id, 0), COALESCE(e.series_id, 0), e.uid, e.sequence, e.cancelled_at, e.cancel_message,
	COALESCE(e.created_by, 0), e.created_at, e.updated_at, COALESCE(g.name, ''), COALESCE(h.name, ''),
	(SELECT COUNT(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status = 'booked'),
	(SELECT COUNT(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status = 'waiting')
	FROM events e LEFT JOIN programmes g ON g.id = e.programme_id LEFT JOIN users h ON h.id = e.host_id`

func scanEvent(row interface{ Scan(...any) error }) (*tandem.Event, error) {
	var e tandem.Event
	var cancelled sql.NullTime
	if err := row.Scan(&e.ID, &e.OrgID, &e.ProgrammeID, &e.Kind, &e.Title, &e.Description, &e.StartsAt, &e.Minutes, &e.Place, &e.URL,
		&e.Capacity, &e.Audience, &e.HostID, &e.SeriesID, &e.UID, &e.Sequence, &cancelled, &e.CancelMessage,
		&e.CreatedBy, &e.CreatedAt, &e.UpdatedAt, &e.ProgrammeName, &e.HostName, &e.Booked, &e.Waiting); err != nil {
		return nil, notFound(err, "Event")
	}
	e.StartsAt, e.CreatedAt, e.UpdatedAt = e.StartsAt.UTC(), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	e.CancelledAt = timePtr(cancelled)
	return &e, nil
}

// CreateEvent inserts e and sets its ID.
func (s *Store) CreateEvent(ctx context.Context, e *tandem.Event) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO events (org_id, programme_id, kind, title, description, starts_at, minutes, place, url,
		capacity, audience, host_id, series_id, uid, sequence, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		e.OrgID, nullID(e.ProgrammeID), e.Kind, e.Title, e.Description, utc(e.StartsAt), e.Minutes, e.Place, e.URL,
		e.Capacity, e.Audience, nullID(e.HostID), nullID(e.SeriesID), e.UID, e.Sequence, nullID(e.CreatedBy), utc(e.CreatedAt), utc(e.UpdatedAt)).Scan(&e.ID)
}

// SaveEvent stores an event's editable fields, its series and its cancellation.
func (s *Store) SaveEvent(ctx context.Context, e *tandem.Event) error {
	_, err := s.w.ExecContext(ctx, `UPDATE events SET title = $1, description = $2, starts_at = $3, minutes = $4, place = $5, url = $6,
		capacity = $7, audience = $8, host_id = $9, series_id = $10, sequence = $11, cancelled_at = $12, cancel_message = $13, updated_at = $14
		WHERE id = $15`,
		e.Title, e.Description, utc(e.StartsAt), e.Minutes, e.Place, e.URL, e.Capacity, e.Audience, nullID(e.HostID), nullID(e.SeriesID),
		e.Sequence, nullTime(e.CancelledAt), e.CancelMessage, utc(e.UpdatedAt), e.ID)
	return err
}

// LockEvent takes the event's row lock for the rest of the transaction
// (PostgreSQL; SQLite's single writer already serialises), so that two
// people booking the last place queue one behind the other and the second
// counts the first's place.
func (s *Store) LockEvent(ctx context.Context, orgID, id int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE events SET sequence = sequence WHERE id = $1 AND org_id = $2`, id, orgID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tandem.Errorf(tandem.ENotFound, "Event not found.")
	}
	return nil
}

// Event returns one event of an organisation.
func (s *Store) Event(ctx context.Context, orgID, id int64) (*tandem.Event, error) {
	return scanEvent(s.r.QueryRowContext(ctx, eventSelect+` WHERE e.id = $1 AND e.org_id = $2`, id, orgID))
}

// OrgEvents lists an organisation's events that end after from and start
// before to, soonest first. Who may see which is decided in internal/app.
func (s *Store) OrgEvents(ctx context.Context, orgID int64, from, to time.Time) ([]tandem.Event, error) {
	return collect(scanEvent)(s.r.QueryContext(ctx, eventSelect+` WHERE e.org_id = $1 AND e.starts_at < $2 AND e.starts_at >= $3
		ORDER BY e.starts_at, e.id`, orgID, utc(to), utc(from.Add(-24*time.Hour))))
}

// AttendedEvents lists the events a person attended, most recent first.
func (s *Store) AttendedEvents(ctx context.Context, userID int64) ([]tandem.Event, error) {
	return collect(scanEvent)(s.r.QueryContext(ctx, eventSelect+` JOIN event_bookings a ON a.event_id = e.id
		WHERE a.user_id = $1 AND a.attended_at IS NOT NULL AND e.cancelled_at IS NULL ORDER BY e.starts_at DESC, e.id DESC`, userID))
}

const bookingSelect = `SELECT b.id, b.event_id, b.user_id, b.status, b.attended_at, b.checked_in, b.created_at, b.updated_at, u.name, u.email,
	CASE WHEN b.status = 'waiting' THEN (SELECT COUNT(*) FROM event_bookings w WHERE w.event_id = b.event_id AND w.status = 'waiting'
		AND (w.queued_at < b.queued_at OR (w.queued_at = b.queued_at AND w.id <= b.id))) ELSE 0 END
	FROM event_bookings b JOIN users u ON u.id = b.user_id`

func scanBooking(row interface{ Scan(...any) error }) (*tandem.Booking, error) {
	var b tandem.Booking
	var attended sql.NullTime
	if err := row.Scan(&b.ID, &b.EventID, &b.UserID, &b.Status, &attended, &b.CheckedIn, &b.CreatedAt, &b.UpdatedAt, &b.UserName, &b.UserEmail,
		&b.Position); err != nil {
		return nil, notFound(err, "Booking")
	}
	b.AttendedAt = timePtr(attended)
	return &b, nil
}

// Booking returns a person's booking at an event.
func (s *Store) Booking(ctx context.Context, eventID, userID int64) (*tandem.Booking, error) {
	return scanBooking(s.r.QueryRowContext(ctx, bookingSelect+` WHERE b.event_id = $1 AND b.user_id = $2`, eventID, userID))
}

// EventBookings lists an event's bookings: places first, then the waiting
// list in order, then cancellations; by name within each.
func (s *Store) EventBookings(ctx context.Context, eventID int64) ([]tandem.Booking, error) {
	return collect(scanBooking)(s.r.QueryContext(ctx, bookingSelect+` WHERE b.event_id = $1
		ORDER BY CASE b.status WHEN 'booked' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END,
		CASE WHEN b.status = 'waiting' THEN b.queued_at END, CASE WHEN b.status = 'waiting' THEN b.id END, lower(u.name), b.id`, eventID))
}

// UserBookings lists a person's bookings at events of any time.
func (s *Store) UserBookings(ctx context.Context, userID int64) ([]tandem.Booking, error) {
	return collect(scanBooking)(s.r.QueryContext(ctx, bookingSelect+` WHERE b.user_id = $1 ORDER BY b.id`, userID))
}

// PutBooking records a person's booking at an event in the state b gives,
// making the row on the first booking and reusing it after a cancellation;
// joining the waiting list (again) puts the person at its end.
func (s *Store) PutBooking(ctx context.Context, b *tandem.Booking) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO event_bookings (event_id, user_id, status, queued_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4, $4)
		ON CONFLICT (event_id, user_id) DO UPDATE SET status = excluded.status, queued_at = excluded.queued_at, updated_at = excluded.updated_at
		RETURNING id`, b.EventID, b.UserID, b.Status, utc(b.UpdatedAt)).Scan(&b.ID)
}

// SetBookingStatus changes a booking's state.
func (s *Store) SetBookingStatus(ctx context.Context, id int64, status string, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE event_bookings SET status = $1, updated_at = $2 WHERE id = $3`, status, utc(now), id)
	return err
}

// CountBooked counts the places taken at an event.
func (s *Store) CountBooked(ctx context.Context, eventID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_bookings WHERE event_id = $1 AND status = 'booked'`, eventID).Scan(&n)
	return n, err
}

// FirstWaiting returns the person at the head of an event's waiting list.
func (s *Store) FirstWaiting(ctx context.Context, eventID int64) (*tandem.Booking, error) {
	return scanBooking(s.r.QueryRowContext(ctx, bookingSelect+` WHERE b.event_id = $1 AND b.status = 'waiting' ORDER BY b.queued_at, b.id LIMIT 1`, eventID))
}

// SetAttendance records whether a booked person attended (at nil: did not).
func (s *Store) SetAttendance(ctx context.Context, bookingID int64, at *time.Time, checkedIn bool, now time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE event_bookings SET attended_at = $1, checked_in = $2, updated_at = $3 WHERE id = $4`,
		nullTime(at), checkedIn, utc(now), bookingID)
	return err
}

// AddApplicationDecision records a coordinator's decision on an application.
func (s *Store) AddApplicationDecision(ctx context.Context, d *tandem.ApplicationDecision) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO application_decisions (membership_id, decision, message, decided_by, decided_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, d.MembershipID, d.Decision, d.Message, nullID(d.DecidedBy), utc(d.DecidedAt)).Scan(&d.ID)
}

// ApplicationDecisions lists the decisions on the applications of a
// programme, or of one person when userID is not zero, newest first.
func (s *Store) ApplicationDecisions(ctx context.Context, programmeID, userID int64) ([]tandem.ApplicationDecision, error) {
	return collect(func(row interface{ Scan(...any) error }) (*tandem.ApplicationDecision, error) {
		var d tandem.ApplicationDecision
		err := row.Scan(&d.ID, &d.MembershipID, &d.Decision, &d.Message, &d.DecidedBy, &d.DeciderName, &d.DecidedAt)
		return &d, err
	})(s.r.QueryContext(ctx, `SELECT d.id, d.membership_id, d.decision, d.message, COALESCE(d.decided_by, 0), COALESCE(u.name, 'A former coordinator'), d.decided_at
		FROM application_decisions d JOIN memberships m ON m.id = d.membership_id LEFT JOIN users u ON u.id = d.decided_by
		WHERE m.programme_id = $1 AND ($2 = 0 OR m.user_id = $2) ORDER BY d.decided_at DESC, d.id DESC`, programmeID, userID))
}
