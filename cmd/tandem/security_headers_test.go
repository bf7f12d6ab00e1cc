package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// csp parses a Content-Security-Policy into its directives.
func csp(h string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(h, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			out[strings.ToLower(f[0])] = f[1:]
		}
	}
	return out
}

// checkHeaders checks the headers every response must carry.
func checkHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	p := csp(h.Get("Content-Security-Policy"))
	script, ok := p["script-src"]
	if !ok {
		script, ok = p["default-src"]
	}
	if !ok {
		t.Errorf("%s: the CSP has neither script-src nor default-src: %q", what, h.Get("Content-Security-Policy"))
	}
	for _, src := range script {
		switch strings.ToLower(src) {
		case "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:", "blob:":
			t.Errorf("%s: script-src allows %s", what, src)
		}
	}
	if got := strings.Join(p["object-src"], " "); got != "'none'" {
		t.Errorf("%s: object-src %q, want 'none'", what, got)
	}
	if got := strings.Join(p["frame-ancestors"], " "); got != "'none'" {
		t.Errorf("%s: frame-ancestors %q, want 'none'", what, got)
	}
	if got := strings.Join(p["base-uri"], " "); got != "'none'" && got != "'self'" {
		t.Errorf("%s: base-uri %q", what, got)
	}
	if got := strings.Join(p["form-action"], " "); got != "'self'" {
		t.Errorf("%s: form-action %q, want 'self'", what, got)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", what, h.Get("X-Content-Type-Options"))
	}
	if h.Get("X-Frame-Options") != "DENY" {
		t.Errorf("%s: X-Frame-Options %q", what, h.Get("X-Frame-Options"))
	}
	switch h.Get("Referrer-Policy") {
	case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
	default:
		t.Errorf("%s: Referrer-Policy %q leaks addresses to other sites", what, h.Get("Referrer-Policy"))
	}
}

var (
	inlineScriptRe  = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	inlineHandlerRe = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
)

// TestSecureHeadersOnEveryKindOfResponse extends TestSecurityHeadersAndCookies
// to every kind of answer (pages, errors, redirects, refusals, static files,
// JSON, calendars), checks that no page relies on inline script the CSP would
// block, and that every cookie the web and the API set is HttpOnly and
// SameSite, and Secure when the server runs with secure cookies.
func TestSecureHeadersOnEveryKindOfResponse(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)
		p := w.env.MustProgramme(t, w.coord, "pals")
		for _, tt := range []struct {
			who, method, path string
			status            int
		}{
			{"anon", "GET", "/signin", 200},
			{"anon", "GET", "/profile", http.StatusSeeOther},
			{"anon", "GET", "/nowhere", http.StatusNotFound},
			{"anon", "GET", "/static/tandem.css", 200},
			{"anon", "GET", "/healthz", 200},
			{"anon", "GET", "/api/v1/me", http.StatusUnauthorized},
			{"anon", "GET", "/calendar/nothing.ics", http.StatusNotFound},
			{"anon", "POST", "/signin", http.StatusForbidden},
			{"mentee", "GET", "/", 200},
			{"mentee", "GET", "/profile", 200},
			{"mentee", "GET", "/programmes/" + itoa(p.ID), 200},
			{"mentee", "GET", "/admin/people", http.StatusForbidden},
			{"coord", "GET", "/programmes/" + itoa(p.ID) + "/participants", 200},
			{"coord", "GET", "/programmes/" + itoa(p.ID) + "/participants.csv", 200},
			{"admin", "GET", "/admin/organisation", 200},
		} {
			req, _ := http.NewRequest(tt.method, w.srv.URL+tt.path, nil)
			resp, err := w.b[tt.who].c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			what := tt.who + " " + tt.method + " " + tt.path
			if resp.StatusCode != tt.status {
				t.Errorf("%s: %d, want %d", what, resp.StatusCode, tt.status)
			}
			checkHeaders(t, what, resp.Header)
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				body := string(raw)
				if m := inlineScriptRe.FindString(body); m != "" {
					t.Errorf("%s: the page has a script element %q", what, m)
				}
				if m := inlineHandlerRe.FindString(body); m != "" {
					t.Errorf("%s: the page has an inline event handler %q", what, m)
				}
			}
		}

		// Cookies, from a server that marks them Secure as production does.
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		h, err := newHandler(w.env.App, log, true)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		defer srv.Close()
		b := newBrowser(t, srv)
		var cookies []*http.Cookie
		collect := func(resp *http.Response) { cookies = append(cookies, resp.Cookies()...) }
		resp, _ := b.get("/signin")
		collect(resp)
		// The jar drops Secure cookies over plain HTTP, so send the token by hand.
		var token string
		for _, c := range resp.Cookies() {
			if c.Name == "tandem_csrf" {
				token = c.Value
			}
		}
		post := func(path string, v url.Values, cs ...*http.Cookie) *http.Response {
			req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for _, c := range cs {
				req.AddCookie(c)
			}
			resp, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			collect(resp)
			return resp
		}
		csrf := &http.Cookie{Name: "tandem_csrf", Value: token}
		resp = post("/signin", url.Values{"email": {w.mentee.Email}, "password": {testutil.Password}, "csrf_token": {token}}, csrf)
		var session *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "tandem_session" {
				session = c
			}
		}
		if session == nil {
			t.Fatalf("sign-in set no session cookie: %d", resp.StatusCode)
		}
		post("/profile", url.Values{"name": {"Mina Mentee"}, "department": {"History"}, "career_stage": {"phd"}, "csrf_token": {token}}, csrf, session) // sets a flash
		post("/signout", url.Values{"csrf_token": {token}}, csrf, session)
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/session", strings.NewReader(`{"email":"`+w.mentor.Email+`","password":"`+testutil.Password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		if resp, err := b.c.Do(req); err == nil {
			resp.Body.Close()
			collect(resp)
		}
		names := map[string]bool{}
		for _, c := range cookies {
			names[c.Name] = true
			if !c.HttpOnly || !c.Secure || (c.SameSite != http.SameSiteLaxMode && c.SameSite != http.SameSiteStrictMode) {
				t.Errorf("cookie %s: HttpOnly %v, Secure %v, SameSite %v", c.Name, c.HttpOnly, c.Secure, c.SameSite)
			}
		}
		for _, want := range []string{"tandem_csrf", "tandem_session", "tandem_flash"} {
			if !names[want] {
				t.Errorf("no %s cookie was seen, so it was not checked", want)
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
