package api

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// Consented characteristics: the caller's own, never anyone else's.

func (s *Server) myCharacteristics(r *http.Request, actor *tandem.User) (int, any, error) {
	c, err := s.app.MyCharacteristics(r.Context(), actor)
	return 0, c, err
}

// characteristicsBody is the answers and the consent, which must be true for
// anything to be kept.
type characteristicsBody struct {
	tandem.Characteristics
	Consent bool `json:"consent"`
}

func (s *Server) saveCharacteristics(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	var in characteristicsBody
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := s.app.SaveMyCharacteristics(r.Context(), actor, app.CharacteristicsInput{Characteristics: in.Characteristics, Consent: in.Consent})
	return 0, c, err
}

func (s *Server) withdrawCharacteristics(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := s.app.WithdrawMyCharacteristics(r.Context(), actor); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}
