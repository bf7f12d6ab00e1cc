package store

import (
	"context"
	"time"
)

// The rows a stakeholder report is counted from (internal/app/report.go):
// dates, states, roles, profile categories, counts and ratings of one
// organisation. What a pair wrote is not here: no agreement, note, goal or
// closing text, and a feedback comment or a pulse word only when its author
// agreed to share it.

// ReportMember is one membership with its person's department and career stage.
type ReportMember struct {
	MembershipID int64
	ProgrammeID  int64
	UserID       int64
	Role         string
	Status       string
	CreatedAt    time.Time
	Department   string
	CareerStage  string
}

// ReportPartnership is one partnership's dates, state and counts.
type ReportPartnership struct {
	ID                 int64
	ProgrammeID        int64
	MentorID           int64
	MenteeID           int64
	MentorMembershipID int64
	MenteeMembershipID int64
	State              string
	Outcome            string
	CreatedAt          time.Time
	StartedAt          *time.Time
	EndedAt            *time.Time
	AgreementSignedAt  *time.Time  // when both had first signed a version
	ClosedAt           *time.Time  // when the closing record was written
	MeetingsHeld       []time.Time // the scheduled start of each meeting confirmed as held
	Goals              int
	GoalsAchieved      int
}

// ReportFeedback is one closing feedback form: the rating, and the words
// only when their author chose to share them.
type ReportFeedback struct {
	PartnershipID int64
	ProgrammeID   int64
	AuthorID      int64
	Role          string
	Rating        int
	SharedWords   string
	CreatedAt     time.Time
}

// ReportPulse is one pulse check-in answer: the score, and the word only
// when its author chose to share it with the coordinator.
type ReportPulse struct {
	ProgrammeID int64
	AuthorID    int64
	Role        string
	Score       int
	SharedWord  string
	CreatedAt   time.Time
}

// ReportData is everything a report of one organisation is counted from.
type ReportData struct {
	Members      []ReportMember
	Partnerships []ReportPartnership
	Feedback     []ReportFeedback
	Pulses       []ReportPulse
}

