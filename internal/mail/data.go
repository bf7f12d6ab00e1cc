package mail

import (
	"time"

	"github.com/tandemhq/tandem"
)

// The catalogue: each template's name and the type of the data it renders.
// Render refuses data of another type, so a sender cannot pass the wrong
// struct and get an email with holes in it.
//
// The reminders the daily scan finds due carry the names of their kinds
// (tandem.Nudge*): meeting_tomorrow, intro_unanswered, intro_escalated,
// proposal_unanswered, proposal_escalated, agreement_unsigned, review_due,
// term_ending, weekly_digest; no_contact is no_contact_mentee, then
// no_contact_mentor. The rest follow events: an introduction, a meeting's
// changes, a welfare concern, a pulse check-in, a password reset.
var catalogue = map[string]any{
	"password_reset":      PasswordReset{},
	"introduction_made":   IntroductionMade{},
	"meeting_proposed":    MeetingProposed{},
	"meeting_accepted":    MeetingAccepted{},
	"meeting_moved":       MeetingMoved{},
	"meeting_cancelled":   MeetingCancelled{},
	"meeting_tomorrow":    MeetingTomorrow{},
	"agreement_unsigned":  AgreementUnsigned{},
	"review_due":          ReviewDue{},
	"term_ending":         TermEnding{},
	"no_contact_mentee":   NoContact{},
	"no_contact_mentor":   NoContact{},
	"intro_unanswered":    IntroUnanswered{},
	"proposal_unanswered": ProposalUnanswered{},
	"intro_escalated":     Escalation{},
	"proposal_escalated":  Escalation{},
	"welfare_concern":     WelfareConcern{},
	"weekly_digest":       WeeklyDigest{},
	"pulse_checkin":       PulseCheckIn{},
	// Events and bookings; applications.
	"event_place":              EventPlace{},
	"event_cancelled":          EventCancelled{},
	"event_changed":            EventChanged{},
	"application_conversation": ApplicationConversation{},
	// The coordinator's desk.
	"coordinator_message": CoordinatorMessage{},
}

// Layout is what every email shares; each template's data embeds it.
// Addresses are absolute (https://mentoring.example.org/...).
//
// Times anywhere in a template's data are printed as they are: convert them
// to the organisation's time zone (t.In(loc)) before rendering.
type Layout struct {
	Org  string // the organisation's name: the heading, the footer, and Message.FromName
	Name string // the recipient's name, for the greeting; "" greets no one by name
	// ActionURL is the page that acts on the email, behind its button.
	ActionURL string
	// SettingsURL is where the recipient changes which reminders they get,
	// shown in the footer (and meant for Message.Unsubscribe). Leave it empty
	// on emails that cannot be turned off: the password reset, safeguarding.
	SettingsURL string
	// UnsubscribeURL turns this kind of reminder off for the recipient in
	// one click (RFC 8058): the footer links it, and Unsubscribe hands it to
	// Message.Unsubscribe. Empty on emails that cannot be turned off.
	UnsubscribeURL string
	SupportLinks   []tandem.Link // the organisation's support links, in the footer
}

// Unsubscribe is the address for the message's List-Unsubscribe header.
func (l Layout) Unsubscribe() string { return l.UnsubscribeURL }

// Meeting is a meeting as the emails about it describe it.
type Meeting struct {
	Partner string // the other member of the pair
	Start   time.Time
	Minutes int    // length; 0 leaves it out
	Where   string // a place, or "Video call"; "" leaves it out
}

// PasswordReset (password_reset) carries the link to set a new password;
// ActionURL is the link.
type PasswordReset struct {
	Layout
	ValidFor time.Duration // how long the link works
}

// IntroductionMade (introduction_made) goes to both members of a new pair;
// ActionURL is where they confirm the introduction.
type IntroductionMade struct {
	Layout
	Programme string
	Partner   string // the other member of the pair
	Mentee    bool   // the recipient is the mentee, who leads (001)
}

