package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestReflectedXSS puts the payload in every query parameter, path and form
// value that a page echoes (searches, filters, the sign-in page's next, a
// reset token, an import's error messages, error pages): it never comes back
// unescaped, and where the page shows it, it shows it escaped.
func TestReflectedXSS(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)
		p := w.env.MustProgramme(t, w.coord, "pals")
		prog := fmt.Sprintf("/programmes/%d", p.ID)
		q := url.QueryEscape
		tests := []struct {
			who, method, path string
			form              url.Values
			echoed            bool // the page shows the value (escaped)
		}{
			{"admin", "GET", "/admin/people?q=" + q(xss("r01")), nil, true},
			{"coord", "GET", prog + "/participants?q=" + q(xss("r02")), nil, true},
			{"coord", "GET", prog + "/participants?role=" + q(xss("r03")) + "&status=" + q(xss("r04")), nil, false},
			{"anon", "GET", "/signin?next=" + q("/"+xss("r05")), nil, true},
			{"anon", "GET", "/signin?next=" + q("javascript:alert(1)//"), nil, false},
			{"anon", "GET", "/password/reset?token=" + q(xss("r06")), nil, false},
			{"mentee", "GET", prog + "/join?role=" + q(xss("r07")), nil, false},
			{"mentee", "GET", "/programmes/" + q(xss("r08")), nil, false},
			{"mentee", "GET", "/partnerships/" + q(xss("r09")) + "/agreement", nil, false},
			{"anon", "GET", "/calendar/" + q(xss("r10")) + ".ics", nil, false},
			{"anon", "GET", "/" + q(xss("r11")), nil, false},
			{"anon", "POST", "/signup", url.Values{"name": {xss("r12")}, "email": {xss("r13")}, "password": {"short"}}, true},
			{"anon", "POST", "/signin", url.Values{"email": {xss("r14")}, "password": {"wrong password"}, "next": {"/" + xss("r15")}}, true},
			{"anon", "POST", "/password/forgot", url.Values{"email": {xss("r16")}}, true},
			{"coord", "POST", prog + "/matching/relations", url.Values{"email_a": {xss("r17")}, "email_b": {xss("r18")}, "kind": {xss("r19")}}, false},
			{"coord", "POST", prog + "/coordinators", url.Values{"email": {xss("r20")}}, false},
			{"admin", "POST", "/admin/people/1/role", url.Values{"role": {xss("r21")}}, false},
			{"mentee", "POST", prog + "/join", url.Values{"roles": {xss("r22")}, "application": {xss("r23")}, "capacity": {xss("r24")}}, true},
			{"mentee", "POST", "/profile", url.Values{"name": {xss("r25")}, "department": {xss("r26")}, "career_stage": {xss("r27")}, "meeting_mode": {xss("r28")}}, true},
			{"admin", "POST", "/admin/organisation", url.Values{"name": {xss("r29")}, "support_links": {"Help | javascript:alert(1)"}, "time_zone": {xss("r30")}}, true},
			{"coord", "POST", "/programmes", url.Values{"template": {xss("r31")}, "name": {xss("r32")}}, false},
		}
		for _, tt := range tests {
			name := tt.method + " " + tt.path
			var resp *http.Response
			var body string
			if tt.method == "GET" {
				resp, body = w.b[tt.who].get(tt.path)
			} else {
				resp, body = w.b[tt.who].post(tt.path, tt.form)
			}
			// Follow a redirect once, to the page that shows its flash message.
			if loc := resp.Header.Get("Location"); resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/") {
				resp, body = w.b[tt.who].get(loc)
			}
			if resp.StatusCode >= 500 {
				t.Errorf("%s: %d", name, resp.StatusCode)
			}
			if bad := rawXSS(body); bad != "" {
				i := strings.Index(strings.ToLower(body), bad)
				t.Errorf("%s: %q unescaped: …%s…", name, bad, body[max(0, i-200):min(len(body), i+100)])
			}
			if tt.echoed && !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("%s: the value is not shown back escaped (status %d)", name, resp.StatusCode)
			}
		}

		// An import's line errors quote the bad values.
		csvFile := "email,name,role,capacity\n" + csvCell(xss("r33")) + "," + csvCell(xss("r34")) + "," + csvCell(xss("r35")) + "," + csvCell(xss("r36")) + "\n" + csvCell(xss("r37")) + "\n"
		resp, body := w.b["coord"].upload(prog+"/participants/import", "file", "people.csv", csvFile)
		if resp.StatusCode != http.StatusUnprocessableEntity || rawXSS(body) != "" || !strings.Contains(body, "&lt;script&gt;alert(1)") {
			t.Errorf("import with bad values: %d, unescaped %q", resp.StatusCode, rawXSS(body))
		}
		resp, body = w.b["coord"].upload(prog+"/participants/import", "file", "people.csv", csvCell(xss("r38"))+",name,role\n")
		if resp.StatusCode != http.StatusUnprocessableEntity || rawXSS(body) != "" || !strings.Contains(body, "&lt;script&gt;alert(1)") {
			t.Errorf("import with a bad header: %d, unescaped %q", resp.StatusCode, rawXSS(body))
		}

		// The API answers errors as JSON, never as a page a browser would render.
		for _, path := range []string{"/api/v1/" + q(xss("r39")), "/api/v1/programmes/" + q(xss("r40"))} {
			resp, body := w.b["anon"].get(path)
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("GET %s: Content-Type %q, X-Content-Type-Options %q", path, ct, resp.Header.Get("X-Content-Type-Options"))
			}
			if strings.Contains(body, "<script>") {
				t.Errorf("GET %s echoes the payload: %s", path, body)
			}
		}
		api := &apiClient{t: t, b: w.b["anon"]}
		if status, out := api.json("POST", "/api/v1/signup", `{"<script>alert(1)</script>":1}`); status != http.StatusUnprocessableEntity || errCode(out) != "invalid" {
			t.Errorf("unknown field: %d %v", status, out)
		}
	})
}
