package app

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// logged appends an audit entry for what actor did with others' data: a
// person (subject), everyone in a programme (programme), or the whole
// organisation (neither). A failure to log fails the action: data is not
// shown or changed without a trace.
func (a *App) logged(ctx context.Context, st *store.Store, actor *tandem.User, action string, subject, programme int64, detail string) error {
	if actor == nil || actor.ID == subject {
		return nil // one's own data is not audited
	}
	return st.AppendAudit(ctx, &tandem.AuditEntry{OrgID: actor.OrgID, ActorID: actor.ID, ActorName: actor.Name, Action: action,
		SubjectUserID: subject, ProgrammeID: programme, Detail: detail, At: a.Now()})
}

// AuditLine is an audit entry with the words a person reads.
type AuditLine struct {
	tandem.AuditEntry
	Label         string
	ProgrammeName string
	SubjectName   string // the person whose data it was, if one; "a former participant" once they are gone
	AboutMe       bool   // the entry names the reader; otherwise it is about a programme or everyone
}

func (a *App) auditLines(ctx context.Context, actor *tandem.User, entries []tandem.AuditEntry) []AuditLine {
	names, people := map[int64]string{}, map[int64]string{}
	out := make([]AuditLine, 0, len(entries))
	for _, e := range entries {
		l := AuditLine{AuditEntry: e, Label: tandem.AuditLabel(e.Action), AboutMe: e.SubjectUserID == actor.ID}
		if e.SubjectUserID != 0 {
			name, ok := people[e.SubjectUserID]
			if !ok {
				name = "a former participant"
				if u, err := a.store.User(ctx, e.SubjectUserID); err == nil && u.OrgID == actor.OrgID {
					name = u.Name
				}
				people[e.SubjectUserID] = name
			}
			l.SubjectName = name
		}
		if e.ProgrammeID != 0 {
			name, ok := names[e.ProgrammeID]
			if !ok {
				if p, err := a.store.Programme(ctx, actor.OrgID, e.ProgrammeID); err == nil {
					name = p.Name
				}
				names[e.ProgrammeID] = name
			}
			l.ProgrammeName = name
		}
		out = append(out, l)
	}
	return out
}

// WhoSawMyData lists what others did with the actor's data ("who looked at
// my profile"): the latest 200 entries.
func (a *App) WhoSawMyData(ctx context.Context, actor *tandem.User) ([]AuditLine, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	entries, err := a.store.AuditAbout(ctx, actor.OrgID, actor.ID, 200)
	if err != nil {
		return nil, err
	}
	return a.auditLines(ctx, actor, entries), nil
}

// AuditLog lists the organisation's audit log, the latest 500 entries;
// admins only.
func (a *App) AuditLog(ctx context.Context, actor *tandem.User) ([]AuditLine, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	if !actor.IsAdmin() {
		return nil, forbidden("Only an organisation admin reads the audit log.")
	}
	entries, err := a.store.OrgAudit(ctx, actor.OrgID, 500)
	if err != nil {
		return nil, err
	}
	return a.auditLines(ctx, actor, entries), nil
}