// MeetingProposed (meeting_proposed) goes to the member who did not propose;
// ActionURL is where they accept or suggest another time.
type MeetingProposed struct {
	Layout
	Meeting // Partner proposed it
}

// MeetingAccepted (meeting_accepted) goes to both once a meeting is agreed,
// with the invitation attached (Invitation).
type MeetingAccepted struct {
	Layout
	Meeting
}

// MeetingMoved (meeting_moved) goes to both when an agreed meeting changes
// time or place, with the updated invitation attached.
type MeetingMoved struct {
	Layout
	Meeting
	Was time.Time // the time it had before
}

// MeetingCancelled (meeting_cancelled) goes to both, with the cancellation
// attached (Cancellation); ActionURL is where to suggest another time.
type MeetingCancelled struct {
	Layout
	Meeting
}

// MeetingTomorrow (meeting_tomorrow) reminds both the day before.
type MeetingTomorrow struct {
	Layout
	Meeting
}

// AgreementUnsigned (agreement_unsigned) goes to a member who has not signed
// the mentoring agreement 7 days after it was written; ActionURL is the
// agreement.
type AgreementUnsigned struct {
	Layout
	Partner       string
	Since         time.Time // when the agreement was ready to sign
	PartnerSigned bool      // the other member has signed already
}

// ReviewDue (review_due) goes to both when a review of the partnership is due.
type ReviewDue struct {
	Layout
	Partner string
	Due     time.Time
}

// TermEnding (term_ending) goes to both 30 days before the term ends;
// ActionURL is where they renew or close.
type TermEnding struct {
	Layout
	Partner string
	Ends    time.Time
}

// NoContact (no_contact_mentee, then no_contact_mentor after a further wait)
// says the pair has not met for longer than the programme's cadence allows.
type NoContact struct {
	Layout
	Partner   string
	Programme string
	LastMet   time.Time // zero when the pair has not met yet
	GapDays   int       // the longest gap the programme expects (Cadence.MaxGapDays)
	Cadence   string    // the programme's own words, e.g. "every 6-8 weeks"; optional
}

// IntroUnanswered (intro_unanswered) goes to a member who has not answered
// an introduction after 7 days.
type IntroUnanswered struct {
	Layout
	Partner string
	Since   time.Time // when the introduction was made
}

// ProposalUnanswered (proposal_unanswered) goes to a member who has not
// answered a meeting proposal after 7 days.
type ProposalUnanswered struct {
	Layout
	Meeting              // Partner proposed it
	ProposedOn time.Time // when it was proposed
}

// Escalation (intro_escalated, proposal_escalated) tells the coordinator that
// an introduction or a meeting proposal is still unanswered after the
// reminder. Names and dates only.
type Escalation struct {
	Layout
	Programme string
	Mentee    string
	Mentor    string
	Waiting   string    // the member who has not answered: Mentee or Mentor
	Since     time.Time // when the introduction or proposal was made
}

// WelfareConcern (welfare_concern) tells a coordinator at once that a
// welfare concern was raised. It says nothing of who or what: ActionURL
// leads to the concern, behind sign-in. It cannot be turned off.
type WelfareConcern struct {
	Layout
	Programme string
	RaisedAt  time.Time
}

// WeeklyDigest (weekly_digest) is a coordinator's week: names, dates and
// counts, never mentoring content.
type WeeklyDigest struct {
	Layout
	WeekOf     time.Time // the first day of the week it covers
	Programmes []DigestProgramme
}

// AtRiskCount counts the pairs at risk in every programme.
func (d WeeklyDigest) AtRiskCount() int {
	n := 0
	for _, p := range d.Programmes {
		n += len(p.AtRisk)
	}
	return n
}

// OpenConcerns counts the open welfare concerns in every programme.
func (d WeeklyDigest) OpenConcerns() int {
	n := 0
	for _, p := range d.Programmes {
		n += p.OpenConcerns
	}
	return n
}

