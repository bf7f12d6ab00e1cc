package store

import (
	"context"
	"time"
)

// PartnershipActivity is what a coordinator may know of a partnership's
// life: dates and counts, never what the pair wrote.
type PartnershipActivity struct {
	AgreementVersion  int
	AgreementSignedAt *time.Time
	MeetingsHeld      []time.Time // when each confirmed meeting took place
	MeetingsPlanned   int         // accepted or proposed, still to come
	Goals             int
	GoalsAchieved     int
	Actions           int
	ActionsDone       int
	Reviews           int
	Feedback          int
}

// ProgrammeActivity returns the activity of every partnership of a programme,
// keyed by partnership id.
func (s *Store) ProgrammeActivity(ctx context.Context, programmeID int64, now time.Time) (map[int64]*PartnershipActivity, error) {
	out := map[int64]*PartnershipActivity{}
	rows, err := s.r.QueryContext(ctx, `SELECT p.id,
		(SELECT COUNT(*) FROM meetings m WHERE m.partnership_id = p.id AND m.held_at IS NULL AND m.state <> 'cancelled' AND m.starts_at > $2),
		(SELECT COUNT(*) FROM goals g WHERE g.partnership_id = p.id),
		(SELECT COUNT(*) FROM goals g WHERE g.partnership_id = p.id AND g.status = 'achieved'),
		(SELECT COUNT(*) FROM actions a WHERE a.partnership_id = p.id),
		(SELECT COUNT(*) FROM actions a WHERE a.partnership_id = p.id AND a.status = 'done'),
		(SELECT COUNT(*) FROM reviews r WHERE r.partnership_id = p.id),
		(SELECT COUNT(*) FROM feedback f WHERE f.partnership_id = p.id)
		FROM partnerships p WHERE p.programme_id = $1`, programmeID, utc(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a PartnershipActivity
		if err := rows.Scan(&id, &a.MeetingsPlanned, &a.Goals, &a.GoalsAchieved, &a.Actions, &a.ActionsDone, &a.Reviews, &a.Feedback); err != nil {
			return nil, err
		}
		out[id] = &a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Meetings that took place, by their scheduled start.
	err = s.meetingsHeld(ctx, `WHERE p.programme_id = $1`, programmeID, func(id int64, at time.Time) {
		if a := out[id]; a != nil {
			a.MeetingsHeld = append(a.MeetingsHeld, at)
		}
	})
	if err != nil {
		return nil, err
	}
	// The agreement: its latest version, and when both had signed it.
	vs, err := s.r.QueryContext(ctx, `SELECT v.partnership_id, v.version, v.mentor_signed_at, v.mentee_signed_at FROM agreement_versions v
		JOIN partnerships p ON p.id = v.partnership_id WHERE p.programme_id = $1 ORDER BY v.partnership_id, v.version`, programmeID)
	if err != nil {
		return nil, err
	}
	defer vs.Close()
	for vs.Next() {
		var id int64
		var version int
		var mentor, mentee *time.Time
		if err := vs.Scan(&id, &version, &mentor, &mentee); err != nil {
			return nil, err
		}
		if a := out[id]; a != nil {
			a.AgreementVersion, a.AgreementSignedAt = version, nil
			if mentor != nil && mentee != nil {
				t := mentor.UTC()
				if mentee.After(t) {
					t = mentee.UTC()
				}
				a.AgreementSignedAt = &t
			}
		}
	}
	return out, vs.Err()
}

// meetingsHeld calls add with each meeting that took place (partnership id,
// scheduled start in UTC), in order of start, for the partnerships p that
// where (a JOIN and WHERE clause on p, with $1 = arg) selects: one query for
// a programme's oversight or an organisation's report.
func (s *Store) meetingsHeld(ctx context.Context, where string, arg any, add func(id int64, at time.Time)) error {
	rows, err := s.r.QueryContext(ctx, `SELECT m.partnership_id, m.starts_at FROM meetings m JOIN partnerships p ON p.id = m.partnership_id
		`+where+` AND m.held_at IS NOT NULL ORDER BY m.starts_at`, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		add(id, at.UTC())
	}
	return rows.Err()
}
