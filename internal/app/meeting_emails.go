package app

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// meetingEmails tells the pair about a change to a meeting: a proposal or a
// move goes to the other person, an acceptance or a cancellation to both,
// with the invitation (or its cancellation) attached so calendars follow.
// was is the time before a move. It runs inside the transaction that saves
// the change (tx), so the emails are queued if and only if it commits; each
// email's key names the meeting's version, so a retry never sends it twice.
func (a *App) meetingEmails(ctx context.Context, tx *store.Store, actor *tandem.User, p *tandem.Partnership, m *tandem.Meeting, was time.Time) error {
	if a.getOutbox() == nil || m == nil {
		return nil
	}
	org, err := tx.Organisation(ctx, actor.OrgID)
	if err != nil {
		return err
	}
	loc := a.orgLocation(ctx, tx, org.ID)
	cal, err := a.calendarOf(ctx, tx, p, m)
	if err != nil {
		return err
	}
	for _, id := range []int64{p.MentorID, p.MenteeID} {
		to, err := tx.User(ctx, id)
		if err != nil {
			return err
		}
		partner := p.MentorName
		if id == p.MentorID {
			partner = p.MenteeName
		}
		where := m.Venue
		if where == "" && m.VideoURL != "" {
			where = "Video call"
		}
		layout := mail.Layout{Org: org.Name, Name: to.Name, ActionURL: fmt.Sprintf("%s/partnerships/%d/meetings/%d", a.baseURL, p.ID, m.ID),
			SettingsURL: a.baseURL + "/profile/reminders", SupportLinks: org.SupportLinks}
		meeting := mail.Meeting{Partner: partner, Start: m.StartsAt.In(loc), Minutes: m.Minutes, Where: where}
		var name string
		var data any
		var attach *mail.Attachment
		switch {
		case m.State == tandem.MeetingCancelled:
			c := mail.Cancellation(cal.Bytes())
			name, data, attach = "meeting_cancelled", mail.MeetingCancelled{Layout: layout, Meeting: meeting}, &c
		case m.State == tandem.MeetingAccepted:
			inv := mail.Invitation(cal.Bytes())
			name, data, attach = "meeting_accepted", mail.MeetingAccepted{Layout: layout, Meeting: meeting}, &inv
		case id == actor.ID:
			continue // a proposal or a move goes to the other person
		case !was.IsZero():
			inv := mail.Invitation(cal.Bytes())
			name, data, attach = "meeting_moved", mail.MeetingMoved{Layout: layout, Meeting: meeting, Was: was.In(loc)}, &inv
		default:
			name, data = "meeting_proposed", mail.MeetingProposed{Layout: layout, Meeting: meeting}
		}
		msg, err := render(name, data, to, org.Name, layout.SettingsURL)
		if err != nil {
			a.log.ErrorContext(ctx, "meeting email: render", "template", name, "err", err)
			continue
		}
		if attach != nil {
			msg.Attachments = append(msg.Attachments, *attach)
		}
		if err := a.getOutbox()(ctx, tx, fmt.Sprintf("%s/m%d/seq%d/u%d", name, m.ID, m.Sequence, id), msg); err != nil {
			return err
		}
	}
	return nil
}
