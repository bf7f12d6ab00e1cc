package tandem

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AgreementVersion is one version of a pair's mentoring agreement (002's form,
// 000's topics). A change after anyone signed makes a new version that both
// sign again; earlier versions stay readable to the pair.
type AgreementVersion struct {
	ID             int64            `json:"id"`
	PartnershipID  int64            `json:"partnership_id"`
	Version        int              `json:"version"`
	Sections       []AgreementEntry `json:"sections"`
	CreatedBy      int64            `json:"created_by"`
	CreatedAt      time.Time        `json:"created_at"`
	UpdatedAt      time.Time        `json:"updated_at"`
	MentorSignedAt *time.Time       `json:"mentor_signed_at,omitempty"`
	MenteeSignedAt *time.Time       `json:"mentee_signed_at,omitempty"`
}

// AgreementEntry is one section of an agreement with what the pair wrote.
type AgreementEntry struct {
	Key    string `json:"key"`
	Title  string `json:"title"`
	Prompt string `json:"prompt"`
	Text   string `json:"text"`
}

// Signed reports whether both have signed this version.
func (v *AgreementVersion) Signed() bool {
	return v != nil && v.MentorSignedAt != nil && v.MenteeSignedAt != nil
}

// SignedAt is when the second signature landed, or nil.
func (v *AgreementVersion) SignedAt() *time.Time {
	if !v.Signed() {
		return nil
	}
	if v.MentorSignedAt.After(*v.MenteeSignedAt) {
		return v.MentorSignedAt
	}
	return v.MenteeSignedAt
}

// AnySigned reports whether either has signed: such a version is frozen.
func (v *AgreementVersion) AnySigned() bool {
	return v != nil && (v.MentorSignedAt != nil || v.MenteeSignedAt != nil)
}

// Meeting states. A proposal waits for the other person; either may suggest
// another time, which makes a new proposal from them.
const (
	MeetingProposed  = "proposed"
	MeetingAccepted  = "accepted"
	MeetingCancelled = "cancelled"
)