// DigestProgramme is one programme in a weekly digest.
type DigestProgramme struct {
	Name             string
	URL              string // the programme's page for its coordinator
	Pairs            int    // active partnerships
	AtRisk           []AtRisk
	OpenConcerns     int
	MeetingsHeld     int     // so far this term
	MeetingsExpected int     // by now, by the programme's cadence; 0 leaves the line out
	PulseAverage     float64 // of the pulse answers this term, 1 to 5
	PulseAnswers     int     // 0 leaves the pulse line out
}

// AtRisk is a pair at risk, and why.
type AtRisk struct {
	Mentee string
	Mentor string
	Risk   Risk
	Since  time.Time // when the risk began: last meeting, introduction, due date...
}

// Risk is why a pair is at risk.
type Risk string

// Risks, as the digest lists them.
const (
	RiskNoContact               Risk = "no_contact"
	RiskIntroductionUnconfirmed Risk = "introduction_unconfirmed"
	RiskProposalUnanswered      Risk = "proposal_unanswered"
	RiskAgreementUnsigned       Risk = "agreement_unsigned"
	RiskReviewOverdue           Risk = "review_overdue"
	RiskLowPulse                Risk = "low_pulse"
)

// Label describes the risk before its date: "No meeting since 3 Mar 2026".
func (r Risk) Label() string {
	switch r {
	case RiskNoContact:
		return "No meeting since"
	case RiskIntroductionUnconfirmed:
		return "Introduction not confirmed since"
	case RiskProposalUnanswered:
		return "Meeting proposal unanswered since"
	case RiskAgreementUnsigned:
		return "Agreement unsigned since"
	case RiskReviewOverdue:
		return "Review overdue since"
	case RiskLowPulse:
		return "Low pulse score on"
	}
	return "At risk since"
}

// PulseCheckIn (pulse_checkin) asks one question, 30 days after the start
// and every 60 days after; ActionURL is the form.
type PulseCheckIn struct {
	Layout
	Partner   string
	Programme string
	// ScoreURLs, when given, are five addresses (for 1 to 5) that open the
	// form with that score chosen. The person still presses Send, so a link
	// scanner following them records nothing.
	ScoreURLs []string
}

// Event is an event (a training, a briefing, a support session) as the
// emails about it describe it.
type Event struct {
	Title   string
	Start   time.Time
	Minutes int
	Where   string // a place, "Online", or both; "" leaves it out
}

// EventPlace (event_place) tells someone on a waiting list that a place
// came free and is now theirs, with the event attached (Invitation);
// ActionURL is the event's page, where they can cancel.
type EventPlace struct {
	Layout
	Event
}

// EventCancelled (event_cancelled) tells those booked or waiting that an
// event is called off, with the cancellation attached (Cancellation).
type EventCancelled struct {
	Layout
	Event
	Message string // the coordinator's words; optional
}

// EventChanged (event_changed) tells those booked or waiting that an
// event's time or place changed, with the updated event attached.
type EventChanged struct {
	Layout
	Event
	Was time.Time // the start before, when it moved; zero when only the place changed
}

// ApplicationConversation (application_conversation) tells an applicant
// that the coordinator would like a conversation before deciding; the
// application stays pending. ActionURL is the programme's page.
type ApplicationConversation struct {
	Layout
	Programme   string
	Coordinator string // who asked
	Contact     string // the programme's contact address; optional
	Message     string // optional
}

// CoordinatorMessage (coordinator_message) is what a coordinator writes to
// everyone in a programme not yet matched, sent one by one from the desk.
// Subject and Paragraphs (each a paragraph's lines) are the coordinator's
// own words; ActionURL is the programme's page.
type CoordinatorMessage struct {
	Layout
	Programme  string
	From       string // the coordinator
	Subject    string
	Paragraphs [][]string
}
