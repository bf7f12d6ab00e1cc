package main

// Events and reverse mentoring (issue 7) in real Chromium: a coordinator
// arranges "Being a Mentor"; a registered mentor finds the reverse-mentoring
// form blocked, follows its link and books; two people press "Book a
// place" for the last place at the same moment and exactly one gets it,
// the other is put on the waiting list and sees its number; the
// coordinator ticks who came on the attendance sheet; the mentor's
// application then goes through, the coordinator approves it and the
// mentor reads "Approved".
//
// Like browser_partnership_test.go, it runs over newPairWorld's test server
// (the clock moves to the event's start) and on PostgreSQL too when
// TANDEM_TEST_POSTGRES_URL is set.
//
//	TANDEM_REQUIRE_BROWSER=1 TANDEM_SCREENSHOTS=/tmp/shots go test ./cmd/tandem/ -run BrowserEvents -v

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func TestBrowserEvents(t *testing.T) {
	chromium := browserExecPath(t)
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		browserEvents(t, chromium, db)
	})
}

func browserEvents(t *testing.T, chromium string, db *store.DB) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*browserTimeout)
	defer cancel()
	w := newPairWorld(t, db) // Casey Coordinator runs PaLS; Morgan Mentor is an approved mentor there
	rev := w.env.MustProgramme(t, w.coord, "reverse")
	pat := w.env.MustUser(t, "Pat Participant", tandem.RoleMember)
	first := newBrowserSession(t, ctx, chromium, w.srv.URL)
	coord := browserPerson{first, w.coord}
	mentor := browserPerson{first.newContext(t), w.mentor}
	racers := []browserPerson{{first.newContext(t), w.mentee}, {first.newContext(t), pat}}
	var (
		h1       = cssEl("main h1")
		flash    = cssEl("main .flash")
		state    = cssEl("main .booking-state")
		revURL   = fmt.Sprintf("/programmes/%d", rev.ID)
		joinURL  = revURL + "/join?role=mentor"
		eventURL string
		winner   browserPerson // who got the last place
	)
	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, f) {
			t.FailNow()
		}
	}

	step("the coordinator arranges Being a Mentor with two places", func(t *testing.T) {
		coord.signInAt(t, "/events/new")
		coord.wantText(t, h1, "Arrange an event")
		coord.fill(t, "event-title", "Being a Mentor")
		coord.setValue(t, "event-starts", "2026-10-12T14:00")
		coord.setValue(t, "event-minutes", "180")
		coord.fill(t, "event-place", "Senate Room")
		coord.setValue(t, "event-capacity", "2")
		coord.submit(t, textEl("button", "Arrange the event"))
		eventURL = coord.wantPathMatch(t, `^/events/[0-9]+$`)
		coord.wantText(t, flash, "“Being a Mentor” is arranged. Everyone it is for can now book a place.")
		coord.wantText(t, h1, "Being a Mentor")
	})

	step("the reverse-mentoring form names the missing session and links to it", func(t *testing.T) {
		mentor.signInAt(t, joinURL)
		mentor.wantText(t, h1, "Join Reverse mentoring")
		mentor.wantTextContains(t, cssEl("main .prereq-box"), "Mentors must have attended the “Being a Mentor” session.")
		if mentor.present(t, "main .prereq-registered_mentor") {
			t.Error("a registered mentor is told to register as a mentor")
		}
		mentor.screenshot(t, "events-01-reverse-blocked")
		mentor.follow(t, textEl("a", "Book “Being a Mentor” on Mon 12 Oct 2026, 14:00"))
		mentor.wantPath(t, eventURL)
		mentor.wantTextContains(t, cssEl("main #booking"), "2 places are left.")
		mentor.submit(t, textEl("button", "Book a place"))
		mentor.wantText(t, flash, "You have a place. Add it to your calendar below.")
		mentor.wantText(t, state, "Booked You have a place.")
	})

	step("two people book the last place at the same moment: one wins, one waits", func(t *testing.T) {
		for _, p := range racers {
			p.signInAt(t, eventURL)
			p.wantTextContains(t, cssEl("main #booking"), "1 place is left.")
		}
		var wg sync.WaitGroup
		errs := make([]error, len(racers))
		press := textEl("button", "Book a place")
		for i, p := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sctx, cancel := p.step()
				defer cancel()
				_, errs[i] = chromedp.RunResponse(sctx, press.click)
			}()
		}
		wg.Wait()
		won, waiting := 0, -1
		for i, p := range racers {
			if errs[i] != nil {
				t.Fatalf("%s pressing Book a place: %v", p.user.Name, errs[i])
			}
			p.wantPath(t, eventURL)
			switch got := p.text(t, state); got {
			case "Booked You have a place.":
				won++
			case "Waiting list You are number 1 on the waiting list. If a place comes free, it is yours and we will email you.":
				waiting = i
				p.wantText(t, flash, "The event is full: you are number 1 on the waiting list. If a place comes free, it is yours and we will email you.")
			default:
				t.Errorf("%s reads %q", p.user.Name, got)
			}
		}
		if won != 1 || waiting < 0 {
			t.Fatalf("%d got the last place, waiting: %d; want exactly one each", won, waiting)
		}
		loser := racers[waiting]
		winner = racers[1-waiting]
		loser.open(t, "/events")
		loser.wantTextContains(t, cssEl("main .event-card .event-status"), "Waiting list: number 1")
		loser.screenshot(t, "events-02-list-waiting")
		coord.open(t, "/events")
		coord.wantTextContains(t, cssEl("main .event-card .event-status"), "Full · 1 waiting")
		coord.screenshot(t, "events-03-list-coordinator")
	})

	step("the coordinator records attendance once the session starts", func(t *testing.T) {
		w.env.Clock.Set(time.Date(2026, 10, 12, 13, 5, 0, 0, time.UTC)) // 14:05 in London
		coord.open(t, eventURL)
		coord.follow(t, textEl("a", "Attendance sheet"))
		coord.wantText(t, h1, "Attendance sheet")
		coord.click(t, xpathEl(fmt.Sprintf(`//input[@name="attended"][@value="%d"]`, w.mentor.ID)))
		coord.submit(t, textEl("button", "Save attendance"))
		coord.wantText(t, flash, "Attendance saved: 1 person attended.")
		if !coord.checked(t, fmt.Sprintf(`input[name="attended"][value="%d"]`, w.mentor.ID)) {
			t.Error("the mentor is not ticked after saving")
		}
		coord.screenshot(t, "events-04-attendance")
	})

	step("the one with the last place checks in themself", func(t *testing.T) {
		winner.open(t, eventURL)
		winner.submit(t, textEl("button", "Check in: I am here"))
		winner.wantText(t, flash, "You are checked in. Welcome!")
		winner.wantText(t, state, "Booked You have a place. Checked in")
		coord.open(t, eventURL+"/attendance")
		coord.wantTextContains(t, xpathEl(fmt.Sprintf(`//li[.//input[@value="%d"]]`, winner.user.ID)), "Checked in themself")
		if !coord.checked(t, fmt.Sprintf(`input[name="attended"][value="%d"]`, winner.user.ID)) {
			t.Error("a person who checked in is not ticked on the sheet")
		}
	})

	step("the mentor's application now goes through", func(t *testing.T) {
		mentor.open(t, joinURL)
		if mentor.present(t, "main .prereq-box") {
			t.Errorf("the form still names a missing prerequisite: %s", mentor.text(t, cssEl("main .prereq-box")))
		}
		mentor.fill(t, "application", "I will share my experience of joining the university from industry.")
		mentor.submit(t, textEl("button", "Send application"))
		mentor.wantPath(t, revURL)
		mentor.wantText(t, flash, "Your application to Reverse mentoring is with the coordinator, who will let you know.")
		mentor.wantText(t, cssEl("main table tbody tr td .badge"), "Waiting for approval")
	})

	step("the coordinator accepts it and the mentor reads Approved", func(t *testing.T) {
		coord.open(t, revURL+"/participants")
		coord.submit(t, cssEl(`button[aria-label="Approve Morgan Mentor as mentor"]`))
		coord.wantText(t, flash, "Morgan Mentor is approved as a mentor.")
		mentor.open(t, revURL)
		mentor.wantText(t, cssEl("main table tbody tr td .badge"), "Approved")
	})

	step("the events pages fit a phone", func(t *testing.T) {
		mentor.phone(t)
		mentor.open(t, "/events")
		mentor.noHorizontalOverflow(t)
		mentor.screenshot(t, "events-05-list-phone")
		coord.phone(t)
		for _, path := range []string{eventURL, eventURL + "/attendance", "/events/new"} {
			coord.open(t, path)
			coord.noHorizontalOverflow(t)
		}
		coord.screenshot(t, "events-06-new-phone")
	})
}
