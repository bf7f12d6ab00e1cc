package web

import (
	"net/http"
	"strings"

	"github.com/tandemhq/tandem"
)

// createCalendarFeed makes the person a private calendar feed and shows its
// address once, on the profile page (never in a redirect's cookie or URL).
func (s *Server) createCalendarFeed(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	u := currentUser(r)
	feed, err := s.app.NewCalendarFeed(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showProfile(w, r, func(d *profileData) { d.NewFeedURL = feed })
}

func (s *Server) revokeCalendarFeed(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	if err := s.app.RevokeCalendarFeed(r.Context(), currentUser(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/profile#calendar", "Your calendar link is stopped. Calendars that used it stop updating.")
}

// calendarFeed serves a person's meetings to their calendar app. The token
// in the address is the only key: calendar apps cannot sign in.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || token == "" {
		s.fail(w, r, tandem.Errorf(tandem.ENotFound, "Page not found."))
		return
	}
	cal, err := s.app.CalendarFeed(r.Context(), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCalendar(w, cal, "")
}
