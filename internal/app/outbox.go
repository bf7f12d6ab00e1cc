package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
)

// Outbox takes an email to send later from a durable job, under a key that
// names it once (a second email with the same key is not sent).
type Outbox func(ctx context.Context, key string, msg *mail.Message) error

var outboxMu sync.Mutex

// SetOutbox gives the app the queue that sends event emails (serve wires the
// job runner here once it exists). Without one, events send no email.
func (a *App) SetOutbox(o Outbox) {
	outboxMu.Lock()
	a.outbox = o
	outboxMu.Unlock()
}

// notify enqueues an email about an event. An email that cannot be queued is
// logged, not returned: the action it tells of has already happened.
func (a *App) notify(ctx context.Context, key string, name string, data any, to *tandem.User, orgName, settingsURL string) {
	outboxMu.Lock()
	o := a.outbox
	outboxMu.Unlock()
	if o == nil || to == nil {
		return
	}
	msg, err := render(name, data, to, orgName, settingsURL)
	if err == nil {
		err = o(ctx, key, msg)
	}
	if err != nil {
		a.log.ErrorContext(ctx, "email not queued", "key", key, "err", err)
	}
}

// notifyWelfare tells every handler of a welfare concern at once (000:
// "significant and immediate risk"): the programme's coordinators and the
// organisation's admins. The email says that a concern was raised, never
// who raised it or what it says. It cannot be switched off.
func (a *App) notifyWelfare(ctx context.Context, c *tandem.Concern) {
	org, err := a.store.Organisation(ctx, c.OrgID)
	if err != nil {
		a.log.ErrorContext(ctx, "welfare email: organisation", "err", err)
		return
	}
	people, err := a.store.ListUsers(ctx, c.OrgID, "", 10000)
	if err != nil {
		a.log.ErrorContext(ctx, "welfare email: people", "err", err)
		return
	}
	loc := a.orgLocation(ctx, a.store, c.OrgID)
	for i := range people {
		u := &people[i]
		if ok, err := a.canHandle(ctx, u, c, nil); err != nil || !ok {
			continue
		}
		data := mail.WelfareConcern{Layout: mail.Layout{Org: org.Name, Name: u.Name, ActionURL: fmt.Sprintf("%s/concerns/%d", a.baseURL, c.ID),
			SupportLinks: org.SupportLinks}, Programme: c.ProgrammeName, RaisedAt: c.CreatedAt.In(loc)}
		a.notify(ctx, fmt.Sprintf("welfare/c%d/u%d", c.ID, u.ID), "welfare_concern", data, u, org.Name, "")
	}
}

// notifyIntroductions tells both members of each new pair that they have
// been introduced, and that the mentee leads (001).
func (a *App) notifyIntroductions(ctx context.Context, orgID int64, prog *tandem.Programme, ps []tandem.Partnership) {
	org, err := a.store.Organisation(ctx, orgID)
	if err != nil {
		a.log.ErrorContext(ctx, "introduction email: organisation", "err", err)
		return
	}
	for i := range ps {
		p := &ps[i]
		for _, id := range []int64{p.MentorID, p.MenteeID} {
			to, err := a.store.User(ctx, id)
			if err != nil {
				continue
			}
			partner := p.MenteeName
			if id == p.MenteeID {
				partner = p.MentorName
			}
			data := mail.IntroductionMade{Layout: mail.Layout{Org: org.Name, Name: to.Name, ActionURL: fmt.Sprintf("%s/partnerships/%d", a.baseURL, p.ID),
				SettingsURL: a.baseURL + "/profile/reminders", SupportLinks: org.SupportLinks}, Programme: prog.Name, Partner: partner, Mentee: id == p.MenteeID}
			a.notify(ctx, fmt.Sprintf("introduction_made/p%d/u%d", p.ID, id), "introduction_made", data, to, org.Name, a.baseURL+"/profile/reminders")
		}
	}
}
