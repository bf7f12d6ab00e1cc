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
	// The desk links here filtered: by state ("live": introduced, active or
	// closing), by risk ("any" or a kind), or
	// to the pairs behind the cadence. Total counts every partnership.
	State, Risk string
	Behind      bool
	Total       int
}

// keep reports whether a row passes the page's filter.
func (d *oversightData) keep(x *app.PartnershipSummary) bool {
	switch {
	case d.State == "live" && !tandem.PartnershipLive(x.State):
		return false
	case d.State != "" && d.State != "live" && x.State != d.State:
		return false
	}
	if d.Behind && !x.Behind {
		return false
	}
	if d.Risk == "" {
		return true
	}
	for _, k := range x.Risks {
		if d.Risk == "any" || string(k.Kind) == d.Risk {
			return true
		}
	}
	return false
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
	q := r.URL.Query()
	d := oversightData{Programme: p, Loc: s.app.Location(r.Context(), currentUser(r)), Counts: map[string]int{}, PulseDays: pulseWindow,
		State: q.Get("state"), Risk: q.Get("risk"), Behind: q.Get("behind") == "1", Total: len(rows)}
	now := s.app.Now()
	d.Pulse, d.PulseSummary, err = s.app.PulseOverview(r.Context(), currentUser(r), p.ID, now.AddDate(0, 0, -pulseWindow), time.Time{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i := range rows {
		d.Counts[rows[i].State]++
		if d.keep(&rows[i]) {
			d.Rows = append(d.Rows, rows[i])
		}
	}
	s.render(w, r, "partnerships", page{Title: "Partnerships · " + p.Name, Data: d})
}
