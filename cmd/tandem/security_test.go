package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// The payload of the cross-site scripting tests: a script element, an event
// handler and both quotes, so that it breaks out of text, attributes and
// textareas alike if anything writes it unescaped.
const xssPayload = `<script>alert(1)</script><img src=x onerror=alert(2)>"'`

// xss is the payload with a marker that tells the fields apart.
func xss(marker string) string { return xssPayload + marker }

// escapedXSS is how html/template writes xss(marker), in text and in quoted
// attributes alike.
func escapedXSS(marker string) string {
	return "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#34;&#39;" + marker
}

// rawXSS reports the first unescaped piece of the payload in body, if any.
func rawXSS(body string) string {
	lower := strings.ToLower(body)
	for _, bad := range []string{"<script>alert(1)", "<img src=x onerror", `&gt;"'`, `>"'`} {
		if strings.Contains(lower, bad) {
			return bad
		}
	}
	return jsURLRe.FindString(lower)
}

// jsURLRe finds a javascript: address where a browser would follow it.
var jsURLRe = regexp.MustCompile(`(href|src|action|formaction)\s*=\s*["']?\s*javascript:`)

var (
	formRe     = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	inputRe    = regexp.MustCompile(`(?s)<input\b([^>]*)>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`(?s)<option\b([^>]*)>(.*?)</option>`)
	attrRe     = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9_-]*)(?:="([^"]*)")?`)
)

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

// pageForm returns what a browser would send from the first form on body
// whose opening tag contains sel (its action, or its id): the inputs' values,
// checked boxes and radios, textareas, and each select's chosen option.
func pageForm(t *testing.T, body, sel string) url.Values {
	t.Helper()
	for _, f := range formRe.FindAllStringSubmatch(body, -1) {
		if !strings.Contains(f[1], sel) {
			continue
		}
		v := url.Values{}
		for _, m := range inputRe.FindAllStringSubmatch(f[2], -1) {
			a := attrs(m[1])
			name := a["name"]
			switch a["type"] {
			case "submit", "button", "file", "image", "reset":
				continue
			case "checkbox", "radio":
				if _, checked := a["checked"]; !checked {
					continue
				}
				if _, ok := a["value"]; !ok {
					a["value"] = "on"
				}
			}
			if name != "" {
				v.Add(name, a["value"])
			}
		}
		for _, m := range textareaRe.FindAllStringSubmatch(f[2], -1) {
			if name := attrs(m[1])["name"]; name != "" {
				v.Add(name, html.UnescapeString(m[2]))
			}
		}
		for _, m := range selectRe.FindAllStringSubmatch(f[2], -1) {
			name := attrs(m[1])["name"]
			chosen, first := "", ""
			for i, o := range optionRe.FindAllStringSubmatch(m[2], -1) {
				a := attrs(o[1])
				val, ok := a["value"]
				if !ok {
					val = strings.TrimSpace(html.UnescapeString(o[2]))
				}
				if i == 0 {
					first = val
				}
				if _, sel := a["selected"]; sel {
					chosen = val
				}
			}
			if chosen == "" {
				chosen = first
			}
			if name != "" {
				v.Add(name, chosen)
			}
		}
		return v
	}
	t.Fatalf("no form matching %q on the page", sel)
	return nil
}

// secWorld is a server over a test environment with a programme and a pair in
// it, and signed-in browsers for each of the people involved.
type secWorld struct {
	env    *testutil.Env
	srv    *httptest.Server
	coord  *tandem.User
	mentor *tandem.User
	mentee *tandem.User
	b      map[string]*browser // "admin", "coord", "mentor", "mentee", "anon"
}

func newSecWorld(t *testing.T, db *store.DB) *secWorld {
	t.Helper()
	env := testutil.NewEnv(t, db)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := newHandler(env.App, log, false)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	w := &secWorld{env: env, srv: srv, b: map[string]*browser{}}
	w.coord = env.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
	w.mentor = env.MustUser(t, "Morgan Mentor", tandem.RoleMember)
	w.mentee = env.MustUser(t, "Mina Mentee", tandem.RoleMember)
	w.signInAll(t)
	return w
}

