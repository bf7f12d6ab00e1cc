package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

const month = 30 * 24 * time.Hour

// The pulse through the web: the form in the workspace while due, the email's
// score link choosing a score without recording it, the offer of a change of
// mentor after a low answer, the coordinator's page showing scores and only
// shared words, and the other party seeing nothing.
func TestPulseThroughTheWeb(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee, coord := w.as(t, w.mentor), w.as(t, w.mentee), w.as(t, w.coord)
		w.activate(t, mentor, mentee)
		pulse := w.base + "/pulse"

		body := wantPage(t, mentee, pulse, 200)
		wantAll(t, "the pulse page before day 30", body, "Your first check-in opens on", "No answers yet.")
		wantNone(t, "the workspace before day 30", wantPage(t, mentee, w.base, 200), `id="form-pulse"`)

		w.env.Clock.Advance(month)
		mentor, mentee, coord = w.as(t, w.mentor), w.as(t, w.mentee), w.as(t, w.coord) // sessions last 14 days
		body = wantPage(t, mentee, w.base, 200)
		wantAll(t, "the workspace on day 30", body, `id="form-pulse"`, "How is your mentoring with Morgan Mentor going?",
			`<a href="`+w.base+`#pulse">One question: how is your mentoring going?</a>`, "Share my words with the coordinator")
		wantNone(t, "the form before any meeting", body, "We are not a good fit")
		// The email's link chooses a score; nothing is recorded until Send.
		body = wantPage(t, mentee, pulse+"?score=2", 200)
		wantAll(t, "the form from the email's link", body, `value="2" checked`)
		wantAll(t, "nothing recorded by opening a link", wantPage(t, mentee, pulse, 200), "No answers yet.", `id="form-pulse"`)

		// A refused answer keeps what was typed.
		resp, body := mentee.post(pulse, url.Values{"form": {"pulse"}, "word": {"kept as typed"}, "share": {"on"}})
		if resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("no score: %d", resp.StatusCode)
		}
		wantAll(t, "the refused form", body, "Choose a number from 1 (not well) to 5 (very well).", "kept as typed", `name="share" value="on" checked`)

		wantRedirect(t, mentee, pulse, url.Values{"score": {"2"}, "word": {"MENTEE-OWN-WORD"}}, pulse)
		body = wantPage(t, mentee, pulse, 200)
		wantAll(t, "the mentee's pulse page after a low answer", body, "Ask for a change of mentor",
			fmt.Sprintf(`href="/concerns/new?kind=change_mentor&amp;partnership=%d"`, w.partnership.ID), "MENTEE-OWN-WORD", "Not shared: only you read it.")
		// The offer leads to the change-of-mentor form, chosen for them.
		body = wantPage(t, mentee, fmt.Sprintf("/concerns/new?kind=change_mentor&partnership=%d", w.partnership.ID), 200)
		wantAll(t, "the change-of-mentor form", body, `value="change_mentor" checked`, fmt.Sprintf(`<option value="%d" selected>`, w.partnership.ID))

		wantRedirect(t, mentor, pulse, url.Values{"score": {"4"}, "word": {"MENTOR-SHARED-WORD"}, "share": {"on"}}, pulse)
		body = wantPage(t, mentor, pulse, 200)
		wantNone(t, "the mentor's pulse page", body, "Ask for a change of mentor", "MENTEE-OWN-WORD")
		wantNone(t, "the mentor's workspace", wantPage(t, mentor, w.base, 200), "MENTEE-OWN-WORD", `id="form-pulse"`)

		body = wantPage(t, coord, fmt.Sprintf("/programmes/%d/partnerships", w.prog.ID), 200)
		wantAll(t, "the coordinator's partnerships", body, `<span class="badge pulse-low">Low</span>`, "Mentor 4/5", "Mentee 2/5",
			"MENTOR-SHARED-WORD", "<strong>fewer than 5 answers</strong>")
		wantNone(t, "the coordinator's partnerships", body, "MENTEE-OWN-WORD", "out of 5</strong> from")
		// Outsiders: the coordinator cannot open a pair's pulse page.
		wantPage(t, coord, pulse, 404)

		// Five more people answer: the average shows.
		ctx := context.Background()
		for i := range 2 {
			w.env.Clock.Advance(-month)
			p := w.env.MustPairIn(t, w.coord, w.prog, fmt.Sprintf("Mentor %d", i), fmt.Sprintf("Mentee %d", i))
			for _, u := range []*tandem.User{p.Mentor, p.Mentee} {
				if _, err := w.env.App.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: p.Partnership.ID, Event: tandem.EventConfirm}); err != nil {
					t.Fatal(err)
				}
			}
			w.env.Clock.Advance(month)
			for _, u := range []*tandem.User{p.Mentor, p.Mentee} {
				if _, err := w.env.App.SubmitPulse(ctx, u, p.Partnership.ID, app.PulseInput{Score: 5}); err != nil {
					t.Fatal(err)
				}
			}
		}
		body = wantPage(t, coord, fmt.Sprintf("/programmes/%d/partnerships", w.prog.ID), 200)
		wantAll(t, "the coordinator's partnerships with six answers", body, "<strong>4.3 out of 5</strong> from 6 people", "1 low answer")
	})
}

