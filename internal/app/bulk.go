package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// Bulk actions on the desk. Each has a preview that lists exactly what the
// confirmation will act on; the confirmation names the people or
// partnerships it saw in the preview, and acts only on those still in the
// set now (someone matched in between is left out, never someone new added).

// Recipient is one person a bulk message goes to.
type Recipient struct {
	UserID int64
	Name   string
	Email  string
	Roles  []string // their unmatched roles (mentor, mentee)
	Why    string   // the first reason they are unmatched
}

// MessageInput is what the coordinator writes to everyone unmatched, and,
// when confirming, who the preview listed.
type MessageInput struct {
	Subject string
	Body    string
	To      []int64 // user ids from the preview; ignored by the preview
}

// MessagePreview is the message as one recipient would read it, and the
// list of everyone it goes to.
type MessagePreview struct {
	Programme  *tandem.Programme
	Recipients []Recipient
	Subject    string
	Text       string
	HTML       string
}

// MessageResult says who was sent the message and who was left out because
// they were matched (or left) after the preview.
type MessageResult struct {
	Sent    []Recipient
	Skipped int
}

// unmatchedRecipients lists the distinct people of the desk's unmatched list.
func unmatchedRecipients(ctx context.Context, st *store.Store, p *tandem.Programme) ([]Recipient, error) {
	ps, err := st.ProgrammePartnerships(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	people, err := unmatchedPeople(ctx, st, p, ps)
	if err != nil {
		return nil, err
	}
	var out []Recipient
	at := map[int64]int{}
	for _, u := range people {
		if i, ok := at[u.UserID]; ok {
			out[i].Roles = append(out[i].Roles, u.Role)
			continue
		}
		at[u.UserID] = len(out)
		out = append(out, Recipient{UserID: u.UserID, Name: u.Name, Roles: []string{u.Role}, Why: u.Why})
	}
	for i := range out {
		u, err := st.User(ctx, out[i].UserID)
		if err != nil {
			return nil, err
		}
		out[i].Email = u.Email
	}
	slices.SortStableFunc(out, func(a, b Recipient) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, nil
}

// coordinatorMessage checks what the coordinator wrote and fills the email
// for one recipient.
func (a *App) coordinatorMessage(org *tandem.Organisation, p *tandem.Programme, from *tandem.User, in MessageInput, toName string) (mail.CoordinatorMessage, error) {
	pr := tandem.Problems{}
	subject := tandem.CheckText(pr, "subject", "The subject", in.Subject, 80, true)
	if strings.ContainsAny(subject, "\r\n") {
		pr.Add("subject", "Keep the subject on one line.")
	}
	body := tandem.CheckText(pr, "body", "The message", in.Body, 8000, true)
	if err := pr.Err(); err != nil {
		return mail.CoordinatorMessage{}, err
	}
	var paras [][]string
	for _, para := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		var lines []string
		for _, l := range strings.Split(para, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, lines)
		}
	}
	return mail.CoordinatorMessage{Layout: mail.Layout{Org: org.Name, Name: toName, ActionURL: fmt.Sprintf("%s/programmes/%d", a.baseURL, p.ID),
		SupportLinks: org.SupportLinks}, Programme: p.Name, From: from.Name, Subject: subject, Paragraphs: paras}, nil
}

// messageAudience loads what both steps of a message need: the programme
// the actor runs, the organisation, and everyone the message goes to now.
func (a *App) messageAudience(ctx context.Context, actor *tandem.User, programmeID int64) (*tandem.Programme, *tandem.Organisation, []Recipient, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, nil, nil, err
	}
	org, err := a.store.Organisation(ctx, actor.OrgID)
	if err != nil {
		return nil, nil, nil, err
	}
	rs, err := unmatchedRecipients(ctx, a.store, p)
	return p, org, rs, err
}

// MessageAudience counts who a message to everyone unmatched would reach,
// for the empty form; the preview names them.
func (a *App) MessageAudience(ctx context.Context, actor *tandem.User, programmeID int64) (int, error) {
	_, _, rs, err := a.messageAudience(ctx, actor, programmeID)
	return len(rs), err
}

