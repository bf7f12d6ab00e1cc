package tandem

import "time"

// Pulse check-ins (issue 6): one question, "How is your mentoring going?",
// answered 1 to 5 with an optional word, by each party of an active
// partnership 30 days after it started and every 60 days after.
const (
	PulseFirstAfterDays = 30
	PulseEveryDays      = 60
	// PulseLowScore and below is a low score: with "not a good fit" it
	// flags the partnership to its coordinator and offers the mentee a re-pair.
	PulseLowScore = 2
	// MinGroup is the smallest number of people a figure shown to a
	// coordinator or in a report may be built from (PRODUCT.md).
	MinGroup = 5
)

// Pulse is one person's answer to one round of check-ins. The word is read
// by its author, and by the coordinator only when Share is set; the other
// party never reads any of it.
type Pulse struct {
	ID            int64     `json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	ProgrammeID   int64     `json:"programme_id"`
	AuthorID      int64     `json:"author_id"`
	Role          string    `json:"role"`
	Round         int       `json:"round"`
	Score         int       `json:"score"` // 1 (not well) to 5 (very well)
	NotGoodFit    bool      `json:"not_good_fit"`
	Word          string    `json:"word"`
	Share         bool      `json:"share"` // share the word with the coordinator
	CreatedAt     time.Time `json:"created_at"`
}

// Low reports whether the answer is a sign that the partnership is not
// working: a score of 1 or 2, or "not a good fit".
func (p *Pulse) Low() bool { return p.Score <= PulseLowScore || p.NotGoodFit }

// PulseRound returns the round of check-ins open at now for a partnership
// that started at started (0: none yet), and when that round opened.
// Round 1 opens 30 days after the start, round k 60 days after round k-1.
func PulseRound(started, now time.Time) (round int, opened time.Time) {
	first := started.AddDate(0, 0, PulseFirstAfterDays)
	if now.Before(first) {
		return 0, time.Time{}
	}
	days := int(now.Sub(first) / (24 * time.Hour))
	round = 1 + days/PulseEveryDays
	return round, first.AddDate(0, 0, (round-1)*PulseEveryDays)
}
