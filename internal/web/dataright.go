package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// dataPage is the readable copy of everything held about a person.
type dataPage struct {
	X            *app.DataExport
	Loc          *time.Location
	RemindersOff []string // in words
	Concerns     []dataConcern
	Stage        string // the profile's career stage, in words
}

// dataConcern is a concern the person raised, with its kind and state in words.
type dataConcern struct {
	tandem.Concern
	KindLabel  string
	StateLabel string
}

// myData shows a person everything Tandem holds about them, to read.
func (s *Server) myData(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	u := currentUser(r)
	x, err := s.app.ExportMyData(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := dataPage{X: x, Loc: s.app.Location(r.Context(), u)}
	if x.Profile != nil {
		d.Stage = x.Profile.CareerStage
		if org, err := s.app.Organisation(r.Context(), u); err == nil {
			d.Stage = org.StageLabel(d.Stage)
		}
	}
	for _, k := range x.RemindersOff {
		d.RemindersOff = append(d.RemindersOff, tandem.NudgeLabel(k))
	}
	for _, c := range x.Concerns {
		state := "Open"
		if c.Status == tandem.ConcernResolved {
			state = "Resolved: " + tandem.ConcernOutcomeLabel(c.Outcome)
		}
		d.Concerns = append(d.Concerns, dataConcern{Concern: c, KindLabel: tandem.ConcernLabel(c.Kind), StateLabel: state})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, "dataright", page{Title: "Your data", Data: d})
}

// myDataJSON downloads the same as a JSON file.
func (s *Server) myDataJSON(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	u := currentUser(r)
	x, err := s.app.ExportMyData(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	day := x.ExportedAt.In(s.app.Location(r.Context(), u)).Format("2006-01-02")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="tandem-data-`+day+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(append(body, '\n'))
}

// eraseForm asks a person to confirm that they want their account deleted.
func (s *Server) eraseForm(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	s.render(w, r, "dataright_erase", page{Title: "Delete your account and data"})
}

// erase deletes the person's account and data, then signs them out.
func (s *Server) erase(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	if err := s.app.EraseMe(r.Context(), currentUser(r), r.PostFormValue("confirm")); err != nil {
		// The confirmation is a secret (it may be the password): never echo it.
		r.PostForm.Del("confirm")
		s.formFail(w, r, "dataright_erase", page{Title: "Delete your account and data"}, err)
		return
	}
	s.clearCookie(w, app.SessionCookie)
	s.redirect(w, r, "/", "Your account and your data are deleted. Thank you for taking part.")
}
