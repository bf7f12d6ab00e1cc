package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

var routeRe = regexp.MustCompile(`"(POST|PUT|PATCH|DELETE) (/[^"]*)"`)

// stateChangingRoutes reads the routes that change state from the file that
// registers them, so a route added later is checked without editing this test.
func stateChangingRoutes(t *testing.T, file string) [][2]string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, m := range routeRe.FindAllStringSubmatch(string(src), -1) {
		out = append(out, [2]string{m[1], m[2]})
	}
	return out
}

var pathParamRe = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// TestCSRFOnEveryRoute walks every POST, PUT, PATCH and DELETE route of the
// web UI and the API. A form without the token, or with it but sent from
// another site (Sec-Fetch-Site, or an Origin that is not this one), is
// refused with 403 and changes nothing; the same form from this site with its
// token passes the check.
func TestCSRFOnEveryRoute(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)
		ctx := context.Background()
		pair := w.env.MustPairIn(t, w.coord, w.env.MustProgramme(t, w.coord, "pals"), "Olly Mentor", "Pat Mentee")
		m, err := w.env.App.ProposeMeeting(ctx, pair.Mentee, pair.Partnership.ID, app.MeetingInput{Starts: "2026-10-12T14:00", Venue: "Room 4"})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]string{
			"programmes/id": strconv.FormatInt(pair.Programme.ID, 10), "programmes/mid": strconv.FormatInt(pair.Partnership.MentorMembershipID, 10),
			"programmes/uid": strconv.FormatInt(w.coord.ID, 10), "partnerships/id": strconv.FormatInt(pair.Partnership.ID, 10),
			"partnerships/mid": strconv.FormatInt(m.ID, 10), "people/id": strconv.FormatInt(w.mentee.ID, 10),
		}
		fill := func(route string) string {
			section := ""
			for _, s := range []string{"programmes", "partnerships", "people"} {
				if strings.Contains(route, "/"+s+"/") {
					section = s
				}
			}
			return pathParamRe.ReplaceAllStringFunc(route, func(p string) string {
				if id, ok := ids[section+"/"+strings.Trim(p, "{}.")]; ok {
					return id
				}
				return "1"
			})
		}
		// Every form field a route reads, set to a marker that must not be saved.
		bait := "CSRF-BAIT-7741"
		form := func(token string) string {
			v := []string{}
			for _, f := range []string{"name", "org_name", "email", "body", "title", "detail", "venue", "agenda", "starts", "message", "reason", "description",
				"departments", "support_links", "going_well", "goals_achieved", "comments", "token_name", "application", "section-topics", "role"} {
				v = append(v, f+"="+bait)
			}
			if token != "" {
				v = append(v, "csrf_token="+token)
			}
			return strings.Join(v, "&")
		}

		b := w.b["admin"]
		token := b.cookie("tandem_csrf")
		send := func(method, path, body string, header map[string]string) (int, string) {
			req, _ := http.NewRequest(method, b.srv.URL+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if strings.HasPrefix(path, "/api/") {
				req.Header.Set("Content-Type", "application/json")
			}
			for k, v := range header {
				req.Header.Set(k, v)
			}
			resp, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			out, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(out)
		}
		crossSite := []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Sec-Fetch-Site": "same-site"},
			{"Origin": "https://evil.test"},
			{"Origin": "null"},
		}
		const expired, crossOrigin = "This form has expired", "cross-origin request detected"

		web := stateChangingRoutes(t, "../../internal/web/server.go")
		api := stateChangingRoutes(t, "../../internal/api/api.go")
		if len(web) < 40 || len(api) < 30 {
			t.Fatalf("found %d web and %d API routes: has the way routes are registered changed?", len(web), len(api))
		}
		// Sign-out goes last: its control request ends the session.
		slices.SortStableFunc(web, func(a, b [2]string) int {
			return boolInt(a[1] == "/signout") - boolInt(b[1] == "/signout")
		})
		// The one-click unsubscribe (RFC 8058) is exempt, deliberately: mail
		// programs POST to it from their own servers, with no session, no
		// CSRF token and sometimes an Origin of their own. Its authority is
		// the signed token in its path, and all it can do is turn one kind of
		// reminder off for one person. Here it must refuse a forged token
		// (400, not the CSRF 403) and change nothing; TestOneClickUnsubscribe
		// checks a genuine link and tampered ones.
		const unsubscribe = "/unsubscribe/{token}"
		web = slices.DeleteFunc(web, func(r [2]string) bool {
			if r[1] != unsubscribe {
				return false
			}
			for _, h := range append(crossSite, nil) {
				if status, body := send(r[0], "/unsubscribe/1.no_contact.forged", "List-Unsubscribe=One-Click", h); status != http.StatusBadRequest || !strings.Contains(body, "not valid") {
					t.Errorf("%s %s with a forged token from %v: %d, want 400", r[0], r[1], h, status)
				}
			}
			return true
		})
		for _, r := range web {
			path := fill(r[1])
			if status, body := send(r[0], path, form(""), nil); status != http.StatusForbidden || !strings.Contains(body, expired) {
				t.Errorf("%s %s without the token: %d, want 403 %q", r[0], path, status, expired)
			}
			if status, body := send(r[0], path, form("forged-"+strings.Repeat("x", 40)), nil); status != http.StatusForbidden || !strings.Contains(body, expired) {
				t.Errorf("%s %s with a forged token: %d, want 403", r[0], path, status)
			}
			for _, h := range crossSite {
				if status, _ := send(r[0], path, form(token), h); status != http.StatusForbidden {
					t.Errorf("%s %s with the token but %v: %d, want 403", r[0], path, h, status)
				}
			}
		}
		for _, r := range api {
			path := fill(r[1])
			for _, h := range crossSite {
				if status, body := send(r[0], path, `{}`, h); status != http.StatusForbidden || !strings.Contains(body, crossOrigin) {
					t.Errorf("%s %s from %v: %d, want 403", r[0], path, h, status)
				}
			}
		}
		// A multipart upload without the token is refused too.
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "people.csv")
		io.WriteString(fw, "email,name,role\n"+bait+"@northfield.test,"+bait+",mentee\n")
		mw.Close()
		if status, _ := send("POST", fmt.Sprintf("/programmes/%d/participants/import", pair.Programme.ID), buf.String(), map[string]string{"Content-Type": mw.FormDataContentType()}); status != http.StatusForbidden {
			t.Errorf("an import without the token: %d, want 403", status)
		}

		// Nothing refused was saved.
		for who, path := range map[string]string{"admin": "/admin/people", "coord": fmt.Sprintf("/programmes/%d/participants", pair.Programme.ID)} {
			if strings.Contains(wantPage(t, w.b[who], path, 200), bait) {
				t.Errorf("a refused request changed what %s shows", path)
			}
		}
		for _, path := range []string{"/admin/organisation", "/profile"} {
			if strings.Contains(wantPage(t, b, path, 200), bait) {
				t.Errorf("a refused request changed what %s shows", path)
			}
		}
		mentee := newBrowser(t, w.srv)
		mentee.post("/signin", mapValues("email", pair.Mentee.Email, "password", testutil.Password))
		if strings.Contains(wantPage(t, mentee, fmt.Sprintf("/partnerships/%d", pair.Partnership.ID), 200), bait) {
			t.Error("a refused request changed the partnership")
		}

		// The same requests from this site, with the token, pass the check
		// (whatever the handler then makes of the empty form).
		for _, r := range web {
			path := fill(r[1])
			if status, body := send(r[0], path, "csrf_token="+token, nil); strings.Contains(body, expired) || strings.Contains(body, crossOrigin) {
				t.Errorf("%s %s from this site with the token: %d, refused as cross-site", r[0], path, status)
			}
		}
		for _, r := range api {
			path := fill(r[1])
			if status, body := send(r[0], path, `{}`, map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": b.srv.URL}); strings.Contains(body, crossOrigin) {
				t.Errorf("%s %s from this site: %d, refused as cross-site", r[0], path, status)
			}
		}
		t.Logf("%d web and %d API routes checked", len(web), len(api))
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func mapValues(kv ...string) map[string][]string {
	v := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		v[kv[i]] = append(v[kv[i]], kv[i+1])
	}
	return v
}
