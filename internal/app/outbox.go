package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// Outbox takes an email to send later from a durable job, under a key that
// names it once (a second email with the same key is not sent). st is the
// store the change was written through: inside a transaction (store.InTx) the
// email is queued in it, so it is sent if and only if the change commits.
type Outbox func(ctx context.Context, st *store.Store, key string, msg *mail.Message) error

var outboxMu sync.Mutex

// SetOutbox gives the app the queue that sends event emails (serve wires the
// job runner here once it exists). Without one, events send no email.
func (a *App) SetOutbox(o Outbox) {
	outboxMu.Lock()
	a.outbox = o
	outboxMu.Unlock()
}

func (a *App) getOutbox() Outbox {
	outboxMu.Lock()
	defer outboxMu.Unlock()
	return a.outbox
}

// notify queues an email about an event through st, usually the transaction
// that records the event. A template that fails to render is logged, not
// returned (the change stands without its email); a queue that refuses is
// returned, so the change and its email stand or fall together.
func (a *App) notify(ctx context.Context, st *store.Store, key string, name string, data any, to *tandem.User, orgName, settingsURL string) error {
	o := a.getOutbox()
	if o == nil || to == nil {
		return nil
	}
	msg, err := render(name, data, to, orgName, settingsURL)
	if err != nil {
		a.log.ErrorContext(ctx, "email not rendered", "key", key, "err", err)
		return nil
	}
	return o(ctx, st, key, msg)
}

// notifyWelfare tells every handler of a welfare concern at once (000:
// "significant and immediate risk"): the programme's coordinators and the
// organisation's admins. The email says that a concern was raised, never
// who raised it or what it says. It cannot be switched off.
func (a *App) notifyWelfare(ctx context.Context, st *store.Store, c *tandem.Concern) error {
	if a.getOutbox() == nil {
		return nil
	}
	org, err := st.Organisation(ctx, c.OrgID)
	if err != nil {
		return err
	}
	people, err := st.ListUsers(ctx, c.OrgID, "", 10000)
	if err != nil {
		return err
	}
	loc := a.orgLocation(ctx, a.store, c.OrgID)
	for i := range people {
		u := &people[i]
		if ok, err := a.canHandle(ctx, u, c, nil); err != nil {
			return err
		} else if !ok {
			continue
		}
		data := mail.WelfareConcern{Layout: mail.Layout{Org: org.Name, Name: u.Name, ActionURL: fmt.Sprintf("%s/concerns/%d", a.baseURL, c.ID),
			SupportLinks: org.SupportLinks}, Programme: c.ProgrammeName, RaisedAt: c.CreatedAt.In(loc)}
		if err := a.notify(ctx, st, fmt.Sprintf("welfare/c%d/u%d", c.ID, u.ID), "welfare_concern", data, u, org.Name, ""); err != nil {
			return err
		}
	}
	return nil
}

// notifyIntroductions tells both members of each new pair that they have
// been introduced, and that the mentee leads (001).
func (a *App) notifyIntroductions(ctx context.Context, st *store.Store, orgID int64, prog *tandem.Programme, ps []tandem.Partnership) error {
	if a.getOutbox() == nil {
		return nil
	}
	org, err := st.Organisation(ctx, orgID)
	if err != nil {
		return err
	}
	for i := range ps {
		p := &ps[i]
		for _, id := range []int64{p.MentorID, p.MenteeID} {
			to, err := st.User(ctx, id)
			if err != nil {
				return err
			}
			partner := p.MenteeName
			if id == p.MenteeID {
				partner = p.MentorName
			}
			data := mail.IntroductionMade{Layout: mail.Layout{Org: org.Name, Name: to.Name, ActionURL: fmt.Sprintf("%s/partnerships/%d", a.baseURL, p.ID),
				SettingsURL: a.baseURL + "/profile/reminders", SupportLinks: org.SupportLinks}, Programme: prog.Name, Partner: partner, Mentee: id == p.MenteeID}
			if err := a.notify(ctx, st, fmt.Sprintf("introduction_made/p%d/u%d", p.ID, id), "introduction_made", data, to, org.Name, a.baseURL+"/profile/reminders"); err != nil {
				return err
			}
		}
	}
	return nil
}