// signInAll (re)opens a session for everyone, as after the clock has moved
// past the sessions' lifetime.
func (w *secWorld) signInAll(t *testing.T) {
	t.Helper()
	for who, u := range map[string]*tandem.User{"admin": w.env.Admin, "coord": w.coord, "mentor": w.mentor, "mentee": w.mentee} {
		b := newBrowser(t, w.srv)
		if resp, _ := b.post("/signin", url.Values{"email": {u.Email}, "password": {testutil.Password}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in as %s: %d", who, resp.StatusCode)
		}
		w.b[who] = b
	}
	w.b["anon"] = newBrowser(t, w.srv)
}

// submit fetches from, fills the form matching sel with set (a value per
// name; for a name the form has several times, the last one is set) and
// posts it, expecting a redirect.
func (w *secWorld) submit(t *testing.T, who, from, sel, action string, set url.Values) string {
	t.Helper()
	b := w.b[who]
	v := url.Values{}
	if from != "" {
		v = pageForm(t, wantPage(t, b, from, 200), sel)
	}
	for name, vals := range set {
		if old := v[name]; len(old) > 1 {
			old[len(old)-1] = vals[0]
			continue
		}
		v[name] = vals
	}
	return wantRedirect(t, b, action, v, strings.SplitN(action, "?", 2)[0][:1])
}

// xssField is one text field a person can write (marked in the payload by
// marker), the form that writes it, and the pages (the viewer, then the
// page) that show what was written.
type xssField struct {
	marker, field, form string
	pages               []string
}

// storedXSSFields is the table of TestStoredXSS: 42 fields, each checked on
// the pages that show it; every one of the test's pages is also checked for
// the payload unescaped.
var storedXSSFields = []xssField{
	{"m01", "organisation name", "POST /admin/organisation", []string{"anon signin", "admin organisation", "admin people", "admin audit", "coord programme", "coord participants", "mentee workspace", "mentee agreement", "mentee print", "mentee meeting", "mentee not found", "mentor dashboard"}},
	{"m02", "department", "POST /admin/organisation, then POST /profile", []string{"admin organisation", "coord participants", "coord matching", "mentee profile", "mentee join"}},
	{"m03", "career stage", "POST /admin/organisation", []string{"admin organisation", "coord edit", "mentee profile", "mentee join"}},
	{"m04", "support link label", "POST /admin/organisation", []string{"anon signin", "admin organisation", "coord programme", "mentee workspace", "mentee meeting", "mentee not found", "mentor agreement"}},
	{"m05", "programme name", "POST /programmes", []string{"admin dashboard", "admin audit", "coord programmes", "coord programme", "coord edit", "coord participants", "coord matching", "coord partnerships", "mentee programmes", "mentee programme", "mentee join", "mentee dashboard", "mentee workspace", "mentee print", "mentee activity", "mentee shortlist"}},
	{"m06", "programme description", "POST /programmes/{id}", []string{"coord edit", "coord programme", "mentee programme", "mentor programme"}},
	{"m07", "cadence text", "POST /programmes/{id}", []string{"coord edit", "coord programme", "coord programmes", "mentee programmes", "mentee programme"}},
	{"m08", "mentor eligibility", "POST /programmes/{id}", []string{"coord edit", "mentee join", "mentee programme"}},
	{"m09", "mentee eligibility", "POST /programmes/{id}", []string{"coord edit", "mentee join", "mentee programme"}},
	{"m10", "agreement section title", "POST /programmes/{id}", []string{"coord edit", "mentee agreement", "mentee version", "mentee print", "mentor agreement", "mentor print"}},
	{"m11", "agreement section prompt", "POST /programmes/{id}", []string{"coord edit"}},
	{"m12", "mentor's name", "POST /profile", []string{"mentor profile", "admin people", "coord participants", "coord matching", "coord partnerships", "mentee dashboard", "mentee workspace", "mentee agreement", "mentee print", "mentee meeting"}},
	{"m13", "mentee's name", "POST /profile", []string{"mentee profile", "admin people", "coord participants", "coord matching", "coord partnerships", "mentor dashboard", "mentor workspace", "mentor agreement", "mentor print", "mentor meeting"}},
	{"m14", "expertise", "POST /profile", []string{"mentee profile", "mentee join"}},
	{"m15", "topics", "POST /profile", []string{"mentee profile", "mentee join", "coord participants"}},
	{"m16", "goals", "POST /profile", []string{"mentee profile", "mentee join"}},
	{"m17", "background", "POST /profile", []string{"mentee profile", "mentee join"}},
	{"m18", "availability", "POST /profile", []string{"mentee profile", "mentee join"}},
	{"m19", "languages", "POST /profile", []string{"mentee profile", "mentee join"}},
	{"m20", "about", "POST /profile", []string{"mentee profile", "mentee join"}},
	{"m21", "mentor's application", "POST /programmes/{id}/join", []string{"coord participants"}},
	{"m22", "mentee's application", "POST /programmes/{id}/join", []string{"coord participants"}},
	{"m23", "API token name", "POST /profile/tokens", []string{"mentee profile"}},
	{"m24", "agreement section text", "POST /partnerships/{id}/agreement", []string{"mentee agreement", "mentee version", "mentee print", "mentor agreement", "mentor print"}},
	{"m25", "meeting venue", "POST /partnerships/{id}/meetings", []string{"mentee workspace", "mentee meeting", "mentor workspace", "mentor meeting"}},
	{"m26", "meeting agenda", "POST /partnerships/{id}/meetings", []string{"mentee workspace", "mentee meeting", "mentor workspace", "mentor meeting"}},
	{"m27", "message with another time", "POST /partnerships/{id}/meetings/{mid}/move", []string{"mentee workspace", "mentor workspace"}},
	{"m28", "message with a cancellation", "POST /partnerships/{id}/meetings/{mid}/cancel", []string{"mentee workspace", "mentor workspace"}},
	{"m29", "note", "POST /partnerships/{id}/notes", []string{"mentee workspace", "mentor workspace"}},
	{"m30", "goal title", "POST /partnerships/{id}/goals", []string{"mentee workspace", "mentee meeting", "mentor workspace", "mentor meeting"}},
	{"m31", "goal detail", "POST /partnerships/{id}/goals", []string{"mentee workspace", "mentor workspace"}},
	{"m32", "action title", "POST /partnerships/{id}/actions", []string{"mentee workspace", "mentee meeting", "mentor workspace", "mentor meeting"}},
	{"m33", "review: going well", "POST /partnerships/{id}/reviews", []string{"mentee workspace", "mentor workspace"}},
	{"m34", "review: to change", "POST /partnerships/{id}/reviews", []string{"mentee workspace", "mentor workspace"}},
	{"m35", "reason for declining", "POST /partnerships/{id}/respond", []string{"coord partnerships", "coord matching"}},
	{"m36", "imported name", "POST /programmes/{id}/participants/import", []string{"coord participants", "coord matching", "admin people"}},
	{"m37", "imported topics", "POST /programmes/{id}/participants/import", []string{"coord participants"}},
	{"m38", "closing record: goals achieved", "POST /partnerships/{id}/closure", []string{"mentee workspace", "mentor workspace"}},
	{"m39", "closing record: keeping in touch", "POST /partnerships/{id}/closure", []string{"mentee workspace", "mentor workspace"}},
	{"m40", "feedback comments", "POST /partnerships/{id}/feedback", []string{"mentee workspace"}},
	// Pulse check-ins: the author's page; a shared word also on the coordinator's.
	{"m41", "pulse word, kept", "POST /partnerships/{id}/pulse", []string{"mentee pulse"}},
	{"m42", "pulse word, shared", "POST /partnerships/{id}/pulse", []string{"mentor pulse", "coord partnerships"}},
}

// TestStoredXSS writes the payload into every text field a person can fill
// in, then reads every page of every role: the payload never comes back
// unescaped, and each field's escaped text is on each page that shows it.
func TestStoredXSS(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)
		ctx := context.Background()
		org := "/admin/organisation"

		// The organisation's settings (admin).
		v := pageForm(t, wantPage(t, w.b["admin"], org, 200), `action="/admin/organisation"`)
		v.Set("name", xss("m01"))
		v.Set("departments", v.Get("departments")+"\n"+xss("m02"))
		v.Set("career_stages", v.Get("career_stages")+"\n"+xss("m03"))
		v.Set("support_links", v.Get("support_links")+"\n"+xss("m04")+" | https://help.northfield.test/")
		wantRedirect(t, w.b["admin"], org, v, org)

		// A programme (coordinator): its name, description and texts, and a
		// section of its agreement template.
		loc := w.submit(t, "coord", "/programmes/new", `action="/programmes"`, "/programmes", url.Values{"template": {"pals"}, "name": {xss("m05")}})
		prog := strings.TrimSuffix(loc, "/edit")
		w.submit(t, "coord", prog+"/edit", `action="`+prog+`"`, prog, url.Values{
			"description": {xss("m06")}, "cadence_text": {xss("m07")},
			"mentor_eligibility": {xss("m08")}, "mentee_eligibility": {xss("m09")},
			"section_title": {xss("m10")}, "section_prompt": {xss("m11")},
		})

		// Profiles, applications and API token names (the pair).
		w.submit(t, "mentor", "/profile", `action="/profile"`, "/profile", url.Values{"name": {xss("m12")}, "department": {"Physics"}, "career_stage": {"professor"}})
		w.submit(t, "mentee", "/profile", `action="/profile"`, "/profile", url.Values{
			"name": {xss("m13")}, "department": {xss("m02")}, "career_stage": {"phd"},
			"expertise": {xss("m14")}, "topics": {xss("m15")}, "goals": {xss("m16")}, "background": {xss("m17")},
			"availability": {xss("m18")}, "languages": {xss("m19")}, "about": {xss("m20")},
		})
		w.submit(t, "mentor", prog+"/join", `action="`+prog+`/join"`, prog+"/join", url.Values{"roles": {"mentor"}, "application": {xss("m21")}})
		w.submit(t, "mentee", prog+"/join", `action="`+prog+`/join"`, prog+"/join", url.Values{"roles": {"mentee"}, "application": {xss("m22")}})
		if resp, body := w.b["mentee"].post("/profile/tokens", url.Values{"token_name": {xss("m23")}}); resp.StatusCode != 200 || rawXSS(body) != "" {
			t.Fatalf("create a token: %d %s", resp.StatusCode, rawXSS(body))
		}

		// The pair is introduced, confirms, and writes everything a
		// partnership holds.
		pid := w.introduce(t, prog)
		base := fmt.Sprintf("/partnerships/%d", pid)
		for _, who := range []string{"mentor", "mentee"} {
			wantRedirect(t, w.b[who], base+"/respond", url.Values{"event": {"confirm"}, "return": {"workspace"}}, base)
		}
		ag := pageForm(t, wantPage(t, w.b["mentee"], base+"/agreement", 200), `action="`+base+`/agreement"`)
		for name := range ag {
			if strings.HasPrefix(name, "section-") {
				ag.Set(name, xss("m24"))
			}
		}
		wantRedirect(t, w.b["mentee"], base+"/agreement", ag, base+"/agreement")
		for _, who := range []string{"mentor", "mentee"} {
			wantRedirect(t, w.b[who], base+"/agreement/sign", url.Values{"version": {"1"}}, base+"/agreement")
		}
		w.submit(t, "mentee", base, `id="form-propose"`, base+"/meetings", url.Values{"starts": {"2026-10-12T14:00"}, "venue": {xss("m25")}, "agenda": {xss("m26")}})
		w.submit(t, "mentee", base, `id="form-propose"`, base+"/meetings", url.Values{"starts": {"2026-10-13T14:00"}, "venue": {"Room 5"}})
		w.submit(t, "mentee", base, `id="form-propose"`, base+"/meetings", url.Values{"starts": {"2026-10-14T14:00"}, "venue": {"Room 6"}})
		ms, err := w.env.Store.Meetings(ctx, pid)
		if err != nil || len(ms) != 3 {
			t.Fatalf("meetings: %v %d", err, len(ms))
		}
		meeting := fmt.Sprintf("%s/meetings/%d", base, ms[0].ID)
		w.submit(t, "mentor", base, fmt.Sprintf(`action="%s/meetings/%d/move"`, base, ms[1].ID), fmt.Sprintf("%s/meetings/%d/move", base, ms[1].ID),
			url.Values{"starts": {"2026-10-15T14:00"}, "message": {xss("m27")}})
		w.submit(t, "mentor", base, fmt.Sprintf(`action="%s/meetings/%d/cancel"`, base, ms[2].ID), fmt.Sprintf("%s/meetings/%d/cancel", base, ms[2].ID),
			url.Values{"message": {xss("m28")}})
		w.submit(t, "mentee", base, `id="form-note"`, base+"/notes", url.Values{"body": {xss("m29")}})
		w.submit(t, "mentee", base, `id="form-goal"`, base+"/goals", url.Values{"horizon": {"short"}, "title": {xss("m30")}, "detail": {xss("m31")}})
		w.submit(t, "mentor", base, `id="form-action"`, base+"/actions", url.Values{"title": {xss("m32")}, "owner": {"mentee"}})
		w.submit(t, "mentor", base, `id="form-review"`, base+"/reviews", url.Values{"meets_needs": {"partly"}, "going_well": {xss("m33")}, "to_change": {xss("m34")}})

		// A second pair in the programme withdraws, with a reason for the coordinator.
		other := w.env.MustPairIn(t, w.coord, w.programme(t, prog), "Olly Mentor", "Pat Mentee")
		ob := newBrowser(t, w.srv)
		ob.post("/signin", url.Values{"email": {other.Mentor.Email}, "password": {testutil.Password}})
		obase := fmt.Sprintf("/partnerships/%d", other.Partnership.ID)
		wantRedirect(t, ob, obase+"/respond", url.Values{"event": {"decline"}, "reason": {xss("m35")}}, "/")

		// Participants imported from a file (coordinator).
		csvFile := "email,name,role,department,career_stage,topics\nimported@northfield.test," + csvCell(xss("m36")) + ",mentee,Physics,phd," + csvCell(xss("m37")) + "\n"
		if resp, body := w.b["coord"].upload(prog+"/participants/import", "file", "people.csv", csvFile); resp.StatusCode != 200 {
			t.Fatalf("import: %d %s", resp.StatusCode, alertOf(body))
		}

		// Near the term's end the pair closes: the closing record and feedback.
		w.env.Clock.Set(w.env.Clock.Now().AddDate(0, 11, 15))
		w.signInAll(t)
		w.submit(t, "mentee", base+"/pulse", `id="form-pulse"`, base+"/pulse", url.Values{"score": {"2"}, "word": {xss("m41")}})
		w.submit(t, "mentor", base+"/pulse", `id="form-pulse"`, base+"/pulse", url.Values{"score": {"4"}, "word": {xss("m42")}, "share": {"on"}})
		wantRedirect(t, w.b["mentee"], base+"/respond", url.Values{"event": {"close"}, "return": {"workspace"}}, base)
		w.submit(t, "mentor", base, `id="form-closure"`, base+"/closure", url.Values{"goals_achieved": {xss("m38")}, "keep_in_touch": {xss("m39")}})
		w.submit(t, "mentee", base, `id="form-feedback"`, base+"/feedback", url.Values{"rating": {"4"}, "comments": {xss("m40")}, "share": {"on"}})

		pages := map[string]string{
			"anon signin":          "/signin",
			"admin dashboard":      "/",
			"admin organisation":   org,
			"admin people":         "/admin/people",
			"admin audit":          "/admin/audit",
			"coord dashboard":      "/",
			"coord programmes":     "/programmes",
			"coord programme":      prog,
			"coord edit":           prog + "/edit",
			"coord participants":   prog + "/participants",
			"coord matching":       prog + "/matching",
			"coord partnerships":   prog + "/partnerships",
			"mentor dashboard":     "/",
			"mentor profile":       "/profile",
			"mentor programme":     prog,
			"mentor workspace":     base,
			"mentor agreement":     base + "/agreement",
			"mentor print":         base + "/agreement/print",
			"mentor meeting":       meeting,
			"mentee dashboard":     "/",
			"mentee profile":       "/profile",
			"mentee programmes":    "/programmes",
			"mentee programme":     prog,
			"mentee join":          prog + "/join",
			"mentee workspace":     base,
			"mentee agreement":     base + "/agreement",
			"mentee version":       base + "/agreement/versions/1",
			"mentee print":         base + "/agreement/print",
			"mentee meeting":       meeting,
			"mentee activity":      "/profile/activity",
			"mentee reminders":     "/profile/reminders",
			"mentee shortlist":     prog + "/shortlist",
			"mentee pulse":         base + "/pulse",
			"mentor pulse":         base + "/pulse",
			"mentee not found":     "/programmes/999999",
			"mentee unknown route": base + "/nowhere",
		}
		bodies := map[string]string{}
		for name, path := range pages {
			who := strings.Fields(name)[0]
			resp, body := w.b[who].get(path)
			if resp.StatusCode >= 500 {
				t.Errorf("%s (GET %s): %d", name, path, resp.StatusCode)
			}
			if bad := rawXSS(body); bad != "" {
				i := strings.Index(strings.ToLower(body), bad)
				t.Errorf("%s (GET %s) holds %q unescaped: …%s…", name, path, bad, body[max(0, i-200):min(len(body), i+100)])
			}
			bodies[name] = body
		}
		for _, f := range storedXSSFields {
			for _, page := range f.pages {
				body, ok := bodies[page]
				if !ok {
					t.Fatalf("%s: no page %q", f.marker, page)
				}
				if !strings.Contains(body, escapedXSS(f.marker)) {
					var on []string
					for name, body := range bodies {
						if strings.Contains(body, escapedXSS(f.marker)) {
							on = append(on, name)
						}
					}
					slices.Sort(on)
					t.Errorf("%s (%s, %s): not shown escaped on %s; shown on %q", f.marker, f.field, f.form, page, on)
				}
			}
		}
	})
}

