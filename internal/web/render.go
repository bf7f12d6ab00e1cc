package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/match"
)

// page is what every template receives.
type page struct {
	Title   string
	User    *tandem.User
	Org     *tandem.Organisation
	CSRF    string
	Flash   string
	Path    string
	Version string
	// Bare leaves out the site's header and footer: a page to print.
	Bare bool
	// Form holds what the person typed, so a refused form comes back filled in.
	Form url.Values
	// Errors holds a message per field, and Error one for the whole form.
	Errors map[string]string
	Error  string
	Data   any
}

var funcs = template.FuncMap{
	"date": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return v.Format("2 Jan 2006")
		case *time.Time:
			if v == nil {
				return ""
			}
			return v.Format("2 Jan 2006")
		}
		return ""
	},
	"isodate": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"join":        strings.Join,
	"roleLabel":   tandem.RoleLabel,
	"statusLabel": tandem.StatusLabel,
	"modeLabel":   tandem.MeetingModeLabel,
	"lines":       func(s []string) string { return strings.Join(s, "\n") },
	"has": func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	},
	"add":   func(a, b int) int { return a + b },
	"score": func(m int64) string { return match.FormatScore(match.Millis(m)) },
	"pinChoice": func(p page, programmeID, menteeID int64, menteeName string, options []app.Option) pinChoice {
		return pinChoice{Page: p, ProgrammeID: programmeID, MenteeID: menteeID, MenteeName: menteeName, Options: options}
	},
	"field": func(p page, name, label, hint string) formField {
		return formField{Page: p, ID: name, Name: name, Label: label, Hint: hint, Value: p.Form.Get(name), Error: p.Errors[name]}
	},
	"ff":           scopedField,
	"formFailed":   formFailed,
	"when":         when,
	"dateIn":       dateIn,
	"needsLabel":   tandem.NeedsLabel,
	"outcomeLabel": tandem.OutcomeLabel,
	"pauseLabel":   tandem.PauseLabel,
	"item":         item,
	"list":         func(v ...string) []string { return v },
	"lower":        strings.ToLower,
	"day":          day,
	"horizonLabel": func(s string) string { return horizonLabels[s] },
	"goalStatus":   func(s string) string { return goalStatusLabels[s] },
	"actionStatus": func(s string) string { return actionStatusLabels[s] },
	"plural":       plural,
	"stateLabel":   tandem.StateLabel,
	"kindLabel":    tandem.ConcernLabel,
	"resolvedAs":   tandem.ConcernOutcomeLabel,
	"concernState": func(s string) string { return concernStateLabels[s] },
	// Events and bookings.
	"eventKind":    tandem.EventKindLabel,
	"audience":     tandem.AudienceLabel,
	"bookingLabel": tandem.BookingLabel,
	"in":           func(t time.Time, loc *time.Location) time.Time { return t.In(loc) },
	// The coordinator's desk.
	"riskTitle": func(s string) string { return app.RiskName(mail.Risk(s)) },
	"whyLabel":  app.WhyLabel,
	"sub":       func(a, b int) int { return a - b },
	// plural0 is plural's word alone, for a number shown apart: "3" "pairs".
	"plural0": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
	"decimal": func(f float64) string { return strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0") },
}

// parsePages parses each page template together with the layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", base, err)
		}
		pages[strings.TrimSuffix(base, ".html")] = t
	}
	return pages, nil
}

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	s.renderStatus(w, r, http.StatusOK, name, p)
}

func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("no such template", "name", name)
		http.Error(w, "Something went wrong.", http.StatusInternalServerError)
		return
	}
	p.User = currentUser(r)
	p.CSRF = csrfToken(r)
	p.Path = r.URL.Path
	p.Version = s.version
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r)
	}
	if p.Org == nil {
		p.Org, _ = s.app.PublicOrganisation(r.Context())
	}
	if p.Form == nil {
		p.Form = url.Values{}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "Something went wrong.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// renderError shows an error page with a message safe for the person.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.renderStatus(w, r, status, "error", page{Title: http.StatusText(status), Error: msg, Data: status})
}

// StatusOf maps an error code to an HTTP status; the JSON API uses it too,
// so both interfaces answer the same error with the same status.
func StatusOf(code string) int {
	switch code {
	case tandem.EInvalid:
		return http.StatusUnprocessableEntity
	case tandem.ENotFound:
		return http.StatusNotFound
	case tandem.EUnauthorized:
		return http.StatusUnauthorized
	case tandem.EForbidden:
		return http.StatusForbidden
	case tandem.EConflict:
		return http.StatusConflict
	case tandem.ERateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// fail renders err as a page. Sign-in errors send the person to sign in;
// internal errors are logged with a reference and shown only as that reference.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := tandem.ErrorCode(err)
	if code == tandem.EUnauthorized {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if code == tandem.EInternal {
		ref := requestRef()
		s.log.Error("request failed", "ref", ref, "method", r.Method, "path", r.URL.Path, "err", err)
		s.renderError(w, r, http.StatusInternalServerError, "Something went wrong on our side. If it happens again, tell your administrator the reference "+ref+".")
		return
	}
	s.renderError(w, r, StatusOf(code), tandem.ErrorMessage(err))
}

// formFail re-renders a form with what the person typed and what is wrong,
// or falls back to fail for errors that are not about the form.
func (s *Server) formFail(w http.ResponseWriter, r *http.Request, name string, p page, err error) {
	code := tandem.ErrorCode(err)
	if code != tandem.EInvalid && code != tandem.EConflict && code != tandem.ERateLimited {
		s.fail(w, r, err)
		return
	}
	p.Form = r.PostForm
	p.Errors = tandem.ErrorFields(err)
	p.Error = tandem.ErrorMessage(err)
	s.renderStatus(w, r, StatusOf(code), name, p)
}

func requestRef() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// redirect sends the browser on with a one-time message.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		s.flash(w, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// localPath accepts only a path on this site, so ?next= cannot send people elsewhere.
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// formField is what the shared field templates render: one labelled input
// with its value and its error.
type formField struct {
	Page  page
	ID    string // the element's id: unique on the page
	Name  string
	Label string
	Hint  string
	Value string
	Error string
}

// pinChoice is what the "pin a mentor by hand" control renders.
type pinChoice struct {
	Page        page
	ProgrammeID int64
	MenteeID    int64
	MenteeName  string
	Options     []app.Option
}

// plural says "1 pair" or "3 pairs".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
