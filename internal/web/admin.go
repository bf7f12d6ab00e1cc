package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

func organisationValues(o *tandem.Organisation) url.Values {
	var stages, links []string
	for _, s := range o.CareerStages {
		stages = append(stages, s.Label)
	}
	for _, l := range o.SupportLinks {
		links = append(links, l.Label+" | "+l.URL)
	}
	return url.Values{
		"name": {o.Name}, "departments": {strings.Join(o.Departments, "\n")},
		"career_stages": {strings.Join(stages, "\n")}, "support_links": {strings.Join(links, "\n")},
		"time_zone": {o.TimeZone}, "retention_months": {strconv.Itoa(o.RetentionMonths)},
	}
}

func (s *Server) organisationForm(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	u := currentUser(r)
	if !u.IsAdmin() {
		s.renderError(w, r, http.StatusForbidden, "Only an organisation admin can change these settings.")
		return
	}
	o, err := s.app.Organisation(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "admin_org", page{Title: "Organisation settings", Form: organisationValues(o)})
}

func (s *Server) updateOrganisation(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	f := r.PostFormValue
	retention, err := strconv.Atoi(strings.TrimSpace(f("retention_months")))
	if strings.TrimSpace(f("retention_months")) == "" {
		retention, err = 0, nil
	}
	if err == nil {
		_, err = s.app.UpdateOrganisation(r.Context(), currentUser(r), app.OrganisationInput{
			Name: f("name"), Departments: app.Lines(f("departments")), CareerStages: app.Lines(f("career_stages")),
			SupportLinks: app.ParseLinks(f("support_links")), TimeZone: f("time_zone"), RetentionMonths: &retention,
		})
	} else {
		err = &tandem.Error{Code: tandem.EInvalid, Message: "Please correct the highlighted field.",
			Fields: map[string]string{"retention_months": "Give a whole number of months, or 0 to keep content."}}
	}
	if err != nil {
		s.formFail(w, r, "admin_org", page{Title: "Organisation settings"}, err)
		return
	}
	s.redirect(w, r, "/admin/organisation", "The organisation's settings are saved.")
}

func (s *Server) people(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	q := r.URL.Query().Get("q")
	list, err := s.app.ListUsers(r.Context(), currentUser(r), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "admin_people", page{Title: "People", Form: url.Values{"q": {q}}, Data: list})
}

func (s *Server) setRole(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = s.app.SetUserRole(r.Context(), currentUser(r), id, r.PostFormValue("role"))
	}
	if err != nil {
		if tandem.ErrorCode(err) == tandem.EConflict {
			s.redirect(w, r, "/admin/people", tandem.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/people", "The role is changed.")
}
