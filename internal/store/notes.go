package store

import (
	"context"

	"github.com/tandemhq/tandem"
)

const noteSelect = `SELECT n.id, n.partnership_id, COALESCE(n.meeting_id, 0), n.author_id, u.name, n.private, n.body, n.created_at, n.updated_at
	FROM notes n JOIN users u ON u.id = n.author_id`

func scanNote(row interface{ Scan(...any) error }) (*tandem.Note, error) {
	var n tandem.Note
	if err := row.Scan(&n.ID, &n.PartnershipID, &n.MeetingID, &n.AuthorID, &n.AuthorName, &n.Private, &n.Body, &n.CreatedAt, &n.UpdatedAt); err != nil {
		return nil, notFound(err, "Note")
	}
	return &n, nil
}

// CreateNote inserts n and sets its ID.
func (s *Store) CreateNote(ctx context.Context, n *tandem.Note) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO notes (partnership_id, meeting_id, author_id, private, body, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, n.PartnershipID, nullID(n.MeetingID), n.AuthorID, n.Private, n.Body, utc(n.CreatedAt)).Scan(&n.ID)
}

// SaveNote stores a note's text.
func (s *Store) SaveNote(ctx context.Context, n *tandem.Note) error {
	_, err := s.w.ExecContext(ctx, `UPDATE notes SET body = $1, updated_at = $2 WHERE id = $3`, n.Body, utc(n.UpdatedAt), n.ID)
	return err
}

// DeleteNote removes a note.
func (s *Store) DeleteNote(ctx context.Context, id int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM notes WHERE id = $1`, id)
	return err
}

// Note returns one note of a partnership that reader may read: a shared
// note, or a private note reader wrote. Anyone else's private note is "not
// found", here in the query, so no caller can forget the rule.
func (s *Store) Note(ctx context.Context, partnershipID, id, readerID int64) (*tandem.Note, error) {
	return scanNote(s.r.QueryRowContext(ctx, noteSelect+` WHERE n.id = $1 AND n.partnership_id = $2 AND (n.private = FALSE OR n.author_id = $3)`,
		id, partnershipID, readerID))
}

// Notes lists the notes of a partnership that reader may read, oldest first.
func (s *Store) Notes(ctx context.Context, partnershipID, readerID int64) ([]tandem.Note, error) {
	return collect(scanNote)(s.r.QueryContext(ctx, noteSelect+` WHERE n.partnership_id = $1 AND (n.private = FALSE OR n.author_id = $2)
		ORDER BY n.created_at, n.id`, partnershipID, readerID))
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
