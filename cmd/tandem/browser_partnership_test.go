package main

// The life of a partnership (issue 4) in real Chromium: a PaLS mentor and
// mentee confirm their introduction, write and sign their agreement, plan and
// hold two meetings, keep notes, set a goal and follow up its actions, review
// the partnership, renew it at the term's end and close it at the next one
// with a closing record and feedback; a second pair withdraws; and the
// coordinator sees dates and counts, never what the pairs wrote.
//
// The server runs over a test environment whose clock the test moves (the
// term choice opens 30 days before a term ends, a meeting is confirmed only
// after it starts), so it is newPairWorld's httptest server rather than
// `tandem serve`. The mentor and the mentee each have a browser context of
// their own (their own cookies) in one Chromium, which they later hand on to
// the second pair and the coordinator by signing out. It reuses
// browser_test.go's helpers, and skips or fails without Chromium just as that
// suite does; with TANDEM_TEST_POSTGRES_URL it runs on PostgreSQL too.
//
//	TANDEM_REQUIRE_BROWSER=1 TANDEM_SCREENSHOTS=/tmp/shots go test ./cmd/tandem/ -run BrowserPartnershipLife -v

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// Words only the pair writes. The coordinator's page must show none of them.
const (
	agreementMark = "AGREEMENT-MARK-5521"
	agendaMark    = "AGENDA-MARK-3172"
	messageMark   = "MESSAGE-MARK-6150"
	noteMark      = "NOTE-MARK-8830"
	privateMark   = "PRIVATE-MARK-7731"
	goalMark      = "GOAL-MARK-1907"
	actionMark    = "ACTION-MARK-6644"
	reviewMark    = "REVIEW-MARK-2468"
	closureMark   = "CLOSURE-MARK-4012"
	feedbackMark  = "FEEDBACK-MARK-4411"
	// The second pair's reason for withdrawing reaches the coordinator alone.
	reasonMark = "REASON-MARK-9090"
)

func TestBrowserPartnershipLife(t *testing.T) {
	chromium := browserExecPath(t)
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		browserPartnershipLife(t, chromium, db)
	})
}

