package web

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
)

func (s *Server) shortlist(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	s.shortlistPage(w, r, p, http.StatusOK, "")
}

func (s *Server) shortlistPage(w http.ResponseWriter, r *http.Request, p *tandem.Programme, status int, errMsg string) {
	sl, err := s.app.MentorShortlist(r.Context(), currentUser(r), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStatus(w, r, status, "shortlist", page{Title: "Choose your mentor", Error: errMsg, Data: sl})
}

func (s *Server) chooseMentor(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	mentor, _ := strconv.ParseInt(r.PostFormValue("mentor"), 10, 64)
	ps, err := s.app.ChooseMentor(r.Context(), currentUser(r), p.ID, mentor)
	if err != nil {
		if code := tandem.ErrorCode(err); code == tandem.EConflict || code == tandem.ENotFound {
			s.shortlistPage(w, r, p, http.StatusConflict, tandem.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10)+"/shortlist",
		"You are introduced to "+ps.MentorName+". Meet to align expectations; either of you can still decline.")
}
