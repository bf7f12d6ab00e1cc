package store

import (
	"context"

	"github.com/tandemhq/tandem"
)

// AppendAudit adds an entry to the audit log. There is deliberately no
// method to change or remove one.
func (s *Store) AppendAudit(ctx context.Context, e *tandem.AuditEntry) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO audit_log (org_id, actor_id, actor_name, action, subject_user_id, programme_id, detail, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.OrgID, e.ActorID, e.ActorName, e.Action, nullID(e.SubjectUserID), nullID(e.ProgrammeID), e.Detail, utc(e.At)).Scan(&e.ID)
}

const auditSelect = `SELECT id, org_id, actor_id, actor_name, action, COALESCE(subject_user_id, 0), COALESCE(programme_id, 0), detail, at FROM audit_log`

func scanAudit(row interface{ Scan(...any) error }) (*tandem.AuditEntry, error) {
	var e tandem.AuditEntry
	err := row.Scan(&e.ID, &e.OrgID, &e.ActorID, &e.ActorName, &e.Action, &e.SubjectUserID, &e.ProgrammeID, &e.Detail, &e.At)
	return &e, err
}

// AuditAbout lists, newest first, what others did with a person's data:
// entries naming them, entries about a programme they take part in, and
// organisation-wide entries, leaving out their own actions.
func (s *Store) AuditAbout(ctx context.Context, orgID, userID int64, limit int) ([]tandem.AuditEntry, error) {
	return collect(scanAudit)(s.r.QueryContext(ctx, auditSelect+` WHERE org_id = $1 AND actor_id <> $2 AND (subject_user_id = $2
		OR (subject_user_id IS NULL AND programme_id IN (SELECT programme_id FROM memberships WHERE user_id = $2))
		OR (subject_user_id IS NULL AND programme_id IS NULL))
		ORDER BY at DESC, id DESC LIMIT $3`, orgID, userID, limit))
}

// OrgAudit lists an organisation's audit log, newest first.
func (s *Store) OrgAudit(ctx context.Context, orgID int64, limit int) ([]tandem.AuditEntry, error) {
	return collect(scanAudit)(s.r.QueryContext(ctx, auditSelect+` WHERE org_id = $1 ORDER BY at DESC, id DESC LIMIT $2`, orgID, limit))
}
