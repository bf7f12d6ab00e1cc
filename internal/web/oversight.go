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
}

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
	d := oversightData{Programme: p, Rows: rows, Loc: s.app.Location(r.Context(), currentUser(r)), Counts: map[string]int{}}
	for _, x := range rows {
		d.Counts[x.State]++
	}
	s.render(w, r, "partnerships", page{Title: "Partnerships · " + p.Name, Data: d})
}
