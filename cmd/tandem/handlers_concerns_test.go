package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// raise sends the concern form and returns the concern's page path.
func raise(t *testing.T, b *browser, v url.Values) string {
	t.Helper()
	return wantRedirect(t, b, "/concerns", v, "/concerns/")
}

// flashOf reads the one-time message on a page.
func flashOf(body string) string {
	_, after, ok := strings.Cut(body, `<div class="flash" role="status">`)
	if !ok {
		return ""
	}
	msg, _, _ := strings.Cut(after, "</div>")
	return msg
}

func wantAll(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %q", what, want)
		}
	}
}

func wantNone(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("%s shows %q", what, u)
		}
	}
}

func TestConcernFormOffersEveryKindAndTheSupportLinks(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		pid := fmt.Sprint(w.partnership.ID)

		body := wantPage(t, mentee, "/concerns/new", 200)
		wantAll(t, "the concern form", body,
			`<input type="radio" name="kind" value="match"`, `<input type="radio" name="kind" value="change_mentor"`,
			`<input type="radio" name="kind" value="welfare"`, `<input type="radio" name="kind" value="complaint"`,
			"talk it through with the coordinator", "If you or your mentee may be at significant and immediate risk.",
			"Follows the organisation&#39;s complaints procedure.",
			`<a href="https://wellbeing.northfield.test" rel="noopener">Wellbeing service</a>`,
			"the coordinator of the programme and the organisation's admins; never the other person in your partnership",
			`<option value="`+pid+`" >Your mentor Morgan Mentor · `+w.prog.Name+`</option>`,
			"This complaint concerns the coordinator (it goes to the organisation's admins instead)",
			`<select id="programme_id" name="programme_id"`)
		// The emergency sentence is there, shown once welfare is the kind.
		wantAll(t, "the concern form", body, `class="emergency if-welfare-chosen"`, "If someone is in immediate danger, call the emergency services first.")
		wantNone(t, "a mentee's concern form", body, "This is about my mentee")

		body = wantPage(t, mentor, "/concerns/new?kind=welfare&partnership="+pid, 200)
		wantAll(t, "a mentor's welfare form", body, "This is about my mentee", `<p id="emergency" class="emergency"><strong>If someone is in immediate danger`,
			`value="welfare" checked`, `<option value="`+pid+`" selected>Your mentee Mina Mentee`)
		// A partnership that is not the person's own is not chosen for them.
		other := w.env.MustPairIn(t, w.coord, w.prog, "Olly Mentor", "Pat Mentee")
		body = wantPage(t, mentee, fmt.Sprintf("/concerns/new?partnership=%d", other.Partnership.ID), 200)
		wantNone(t, "the form for someone else's partnership", body, "selected>", "Pat Mentee")

		if resp, _ := newBrowser(t, w.srv).get("/concerns/new"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("signed out: %d, want a redirect to sign in", resp.StatusCode)
		}
	})
}

