package web

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// oversightData is the coordinator's view of a programme's partnerships:
// states, dates and counts, never what a pair wrote.
type oversightData struct {
	Programme *tandem.Programme
	Rows      []app.PartnershipSummary
	Loc       *time.Location
	Counts    map[string]int // partnerships by state
	// Pulse check-ins: each pair's latest scores, and the programme's
	// average over PulseDays (shown only when built from five people or more).
	Pulse        map[int64]app.PulseSignal
	PulseSummary *app.PulseSummary
	PulseDays    int
}

// pulseWindow is the period the programme's pulse average covers.
const pulseWindow = 90

func (s *Server) programmePartnerships(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	rows, err := s.app.PartnershipSummaries(r.Context(), currentUser(r), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := oversightData{Programme: p, Rows: rows, Loc: s.app.Location(r.Context(), currentUser(r)), Counts: map[string]int{}, PulseDays: pulseWindow}
	now := s.app.Now()
	d.Pulse, d.PulseSummary, err = s.app.PulseOverview(r.Context(), currentUser(r), p.ID, now.AddDate(0, 0, -pulseWindow), time.Time{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, x := range rows {
		d.Counts[x.State]++
	}
	s.render(w, r, "partnerships", page{Title: "Partnerships · " + p.Name, Data: d})
}
