package app_test

import (
	"bytes"
	"context"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestMeetingInvitationsParse: the invitation of a meeting, and its update
// after a move, parse with an independent iCalendar parser (go-ical) into
// the same event: the UID is stable and the sequence grows, so a calendar
// replaces the old version. The calendar feed follows the person's meetings
// and stops working once revoked.
func TestMeetingInvitationsParse(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		// Meetings are entered in the organisation's time zone.
		org := must[*tandem.Organisation](t)(a.Organisation(ctx, e.Admin))
		var stages []string
		for _, s := range org.CareerStages {
			stages = append(stages, s.Label)
		}
		must[*tandem.Organisation](t)(a.UpdateOrganisation(ctx, e.Admin, app.OrganisationInput{Name: org.Name, Departments: org.Departments,
			CareerStages: stages, SupportLinks: org.SupportLinks, TimeZone: "Europe/London"}))
		pair := e.MustPair(t, nil, "activate", "Quinn Mentor", "Rae Mentee")
		id := pair.Partnership.ID
		m := must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, pair.Mentee, id, app.MeetingInput{Starts: "2026-10-12T14:30", Venue: "Café, level 2; by the window", Agenda: "Goals, first draft\nand a plan"}))
		parse := func(b []byte) *ical.Event {
			t.Helper()
			cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
			if err != nil {
				t.Fatalf("go-ical: %v\n%s", err, b)
			}
			evs := cal.Events()
			if len(evs) != 1 {
				t.Fatalf("%d events", len(evs))
			}
			return &evs[0]
		}
		first := parse(must[interface{ Bytes() []byte }](t)(a.MeetingCalendar(ctx, pair.Mentor, id, m.ID)).Bytes())
		must[*tandem.Meeting](t)(a.MoveMeeting(ctx, pair.Mentor, id, m.ID, app.MeetingInput{Starts: "2026-10-13T09:00", Minutes: 45, Venue: "Room 4"}))
		second := parse(must[interface{ Bytes() []byte }](t)(a.MeetingCalendar(ctx, pair.Mentee, id, m.ID)).Bytes())

		uid1, _ := first.Props.Text(ical.PropUID)
		uid2, _ := second.Props.Text(ical.PropUID)
		seq1, _ := first.Props.Get(ical.PropSequence).Int()
		seq2, _ := second.Props.Get(ical.PropSequence).Int()
		if uid1 == "" || uid1 != uid2 || seq2 <= seq1 {
			t.Fatalf("UID %q -> %q, sequence %d -> %d", uid1, uid2, seq1, seq2)
		}
		start, err := second.DateTimeStart(time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		end, _ := second.DateTimeEnd(time.UTC)
		want := time.Date(2026, 10, 13, 8, 0, 0, 0, time.UTC) // 09:00 British Summer Time
		if !start.Equal(want) || end.Sub(start) != 45*time.Minute {
			t.Fatalf("moved to %v-%v, want %v for 45 minutes", start, end, want)
		}
		if desc, _ := first.Props.Text(ical.PropDescription); !strings.Contains(desc, "Goals, first draft\nand a plan") {
			t.Fatalf("agenda lost in the description: %q", desc)
		}
		if loc, _ := first.Props.Text(ical.PropLocation); loc != "Café, level 2; by the window" {
			t.Fatalf("location: %q", loc)
		}

		// The feed: both meetings of the person, then nothing once revoked.
		link := must[string](t)(a.NewCalendarFeed(ctx, pair.Mentee))
		u, _ := url.Parse(link)
		token := strings.TrimSuffix(path.Base(u.Path), ".ics")
		feed := must[interface{ Bytes() []byte }](t)(a.CalendarFeed(ctx, token)).Bytes()
		cal, err := ical.NewDecoder(bytes.NewReader(feed)).Decode()
		if err != nil || len(cal.Events()) != 1 {
			t.Fatalf("feed: %v\n%s", err, feed)
		}
		if err := a.RevokeCalendarFeed(ctx, pair.Mentee); err != nil {
			t.Fatal(err)
		}
		_, err = a.CalendarFeed(ctx, token)
		wantCode(t, err, tandem.ENotFound)
	})
}
