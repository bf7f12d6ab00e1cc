package tandem

// Reminder kinds (issue 6's catalogue): what the daily scan finds due.
// Each person chooses which they get, except those marked not optional.
const (
	NudgeMeetingTomorrow    = "meeting_tomorrow"
	NudgeIntroUnanswered    = "intro_unanswered"    // an introduction left unconfirmed for 7 days
	NudgeIntroEscalated     = "intro_escalated"     // ...and 7 more: the coordinator is told
	NudgeProposalUnanswered = "proposal_unanswered" // a meeting proposal left unanswered for 7 days
	NudgeProposalEscalated  = "proposal_escalated"
	NudgeAgreementUnsigned  = "agreement_unsigned" // a week after the introduction
	NudgeReviewDue          = "review_due"
	NudgeTermEnding         = "term_ending" // 30 days before the term ends: renew or close
	NudgeNoContact          = "no_contact"  // no meeting for longer than the programme's cadence
	NudgeWeeklyDigest       = "weekly_digest"
	NudgePulse              = "pulse_checkin" // a pulse check-in: 30 days after the start, every 60 after
)

// NudgeKinds lists the reminders a person may switch off, in the order a
// settings page shows them.
var NudgeKinds = []string{NudgeMeetingTomorrow, NudgeIntroUnanswered, NudgeProposalUnanswered, NudgeAgreementUnsigned,
	NudgeReviewDue, NudgeTermEnding, NudgeNoContact, NudgePulse, NudgeIntroEscalated, NudgeProposalEscalated, NudgeWeeklyDigest}

// NudgeLabel gives the words for a reminder on the settings page.
func NudgeLabel(kind string) string {
	return map[string]string{
		NudgeMeetingTomorrow:    "A reminder the day before a meeting",
		NudgeIntroUnanswered:    "An introduction you have not answered for a week",
		NudgeProposalUnanswered: "A meeting proposal you have not answered for a week",
		NudgeAgreementUnsigned:  "Your agreement waiting for your signature",
		NudgeReviewDue:          "A review of your partnership falling due",
		NudgeTermEnding:         "Your term ending in 30 days: renew or close",
		NudgeNoContact:          "No meeting for longer than your programme expects",
		NudgePulse:              "A one-question check-in: how is your mentoring going?",
		NudgeIntroEscalated:     "Coordinators: introductions left unanswered for two weeks",
		NudgeProposalEscalated:  "Coordinators: meeting proposals left unanswered for two weeks",
		NudgeWeeklyDigest:       "Coordinators: the weekly digest of pairs at risk",
	}[kind]
}
