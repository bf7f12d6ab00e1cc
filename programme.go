package tandem

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Seniority rules for matching.
const (
	SeniorityMentorAbove = "mentor_above" // the mentor is more senior (most schemes)
	SeniorityMentorBelow = "mentor_below" // reverse mentoring: a junior colleague mentors a senior leader (004)
	SeniorityAny         = "any"
)

// Matching modes (PRODUCT.md, Matching).
const (
	ModeCoordinatorAssigns = "coordinator"    // the coordinator runs an optimal assignment
	ModeMenteeChooses      = "mentee_chooses" // a mentee picks from a shortlist
	ModeBothRank           = "both_rank"      // both sides rank; a stable matching is found
)

// Prerequisite kinds.
const (
	PrereqAttendedEvent    = "attended_event"    // e.g. attended "Being a Mentor" (004)
	PrereqRegisteredMentor = "registered_mentor" // an approved mentor in another programme (004)
)

// Prerequisite is a condition a participant must meet before taking a role.
type Prerequisite struct {
	Role  string `json:"role"`            // mentor or mentee
	Kind  string `json:"kind"`            // one of the Prereq* kinds
	Event string `json:"event,omitempty"` // for attended_event: the event's title
}

// Describe puts the prerequisite in words.
func (p Prerequisite) Describe() string {
	switch p.Kind {
	case PrereqAttendedEvent:
		return "have attended the \u201c" + p.Event + "\u201d session"
	case PrereqRegisteredMentor:
		return "be a registered mentor in another of the organisation's programmes"
	}
	return p.Kind
}

// AgreementSection is one heading of the mentoring agreement, with the questions
// the pair discuss under it; the programme's template pre-fills the agreement.
type AgreementSection struct {
	Key    string `json:"key"`
	Title  string `json:"title"`
	Prompt string `json:"prompt"`
}

// Cadence is how often a programme expects a pair to meet.
type Cadence struct {
	// MinMeetings and MaxMeetings bound the meetings expected in one term; zero
	// means no bound ("up to 6" has only a maximum, "at least 3" only a minimum).
	MinMeetings int `json:"min_meetings"`
	MaxMeetings int `json:"max_meetings"`
	// MaxGapDays is the longest the programme expects between meetings; past it a
	// pair counts as "no contact" and the mentee is nudged first (001).
	MaxGapDays int `json:"max_gap_days"`
	// Text is the source document's own words, shown to participants.
	Text string `json:"text"`
}

// MatchWeights weigh the parts of a candidate pair's soft score (PRODUCT.md,
// Matching). Each is 0 to 10.
type MatchWeights struct {
	Topics       int `json:"topics"`       // the mentee's topics among the mentor's topics and expertise
	Goals        int `json:"goals"`        // the mentee's goals against the mentor's expertise and background
	Stage        int `json:"stage"`        // a career-stage gap near the ideal of two steps
	Mode         int `json:"mode"`         // compatible meeting modes
	Availability int `json:"availability"` // overlapping availability
	Language     int `json:"language"`     // a shared language
}

// DefaultWeights favour what the mentee wants to talk about.
func DefaultWeights() MatchWeights {
	return MatchWeights{Topics: 4, Goals: 3, Stage: 2, Mode: 1, Availability: 1, Language: 1}
}

// Total is the sum of the weights.
func (w MatchWeights) Total() int {
	return w.Topics + w.Goals + w.Stage + w.Mode + w.Availability + w.Language
}

