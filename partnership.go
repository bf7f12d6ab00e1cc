package tandem

import "time"

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

	// Filled by listings for display.
	MentorName string `json:"mentor_name,omitempty"`
	MenteeName string `json:"mentee_name,omitempty"`
}

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
