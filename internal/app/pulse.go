package app

import (
	"context"
	"slices"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// Pulse check-ins (issue 6). Who reads what is decided here and nowhere
// else: the author reads their own answers; the programme's coordinators
// read the scores, and the words only where the author ticked "share";
// the other party of the pair reads nothing of it.

// PulseStatus is the actor's own check-in in one partnership: the round open
// now, whether they still owe an answer to it, and their past answers.
type PulseStatus struct {
	Round    int       // the round open now; 0 before the first
	OpenedAt time.Time // when Round opened
	NextAt   time.Time // when the next round opens (the first, before it)
	Due      bool      // Round is open and the actor has not answered it
	Answered bool      // the actor has answered Round
	Active   bool      // check-ins run while the partnership is active
	// CanSayNotGoodFit: "not a good fit" is offered once the pair has met.
	CanSayNotGoodFit bool
	Mine             []tandem.Pulse // the actor's answers, newest first
	// OfferRepair: the actor is the mentee and their latest answer is low
	// (1, 2 or not a good fit): offer a request to change mentor.
	OfferRepair bool
}

// pulseStatus works out a person's check-in state from their answers.
func pulseStatus(p *tandem.Partnership, role string, mine []tandem.Pulse, now time.Time) PulseStatus {
	s := PulseStatus{Mine: mine, CanSayNotGoodFit: p.LastContactAt != nil}
	if role == tandem.Mentee && len(mine) > 0 && tandem.PartnershipLive(p.State) {
		latest := mine[0]
		s.OfferRepair = latest.Low()
	}
	if p.StartedAt == nil {
		return s
	}
	s.Round, s.OpenedAt = tandem.PulseRound(*p.StartedAt, now)
	if s.Round == 0 {
		s.NextAt = p.StartedAt.AddDate(0, 0, tandem.PulseFirstAfterDays)
	} else {
		s.NextAt = s.OpenedAt.AddDate(0, 0, tandem.PulseEveryDays)
	}
	s.Active = p.State == tandem.PartnershipActive
	s.Answered = s.Round > 0 && slices.ContainsFunc(mine, func(x tandem.Pulse) bool { return x.Round == s.Round })
	s.Due = s.Active && s.Round > 0 && !s.Answered
	return s
}

// MyPulse returns the actor's check-in state in their partnership; anyone
// outside the pair is told it does not exist.
func (a *App) MyPulse(ctx context.Context, actor *tandem.User, partnershipID int64) (*PulseStatus, error) {
	p, role, err := partnershipOf(ctx, a.store, actor, partnershipID)
	if err != nil {
		return nil, err
	}
	mine, err := a.store.PulsesBy(ctx, p.ID, actor.ID)
	if err != nil {
		return nil, err
	}
	s := pulseStatus(p, role, mine, a.Now())
	return &s, nil
}

// PulseInput is one answer: "How is your mentoring going?"
type PulseInput struct {
	Score      int    // 1 (not well) to 5 (very well)
	Word       string // optional
	Share      bool   // share the word with the coordinator
	NotGoodFit bool   // "we are not a good fit"; offered after the first meeting
}

// PulseResult is a recorded answer, and whether to offer the mentee a
// re-pair: a low score or "not a good fit" opens the way to a request to
// change mentor (a concern of kind change_mentor about this partnership).
type PulseResult struct {
	Pulse       *tandem.Pulse
	OfferRepair bool
}

// SubmitPulse records the actor's answer to the round of check-ins open now,
// once per round.
func (a *App) SubmitPulse(ctx context.Context, actor *tandem.User, partnershipID int64, in PulseInput) (*PulseResult, error) {
	pr := tandem.Problems{}
	if in.Score < 1 || in.Score > 5 {
		pr.Add("score", "Choose a number from 1 (not well) to 5 (very well).")
	}
	pl := tandem.Pulse{Score: in.Score, Share: in.Share, NotGoodFit: in.NotGoodFit,
		Word: tandem.CheckText(pr, "word", "Your word", in.Word, 500, false)}
	if pl.Word == "" {
		pl.Share = false // nothing to share
	}
	saved, err := changePlan(ctx, a, actor, partnershipID, pl, pr.Err(), func(tx *store.Store, p *tandem.Partnership, pl *tandem.Pulse) error {
		now := a.Now()
		if p.State != tandem.PartnershipActive || p.StartedAt == nil {
			return tandem.Errorf(tandem.EConflict, "Check-ins are for active partnerships.")
		}
		round, _ := tandem.PulseRound(*p.StartedAt, now)
		if round == 0 {
			return tandem.Errorf(tandem.EConflict, "The first check-in opens on %s, 30 days after you started.",
				p.StartedAt.AddDate(0, 0, tandem.PulseFirstAfterDays).In(a.orgLocation(ctx, tx, actor.OrgID)).Format("2 January 2006"))
		}
		if pl.NotGoodFit && p.LastContactAt == nil {
			return tandem.Problems{"not_good_fit": "You can say this once you have met."}.Err()
		}
		pl.Role = tandem.Mentee
		if p.MentorID == actor.ID {
			pl.Role = tandem.Mentor
		}
		pl.PartnershipID, pl.ProgrammeID, pl.AuthorID, pl.Round, pl.CreatedAt = p.ID, p.ProgrammeID, actor.ID, round, now
		return tx.CreatePulse(ctx, pl)
	})
	if err != nil {
		return nil, err
	}
	// The log says that an answer exists, never what it is.
	a.log.InfoContext(ctx, "pulse answered", "partnership_id", saved.PartnershipID, "round", saved.Round)
	return &PulseResult{Pulse: saved, OfferRepair: saved.Role == tandem.Mentee && saved.Low()}, nil
}

// PulseScore is one person's latest answer as their coordinator reads it:
// the score, never the word unless its author shared it.
type PulseScore struct {
	Role       string    `json:"role"`
	Round      int       `json:"round"`
	Score      int       `json:"score"`
	NotGoodFit bool      `json:"not_good_fit"`
	Low        bool      `json:"low"`
	At         time.Time `json:"at"`
	SharedWord string    `json:"shared_word,omitempty"` // only where the author ticked "share"
}

// PulseSignal is a partnership's health as the pulse shows it: each party's
// latest answer, and Low when either is low.
type PulseSignal struct {
	PartnershipID int64       `json:"partnership_id"`
	Mentor        *PulseScore `json:"mentor,omitempty"`
	Mentee        *PulseScore `json:"mentee,omitempty"`
	Low           bool        `json:"low"`
	Latest        time.Time   `json:"latest"` // when the latest answer was given
}

// coordinatorView turns an answer into what the coordinator may read.
func coordinatorView(p *tandem.Pulse) *PulseScore {
	s := &PulseScore{Role: p.Role, Round: p.Round, Score: p.Score, NotGoodFit: p.NotGoodFit, Low: p.Low(), At: p.CreatedAt}
	if p.Share {
		s.SharedWord = p.Word
	}
	return s
}

// PulseSignals returns, for the programme's coordinators (and admins), the
// latest check-in of each party of each partnership that has one, by
// partnership id. The read is audited.
func (a *App) PulseSignals(ctx context.Context, actor *tandem.User, programmeID int64) (map[int64]PulseSignal, error) {
	sig, _, err := a.PulseOverview(ctx, actor, programmeID, time.Time{}, time.Time{})
	return sig, err
}

// PulseOverview is PulseSignals and PulseSummary (over [from, to)) in one
// read, audited once: the coordinator's partnerships page shows both.
func (a *App) PulseOverview(ctx context.Context, actor *tandem.User, programmeID int64, from, to time.Time) (map[int64]PulseSignal, *PulseSummary, error) {
	prog, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, nil, err
	}
	all, err := a.store.ProgrammePulses(ctx, prog.ID, time.Time{}, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	if err := a.logged(ctx, a.store, actor, tandem.AuditViewPulse, 0, prog.ID, ""); err != nil {
		return nil, nil, err
	}
	signals := map[int64]PulseSignal{}
	var inPeriod []tandem.Pulse
	for i := range all { // oldest first: a later answer replaces an earlier one
		p := &all[i]
		if !p.CreatedAt.Before(from) && (to.IsZero() || p.CreatedAt.Before(to)) {
			inPeriod = append(inPeriod, *p)
		}
		sig := signals[p.PartnershipID]
		sig.PartnershipID = p.PartnershipID
		if p.Role == tandem.Mentor {
			sig.Mentor = coordinatorView(p)
		} else {
			sig.Mentee = coordinatorView(p)
		}
		sig.Low = (sig.Mentor != nil && sig.Mentor.Low) || (sig.Mentee != nil && sig.Mentee.Low)
		sig.Latest = p.CreatedAt
		signals[p.PartnershipID] = sig
	}
	return signals, summarisePulses(inPeriod, from, to), nil
}

// SharedWord is a word its author chose to share with the coordinator.
type SharedWord struct {
	Word string    `json:"word"`
	Role string    `json:"role"`
	At   time.Time `json:"at"`
}

// PulseSummary is a programme's check-ins over a period, as aggregates.
// Built from fewer than tandem.MinGroup people, it shows no figure and no
// word, not even how many answered: Suppressed is set, and AnyAnswers says
// only whether there were answers at all.
type PulseSummary struct {
	From       time.Time    `json:"from"`
	To         time.Time    `json:"to"`
	People     int          `json:"people"`  // distinct people who answered
	Answers    int          `json:"answers"` // answers in all
	Suppressed bool         `json:"suppressed"`
	AnyAnswers bool         `json:"any_answers"`
	Average    float64      `json:"average,omitempty"`      // of every answer's score
	Counts     [5]int       `json:"distribution,omitempty"` // Counts[s-1]: answers scoring s
	Low        int          `json:"low,omitempty"`          // answers that are low (1, 2 or not a good fit)
	Words      []SharedWord `json:"shared_words,omitempty"` // only those their authors shared
}

// PulseSummary returns the programme's check-ins answered in [from, to) (a
// zero bound is open) for its coordinators and admins. The read is audited.
func (a *App) PulseSummary(ctx context.Context, actor *tandem.User, programmeID int64, from, to time.Time) (*PulseSummary, error) {
	_, sum, err := a.PulseOverview(ctx, actor, programmeID, from, to)
	return sum, err
}

// summarisePulses builds the aggregates, holding back every figure and
// word when fewer than tandem.MinGroup people answered.
func summarisePulses(all []tandem.Pulse, from, to time.Time) *PulseSummary {
	s := &PulseSummary{From: from, To: to, Answers: len(all)}
	people := map[int64]bool{}
	total := 0
	for i := range all {
		p := &all[i]
		people[p.AuthorID] = true
		total += p.Score
		s.Counts[p.Score-1]++
		if p.Low() {
			s.Low++
		}
		if p.Share && p.Word != "" {
			s.Words = append(s.Words, SharedWord{Word: p.Word, Role: p.Role, At: p.CreatedAt})
		}
	}
	s.People = len(people)
	if s.People < tandem.MinGroup {
		return &PulseSummary{From: from, To: to, Suppressed: true, AnyAnswers: s.Answers > 0}
	}
	s.AnyAnswers = true
	s.Average = float64(total) / float64(len(all))
	return s
}
