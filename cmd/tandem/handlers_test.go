package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// testServer runs the real handler (web, API, /healthz, middleware) over a
// real database.
func testServer(t *testing.T, db *store.DB) *httptest.Server {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(app.Options{Store: store.New(db), Log: log, Clock: testutil.Clock(), BaseURL: "http://tandem.test", Argon2: testutil.CheapArgon2})
	h, err := newHandler(a, log, false)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// browser is an HTTP client that keeps cookies and does not follow redirects,
// so tests see where each answer sends the person.
type browser struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newBrowser(t *testing.T, srv *httptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, srv: srv, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.srv.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

// post submits a form the way a page does: with the CSRF token from the cookie.
func (b *browser) post(path string, v url.Values) (*http.Response, string) {
	b.t.Helper()
	if b.cookie("tandem_csrf") == "" {
		b.get("/signin")
	}
	if v.Get("csrf_token") == "" {
		v.Set("csrf_token", b.cookie("tandem_csrf"))
	}
	resp, err := b.c.PostForm(b.srv.URL+path, v)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

func setupAdmin(t *testing.T, b *browser) {
	t.Helper()
	resp, _ := b.post("/setup", url.Values{"org_name": {"Northfield University"}, "name": {"Alex Admin"}, "email": {"admin@northfield.test"}, "password": {testutil.Password}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/organisation" {
		t.Fatalf("setup: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestFirstRunRedirectsToSetup(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		b := newBrowser(t, testServer(t, db))
		resp, _ := b.get("/")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/setup" {
			t.Fatalf("GET / on a new instance: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		setupAdmin(t, b)
		if b.cookie("tandem_session") == "" {
			t.Fatal("setup did not sign the admin in")
		}
		resp, _ = b.get("/setup")
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("setup page after setup: %d", resp.StatusCode)
		}
		resp, body := b.get("/")
		if resp.StatusCode != 200 || !strings.Contains(body, "Hello, Alex Admin") {
			t.Fatalf("dashboard: %d", resp.StatusCode)
		}
	})
}

func TestFormsNeedCSRFToken(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		b := newBrowser(t, testServer(t, db))
		resp, body := b.post("/setup", url.Values{"csrf_token": {"forged-token-forged-token-forged-token"}, "org_name": {"X"}})
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "expired") {
			t.Fatalf("forged token: %d", resp.StatusCode)
		}
		req, _ := http.NewRequest("POST", b.srv.URL+"/setup", strings.NewReader("org_name=X"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site POST: %d, want 403", resp.StatusCode)
		}
		if n, _ := store.New(db).CountUsers(context.Background()); n != 0 {
			t.Fatal("a forged form created an account")
		}
	})
}

func TestRefusedFormKeepsInputAndEscapesIt(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		b := newBrowser(t, testServer(t, db))
		setupAdmin(t, b)
		anon := newBrowser(t, b.srv)
		payload := `<script>alert("x")</script>`
		resp, body := anon.post("/signup", url.Values{"name": {payload}, "email": {"not-an-email"}, "password": {"short"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{"Enter an email address like", "Use at least 10 characters", `value="not-an-email"`, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", `aria-invalid="true"`} {
			if !strings.Contains(body, want) {
				t.Errorf("refused sign-up page lacks %q", want)
			}
		}
		if strings.Contains(body, payload) {
			t.Error("the name was echoed unescaped")
		}
		if strings.Contains(body, `value="short"`) {
			t.Error("the password was echoed back")
		}
	})
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		b := newBrowser(t, testServer(t, db))
		resp, _ := b.get("/setup")
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline' 'unsafe-eval") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("CSP %q", csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Error("missing nosniff / frame headers")
		}
		setupAdmin(t, b)
		for _, c := range resp.Cookies() {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("cookie %s: HttpOnly %v SameSite %v", c.Name, c.HttpOnly, c.SameSite)
			}
		}
	})
}

func TestSignInReplacesSession(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		b := newBrowser(t, testServer(t, db))
		setupAdmin(t, b)
		before, csrfBefore := b.cookie("tandem_session"), b.cookie("tandem_csrf")
		resp, _ := b.post("/signin", url.Values{"email": {"admin@northfield.test"}, "password": {testutil.Password}, "next": {"//evil.test/"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Fatalf("sign in: %d %q (an off-site next must be refused)", resp.StatusCode, resp.Header.Get("Location"))
		}
		if b.cookie("tandem_session") == before || b.cookie("tandem_csrf") == csrfBefore {
			t.Fatal("sign-in must issue a new session and CSRF token")
		}
		old := newBrowser(t, b.srv)
		u, _ := url.Parse(b.srv.URL)
		old.c.Jar.SetCookies(u, []*http.Cookie{{Name: "tandem_session", Value: before}})
		if resp, _ := old.get("/profile"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the replaced session still works: %d", resp.StatusCode)
		}
	})
}

func TestHealthz(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		b := newBrowser(t, testServer(t, db))
		resp, body := b.get("/healthz")
		var h map[string]any
		if err := json.Unmarshal([]byte(body), &h); err != nil || resp.StatusCode != 200 {
			t.Fatalf("healthz: %d %s", resp.StatusCode, body)
		}
		if h["engine"] != db.Engine || h["schema_version"].(float64) != float64(db.LatestVersion()) || h["status"] != "ok" {
			t.Fatalf("healthz body %v", h)
		}
	})
}

func TestPagesAnswer(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		b := newBrowser(t, testServer(t, db))
		setupAdmin(t, b)
		resp, _ := b.post("/programmes", url.Values{"template": {"pals"}})
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "/edit") {
			t.Fatalf("create programme: %d %q", resp.StatusCode, loc)
		}
		prog := strings.TrimSuffix(loc, "/edit")
		for _, path := range []string{"/", "/programmes", "/programmes/new", prog, loc, prog + "/join", prog + "/participants", prog + "/matching", "/profile", "/admin/organisation", "/admin/people", "/password/forgot"} {
			if resp, body := b.get(path); resp.StatusCode != 200 || !strings.Contains(body, "</html>") {
				t.Errorf("GET %s: %d", path, resp.StatusCode)
			}
		}
		for _, path := range []string{"/programmes/999999", "/programmes/abc", "/programmes/0/participants"} {
			if resp, _ := b.get(path); resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
			}
		}
		anon := newBrowser(t, b.srv)
		if resp, _ := anon.get(prog); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin?next=") {
			t.Errorf("signed-out GET %s: %d %q", prog, resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}
