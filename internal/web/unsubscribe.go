package web

import (
	"net/http"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// unsubscribeRoute is the one-click unsubscribe (RFC 8058) that every
// reminder email's List-Unsubscribe header names. Mail programs POST to it
// from their own servers, with no session and no CSRF token: the signed
// token in the path is the whole authority, and it can do one thing only,
// turn one kind of reminder off for one person. Middleware exempts exactly
// this route from the CSRF checks.
const unsubscribeRoute = "POST /unsubscribe/{token}"

// isUnsubscribe reports whether r is the one-click unsubscribe POST.
func isUnsubscribe(r *http.Request) bool {
	rest, ok := strings.CutPrefix(r.URL.Path, "/unsubscribe/")
	return ok && r.Method == http.MethodPost && rest != "" && !strings.Contains(rest, "/")
}

type unsubscribeData struct {
	Token string
	U     *app.Unsubscription
	Done  bool
}

// unsubscribeForm shows what the link would turn off and a button to do it:
// a GET changes nothing, since link scanners follow links in email.
func (s *Server) unsubscribeForm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	u, err := s.app.CheckUnsubscribe(r.Context(), token)
	s.showUnsubscribe(w, r, unsubscribeData{Token: token, U: u}, err)
}

func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	u, err := s.app.Unsubscribe(r.Context(), token)
	s.showUnsubscribe(w, r, unsubscribeData{Token: token, U: u, Done: err == nil}, err)
}

func (s *Server) showUnsubscribe(w http.ResponseWriter, r *http.Request, d unsubscribeData, err error) {
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the address
	if err != nil {
		if tandem.ErrorCode(err) != tandem.EInvalid {
			s.fail(w, r, err)
			return
		}
		s.renderStatus(w, r, http.StatusBadRequest, "unsubscribe", page{Title: "Unsubscribe", Error: tandem.ErrorMessage(err), Data: d})
		return
	}
	s.render(w, r, "unsubscribe", page{Title: "Unsubscribe", Data: d})
}