// Programme is one mentoring scheme an organisation runs. Everything that
// differs between schemes is data here, not code.
type Programme struct {
	ID           int64  `json:"id"`
	OrgID        int64  `json:"org_id"`
	Template     string `json:"template"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	ContactEmail string `json:"contact_email"`

	// Intake: rolling, or between StartsOn and EndsOn.
	RollingIntake bool       `json:"rolling_intake"`
	StartsOn      *time.Time `json:"starts_on,omitempty"`
	EndsOn        *time.Time `json:"ends_on,omitempty"`

	TermMonths       int     `json:"term_months"`
	Renewable        bool    `json:"renewable"`
	Cadence          Cadence `json:"cadence"`
	MeetingMinutes   int     `json:"meeting_minutes"`
	ReviewEveryWeeks int     `json:"review_every_weeks"` // reviews at agreed intervals (000, 002, 003)

	// Eligibility per role, as bounds on the organisation's career-stage scale
	// (empty = no bound), with the document's own words for people to read.
	MentorMinStage    string         `json:"mentor_min_stage"`
	MentorMaxStage    string         `json:"mentor_max_stage"`
	MenteeMinStage    string         `json:"mentee_min_stage"`
	MenteeMaxStage    string         `json:"mentee_max_stage"`
	MentorEligibility string         `json:"mentor_eligibility"`
	MenteeEligibility string         `json:"mentee_eligibility"`
	Prerequisites     []Prerequisite `json:"prerequisites"`

	// Matching rules.
	Seniority           string `json:"seniority"`
	DifferentDepartment bool   `json:"different_department"`
	// MentorCapacity is the most mentees a mentor takes at once here; each
	// mentor may set fewer for themself.
	MentorCapacity      int    `json:"mentor_capacity"`
	MatchingMode        string `json:"matching_mode"`
	UsesCharacteristics bool   `json:"uses_characteristics"` // may use consented characteristics (reverse mentoring, 004)
	RequiresApproval    bool   `json:"requires_approval"`    // the coordinator approves each application (004)
	// Weights of the soft score's parts; zero weights leave a part out.
	Weights MatchWeights `json:"match_weights"`

	AgreementTemplate []AgreementSection `json:"agreement_template"`

	Archived  bool      `json:"archived"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Filled by reads for display.
	Coordinators []User `json:"coordinators,omitempty"`
}

// IsOpen reports whether people can join today.
func (p *Programme) IsOpen(now time.Time) bool {
	if p.Archived {
		return false
	}
	if p.RollingIntake {
		return true
	}
	if p.EndsOn != nil && now.After(p.EndsOn.Add(24*time.Hour)) {
		return false
	}
	return true
}

// PrerequisitesFor returns the prerequisites of one role.
func (p *Programme) PrerequisitesFor(role string) []Prerequisite {
	var out []Prerequisite
	for _, q := range p.Prerequisites {
		if q.Role == role {
			out = append(out, q)
		}
	}
	return out
}

// SeniorityLabel describes the seniority rule.
func (p *Programme) SeniorityLabel() string {
	switch p.Seniority {
	case SeniorityMentorAbove:
		return "Mentor more senior than mentee"
	case SeniorityMentorBelow:
		return "Reverse: mentor more junior than mentee"
	}
	return "Any seniority"
}

// MatchingModeLabel describes the matching mode.
func (p *Programme) MatchingModeLabel() string {
	switch p.MatchingMode {
	case ModeMenteeChooses:
		return "Mentee chooses from a shortlist"
	case ModeBothRank:
		return "Both rank; stable matching"
	}
	return "Coordinator assigns (optimal matching)"
}

// StageAllowed reports whether a stage rank r lies within [min, max] on the
// organisation's scale; empty bounds are open.
func StageAllowed(org *Organisation, stage, min, max string) bool {
	r := org.StageRank(stage)
	if r < 0 {
		return false
	}
	if min != "" && r < org.StageRank(min) {
		return false
	}
	if max != "" && org.StageRank(max) >= 0 && r > org.StageRank(max) {
		return false
	}
	return true
}

