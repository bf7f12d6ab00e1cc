package api

import (
	"bytes"
	"net"
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

type credentials struct {
	Name     string `json:"name"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) sessionCookie(token string) *http.Cookie {
	return &http.Cookie{Name: app.SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(app.SessionLifetime.Seconds())}
}

func (s *Server) signUp(r *http.Request, _ *tandem.User) (int, any, error) {
	var in credentials
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	u, err := s.app.SignUp(r.Context(), app.SignUpInput{Name: in.Name, Email: in.Email, Password: in.Password})
	if err != nil {
		return 0, nil, err
	}
	token, err := s.app.StartSession(r.Context(), u)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, cookieBody{s.sessionCookie(token), u}, nil
}

func (s *Server) signIn(r *http.Request, _ *tandem.User) (int, any, error) {
	var in credentials
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	u, err := s.app.SignIn(r.Context(), app.SignInInput{Email: in.Email, Password: in.Password, IP: ip})
	if err != nil {
		return 0, nil, err
	}
	token, err := s.app.StartSession(r.Context(), u)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, cookieBody{s.sessionCookie(token), u}, nil
}

func (s *Server) signOut(r *http.Request, actor *tandem.User) (int, any, error) {
	if c, err := r.Cookie(app.SessionCookie); err == nil {
		if err := s.app.EndSession(r.Context(), c.Value); err != nil {
			return 0, nil, err
		}
	}
	return http.StatusNoContent, cookieBody{&http.Cookie{Name: app.SessionCookie, Path: "/", MaxAge: -1}, nil}, nil
}

func (s *Server) forgot(r *http.Request, _ *tandem.User) (int, any, error) {
	var in struct {
		Email string `json:"email"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	if err := s.app.RequestPasswordReset(r.Context(), in.Email); err != nil {
		return 0, nil, err
	}
	return http.StatusAccepted, map[string]string{"message": "If that address has an account, a reset link is on its way."}, nil
}

func (s *Server) reset(r *http.Request, _ *tandem.User) (int, any, error) {
	var in struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	u, err := s.app.ResetPassword(r.Context(), in.Token, in.Password)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, u, nil
}

func (s *Server) createToken(r *http.Request, actor *tandem.User) (int, any, error) {
	var in struct {
		Name string `json:"name"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	token, err := s.app.CreateAPIToken(r.Context(), actor, in.Name)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, map[string]string{"token": token}, nil
}

func (s *Server) me(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	p, err := s.app.MyProfile(r.Context(), actor)
	if err != nil {
		return 0, nil, err
	}
	ms, err := s.app.MyMemberships(r.Context(), actor)
	if err != nil {
		return 0, nil, err
	}
	for i := range ms {
		ms[i].Profile = nil
	}
	return 0, map[string]any{"user": actor, "profile": p, "memberships": nonNilSlice(ms)}, nil
}

type profileBody struct {
	Name string `json:"name"`
	tandem.Profile
}

func (s *Server) updateProfile(r *http.Request, actor *tandem.User) (int, any, error) {
	var in profileBody
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	p, err := s.app.UpdateProfile(r.Context(), actor, app.ProfileInput{Name: in.Name, Profile: in.Profile})
	return 0, p, err
}

func (s *Server) organisation(r *http.Request, actor *tandem.User) (int, any, error) {
	o, err := s.app.Organisation(r.Context(), actor)
	return 0, o, err
}

func (s *Server) updateOrganisation(r *http.Request, actor *tandem.User) (int, any, error) {
	var in struct {
		Name         string        `json:"name"`
		Departments  []string      `json:"departments"`
		CareerStages []string      `json:"career_stages"`
		SupportLinks []tandem.Link `json:"support_links"`
		TimeZone     string        `json:"time_zone"`
		// RetentionMonths left out keeps the current period.
		RetentionMonths *int `json:"retention_months"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	o, err := s.app.UpdateOrganisation(r.Context(), actor, app.OrganisationInput{Name: in.Name, Departments: in.Departments,
		CareerStages: in.CareerStages, SupportLinks: in.SupportLinks, TimeZone: in.TimeZone, RetentionMonths: in.RetentionMonths})
	return 0, o, err
}

func (s *Server) templates(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	type tpl struct {
		Key       string           `json:"key"`
		Source    string           `json:"source"`
		Summary   string           `json:"summary"`
		Programme tandem.Programme `json:"programme"`
	}
	var out []tpl
	for _, t := range tandem.Templates() {
		out = append(out, tpl{t.Key, t.Source, t.Summary, t.New()})
	}
	return 0, out, nil
}

func (s *Server) programmes(r *http.Request, actor *tandem.User) (int, any, error) {
	ps, err := s.app.ListProgrammes(r.Context(), actor)
	return 0, nonNilSlice(ps), err
}

func (s *Server) createProgramme(r *http.Request, actor *tandem.User) (int, any, error) {
	var in struct {
		Template string `json:"template"`
		Name     string `json:"name"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	p, err := s.app.CreateProgramme(r.Context(), actor, app.CreateProgrammeInput{Template: in.Template, Name: in.Name})
	return http.StatusCreated, p, err
}

func (s *Server) programme(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	p, err := s.app.Programme(r.Context(), actor, id)
	return 0, p, err
}

func (s *Server) updateProgramme(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	cur, err := s.app.Programme(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	in := *cur // fields the body leaves out keep their values
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	in.ID = id
	p, err := s.app.UpdateProgramme(r.Context(), actor, in)
	return 0, p, err
}

func (s *Server) join(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Roles       []string       `json:"roles"`
		Profile     tandem.Profile `json:"profile"`
		Capacity    int            `json:"capacity"`
		Application string         `json:"application"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	res, err := s.app.Join(r.Context(), actor, app.JoinInput{ProgrammeID: id, Roles: in.Roles, Profile: in.Profile, Capacity: in.Capacity, Application: in.Application})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, map[string]any{"memberships": res.Memberships, "unverified_prerequisites": nonNilSlice(res.Unverified)}, nil
}

func (s *Server) participants(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
	list, err := s.app.Participants(r.Context(), actor, id, tandem.MembershipFilter{Role: q.Get("role"), Status: q.Get("status"), Query: q.Get("q")})
	return 0, nonNilSlice(list), err
}

func (s *Server) importParticipants(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	res, err := s.app.ImportParticipants(r.Context(), actor, id, r.Body)
	if err != nil && res != nil {
		// Row errors are the answer, with the error's code and message beside them.
		return http.StatusUnprocessableEntity, map[string]any{"error": errorDetail{Code: tandem.ErrorCode(err), Message: tandem.ErrorMessage(err)}, "result": res}, nil
	}
	return 0, res, err
}

func (s *Server) decide(approve bool) handlerFunc {
	return func(r *http.Request, actor *tandem.User) (int, any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return 0, nil, err
		}
		mid, err := pathID(r, "mid")
		if err != nil {
			return 0, nil, err
		}
		m, err := s.app.Decide(r.Context(), actor, id, mid, approve)
		return 0, m, err
	}
}

func (s *Server) exportParticipants() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, actor, err := s.authenticate(r)
		if err == nil {
			err = requireActor(actor)
		}
		var id int64
		if err == nil {
			id, err = pathID(r, "id")
		}
		var buf bytes.Buffer
		if err == nil {
			err = s.app.ExportParticipants(r.Context(), actor, id, &buf)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="participants-`+strconv.FormatInt(id, 10)+`.csv"`)
		buf.WriteTo(w)
	})
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