// One-click unsubscribe (RFC 8058): a mail program POSTs to the link from a
// reminder's List-Unsubscribe header, with no session and no CSRF token, and
// that kind of reminder is off; a GET only asks; a changed token is refused.
func TestOneClickUnsubscribe(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		ctx := context.Background()
		link, err := w.env.App.UnsubscribeURL(ctx, w.mentee.ID, tandem.NudgeNoContact)
		if err != nil {
			t.Fatal(err)
		}
		path := strings.TrimPrefix(link, "http://tandem.test")
		if !strings.HasPrefix(path, "/unsubscribe/") {
			t.Fatalf("link %s", link)
		}
		on := func() bool {
			s, err := w.env.App.MyReminderSettings(ctx, w.mentee)
			if err != nil {
				t.Fatal(err)
			}
			return s.On[tandem.NudgeNoContact]
		}

		// A GET (a link scanner, or the person clicking) changes nothing.
		stranger := newBrowser(t, w.srv)
		body := wantPage(t, stranger, path, 200)
		wantAll(t, "the unsubscribe page", body, "No meeting for longer than your programme expects", `<button class="btn" type="submit">Stop these emails</button>`,
			`href="/profile/reminders"`)
		if !on() {
			t.Fatal("a GET turned the reminder off")
		}

		// A changed token: another person, another kind, or a forged signature.
		tampered := []string{
			strings.Replace(path, fmt.Sprintf("/%d.", w.mentee.ID), fmt.Sprintf("/%d.", w.mentor.ID), 1),
			strings.Replace(path, tandem.NudgeNoContact, tandem.NudgeReviewDue, 1),
			path[:len(path)-3] + "AAA",
			"/unsubscribe/garbage",
		}
		for _, p := range tampered {
			resp, body := postBare(t, w.srv.URL+p, "List-Unsubscribe=One-Click", nil)
			if resp != http.StatusBadRequest || !strings.Contains(body, "This unsubscribe link is not valid") {
				t.Errorf("POST %s: %d, want 400 and the message", p, resp)
			}
		}
		s, _ := w.env.App.MyReminderSettings(ctx, w.mentor)
		if !on() || !s.On[tandem.NudgeNoContact] {
			t.Fatal("a tampered token turned a reminder off")
		}

		// The mail program's one-click POST: no cookies, no CSRF token, from its own server.
		status, body := postBare(t, w.srv.URL+path, "List-Unsubscribe=One-Click", map[string]string{"Origin": "https://mail.example.com"})
		if status != http.StatusOK || !strings.Contains(body, "You will no longer get this kind of email:</p><p><strong>No meeting for longer than your programme expects</strong>") {
			t.Fatalf("one-click POST: %d\n%s", status, body)
		}
		if on() {
			t.Fatal("the one-click POST left the reminder on")
		}
		other, _ := w.env.App.MyReminderSettings(ctx, w.mentee)
		for _, k := range tandem.NudgeKinds {
			if k != tandem.NudgeNoContact && !other.On[k] {
				t.Errorf("%s was turned off too", k)
			}
		}
		// Again: harmless.
		if status, _ := postBare(t, w.srv.URL+path, "List-Unsubscribe=One-Click", nil); status != http.StatusOK {
			t.Fatalf("second POST: %d", status)
		}
		// The exemption is this route alone: any other POST without a token is still refused.
		if status, _ := postBare(t, w.srv.URL+"/profile/reminders", "List-Unsubscribe=One-Click", nil); status != http.StatusForbidden {
			t.Fatalf("POST /profile/reminders without a token: %d", status)
		}
	})
}

// post sends a form with no cookies, as a mail program's server would.
func postBare(t *testing.T, u, body string, header map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := new(strings.Builder)
	_, _ = io.Copy(b, resp.Body)
	return resp.StatusCode, b.String()
}
