package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/ics"
	"github.com/tandemhq/tandem/internal/store"
)

// meetingEvent turns a meeting into a calendar event. It carries the time,
// the place and the agenda the pair set, for the pair's own calendars only.
func (a *App) meetingEvent(p *tandem.Partnership, m *tandem.Meeting, mentor, mentee *tandem.User) ics.Event {
	status := "CONFIRMED"
	switch {
	case m.State == tandem.MeetingCancelled:
		status = "CANCELLED"
	case m.State == tandem.MeetingProposed:
		status = "TENTATIVE"
	}
	loc := m.Venue
	if m.VideoURL != "" {
		loc = strings.TrimSpace(strings.Trim(loc+" · "+m.VideoURL, " ·"))
	}
	desc := p.ProgrammeName
	if m.Agenda != "" {
		desc += "\n\nAgenda:\n" + m.Agenda
	}
	if m.Message != "" {
		desc += "\n\n" + m.Message
	}
	ev := ics.Event{UID: m.UID, Sequence: m.Sequence, Start: m.StartsAt, End: m.EndsAt(), Summary: MeetingTitle(p),
		Description: desc, Location: loc, URL: fmt.Sprintf("%s/partnerships/%d/meetings/%d", a.baseURL, p.ID, m.ID),
		Status: status, Created: m.CreatedAt, LastModified: m.UpdatedAt, Stamp: a.Now()}
	if mentor != nil && mentee != nil {
		organizer := mentee
		if m.ProposedBy == mentor.ID {
			organizer = mentor
		}
		ev.Organizer = &ics.Person{Name: organizer.Name, Email: organizer.Email}
		ev.Attendees = []ics.Person{{Name: mentor.Name, Email: mentor.Email}, {Name: mentee.Name, Email: mentee.Email}}
	}
	return ev
}

// MeetingCalendar is one meeting's invitation (.ics): a request, or a
// cancellation once it is cancelled, with the meeting's stable UID so that
// a calendar replaces what it holds.
func (a *App) MeetingCalendar(ctx context.Context, actor *tandem.User, partnershipID, meetingID int64) (ics.Calendar, error) {
	p, _, err := partnershipOf(ctx, a.store, actor, partnershipID)
	if err != nil {
		return ics.Calendar{}, err
	}
	m, err := a.store.Meeting(ctx, p.ID, meetingID)
	if err != nil {
		return ics.Calendar{}, err
	}
	return a.calendarOf(ctx, a.store, p, m)
}

// calendarOf is the invitation (or cancellation) of meeting m as st reads
// it: inside a transaction, with the change not yet committed.
func (a *App) calendarOf(ctx context.Context, st *store.Store, p *tandem.Partnership, m *tandem.Meeting) (ics.Calendar, error) {
	mentor, err := st.User(ctx, p.MentorID)
	if err != nil {
		return ics.Calendar{}, err
	}
	mentee, err := st.User(ctx, p.MenteeID)
	if err != nil {
		return ics.Calendar{}, err
	}
	method := "REQUEST"
	if m.State == tandem.MeetingCancelled {
		method = "CANCEL"
	}
	return ics.Calendar{Method: method, Events: []ics.Event{a.meetingEvent(p, m, mentor, mentee)}}, nil
}

// CalendarFeedStatus says whether the actor has a calendar feed and since when.
func (a *App) CalendarFeedStatus(ctx context.Context, actor *tandem.User) (bool, error) {
	if err := requireUser(actor); err != nil {
		return false, err
	}
	since, err := a.store.CalendarFeedSince(ctx, actor.ID)
	return since != nil, err
}

// NewCalendarFeed makes the actor a private calendar feed URL of all their
// mentoring meetings. The URL is shown once; making a new one revokes the old.
func (a *App) NewCalendarFeed(ctx context.Context, actor *tandem.User) (string, error) {
	if err := requireUser(actor); err != nil {
		return "", err
	}
	token, hash := newToken()
	if err := a.store.SetCalendarFeed(ctx, actor.ID, hash, a.Now()); err != nil {
		return "", err
	}
	return a.baseURL + "/calendar/" + token + ".ics", nil
}

// RevokeCalendarFeed turns the actor's feed URL off.
func (a *App) RevokeCalendarFeed(ctx context.Context, actor *tandem.User) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	return a.store.RevokeCalendarFeed(ctx, actor.ID)
}

// CalendarFeed returns the calendar behind a feed token: the person's
// meetings from 90 days ago on, and the events they have a place at, cancelled ones included so that calendars
// drop them. An unknown or revoked token is "not found".
func (a *App) CalendarFeed(ctx context.Context, token string) (ics.Calendar, error) {
	userID, err := a.store.CalendarFeedUser(ctx, hashToken(token))
	if err != nil {
		return ics.Calendar{}, tandem.Errorf(tandem.ENotFound, "This calendar link is not valid: it may have been replaced.")
	}
	user, err := a.store.User(ctx, userID)
	if err != nil {
		return ics.Calendar{}, err
	}
	// The feed's reader is signed out: its token speaks for its owner.
	ctx = store.WithOrg(ctx, user.OrgID)
	ms, err := a.store.UserMeetings(ctx, userID, a.Now().AddDate(0, 0, -90))
	if err != nil {
		return ics.Calendar{}, err
	}
	cal := ics.Calendar{Name: "Mentoring: " + user.Name, Method: "PUBLISH"}
	partners := map[int64]*tandem.Partnership{}
	for i := range ms {
		p, ok := partners[ms[i].PartnershipID]
		if !ok {
			if p, err = a.store.Partnership(ctx, ms[i].PartnershipID); err != nil {
				return ics.Calendar{}, err
			}
			partners[p.ID] = p
		}
		cal.Events = append(cal.Events, a.meetingEvent(p, &ms[i], nil, nil))
	}
	// The events they have a place at, too (events.go).
	evs, err := a.bookedEvents(ctx, user, a.Now().AddDate(0, 0, -90))
	if err != nil {
		return ics.Calendar{}, err
	}
	cal.Events = append(cal.Events, evs...)
	return cal, nil
}
