package web

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) {
	need, err := s.app.NeedsSetup(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !need {
		s.redirect(w, r, "/signin", "Tandem is already set up. Sign in to continue.")
		return
	}
	s.render(w, r, "setup", page{Title: "Set up Tandem"})
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	u, err := s.app.Setup(r.Context(), app.SetupInput{
		OrgName: r.PostFormValue("org_name"), Name: r.PostFormValue("name"),
		Email: r.PostFormValue("email"), Password: r.PostFormValue("password"),
	})
	if err != nil {
		s.formFail(w, r, "setup", page{Title: "Set up Tandem"}, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/organisation", "Welcome! You are the organisation's admin. Start by adding your departments and support links.")
}

func (s *Server) signUpForm(w http.ResponseWriter, r *http.Request) {
	if s.needsSetup(w, r) {
		return
	}
	s.render(w, r, "signup", page{Title: "Create your account"})
}

func (s *Server) signUp(w http.ResponseWriter, r *http.Request) {
	u, err := s.app.SignUp(r.Context(), app.SignUpInput{
		Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Password: r.PostFormValue("password"),
	})
	if err != nil {
		s.formFail(w, r, "signup", page{Title: "Create your account"}, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes", "Welcome to Tandem, "+u.Name+". Choose a programme to join.")
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) {
	if s.needsSetup(w, r) {
		return
	}
	if currentUser(r) != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, "signin", page{Title: "Sign in", Data: localPath(r.URL.Query().Get("next"))})
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.PostFormValue("next"))
	u, err := s.app.SignIn(r.Context(), app.SignInInput{
		Email: r.PostFormValue("email"), Password: r.PostFormValue("password"), IP: clientIP(r),
	})
	if err != nil {
		r.PostForm.Del("password") // never echo a password back into the page
		s.formFail(w, r, "signin", page{Title: "Sign in", Data: next}, err)
		return
	}
	if c, err := r.Cookie(app.SessionCookie); err == nil {
		s.app.EndSession(r.Context(), c.Value)
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(app.SessionCookie); err == nil {
		if err := s.app.EndSession(r.Context(), c.Value); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearCookie(w, app.SessionCookie)
	s.redirect(w, r, "/signin", "You are signed out.")
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "forgot", page{Title: "Forgot your password?"})
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) {
	email := r.PostFormValue("email")
	if err := s.app.RequestPasswordReset(r.Context(), email); err != nil {
		s.formFail(w, r, "forgot", page{Title: "Forgot your password?"}, err)
		return
	}
	s.render(w, r, "forgot", page{Title: "Check your email", Data: tandem.NormalizeEmail(email)})
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	p := page{Title: "Choose a new password", Form: map[string][]string{"token": {token}}}
	if !s.app.PasswordResetValid(r.Context(), token) {
		p.Error = "This link has expired or was already used. Ask for a new one below."
		s.renderStatus(w, r, http.StatusGone, "forgot", p)
		return
	}
	s.render(w, r, "reset", p)
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	u, err := s.app.ResetPassword(r.Context(), r.PostFormValue("token"), r.PostFormValue("password"))
	if err != nil {
		r.PostForm.Del("password")
		s.formFail(w, r, "reset", page{Title: "Choose a new password"}, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/", "Your new password is set, and you are signed in.")
}

// needsSetup sends people to the first-run page while the instance has no accounts.
func (s *Server) needsSetup(w http.ResponseWriter, r *http.Request) bool {
	need, err := s.app.NeedsSetup(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return true
	}
	if need {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
	}
	return need
}

// requireSignIn sends a signed-out person to sign in, and reports whether it did.
func (s *Server) requireSignIn(w http.ResponseWriter, r *http.Request) bool {
	if currentUser(r) != nil {
		return false
	}
	s.fail(w, r, tandem.Errorf(tandem.EUnauthorized, "Please sign in."))
	return true
}
