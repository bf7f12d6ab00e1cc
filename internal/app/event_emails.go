package app

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
)

// mailEvent is an event as its emails describe it, in the organisation's time.
func mailEvent(e *tandem.Event, loc *time.Location) mail.Event {
	where := e.Place
	if e.URL != "" {
		if where == "" {
			where = "Online"
		} else {
			where += " or online"
		}
	}
	return mail.Event{Title: e.Title, Start: e.StartsAt.In(loc), Minutes: e.Minutes, Where: where}
}

// eventEmails sends one email about an event to each person, with its
// calendar file attached; key names the email once per person.
func (a *App) eventEmails(ctx context.Context, e *tandem.Event, bs []tandem.Booking, name, key string, data func(l mail.Layout, ev mail.Event) any, attach func([]byte) mail.Attachment) {
	outboxMu.Lock()
	o := a.outbox
	outboxMu.Unlock()
	if o == nil || e == nil || len(bs) == 0 {
		return
	}
	org, err := a.store.Organisation(ctx, e.OrgID)
	if err != nil {
		a.log.ErrorContext(ctx, "event email: organisation", "err", err)
		return
	}
	loc := a.orgLocation(ctx, a.store, org.ID)
	cal := a.eventCalendar(ctx, e).Bytes()
	for _, b := range bs {
		to, err := a.store.User(ctx, b.UserID)
		if err != nil {
			continue
		}
		l := mail.Layout{Org: org.Name, Name: to.Name, ActionURL: fmt.Sprintf("%s/events/%d", a.baseURL, e.ID), SupportLinks: org.SupportLinks}
		if name == "event_cancelled" {
			l.ActionURL = a.baseURL + "/events"
		}
		msg, err := render(name, data(l, mailEvent(e, loc)), to, org.Name, "")
		if err != nil {
			a.log.ErrorContext(ctx, "event email: render", "template", name, "err", err)
			continue
		}
		msg.Attachments = append(msg.Attachments, attach(cal))
		// Queued after the booking's transaction (a.store), not in it.
		if err := o(ctx, a.store, fmt.Sprintf("%s/e%d/%s/u%d", name, e.ID, key, to.ID), msg); err != nil {
			a.log.ErrorContext(ctx, "email not queued", "template", name, "err", err)
		}
	}
}

// placeOffered tells the people taken off the waiting list that the place
// is theirs.
func (a *App) placeOffered(ctx context.Context, e *tandem.Event, promoted []tandem.Booking) {
	for _, b := range promoted {
		a.eventEmails(ctx, e, []tandem.Booking{b}, "event_place", fmt.Sprintf("b%d-%d", b.ID, a.Now().Unix()),
			func(l mail.Layout, ev mail.Event) any { return mail.EventPlace{Layout: l, Event: ev} }, mail.Invitation)
	}
}

// eventCancelled tells everyone booked or waiting that the event is off.
func (a *App) eventCancelled(ctx context.Context, e *tandem.Event, told []tandem.Booking) {
	a.eventEmails(ctx, e, told, "event_cancelled", fmt.Sprintf("seq%d", e.Sequence),
		func(l mail.Layout, ev mail.Event) any {
			return mail.EventCancelled{Layout: l, Event: ev, Message: e.CancelMessage}
		}, mail.Cancellation)
}

// eventChanged tells everyone booked or waiting of a new time or place,
// with the updated event; was is the start before, when it moved.
func (a *App) eventChanged(ctx context.Context, e *tandem.Event, told []tandem.Booking, was time.Time) {
	a.eventEmails(ctx, e, told, "event_changed", fmt.Sprintf("seq%d", e.Sequence), func(l mail.Layout, ev mail.Event) any {
		w := time.Time{}
		if !was.IsZero() {
			w = was.In(ev.Start.Location())
		}
		return mail.EventChanged{Layout: l, Event: ev, Was: w}
	}, mail.Invitation)
}
