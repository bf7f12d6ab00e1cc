package tandem

import (
	"strings"
	"time"
)

// Kinds of event (PRODUCT.md, Events and bookings; 004).
const (
	EventTraining   = "training"   // e.g. "Being a Mentor"
	EventBriefing   = "briefing"   // a group briefing, e.g. half a day
	EventEvaluation = "evaluation" // a group evaluation or learning activity
	EventSupport    = "support"    // a 1-to-1 support slot with a member of the scheme team (004: 45 minutes)
)

// EventKinds lists the kinds in the order a coordinator reads them.
var EventKinds = []string{EventTraining, EventBriefing, EventEvaluation, EventSupport}

// EventKindLabel gives the words for a kind of event.
func EventKindLabel(kind string) string {
	return map[string]string{
		EventTraining:   "Training",
		EventBriefing:   "Group briefing",
		EventEvaluation: "Group evaluation activity",
		EventSupport:    "1-to-1 support session",
	}[kind]
}

// Who an event is for.
const (
	AudienceEveryone = "everyone" // everyone in the organisation
	AudienceMentors  = "mentors"  // mentors (of the programme, or of any programme for an organisation-wide event)
	AudienceMentees  = "mentees"  // mentees, likewise
	AudienceMembers  = "members"  // anyone taking part in the programme (or in any programme)
)

// Audiences lists the audiences in the order a coordinator reads them.
var Audiences = []string{AudienceEveryone, AudienceMentors, AudienceMentees, AudienceMembers}

// AudienceLabel gives the words for an audience.
func AudienceLabel(a string) string {
	return map[string]string{
		AudienceEveryone: "Everyone in the organisation",
		AudienceMentors:  "Mentors",
		AudienceMentees:  "Mentees",
		AudienceMembers:  "Everyone taking part",
	}[a]
}

// Event is a training session, a group briefing, a group evaluation
// activity, or one 1-to-1 support slot, that people book a place at.
// ProgrammeID is zero for an organisation-wide event.
type Event struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"org_id"`
	ProgrammeID int64     `json:"programme_id,omitempty"`
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	StartsAt    time.Time `json:"starts_at"`
	Minutes     int       `json:"minutes"`
	Place       string    `json:"place"`
	URL         string    `json:"url"`
	Capacity    int       `json:"capacity"`
	Audience    string    `json:"audience"`
	// HostID is the member of the scheme team a support slot is with.
	HostID int64 `json:"host_id,omitempty"`
	// SeriesID groups the slots created together (the first slot's id).
	SeriesID int64 `json:"series_id,omitempty"`
	// UID names the event in calendars; Sequence counts its changes.
	UID           string     `json:"uid"`
	Sequence      int        `json:"sequence"`
	CancelledAt   *time.Time `json:"cancelled_at,omitempty"`
	CancelMessage string     `json:"cancel_message,omitempty"`
	CreatedBy     int64      `json:"created_by"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`

	// Filled by reads for display.
	ProgrammeName string `json:"programme_name,omitempty"`
	HostName      string `json:"host_name,omitempty"`
	Booked        int    `json:"booked"`  // places taken
	Waiting       int    `json:"waiting"` // people on the waiting list
}

// EndsAt is when the event ends.
func (e *Event) EndsAt() time.Time { return e.StartsAt.Add(time.Duration(e.Minutes) * time.Minute) }

// Cancelled reports whether the event was called off.
func (e *Event) Cancelled() bool { return e.CancelledAt != nil }

// PlacesLeft is how many places are still free.
func (e *Event) PlacesLeft() int { return max(0, e.Capacity-e.Booked) }

// Full reports whether every place is taken.
func (e *Event) Full() bool { return e.Booked >= e.Capacity }

// Upcoming reports whether the event is still to come and not cancelled.
func (e *Event) Upcoming(now time.Time) bool { return !e.Cancelled() && e.StartsAt.After(now) }

// Past reports whether the event has ended.
func (e *Event) Past(now time.Time) bool { return !e.EndsAt().After(now) }

// CheckInOpensBefore is how long before the start a participant may check in.
const CheckInOpensBefore = 30 * time.Minute

// CheckInOpen reports whether a participant may check in now: from shortly
// before the start to the end.
func (e *Event) CheckInOpen(now time.Time) bool {
	return !e.Cancelled() && !now.Before(e.StartsAt.Add(-CheckInOpensBefore)) && now.Before(e.EndsAt())
}

// TitleMatches reports whether the event's title names the session a
// prerequisite asks for (case and surrounding spaces aside).
func (e *Event) TitleMatches(title string) bool {
	return strings.EqualFold(strings.TrimSpace(e.Title), strings.TrimSpace(title))
}

// Booking states.
const (
	BookingBooked    = "booked"    // has a place
	BookingWaiting   = "waiting"   // on the waiting list
	BookingCancelled = "cancelled" // gave the place up (or left the list)
)

// BookingLabel gives the words for a booking state.
func BookingLabel(s string) string {
	return map[string]string{BookingBooked: "Booked", BookingWaiting: "On the waiting list", BookingCancelled: "Cancelled"}[s]
}

// Booking is one person's place, or place on the waiting list, at an event.
type Booking struct {
	ID      int64  `json:"id"`
	EventID int64  `json:"event_id"`
	UserID  int64  `json:"user_id"`
	Status  string `json:"status"`
	// Position is the place on the waiting list, from 1; 0 when not waiting.
	Position   int        `json:"position,omitempty"`
	AttendedAt *time.Time `json:"attended_at,omitempty"`
	// CheckedIn is true when the person checked in themself, rather than
	// the coordinator ticking them on the attendance sheet.
	CheckedIn bool      `json:"checked_in"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Filled by reads for display.
	UserName  string `json:"user_name,omitempty"`
	UserEmail string `json:"user_email,omitempty"`
}

// Decisions on an application (a pending membership), as recorded.
const (
	DecisionApprove      = "approve"
	DecisionDecline      = "decline"
	DecisionConversation = "conversation" // the coordinator asks to talk first; the application stays pending
)

// ApplicationDecision is one decision a coordinator took on an application.
type ApplicationDecision struct {
	ID           int64     `json:"id"`
	MembershipID int64     `json:"membership_id"`
	Decision     string    `json:"decision"`
	Message      string    `json:"message"`
	DecidedBy    int64     `json:"decided_by"`
	DeciderName  string    `json:"decider_name"`
	DecidedAt    time.Time `json:"decided_at"`
}
