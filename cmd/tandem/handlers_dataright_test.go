package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// drNotes gives the pair of w a shared note, a private note each, and a
// note that tries to run a script.
func drNotes(t *testing.T, w *pairWorld) {
	t.Helper()
	ctx, a, id := context.Background(), w.env.App, w.partnership.ID
	for _, n := range []struct {
		u  *tandem.User
		in app.NoteInput
	}{
		{w.mentee, app.NoteInput{Body: "SHARED-DR-1 reading list"}},
		{w.mentee, app.NoteInput{Private: true, Body: "MINE-DR-2 nervous about the viva"}},
		{w.mentor, app.NoteInput{Private: true, Body: "THEIRS-DR-3 seems tired"}},
		{w.mentee, app.NoteInput{Private: true, Body: `<script>alert("dr")</script>`}},
	} {
		if _, err := a.AddNote(ctx, n.u, id, n.in); err != nil {
			t.Fatal(err)
		}
	}
}

func drWant(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, s := range wants {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

func drWantNone(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, s := range unwanted {
		if strings.Contains(body, s) {
			t.Errorf("%s holds %q", what, s)
		}
	}
}

// TestMyDataPageAndDownload: a person reads and downloads their own data,
// their private notes included and the other party's not; the download is a
// dated attachment; signed-out visitors are sent to sign in.
func TestMyDataPageAndDownload(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		drNotes(t, w)
		mentee := w.as(t, w.mentee)

		body := wantPage(t, mentee, "/profile", http.StatusOK)
		drWant(t, "the profile page", body, `href="/profile/data"`, `href="/profile/data.json"`, `id="erase"`, `action="/profile/erase"`, "A former participant")

		body = wantPage(t, mentee, "/profile/data", http.StatusOK)
		drWant(t, "the data page", body, "Mina Mentee", w.mentee.Email, "Morgan Mentor", "SHARED-DR-1", "MINE-DR-2", "private to you", "PaLS", `&lt;script&gt;`)
		drWantNone(t, "the data page", body, "THEIRS-DR-3", `<script>alert`)

		resp, raw := mentee.get("/profile/data.json")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") != `attachment; filename="tandem-data-2026-10-05.json"` ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("download: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Type"))
		}
		var x app.DataExport
		if err := json.Unmarshal([]byte(raw), &x); err != nil {
			t.Fatal(err)
		}
		if x.Account.Email != w.mentee.Email || len(x.Partnerships) != 1 || x.Partnerships[0].OtherPerson != "Morgan Mentor" {
			t.Fatalf("downloaded: %+v", x)
		}
		drWant(t, "the download", raw, "MINE-DR-2")
		drWantNone(t, "the download", raw, "THEIRS-DR-3")

		anon := newBrowser(t, w.srv)
		for _, path := range []string{"/profile/data", "/profile/data.json", "/profile/erase"} {
			if resp, _ := anon.get(path); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
				t.Errorf("GET %s signed out: %d %q", path, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
	})
}

// TestEraseThroughTheProfile: a wrong confirmation keeps the account and
// does not echo what was typed; the right one deletes it, signs the person
// out for good, and leaves the mentor a former participant; the last admin
// is told why they cannot.
func TestEraseThroughTheProfile(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		drNotes(t, w)
		mentee, mentor := w.as(t, w.mentee), w.as(t, w.mentor)

		drWant(t, "the erase page", wantPage(t, mentee, "/profile/erase", http.StatusOK), "What the other person keeps", `name="confirm"`)
		resp, body := mentee.post("/profile/erase", url.Values{"confirm": {"Guessed-Secret-991"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(alertOf(body), "not deleted") || !strings.Contains(body, `id="confirm-error"`) {
			t.Fatalf("wrong confirmation: %d %q", resp.StatusCode, alertOf(body))
		}
		drWantNone(t, "the refused form", body, "Guessed-Secret-991")
		wantPage(t, mentee, "/profile", http.StatusOK)

		resp, _ = mentee.post("/profile/erase", url.Values{"confirm": {w.mentee.Email}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Fatalf("erase: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if mentee.cookie(app.SessionCookie) != "" {
			t.Error("the session cookie outlived the erasure")
		}
		if resp, _ := mentee.get("/profile"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the profile after erasure: %d", resp.StatusCode)
		}
		again := newBrowser(t, w.srv)
		if resp, _ := again.post("/signin", url.Values{"email": {w.mentee.Email}, "password": {testutil.Password}}); resp.StatusCode == http.StatusSeeOther {
			t.Error("the erased account signed in")
		}

		body = wantPage(t, mentor, w.base, http.StatusOK)
		drWant(t, "the mentor's workspace", body, "A former participant", "SHARED-DR-1", "THEIRS-DR-3", "Withdrawn")
		drWantNone(t, "the mentor's workspace", body, "Mina Mentee", "MINE-DR-2")

		admin := w.as(t, w.env.Admin)
		resp, body = admin.post("/profile/erase", url.Values{"confirm": {testutil.Password}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(alertOf(body), "only admin") {
			t.Fatalf("the last admin: %d %q", resp.StatusCode, alertOf(body))
		}
		drWantNone(t, "the admin's people list", wantPage(t, admin, "/admin/people", http.StatusOK), "A former participant", app.ErasedEmail(w.mentee.ID))
	})
}

// TestRetentionSetting: the admin sets the period on the organisation
// form; a nonsense value is refused next to its field.
func TestRetentionSetting(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		admin := w.as(t, w.env.Admin)
		form := url.Values{"name": {"Northfield University"}, "departments": {"Physics\nHistory\nChemistry"}, "time_zone": {"Europe/London"},
			"career_stages": {"PhD student\nProfessor"}, "support_links": {"Wellbeing | https://wellbeing.northfield.test"}}
		for _, bad := range []string{"121", "-1", "a year"} {
			form.Set("retention_months", bad)
			resp, body := admin.post("/admin/organisation", form)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="retention_months-error"`) {
				t.Errorf("retention %q: %d", bad, resp.StatusCode)
			}
		}
		form.Set("retention_months", "24")
		wantRedirect(t, admin, "/admin/organisation", form, "/admin/organisation")
		drWant(t, "the organisation form", wantPage(t, admin, "/admin/organisation", http.StatusOK), `name="retention_months"`, `value="24"`)
		o, err := w.env.App.Organisation(context.Background(), w.env.Admin)
		if err != nil || o.RetentionMonths != 24 {
			t.Fatalf("saved: %+v %v", o, err)
		}
	})
}

// TestAPIDataRights: GET /me/data is the caller's export; DELETE /me needs
// the confirmation, then the token stops working.
func TestAPIDataRights(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		env := testutil.NewEnv(t, db)
		srv := lifeServer(t, env)
		pair := env.MustPair(t, nil, "pals", "Morgan Mentor", "Mina Mentee")
		if _, err := env.App.AddNote(context.Background(), pair.Mentee, pair.Partnership.ID, app.NoteInput{Private: true, Body: "MINE-API-4"}); err != nil {
			t.Fatal(err)
		}
		mentee, mentor := signIn(t, srv, pair.Mentee), signIn(t, srv, pair.Mentor)
		x := mentee.want(200, "GET", "/api/v1/me/data", "")
		if dig(x, "account", "email") != pair.Mentee.Email || dig(x, "partnerships", 0, "other_person") != "Morgan Mentor" ||
			dig(x, "partnerships", 0, "notes", 0, "body") != "MINE-API-4" {
			t.Fatalf("export: %v", x)
		}
		if notes, _ := dig(mentor.want(200, "GET", "/api/v1/me/data", ""), "partnerships", 0, "notes").([]any); len(notes) != 0 {
			t.Fatalf("the mentor's export holds the mentee's private note: %v", notes)
		}
		mentee.refused(422, tandem.EInvalid, "DELETE", "/api/v1/me", `{"confirm":"wrong"}`, "confirm")
		mentee.refused(422, tandem.EInvalid, "DELETE", "/api/v1/me", `{}`, "confirm")
		mentee.want(204, "DELETE", "/api/v1/me", `{"confirm":"`+testutil.Password+`"}`)
		mentee.refused(401, tandem.EUnauthorized, "GET", "/api/v1/me/data", "")
		if p := dig(mentor.want(200, "GET", "/api/v1/me/partnerships", ""), 0); p == nil {
			t.Fatal("the mentor lost the partnership")
		}
		if x := mentor.want(200, "GET", "/api/v1/me/data", ""); dig(x, "partnerships", 0, "other_person") != app.FormerParticipant ||
			dig(x, "partnerships", 0, "state") != tandem.PartnershipWithdrawn {
			t.Fatalf("the mentor's export after the erasure: %v", dig(x, "partnerships", 0))
		}
	})
}

// TestRetentionCommand: `tandem retention` purges what is past the period
// once, and says so; a second run finds nothing.
func TestRetentionCommand(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(data, "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	env := testutil.NewEnv(t, db)
	// Long enough ago for any real clock this test runs under.
	env.Clock.Set(time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC))
	pair := env.MustPair(t, nil, "pals", "Morgan Mentor", "Mina Mentee")
	if _, err := env.App.AddNote(ctx, pair.Mentee, pair.Partnership.ID, app.NoteInput{Body: "OLD-NOTE-5"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.RespondToPartnership(ctx, pair.Mentee, app.RespondInput{PartnershipID: pair.Partnership.ID, Event: tandem.EventDecline}); err != nil {
		t.Fatal(err)
	}
	o := *env.Org
	o.RetentionMonths = 6
	if err := env.Store.UpdateOrganisation(ctx, &o); err != nil {
		t.Fatal(err)
	}
	db.Close()

	env2 := map[string]string{"TANDEM_DATA": data}
	out, _, err := runCmd(t, env2, "", "retention")
	if err != nil || !strings.Contains(out, "deleted the content of 1 ended partnership") {
		t.Fatalf("retention: %q %v", out, err)
	}
	out, _, err = runCmd(t, env2, "", "retention")
	if err != nil || !strings.Contains(out, "nothing to delete") {
		t.Fatalf("retention again: %q %v", out, err)
	}
}
