package tandem

import (
	"strings"
	"time"
)

// Partnership states (PRODUCT.md, The partnership). A published match starts
// as an introduction; the partnership issue carries it on from there.
const (
	PartnershipIntroduced = "introduced" // published; mentor and mentee align expectations
	PartnershipActive     = "active"
	PartnershipClosing    = "closing"
	PartnershipClosed     = "closed"
	PartnershipDeclined   = "declined"  // either side declined after the introduction
	PartnershipWithdrawn  = "withdrawn" // either side withdrew
)

// PartnershipLive reports whether a partnership still holds its mentor's
// place and its mentee: it has not ended.
func PartnershipLive(state string) bool {
	return state == PartnershipIntroduced || state == PartnershipActive || state == PartnershipClosing
}

// PartnershipEndedBadly reports whether a partnership ended in a way that means
// the two should never be paired again.
func PartnershipEndedBadly(state string) bool {
	return state == PartnershipDeclined || state == PartnershipWithdrawn
}

// Partnership is a mentor and a mentee working together in a programme.
type Partnership struct {
	ID                 int64      `json:"id"`
	ProgrammeID        int64      `json:"programme_id"`
	MentorMembershipID int64      `json:"mentor_membership_id"`
	MenteeMembershipID int64      `json:"mentee_membership_id"`
	MentorID           int64      `json:"mentor_id"`
	MenteeID           int64      `json:"mentee_id"`
	State              string     `json:"state"`
	ScoreMillis        int64      `json:"score_millis"`
	Explanation        string     `json:"explanation"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
	EndedAt            *time.Time `json:"ended_at,omitempty"`
	MentorConfirmedAt  *time.Time `json:"mentor_confirmed_at,omitempty"`
	MenteeConfirmedAt  *time.Time `json:"mentee_confirmed_at,omitempty"`
	// EndedBy is the role (mentor or mentee) that declined or withdrew.
	EndedBy string `json:"ended_by,omitempty"`
	// EndReason is the private reason given to the coordinator. It is never
	// shown to the other party (000: "nothing of it beyond 'not going ahead'").
	EndReason string `json:"end_reason,omitempty"`
	// The term: it starts when both confirm and may be renewed (PaLS).
	StartedAt    *time.Time `json:"started_at,omitempty"`
	TermEndsAt   *time.Time `json:"term_ends_at,omitempty"`
	Term         int        `json:"term"`
	MentorChoice string     `json:"mentor_choice,omitempty"` // ChoiceRenew or ChoiceClose near the term's end
	MenteeChoice string     `json:"mentee_choice,omitempty"`
	Outcome      string     `json:"outcome,omitempty"`
	// LastContactAt is when the pair last met, as confirmed by either.
	LastContactAt *time.Time `json:"last_contact_at,omitempty"`

	// Filled by listings for display.
	MentorName    string `json:"mentor_name,omitempty"`
	MenteeName    string `json:"mentee_name,omitempty"`
	ProgrammeName string `json:"programme_name,omitempty"`
}

// StateLabel gives the words for a partnership state.
func StateLabel(state string) string {
	switch state {
	case PartnershipIntroduced:
		return "Introduced"
	case PartnershipActive:
		return "Active"
	case PartnershipClosing:
		return "Closing"
	case PartnershipClosed:
		return "Closed"
	case PartnershipDeclined:
		return "Not going ahead"
	case PartnershipWithdrawn:
		return "Withdrawn"
	}
	return state
}

// Partnership events.
const (
	EventConfirm  = "confirm"  // one side confirms the match after aligning expectations
	EventDecline  = "decline"  // one side declines the introduction
	EventWithdraw = "withdraw" // one side leaves a partnership (002: at any time)
	EventRenew    = "renew"    // one side chooses another term near the term's end
	EventClose    = "close"    // one side chooses to close at the term's end
	EventComplete = "complete" // one side ends early because the goals are met
	EventFinish   = "finish"   // the closing conversation is recorded
)

// NextState is the partnership state machine: the state an event leads to,
// or a conflict error saying why the event is not possible now. bothAgreed
// tells whether this answer completes the pair's agreement (both confirmed
// the introduction, or both chose to renew).
func NextState(state, event string, bothAgreed bool) (string, error) {
	switch {
	case state == PartnershipIntroduced && event == EventConfirm:
		if bothAgreed {
			return PartnershipActive, nil
		}
		return PartnershipIntroduced, nil
	case state == PartnershipIntroduced && event == EventDecline:
		return PartnershipDeclined, nil
	case PartnershipLive(state) && event == EventWithdraw:
		return PartnershipWithdrawn, nil
	case state == PartnershipActive && event == EventRenew:
		return PartnershipActive, nil // the term is extended once both renew
	case state == PartnershipActive && (event == EventClose || event == EventComplete):
		return PartnershipClosing, nil
	case state == PartnershipClosing && event == EventFinish:
		return PartnershipClosed, nil
	case event == EventConfirm || event == EventDecline:
		return "", Errorf(EConflict, "This introduction has already been answered: the partnership is %s.", lowerState(state))
	case event == EventRenew || event == EventClose || event == EventComplete:
		return "", Errorf(EConflict, "The partnership is %s: only an active partnership can be renewed or closed.", lowerState(state))
	case event == EventFinish:
		return "", Errorf(EConflict, "The partnership is %s: the closing record is written once the partnership is closing.", lowerState(state))
	case event == EventWithdraw:
		return "", Errorf(EConflict, "The partnership is %s, so it cannot be withdrawn from now.", lowerState(state))
	}
	return "", Errorf(EInvalid, "Unknown partnership action %q.", event)
}

func lowerState(state string) string { return strings.ToLower(StateLabel(state)) }

// Relation kinds between two people that rule them out as a pair.
const (
	RelationLineManager = "line_manager" // one manages the other (003: never mentor your own report)
	RelationConflict    = "conflict"     // a declared conflict of interest
)

// Constraint kinds a coordinator puts on a matching run.
const (
	ConstraintPin    = "pin"    // this pair must be made
	ConstraintForbid = "forbid" // never this pair
)
