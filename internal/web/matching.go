package web

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

type matchingData struct {
	Proposal     *app.Proposal
	Partnerships []tandem.Partnership
}

func (s *Server) matchingPage(w http.ResponseWriter, r *http.Request, p *tandem.Programme, status int, errMsg string) {
	u := currentUser(r)
	prop, err := s.app.ProposeMatching(r.Context(), u, p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := s.app.Partnerships(r.Context(), u, p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStatus(w, r, status, "matching", page{Title: "Matching for " + p.Name, Error: errMsg, Form: r.PostForm,
		Data: matchingData{Proposal: prop, Partnerships: ps}})
}

func (s *Server) matching(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	s.matchingPage(w, r, p, http.StatusOK, "")
}

// matchingAction handles the pin, forbid and clear buttons: each names a
// mentee and a mentor membership.
func (s *Server) matchingAction(action func(*app.App) func(r *http.Request, u *tandem.User, pid, mentee, mentor int64) error, done string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.loadProgramme(w, r)
		if !ok {
			return
		}
		mentee, _ := strconv.ParseInt(r.PostFormValue("mentee"), 10, 64)
		mentor, _ := strconv.ParseInt(r.PostFormValue("mentor"), 10, 64)
		if err := action(s.app)(r, currentUser(r), p.ID, mentee, mentor); err != nil {
			if code := tandem.ErrorCode(err); code == tandem.EInvalid || code == tandem.EConflict {
				s.matchingPage(w, r, p, http.StatusUnprocessableEntity, tandem.ErrorMessage(err))
				return
			}
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10)+"/matching", done)
	}
}

func pinAction(a *app.App) func(*http.Request, *tandem.User, int64, int64, int64) error {
	return func(r *http.Request, u *tandem.User, pid, me, mr int64) error {
		return a.PinPair(r.Context(), u, pid, me, mr)
	}
}

func forbidAction(a *app.App) func(*http.Request, *tandem.User, int64, int64, int64) error {
	return func(r *http.Request, u *tandem.User, pid, me, mr int64) error {
		return a.ForbidPair(r.Context(), u, pid, me, mr)
	}
}

func clearAction(a *app.App) func(*http.Request, *tandem.User, int64, int64, int64) error {
	return func(r *http.Request, u *tandem.User, pid, me, mr int64) error {
		return a.ClearPair(r.Context(), u, pid, me, mr)
	}
}

func (s *Server) publishMatching(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	intro, err := s.app.PublishMatching(r.Context(), currentUser(r), p.ID)
	if err != nil {
		if tandem.ErrorCode(err) == tandem.EConflict {
			s.matchingPage(w, r, p, http.StatusConflict, tandem.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10)+"/matching",
		"Published: "+plural(len(intro), "introduction", "introductions")+" made. Each pair now meets to align expectations.")
}

func (s *Server) recordRelation(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	err := s.app.RecordRelation(r.Context(), currentUser(r), p.ID, r.PostFormValue("email_a"), r.PostFormValue("email_b"), r.PostFormValue("kind"))
	if err != nil {
		if tandem.ErrorCode(err) == tandem.EInvalid {
			s.matchingPage(w, r, p, http.StatusUnprocessableEntity, tandem.ErrorMessage(err)+" "+joinFields(tandem.ErrorFields(err)))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10)+"/matching", "Recorded: these two will never be paired.")
}

func joinFields(f map[string]string) string {
	out := ""
	for _, k := range []string{"email_a", "email_b"} {
		if m, ok := f[k]; ok {
			out += map[string]string{"email_a": "First person: ", "email_b": "Second person: "}[k] + m + " "
		}
	}
	return out
}