// Validate checks a programme's settings against the organisation's scale.
func (p *Programme) Validate(org *Organisation) error {
	pr := Problems{}
	p.Name = strings.TrimSpace(p.Name)
	switch n := utf8.RuneCountInString(p.Name); {
	case n == 0:
		pr.Add("name", "Give the programme a name.")
	case n > 120:
		pr.Add("name", "Keep the name under 120 characters.")
	}
	if utf8.RuneCountInString(p.Description) > 8000 {
		pr.Add("description", "Keep the description under 8,000 characters.")
	}
	p.ContactEmail = NormalizeEmail(p.ContactEmail)
	if p.ContactEmail != "" {
		if a, err := mail.ParseAddress(p.ContactEmail); err != nil || a.Address != p.ContactEmail {
			pr.Add("contact_email", "Enter the coordinator's contact address like name@example.org.")
		}
	}
	if !p.RollingIntake {
		if p.StartsOn == nil || p.EndsOn == nil {
			pr.Add("starts_on", "Give the intake's start and end dates, or choose a rolling intake.")
		} else if p.EndsOn.Before(*p.StartsOn) {
			pr.Add("ends_on", "The intake must end after it starts.")
		}
	}
	if p.TermMonths < 1 || p.TermMonths > 60 {
		pr.Add("term_months", "The partnership length must be between 1 and 60 months.")
	}
	if p.MeetingMinutes < 15 || p.MeetingMinutes > 480 {
		pr.Add("meeting_minutes", "A meeting lasts between 15 and 480 minutes.")
	}
	c := p.Cadence
	if c.MinMeetings < 0 || c.MaxMeetings < 0 || c.MaxGapDays < 0 {
		pr.Add("cadence", "Meeting numbers cannot be negative.")
	} else if c.MaxMeetings > 0 && c.MinMeetings > c.MaxMeetings {
		pr.Add("cadence", "The minimum number of meetings cannot exceed the maximum.")
	}
	if c.MaxGapDays > 0 && c.MaxGapDays < 7 {
		pr.Add("cadence", "Allow at least 7 days between meetings.")
	}
	if p.ReviewEveryWeeks < 0 || p.ReviewEveryWeeks > 104 {
		pr.Add("review_every_weeks", "Reviews come every 1 to 104 weeks, or 0 for none.")
	}
	for field, key := range map[string]string{"mentor_min_stage": p.MentorMinStage, "mentor_max_stage": p.MentorMaxStage, "mentee_min_stage": p.MenteeMinStage, "mentee_max_stage": p.MenteeMaxStage} {
		if key != "" && org.StageRank(key) < 0 {
			pr.Add(field, "Choose a stage from the organisation's scale.")
		}
	}
	if p.MentorMinStage != "" && p.MentorMaxStage != "" && org.StageRank(p.MentorMaxStage) < org.StageRank(p.MentorMinStage) {
		pr.Add("mentor_max_stage", "The most senior stage must not be below the most junior.")
	}
	if p.MenteeMinStage != "" && p.MenteeMaxStage != "" && org.StageRank(p.MenteeMaxStage) < org.StageRank(p.MenteeMinStage) {
		pr.Add("mentee_max_stage", "The most senior stage must not be below the most junior.")
	}
	switch p.Seniority {
	case SeniorityMentorAbove, SeniorityMentorBelow, SeniorityAny:
	default:
		pr.Add("seniority", "Choose a seniority rule.")
	}
	switch p.MatchingMode {
	case ModeCoordinatorAssigns, ModeMenteeChooses, ModeBothRank:
	default:
		pr.Add("matching_mode", "Choose a matching mode.")
	}
	if p.MentorCapacity < 1 || p.MentorCapacity > 20 {
		pr.Add("mentor_capacity", "A mentor takes between 1 and 20 mentees.")
	}
	for _, q := range p.Prerequisites {
		if q.Role != Mentor && q.Role != Mentee {
			pr.Add("prerequisites", "Each prerequisite applies to mentors or mentees.")
		}
		if q.Kind == PrereqAttendedEvent && strings.TrimSpace(q.Event) == "" {
			pr.Add("prerequisites", "Name the session to be attended.")
		}
		if q.Kind != PrereqAttendedEvent && q.Kind != PrereqRegisteredMentor {
			pr.Add("prerequisites", "Unknown prerequisite.")
		}
	}
	w := p.Weights
	for _, x := range []int{w.Topics, w.Goals, w.Stage, w.Mode, w.Availability, w.Language} {
		if x < 0 || x > 10 {
			pr.Add("weights", "Each weight is a whole number from 0 to 10.")
		}
	}
	if w.Total() == 0 {
		pr.Add("weights", "Give at least one part of the score a weight.")
	}
	for _, s := range p.AgreementTemplate {
		if strings.TrimSpace(s.Title) == "" {
			pr.Add("agreement_template", "Every agreement section needs a title.")
		}
	}
	return pr.Err()
}
