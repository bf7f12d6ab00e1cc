package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
)

// Cookie names.
const (
	csrfCookie  = "tandem_csrf"
	flashCookie = "tandem_flash"
	csrfField   = "csrf_token"
)

type ctxKey int

const (
	userKey ctxKey = iota
	csrfKey
)

// currentUser returns the signed-in user, or nil.
func currentUser(r *http.Request) *tandem.User {
	u, _ := r.Context().Value(userKey).(*tandem.User)
	return u
}

func csrfToken(r *http.Request) string {
	t, _ := r.Context().Value(csrfKey).(string)
	return t
}

// Middleware loads the session's user and enforces CSRF protection on every
// state-changing request: the browser's own cross-origin signals
// (Sec-Fetch-Site/Origin) and a double-submit token that each form carries.
func (s *Server) Middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	// The one-click unsubscribe is POSTed by mail programs, not by a page of
	// ours: neither check applies to it (see unsubscribeRoute).
	cop.AddInsecureBypassPattern(unsubscribeRoute)
	return cop.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// From here on the database shows the signed-in person's
		// organisation's content alone, and none to someone signed out
		// (store/rls.go).
		ctx := store.SignedOut(r.Context())
		if c, err := r.Cookie(app.SessionCookie); err == nil && c.Value != "" {
			if u, err := s.app.SessionUser(ctx, c.Value); err == nil {
				ctx = context.WithValue(store.WithOrg(ctx, u.OrgID), userKey, u)
			} else {
				s.clearCookie(w, app.SessionCookie)
			}
		}
		token := ""
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
			token = c.Value
		} else {
			token = randomToken()
			s.setCookie(w, csrfCookie, token, 0)
		}
		ctx = context.WithValue(ctx, csrfKey, token)
		r = r.WithContext(ctx)
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !strings.HasPrefix(r.URL.Path, "/api/") && !isUnsubscribe(r) {
			// A multipart upload carries the token in its form; parse it first.
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				r.ParseMultipartForm(app.MaxImportBytes + 1<<20)
			}
			sent := r.PostFormValue(csrfField)
			if sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
				s.renderError(w, r, http.StatusForbidden, "This form has expired. Go back, reload the page and try again.")
				return
			}
		}
		next.ServeHTTP(w, r)
	}))
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode}
	if maxAge > 0 {
		c.MaxAge = int(maxAge.Seconds())
	}
	http.SetCookie(w, c)
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// startSession signs u in: a new session token, and a new CSRF token too, so
// nothing an attacker planted before sign-in survives it (session fixation).
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *tandem.User) error {
	token, err := s.app.StartSession(r.Context(), u)
	if err != nil {
		return err
	}
	s.setCookie(w, app.SessionCookie, token, app.SessionLifetime)
	s.setCookie(w, csrfCookie, randomToken(), 0)
	return nil
}

// flash leaves a one-time message for the next page.
func (s *Server) flash(w http.ResponseWriter, msg string) {
	s.setCookie(w, flashCookie, base64.RawURLEncoding.EncodeToString([]byte(msg)), time.Minute)
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	s.clearCookie(w, flashCookie)
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || len(b) > 500 {
		return ""
	}
	return string(b)
}

// clientIP is the address sign-in attempts are counted against.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