// ReportData reads an organisation's report rows.
func (s *Store) ReportData(ctx context.Context, orgID int64) (*ReportData, error) {
	d := &ReportData{}
	var err error
	d.Members, err = collect(func(row interface{ Scan(...any) error }) (*ReportMember, error) {
		var m ReportMember
		err := row.Scan(&m.MembershipID, &m.ProgrammeID, &m.UserID, &m.Role, &m.Status, &m.CreatedAt, &m.Department, &m.CareerStage)
		m.CreatedAt = m.CreatedAt.UTC()
		return &m, err
	})(s.r.QueryContext(ctx, `SELECT m.id, m.programme_id, m.user_id, m.role, m.status, m.created_at,
		COALESCE(f.department, ''), COALESCE(f.career_stage, '')
		FROM memberships m JOIN programmes g ON g.id = m.programme_id LEFT JOIN profiles f ON f.user_id = m.user_id
		WHERE g.org_id = $1 ORDER BY m.id`, orgID))
	if err != nil {
		return nil, err
	}
	d.Partnerships, err = collect(func(row interface{ Scan(...any) error }) (*ReportPartnership, error) {
		var p ReportPartnership
		err := row.Scan(&p.ID, &p.ProgrammeID, &p.MentorID, &p.MenteeID, &p.MentorMembershipID, &p.MenteeMembershipID,
			&p.State, &p.Outcome, &p.CreatedAt, &p.StartedAt, &p.EndedAt, &p.ClosedAt, &p.Goals, &p.GoalsAchieved)
		p.CreatedAt = p.CreatedAt.UTC()
		return &p, err
	})(s.r.QueryContext(ctx, `SELECT p.id, p.programme_id, p.mentor_id, p.mentee_id, p.mentor_membership_id, p.mentee_membership_id,
		p.state, p.outcome, p.created_at, p.started_at, p.ended_at,
		(SELECT c.recorded_at FROM closures c WHERE c.partnership_id = p.id),
		(SELECT COUNT(*) FROM goals x WHERE x.partnership_id = p.id),
		(SELECT COUNT(*) FROM goals x WHERE x.partnership_id = p.id AND x.status = 'achieved')
		FROM partnerships p JOIN programmes g ON g.id = p.programme_id WHERE g.org_id = $1 ORDER BY p.id`, orgID))
	if err != nil {
		return nil, err
	}
	byID := map[int64]*ReportPartnership{}
	for i := range d.Partnerships {
		p := &d.Partnerships[i]
		p.StartedAt, p.EndedAt, p.ClosedAt = inUTC(p.StartedAt), inUTC(p.EndedAt), inUTC(p.ClosedAt)
		byID[p.ID] = p
	}
	err = s.meetingsHeld(ctx, `JOIN programmes g ON g.id = p.programme_id WHERE g.org_id = $1`, orgID, func(id int64, at time.Time) {
		if p := byID[id]; p != nil {
			p.MeetingsHeld = append(p.MeetingsHeld, at)
		}
	})
	if err != nil {
		return nil, err
	}
	// The first version both signed: a renegotiated agreement was signed earlier.
	signed, err := s.r.QueryContext(ctx, `SELECT v.partnership_id, v.mentor_signed_at, v.mentee_signed_at FROM agreement_versions v
		JOIN partnerships p ON p.id = v.partnership_id JOIN programmes g ON g.id = p.programme_id
		WHERE g.org_id = $1 AND v.mentor_signed_at IS NOT NULL AND v.mentee_signed_at IS NOT NULL ORDER BY v.partnership_id, v.version`, orgID)
	if err != nil {
		return nil, err
	}
	defer signed.Close()
	for signed.Next() {
		var id int64
		var mentor, mentee time.Time
		if err := signed.Scan(&id, &mentor, &mentee); err != nil {
			return nil, err
		}
		at := mentor.UTC()
		if mentee.After(at) {
			at = mentee.UTC()
		}
		if p := byID[id]; p != nil && (p.AgreementSignedAt == nil || at.Before(*p.AgreementSignedAt)) {
			p.AgreementSignedAt = &at
		}
	}
	if err := signed.Err(); err != nil {
		return nil, err
	}
	d.Feedback, err = collect(func(row interface{ Scan(...any) error }) (*ReportFeedback, error) {
		var f ReportFeedback
		err := row.Scan(&f.PartnershipID, &f.ProgrammeID, &f.AuthorID, &f.Role, &f.Rating, &f.SharedWords, &f.CreatedAt)
		f.CreatedAt = f.CreatedAt.UTC()
		return &f, err
	})(s.r.QueryContext(ctx, `SELECT f.partnership_id, p.programme_id, f.author_id, f.role, f.rating,
		CASE WHEN f.share THEN f.comments ELSE '' END, f.created_at
		FROM feedback f JOIN partnerships p ON p.id = f.partnership_id JOIN programmes g ON g.id = p.programme_id
		WHERE g.org_id = $1 ORDER BY f.created_at, f.partnership_id, f.author_id`, orgID))
	if err != nil {
		return nil, err
	}
	d.Pulses, err = collect(func(row interface{ Scan(...any) error }) (*ReportPulse, error) {
		var p ReportPulse
		err := row.Scan(&p.ProgrammeID, &p.AuthorID, &p.Role, &p.Score, &p.SharedWord, &p.CreatedAt)
		p.CreatedAt = p.CreatedAt.UTC()
		return &p, err
	})(s.r.QueryContext(ctx, `SELECT p.programme_id, p.author_id, p.role, p.score, CASE WHEN p.share THEN p.word ELSE '' END, p.created_at
		FROM pulses p JOIN programmes g ON g.id = p.programme_id WHERE g.org_id = $1 ORDER BY p.created_at, p.id`, orgID))
	if err != nil {
		return nil, err
	}
	return d, nil
}

func inUTC(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
