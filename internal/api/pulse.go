package api

import (
	"net/http"
	"sort"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// Pulse check-ins (issue 6): the author's own answers for the pair, the
// scores (and shared words) for the programme's coordinators.

type pulseJSON struct {
	ID         int64     `json:"id"`
	Round      int       `json:"round"`
	Score      int       `json:"score"`
	NotGoodFit bool      `json:"not_good_fit"`
	Word       string    `json:"word"`
	Share      bool      `json:"share"`
	CreatedAt  time.Time `json:"created_at"`
}

func toPulseJSON(p *tandem.Pulse) pulseJSON {
	return pulseJSON{ID: p.ID, Round: p.Round, Score: p.Score, NotGoodFit: p.NotGoodFit, Word: p.Word, Share: p.Share, CreatedAt: p.CreatedAt}
}

type pulseStatusJSON struct {
	Round            int         `json:"round"`
	Due              bool        `json:"due"`
	Answered         bool        `json:"answered"`
	Active           bool        `json:"active"`
	NextAt           time.Time   `json:"next_at"`
	CanSayNotGoodFit bool        `json:"can_say_not_good_fit"`
	OfferRepair      bool        `json:"offer_repair"`
	Answers          []pulseJSON `json:"answers"`
}

type pulseResultJSON struct {
	Pulse       pulseJSON `json:"pulse"`
	OfferRepair bool      `json:"offer_repair"`
}

type programmePulseJSON struct {
	Summary *app.PulseSummary `json:"summary"`
	Signals []app.PulseSignal `json:"signals"`
}

func (s *Server) myPulse(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	st, err := s.app.MyPulse(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	out := pulseStatusJSON{Round: st.Round, Due: st.Due, Answered: st.Answered, Active: st.Active, NextAt: st.NextAt, CanSayNotGoodFit: st.CanSayNotGoodFit, OfferRepair: st.OfferRepair,
		Answers: []pulseJSON{}}
	for i := range st.Mine {
		out.Answers = append(out.Answers, toPulseJSON(&st.Mine[i]))
	}
	return http.StatusOK, out, nil
}

func (s *Server) submitPulse(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Score      int    `json:"score"`
		Word       string `json:"word"`
		Share      bool   `json:"share"`
		NotGoodFit bool   `json:"not_good_fit"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	res, err := s.app.SubmitPulse(r.Context(), actor, id, app.PulseInput{Score: in.Score, Word: in.Word, Share: in.Share, NotGoodFit: in.NotGoodFit})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, pulseResultJSON{Pulse: toPulseJSON(res.Pulse), OfferRepair: res.OfferRepair}, nil
}

// programmePulse gives a programme's coordinators the pulse over a period
// (?from=YYYY-MM-DD&to=YYYY-MM-DD, both optional; to is exclusive).
func (s *Server) programmePulse(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var from, to time.Time
	for name, t := range map[string]*time.Time{"from": &from, "to": &to} {
		if v := r.URL.Query().Get(name); v != "" {
			if *t, err = time.Parse(time.DateOnly, v); err != nil {
				return 0, nil, tandem.Problems{name: "Give a date as YYYY-MM-DD."}.Err()
			}
		}
	}
	signals, sum, err := s.app.PulseOverview(r.Context(), actor, id, from, to)
	if err != nil {
		return 0, nil, err
	}
	out := programmePulseJSON{Summary: sum, Signals: []app.PulseSignal{}}
	for _, sig := range signals {
		out.Signals = append(out.Signals, sig)
	}
	sort.Slice(out.Signals, func(i, j int) bool { return out.Signals[i].PartnershipID < out.Signals[j].PartnershipID })
	return http.StatusOK, out, nil
}
