package api

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// myData returns everything Tandem holds about the caller.
func (s *Server) myData(r *http.Request, actor *tandem.User) (int, any, error) {
	x, err := s.app.ExportMyData(r.Context(), actor)
	return 0, x, err
}

// eraseMe deletes the caller's account and data, confirmed by their email
// address or password, and ends the session.
func (s *Server) eraseMe(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	var in struct {
		Confirm string `json:"confirm"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	if err := s.app.EraseMe(r.Context(), actor, in.Confirm); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, cookieBody{&http.Cookie{Name: app.SessionCookie, Path: "/", MaxAge: -1}, nil}, nil
}
