package web

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// setAvailability lets a mentor pause new introductions and set how many
// mentees they take in a programme.
func (s *Server) setAvailability(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.app.SetAvailability(r.Context(), currentUser(r), p.ID, mid, app.AvailabilityInput{Capacity: formInt(r, "capacity"), Paused: r.PostFormValue("paused")})
	if err != nil {
		code := tandem.ErrorCode(err)
		if code != tandem.EInvalid && code != tandem.EConflict {
			s.fail(w, r, err)
			return
		}
		s.showProgramme(w, r, p, StatusOf(code), page{Form: r.PostForm, Errors: tandem.ErrorFields(err), Error: tandem.ErrorMessage(err)})
		return
	}
	msg := "Saved: you take up to " + plural(m.Capacity, "mentee", "mentees") + " here and are open to new introductions."
	if m.Paused != tandem.AvailableOpen {
		msg = "Saved: you take up to " + plural(m.Capacity, "mentee", "mentees") + " here. New introductions are paused (" + map[string]string{tandem.PausedAway: "away", tandem.PausedFull: "full"}[m.Paused] + "); your current partnerships carry on."
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10)+"#availability", msg)
}
