package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// signedOut reports whether b's session is gone: a page that needs signing
// in sends it to sign in, and the API does not know it.
func signedOut(t *testing.T, b *browser) bool {
	t.Helper()
	resp, _ := b.get("/profile")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
		return false
	}
	status, _ := (&apiClient{t: t, b: b}).json("GET", "/api/v1/me", "")
	return status == http.StatusUnauthorized
}

// withSession is a new browser that presents the given session cookie.
func withSession(t *testing.T, w *secWorld, token string) *browser {
	b := newBrowser(t, w.srv)
	u, _ := url.Parse(w.srv.URL)
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "tandem_session", Value: token, Path: "/"}})
	return b
}

// TestSessionFixation plants a session and a CSRF cookie of the attacker's
// choosing before sign-in: sign-in (web and API), sign-up and a password
// reset each replace both, and the planted session never works.
func TestSessionFixation(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)
		const planted = "planted-session-planted-session-planted-1234"
		const plantedCSRF = "planted-csrf-planted-csrf-planted-csrf-5678"
		plant := func() *browser {
			b := newBrowser(t, w.srv)
			u, _ := url.Parse(w.srv.URL)
			b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "tandem_session", Value: planted, Path: "/"}, {Name: "tandem_csrf", Value: plantedCSRF, Path: "/"}})
			return b
		}
		check := func(how string, b *browser) {
			t.Helper()
			if s := b.cookie("tandem_session"); s == "" || s == planted {
				t.Errorf("%s: the session cookie is %q, want a new one", how, s)
			}
			if how != "API sign-in" && b.cookie("tandem_csrf") == plantedCSRF {
				t.Errorf("%s kept the planted CSRF token", how)
			}
			if signedOut(t, b) {
				t.Errorf("%s: the new session does not work", how)
			}
			if !signedOut(t, withSession(t, w, planted)) {
				t.Errorf("after %s the planted session works", how)
			}
		}

		b := plant()
		wantRedirect(t, b, "/signin", url.Values{"email": {w.mentee.Email}, "password": {testutil.Password}}, "/")
		check("web sign-in", b)

		b = plant()
		wantRedirect(t, b, "/signup", url.Values{"name": {"Nia New"}, "email": {"nia@northfield.test"}, "password": {testutil.Password}}, "/")
		check("sign-up", b)

		b = plant()
		if status, _ := (&apiClient{t: t, b: b}).json("POST", "/api/v1/session", fmt.Sprintf(`{"email":%q,"password":%q}`, w.mentor.Email, testutil.Password)); status != 200 {
			t.Fatalf("API sign-in: %d", status)
		}
		check("API sign-in", b)

		b = plant()
		wantRedirect(t, b, "/password/reset", url.Values{"token": {resetToken(t, w, w.coord.Email)}, "password": {"a new password for Casey"}}, "/")
		check("password reset", b)
	})
}

// passwordValue finds a password input that was filled in by the server.
var passwordValue = regexp.MustCompile(`<input[^>]*type="password"[^>]*value=|<input[^>]*value=[^>]*type="password"`)

var resetLinkRe = regexp.MustCompile(`/password/reset\?token=([A-Za-z0-9_-]+)`)

// resetToken asks for a password reset for email and returns the token the
// email carries.
func resetToken(t *testing.T, w *secWorld, email string) string {
	t.Helper()
	anon := newBrowser(t, w.srv)
	if resp, _ := anon.post("/password/forgot", url.Values{"email": {email}}); resp.StatusCode != 200 {
		t.Fatalf("forgot: %d", resp.StatusCode)
	}
	sent := w.env.Mail.Sent()
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i].To == email {
			if m := resetLinkRe.FindStringSubmatch(sent[i].Text); m != nil {
				return m[1]
			}
		}
	}
	t.Fatalf("no reset link was sent to %s", email)
	return ""
}

// TestSignOutEndsSessionOnServer keeps a copy of the session cookie and signs
// out: the copy no longer works (web or API), as the browser had never
// deleted it. The API's sign-out and a password reset end sessions the same way.
func TestSignOutEndsSessionOnServer(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)

		b := w.b["mentee"]
		stolen := b.cookie("tandem_session")
		if signedOut(t, withSession(t, w, stolen)) {
			t.Fatal("a copy of a live session does not work: the test proves nothing")
		}
		wantRedirect(t, b, "/signout", url.Values{}, "/signin")
		if b.cookie("tandem_session") != "" {
			t.Error("sign-out left the session cookie in the browser")
		}
		if !signedOut(t, withSession(t, w, stolen)) {
			t.Error("the session still works on the server after signing out")
		}
		if body := wantPage(t, withSession(t, w, stolen), "/signin", 200); strings.Contains(body, "Mina Mentee") {
			t.Error("the signed-out session still shows the person's name")
		}

		b = w.b["mentor"]
		stolen = b.cookie("tandem_session")
		if status, _ := (&apiClient{t: t, b: b}).json("DELETE", "/api/v1/session", ""); status != http.StatusNoContent {
			t.Fatalf("API sign-out: %d", status)
		}
		if !signedOut(t, withSession(t, w, stolen)) {
			t.Error("the session still works after the API's sign-out")
		}

		// A password reset signs out every session of the account, as
		// someone who resets may be locking out whoever has their password.
		other := w.b["coord"]
		wantRedirect(t, newBrowser(t, w.srv), "/password/reset", url.Values{"token": {resetToken(t, w, w.coord.Email)}, "password": {"a new password for Casey"}}, "/")
		if !signedOut(t, other) {
			t.Error("a password reset left the account's other sessions working")
		}
	})
}

