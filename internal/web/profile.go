package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
)

type profileData struct {
	Tokens   []store.APIToken
	NewToken string
	// HasFeed says whether the person has a calendar feed; NewFeedURL is a
	// new feed's address, shown once.
	HasFeed    bool
	NewFeedURL string
}

// profileExtras loads the parts of the profile page beside the form: API
// tokens and the calendar feed's status.
func (s *Server) profileExtras(r *http.Request) profileData {
	u := currentUser(r)
	tokens, _ := s.app.ListAPITokens(r.Context(), u)
	feed, _ := s.app.CalendarFeedStatus(r.Context(), u)
	return profileData{Tokens: tokens, HasFeed: feed}
}

// profileFromForm reads the profile fields shared by the profile and join forms.
func profileFromForm(r *http.Request) tandem.Profile {
	f := r.PostFormValue
	return tandem.Profile{
		Department: f("department"), CareerStage: f("career_stage"),
		Expertise: tandem.SplitList(f("expertise")), Topics: tandem.SplitList(f("topics")),
		Goals: strings.TrimSpace(f("goals")), Background: strings.TrimSpace(f("background")),
		Availability: strings.TrimSpace(f("availability")), MeetingMode: f("meeting_mode"),
		Languages: tandem.SplitList(f("languages")), About: strings.TrimSpace(f("about")),
	}
}

// profileValues fills a form from a saved profile.
func profileValues(u *tandem.User, p *tandem.Profile) url.Values {
	return url.Values{
		"name": {u.Name}, "department": {p.Department}, "career_stage": {p.CareerStage},
		"expertise": {strings.Join(p.Expertise, ", ")}, "topics": {strings.Join(p.Topics, ", ")},
		"goals": {p.Goals}, "background": {p.Background}, "availability": {p.Availability},
		"meeting_mode": {p.MeetingMode}, "languages": {strings.Join(p.Languages, ", ")}, "about": {p.About},
	}
}

func (s *Server) profileForm(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	s.showProfile(w, r, nil)
}

// showProfile renders the profile page. reveal adds a secret shown this once
// (a new API token or calendar link), which is why such a page is not cached.
func (s *Server) showProfile(w http.ResponseWriter, r *http.Request, reveal func(*profileData)) {
	u := currentUser(r)
	p, err := s.app.MyProfile(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.profileExtras(r)
	if reveal != nil {
		reveal(&d)
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, "profile", page{Title: "Your profile", Form: profileValues(u, p), Data: d})
}

func (s *Server) updateProfile(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	u := currentUser(r)
	_, err := s.app.UpdateProfile(r.Context(), u, app.ProfileInput{Name: r.PostFormValue("name"), Profile: profileFromForm(r)})
	if err != nil {
		s.formFail(w, r, "profile", page{Title: "Your profile", Data: s.profileExtras(r)}, err)
		return
	}
	s.redirect(w, r, "/profile", "Your profile is saved.")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	u := currentUser(r)
	token, err := s.app.CreateAPIToken(r.Context(), u, r.PostFormValue("token_name"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showProfile(w, r, func(d *profileData) { d.NewToken = token })
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.app.RevokeAPIToken(r.Context(), currentUser(r), id)
	}
	if err != nil {
		s.fail(w, r, tandem.Errorf(tandem.ENotFound, "Token not found."))
		return
	}
	s.redirect(w, r, "/profile#tokens", "The token is revoked.")
}

// pathID reads a numeric path value; anything else is "not found".
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, tandem.Errorf(tandem.ENotFound, "Page not found.")
	}
	return id, nil
}