// introduce makes the mentor and mentee of w a pair in the programme at
// path prog, as a published matching would.
func (w *secWorld) introduce(t *testing.T, prog string) int64 {
	t.Helper()
	ctx := context.Background()
	p := w.programme(t, prog)
	var mentorM, menteeM tandem.Membership
	for _, u := range []*tandem.User{w.mentor, w.mentee} {
		ms, err := w.env.App.MyMemberships(ctx, u)
		if err != nil || len(ms) != 1 {
			t.Fatalf("memberships of %s: %v %d", u.Email, err, len(ms))
		}
		if ms[0].Status != tandem.MemberApproved {
			if _, err := w.env.App.Decide(ctx, w.coord, p.ID, ms[0].ID, true); err != nil {
				t.Fatal(err)
			}
		}
		if u == w.mentor {
			mentorM = ms[0]
		} else {
			menteeM = ms[0]
		}
	}
	now := w.env.Clock.Now()
	ps := &tandem.Partnership{ProgrammeID: p.ID, MentorMembershipID: mentorM.ID, MenteeMembershipID: menteeM.ID, MentorID: w.mentor.ID, MenteeID: w.mentee.ID,
		State: tandem.PartnershipIntroduced, Explanation: "Introduced by a test.", CreatedAt: now, UpdatedAt: now}
	if err := w.env.Store.CreatePartnership(ctx, ps); err != nil {
		t.Fatal(err)
	}
	return ps.ID
}

// upload posts a file the way the import form does: multipart, with the CSRF token.
func (b *browser) upload(path, field, filename, content string) (*http.Response, string) {
	b.t.Helper()
	if b.cookie("tandem_csrf") == "" {
		b.get("/signin")
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", b.cookie("tandem_csrf"))
	fw, _ := mw.CreateFormFile(field, filename)
	io.WriteString(fw, content)
	mw.Close()
	resp, err := b.c.Post(b.srv.URL+path, mw.FormDataContentType(), &buf)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

// csvCell quotes a CSV value.
func csvCell(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// programme loads the programme at path prog ("/programmes/{id}").
func (w *secWorld) programme(t *testing.T, prog string) *tandem.Programme {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(prog, "/programmes/"), 10, 64)
	if err != nil {
		t.Fatalf("programme path %q", prog)
	}
	p, err := w.env.Store.Programme(context.Background(), w.env.Admin.OrgID, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