// TestSignInRateLimit makes five wrong guesses at one address: the sixth
// attempt within 15 minutes is refused with 429 even with the right password,
// whatever the address's case, on the web and in the API; other accounts are
// not affected, and after 15 minutes the right password works again.
func TestSignInRateLimit(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)
		const limited = "Too many sign-in attempts"
		b := newBrowser(t, w.srv)
		for i := 1; i <= 5; i++ {
			resp, body := b.post("/signin", url.Values{"email": {w.mentee.Email}, "password": {fmt.Sprintf("wrong guess %d", i)}})
			if resp.StatusCode != http.StatusUnprocessableEntity || strings.Contains(body, limited) {
				t.Fatalf("wrong guess %d: %d, want 422 without the limit", i, resp.StatusCode)
			}
		}
		for _, email := range []string{w.mentee.Email, strings.ToUpper(w.mentee.Email), " " + w.mentee.Email + " "} {
			resp, body := b.post("/signin", url.Values{"email": {email}, "password": {testutil.Password}})
			if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, limited) {
				t.Errorf("the right password for %q after 5 wrong ones: %d, want 429 %q", email, resp.StatusCode, limited)
			}
			if b.cookie("tandem_session") != "" {
				t.Fatal("a refused sign-in opened a session")
			}
		}
		api := &apiClient{t: t, b: newBrowser(t, w.srv)}
		status, out := api.json("POST", "/api/v1/session", fmt.Sprintf(`{"email":%q,"password":%q}`, w.mentee.Email, testutil.Password))
		if status != http.StatusTooManyRequests || errCode(out) != "rate_limited" {
			t.Errorf("API sign-in while limited: %d %v", status, out)
		}
		wantRedirect(t, newBrowser(t, w.srv), "/signin", url.Values{"email": {w.mentor.Email}, "password": {testutil.Password}}, "/")

		w.env.Clock.Advance(14 * time.Minute)
		if resp, _ := newBrowser(t, w.srv).post("/signin", url.Values{"email": {w.mentee.Email}, "password": {testutil.Password}}); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("14 minutes on: %d, want 429", resp.StatusCode)
		}
		w.env.Clock.Advance(time.Minute)
		wantRedirect(t, newBrowser(t, w.srv), "/signin", url.Values{"email": {w.mentee.Email}, "password": {testutil.Password}}, "/")
	})
}

// TestPasswordPolicy tries passwords that are too short, too long, too
// common or the account's own email on each form that sets one (sign-up,
// first-run setup is covered elsewhere, reset, and the API's sign-up): each
// is refused with the reason on the password field, and nothing is saved.
func TestPasswordPolicy(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newSecWorld(t, db)
		email := "newcomer@northfield.test"
		tests := []struct{ password, want string }{
			{"short", "Use at least 10 characters."},
			{"nine char", "Use at least 10 characters."},
			{"ééééééééé", "Use at least 10 characters."},
			{strings.Repeat("a", 257), "Use at most 256 characters."},
			{"password123", "That password is too common; choose another."},
			{"QWERTYUIOP", "That password is too common; choose another."},
			{email, "Don't use your email address as your password."},
			{"NewComer@Northfield.TEST", "Don't use your email address as your password."},
		}
		fieldError := regexp.MustCompile(`<p class="field-error" id="password-error">([^<]*)</p>`)
		for _, tt := range tests {
			resp, body := newBrowser(t, w.srv).post("/signup", url.Values{"name": {"Nia New"}, "email": {email}, "password": {tt.password}})
			m := fieldError.FindStringSubmatch(body)
			if resp.StatusCode != http.StatusUnprocessableEntity || m == nil || htmlUnescape(m[1]) != tt.want {
				t.Errorf("sign-up with %q: %d, password error %q, want %q", tt.password, resp.StatusCode, m, tt.want)
			}
			if passwordValue.MatchString(body) {
				t.Errorf("sign-up with %q echoed the password", tt.password)
			}
			api := &apiClient{t: t, b: newBrowser(t, w.srv)}
			status, out := api.json("POST", "/api/v1/signup", fmt.Sprintf(`{"name":"Nia New","email":%q,"password":%q}`, email, tt.password))
			if status != http.StatusUnprocessableEntity || errField(out, "password") != tt.want {
				t.Errorf("API sign-up with %q: %d %v", tt.password, status, out)
			}
		}
		if _, _, err := w.env.Store.UserByEmail(context.Background(), email); err == nil {
			t.Fatal("a refused password created the account")
		}

		// A reset refuses the same passwords, for the account's own address.
		token := resetToken(t, w, w.mentee.Email)
		for _, tt := range []struct{ password, want string }{
			{"short", "Use at least 10 characters."},
			{"mentoring123", "That password is too common; choose another."},
			{strings.ToUpper(w.mentee.Email), "Don't use your email address as your password."},
		} {
			resp, body := newBrowser(t, w.srv).post("/password/reset", url.Values{"token": {token}, "password": {tt.password}})
			m := fieldError.FindStringSubmatch(body)
			if resp.StatusCode != http.StatusUnprocessableEntity || m == nil || htmlUnescape(m[1]) != tt.want {
				t.Errorf("reset to %q: %d, password error %q, want %q", tt.password, resp.StatusCode, m, tt.want)
			}
		}
		if signedOut(t, w.b["mentee"]) {
			t.Error("a refused reset signed the person out")
		}
	})
}

func errField(m map[string]any, field string) string {
	e, _ := m["error"].(map[string]any)
	f, _ := e["fields"].(map[string]any)
	s, _ := f[field].(string)
	return s
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(s)
}