func browserPartnershipLife(t *testing.T, chromium string, db *store.DB) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*browserTimeout) // a longer walk than the others
	defer cancel()
	w := newPairWorld(t, db) // Morgan Mentor and Mina Mentee, introduced on Mon 5 Oct 2026 at 09:00 UTC
	clock, started := w.env.Clock, w.env.Clock.Now()
	first := newBrowserSession(t, ctx, chromium, w.srv.URL)
	mentor := browserPerson{first, w.mentor}
	mentee := browserPerson{first.newContext(t), w.mentee}
	const (
		mentorName = "Morgan Mentor"
		menteeName = "Mina Mentee"
	)
	var (
		h1     = cssEl("main h1")
		flash  = cssEl("main .flash")
		state  = cssEl("main h1 + p .badge")
		todo   = cssEl("main #todo")
		base   = w.base
		m1, m2 string // the two meetings' ids
	)
	fact := func(label string) element {
		return xpathEl(fmt.Sprintf(`//main//dl[contains(@class,"facts")]/dt[normalize-space()=%q]/following-sibling::dd[1]`, label))
	}
	inMeeting := func(id, tag, text string) element {
		return xpathEl(fmt.Sprintf(`//article[@id="meeting-%s"]//%s[normalize-space()=%q]`, id, tag, text))
	}
	prepareLink := func(id string) element {
		return xpathEl(fmt.Sprintf(`//article[@id="meeting-%s"]//a[starts-with(normalize-space(),"Prepare")]`, id))
	}
	summary := func(text string) element { return textEl("summary", text) }
	rated := xpathEl(`//main//p[starts-with(normalize-space(),"You rated the programme")]`)

	step := func(name string, f func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, f) {
			t.FailNow()
		}
	}

	step("each signs in and finds the introduction", func(t *testing.T) {
		mentor.signInAt(t, "/")
		mentor.wantText(t, h1, "Hello, "+mentorName)
		mentor.wantText(t, cssEl(fmt.Sprintf("#ps-%d", w.partnership.ID)), "Your mentee: "+menteeName)
		mentee.signInAt(t, base)
		mentee.wantText(t, h1, "Your mentor: "+mentorName)
		mentee.wantText(t, state, "Introduced")
	})

	step("the mentor confirms on the dashboard", func(t *testing.T) {
		mentor.submit(t, textEl("button", "Confirm the match"))
		mentor.wantPath(t, "/")
		mentor.wantText(t, flash, "You confirmed the match with "+menteeName+".")
		mentor.wantTextContains(t, cssEl(fmt.Sprintf(`section[aria-labelledby="ps-%d"]`, w.partnership.ID)), "You confirmed Waiting for "+menteeName+".")
	})

	step("the mentee confirms in the workspace and the term starts", func(t *testing.T) {
		mentee.wantTextContains(t, todo, "Confirm the match with "+mentorName)
		mentee.submit(t, textEl("button", "Confirm the match"))
		mentee.wantPath(t, base)
		mentee.wantText(t, flash, "You both confirmed: your partnership with "+mentorName+" is active.")
		mentee.wantText(t, state, "Active")
		mentee.wantText(t, fact("Started"), "5 Oct 2026")
		mentee.wantText(t, fact("Term ends"), "5 Oct 2027 (term 1, renewable)")
		mentee.wantTextContains(t, todo, "Write your mentoring agreement together.")
	})

	step("the mentee drafts the agreement from the programme's template", func(t *testing.T) {
		mentee.follow(t, textEl("a", "Write the agreement"))
		mentee.wantPath(t, base+"/agreement")
		mentee.wantText(t, h1, "Mentoring agreement")
		mentee.fill(t, "section-topics", agreementMark+" careers outside academia")
		mentee.fill(t, "section-meetings", "Monthly, in the library")
		mentee.submit(t, textEl("button", "Save the agreement"))
		mentee.wantPath(t, base+"/agreement")
		mentee.wantText(t, flash, "Your agreement is saved as version 1. When you both agree with it, each of you signs it.")
		mentee.wantText(t, cssEl("#current-h"), "Version 1 Not yet signed by both")
	})

	step("the mentor edits the draft", func(t *testing.T) {
		// Later that day: the handler tells "nothing had changed" from
		// "saved" by the version's timestamp, which a clock that never moves
		// leaves equal.
		clock.Advance(2 * time.Hour)
		mentor.open(t, base)
		mentor.wantTextContains(t, cssEl("#agreement"), "Version 1: a draft, not signed yet.")
		mentor.follow(t, textEl("a", "Read the agreement"))
		mentor.wantTextContains(t, cssEl(".agreement-text"), agreementMark+" careers outside academia")
		mentor.click(t, summary("Change the agreement"))
		if got := mentor.value(t, "section-topics"); got != agreementMark+" careers outside academia" {
			t.Errorf("the form's topics = %q, want the mentee's text", got)
		}
		mentor.fill(t, "section-boundaries", "No advice on marking")
		mentor.submit(t, textEl("button", "Save the agreement"))
		mentor.wantText(t, flash, "Your agreement is saved as version 1. When you both agree with it, each of you signs it.")
		mentor.wantTextContains(t, cssEl(".agreement-text"), "No advice on marking")
	})

	step("both sign, and the printable page shows both signatures", func(t *testing.T) {
		mentor.submit(t, textEl("button", "Sign and date version 1"))
		mentor.wantText(t, flash, "You signed version 1. It is agreed once you have both signed.")
		mentor.wantTextContains(t, cssEl("#current-h ~ p"), "You signed this version Waiting for "+menteeName+" to sign.")

		mentee.open(t, base)
		mentee.follow(t, xpathEl(`//main//ul[contains(@class,"todo")]//a[normalize-space()="Read and sign version 1 of your agreement."]`))
		mentee.wantPath(t, base+"/agreement")
		mentee.wantTextContains(t, cssEl(".agreement-text"), "No advice on marking")
		mentee.submit(t, textEl("button", "Sign and date version 1"))
		mentee.wantText(t, flash, "You have both signed version 1: your agreement is in place.")
		mentee.wantText(t, cssEl("#current-h"), "Version 1 Agreed")

		mentee.follow(t, textEl("a", "Printable version"))
		mentee.wantPath(t, base+"/agreement/print")
		sigs := mentee.texts(t, ".signature")
		want := []string{mentorName + ", mentor Signed in Tandem on 5 Oct 2026", menteeName + ", mentee Signed in Tandem on 5 Oct 2026"}
		if strings.Join(sigs, "|") != strings.Join(want, "|") {
			t.Errorf("signatures %q, want %q", sigs, want)
		}
		mentee.wantTextContains(t, cssEl(".agreement-doc"), agreementMark)
		if mentee.present(t, `form[action="/signout"]`) {
			t.Error("the printable page carries the site's navigation")
		}
		mentee.screenshot(t, "partnership-01-agreement-print")
	})

	step("the mentee proposes two meetings", func(t *testing.T) {
		mentee.open(t, base)
		mentee.setValue(t, "propose-starts", "2026-10-20T14:00")
		mentee.fill(t, "propose-venue", "Library café")
		mentee.fill(t, "propose-agenda", agendaMark+" my thesis plan")
		mentee.submit(t, textEl("button", "Propose this meeting"))
		mentee.wantText(t, flash, "You proposed a meeting on Tue 20 Oct 2026, 14:00. It is confirmed once the other person accepts it.")
		m1 = mentee.anchor(t, "meeting-")

		mentee.setValue(t, "propose-starts", "2026-11-03T10:00")
		mentee.fill(t, "propose-video_url", "https://video.example/room-7")
		mentee.submit(t, textEl("button", "Propose this meeting"))
		mentee.wantText(t, flash, "You proposed a meeting on Tue 3 Nov 2026, 10:00. It is confirmed once the other person accepts it.")
		m2 = mentee.anchor(t, "meeting-")
		if m1 == m2 {
			t.Fatalf("both proposals landed on meeting %s", m1)
		}
		mentee.wantTextContains(t, cssEl("#meeting-"+m1), "You proposed this time; waiting for "+mentorName+" to accept it or suggest another.")
		if mentee.present(t, "#meeting-"+m1+" form[action$='/accept']") {
			t.Error("the proposer is offered to accept their own proposal")
		}
	})

	step("the mentor suggests another time for one and accepts the other", func(t *testing.T) {
		mentor.open(t, base)
		mentor.wantTextContains(t, todo, menteeName+" proposed a meeting on Tue 20 Oct 2026, 14:00: accept it or suggest another time.")
		mentor.wantTextContains(t, cssEl("#meeting-"+m1), agendaMark+" my thesis plan")
		mentor.click(t, inMeeting(m1, "summary", "Suggest another time or place"))
		mentor.setValue(t, "move-"+m1+"-starts", "2026-10-21T15:00")
		mentor.fill(t, "move-"+m1+"-message", messageMark+" I teach on Tuesdays")
		mentor.submit(t, inMeeting(m1, "button", "Suggest this time"))
		mentor.wantPath(t, base+"#meeting-"+m1)
		mentor.wantText(t, flash, "You suggested another time. The meeting is confirmed once the other person accepts it.")

		mentor.submit(t, inMeeting(m2, "button", "Accept this time"))
		mentor.wantPath(t, base+"#meeting-"+m2)
		mentor.wantText(t, flash, "Accepted. Add it to your calendar with the .ics file below.")
		mentor.wantText(t, cssEl("#meeting-"+m2+"-h"), "Tue 3 Nov 2026, 10:00 Accepted")
	})

	step("the mentee accepts the moved meeting", func(t *testing.T) {
		mentee.open(t, base)
		mentee.wantText(t, cssEl("#meeting-"+m1+"-h"), "Wed 21 Oct 2026, 15:00 Proposed")
		mentee.wantText(t, cssEl("#meeting-"+m1+" .message"), "Message: "+messageMark+" I teach on Tuesdays")
		mentee.submit(t, inMeeting(m1, "button", "Accept this time"))
		mentee.wantText(t, flash, "Accepted. Add it to your calendar with the .ics file below.")
		mentee.wantText(t, cssEl("#meeting-"+m1+"-h"), "Wed 21 Oct 2026, 15:00 Accepted")
		mentee.wantText(t, fact("Next meeting"), "Wed 21 Oct 2026, 15:00 (Accepted)")
		mentee.screenshot(t, "partnership-02-workspace")
	})

	step("after the first meeting the mentor confirms it took place", func(t *testing.T) {
		clock.Set(time.Date(2026, 10, 22, 9, 0, 0, 0, time.UTC)) // both sessions have expired
		mentor.signInAt(t, base)
		mentor.wantTextContains(t, todo, "Did your meeting on Wed 21 Oct 2026, 15:00 take place?")
		mentor.submit(t, textEl("button", "Yes, it took place"))
		mentor.wantText(t, flash, "Thank you: the meeting is recorded as having taken place. The coordinator sees that it happened, never what was said.")
		mentor.wantText(t, fact("Last contact"), "21 Oct 2026")
		mentor.wantText(t, fact("Next meeting"), "Tue 3 Nov 2026, 10:00 (Accepted)")
	})

	step("the mentee sets a goal", func(t *testing.T) {
		mentee.signInAt(t, base)
		mentee.click(t, summary("Add a goal"))
		mentee.fill(t, "goal-title", goalMark+" a fellowship application")
		mentee.submit(t, textEl("button", "Add the goal"))
		mentee.wantText(t, flash, "The goal is added to your development plan.")
		id := mentee.anchor(t, "goal-")
		mentee.wantText(t, cssEl("#goal-"+id+"-h"), goalMark+" a fellowship application")
	})

	step("on the first meeting's page the mentee notes it and agrees two actions", func(t *testing.T) {
		mentee.click(t, summary("Earlier and cancelled meetings (1)"))
		mentee.wantText(t, cssEl("#meeting-"+m1+"-h"), "Wed 21 Oct 2026, 15:00 Took place")
		mentee.follow(t, prepareLink(m1))
		prep := base + "/meetings/" + m1
		mentee.wantPath(t, prep)
		mentee.wantText(t, h1, "Preparing your meeting")

		mentee.fill(t, "note-body", noteMark+" we agreed a plan")
		mentee.submit(t, textEl("button", "Save the note"))
		mentee.wantPath(t, prep)
		mentee.wantText(t, flash, "Your note is saved. You both can read it.")
		mentee.wantTextContains(t, cssEl("#notes"), noteMark+" we agreed a plan")

		mentee.fill(t, "action-title", actionMark+" draft the case for support")
		mentee.choose(t, "action-owner", "mentee")
		mentee.setValue(t, "action-due_on", "2026-11-01")
		mentee.chooseText(t, "action-goal_id", goalMark)
		mentee.submit(t, textEl("button", "Add the action"))
		mentee.wantPath(t, prep)
		mentee.wantText(t, flash, "The action is recorded. It comes up again when you prepare your next meeting.")

		mentee.fill(t, "action-title", "Send an example application")
		mentee.choose(t, "action-owner", "mentor")
		mentee.submit(t, textEl("button", "Add the action"))
		mentee.wantPath(t, prep)
		got := mentee.firstCells(t, "#open-actions tbody tr")
		want := []string{actionMark + " draft the case for support For: " + goalMark + " a fellowship application", "Send an example application"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("open actions %q, want %q", got, want)
		}
	})

	step("the mentor keeps a private note and marks an action done", func(t *testing.T) {
		mentor.open(t, base)
		mentor.wantTextContains(t, cssEl("#notes"), noteMark+" we agreed a plan")
		mentor.fill(t, "note-body", privateMark+" ask about the viva nerves")
		mentor.click(t, cssEl(`#form-note input[name="private"]`))
		mentor.submit(t, cssEl(`#form-note button[type="submit"]`))
		mentor.wantText(t, flash, "Your private note is saved. Only you can read it.")
		id := mentor.anchor(t, "note-")
		mentor.wantTextContains(t, cssEl("#note-"+id), "Private: only you can read this "+privateMark)

		mentor.submit(t, cssEl(`button[aria-label="Mark done: Send an example application"]`))
		mentor.wantPath(t, base+"#actions")
		mentor.wantText(t, flash, "Marked done.")
	})

	step("the mentee never sees the mentor's private note", func(t *testing.T) {
		mentee.open(t, base)
		mentee.wantTextContains(t, cssEl("#notes"), noteMark+" we agreed a plan")
		if strings.Contains(mentee.html(t), privateMark) {
			t.Errorf("the mentee's workspace holds the mentor's private note %s", privateMark)
		}
	})

	step("the next meeting's preparation lists the open action", func(t *testing.T) {
		mentee.follow(t, prepareLink(m2))
		mentee.wantPath(t, base+"/meetings/"+m2)
		mentee.wantTextContains(t, cssEl("main .lead"), "Tue 3 Nov 2026, 10:00 · 60 minutes · Video link · Accepted")
		got := mentee.firstCells(t, "#open-actions tbody tr")
		want := []string{actionMark + " draft the case for support For: " + goalMark + " a fellowship application"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("open actions %q, want only the one still open, %q", got, want)
		}
		mentee.wantTextContains(t, cssEl("#goals"), goalMark+" a fellowship application")
		mentee.wantTextContains(t, cssEl("#prompts-action"), "What are your next steps?")
		mentee.screenshot(t, "partnership-03-meeting-prep")
	})

	step("after the second meeting the mentee confirms it took place", func(t *testing.T) {
		clock.Set(time.Date(2026, 11, 4, 9, 0, 0, 0, time.UTC)) // sessions from 22 Oct still run
		mentee.open(t, base)
		mentee.submit(t, inMeeting(m2, "button", "It took place"))
		mentee.wantText(t, flash, "Thank you: the meeting is recorded as having taken place. The coordinator sees that it happened, never what was said.")
		mentee.wantText(t, fact("Last contact"), "3 Nov 2026")
		mentee.wantText(t, fact("Next meeting"), "None planned")
		mentor.open(t, base)
		mentor.click(t, summary("Earlier and cancelled meetings (2)"))
		mentor.wantText(t, cssEl("#meeting-"+m1+"-h"), "Wed 21 Oct 2026, 15:00 Took place")
		mentor.wantText(t, cssEl("#meeting-"+m2+"-h"), "Tue 3 Nov 2026, 10:00 Took place")
	})

	step("the review falls due and the mentee writes it", func(t *testing.T) {
		clock.Set(started.AddDate(0, 0, 7*w.prog.ReviewEveryWeeks+1))
		mentee.signInAt(t, base)
		mentee.wantText(t, cssEl(`#reviews .notice[role="status"]`), "Your review is due since 1 Feb 2027.")
		mentee.click(t, cssEl(`input[name="meets_needs"][value="yes"]`))
		mentee.fill(t, "review-going_well", reviewMark+" clear next steps")
		mentee.fill(t, "review-to_change", "Meet by video in winter")
		mentee.submit(t, textEl("button", "Save my review"))
		mentee.wantPath(t, base+"#reviews")
		mentee.wantText(t, flash, "Your review is saved. Talk it through at your next meeting.")

		mentor.signInAt(t, base)
		mentor.wantTextContains(t, cssEl("#reviews article.review"), menteeName+"'s review")
		mentor.wantTextContains(t, cssEl("#reviews article.review"), "Meeting the mentee's needs: Yes Going well "+reviewMark+" clear next steps")
	})

	step("near the term's end both renew, and both see term 2", func(t *testing.T) {
		clock.Set(time.Date(2027, 9, 20, 9, 0, 0, 0, time.UTC)) // the term ends on 5 Oct 2027
		mentee.signInAt(t, base)
		mentee.wantTextContains(t, todo, "Your term ends on 5 Oct 2027: choose whether to renew or close.")
		mentee.submit(t, textEl("button", "Renew for another term"))
		mentee.wantText(t, flash, "You chose to renew. If "+mentorName+" chooses to renew too, a new term starts when this one ends.")
		mentee.wantTextContains(t, todo, "You chose to renew. Waiting for "+mentorName+" to choose.")

		mentor.signInAt(t, base)
		mentor.submit(t, textEl("button", "Renew for another term"))
		mentor.wantText(t, flash, "You both chose to renew: term 2 runs until 5 October 2028.")
		mentor.wantText(t, fact("Term ends"), "5 Oct 2028 (term 2, renewable)")
		mentor.wantText(t, state, "Active")

		mentee.open(t, base)
		mentee.wantText(t, fact("Term ends"), "5 Oct 2028 (term 2, renewable)")
		if mentee.present(t, `form[action$="/respond"] input[value="renew"]`) {
			t.Error("the term choice is still offered after both renewed")
		}
	})

	step("in term 2's last month the mentor chooses to close", func(t *testing.T) {
		clock.Set(time.Date(2028, 9, 20, 9, 0, 0, 0, time.UTC))
		mentor.signInAt(t, base)
		mentor.wantTextContains(t, todo, "Your term ends on 5 Oct 2028: choose whether to renew or close.")
		mentor.submit(t, textEl("button", "Close at the end of the term"))
		mentor.wantText(t, flash, "You chose to close at the end of the term. Have your closing conversation and write its record below.")
		mentor.wantText(t, state, "Closing")
	})

	step("the mentee writes the closing record and gives feedback", func(t *testing.T) {
		mentee.signInAt(t, base)
		mentee.wantText(t, state, "Closing")
		mentee.wantTextContains(t, todo, "Have your closing conversation and write its record.")
		mentee.fill(t, "closure-goals_achieved", closureMark+" the application went in")
		mentee.fill(t, "closure-to_develop", "Public speaking")
		mentee.fill(t, "closure-keep_in_touch", "Coffee each term")
		mentee.submit(t, textEl("button", "Save the record and close the partnership"))
		mentee.wantPath(t, base+"#closure")
		mentee.wantText(t, flash, "The closing record is saved and the partnership is closed. Thank you both.")
		mentee.wantText(t, state, "Closed")
		mentee.wantText(t, fact("Ended"), "20 Sep 2028: Term ended ("+mentorName+" chose to close)")
		mentee.wantTextContains(t, cssEl("#closure .card"), "Record of your closing conversation")
		mentee.wantTextContains(t, cssEl("#closure .card"), closureMark+" the application went in")

		mentee.click(t, cssEl(`input[name="rating"][value="5"]`))
		mentee.fill(t, "feedback-comments", feedbackMark+" it changed my career")
		mentee.submit(t, textEl("button", "Send my feedback"))
		mentee.wantPath(t, base+"#feedback")
		mentee.wantText(t, flash, "Thank you for your feedback.")
		mentee.wantText(t, rated, "You rated the programme 5 out of 5 on 20 Sep 2028.")
		mentee.wantTextContains(t, cssEl("#closure .notice"), "Would you mentor someone in turn?")
		mentee.screenshot(t, "partnership-04-closed")
	})

	step("the mentor reads the record and gives feedback, never the mentee's", func(t *testing.T) {
		mentor.open(t, base)
		mentor.wantText(t, state, "Closed")
		mentor.wantTextContains(t, cssEl("#closure .card"), closureMark+" the application went in")
		if mentor.present(t, "#closure .notice") {
			t.Error("the mentor is invited to become a mentor")
		}
		mentor.click(t, cssEl(`input[name="rating"][value="4"]`))
		mentor.submit(t, textEl("button", "Send my feedback"))
		mentor.wantText(t, flash, "Thank you for your feedback.")
		mentor.wantText(t, rated, "You rated the programme 4 out of 5 on 20 Sep 2028.")
		if strings.Contains(mentor.html(t), feedbackMark) {
			t.Errorf("the mentor reads the mentee's feedback %s", feedbackMark)
		}
	})

	// A second pair, introduced now (20 Sep 2028). The first pair's browsers
	// serve it and then the coordinator: each person signs out and hands the
	// browser on.
	pair := w.env.MustPairIn(t, w.coord, w.prog, "Robin Reed", "Sasha Stone")
	var mentor2, mentee2, coord browserPerson
	base2 := fmt.Sprintf("/partnerships/%d", pair.Partnership.ID)

	step("a second pair confirms on their dashboards", func(t *testing.T) {
		mentor2 = mentor.handTo(t, pair.Mentor)
		mentee2 = mentee.handTo(t, pair.Mentee)
		mentor2.signInAt(t, "/")
		mentor2.submit(t, textEl("button", "Confirm the match"))
		mentor2.wantText(t, flash, "You confirmed the match with Sasha Stone.")
		mentee2.signInAt(t, "/")
		mentee2.submit(t, textEl("button", "Confirm the match"))
		mentee2.wantText(t, flash, "You both confirmed: your partnership with Robin Reed is active.")
	})

	step("a week later its mentor withdraws, with a reason", func(t *testing.T) {
		clock.Advance(7 * 24 * time.Hour)
		mentor2.open(t, "/")
		mentor2.follow(t, textEl("a", "Your mentee: Sasha Stone"))
		mentor2.wantPath(t, base2)
		mentor2.click(t, summary("End early or withdraw"))
		mentor2.fill(t, "withdraw-reason", reasonMark+" moving abroad")
		mentor2.submit(t, textEl("button", "Withdraw from the partnership"))
		mentor2.wantPath(t, base2)
		mentor2.wantText(t, flash, "You have withdrawn from the partnership with Sasha Stone. The coordinator has been told.")
		mentor2.wantText(t, state, "Withdrawn")
	})

	step("its mentee sees that it ended, and not why", func(t *testing.T) {
		mentee2.open(t, "/")
		mentee2.wantText(t, cssEl(fmt.Sprintf(`section[aria-labelledby="ps-%d"] .badge`, pair.Partnership.ID)), "Withdrawn")
		mentee2.follow(t, textEl("a", "Your mentor: Robin Reed"))
		mentee2.wantText(t, state, "Withdrawn")
		mentee2.wantText(t, fact("Ended"), "27 Sep 2028: Withdrawn (Robin Reed ended it)")
		if strings.Contains(mentee2.html(t), reasonMark) {
			t.Errorf("the mentee reads the mentor's reason for withdrawing, %s", reasonMark)
		}
		if mentee2.present(t, "#form-propose") {
			t.Error("a withdrawn partnership still offers to propose a meeting")
		}
	})

	step("the coordinator sees dates and counts, never the pair's words", func(t *testing.T) {
		coord = mentor2.handTo(t, w.coord)
		coord.signInAt(t, "/")
		coord.follow(t, textEl("a", "Partnerships"))
		coord.wantPath(t, fmt.Sprintf("/programmes/%d/partnerships", w.prog.ID))
		coord.wantText(t, h1, "Partnerships")
		coord.wantText(t, cssEl("main p.lead + p"), "1 closed 1 withdrawn")
		wantCells := func(mentor string, want []string) {
			t.Helper()
			got := coord.rowCells(t, fmt.Sprintf(`//main//table/tbody/tr[th[contains(., %q)]]`, mentor))
			for i := range got {
				got[i] = collapseLines(got[i])
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("%s's row:\n got %q\nwant %q", mentor, got, want)
			}
		}
		wantCells(mentorName, []string{
			mentorName + " (mentor)\n" + menteeName + " (mentee)",
			"Closed\nterm 2",
			"Nothing", // needs attention: the desk's risks
			"Introduced 5 Oct 2026\nStarted 5 Oct 2026\nTerm ends 5 Oct 2028",
			"Signed 5 Oct 2026",
			"2 held\n21 Oct 2026, 3 Nov 2026",
			"3 Nov 2026",
			"0 of 1 goal achieved\n1 of 2 actions done",
			"1 review\n2 feedback forms",
			"No answers", // the pulse: this pair never answered a check-in
			"20 Sep 2028\nTerm ended\nby the mentor",
		})
		wantCells("Robin Reed", []string{
			"Robin Reed (mentor)\nSasha Stone (mentee)",
			"Withdrawn",
			"Nothing",
			"Introduced 20 Sep 2028\nStarted 20 Sep 2028\nTerm ends 20 Sep 2029",
			"None",
			"0 held",
			"None",
			"No goals\nNo actions",
			"0 reviews\n0 feedback forms",
			"No answers",
			"27 Sep 2028\nWithdrawn\nby the mentor\nReason, for you only: " + reasonMark + " moving abroad",
		})
		page := coord.html(t)
		for _, m := range []string{agreementMark, agendaMark, messageMark, noteMark, privateMark, goalMark, actionMark, reviewMark, closureMark, feedbackMark} {
			if strings.Contains(page, m) {
				t.Errorf("the coordinator's page shows the pair's words %s", m)
			}
		}
		coord.screenshot(t, "partnership-05-coordinator")
		if status := coord.visit(t, base); status != 404 {
			t.Errorf("the coordinator opening the pair's workspace: %d, want 404", status)
		}
	})
}

