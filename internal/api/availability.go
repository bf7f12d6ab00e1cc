package api

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// availabilityJSON is a mentor's say in new introductions in one programme.
type availabilityJSON struct {
	MembershipID int64  `json:"membership_id"`
	ProgrammeID  int64  `json:"programme_id"`
	Capacity     int    `json:"capacity"`
	Paused       string `json:"paused"` // open, away or full
	Label        string `json:"label"`
}

// setAvailability lets a mentor pause new introductions and set their
// capacity within the programme's limit.
func (s *Server) setAvailability(r *http.Request, actor *tandem.User) (int, any, error) {
	id, mid, err := pathIDs(r, "mid")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Capacity int    `json:"capacity"`
		Paused   string `json:"paused"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	// "open" names the service's empty value, so every state has a word.
	if in.Paused == "open" {
		in.Paused = tandem.AvailableOpen
	}
	m, err := s.app.SetAvailability(r.Context(), actor, id, mid, app.AvailabilityInput{Capacity: in.Capacity, Paused: in.Paused})
	if err != nil {
		return 0, nil, err
	}
	paused := m.Paused
	if paused == tandem.AvailableOpen {
		paused = "open"
	}
	return 0, availabilityJSON{MembershipID: m.ID, ProgrammeID: m.ProgrammeID, Capacity: m.Capacity, Paused: paused, Label: tandem.PauseLabel(m.Paused)}, nil
}
