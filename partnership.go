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
	EventWithdraw = "withdraw" // one side leaves an active partnership (002: at any time)
)

// NextState is the partnership state machine: the state an event leads to,
// or a conflict error saying why the event is not possible now. bothConfirmed
// tells whether a confirmation completes the pair's agreement to go ahead.
func NextState(state, event string, bothConfirmed bool) (string, error) {
	switch {
	case state == PartnershipIntroduced && event == EventConfirm:
		if bothConfirmed {
			return PartnershipActive, nil
		}
		return PartnershipIntroduced, nil
	case state == PartnershipIntroduced && event == EventDecline:
		return PartnershipDeclined, nil
	case (state == PartnershipIntroduced || state == PartnershipActive || state == PartnershipClosing) && event == EventWithdraw:
		return PartnershipWithdrawn, nil
	case event == EventConfirm || event == EventDecline:
		return "", Errorf(EConflict, "This introduction has already been answered: the partnership is %s.", lowerState(state))
	}
	return "", Errorf(EConflict, "The partnership is %s, so it cannot be %s now.", lowerState(state), map[string]string{EventWithdraw: "withdrawn from"}[event])
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
