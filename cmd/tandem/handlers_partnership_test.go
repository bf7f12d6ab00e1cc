package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// pairWorld is a server over a test environment (whose clock the test
// moves) with a programme, its coordinator, and a mentor and mentee who
// have been introduced.
type pairWorld struct {
	env         *testutil.Env
	srv         *httptest.Server
	prog        *tandem.Programme
	coord       *tandem.User
	mentor      *tandem.User
	mentee      *tandem.User
	partnership *tandem.Partnership
	base        string // "/partnerships/{id}"
}

func newPairWorld(t *testing.T, db *store.DB) *pairWorld {
	t.Helper()
	env := testutil.NewEnv(t, db)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := newHandler(env.App, log, false)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	w := &pairWorld{env: env, srv: srv}
	w.coord = env.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
	w.prog = env.MustProgramme(t, w.coord, "pals")
	w.mentor = env.MustUser(t, "Morgan Mentor", tandem.RoleMember)
	w.mentee = env.MustUser(t, "Mina Mentee", tandem.RoleMember)
	mr := env.MustJoin(t, w.mentor, w.prog, tandem.Mentor, "Physics", "professor")
	me := env.MustJoin(t, w.mentee, w.prog, tandem.Mentee, "History", "phd")
	now := env.Clock.Now()
	w.partnership = &tandem.Partnership{ProgrammeID: w.prog.ID, MentorMembershipID: mr.ID, MenteeMembershipID: me.ID, MentorID: w.mentor.ID, MenteeID: w.mentee.ID,
		State: tandem.PartnershipIntroduced, Explanation: "Introduced by a test.", CreatedAt: now, UpdatedAt: now}
	if err := env.Store.CreatePartnership(context.Background(), w.partnership); err != nil {
		t.Fatal(err)
	}
	w.base = fmt.Sprintf("/partnerships/%d", w.partnership.ID)
	return w
}

// as returns a browser signed in as u.
func (w *pairWorld) as(t *testing.T, u *tandem.User) *browser {
	t.Helper()
	b := newBrowser(t, w.srv)
	resp, _ := b.post("/signin", url.Values{"email": {u.Email}, "password": {testutil.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", u.Name, resp.StatusCode)
	}
	return b
}

// activate has both confirm the introduction through the workspace.
func (w *pairWorld) activate(t *testing.T, mentor, mentee *browser) {
	t.Helper()
	for _, b := range []*browser{mentor, mentee} {
		wantRedirect(t, b, w.base+"/respond", url.Values{"event": {"confirm"}, "return": {"workspace"}}, w.base)
	}
}

// wantRedirect posts a form and expects a 303 to a location starting with to.
func wantRedirect(t *testing.T, b *browser, path string, v url.Values, to string) string {
	t.Helper()
	resp, body := b.post(path, v)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), to) {
		t.Fatalf("POST %s: %d %q, want a redirect to %s\n%s", path, resp.StatusCode, resp.Header.Get("Location"), to, alertOf(body))
	}
	return resp.Header.Get("Location")
}

var alertRe = regexp.MustCompile(`(?s)<div class="alert" role="alert">(.*?)</div>`)

func alertOf(body string) string {
	if m := alertRe.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

func wantPage(t *testing.T, b *browser, path string, status int) string {
	t.Helper()
	resp, body := b.get(path)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d", path, resp.StatusCode, status)
	}
	return body
}

