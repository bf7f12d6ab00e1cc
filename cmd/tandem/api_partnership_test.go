package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// member is one person using the JSON API with a token of theirs.
type member struct {
	t     *testing.T
	name  string
	srv   *httptest.Server
	c     *http.Client
	token string
}

// lifeServer runs the real handler over env's app, whose clock the test moves.
func lifeServer(t *testing.T, env *testutil.Env) *httptest.Server {
	t.Helper()
	h, err := newHandler(env.App, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// signIn signs u in with a session and makes an API token with it: the
// walk spans two years of the clock, far longer than a session lasts.
func signIn(t *testing.T, srv *httptest.Server, u *tandem.User) *member {
	t.Helper()
	m := &member{t: t, name: u.Name, srv: srv, c: newBrowser(t, srv).c}
	m.want(200, "POST", "/api/v1/session", fmt.Sprintf(`{"email":%q,"password":%q}`, u.Email, testutil.Password))
	m.token = dig(m.want(201, "POST", "/api/v1/tokens", `{"name":"partnership test"}`), "token").(string)
	return m
}

func (m *member) call(method, path, body string) (int, []byte, http.Header) {
	m.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, m.srv.URL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if m.token != "" {
		req.Header.Set("Authorization", "Bearer "+m.token)
	}
	resp, err := m.c.Do(req)
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, resp.Header
}

// want makes a request that must answer status, and returns the JSON body.
func (m *member) want(status int, method, path, body string) any {
	m.t.Helper()
	st, raw, _ := m.call(method, path, body)
	if st != status {
		m.t.Fatalf("%s: %s %s %s: %d, want %d: %s", m.name, method, path, body, st, status, raw)
	}
	var out any
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			m.t.Fatalf("%s: %s %s: not JSON: %s", m.name, method, path, raw)
		}
	}
	return out
}

// raw makes a request that must answer 200 and returns the body as it came.
func (m *member) raw(method, path string) string {
	m.t.Helper()
	st, raw, _ := m.call(method, path, "")
	if st != 200 {
		m.t.Fatalf("%s: %s %s: %d: %s", m.name, method, path, st, raw)
	}
	return string(raw)
}

// refused makes a request that must fail with status and code, naming
// each of fields among the error's fields.
func (m *member) refused(status int, code, method, path, body string, fields ...string) string {
	m.t.Helper()
	st, raw, _ := m.call(method, path, body)
	var e struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal(raw, &e); err != nil || st != status || e.Error.Code != code {
		m.t.Fatalf("%s: %s %s %s: %d %s, want %d %s", m.name, method, path, body, st, raw, status, code)
	}
	for _, f := range fields {
		if e.Error.Fields[f] == "" {
			m.t.Errorf("%s: %s %s: no message for field %q in %s", m.name, method, path, f, raw)
		}
	}
	return e.Error.Message
}