// Meeting is one mentoring meeting of a pair.
type Meeting struct {
	ID            int64      `json:"id"`
	PartnershipID int64      `json:"partnership_id"`
	UID           string     `json:"uid"` // the iCalendar UID: stable, so updates replace the invitation
	Sequence      int        `json:"sequence"`
	StartsAt      time.Time  `json:"starts_at"`
	Minutes       int        `json:"minutes"`
	Venue         string     `json:"venue"`
	VideoURL      string     `json:"video_url"`
	Agenda        string     `json:"agenda"`
	State         string     `json:"state"`
	ProposedBy    int64      `json:"proposed_by"`
	Message       string     `json:"message"` // the last word sent with a move or a cancellation
	HeldAt        *time.Time `json:"held_at,omitempty"`
	HeldBy        int64      `json:"held_by,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// EndsAt is when the meeting is due to end.
func (m *Meeting) EndsAt() time.Time { return m.StartsAt.Add(time.Duration(m.Minutes) * time.Minute) }

// MeetingStateLabel gives the words for a meeting's state.
func MeetingStateLabel(m *Meeting) string {
	switch {
	case m.HeldAt != nil:
		return "Took place"
	case m.State == MeetingProposed:
		return "Proposed"
	case m.State == MeetingAccepted:
		return "Accepted"
	case m.State == MeetingCancelled:
		return "Cancelled"
	}
	return m.State
}

// Note is a pair's shared note, or a private note only its author can read.
type Note struct {
	ID            int64     `json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	MeetingID     int64     `json:"meeting_id,omitempty"`
	AuthorID      int64     `json:"author_id"`
	AuthorName    string    `json:"author_name"`
	Private       bool      `json:"private"`
	Body          string    `json:"body"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Goal horizons and states (003: short- and long-term objectives).
const (
	HorizonShort = "short"
	HorizonLong  = "long"

	GoalOpen     = "open"
	GoalAchieved = "achieved"
	GoalDropped  = "dropped"
)

// Goal is one of the mentee's objectives, with progress.
type Goal struct {
	ID            int64     `json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	Horizon       string    `json:"horizon"`
	Title         string    `json:"title"`
	Detail        string    `json:"detail"`
	Progress      int       `json:"progress"` // 0 to 100
	Status        string    `json:"status"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Action states.
const (
	ActionOpen    = "open"
	ActionDone    = "done"
	ActionDropped = "dropped"
)

// Action is something agreed at a meeting (000 "Commitment to Action"), owned
// by the mentee or the mentor, followed up when the next meeting is prepared.
type Action struct {
	ID            int64      `json:"id"`
	PartnershipID int64      `json:"partnership_id"`
	MeetingID     int64      `json:"meeting_id,omitempty"`
	GoalID        int64      `json:"goal_id,omitempty"`
	Owner         string     `json:"owner"` // Mentor or Mentee
	Title         string     `json:"title"`
	DueOn         string     `json:"due_on"` // YYYY-MM-DD, or empty
	Status        string     `json:"status"`
	DoneAt        *time.Time `json:"done_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// Overdue reports whether an open action's due date has passed on day today (YYYY-MM-DD).
func (a *Action) Overdue(today string) bool {
	return a.Status == ActionOpen && a.DueOn != "" && a.DueOn < today
}

// Review answers (000, 002, 003: "is this meeting the mentee's needs?").
const (
	NeedsMet    = "yes"
	NeedsPartly = "partly"
	NeedsNotMet = "no"
)

// Review is one side's periodic review of the partnership.
type Review struct {
	ID            int64     `json:"id"`
	PartnershipID int64     `json:"partnership_id"`
	AuthorID      int64     `json:"author_id"`
	Role          string    `json:"role"`
	MeetsNeeds    string    `json:"meets_needs"`
	GoingWell     string    `json:"going_well"`
	ToChange      string    `json:"to_change"`
	CreatedAt     time.Time `json:"created_at"`
}

// NeedsLabel gives the words for a review answer.
func NeedsLabel(s string) string {
	return map[string]string{NeedsMet: "Yes", NeedsPartly: "Partly", NeedsNotMet: "Not yet"}[s]
}

// Closure is the record of the closing conversation (001, 003).
type Closure struct {
	PartnershipID int64     `json:"partnership_id"`
	GoalsAchieved string    `json:"goals_achieved"`
	ToDevelop     string    `json:"to_develop"`
	KeepInTouch   string    `json:"keep_in_touch"`
	RecordedBy    int64     `json:"recorded_by"`
	RecordedAt    time.Time `json:"recorded_at"`
}

// Feedback is one side's evaluation of the scheme at closure. The words reach
// the coordinator only when Share is set; the rating feeds aggregates.
type Feedback struct {
	PartnershipID int64     `json:"partnership_id"`
	AuthorID      int64     `json:"author_id"`
	Role          string    `json:"role"`
	Rating        int       `json:"rating"` // 1 to 5
	Comments      string    `json:"comments"`
	Share         bool      `json:"share"`
	CreatedAt     time.Time `json:"created_at"`
}

// Availability of a mentor for new introductions.
const (
	AvailableOpen = ""     // open to new introductions
	PausedAway    = "away" // away for a while
	PausedFull    = "full" // has as many mentees as they want
)

// PauseLabel gives the words for a mentor's availability.
func PauseLabel(s string) string {
	switch s {
	case PausedAway:
		return "Paused: away"
	case PausedFull:
		return "Paused: full"
	}
	return "Open to new mentees"
}

// Term choices near the end of a term.
const (
	ChoiceRenew = "renew"
	ChoiceClose = "close"
)

// How a partnership ended.
const (
	OutcomeCompleted = "completed" // goals met, ended early or at the term's end
	OutcomeTermEnded = "term_ended"
	OutcomeWithdrawn = "withdrawn"
)

// OutcomeLabel gives the words for how a partnership ended.
func OutcomeLabel(s string) string {
	return map[string]string{OutcomeCompleted: "Goals met", OutcomeTermEnded: "Term ended", OutcomeWithdrawn: "Withdrawn"}[s]
}

// TermNoticeDays is how long before a term ends the pair are asked to renew or
// close (and the nudge of the reminders issue goes out).
const TermNoticeDays = 30

// CheckText adds a problem when a text field is longer than max characters,
// or empty when required.
func CheckText(p Problems, field, label, value string, max int, required bool) string {
	value = strings.TrimSpace(value)
	switch {
	case required && value == "":
		p.Add(field, label+" is required.")
	case utf8.RuneCountInString(value) > max:
		p.Add(field, label+" is too long: keep it under "+itoa(max)+" characters.")
	}
	return value
}

func itoa(n int) string {
	// Thousands separator for readable limits ("2,000").
	s := []byte{}
	for i, d := 0, n; ; i++ {
		if i > 0 && i%3 == 0 {
			s = append([]byte{','}, s...)
		}
		s = append([]byte{byte('0' + d%10)}, s...)
		d /= 10
		if d == 0 {
			break
		}
	}
	return string(s)
}