func TestWorkspaceIsThePairsAlone(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		body := wantPage(t, mentee, w.base, 200)
		for _, want := range []string{"Your mentor: Morgan Mentor", "Confirm the match", "Propose a meeting", "The mentee usually drives", `id="meetings"`, `id="plan"`, `id="notes"`, `id="reviews"`} {
			if !strings.Contains(body, want) {
				t.Errorf("mentee's workspace lacks %q", want)
			}
		}
		if body := wantPage(t, mentor, w.base, 200); !strings.Contains(body, "Your mentee: Mina Mentee") {
			t.Error("mentor's workspace does not name the mentee")
		}
		if body := wantPage(t, mentor, "/", 200); !strings.Contains(body, `href="`+w.base+`"`) {
			t.Error("the dashboard card does not link to the workspace")
		}
		stranger := w.as(t, w.env.MustUser(t, "Sam Stranger", tandem.RoleMember))
		coord := w.as(t, w.coord)
		for name, b := range map[string]*browser{"a third person": stranger, "the coordinator": coord} {
			for _, path := range []string{w.base, w.base + "/agreement", w.base + "/agreement/print"} {
				if resp, _ := b.get(path); resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s GET %s: %d, want 404", name, path, resp.StatusCode)
				}
			}
			if resp, _ := b.post(w.base+"/notes", url.Values{"body": {"hello"}}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s adding a note: %d, want 404", name, resp.StatusCode)
			}
		}
		anon := newBrowser(t, w.srv)
		if resp, _ := anon.get(w.base); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
			t.Errorf("signed out: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		w.activate(t, mentor, mentee)
		if body := wantPage(t, mentee, w.base, 200); !strings.Contains(body, ">Active<") || !strings.Contains(body, "Write your mentoring agreement together") {
			t.Error("after both confirmed, the workspace should be active and ask for the agreement")
		}
	})
}

