package tandem

import "time"

// Audited actions: what someone did with other people's data. The words for
// each are in AuditLabel.
const (
	AuditViewParticipants   = "view_participants"
	AuditExportParticipants = "export_participants"
	AuditImportParticipants = "import_participants"
	AuditDecideApplication  = "decide_application"
	AuditViewMatching       = "view_matching"
	AuditChangeMatching     = "change_matching"
	AuditPublishMatching    = "publish_matching"
	AuditViewShortlist      = "view_shortlist"
	AuditViewPartnerships   = "view_partnerships"
	AuditViewPeople         = "view_people"
	AuditChangeRole         = "change_role"
	AuditViewConcern        = "view_concern"
	AuditHandleConcern      = "handle_concern"
	AuditViewPulse          = "view_pulse" // pulse scores, and the words their authors shared
	// Reports and evaluation: aggregates of everyone in a programme (or the
	// organisation), under the small-group rule.
	AuditViewReport     = "view_report"
	AuditExportReport   = "export_report"
	AuditViewEvaluation = "view_evaluation"
	// The coordinator's desk.
	AuditViewDashboard = "view_dashboard"
	AuditSearchRecords = "search_records"
	AuditViewRecord    = "view_record"
	AuditBulkMessage   = "bulk_message"
	AuditBulkClose     = "bulk_close"
	// AuditEraseAccount: a person deleted their account and data. The entry
	// names nobody: the account it points to is anonymised.
	AuditEraseAccount = "erase_account"
	// Events and bookings: who booked an event, who attended, a person's events.
	AuditViewBookings       = "view_bookings"
	AuditRecordAttendance   = "record_attendance"
	AuditViewEventsAttended = "view_events_attended"
)

// AuditLabel gives the words for an audited action, as the person whose
// data it touched reads them.
func AuditLabel(action string) string {
	return map[string]string{
		AuditViewParticipants:   "viewed the participant list",
		AuditExportParticipants: "exported the participant list",
		AuditImportParticipants: "imported participants",
		AuditDecideApplication:  "decided an application",
		AuditViewMatching:       "viewed the matching proposal",
		AuditChangeMatching:     "changed the matching (pin, never pair or relation)",
		AuditPublishMatching:    "published the matching",
		AuditViewShortlist:      "viewed the mentor shortlist",
		AuditViewPartnerships:   "viewed the partnerships (dates and counts)",
		AuditViewPeople:         "viewed the organisation's people",
		AuditChangeRole:         "changed an organisation role",
		AuditViewConcern:        "read a concern",
		AuditHandleConcern:      "handled a concern",
		AuditViewPulse:          "viewed the pulse check-in scores (and words shared with the coordinator)",
		AuditViewDashboard:      "viewed the programme dashboard (names, dates and counts)",
		AuditSearchRecords:      "searched the participant records",
		AuditViewRecord:         "viewed a participant's history (roles, partnerships and events attended: dates and states)",
		AuditBulkMessage:        "sent a message to everyone not yet matched",
		AuditBulkClose:          "moved partnerships whose term had ended to closing",
		AuditEraseAccount:       "deleted their account and data",
		// Events and bookings.
		AuditViewBookings:       "viewed who booked an event",
		AuditRecordAttendance:   "recorded attendance at an event",
		AuditViewEventsAttended: "viewed the events a person attended",
		AuditViewReport:         "viewed the report (aggregates only)",
		AuditExportReport:       "downloaded a report table (aggregates only)",
		AuditViewEvaluation:     "viewed the evaluation (aggregates and feedback shared with the coordinator)",
	}[action]
}

// AuditEntry is one line of the audit log. SubjectUserID names the person
// whose data was touched; ProgrammeID, when the subject is empty, means
// everyone in that programme; neither means everyone in the organisation.
type AuditEntry struct {
	ID            int64     `json:"id"`
	OrgID         int64     `json:"org_id"`
	ActorID       int64     `json:"actor_id"`
	ActorName     string    `json:"actor_name"`
	Action        string    `json:"action"`
	SubjectUserID int64     `json:"subject_user_id,omitempty"`
	ProgrammeID   int64     `json:"programme_id,omitempty"`
	Detail        string    `json:"detail,omitempty"`
	At            time.Time `json:"at"`
}