func TestRaiseEachKindOfConcern(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee := w.as(t, w.mentor), w.as(t, w.mentee)
		pid := fmt.Sprint(w.partnership.ID)
		prog := fmt.Sprint(w.prog.ID)
		readers := "The coordinator of " + w.prog.Name + " and the organisation&#39;s admins"
		for _, c := range []struct {
			who            *browser
			form           url.Values
			flash, label   string
			supportOnPage  bool
			aboutOnThePage string
		}{
			{mentee, url.Values{"kind": {"match"}, "partnership_id": {pid}, "body": {"We keep missing each other."}}, readers, "A concern about the match", false, "Your partnership"},
			{mentee, url.Values{"kind": {"change_mentor"}, "partnership_id": {pid}, "body": {"Our fields are too far apart."}}, readers, "A request to change mentor", false, "Your partnership"},
			{mentee, url.Values{"kind": {"welfare"}, "programme_id": {prog}, "body": {"I am struggling to cope."}}, readers, "A welfare or safeguarding concern", true, "You"},
			{mentor, url.Values{"kind": {"welfare"}, "partnership_id": {pid}, "about_mentee": {"on"}, "body": {"Mina said she is not sleeping."}}, readers, "A welfare or safeguarding concern", true, "Your mentee"},
			{mentee, url.Values{"kind": {"complaint"}, "programme_id": {prog}, "body": {"The sessions were cancelled without notice."}}, readers, "A formal complaint", false, "You"},
			{mentee, url.Values{"kind": {"complaint"}, "about_coordinator": {"on"}, "programme_id": {prog}, "body": {"The coordinator shared my application."}}, "The organisation&#39;s admins;", "A formal complaint", false, "The coordinator"},
			{mentee, url.Values{"kind": {"welfare"}, "body": {"Not about any programme."}}, "The organisation&#39;s admins;", "A welfare or safeguarding concern", true, "You"},
		} {
			path := raise(t, c.who, c.form)
			body := wantPage(t, c.who, path, 200)
			if !strings.Contains(flashOf(body), "will read it") {
				t.Errorf("%s: the confirmation %q does not say who reads it", c.form.Get("kind"), flashOf(body))
			}
			wantAll(t, c.form.Get("kind")+"'s page", body, "<dt>Who reads it</dt><dd>"+c.flash)
			wantAll(t, c.form.Get("kind")+"'s page", body, "<h1>"+c.label+"</h1>", c.form.Get("body"), "<dd>"+c.aboutOnThePage, ">Open</span>")
			if got := strings.Contains(body, "Wellbeing service") && strings.Contains(body, "call the emergency services first"); got != c.supportOnPage {
				t.Errorf("%s's page shows the support links and the emergency sentence: %v, want %v", c.form.Get("kind"), got, c.supportOnPage)
			}
			wantNone(t, "the raiser's page", body, "Handling record", "Resolve the concern")
		}
		body := wantPage(t, mentee, "/concerns", 200)
		wantAll(t, "the mentee's concerns", body, "Concerns you raised", "A request to change mentor", "A formal complaint", "Not yet")
		wantNone(t, "a member's concerns", body, "Concerns to handle", "Mina said she is not sleeping.")
	})
}

