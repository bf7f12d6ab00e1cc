// Package ics writes RFC 5545 iCalendar files for mentoring meetings, so that
// invitations by email and calendar feeds open in any calendar client.
package ics

import (
	"bytes"
	"io"
	"strconv"
	"time"
)

// ContentType is the media type to serve and attach calendars with; the
// charset matters because names and descriptions are UTF-8.
const ContentType = "text/calendar; charset=utf-8"

// prodID names the writer, as RFC 5545 requires of every calendar.
const prodID = "-//Tandem//Tandem mentoring//EN"

// Person is an organizer or attendee, addressed by email because calendar
// clients match replies and updates to people by their mailto: address.
type Person struct{ Name, Email string }

// Event is one meeting. Calendar clients replace an event they already hold
// when they see the same UID with a higher Sequence, so UID must stay stable
// and Sequence must grow with every change the attendees should see.
type Event struct {
	UID          string
	Sequence     int
	Start        time.Time // written in UTC, so no VTIMEZONE is needed
	End          time.Time // zero = omit
	Summary      string
	Description  string // any text: escaping and folding are done here
	Location     string
	URL          string
	Status       string // "CONFIRMED", "TENTATIVE" or "CANCELLED"; empty = omit
	Organizer    *Person
	Attendees    []Person
	Created      time.Time // zero = omit
	LastModified time.Time // zero = omit
	Stamp        time.Time // DTSTAMP, required: pass the clock's now, this package reads no clock
}

// Calendar is one iCalendar object: an invitation (Method "REQUEST"), a
// cancellation ("CANCEL") or a feed ("PUBLISH" or no method).
type Calendar struct {
	Name   string // X-WR-CALNAME, the name clients show for a subscribed feed
	Method string // "REQUEST", "CANCEL", "PUBLISH" or "" (omit)
	Events []Event
}

// Bytes returns the calendar as an iCalendar file. A calendar with no events
// is still written as a VCALENDAR, because a feed may be empty for a while.
func (c Calendar) Bytes() []byte {
	var b bytes.Buffer
	line(&b, "BEGIN:VCALENDAR")
	line(&b, "PRODID:"+prodID)
	line(&b, "VERSION:2.0")
	line(&b, "CALSCALE:GREGORIAN")
	if c.Method != "" {
		line(&b, "METHOD:"+stripControls(c.Method))
	}
	if c.Name != "" {
		line(&b, "X-WR-CALNAME:"+escapeText(c.Name))
	}
	for _, e := range c.Events {
		writeEvent(&b, e)
	}
	line(&b, "END:VCALENDAR")
	return b.Bytes()
}

// WriteTo writes the calendar to w, so a handler can stream it as a response.
func (c Calendar) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(c.Bytes())
	return int64(n), err
}

func writeEvent(b *bytes.Buffer, e Event) {
	line(b, "BEGIN:VEVENT")
	line(b, "UID:"+escapeText(e.UID))
	line(b, "DTSTAMP:"+utc(e.Stamp))
	line(b, "DTSTART:"+utc(e.Start))
	if !e.End.IsZero() {
		line(b, "DTEND:"+utc(e.End))
	}
	// SEQUENCE:0 is written too: a CANCEL must carry it (RFC 5546).
	line(b, "SEQUENCE:"+strconv.Itoa(e.Sequence))
	if e.Status != "" {
		line(b, "STATUS:"+stripControls(e.Status))
	}
	text(b, "SUMMARY", e.Summary)
	text(b, "DESCRIPTION", e.Description)
	text(b, "LOCATION", e.Location)
	if e.URL != "" {
		line(b, "URL:"+stripControls(e.URL))
	}
	if e.Organizer != nil {
		line(b, "ORGANIZER"+cn(e.Organizer.Name)+":"+mailto(e.Organizer.Email))
	}
	for _, a := range e.Attendees {
		line(b, "ATTENDEE"+cn(a.Name)+";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:"+mailto(a.Email))
	}
	if !e.Created.IsZero() {
		line(b, "CREATED:"+utc(e.Created))
	}
	if !e.LastModified.IsZero() {
		line(b, "LAST-MODIFIED:"+utc(e.LastModified))
	}
	line(b, "END:VEVENT")
}

// text writes a TEXT property, leaving it out when empty: clients treat a
// missing property and an empty one alike.
func text(b *bytes.Buffer, name, value string) {
	if value != "" {
		line(b, name+":"+escapeText(value))
	}
}

// utc formats t as a UTC date-time ("20260102T150405Z"), which every client
// reads without a VTIMEZONE.
func utc(t time.Time) string {
	return t.UTC().Format("20060102T150405Z")
}

func mailto(email string) string {
	return "mailto:" + stripControls(email)
}
