package tandem

import "time"

// Programme roles of a participant.
const (
	Mentor = "mentor"
	Mentee = "mentee"
)

// Membership states. A programme that does not ask for approval admits at once.
const (
	MemberPending   = "pending"   // waiting for the coordinator's decision
	MemberApproved  = "approved"  // taking part
	MemberDeclined  = "declined"  // the coordinator said no
	MemberWithdrawn = "withdrawn" // the participant left
)

// Membership is a person's role in one programme. A person may be both mentor and
// mentee in the same programme (PaLS, 002): that is two memberships.
type Membership struct {
	ID          int64  `json:"id"`
	ProgrammeID int64  `json:"programme_id"`
	UserID      int64  `json:"user_id"`
	Role        string `json:"role"`
	Status      string `json:"status"`
	// Capacity is how many mentees a mentor takes on here (PaLS: "more than one
	// mentee, if you agree"); zero for mentees.
	Capacity int `json:"capacity"`
	// Paused is why a mentor takes no new introductions for now (PausedAway,
	// PausedFull), or empty when open.
	Paused string `json:"paused,omitempty"`
	// Application is what the applicant wrote for the coordinator, e.g. the
	// experience a reverse mentor is willing to share (004).
	Application string     `json:"application"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`

	// Filled by listings for display.
	UserName  string   `json:"user_name,omitempty"`
	UserEmail string   `json:"user_email,omitempty"`
	Profile   *Profile `json:"profile,omitempty"`
	// CharacteristicsConsent says, in a programme that uses consented
	// characteristics, whether the person gave any: all a coordinator may
	// know of them. Nil elsewhere.
	CharacteristicsConsent *bool `json:"characteristics_consent,omitempty"`
}

// ConsentLabel says "Yes" or "No" for a participant of a programme that uses
// consented characteristics, and "" elsewhere.
func (m *Membership) ConsentLabel() string {
	switch {
	case m.CharacteristicsConsent == nil:
		return ""
	case *m.CharacteristicsConsent:
		return "Yes"
	}
	return "No"
}

// RoleLabel gives the words for a programme role.
func RoleLabel(r string) string {
	if r == Mentor {
		return "Mentor"
	}
	return "Mentee"
}

// StatusLabel gives the words for a membership status.
func StatusLabel(s string) string {
	switch s {
	case MemberPending:
		return "Waiting for approval"
	case MemberApproved:
		return "Approved"
	case MemberDeclined:
		return "Declined"
	case MemberWithdrawn:
		return "Withdrawn"
	}
	return s
}

// MembershipFilter narrows a programme's participant list.
type MembershipFilter struct {
	Role   string `json:"role"`
	Status string `json:"status"`
	Query  string `json:"query"` // matches name, email or department
}