func TestRefusedConcernKeepsWhatWasTyped(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentee := w.as(t, w.mentee)
		resp, body := mentee.post("/concerns", url.Values{"body": {"Something is wrong & I want to say it <carefully>."}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no kind: %d, want 422", resp.StatusCode)
		}
		wantAll(t, "the refused form", body, "Choose what kind of concern this is.", `id="kind-error"`, "Something is wrong &amp; I want to say it &lt;carefully&gt;.", `href="#form-concern"`,
			"Wellbeing service")
		resp, body = mentee.post("/concerns", url.Values{"kind": {"welfare"}, "about_coordinator": {"on"}, "body": {"   "}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("empty text: %d, want 422", resp.StatusCode)
		}
		wantAll(t, "the refused welfare form", body, "What happened is required.", `<textarea id="body" name="body" rows="8" aria-invalid="true"`, `value="welfare" checked`,
			`name="about_coordinator" checked`, `<p id="emergency" class="emergency">`)
		resp, body = mentee.post("/concerns", url.Values{"kind": {"change_mentor"}, "body": {"Please find me someone in history."}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no partnership: %d, want 422", resp.StatusCode)
		}
		wantAll(t, "the refused change of mentor", body, "Choose the partnership this is about.", `<select id="partnership_id" name="partnership_id" aria-invalid="true"`, "Please find me someone in history.")
		if mine := wantPage(t, mentee, "/concerns", 200); strings.Contains(mine, `href="/concerns/1"`) || !strings.Contains(mine, "You have not raised any concern.") {
			t.Error("a refused concern was recorded")
		}
	})
}

func TestConcernReachesItsHandlersAndARematchEndsThePartnership(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentor, mentee, coord := w.as(t, w.mentor), w.as(t, w.mentee), w.as(t, w.coord)
		w.activate(t, mentor, mentee)
		if body := wantPage(t, mentee, w.base, 200); !strings.Contains(body, `<a href="/concerns/new?partnership=`+fmt.Sprint(w.partnership.ID)+`">Raise a concern about this partnership</a>`) {
			t.Error("the workspace does not offer to raise a concern about the partnership")
		}
		wantAll(t, "the coordinator's dashboard", wantPage(t, coord, "/", 200), "No open concerns.")

		const marker = "CONCERN-MARKER-5521 we do not get on"
		path := raise(t, mentee, url.Values{"kind": {"change_mentor"}, "partnership_id": {fmt.Sprint(w.partnership.ID)}, "body": {marker}})

		// The other party, another member and another coordinator are told it does not exist.
		otherCoord := w.env.MustUser(t, "Oakley Coordinator", tandem.RoleCoordinator)
		w.env.MustProgramme(t, otherCoord, "pals")
		for name, b := range map[string]*browser{"the mentor": mentor, "a stranger": w.as(t, w.env.MustUser(t, "Sam Stranger", tandem.RoleMember)), "another coordinator": w.as(t, otherCoord)} {
			if resp, _ := b.get(path); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", name, path, resp.StatusCode)
			}
			if resp, _ := b.post(path+"/notes", url.Values{"form": {"note"}, "body": {"x"}}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s adding a note: %d, want 404", name, resp.StatusCode)
			}
			if resp, _ := b.post(path+"/resolve", url.Values{"form": {"resolve"}, "outcome": {"rematch"}, "resolution": {"x"}}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s resolving: %d, want 404", name, resp.StatusCode)
			}
			wantNone(t, name+"'s concerns", wantPage(t, b, "/concerns", 200), marker, `href="`+path+`"`)
		}
		if resp, _ := mentee.post(path+"/resolve", url.Values{"form": {"resolve"}, "outcome": {"no_action"}, "resolution": {"x"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the raiser resolving their own concern: %d, want 403", resp.StatusCode)
		}

		// The coordinator sees it first in their count, then in their list.
		wantAll(t, "the coordinator's dashboard", wantPage(t, coord, "/", 200), "1 open concern", `<a class="btn small" href="/concerns">`)
		wantAll(t, "the coordinator's concerns", wantPage(t, coord, "/concerns", 200), "Concerns to handle", `href="`+path+`"`, "A request to change mentor", "Mina Mentee", w.prog.Name)
		body := wantPage(t, coord, path, 200)
		wantAll(t, "the handler's page", body, marker, "Raised by Mina Mentee", "Handling record", "Resolve the concern",
			"What was done (the person who raised it reads this)", `<option value="rematch" >Partnership ended; the mentee will be matched again</option>`,
			"end the partnership now")

		// Notes are for handlers: a refused one keeps the form, a saved one stays from the raiser.
		resp, body := coord.post(path+"/notes", url.Values{"form": {"note"}, "body": {" "}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="note-body-error"`) {
			t.Errorf("an empty note: %d, want the page with the note's error", resp.StatusCode)
		}
		wantRedirect(t, coord, path+"/notes", url.Values{"form": {"note"}, "body": {"HANDLING-MARKER-3310 spoke to both on Tuesday"}}, path+"#concern-note-")
		wantAll(t, "the handler's page", wantPage(t, coord, path, 200), "HANDLING-MARKER-3310")
		wantNone(t, "the raiser's page", wantPage(t, mentee, path, 200), "HANDLING-MARKER-3310", "Handling record")

		// A refused resolution keeps what was typed.
		resp, body = coord.post(path+"/resolve", url.Values{"form": {"resolve"}, "resolution": {"We met and agreed a rematch."}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no outcome: %d, want 422", resp.StatusCode)
		}
		wantAll(t, "the refused resolution", body, "Choose the outcome.", "We met and agreed a rematch.", `href="#form-resolve"`)

		wantRedirect(t, coord, path+"/resolve", url.Values{"form": {"resolve"}, "outcome": {"rematch"}, "resolution": {"RESOLUTION-MARKER-8080 Mina will be matched again."}}, path)
		body = wantPage(t, coord, path, 200)
		wantAll(t, "the resolved concern", flashOf(body), "The concern is resolved. Mina Mentee can read what was done.", "The partnership has ended")
		wantNone(t, "the resolved concern", body, "Resolve the concern")
		wantAll(t, "the coordinator's dashboard", wantPage(t, coord, "/", 200), "No open concerns.")

		wantAll(t, "the raiser's concerns", wantPage(t, mentee, "/concerns", 200), "Resolved", "Partnership ended; the mentee will be matched again", "RESOLUTION-MARKER-8080")
		for name, b := range map[string]*browser{"mentor": mentor, "mentee": mentee} {
			body := wantPage(t, b, w.base, 200)
			wantAll(t, "the "+name+"'s workspace", body, "the coordinator ended this partnership", "The coordinator ended this partnership.", ">Withdrawn<")
			wantNone(t, "the "+name+"'s workspace", body, "ended it)", "Raise a concern about this partnership", "RESOLUTION-MARKER-8080", marker)
		}
		if resp, _ := coord.post(path+"/resolve", url.Values{"form": {"resolve"}, "outcome": {"talked"}, "resolution": {"again"}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("resolving twice: %d, want 409", resp.StatusCode)
		}
	})
}

func TestComplaintAboutTheCoordinatorGoesToTheAdmins(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentee, coord, admin := w.as(t, w.mentee), w.as(t, w.coord), w.as(t, w.env.Admin)
		const marker = "COMPLAINT-MARKER-4242 the coordinator shared my application"
		path := raise(t, mentee, url.Values{"kind": {"complaint"}, "about_coordinator": {"on"}, "programme_id": {fmt.Sprint(w.prog.ID)}, "body": {marker}})
		if resp, _ := coord.get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("the coordinator reading a complaint about them: %d, want 404", resp.StatusCode)
		}
		wantNone(t, "the coordinator's concerns", wantPage(t, coord, "/concerns", 200), marker, `href="`+path+`"`)
		wantAll(t, "the coordinator's dashboard", wantPage(t, coord, "/", 200), "No open concerns.")

		wantAll(t, "the admin's dashboard", wantPage(t, admin, "/", 200), "1 open concern")
		wantAll(t, "the admin's concerns", wantPage(t, admin, "/concerns", 200), `href="`+path+`"`, "A formal complaint", "About the coordinator")
		body := wantPage(t, admin, path, 200)
		wantAll(t, "the admin's page", body, marker, "<dd>The coordinator", "The organisation&#39;s admins; never the other person", "Resolve the concern")
		// Not about a partnership: there is none to end, so the form does not offer it.
		wantNone(t, "the admin's page", body, `<option value="rematch"`, `<option value="ended"`)
		wantRedirect(t, admin, path+"/resolve", url.Values{"form": {"resolve"}, "outcome": {"referred"}, "resolution": {"Referred to HR under the complaints procedure."}}, path)
		wantAll(t, "the raiser's page", wantPage(t, mentee, path, 200), "Referred to support or the formal procedure", "Referred to HR under the complaints procedure.")
	})
}

func TestEveryPageOffersToRaiseAConcern(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentee := w.as(t, w.mentee)
		for _, path := range []string{"/", "/profile", w.base, "/concerns"} {
			body := wantPage(t, mentee, path, 200)
			_, footer, _ := strings.Cut(body, `<footer class="site">`)
			wantAll(t, path+"'s footer", footer, "Need support?", `<a href="https://wellbeing.northfield.test" rel="noopener">Wellbeing service</a>`, `<a href="/concerns/new">Raise a concern</a>`)
		}
		// Signed out, the footer still gives the support links, not the form.
		body := wantPage(t, newBrowser(t, w.srv), "/", 200)
		wantAll(t, "the signed-out home page", body, "Wellbeing service")
		wantNone(t, "the signed-out home page", body, `href="/concerns/new"`)
	})
}

func TestConcernTextRendersInert(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentee, coord := w.as(t, w.mentee), w.as(t, w.coord)
		const payload = `<script>alert("x")</script><img src=x onerror=alert(1)>`
		path := raise(t, mentee, url.Values{"kind": {"match"}, "partnership_id": {fmt.Sprint(w.partnership.ID)}, "body": {payload}})
		wantRedirect(t, coord, path+"/notes", url.Values{"form": {"note"}, "body": {payload}}, path)
		for name, b := range map[string]*browser{"handler": coord, "raiser": mentee} {
			body := wantPage(t, b, path, 200)
			wantAll(t, "the "+name+"'s page", body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
			wantNone(t, "the "+name+"'s page", body, payload, "<img src=x", "<script>")
		}
		wantNone(t, "the handler's list", wantPage(t, coord, "/concerns", 200), "<script>")
	})
}
