package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// eventForm is a valid form for an organisation-wide training a week after
// the test epoch (Mon 12 Oct 2026, 14:00 BST).
func eventForm(title string, capacity int) url.Values {
	return url.Values{"form": {"event"}, "kind": {"training"}, "title": {title}, "starts": {"2026-10-12T14:00"}, "minutes": {"120"},
		"place": {"Senate Room"}, "capacity": {fmt.Sprint(capacity)}, "audience": {"everyone"}}
}

func TestEventPagesBookWaitAndAttend(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		coord, mentor, mentee := w.as(t, w.coord), w.as(t, w.mentor), w.as(t, w.mentee)

		body := wantPage(t, coord, "/events/new", 200)
		wantAll(t, "the form to arrange events", body, `action="/events"`, `action="/events/slots"`, `<option value="`+fmt.Sprint(w.prog.ID)+`" >`+w.prog.Name,
			`id="slots-minutes" name="minutes" type="number" inputmode="numeric" value="45"`, `<option value="`+fmt.Sprint(w.coord.ID)+`" selected>Casey Coordinator`)
		bad := eventForm("", 1)
		bad.Set("url", "ftp://x")
		resp, body := coord.post("/events", bad)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("refused event: %d", resp.StatusCode)
		}
		wantAll(t, "the refused form", body, `id="event-title-error"`, "The title is required.", `id="event-url-error"`, `value="ftp://x"`,
			`id="slots-minutes" name="minutes" type="number" inputmode="numeric" value="45"`)
		if resp, _ := mentor.post("/events", eventForm("Open day", 5)); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("a participant arranging an event: %d", resp.StatusCode)
		}
		page := wantRedirect(t, coord, "/events", eventForm("Being a Mentor", 1), "/events/")
		id := strings.TrimPrefix(page, "/events/")

		body = wantPage(t, mentee, "/events", 200)
		wantAll(t, "the events list", body, `<a href="/events/`+id+`">Being a Mentor</a>`, "Mon 12 Oct 2026, 14:00", "1 place left of 1", "Book a place")
		wantRedirect(t, mentee, page+"/book", url.Values{}, page)
		body = wantPage(t, mentee, page, 200)
		wantAll(t, "the booked event", body, "You have a place.", "Cancel my place", page+"/ics")
		if got := flashOf(body); got != "You have a place. Add it to your calendar below." {
			t.Errorf("flash %q", got)
		}
		resp, cal := mentee.get(page + "/ics")
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") || !strings.Contains(cal, "SUMMARY:Being a Mentor") {
			t.Errorf("calendar file: %s\n%s", ct, cal)
		}
		wantRedirect(t, mentor, page+"/book", url.Values{}, page)
		body = wantPage(t, mentor, page, 200)
		wantAll(t, "the full event", body, "number <strong>1</strong> on the waiting list", "Leave the waiting list")
		if got := flashOf(body); !strings.Contains(got, "you are number 1 on the waiting list") {
			t.Errorf("flash %q", got)
		}
		if resp, _ := mentor.get(page + "/attendance"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a participant opening the attendance sheet: %d", resp.StatusCode)
		}
		body = wantPage(t, coord, page, 200)
		wantAll(t, "the coordinator's event page", body, "Run this event", "Mina Mentee", "Morgan Mentor", "Waiting (1)", "Change the details", "Cancel the event")
		wantAll(t, "the edit form", body, `id="edit-title" name="title" type="text" value="Being a Mentor"`, `id="edit-starts" name="starts" type="datetime-local" value="2026-10-12T14:00"`)
		edit := eventForm("Being a Mentor", 1)
		edit.Set("form", "edit")
		edit.Set("capacity", "0")
		resp, body = coord.post(page, edit)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="edit-capacity-error"`) || !strings.Contains(body, "<details open><summary>Change the details") {
			t.Fatalf("a refused edit comes back open with its error: %d %s", resp.StatusCode, alertOf(body))
		}
		edit.Set("capacity", "1")
		edit.Set("place", "Great Hall")
		wantRedirect(t, coord, page, edit, page)
		wantAll(t, "the edited event", wantPage(t, mentee, page, 200), "Great Hall")

		// The sheet opens at the start; the coordinator ticks who came.
		body = wantPage(t, coord, page+"/attendance", 200)
		wantAll(t, "the closed sheet", body, "The sheet opens 30 minutes before the start.", "disabled")
		w.env.Clock.Set(time.Date(2026, 10, 12, 14, 0, 0, 0, time.UTC))
		wantRedirect(t, coord, page+"/attendance", url.Values{"attended": {fmt.Sprint(w.mentee.ID)}}, page+"/attendance")
		body = wantPage(t, coord, page+"/attendance", 200)
		wantAll(t, "the sheet", body, "Attendance saved: 1 person attended.", `name="attended" value="`+fmt.Sprint(w.mentee.ID)+`" checked`)
		if !strings.Contains(wantPage(t, mentee, "/events?when=past", 200), "You attended") && !strings.Contains(wantPage(t, mentee, page, 200), "Attended") {
			t.Error("the mentee does not see that they attended")
		}
	})
}

func TestReverseMentoringJoinFormAndConversation(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		coord, mentor := w.as(t, w.coord), w.as(t, w.mentor)
		rev := w.env.MustProgramme(t, w.coord, "reverse")
		join := fmt.Sprintf("/programmes/%d/join", rev.ID)
		wantRedirect(t, coord, "/events", eventForm("Being a Mentor", 10), "/events/")

		// Morgan is a registered mentor in PaLS, but has not attended.
		body := wantPage(t, mentor, join+"?role=mentor", 200)
		wantAll(t, "the reverse-mentoring join form", body, "Before you can apply", "Mentors must have attended the “Being a Mentor” session.",
			"Book “Being a Mentor” on Mon 12 Oct 2026, 14:00")
		wantNone(t, "a registered mentor's join form", body, "Sign up as a mentor in")
		v := url.Values{"roles": {"mentor"}, "department": {"Physics"}, "career_stage": {"postdoc"}, "meeting_mode": {"either"}, "capacity": {"1"},
			"application": {"My experience of the organisation."}}
		resp, body := mentor.post(join, v)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "no record of your attendance") {
			t.Fatalf("blocked application: %d %s", resp.StatusCode, alertOf(body))
		}
		attendedHTTP(t, w, coord, mentor, "Being a Mentor")
		wantRedirect(t, mentor, join, v, fmt.Sprintf("/programmes/%d", rev.ID))

		ms, _ := w.env.App.Participants(t.Context(), w.coord, rev.ID, tandem.MembershipFilter{})
		decide := fmt.Sprintf("/programmes/%d/participants/%d/decide", rev.ID, ms[0].ID)
		body = wantPage(t, coord, fmt.Sprintf("/programmes/%d/participants", rev.ID), 200)
		wantAll(t, "the participants page", body, "Ask for a conversation", `name="decision" value="conversation"`)
		wantNone(t, "the participants page before any conversation", body, "Conversation asked")
		wantRedirect(t, coord, decide, url.Values{"decision": {"conversation"}, "message": {"Shall we meet on Tuesday?"}}, fmt.Sprintf("/programmes/%d/participants", rev.ID))
		body = wantPage(t, mentor, fmt.Sprintf("/programmes/%d", rev.ID), 200)
		wantAll(t, "the applicant's programme page", body, "Waiting for approval", "Casey Coordinator would like a conversation with you before deciding", "“Shall we meet on Tuesday?”")
		if resp, _ := coord.post(decide, url.Values{"decision": {"maybe"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an unknown decision: %d", resp.StatusCode)
		}
		wantRedirect(t, coord, decide, url.Values{"decision": {"approve"}}, fmt.Sprintf("/programmes/%d/participants", rev.ID))
		wantAll(t, "the approved applicant's page", wantPage(t, mentor, fmt.Sprintf("/programmes/%d", rev.ID), 200), "Approved")
	})
}

// attendedHTTP has the person book an event called title the coordinator
// arranges, and the coordinator record them as having attended, through the
// pages; the clock is put back afterwards.
func attendedHTTP(t *testing.T, w *pairWorld, coord, person *browser, title string) string {
	t.Helper()
	f := eventForm(title, 10)
	f.Set("starts", "2026-10-06T10:00")
	page := wantRedirect(t, coord, "/events", f, "/events/")
	wantRedirect(t, person, page+"/book", url.Values{}, page)
	now := w.env.Clock.Now()
	w.env.Clock.Set(time.Date(2026, 10, 6, 10, 0, 0, 0, time.UTC))
	defer w.env.Clock.Set(now)
	d, err := w.env.App.Event(t.Context(), w.coord, mustID(t, page))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range d.Bookings {
		ids = append(ids, fmt.Sprint(b.UserID))
	}
	wantRedirect(t, coord, page+"/attendance", url.Values{"attended": ids}, page+"/attendance")
	return page
}

func mustID(t *testing.T, page string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(page[strings.LastIndex(page, "/")+1:], "%d", &id); err != nil {
		t.Fatalf("no id in %s", page)
	}
	return id
}
