package api

import (
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// dashboardJSON is the coordinator's desk of a programme: counts, dates,
// states and names, never what a pair wrote.
type dashboardJSON struct {
	ProgrammeID       int64                 `json:"programme_id"`
	AsOf              time.Time             `json:"as_of"`
	ApplicantsWaiting int                   `json:"applicants_waiting"`
	Unmatched         []unmatchedPersonJSON `json:"unmatched"`
	UnmatchedByReason []countJSON           `json:"unmatched_by_reason"`
	PairsByState      []countJSON           `json:"pairs_by_state"`
	LivePairs         int                   `json:"live_pairs"`
	AtRisk            []pairAtRiskJSON      `json:"at_risk"`
	RiskCounts        []countJSON           `json:"risk_counts"`
	OpenConcerns      int                   `json:"open_concerns"`
	Meetings          meetingsDueJSON       `json:"meetings"`
	Workload          workloadJSON          `json:"workload"`
	EndedTerms        int                   `json:"ended_terms"`
	UpcomingEvents    []deskEventJSON       `json:"upcoming_events"`
}

// deskEventJSON is an upcoming event on the desk; a series of support slots
// is one line, its first slot still to come.
type deskEventJSON struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Kind        string    `json:"kind"`
	ProgrammeID int64     `json:"programme_id"`
	StartsAt    time.Time `json:"starts_at"`
	Capacity    int       `json:"capacity"`
	Booked      int       `json:"booked"`
	Waiting     int       `json:"waiting"`
	Slots       int       `json:"slots"`
	SlotsBooked int       `json:"slots_booked"`
}

type unmatchedPersonJSON struct {
	MembershipID int64     `json:"membership_id"`
	UserID       int64     `json:"user_id"`
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	Since        time.Time `json:"since"`
	Why          string    `json:"why"`
	Reason       string    `json:"reason"`
}

// countJSON counts the items of one kind: a state, a risk or a reason.
type countJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

type pairAtRiskJSON struct {
	PartnershipID int64      `json:"partnership_id"`
	MentorName    string     `json:"mentor_name"`
	MenteeName    string     `json:"mentee_name"`
	State         string     `json:"state"`
	Risks         []riskJSON `json:"risks"`
}

type riskJSON struct {
	Kind  string    `json:"kind"`
	Label string    `json:"label"`
	Since time.Time `json:"since"`
}

type meetingsDueJSON struct {
	ActivePairs int     `json:"active_pairs"`
	Held        int     `json:"held"`
	ExpectedMin float64 `json:"expected_min"`
	ExpectedMax float64 `json:"expected_max"`
	PairsBehind int     `json:"pairs_behind"`
	PerTermMin  int     `json:"per_term_min"`
	PerTermMax  int     `json:"per_term_max"`
}

type workloadJSON struct {
	LivePairs   int     `json:"live_pairs"`
	DaysPerWeek float64 `json:"days_per_week"`
	Text        string  `json:"text"`
}

func (s *Server) dashboard(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	d, err := s.app.ProgrammeDashboard(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	m := d.Meetings
	out := dashboardJSON{ProgrammeID: d.Programme.ID, AsOf: d.AsOf, ApplicantsWaiting: d.Applicants, LivePairs: d.Workload.LivePairs,
		OpenConcerns: d.OpenConcerns, EndedTerms: d.EndedTerms, Unmatched: []unmatchedPersonJSON{}, UnmatchedByReason: []countJSON{},
		PairsByState: []countJSON{}, AtRisk: []pairAtRiskJSON{}, RiskCounts: []countJSON{}, UpcomingEvents: []deskEventJSON{},
		Meetings: meetingsDueJSON{ActivePairs: m.Pairs, Held: m.Held, ExpectedMin: m.ExpectedMin, ExpectedMax: m.ExpectedMax,
			PairsBehind: m.Behind, PerTermMin: m.PerTermMin, PerTermMax: m.PerTermMax},
		Workload: workloadJSON{LivePairs: d.Workload.LivePairs, DaysPerWeek: d.Workload.DaysPerWeek, Text: d.Workload.String()}}
	for _, u := range d.Unmatched {
		out.Unmatched = append(out.Unmatched, unmatchedPersonJSON{MembershipID: u.MembershipID, UserID: u.UserID, Name: u.Name, Role: u.Role,
			Since: u.Since, Why: u.Why, Reason: u.Reason})
	}
	for _, w := range d.UnmatchedWhy {
		out.UnmatchedByReason = append(out.UnmatchedByReason, countJSON{Key: w.Why, Label: w.Label, Count: w.N})
	}
	for _, st := range d.States {
		out.PairsByState = append(out.PairsByState, countJSON{Key: st.State, Label: st.Label, Count: st.N})
	}
	for _, p := range d.AtRisk {
		x := pairAtRiskJSON{PartnershipID: p.PartnershipID, MentorName: p.MentorName, MenteeName: p.MenteeName, State: p.State}
		for _, k := range p.Risks {
			x.Risks = append(x.Risks, riskJSON{Kind: string(k.Kind), Label: app.RiskName(k.Kind), Since: k.Since})
		}
		out.AtRisk = append(out.AtRisk, x)
	}
	for _, c := range d.RiskCounts {
		out.RiskCounts = append(out.RiskCounts, countJSON{Key: string(c.Kind), Label: c.Name, Count: c.N})
	}
	for _, e := range d.Upcoming {
		out.UpcomingEvents = append(out.UpcomingEvents, deskEventJSON{ID: e.ID, Title: e.Title, Kind: e.Kind, ProgrammeID: e.ProgrammeID, StartsAt: e.StartsAt,
			Capacity: e.Capacity, Booked: e.Booked, Waiting: e.Waiting, Slots: e.Slots, SlotsBooked: e.SlotsBooked})
	}
	return 0, out, nil
}