// browserPerson is one person at their own browser: a tab in a browser
// context of its own, so their cookies are theirs.
type browserPerson struct {
	*browserSession
	user *tandem.User
}

// signInAt opens path signed out (a fresh browser, or a session the clock
// has run past), is sent to sign in, signs in, and is brought back to path.
// The home page is open to visitors: from there the person follows the
// header's Sign in link.
func (p browserPerson) signInAt(t *testing.T, path string) {
	t.Helper()
	p.open(t, path)
	if path == "/" {
		p.follow(t, xpathEl(`//header//a[normalize-space()="Sign in"]`))
		p.wantPath(t, "/signin")
	} else {
		p.wantPathMatch(t, `^/signin\?next=`)
	}
	p.fill(t, "email", p.user.Email)
	p.fill(t, "password", testutil.Password)
	p.submit(t, textEl("button", "Sign in"))
	p.wantPath(t, path)
}

// fill enters text into the empty field with this id as an input method or
// a paste does: focused, then one insertion that fires the field's input
// events. Typing key by key costs a dozen milliseconds a character, and two
// years of a partnership are a lot of characters.
func (b *browserSession) fill(t *testing.T, id, text string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID(id), chromedp.NodeVisible)); err != nil {
		t.Fatalf("focus #%s: %v", id, err)
	}
	done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.execCommand("insertText", false, %q)`, text)))
	if err != nil || !done {
		t.Fatalf("enter %q into #%s: %v", text, id, err)
	}
}

// handTo signs p out and returns the browser for u to use.
func (p browserPerson) handTo(t *testing.T, u *tandem.User) browserPerson {
	t.Helper()
	p.signOut(t)
	return browserPerson{p.browserSession, u}
}

// newContext opens a tab in a new browser context of b's Chromium: another
// person's browser, sharing nothing with b but the process.
func (b *browserSession) newContext(t *testing.T) *browserSession {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a new browser context: %v", err)
	}
	return &browserSession{ctx: ctx, base: b.base, shots: b.shots}
}

// visit loads path and returns its status, whatever it is.
func (b *browserSession) visit(t *testing.T, path string) int64 {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return resp.Status
}

// setValue sets the value of the visible field with this id, as a person's
// date or time picker would: typed keys mean different things to each
// browser's date and time inputs.
func (b *browserSession) setValue(t *testing.T, id, value string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID(id), value, chromedp.NodeVisible)); err != nil {
		t.Fatalf("set #%s to %q: %v", id, value, err)
	}
}

// chooseText picks the first option of the <select> with this id whose text
// starts with text.
func (b *browserSession) chooseText(t *testing.T, id, text string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	expr := fmt.Sprintf(`Array.from(document.getElementById(%q)?.options ?? []).find(o => o.text.startsWith(%q))?.value ?? ""`, id, text)
	value, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("options of #%s: %v", id, err)
	}
	if value == "" {
		t.Fatalf("#%s has no option starting %q", id, text)
	}
	b.choose(t, id, value)
}

// anchor is the id after prefix in the location's fragment, where the
// server sends a person back to what they just made ("#meeting-12").
func (b *browserSession) anchor(t *testing.T, prefix string) string {
	t.Helper()
	path := b.path(t)
	_, frag, _ := strings.Cut(path, "#")
	id, ok := strings.CutPrefix(frag, prefix)
	if !ok || id == "" {
		t.Fatalf("the browser is at %s, want a fragment #%s…", path, prefix)
	}
	return id
}

// texts is the visible text of each element matching css, white space collapsed.
func (b *browserSession) texts(t *testing.T, css string) []string {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`Array.from(document.querySelectorAll(%q), e => e.innerText)`, css)))
	if err != nil {
		t.Fatalf("texts of %s: %v", css, err)
	}
	for i := range got {
		got[i] = strings.Join(strings.Fields(got[i]), " ")
	}
	return got
}

// firstCells is the visible text of the first cell of each row matching css.
func (b *browserSession) firstCells(t *testing.T, css string) []string {
	t.Helper()
	return b.texts(t, css+" > :first-child")
}

// html is the whole page's markup, hidden parts included: what must never
// reach a person cannot hide in a closed <details> either.
func (b *browserSession) html(t *testing.T) string {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		t.Fatalf("the page's HTML: %v", err)
	}
	return got
}

// collapseLines collapses the white space within each line of s and drops
// empty lines.
func collapseLines(s string) string {
	var out []string
	for line := range strings.Lines(s) {
		if f := strings.Fields(line); len(f) > 0 {
			out = append(out, strings.Join(f, " "))
		}
	}
	return strings.Join(out, "\n")
}
