package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// sectionField is the form name of an agreement section's text.
const sectionField = "section-"

// agreementData is the agreement page: the app's agreement, the partnership's
// base path, and the version shown (the current one, or an earlier one).
type agreementData struct {
	*app.Agreement
	Base    string
	Shown   *tandem.AgreementVersion
	Earlier []tandem.AgreementVersion
	Print   bool
	Loc     *time.Location // the organisation's time zone, for the dates of signatures
}

func (s *Server) newAgreementData(r *http.Request, a *app.Agreement) agreementData {
	d := agreementData{Agreement: a, Base: "/partnerships/" + strconv.FormatInt(a.Partnership.ID, 10), Shown: a.Current,
		Loc: s.app.Location(r.Context(), currentUser(r))}
	if len(a.Versions) > 1 {
		d.Earlier = a.Versions[1:]
	}
	return d
}

// agreementValues fills the form with the current text, or the template's
// empty sections.
func agreementValues(a *app.Agreement) url.Values {
	v := url.Values{}
	for _, s := range a.Draft {
		v.Set(sectionField+s.Key, s.Text)
	}
	return v
}

func (s *Server) agreement(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	s.showAgreement(w, r, id, http.StatusOK, page{})
}

func (s *Server) showAgreement(w http.ResponseWriter, r *http.Request, id int64, status int, p page) {
	a, err := s.app.AgreementOf(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Form == nil {
		p.Form = agreementValues(a)
	}
	p.Title = "Mentoring agreement · " + a.Partnership.OtherName
	p.Data = s.newAgreementData(r, a)
	s.renderStatus(w, r, status, "agreement", p)
}

func (s *Server) saveAgreement(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	texts := map[string]string{}
	for name, vs := range r.PostForm {
		if key, ok := strings.CutPrefix(name, sectionField); ok && len(vs) > 0 {
			texts[key] = vs[0]
		}
	}
	before, err := s.app.AgreementOf(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.app.SaveAgreement(r.Context(), currentUser(r), id, texts)
	if err != nil {
		code := tandem.ErrorCode(err)
		if code != tandem.EInvalid && code != tandem.EConflict {
			s.fail(w, r, err)
			return
		}
		// Errors name a section by its key; the form names it with a prefix.
		fields := map[string]string{}
		for k, msg := range tandem.ErrorFields(err) {
			fields[sectionField+k] = msg
		}
		s.showAgreement(w, r, id, StatusOf(code), page{Form: r.PostForm, Errors: fields, Error: tandem.ErrorMessage(err)})
		return
	}
	msg := "Your agreement is saved as version " + strconv.Itoa(v.Version) + ". When you both agree with it, each of you signs it."
	switch {
	case before.Current != nil && before.Current.Version == v.Version && slices.Equal(before.Current.Sections, v.Sections):
		msg = "Nothing had changed: version " + strconv.Itoa(v.Version) + " stays as it was."
	case before.Current != nil && before.Current.Version != v.Version:
		msg = "Your changes make version " + strconv.Itoa(v.Version) + " of the agreement: you both sign it again."
	}
	s.redirect(w, r, "/partnerships/"+strconv.FormatInt(id, 10)+"/agreement", msg)
}

func (s *Server) signAgreement(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	v, err := s.app.SignAgreement(r.Context(), currentUser(r), id, version)
	if err != nil {
		code := tandem.ErrorCode(err)
		if code != tandem.EInvalid && code != tandem.EConflict {
			s.fail(w, r, err)
			return
		}
		s.showAgreement(w, r, id, StatusOf(code), page{Error: tandem.ErrorMessage(err)})
		return
	}
	msg := "You signed version " + strconv.Itoa(v.Version) + ". It is agreed once you have both signed."
	if v.Signed() {
		msg = "You have both signed version " + strconv.Itoa(v.Version) + ": your agreement is in place."
	}
	s.redirect(w, r, "/partnerships/"+strconv.FormatInt(id, 10)+"/agreement", msg)
}

// agreementVersion shows one version, current or earlier, to read.
func (s *Server) agreementVersion(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		s.fail(w, r, tandem.Errorf(tandem.ENotFound, "Page not found."))
		return
	}
	a, err := s.app.AgreementOf(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.newAgreementData(r, a)
	d.Shown = nil
	for i := range a.Versions {
		if a.Versions[i].Version == n {
			d.Shown = &a.Versions[i]
		}
	}
	if d.Shown == nil {
		s.fail(w, r, tandem.Errorf(tandem.ENotFound, "There is no version %d of this agreement.", n))
		return
	}
	s.render(w, r, "agreement_version", page{Title: "Agreement version " + strconv.Itoa(n), Data: d})
}

// printAgreement is the current version on a clean page to print or save.
func (s *Server) printAgreement(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	a, err := s.app.AgreementOf(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if a.Current == nil {
		s.fail(w, r, tandem.Errorf(tandem.ENotFound, "There is no agreement to print yet: write and save it first."))
		return
	}
	d := s.newAgreementData(r, a)
	d.Print = true
	s.render(w, r, "agreement_version", page{Title: "Mentoring agreement", Data: d, Bare: true})
}