// PreviewMessageUnmatched checks the message and shows it as the first
// recipient reads it, with everyone it goes to. Nothing is sent.
func (a *App) PreviewMessageUnmatched(ctx context.Context, actor *tandem.User, programmeID int64, in MessageInput) (*MessagePreview, error) {
	p, org, rs, err := a.messageAudience(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	name := "Sam Example"
	if len(rs) > 0 {
		name = rs[0].Name
	}
	data, err := a.coordinatorMessage(org, p, actor, in, name)
	if err != nil {
		return nil, err
	}
	c, err := mail.Render("coordinator_message", data)
	if err != nil {
		return nil, err
	}
	// The preview lists the unmatched people, as the desk does: audited alike.
	if err := a.logged(ctx, a.store, actor, tandem.AuditViewDashboard, 0, p.ID, "message preview"); err != nil {
		return nil, err
	}
	return &MessagePreview{Programme: p, Recipients: rs, Subject: c.Subject, Text: c.Text, HTML: c.HTML}, nil
}

// MessageUnmatched sends the message, one email each through the outbox, to
// the people the preview listed who are still unmatched. The outbox key
// names the programme, the message and the day, so a confirmation sent twice
// emails nobody twice.
func (a *App) MessageUnmatched(ctx context.Context, actor *tandem.User, programmeID int64, in MessageInput) (*MessageResult, error) {
	p, org, rs, err := a.messageAudience(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	if _, err := a.coordinatorMessage(org, p, actor, in, ""); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(in.Subject) + "\n" + strings.TrimSpace(in.Body)))
	day := a.Now().In(a.orgLocation(ctx, a.store, org.ID)).Format("2006-01-02")
	// The emails are queued in the transaction that records the sending,
	// so the audit entry and the emails stand or fall together.
	res := &MessageResult{}
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		res.Sent = nil
		for _, r := range rs {
			if !slices.Contains(in.To, r.UserID) {
				continue
			}
			to, err := tx.User(ctx, r.UserID)
			if err != nil {
				return err
			}
			data, err := a.coordinatorMessage(org, p, actor, in, to.Name)
			if err != nil {
				return err
			}
			key := fmt.Sprintf("coordinator_message/p%d/%s/%s/u%d", p.ID, day, hex.EncodeToString(sum[:8]), to.ID)
			if err := a.notify(ctx, tx, key, "coordinator_message", data, to, org.Name, ""); err != nil {
				return err
			}
			res.Sent = append(res.Sent, r)
		}
		detail := fmt.Sprintf("%d sent: %s", len(res.Sent), strings.TrimSpace(in.Subject))
		return a.logged(ctx, tx, actor, tandem.AuditBulkMessage, 0, p.ID, detail)
	})
	if err != nil {
		return nil, err
	}
	res.Skipped = len(in.To) - len(res.Sent)
	return res, nil
}

// EndedTerm is an active partnership whose term has ended without renewal.
type EndedTerm struct {
	PartnershipID int64
	MentorName    string
	MenteeName    string
	Term          int
	TermEndsAt    time.Time
}

// CloseResult is what closing one ended term did.
type CloseResult struct {
	EndedTerm
	Closed bool
	Error  string // why not, in words
}

// EndedTerms lists the programme's active partnerships whose term has ended:
// the preview of CloseEndedTerms. Partnerships already closing wait for
// their pair's closing record and are not listed.
func (a *App) EndedTerms(ctx context.Context, actor *tandem.User, programmeID int64) ([]EndedTerm, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	ps, err := a.store.ProgrammePartnerships(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	var out []EndedTerm
	for i := range ps {
		if x := &ps[i]; termEnded(x, now) {
			out = append(out, EndedTerm{PartnershipID: x.ID, MentorName: x.MentorName, MenteeName: x.MenteeName, Term: x.Term, TermEndsAt: *x.TermEndsAt})
		}
	}
	slices.SortStableFunc(out, func(a, b EndedTerm) int { return a.TermEndsAt.Compare(b.TermEndsAt) })
	// The pairs and their terms, as the partnership list shows them: audited alike.
	return out, a.logged(ctx, a.store, actor, tandem.AuditViewPartnerships, 0, p.ID, "")
}

// CloseEndedTerms moves each listed partnership whose term has ended from
// active to closing, as the close event at the term's end does when a
// member chooses it: the pair then have their closing conversation. Each
// partnership is closed in its own transaction, and each result reported;
// one that is no longer active past its term is left alone.
func (a *App) CloseEndedTerms(ctx context.Context, actor *tandem.User, programmeID int64, ids []int64) ([]CloseResult, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	var out []CloseResult
	for _, id := range ids {
		var r CloseResult
		err := a.store.InTx(ctx, func(tx *store.Store) error {
			if err := tx.LockPartnership(ctx, id); err != nil {
				return err
			}
			x, err := tx.Partnership(ctx, id)
			if err != nil || x.ProgrammeID != p.ID {
				return tandem.Errorf(tandem.ENotFound, "Partnership not found.")
			}
			r.EndedTerm = EndedTerm{PartnershipID: x.ID, MentorName: x.MentorName, MenteeName: x.MenteeName, Term: x.Term}
			if x.TermEndsAt != nil {
				r.TermEndsAt = *x.TermEndsAt
			}
			now := a.Now()
			if x.State == tandem.PartnershipActive && !termEnded(x, now) {
				return tandem.Errorf(tandem.EConflict, "Its term runs until %s.", x.TermEndsAt.In(a.orgLocation(ctx, tx, actor.OrgID)).Format("2 January 2006"))
			}
			next, err := tandem.NextState(x.State, tandem.EventClose, false)
			if err != nil {
				return err
			}
			x.State, x.UpdatedAt, x.Outcome = next, now, tandem.OutcomeTermEnded
			x.EndReason = "The term ended; the coordinator moved the partnership to closing."
			if err := tx.SavePartnershipProgress(ctx, x); err != nil {
				return err
			}
			for _, who := range []int64{x.MentorID, x.MenteeID} {
				if err := a.logged(ctx, tx, actor, tandem.AuditBulkClose, who, p.ID, fmt.Sprintf("partnership %d", x.ID)); err != nil {
					return err
				}
			}
			return nil
		})
		switch {
		case err == nil:
			r.Closed = true
		case tandem.ErrorCode(err) == tandem.EInternal:
			return out, err
		default:
			r.PartnershipID, r.Error = id, tandem.ErrorMessage(err)
		}
		out = append(out, r)
	}
	return out, nil
}