func TestMeetingsThroughTheWorkspace(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		w.activate(t, mentor, mentee)

		// A time in the past is refused, and the form keeps what was typed.
		resp, body := mentee.post(w.base+"/meetings", url.Values{"form": {"propose"}, "starts": {"2026-10-01T10:00"}, "minutes": {"45"},
			"venue": {"Library café <b>"}, "agenda": {"Talk about my thesis plan"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("meeting in the past: %d", resp.StatusCode)
		}
		for _, want := range []string{"Choose a time in the future.", `value="2026-10-01T10:00"`, `value="Library café &lt;b&gt;"`, "Talk about my thesis plan", `value="45"`, `aria-invalid="true"`, `href="#form-propose"`} {
			if !strings.Contains(body, want) {
				t.Errorf("refused proposal lacks %q", want)
			}
		}

		loc := wantRedirect(t, mentee, w.base+"/meetings", url.Values{"form": {"propose"}, "starts": {"2026-10-12T14:00"}, "minutes": {""},
			"venue": {"Library café"}, "video_url": {"https://meet.example/abc"}, "agenda": {"Thesis plan"}}, w.base+"#meeting-")
		mid := strings.TrimPrefix(loc, w.base+"#meeting-")
		body = wantPage(t, mentor, w.base, 200)
		for _, want := range []string{"Mon 12 Oct 2026, 14:00", "60 minutes", "Accept this time", "Mina Mentee proposed a meeting"} {
			if !strings.Contains(body, want) {
				t.Errorf("mentor's workspace lacks %q", want)
			}
		}
		if strings.Contains(wantPage(t, mentee, w.base, 200), "Accept this time") {
			t.Error("the proposer is offered to accept their own proposal")
		}
		resp, body = mentee.post(w.base+"/meetings/"+mid+"/accept", url.Values{"form": {"accept"}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(alertOf(body), "You proposed this time") || !strings.Contains(body, "Your mentor: Morgan Mentor") {
			t.Errorf("accepting one's own proposal: %d, want the workspace again with why", resp.StatusCode)
		}
		wantRedirect(t, mentor, w.base+"/meetings/"+mid+"/accept", url.Values{"form": {"accept"}}, w.base+"#meeting-"+mid)

		resp, ics := mentee.get(w.base + "/meetings/" + mid + "/ics")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("ics: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		for _, want := range []string{"BEGIN:VCALENDAR", "METHOD:REQUEST", "UID:meeting-", "STATUS:CONFIRMED"} {
			if !strings.Contains(ics, want) {
				t.Errorf("ics lacks %q", want)
			}
		}
		if resp, _ := w.as(t, w.coord).get(w.base + "/meetings/" + mid + "/ics"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("coordinator downloading the invitation: %d, want 404", resp.StatusCode)
		}

		body = wantPage(t, mentee, w.base+"/meetings/"+mid, 200)
		for _, want := range []string{"Preparing your meeting", "Thesis plan", "Identifying the issue", "Taking action", "What are your next steps?"} {
			if !strings.Contains(body, want) {
				t.Errorf("preparation page lacks %q", want)
			}
		}
		// An action and a note from the preparation page come back to it.
		wantRedirect(t, mentee, w.base+"/actions", url.Values{"form": {"action"}, "meeting_id": {mid}, "return_meeting": {mid}, "title": {"Draft chapter two"}, "owner": {"mentee"}, "due_on": {"2026-10-12"}}, w.base+"/meetings/"+mid)
		wantRedirect(t, mentee, w.base+"/notes", url.Values{"form": {"note"}, "meeting_id": {mid}, "return_meeting": {mid}, "body": {"Ask about conferences"}}, w.base+"/meetings/"+mid)
		body = wantPage(t, mentee, w.base+"/meetings/"+mid, 200)
		if !strings.Contains(body, "Draft chapter two") || !strings.Contains(body, "Ask about conferences") {
			t.Error("the preparation page does not show the action and note added there")
		}
		resp, body = mentee.post(w.base+"/actions", url.Values{"form": {"action"}, "return_meeting": {mid}, "title": {""}, "owner": {"mentor"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Preparing your meeting") || !strings.Contains(body, "The action is required.") {
			t.Errorf("a refused action from the preparation page: %d, want it shown again there", resp.StatusCode)
		}

		// After the meeting: it is confirmed as having taken place; the action is overdue later.
		w.env.Clock.Set(time.Date(2026, 10, 13, 9, 0, 0, 0, time.UTC))
		body = wantPage(t, mentor, w.base, 200)
		if !strings.Contains(body, "Did your meeting on Mon 12 Oct 2026, 14:00 take place?") || !strings.Contains(body, "Overdue") {
			t.Error("after the meeting the workspace should ask to confirm it and flag the overdue action")
		}
		wantRedirect(t, mentor, w.base+"/meetings/"+mid+"/held", url.Values{"form": {"held"}}, w.base)
		body = wantPage(t, mentee, w.base, 200)
		if !strings.Contains(body, "Took place") || !strings.Contains(body, "12 Oct 2026") {
			t.Error("the meeting is not shown as having taken place")
		}
	})
}

func TestAgreementSaveSignPrint(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		body := wantPage(t, mentee, w.base+"/agreement", 200)
		for _, want := range []string{"Topics the mentee wants to discuss", "Confidentiality and its limits", `name="section-topics"`, "Write your agreement"} {
			if !strings.Contains(body, want) {
				t.Errorf("new agreement form lacks %q", want)
			}
		}
		long := strings.Repeat("x", 4001)
		resp, body := mentee.post(w.base+"/agreement", url.Values{"section-topics": {"Careers outside academia"}, "section-boundaries": {long}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Careers outside academia") || !strings.Contains(body, `id="section-boundaries-error"`) {
			t.Fatalf("a too-long section: %d, want the form again with what was typed", resp.StatusCode)
		}
		wantRedirect(t, mentee, w.base+"/agreement", url.Values{"section-topics": {"Careers outside academia"}, "section-meetings": {"Monthly, in the library"}}, w.base+"/agreement")
		body = wantPage(t, mentor, w.base+"/agreement", 200)
		if !strings.Contains(body, "Version 1") || !strings.Contains(body, "Sign and date version 1") || !strings.Contains(body, "Careers outside academia") {
			t.Fatal("the mentor does not see version 1 to sign")
		}
		wantRedirect(t, mentor, w.base+"/agreement/sign", url.Values{"version": {"1"}}, w.base+"/agreement")
		wantRedirect(t, mentee, w.base+"/agreement/sign", url.Values{"version": {"1"}}, w.base+"/agreement")
		body = wantPage(t, mentee, w.base+"/agreement/print", 200)
		for _, want := range []string{"Morgan Mentor, mentor", "Mina Mentee, mentee", "Signed in Tandem on 5 Oct 2026", "Careers outside academia", "Monthly, in the library"} {
			if !strings.Contains(body, want) {
				t.Errorf("printable agreement lacks %q", want)
			}
		}
		if strings.Contains(body, "Sign out") {
			t.Error("the printable page carries the site's navigation")
		}
		// A change after signing makes version 2; version 1 stays readable.
		wantRedirect(t, mentor, w.base+"/agreement", url.Values{"section-topics": {"Careers in industry"}, "section-meetings": {"Monthly, in the library"}}, w.base+"/agreement")
		body = wantPage(t, mentee, w.base+"/agreement", 200)
		if !strings.Contains(body, "Sign and date version 2") || !strings.Contains(body, w.base+"/agreement/versions/1") {
			t.Error("after a change the agreement should ask to sign version 2 and list version 1")
		}
		resp, body = mentee.post(w.base+"/agreement/sign", url.Values{"version": {"1"}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "read version 2") {
			t.Errorf("signing a replaced version: %d", resp.StatusCode)
		}
		if body := wantPage(t, mentor, w.base+"/agreement/versions/1", 200); !strings.Contains(body, "Careers outside academia") || !strings.Contains(body, "earlier version") {
			t.Error("version 1 is not readable as an earlier version")
		}
		wantPage(t, mentor, w.base+"/agreement/versions/7", http.StatusNotFound)
	})
}

func TestCalendarFeedLifecycle(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		w.activate(t, mentor, mentee)
		wantRedirect(t, mentee, w.base+"/meetings", url.Values{"starts": {"2026-10-12T14:00"}, "venue": {"Room 4"}}, w.base)

		if body := wantPage(t, mentee, "/profile", 200); !strings.Contains(body, "You have no calendar link") || !strings.Contains(body, "Create my calendar link") {
			t.Fatal("profile does not offer a calendar link")
		}
		resp, body := mentee.post("/profile/calendar", url.Values{})
		if resp.StatusCode != 200 || !strings.Contains(body, "it won't be shown again") {
			t.Fatalf("create feed: %d\n%s", resp.StatusCode, body)
		}
		m := regexp.MustCompile(`http://tandem\.test(/calendar/[A-Za-z0-9_-]+\.ics)`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("the new feed's URL is not shown")
		}
		feed := m[1]
		if body := wantPage(t, mentee, "/profile", 200); strings.Contains(body, feed) || !strings.Contains(body, "Stop the link") {
			t.Error("the feed URL must be shown once only, and the profile should offer to stop it")
		}
		anon := newBrowser(t, w.srv)
		resp, ics := anon.get(feed)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(ics, "UID:meeting-") || !strings.Contains(ics, "Room 4") {
			t.Fatalf("feed: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		wantRedirect(t, mentee, "/profile/calendar/revoke", url.Values{}, "/profile")
		if resp, _ := anon.get(feed); resp.StatusCode != http.StatusNotFound {
			t.Errorf("revoked feed: %d, want 404", resp.StatusCode)
		}
		for _, path := range []string{"/calendar/nonsense.ics", "/calendar/nonsense"} {
			if resp, _ := anon.get(path); resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
			}
		}
	})
}

func TestPrivateNoteIsItsAuthorsAlone(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		wantRedirect(t, mentee, w.base+"/notes", url.Values{"form": {"note"}, "body": {"PRIVATE-MARKER-7731 nervous about the viva"}, "private": {"on"}}, w.base+"#note-")
		wantRedirect(t, mentee, w.base+"/notes", url.Values{"form": {"note"}, "body": {"SHARED-MARKER-1204 reading list"}}, w.base+"#note-")
		body := wantPage(t, mentee, w.base, 200)
		if !strings.Contains(body, "PRIVATE-MARKER-7731") || !strings.Contains(body, "Private: only you can read this") {
			t.Error("the author does not see their private note marked as private")
		}
		body = wantPage(t, mentor, w.base, 200)
		if strings.Contains(body, "PRIVATE-MARKER-7731") {
			t.Fatal("the mentor can read the mentee's private note")
		}
		if !strings.Contains(body, "SHARED-MARKER-1204") {
			t.Error("the mentor does not see the shared note")
		}
		// The other member cannot change the note; a refused empty edit keeps the page.
		notes, err := w.env.Store.Notes(context.Background(), w.partnership.ID, w.mentee.ID)
		if err != nil {
			t.Fatal(err)
		}
		var shared int64
		for _, n := range notes {
			if !n.Private {
				shared = n.ID
			}
		}
		if resp, _ := mentor.post(fmt.Sprintf("%s/notes/%d", w.base, shared), url.Values{"body": {"changed"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editing the other's note: %d, want 403", resp.StatusCode)
		}
		form := fmt.Sprintf("note-%d", shared)
		resp, body := mentee.post(fmt.Sprintf("%s/notes/%d", w.base, shared), url.Values{"form": {form}, "body": {"  "}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+form+`-body-error"`) {
			t.Errorf("empty edit: %d, want the note's form with its error", resp.StatusCode)
		}
		wantRedirect(t, mentee, fmt.Sprintf("%s/notes/%d/delete", w.base, shared), url.Values{}, w.base)
		if strings.Contains(wantPage(t, mentor, w.base, 200), "SHARED-MARKER-1204") {
			t.Error("a deleted note is still shown")
		}
	})
}

func TestCoordinatorSeesCountsNeverContent(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		w.activate(t, mentor, mentee)
		markers := []string{"AGREEMENT-MARKER-5521", "NOTE-MARKER-8830", "GOAL-MARKER-1907", "ACTION-MARKER-6644", "AGENDA-MARKER-3172", "REVIEW-MARKER-2468"}
		wantRedirect(t, mentee, w.base+"/agreement", url.Values{"section-topics": {markers[0]}}, w.base+"/agreement")
		wantRedirect(t, mentee, w.base+"/agreement/sign", url.Values{"version": {"1"}}, w.base+"/agreement")
		wantRedirect(t, mentor, w.base+"/agreement/sign", url.Values{"version": {"1"}}, w.base+"/agreement")
		wantRedirect(t, mentee, w.base+"/notes", url.Values{"body": {markers[1]}}, w.base)
		wantRedirect(t, mentee, w.base+"/goals", url.Values{"form": {"goal"}, "horizon": {"short"}, "title": {markers[2]}}, w.base+"#goal-")
		wantRedirect(t, mentee, w.base+"/actions", url.Values{"title": {markers[3]}, "owner": {"mentor"}}, w.base+"#actions")
		wantRedirect(t, mentee, w.base+"/meetings", url.Values{"starts": {"2026-10-12T14:00"}, "venue": {"Room 4"}, "agenda": {markers[4]}}, w.base)
		wantRedirect(t, mentor, w.base+"/reviews", url.Values{"meets_needs": {"partly"}, "going_well": {markers[5]}}, w.base+"#reviews")
		body := wantPage(t, mentee, w.base, 200)
		for _, m := range markers[1:] {
			if !strings.Contains(body, m) {
				t.Errorf("the pair's own workspace lacks %s", m)
			}
		}

		coord := w.as(t, w.coord)
		page := fmt.Sprintf("/programmes/%d/partnerships", w.prog.ID)
		body = wantPage(t, coord, page, 200)
		for _, want := range []string{"Morgan Mentor", "Mina Mentee", "Active", "Signed 5 Oct 2026", "1 planned", "0 of 1 goal achieved", "0 of 1 action done", "1 review"} {
			if !strings.Contains(body, want) {
				t.Errorf("coordinator's view lacks %q", want)
			}
		}
		for _, m := range markers {
			if strings.Contains(body, m) {
				t.Errorf("coordinator's view shows the pair's content %s", m)
			}
		}
		if !strings.Contains(wantPage(t, coord, fmt.Sprintf("/programmes/%d", w.prog.ID), 200), page) {
			t.Error("the programme page does not link to the partnerships")
		}
		if !strings.Contains(wantPage(t, coord, "/", 200), page) {
			t.Error("the dashboard does not link to the partnerships")
		}
		wantPage(t, mentor, page, http.StatusForbidden)

		// A withdrawal's reason reaches the coordinator alone.
		wantRedirect(t, mentor, w.base+"/respond", url.Values{"event": {"withdraw"}, "return": {"workspace"}, "reason": {"REASON-MARKER-9090 moving abroad"}}, w.base)
		if body := wantPage(t, coord, page, 200); !strings.Contains(body, "REASON-MARKER-9090") || !strings.Contains(body, "Withdrawn") {
			t.Error("the coordinator does not see the withdrawal and its reason")
		}
		if body := wantPage(t, mentee, w.base, 200); strings.Contains(body, "REASON-MARKER-9090") || !strings.Contains(body, "Withdrawn") {
			t.Error("the mentee should see the withdrawal but never its reason")
		}
	})
}

func TestGoalsReviewsAndClosure(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		w.activate(t, mentor, mentee)
		resp, body := mentee.post(w.base+"/goals", url.Values{"form": {"goal"}, "horizon": {"long"}, "title": {""}, "detail": {"Within two years"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Within two years") || !strings.Contains(body, "The goal is required.") {
			t.Fatalf("a goal without a title: %d", resp.StatusCode)
		}
		loc := wantRedirect(t, mentee, w.base+"/goals", url.Values{"form": {"goal"}, "horizon": {"long"}, "title": {"Lectureship"}}, w.base+"#goal-")
		gid := strings.TrimPrefix(loc, w.base+"#goal-")
		wantRedirect(t, mentee, w.base+"/goals/"+gid, url.Values{"horizon": {"long"}, "title": {"Lectureship"}, "progress": {"40"}, "status": {"open"}}, w.base)
		if body := wantPage(t, mentor, w.base, 200); !strings.Contains(body, `<progress max="100" value="40"`) {
			t.Error("the goal's progress is not shown")
		}
		form := "goal-" + gid
		resp, body = mentee.post(w.base+"/goals/"+gid, url.Values{"form": {form}, "horizon": {"long"}, "title": {"Lectureship"}, "progress": {"140"}, "status": {"open"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="140"`) || !strings.Contains(body, "Progress is from 0 to 100") {
			t.Errorf("progress 140: %d", resp.StatusCode)
		}

		// The review falls due after the programme's interval.
		w.env.Clock.Advance(18 * 7 * 24 * time.Hour)
		mentor, mentee = w.as(t, w.mentor), w.as(t, w.mentee) // the sessions have expired meanwhile
		if body := wantPage(t, mentee, w.base, 200); !strings.Contains(body, "Your review is due") {
			t.Error("the review is not shown as due")
		}
		wantRedirect(t, mentee, w.base+"/reviews", url.Values{"meets_needs": {"yes"}, "going_well": {"Clear next steps"}}, w.base+"#reviews")
		if body := wantPage(t, mentor, w.base, 200); !strings.Contains(body, "Mina Mentee's review") || !strings.Contains(body, "Clear next steps") {
			i := strings.Index(body, `id="reviews"`)
			t.Errorf("the mentor does not read the mentee's review\n%s", body[i:i+3000])
		}

		// Near the term's end: renew or close; closing leads to the record and feedback.
		w.env.Clock.Set(w.env.Clock.Now().AddDate(0, 8, 0))
		mentor, mentee = w.as(t, w.mentor), w.as(t, w.mentee)
		body = wantPage(t, mentee, w.base, 200)
		if !strings.Contains(body, "Renew for another term") || !strings.Contains(body, "Close at the end of the term") {
			t.Fatal("the term choice is not offered")
		}
		wantRedirect(t, mentee, w.base+"/respond", url.Values{"event": {"close"}, "return": {"workspace"}}, w.base)
		body = wantPage(t, mentor, w.base, 200)
		if !strings.Contains(body, "Save the record and close the partnership") {
			t.Fatal("a closing partnership does not offer its closing record")
		}
		resp, body = mentor.post(w.base+"/closure", url.Values{"form": {"closure"}, "goals_achieved": {""}, "keep_in_touch": {"Coffee each term"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Coffee each term") {
			t.Errorf("an empty closing record: %d", resp.StatusCode)
		}
		wantRedirect(t, mentor, w.base+"/closure", url.Values{"goals_achieved": {"A lectureship application sent"}, "keep_in_touch": {"Coffee each term"}}, w.base+"#closure")
		body = wantPage(t, mentee, w.base, 200)
		for _, want := range []string{"Record of your closing conversation", "A lectureship application sent", "Would you mentor someone in turn?", "Share my words with the coordinator"} {
			if !strings.Contains(body, want) {
				t.Errorf("closed workspace lacks %q", want)
			}
		}
		wantRedirect(t, mentee, w.base+"/feedback", url.Values{"rating": {"5"}, "comments": {"FEEDBACK-MARKER-4411"}}, w.base+"#feedback")
		if strings.Contains(wantPage(t, mentor, w.base, 200), "FEEDBACK-MARKER-4411") {
			t.Error("the mentor reads the mentee's feedback")
		}
		if body := wantPage(t, mentee, w.base, 200); !strings.Contains(body, "You rated the programme 5 out of 5") {
			t.Error("the mentee does not see their own feedback")
		}
	})
}

func TestMentorAvailability(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor := w.as(t, w.mentor)
		ms, err := w.env.App.MyMemberships(context.Background(), w.mentor)
		if err != nil || len(ms) != 1 {
			t.Fatalf("memberships: %v %d", err, len(ms))
		}
		prog := fmt.Sprintf("/programmes/%d", w.prog.ID)
		form := fmt.Sprintf("availability-%d", ms[0].ID)
		body := wantPage(t, mentor, prog, 200)
		if !strings.Contains(body, "Your availability as a mentor") || !strings.Contains(body, `id="`+form+`-capacity"`) {
			t.Fatal("the programme page has no availability form for the mentor")
		}
		path := fmt.Sprintf("%s/memberships/%d/availability", prog, ms[0].ID)
		resp, body := mentor.post(path, url.Values{"form": {form}, "capacity": {"9"}, "paused": {"away"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="9"`) || !strings.Contains(body, "Take between 1 and 2 mentees") {
			t.Fatalf("capacity over the limit: %d", resp.StatusCode)
		}
		wantRedirect(t, mentor, path, url.Values{"capacity": {"1"}, "paused": {"full"}}, prog+"#availability")
		if body := wantPage(t, mentor, "/", 200); !strings.Contains(body, "Up to 1 mentee · Paused: full") {
			t.Error("the dashboard does not show the mentor's availability")
		}
		if resp, _ := w.as(t, w.mentee).post(path, url.Values{"capacity": {"1"}, "paused": {""}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("someone else setting the mentor's availability: %d, want 404", resp.StatusCode)
		}
	})
}

// The workspace's forms all reach a handler: no form posts to a path the
// router does not know.
func TestWorkspaceFormsHaveRoutes(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		w.activate(t, mentor, mentee)
		if _, err := w.env.App.ProposeMeeting(context.Background(), w.mentee, w.partnership.ID, app.MeetingInput{Starts: "2026-10-12T14:00", Venue: "Room 4"}); err != nil {
			t.Fatal(err)
		}
		body := wantPage(t, mentor, w.base, 200)
		actions := regexp.MustCompile(`action="([^"]+)"`).FindAllStringSubmatch(body, -1)
		if len(actions) < 10 {
			t.Fatalf("only %d forms on the workspace", len(actions))
		}
		for _, m := range actions {
			if m[1] == "/signout" {
				continue
			}
			req, _ := http.NewRequest(http.MethodGet, w.srv.URL+m[1], nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("form action %s: GET answers %d; a POST-only route answers 405", m[1], resp.StatusCode)
			}
		}
	})
}
