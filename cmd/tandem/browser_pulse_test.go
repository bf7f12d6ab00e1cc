package main

// Pulse check-ins (issue 6) in real Chromium: a month after the start the
// mentee finds the check-in in the workspace, answers low with a word kept to
// herself, is offered a change of mentor and follows the offer to the concern
// form, chosen for her; the mentor answers and shares his word; the
// coordinator sees both scores, the low flag and the shared word only; and a
// reminder's one-click unsubscribe link, opened in a browser, asks before it
// turns anything off.
//
//	TANDEM_REQUIRE_BROWSER=1 TANDEM_SCREENSHOTS=/tmp/shots go test ./cmd/tandem/ -run BrowserPulse -v

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func TestBrowserPulse(t *testing.T) {
	chromium := browserExecPath(t)
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
		defer cancel()
		w := newPairWorld(t, db)
		for _, u := range []*tandem.User{w.mentor, w.mentee} {
			if _, err := w.env.App.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: w.partnership.ID, Event: tandem.EventConfirm}); err != nil {
				t.Fatal(err)
			}
		}
		w.env.Clock.Advance(month + 24*time.Hour)
		h1, flash := cssEl("main h1"), cssEl("main .flash")
		mentee := browserPerson{newBrowserSession(t, ctx, chromium, w.srv.URL), w.mentee}

		mentee.signInAt(t, w.base)
		mentee.wantTextContains(t, cssEl("#pulse-h"), "Check-in")
		mentee.wantTextContains(t, cssEl("#form-pulse legend"), "How is your mentoring with Morgan Mentor going?")
		mentee.screenshot(t, "pulse-01-workspace")
		mentee.click(t, cssEl(`#form-pulse input[name="score"][value="2"]`))
		mentee.fill(t, "pulse-word", "PRIVATE-PULSE-WORD")
		mentee.submit(t, textEl("button", "Send my answer"))
		mentee.wantPath(t, w.base+"/pulse")
		mentee.wantText(t, h1, "How is your mentoring going?")
		mentee.wantTextContains(t, flash, "Your answer is saved.")
		mentee.wantTextContains(t, cssEl("main .notice.repair"), "If you would like a different mentor, ask the coordinator, in confidence")
		mentee.wantTextContains(t, cssEl("main article.card"), "Score: 2 out of 5")
		mentee.screenshot(t, "pulse-02-offer")
		mentee.follow(t, textEl("a", "Ask for a change of mentor"))
		mentee.wantPath(t, fmt.Sprintf("/concerns/new?kind=change_mentor&partnership=%d", w.partnership.ID))
		if !mentee.checked(t, `input[name="kind"][value="change_mentor"]`) {
			t.Error("the change-of-mentor kind is not chosen")
		}
		if got := mentee.value(t, "partnership_id"); got != fmt.Sprint(w.partnership.ID) {
			t.Errorf("partnership chosen: %q", got)
		}

		mentor := mentee.handTo(t, w.mentor)
		mentor.signInAt(t, w.base+"/pulse")
		mentor.click(t, cssEl(`#form-pulse input[name="score"][value="4"]`))
		mentor.fill(t, "pulse-word", "SHARED-PULSE-WORD")
		mentor.click(t, cssEl(`#form-pulse input[name="share"]`))
		mentor.submit(t, textEl("button", "Send my answer"))
		mentor.wantTextContains(t, flash, "Your answer is saved.")
		if mentor.present(t, "main .notice.repair") {
			t.Error("the mentor is offered a change of mentor")
		}

		coord := mentor.handTo(t, w.coord)
		path := fmt.Sprintf("/programmes/%d/partnerships", w.prog.ID)
		coord.signInAt(t, path)
		row := coord.rowCells(t, `//table[contains(@class,"oversight")]//tr[th[contains(.,"Morgan Mentor")]]`)
		pulse := row[len(row)-2]
		for _, want := range []string{"Low", "Mentor 4/5", "Mentee 2/5", "SHARED-PULSE-WORD"} {
			if !strings.Contains(pulse, want) {
				t.Errorf("the pulse cell %q lacks %q", pulse, want)
			}
		}
		if strings.Contains(strings.Join(row, " "), "PRIVATE-PULSE-WORD") {
			t.Error("the coordinator reads the mentee's word")
		}
		coord.wantTextContains(t, cssEl("main .pulse-average"), "fewer than 5 answers")
		coord.screenshot(t, "pulse-03-coordinator")
		coord.phone(t) // and on a phone, the rest
		coord.screenshot(t, "pulse-04-coordinator-phone")

		link, err := w.env.App.UnsubscribeURL(ctx, w.mentee.ID, tandem.NudgePulse)
		if err != nil {
			t.Fatal(err)
		}
		coord.open(t, strings.TrimPrefix(link, "http://tandem.test"))
		coord.wantText(t, h1, "Stop this kind of email")
		coord.screenshot(t, "pulse-05-unsubscribe")
		coord.submit(t, textEl("button", "Stop these emails"))
		coord.wantText(t, h1, "Unsubscribed")
		s, err := w.env.App.MyReminderSettings(ctx, w.mentee)
		if err != nil || s.On[tandem.NudgePulse] {
			t.Fatalf("after unsubscribing: %v %v", s.On, err)
		}
	})
}
