package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestDeskPages walks the coordinator's desk over HTTP: the dashboard and
// the lists its numbers link to, the message to everyone unmatched (preview,
// a refused form, then the sending), closing ended terms, and the records;
// and checks that nobody else gets in.
func TestDeskPages(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		ctx := context.Background()
		var mu sync.Mutex
		queued := map[string]*mail.Message{}
		w.env.App.SetOutbox(func(_ context.Context, _ *store.Store, key string, m *mail.Message) error {
			mu.Lock()
			defer mu.Unlock()
			queued[key] = m
			return nil
		})
		waiting := w.env.MustUser(t, "Wren <b>Waiting</b>", tandem.RoleMember)
		w.env.MustJoin(t, waiting, w.prog, tandem.Mentee, "History", "phd")
		coord, mentee := w.as(t, w.coord), w.as(t, w.mentee)
		base := fmt.Sprintf("/programmes/%d", w.prog.ID)
		wantAll(t, "the desk without events", wantPage(t, coord, base+"/desk", 200), "No events planned for this programme's people.")
		ev, err := w.env.App.CreateEvent(ctx, w.coord, app.EventInput{ProgrammeID: w.prog.ID, Kind: tandem.EventTraining, Title: "Being a Mentor",
			Starts: testutil.Epoch.AddDate(0, 0, 20).Format(time.RFC3339), Minutes: 120, Place: "Senate Room", Capacity: 12, Audience: tandem.AudienceMentors})
		if err != nil {
			t.Fatal(err)
		}

		body := wantPage(t, coord, base+"/desk", 200)
		wantAll(t, "the desk's events", body, fmt.Sprintf(`<a href="/events/%d">Being a Mentor</a>`, ev.ID), "0 of 12 booked", "25 Oct 2026, 09:00") // GMT again that morning
		wantAll(t, "the desk", body, "1 live pair \u2248 0.1 days a week", `href="`+base+`/participants?status=pending"`,
			`href="`+base+`/partnerships?risk=any"`, `href="`+base+`/partnerships?state=introduced"><strong>1</strong> introduced`,
			fmt.Sprintf(`<a href="/people/%d">Wren &lt;b&gt;Waiting&lt;/b&gt;</a>`, waiting.ID), "Ready for the next matching run",
			`href="`+base+`/desk/message"`, "No active partnership is past the end of its term.")
		wantNone(t, "the desk", body, "<b>Waiting</b>")
		// The programme page and the home page lead to it.
		wantAll(t, "the programme page", wantPage(t, coord, base, 200), `href="`+base+`/desk">Open the desk`)
		wantAll(t, "the home page", wantPage(t, coord, "/", 200), `href="`+base+`/desk">Desk`)

		// The numbers' lists.
		wantAll(t, "introduced pairs", wantPage(t, coord, base+"/partnerships?state=introduced", 200), "Showing 1 partnership of 1", "Mina Mentee")
		wantAll(t, "live pairs", wantPage(t, coord, base+"/partnerships?state=live", 200), "Showing 1 partnership of 1: live.")
		wantAll(t, "closed pairs", wantPage(t, coord, base+"/partnerships?state=closed", 200), "No partnership matches this filter.")
		wantAll(t, "pairs at risk", wantPage(t, coord, base+"/partnerships?risk=any", 200), "Showing 0 partnerships of 1")
		w.env.Clock.Set(testutil.Epoch.AddDate(0, 0, 8))
		wantAll(t, "pairs at risk", wantPage(t, coord, base+"/partnerships?risk=introduction_unconfirmed", 200),
			"Showing 1 partnership of 1", "introduction unconfirmed after a week", `<li>Introduction not confirmed since 5 Oct 2026</li>`)

		// Message everyone unmatched: a refused form keeps what was typed.
		wantAll(t, "the message form", wantPage(t, coord, base+"/desk/message", 200), "It will go to 1 person")
		resp, body := coord.post(base+"/desk/message/preview", url.Values{"subject": {""}, "body": {"Hello <all>"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("an empty subject: %d", resp.StatusCode)
		}
		wantAll(t, "the refused message", body, "The subject is required.", "Hello &lt;all&gt;</textarea>")
		v := url.Values{"subject": {"Still looking"}, "body": {"We match again on Friday."}}
		resp, body = coord.post(base+"/desk/message/preview", v)
		if resp.StatusCode != 200 {
			t.Fatalf("preview: %d", resp.StatusCode)
		}
		wantAll(t, "the preview", body, "1 recipient", "Send to 1 person", "We match again on Friday.", "Hello Wren &lt;b&gt;Waiting&lt;/b&gt;,",
			fmt.Sprintf(`<input type="hidden" name="to" value="%d">`, waiting.ID), `<input type="hidden" name="subject" value="Still looking">`)
		if len(queued) != 0 {
			t.Fatalf("the preview sent %d emails", len(queued))
		}
		v["to"] = []string{fmt.Sprint(waiting.ID), fmt.Sprint(w.mentee.ID)} // Mina is matched: left out
		loc := wantRedirect(t, coord, base+"/desk/message", v, base+"/desk")
		if got := flashOf(wantPage(t, coord, loc, 200)); !strings.Contains(got, "on its way to 1 person. 1 person was left out") {
			t.Errorf("flash %q", got)
		}
		if len(queued) != 1 {
			t.Errorf("queued %d emails, want 1", len(queued))
		}
		for _, m := range queued {
			if m.ToName != waiting.Name || m.Subject != "Still looking" {
				t.Errorf("queued %q to %q", m.Subject, m.ToName)
			}
		}

		// Close ended terms: nothing yet; then Mina's pair, active past its term.
		wantAll(t, "close terms", wantPage(t, coord, base+"/desk/close-terms", 200), "Nothing to close.")
		w.activate(t, w.as(t, w.mentor), mentee)
		w.env.Clock.Set(testutil.Epoch.AddDate(1, 0, 10))
		coord, mentee = w.as(t, w.coord), w.as(t, w.mentee) // a year on, the sessions have expired
		body = wantPage(t, coord, base+"/desk/close-terms", 200)
		wantAll(t, "close terms", body, "Move 1 partnership to closing", fmt.Sprintf(`<input type="hidden" name="partnership" value="%d">`, w.partnership.ID))
		resp, body = coord.post(base+"/desk/close-terms", url.Values{"partnership": {fmt.Sprint(w.partnership.ID), "999999"}})
		if resp.StatusCode != 200 {
			t.Fatalf("close: %d", resp.StatusCode)
		}
		wantAll(t, "the close results", body, "1 partnership is now closing. 1 was left as it was", "Partnership not found.", "Mina Mentee")
		if p, _ := w.env.Store.Partnership(ctx, w.partnership.ID); p.State != tandem.PartnershipClosing {
			t.Errorf("state %s, want closing", p.State)
		}

		// The records: the coordinator's people, one person's history.
		body = wantPage(t, coord, "/people?q=wren", 200)
		wantAll(t, "the records", body, "1 person", fmt.Sprintf(`<a href="/people/%d">`, waiting.ID))
		wantNone(t, "the records", body, "Mina Mentee")
		body = wantPage(t, coord, fmt.Sprintf("/people/%d", w.mentee.ID), 200)
		wantAll(t, "Mina's record", body, "Morgan Mentor", "their mentor", "Closing", w.prog.Name, "Events attended", "No attendance recorded yet.")
		wantAll(t, "Mina's activity page", wantPage(t, mentee, "/profile/activity", 200), "viewed a participant&#39;s history")

		// Nobody else: a mentee, another programme's coordinator, the signed-out.
		wantPage(t, mentee, base+"/desk", http.StatusForbidden)
		wantPage(t, mentee, "/people", http.StatusForbidden)
		wantPage(t, mentee, fmt.Sprintf("/people/%d", waiting.ID), http.StatusForbidden)
		other := w.env.MustUser(t, "Otto Other", tandem.RoleCoordinator)
		w.env.MustProgramme(t, other, "activate")
		ob := w.as(t, other)
		wantPage(t, ob, fmt.Sprintf("/people/%d", w.mentee.ID), http.StatusNotFound)
		wantPage(t, ob, base+"/desk", http.StatusForbidden)
		if resp, _ := ob.post(base+"/desk/close-terms", url.Values{"partnership": {fmt.Sprint(w.partnership.ID)}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("another coordinator closing: %d", resp.StatusCode)
		}
		if resp, _ := newBrowser(t, w.srv).get(base + "/desk"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("signed out: %d, want a redirect to sign in", resp.StatusCode)
		}
	})
}
