package store

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

const concernSelect = `SELECT c.id, c.org_id, COALESCE(c.programme_id, 0), COALESCE(c.partnership_id, 0), c.raised_by, u.name, c.kind,
	c.about_mentee, c.about_coordinator, c.body, c.status, c.outcome, c.resolution, COALESCE(c.resolved_by, 0), c.resolved_at, c.created_at,
	COALESCE(g.name, '')
	FROM concerns c JOIN users u ON u.id = c.raised_by LEFT JOIN programmes g ON g.id = c.programme_id`

func scanConcern(row interface{ Scan(...any) error }) (*tandem.Concern, error) {
	var c tandem.Concern
	var resolved sql.NullTime
	if err := row.Scan(&c.ID, &c.OrgID, &c.ProgrammeID, &c.PartnershipID, &c.RaisedBy, &c.RaisedByName, &c.Kind, &c.AboutMentee, &c.AboutCoordinator,
		&c.Body, &c.Status, &c.Outcome, &c.Resolution, &c.ResolvedBy, &resolved, &c.CreatedAt, &c.ProgrammeName); err != nil {
		return nil, notFound(err, "Concern")
	}
	c.ResolvedAt = timePtr(resolved)
	return &c, nil
}

// CreateConcern inserts c and sets its ID.
func (s *Store) CreateConcern(ctx context.Context, c *tandem.Concern) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO concerns (org_id, programme_id, partnership_id, raised_by, kind, about_mentee, about_coordinator,
		body, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		c.OrgID, nullID(c.ProgrammeID), nullID(c.PartnershipID), c.RaisedBy, c.Kind, c.AboutMentee, c.AboutCoordinator, c.Body, c.Status,
		utc(c.CreatedAt)).Scan(&c.ID)
}

// ResolveConcern stores how a concern was resolved.
func (s *Store) ResolveConcern(ctx context.Context, c *tandem.Concern) error {
	_, err := s.w.ExecContext(ctx, `UPDATE concerns SET status = $1, outcome = $2, resolution = $3, resolved_by = $4, resolved_at = $5 WHERE id = $6`,
		c.Status, c.Outcome, c.Resolution, nullID(c.ResolvedBy), nullTime(c.ResolvedAt), c.ID)
	return err
}

// Concern returns one concern of an organisation.
func (s *Store) Concern(ctx context.Context, orgID, id int64) (*tandem.Concern, error) {
	return scanConcern(s.r.QueryRowContext(ctx, concernSelect+` WHERE c.id = $1 AND c.org_id = $2`, id, orgID))
}

// ConcernsRaisedBy lists the concerns a person raised, newest first.
func (s *Store) ConcernsRaisedBy(ctx context.Context, userID int64) ([]tandem.Concern, error) {
	return collect(scanConcern)(s.r.QueryContext(ctx, concernSelect+` WHERE c.raised_by = $1 ORDER BY c.created_at DESC, c.id DESC`, userID))
}

// OrgConcerns lists an organisation's concerns: open ones first, newest first.
// Who may read which is decided in internal/app.
func (s *Store) OrgConcerns(ctx context.Context, orgID int64) ([]tandem.Concern, error) {
	return collect(scanConcern)(s.r.QueryContext(ctx, concernSelect+` WHERE c.org_id = $1
		ORDER BY CASE c.status WHEN 'open' THEN 0 ELSE 1 END, c.created_at DESC, c.id DESC`, orgID))
}

// AddConcernNote inserts a handling note and sets its ID.
func (s *Store) AddConcernNote(ctx context.Context, n *tandem.ConcernNote) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO concern_notes (concern_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		n.ConcernID, n.AuthorID, n.Body, utc(n.CreatedAt)).Scan(&n.ID)
}

// ConcernNotes lists a concern's handling notes, oldest first.
func (s *Store) ConcernNotes(ctx context.Context, concernID int64) ([]tandem.ConcernNote, error) {
	return collect(func(row interface{ Scan(...any) error }) (*tandem.ConcernNote, error) {
		var n tandem.ConcernNote
		err := row.Scan(&n.ID, &n.ConcernID, &n.AuthorID, &n.AuthorName, &n.Body, &n.CreatedAt)
		return &n, err
	})(s.r.QueryContext(ctx, `SELECT n.id, n.concern_id, COALESCE(n.author_id, 0), COALESCE(u.name, 'A former handler'), n.body, n.created_at
		FROM concern_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.concern_id = $1 ORDER BY n.created_at, n.id`, concernID))
}