// dig walks decoded JSON by object keys and array indexes.
func dig(v any, path ...any) any {
	for _, k := range path {
		switch k := k.(type) {
		case string:
			o, _ := v.(map[string]any)
			v = o[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func id(v any, path ...any) string { return jsonID(dig(v, path...)) }

func isTime(t *testing.T, v any, want time.Time) bool {
	t.Helper()
	s, _ := v.(string)
	got, err := time.Parse(time.RFC3339Nano, s)
	return err == nil && got.Equal(want)
}

// find returns the element of a JSON array whose id is id.
func find(list any, id string) any {
	a, _ := list.([]any)
	for _, x := range a {
		if jsonID(dig(x, "id")) == id {
			return x
		}
	}
	return nil
}

// TestAPIPartnershipLife walks one partnership through its whole life over
// the JSON API, from introduction to closure with feedback, and a second
// pair that withdraws; outsiders and the coordinator are kept out of the
// pair's space, and the coordinator's view carries counts, not words.
func TestAPIPartnershipLife(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		env := testutil.NewEnv(t, db)
		srv := lifeServer(t, env)
		coordUser := env.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		pals := env.MustProgramme(t, coordUser, "pals")
		one := env.MustPairIn(t, coordUser, pals, "Morgan Mentor", "Dana Mentee")
		two := env.MustPairIn(t, coordUser, pals, "Riley Mentor", "Sam Mentee")
		activate := env.MustProgramme(t, coordUser, "activate")
		three := env.MustPairIn(t, coordUser, activate, "Jo Mentor", "Kit Mentee")

		mentor, mentee := signIn(t, srv, one.Mentor), signIn(t, srv, one.Mentee)
		outsider, coord := signIn(t, srv, two.Mentee), signIn(t, srv, coordUser)
		p := fmt.Sprintf("/api/v1/partnerships/%d", one.Partnership.ID)
		start := testutil.Epoch

		// Introduction: each confirms after aligning expectations; the term
		// starts when both have.
		w := mentee.want(200, "GET", p, "")
		if dig(w, "partnership", "state") != "introduced" || dig(w, "partnership", "other_name") != "Morgan Mentor" || dig(w, "partnership", "my_role") != "mentee" {
			t.Fatalf("introduction: %v", dig(w, "partnership"))
		}
		mentee.refused(422, "invalid", "POST", p+"/respond", `{"event":"shrug"}`)
		v := mentee.want(200, "POST", p+"/respond", `{"event":"confirm"}`)
		if dig(v, "state") != "introduced" || dig(v, "i_confirmed") != true || dig(v, "other_confirmed") != false {
			t.Fatalf("first confirmation: %v", v)
		}
		v = mentor.want(200, "POST", p+"/respond", `{"event":"confirm"}`)
		termEnds := start.AddDate(0, 12, 0)
		if dig(v, "state") != "active" || dig(v, "term") != 1.0 || !isTime(t, dig(v, "started_at"), start) || !isTime(t, dig(v, "term_ends_at"), termEnds) {
			t.Fatalf("both confirmed: %v", v)
		}
		mentor.refused(409, "conflict", "POST", p+"/respond", `{"event":"confirm"}`)

		// The second pair: one confirms, the other withdraws with a reason
		// for the coordinator alone.
		p2 := fmt.Sprintf("/api/v1/partnerships/%d", two.Partnership.ID)
		riley := signIn(t, srv, two.Mentor)
		outsider.want(200, "POST", p2+"/respond", `{"event":"confirm"}`)
		v = riley.want(200, "POST", p2+"/respond", `{"event":"withdraw","reason":"REASON-for-coordinator"}`)
		if dig(v, "state") != "withdrawn" || dig(v, "outcome") != "withdrawn" || dig(v, "ended_by_me") != true {
			t.Fatalf("withdrawal: %v", v)
		}
		for _, path := range []string{p2, "/api/v1/me/partnerships"} {
			if raw := outsider.raw("GET", path); strings.Contains(raw, "REASON-for-coordinator") || !strings.Contains(raw, `"ended_by_other": true`) {
				t.Fatalf("the other party's view of a withdrawal (%s): %s", path, raw)
			}
		}
		outsider.refused(409, "conflict", "POST", p2+"/respond", `{"event":"withdraw"}`)

		// A pair in a programme whose partnerships are not renewed.
		p3 := fmt.Sprintf("/api/v1/partnerships/%d", three.Partnership.ID)
		jo, kit := signIn(t, srv, three.Mentor), signIn(t, srv, three.Mentee)
		jo.want(200, "POST", p3+"/respond", `{"event":"confirm"}`)
		kit.want(200, "POST", p3+"/respond", `{"event":"confirm"}`)

		// The agreement: drafted from the template, edited in place while
		// nobody has signed, signed by both; a change then makes version 2,
		// which both sign again.
		a := mentee.want(200, "GET", p+"/agreement", "")
		if dig(a, "current") != nil || dig(a, "editable") != true || dig(a, "draft", 0, "key") != "topics" || len(dig(a, "versions").([]any)) != 0 {
			t.Fatalf("agreement before a draft: %v", a)
		}
		mentee.refused(422, "invalid", "PUT", p+"/agreement", `{"sections":{"topics":"`+strings.Repeat("x", 4001)+`"}}`, "topics")
		mentee.refused(422, "invalid", "PUT", p+"/agreement", `{"sectons":{}}`)
		v = mentee.want(200, "PUT", p+"/agreement", `{"sections":{"topics":"MARKER-topics-first","meetings":"Monthly, in the library"}}`)
		if dig(v, "version") != 1.0 || dig(v, "signed") != false {
			t.Fatalf("first draft: %v", v)
		}
		v = mentor.want(200, "PUT", p+"/agreement", `{"sections":{"topics":"MARKER-topics-edited"}}`)
		if dig(v, "version") != 1.0 || dig(v, "sections", 0, "text") != "MARKER-topics-edited" || dig(v, "sections", 1, "text") != "Monthly, in the library" {
			t.Fatalf("edited draft: %v", v)
		}
		mentee.refused(422, "invalid", "POST", p+"/agreement/sign", `{}`, "version")
		mentee.refused(409, "conflict", "POST", p+"/agreement/sign", `{"version":2}`)
		v = mentee.want(200, "POST", p+"/agreement/sign", `{"version":1}`)
		if dig(v, "mentee_signed_at") == nil || dig(v, "mentor_signed_at") != nil || dig(v, "signed") != false {
			t.Fatalf("one signature: %v", v)
		}
		v = mentor.want(200, "POST", p+"/agreement/sign", `{"version":1}`)
		if dig(v, "signed") != true || !isTime(t, dig(v, "signed_at"), start) {
			t.Fatalf("both signatures: %v", v)
		}
		env.Clock.Advance(time.Hour)
		v = mentor.want(200, "PUT", p+"/agreement", `{"sections":{"boundaries":"MARKER-boundaries"}}`)
		if dig(v, "version") != 2.0 || dig(v, "signed") != false || dig(v, "mentor_signed_at") != nil || dig(v, "mentee_signed_at") != nil {
			t.Fatalf("change after signing: %v", v)
		}
		a = mentee.want(200, "GET", p+"/agreement", "")
		if dig(a, "current", "version") != 2.0 || dig(a, "i_signed") != false || dig(a, "other_signed") != false ||
			dig(a, "versions", 1, "version") != 1.0 || dig(a, "versions", 1, "signed") != true || dig(a, "versions", 1, "sections", 0, "text") != "MARKER-topics-edited" {
			t.Fatalf("version 2 awaiting signatures: %v", a)
		}
		mentee.refused(409, "conflict", "POST", p+"/agreement/sign", `{"version":1}`)
		mentee.want(200, "POST", p+"/agreement/sign", `{"version":2}`)
		a = mentee.want(200, "GET", p+"/agreement", "")
		if dig(a, "i_signed") != true || dig(a, "other_signed") != false || dig(a, "signed") != false {
			t.Fatalf("version 2 signed by one: %v", a)
		}
		mentor.want(200, "POST", p+"/agreement/sign", `{"version":2}`)
		if w := mentor.want(200, "GET", p, ""); dig(w, "agreement", "current", "version") != 2.0 || dig(w, "agreement", "signed") != true {
			t.Fatalf("workspace agreement: %v", dig(w, "agreement"))
		}

		// Meetings: the mentee proposes two; the mentor moves one, which the
		// mentee accepts, and accepts the other.
		mentee.refused(422, "invalid", "POST", p+"/meetings", `{"starts":"","venue":""}`, "starts", "venue")
		mentee.refused(422, "invalid", "POST", p+"/meetings", `{"starts":"2026-01-01T10:00:00Z","venue":"Library"}`, "starts")
		mentee.refused(422, "invalid", "POST", p+"/meetings", `{"starts":"2026-10-07T14:00:00Z","video_url":"meet.example"}`, "video_url")
		m1 := mentee.want(201, "POST", p+"/meetings", `{"starts":"2026-10-07T14:00:00Z","venue":"MARKER-venue library","agenda":"MARKER-agenda-first"}`)
		m2 := mentee.want(201, "POST", p+"/meetings", `{"starts":"2026-10-21T14:00:00Z","minutes":45,"video_url":"https://meet.example/dana","agenda":"MARKER-agenda-second"}`)
		mid1, mid2 := id(m1, "id"), id(m2, "id")
		uid := dig(m1, "uid").(string)
		if dig(m1, "state") != "proposed" || dig(m1, "minutes") != 60.0 || dig(m1, "proposed_by_me") != true || uid == "" || dig(m2, "minutes") != 45.0 ||
			dig(m1, "starts_local") != "2026-10-07T15:00:00+01:00" {
			t.Fatalf("proposals: %v %v", m1, m2)
		}
		w = mentor.want(200, "GET", p, "")
		if dig(find(dig(w, "meetings"), mid1), "allowed", "accept") != true || dig(w, "next_meeting_id") != dig(m1, "id") {
			t.Fatalf("the mentor may accept: %v", dig(w, "meetings"))
		}
		if w := mentee.want(200, "GET", p, ""); dig(find(dig(w, "meetings"), mid1), "allowed", "accept") != false {
			t.Fatalf("the proposer may not accept: %v", dig(w, "meetings"))
		}
		mentee.refused(409, "conflict", "POST", p+"/meetings/"+mid1+"/accept", "")
		v = mentor.want(200, "POST", p+"/meetings/"+mid1+"/move", `{"starts":"2026-10-08T15:00:00Z","venue":"Staff café","message":"MARKER-move-message"}`)
		if dig(v, "uid") != uid || dig(v, "state") != "proposed" || dig(v, "proposed_by_me") != true || dig(v, "sequence") != 1.0 ||
			dig(v, "agenda") != "MARKER-agenda-first" || dig(v, "message") != "MARKER-move-message" {
			t.Fatalf("moved: %v", v)
		}
		v = mentee.want(200, "POST", p+"/meetings/"+mid1+"/accept", "")
		if dig(v, "state") != "accepted" || dig(v, "sequence") != 2.0 || !isTime(t, dig(v, "starts_at"), time.Date(2026, 10, 8, 15, 0, 0, 0, time.UTC)) {
			t.Fatalf("accepted: %v", v)
		}
		mentor.want(200, "POST", p+"/meetings/"+mid2+"/accept", "")

		// A third is cancelled with a message, a fourth without a body.
		m3 := mentor.want(201, "POST", p+"/meetings", `{"starts":"2026-11-04T10:00:00Z","venue":"Library"}`)
		v = mentee.want(200, "POST", p+"/meetings/"+id(m3, "id")+"/cancel", `{"message":"MARKER-cancel-message"}`)
		if dig(v, "state") != "cancelled" || dig(v, "message") != "MARKER-cancel-message" {
			t.Fatalf("cancelled: %v", v)
		}
		mentee.refused(409, "conflict", "POST", p+"/meetings/"+id(m3, "id")+"/cancel", "")
		m4 := mentor.want(201, "POST", p+"/meetings", `{"starts":"2026-11-05T10:00:00Z","venue":"Library"}`)
		if v := mentor.want(200, "POST", p+"/meetings/"+id(m4, "id")+"/cancel", ""); dig(v, "state") != "cancelled" {
			t.Fatalf("cancelled without a message: %v", v)
		}

		// The invitation: an iCalendar request with the meeting's UID, which
		// an independent parser reads back; a cancelled meeting's is a CANCEL.
		st, raw, hdr := mentee.call("GET", p+"/meetings/"+mid1+"/ics", "")
		if st != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/calendar") || !bytes.Contains(raw, []byte("METHOD:REQUEST")) || !bytes.Contains(raw, []byte("UID:")) {
			t.Fatalf("ics: %d %q\n%s", st, hdr.Get("Content-Type"), raw)
		}
		cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
		if err != nil {
			t.Fatalf("ics does not parse: %v\n%s", err, raw)
		}
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("ics has %d events", len(evs))
		}
		gotUID, _ := evs[0].Props.Text(ical.PropUID)
		gotStart, err := evs[0].DateTimeStart(time.UTC)
		if gotUID != uid || err != nil || !gotStart.Equal(time.Date(2026, 10, 8, 15, 0, 0, 0, time.UTC)) {
			t.Fatalf("ics event: uid %q start %v (%v)", gotUID, gotStart, err)
		}
		if st, raw, _ := mentor.call("GET", p+"/meetings/"+id(m3, "id")+"/ics", ""); st != 200 || !bytes.Contains(raw, []byte("METHOD:CANCEL")) {
			t.Fatalf("cancelled meeting's ics: %d\n%s", st, raw)
		}

		// A private calendar feed: its URL is shown once, and revocable.
		if v := mentee.want(200, "GET", "/api/v1/me/calendar-feed", ""); dig(v, "active") != false {
			t.Fatalf("feed before: %v", v)
		}
		feed := dig(mentee.want(201, "POST", "/api/v1/me/calendar-feed", ""), "url").(string)
		token, ok := strings.CutPrefix(feed, "http://tandem.test/calendar/")
		if !ok || !strings.HasSuffix(token, ".ics") {
			t.Fatalf("feed url %q", feed)
		}
		token = strings.TrimSuffix(token, ".ics")
		if v := mentee.want(200, "GET", "/api/v1/me/calendar-feed", ""); dig(v, "active") != true {
			t.Fatalf("feed after: %v", v)
		}
		if fc, err := env.App.CalendarFeed(context.Background(), token); err != nil || len(fc.Events) != 4 || !bytes.Contains(fc.Bytes(), []byte(uid)) {
			t.Fatalf("feed behind the url: %v %v", fc.Events, err)
		}
		mentee.want(204, "DELETE", "/api/v1/me/calendar-feed", "")
		if v := mentee.want(200, "GET", "/api/v1/me/calendar-feed", ""); dig(v, "active") != false {
			t.Fatalf("feed revoked: %v", v)
		}
		if _, err := env.App.CalendarFeed(context.Background(), token); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("a revoked feed still answers: %v", err)
		}

		// After the first meeting, either confirms it took place; the
		// second has not started yet.
		mentor.refused(409, "conflict", "POST", p+"/meetings/"+mid1+"/held", "")
		env.Clock.Set(time.Date(2026, 10, 8, 17, 0, 0, 0, time.UTC))
		if w := mentor.want(200, "GET", p, ""); dig(find(dig(w, "meetings"), mid1), "allowed", "confirm_held") != true {
			t.Fatalf("confirm_held not offered: %v", dig(w, "meetings"))
		}
		if v := mentor.want(200, "POST", p+"/meetings/"+mid1+"/held", ""); dig(v, "held") != true || dig(v, "state_label") != "Took place" {
			t.Fatalf("held: %v", v)
		}
		mentor.refused(409, "conflict", "POST", p+"/meetings/"+mid2+"/held", "")
		if w := mentee.want(200, "GET", p, ""); !isTime(t, dig(w, "partnership", "last_contact_at"), time.Date(2026, 10, 8, 15, 0, 0, 0, time.UTC)) {
			t.Fatalf("last contact: %v", dig(w, "partnership"))
		}

		// Notes: shared with the pair, or private to their author.
		mentee.refused(422, "invalid", "POST", p+"/notes", `{"body":"   "}`, "body")
		shared := mentee.want(201, "POST", p+"/notes", `{"meeting_id":`+mid1+`,"body":"MARKER-shared-note"}`)
		private := mentor.want(201, "POST", p+"/notes", `{"meeting_id":`+mid1+`,"private":true,"body":"MARKER-private-note"}`)
		if dig(shared, "private") != false || dig(shared, "mine") != true || id(shared, "meeting_id") != mid1 || dig(private, "private") != true {
			t.Fatalf("notes: %v %v", shared, private)
		}
		nShared, nPrivate := id(shared, "id"), id(private, "id")
		for _, path := range []string{p, p + "/meetings/" + mid1 + "/prep"} {
			if raw := mentee.raw("GET", path); strings.Contains(raw, "MARKER-private-note") || !strings.Contains(raw, "MARKER-shared-note") {
				t.Fatalf("the mentee's %s shows another's private note, or not the shared one: %s", path, raw)
			}
			if raw := mentor.raw("GET", path); !strings.Contains(raw, "MARKER-private-note") || !strings.Contains(raw, "MARKER-shared-note") {
				t.Fatalf("the mentor's %s lacks a note: %s", path, raw)
			}
		}
		mentee.refused(404, "not_found", "PATCH", p+"/notes/"+nPrivate, `{"body":"overwritten"}`)
		mentee.refused(404, "not_found", "DELETE", p+"/notes/"+nPrivate, "")
		mentor.refused(403, "forbidden", "PATCH", p+"/notes/"+nShared, `{"body":"overwritten"}`)
		if v := mentor.want(200, "PATCH", p+"/notes/"+nPrivate, `{"body":"MARKER-private-note, edited"}`); dig(v, "body") != "MARKER-private-note, edited" || dig(v, "private") != true {
			t.Fatalf("edited note: %v", v)
		}
		scrap := mentee.want(201, "POST", p+"/notes", `{"body":"MARKER-scrap-note"}`)
		if dig(scrap, "meeting_id") != nil {
			t.Fatalf("a note about no meeting: %v", scrap)
		}
		mentee.want(204, "DELETE", p+"/notes/"+id(scrap, "id"), "")
		if raw := mentee.raw("GET", p); strings.Contains(raw, "MARKER-scrap-note") {
			t.Fatal("a deleted note is still listed")
		}

		// A goal with two actions agreed at the first meeting; one is done.
		mentee.refused(422, "invalid", "POST", p+"/goals", `{"horizon":"soon","title":""}`, "horizon", "title")
		if msg := mentee.refused(422, "invalid", "POST", p+"/goals", `{"horizon":"short","titel":"typo"}`); !strings.Contains(msg, "titel") {
			t.Fatalf("unknown field message: %q", msg)
		}
		g := mentee.want(201, "POST", p+"/goals", `{"horizon":"short","title":"MARKER-goal","detail":"A first grant application"}`)
		gid := id(g, "id")
		if dig(g, "status") != "open" || dig(g, "progress") != 0.0 {
			t.Fatalf("goal: %v", g)
		}
		mentee.refused(422, "invalid", "POST", p+"/actions", `{"owner":"boss","title":"x","due_on":"next week"}`, "owner", "due_on")
		x1 := mentee.want(201, "POST", p+"/actions", `{"meeting_id":`+mid1+`,"goal_id":`+gid+`,"owner":"mentee","title":"MARKER-action-one","due_on":"2026-10-20"}`)
		x2 := mentor.want(201, "POST", p+"/actions", `{"meeting_id":`+mid1+`,"goal_id":`+gid+`,"owner":"mentor","title":"MARKER-action-two","due_on":"2026-11-30"}`)
		if dig(x1, "status") != "open" || dig(x1, "due_on") != "2026-10-20" || id(x2, "goal_id") != gid {
			t.Fatalf("actions: %v %v", x1, x2)
		}
		v = mentee.want(200, "PATCH", p+"/actions/"+id(x1, "id"), `{"status":"done"}`)
		if dig(v, "status") != "done" || dig(v, "done_at") == nil || dig(v, "title") != "MARKER-action-one" || id(v, "goal_id") != gid || id(v, "meeting_id") != mid1 {
			t.Fatalf("action done: %v", v)
		}
		mentee.refused(422, "invalid", "PATCH", p+"/actions/"+id(x1, "id"), `{"status":"finished"}`, "status")
		mentee.refused(404, "not_found", "PATCH", p+"/actions/999999", `{"status":"done"}`)
		v = mentee.want(200, "PATCH", p+"/goals/"+gid, `{"progress":50}`)
		if dig(v, "progress") != 50.0 || dig(v, "title") != "MARKER-goal" || dig(v, "horizon") != "short" {
			t.Fatalf("goal progress: %v", v)
		}
		mentee.refused(422, "invalid", "PATCH", p+"/goals/"+gid, `{"progress":150}`, "progress")

		// Preparing the second meeting follows the open action up.
		prep := mentor.want(200, "GET", p+"/meetings/"+mid2+"/prep", "")
		open, _ := dig(prep, "open_actions").([]any)
		if len(open) != 1 || dig(open[0], "title") != "MARKER-action-two" || dig(prep, "meeting", "agenda") != "MARKER-agenda-second" ||
			len(dig(prep, "prompts").([]any)) != 6 || dig(prep, "prompts", 5, "key") != "action" || len(dig(prep, "goals").([]any)) != 1 {
			t.Fatalf("prep: %v", prep)
		}
		env.Clock.Set(time.Date(2026, 10, 21, 16, 0, 0, 0, time.UTC))
		mentee.want(200, "POST", p+"/meetings/"+mid2+"/held", "")

		// Nobody outside the pair can read or change anything of it: not
		// another participant, not the coordinator.
		for _, c := range []struct{ method, path, body string }{
			{"GET", p, ""},
			{"GET", p + "/agreement", ""},
			{"PUT", p + "/agreement", `{"sections":{"topics":"hijacked"}}`},
			{"POST", p + "/agreement/sign", `{"version":2}`},
			{"POST", p + "/respond", `{"event":"withdraw"}`},
			{"POST", p + "/meetings", `{"starts":"2026-12-01T10:00:00Z","venue":"Library"}`},
			{"POST", p + "/meetings/" + mid2 + "/accept", ""},
			{"POST", p + "/meetings/" + mid2 + "/move", `{"starts":"2026-12-01T10:00:00Z","venue":"Library"}`},
			{"POST", p + "/meetings/" + mid2 + "/cancel", `{"message":"no"}`},
			{"POST", p + "/meetings/" + mid2 + "/held", ""},
			{"GET", p + "/meetings/" + mid2 + "/prep", ""},
			{"GET", p + "/meetings/" + mid2 + "/ics", ""},
			{"POST", p + "/notes", `{"body":"hijacked"}`},
			{"PATCH", p + "/notes/" + nShared, `{"body":"hijacked"}`},
			{"DELETE", p + "/notes/" + nShared, ""},
			{"POST", p + "/goals", `{"horizon":"short","title":"hijacked"}`},
			{"PATCH", p + "/goals/" + gid, `{"title":"hijacked"}`},
			{"POST", p + "/actions", `{"owner":"mentee","title":"hijacked"}`},
			{"PATCH", p + "/actions/" + id(x2, "id"), `{"status":"dropped"}`},
			{"POST", p + "/reviews", `{"meets_needs":"no"}`},
			{"POST", p + "/closure", `{"goals_achieved":"hijacked"}`},
			{"POST", p + "/feedback", `{"rating":1}`},
		} {
			for _, who := range []*member{outsider, coord} {
				who.refused(404, "not_found", c.method, c.path, c.body)
			}
		}
		w = mentee.want(200, "GET", p, "")
		if raw, _ := json.Marshal(w); strings.Contains(string(raw), "hijacked") || dig(w, "partnership", "state") != "active" ||
			len(dig(w, "notes").([]any)) != 1 || len(dig(w, "goals").([]any)) != 1 || dig(find(dig(w, "meetings"), mid2), "state") != "accepted" {
			t.Fatalf("an outsider changed the partnership: %s", raw)
		}

		// A review when one falls due (PaLS: every 17 weeks from the start).
		firstDue := start.AddDate(0, 0, 17*7)
		if w := mentee.want(200, "GET", p, ""); dig(w, "review_due") != false || !isTime(t, dig(w, "review_due_at"), firstDue) {
			t.Fatalf("review before due: %v %v", dig(w, "review_due"), dig(w, "review_due_at"))
		}
		env.Clock.Set(firstDue.Add(24 * time.Hour))
		if w := mentee.want(200, "GET", p, ""); dig(w, "review_due") != true {
			t.Fatalf("review due: %v", dig(w, "review_due"))
		}
		mentee.refused(422, "invalid", "POST", p+"/reviews", `{"meets_needs":"maybe"}`, "meets_needs")
		rv := mentee.want(201, "POST", p+"/reviews", `{"meets_needs":"partly","going_well":"MARKER-going-well","to_change":"MARKER-to-change"}`)
		if dig(rv, "role") != "mentee" || dig(rv, "meets_needs") != "partly" {
			t.Fatalf("review: %v", rv)
		}
		if w := mentee.want(200, "GET", p, ""); dig(w, "review_due") != false || !isTime(t, dig(w, "review_due_at"), start.AddDate(0, 0, 34*7)) {
			t.Fatalf("after the review: %v %v", dig(w, "review_due"), dig(w, "review_due_at"))
		}
		if w := mentor.want(200, "GET", p, ""); dig(w, "reviews", 0, "mine") != false || dig(w, "reviews", 0, "going_well") != "MARKER-going-well" {
			t.Fatalf("the mentor reads the pair's review: %v", dig(w, "reviews"))
		}

		// The mentor's availability for new introductions.
		var mship string
		for _, ms := range dig(mentor.want(200, "GET", "/api/v1/me", ""), "memberships").([]any) {
			if dig(ms, "programme_id") == float64(pals.ID) && dig(ms, "role") == "mentor" {
				mship = id(ms, "id")
			}
		}
		avail := fmt.Sprintf("/api/v1/programmes/%d/memberships/%s/availability", pals.ID, mship)
		if v := mentor.want(200, "PUT", avail, `{"capacity":2,"paused":"away"}`); dig(v, "capacity") != 2.0 || dig(v, "paused") != "away" || dig(v, "label") != "Paused: away" {
			t.Fatalf("availability: %v", v)
		}
		mentor.refused(422, "invalid", "PUT", avail, `{"capacity":3,"paused":"open"}`, "capacity")
		mentor.refused(422, "invalid", "PUT", avail, `{"capacity":1,"paused":"gone"}`, "paused")
		mentee.refused(404, "not_found", "PUT", avail, `{"capacity":1,"paused":"open"}`)
		if v := mentor.want(200, "PUT", avail, `{"capacity":1,"paused":"open"}`); dig(v, "paused") != "open" || dig(v, "capacity") != 1.0 {
			t.Fatalf("availability reopened: %v", v)
		}

		// Near the end of the Activate pair's term: not renewable, but the
		// goals are met, so it completes.
		env.Clock.Set(start.AddDate(0, 6, -10))
		if w := kit.want(200, "GET", p3, ""); dig(w, "partnership", "term_choice_open") != true || dig(w, "partnership", "renewable") != false {
			t.Fatalf("activate near the term's end: %v", dig(w, "partnership"))
		}
		if msg := kit.refused(409, "conflict", "POST", p3+"/respond", `{"event":"renew"}`); !strings.Contains(msg, "not renewed") {
			t.Fatalf("renewing a non-renewable partnership: %q", msg)
		}
		if v := kit.want(200, "POST", p3+"/respond", `{"event":"complete"}`); dig(v, "state") != "closing" || dig(v, "outcome") != "completed" {
			t.Fatalf("complete: %v", v)
		}
		// PaLS's choice is not open yet.
		mentee.refused(409, "conflict", "POST", p+"/respond", `{"event":"renew"}`)

		// Within 30 days of the term's end both renew for another term.
		env.Clock.Set(termEnds.AddDate(0, 0, -25))
		v = mentee.want(200, "POST", p+"/respond", `{"event":"renew"}`)
		if dig(v, "my_choice") != "renew" || dig(v, "term") != 1.0 || dig(v, "term_choice_open") != true {
			t.Fatalf("one renews: %v", v)
		}
		if w := mentor.want(200, "GET", p, ""); dig(w, "partnership", "other_choice") != "renew" {
			t.Fatalf("the mentor sees the mentee's choice: %v", dig(w, "partnership"))
		}
		v = mentor.want(200, "POST", p+"/respond", `{"event":"renew"}`)
		secondEnds := termEnds.AddDate(0, 12, 0)
		if dig(v, "state") != "active" || dig(v, "term") != 2.0 || !isTime(t, dig(v, "term_ends_at"), secondEnds) || dig(v, "my_choice") != "" || dig(v, "term_choice_open") != false {
			t.Fatalf("both renew: %v", v)
		}

		// At the next term's end the mentee chooses to close; the closing
		// conversation is recorded, and each gives feedback.
		env.Clock.Set(secondEnds.AddDate(0, 0, -15))
		v = mentee.want(200, "POST", p+"/respond", `{"event":"close"}`)
		if dig(v, "state") != "closing" || dig(v, "outcome") != "term_ended" || dig(v, "ended_by_me") != true {
			t.Fatalf("close: %v", v)
		}
		if w := mentor.want(200, "GET", p, ""); dig(w, "partnership", "ended_by_other") != true || dig(w, "invite_to_mentor") != false {
			t.Fatalf("the mentor's view of closing: %v", w)
		}
		mentor.refused(422, "invalid", "POST", p+"/closure", `{"goals_achieved":""}`, "goals_achieved")
		c := mentor.want(201, "POST", p+"/closure", `{"goals_achieved":"MARKER-goals-achieved","to_develop":"MARKER-to-develop","keep_in_touch":"MARKER-keep-in-touch"}`)
		if dig(c, "recorded_by_me") != true || dig(c, "goals_achieved") != "MARKER-goals-achieved" {
			t.Fatalf("closure: %v", c)
		}
		mentee.refused(409, "conflict", "POST", p+"/closure", `{"goals_achieved":"again"}`)
		mentee.refused(422, "invalid", "POST", p+"/feedback", `{"rating":6}`, "rating")
		mentee.want(201, "POST", p+"/feedback", `{"rating":5,"comments":"MARKER-feedback-mentee","share":true}`)
		mentor.want(201, "POST", p+"/feedback", `{"rating":4,"comments":"MARKER-feedback-mentor"}`)
		w = mentee.want(200, "GET", p, "")
		if dig(w, "partnership", "state") != "closed" || dig(w, "live") != false || dig(w, "invite_to_mentor") != true ||
			dig(w, "closure", "recorded_by_me") != false || dig(w, "closure", "keep_in_touch") != "MARKER-keep-in-touch" || dig(w, "my_feedback", "rating") != 5.0 {
			t.Fatalf("closed, as the mentee sees it: %v", w)
		}
		if raw := mentee.raw("GET", p); strings.Contains(raw, "MARKER-feedback-mentor") {
			t.Fatal("the mentee reads the mentor's feedback")
		}
		if w := mentor.want(200, "GET", p, ""); dig(w, "my_feedback", "rating") != 4.0 {
			t.Fatalf("the mentor's feedback: %v", dig(w, "my_feedback"))
		}
		mentee.refused(409, "conflict", "POST", p+"/goals", `{"horizon":"long","title":"Too late"}`)
		mentee.refused(409, "conflict", "POST", p+"/meetings", `{"starts":"2028-10-01T10:00:00Z","venue":"Library"}`)
		mentee.refused(409, "conflict", "PUT", p+"/agreement", `{"sections":{"topics":"Too late"}}`)

		// The coordinator's view: dates and counts, the reason given to them
		// for the withdrawal, and none of the pair's words.
		st, raw, _ = coord.call("GET", fmt.Sprintf("/api/v1/programmes/%d/partnerships", pals.ID), "")
		if st != 200 || bytes.Contains(raw, []byte("MARKER-")) || bytes.Contains(raw, []byte("Monthly, in the library")) || bytes.Contains(raw, []byte("A first grant application")) {
			t.Fatalf("coordinator's summaries: %d %s", st, raw)
		}
		var sums []any
		json.Unmarshal(raw, &sums)
		s1, s2 := find(sums, jsonID(one.Partnership.ID)), find(sums, jsonID(two.Partnership.ID))
		for k, want := range map[string]any{"state": "closed", "outcome": "term_ended", "term": 2.0, "agreement_version": 2.0, "meetings_held": 2.0,
			"meetings_planned": 0.0, "goals": 1.0, "goals_achieved": 0.0, "actions": 2.0, "actions_done": 1.0, "reviews": 1.0, "feedback": 2.0, "end_reason": ""} {
			if dig(s1, k) != want {
				t.Errorf("summary %s = %v, want %v", k, dig(s1, k), want)
			}
		}
		if dig(s1, "agreement_signed_at") == nil || !isTime(t, dig(s1, "last_contact_at"), time.Date(2026, 10, 21, 14, 0, 0, 0, time.UTC)) || dig(s1, "ended_at") == nil {
			t.Errorf("summary dates: %v", s1)
		}
		if dig(s2, "state") != "withdrawn" || dig(s2, "end_reason") != "REASON-for-coordinator" || dig(s2, "ended_by") != "mentor" {
			t.Errorf("withdrawn summary: %v", s2)
		}
		mentee.refused(403, "forbidden", "GET", fmt.Sprintf("/api/v1/programmes/%d/partnerships", pals.ID), "")
	})
}
