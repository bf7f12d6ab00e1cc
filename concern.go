package tandem

import "time"

// Kinds of concern (PRODUCT.md, Trust; 000, 001, 002).
const (
	ConcernMatch        = "match"         // a concern about the match, to talk through
	ConcernChangeMentor = "change_mentor" // a request to change mentor
	ConcernWelfare      = "welfare"       // welfare or safeguarding: significant and immediate risk (000)
	ConcernComplaint    = "complaint"     // a formal complaint, under the organisation's procedure
)

// ConcernKinds lists the kinds in the order a person reads them.
var ConcernKinds = []string{ConcernMatch, ConcernChangeMentor, ConcernWelfare, ConcernComplaint}

// ConcernLabel gives the words for a kind of concern.
func ConcernLabel(kind string) string {
	return map[string]string{
		ConcernMatch:        "A concern about the match",
		ConcernChangeMentor: "A request to change mentor",
		ConcernWelfare:      "A welfare or safeguarding concern",
		ConcernComplaint:    "A formal complaint",
	}[kind]
}

// How a concern was resolved.
const (
	OutcomeTalked   = "talked"    // the coordinator talked it through; the partnership goes on
	OutcomeRematch  = "rematch"   // the partnership ends and the mentee is matched again
	OutcomeEnded    = "ended"     // the partnership ends
	OutcomeReferred = "referred"  // referred to support services or the organisation's procedure
	OutcomeNoAction = "no_action" // looked into; nothing to do
)

// ConcernOutcomes lists the outcomes a handler chooses from.
var ConcernOutcomes = []string{OutcomeTalked, OutcomeRematch, OutcomeEnded, OutcomeReferred, OutcomeNoAction}

// ConcernOutcomeLabel gives the words for an outcome.
func ConcernOutcomeLabel(o string) string {
	return map[string]string{
		OutcomeTalked:   "Talked it through; the partnership continues",
		OutcomeRematch:  "Partnership ended; the mentee will be matched again",
		OutcomeEnded:    "Partnership ended",
		OutcomeReferred: "Referred to support or the formal procedure",
		OutcomeNoAction: "Looked into; no action needed",
	}[o]
}

// EndsPartnership reports whether resolving with this outcome ends the
// partnership the concern is about.
func EndsPartnership(outcome string) bool {
	return outcome == OutcomeRematch || outcome == OutcomeEnded
}

// Concern is something a participant raises with the people who run the
// programme. It is confidential: the raiser and its handlers (the
// programme's coordinators and the organisation's admins; admins alone when
// a complaint concerns the coordinator) read it; the other party never does.
type Concern struct {
	ID            int64  `json:"id"`
	OrgID         int64  `json:"org_id"`
	ProgrammeID   int64  `json:"programme_id,omitempty"`
	PartnershipID int64  `json:"partnership_id,omitempty"`
	RaisedBy      int64  `json:"raised_by"`
	RaisedByName  string `json:"raised_by_name"`
	Kind          string `json:"kind"`
	// AboutMentee marks a welfare concern a mentor raises about their mentee
	// (otherwise it is about the person raising it).
	AboutMentee bool `json:"about_mentee"`
	// AboutCoordinator sends a complaint to the admins instead (000).
	AboutCoordinator bool       `json:"about_coordinator"`
	Body             string     `json:"body"`
	Status           string     `json:"status"` // ConcernOpen or ConcernResolved
	Outcome          string     `json:"outcome,omitempty"`
	Resolution       string     `json:"resolution,omitempty"`
	ResolvedBy       int64      `json:"resolved_by,omitempty"`
	ResolvedAt       *time.Time `json:"resolved_at,omitempty"`
	CreatedAt        time.Time  `json:"created_at"`

	// Filled by reads for display.
	ProgrammeName string `json:"programme_name,omitempty"`
}

// Concern states.
const (
	ConcernOpen     = "open"
	ConcernResolved = "resolved"
)

// ConcernNote is one step in handling a concern, written by a handler.
type ConcernNote struct {
	ID         int64     `json:"id"`
	ConcernID  int64     `json:"concern_id"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}
