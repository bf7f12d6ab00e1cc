package tandem

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Meeting modes a person may prefer.
const (
	ModeInPerson = "in_person"
	ModeOnline   = "online"
	ModeEither   = "either"
)

// MeetingModes lists the modes in display order.
var MeetingModes = []string{ModeEither, ModeInPerson, ModeOnline}

// MeetingModeLabel gives the words for a mode.
func MeetingModeLabel(m string) string {
	switch m {
	case ModeInPerson:
		return "In person"
	case ModeOnline:
		return "Online"
	default:
		return "Either"
	}
}

// Profile is what a participant tells the programme about themself (PRODUCT.md,
// Joining). Mentees fill in goals; mentors their professional background.
type Profile struct {
	UserID       int64     `json:"user_id"`
	Department   string    `json:"department"`
	CareerStage  string    `json:"career_stage"`
	Expertise    []string  `json:"expertise"`  // what the person knows well
	Topics       []string  `json:"topics"`     // what they want to talk about
	Goals        string    `json:"goals"`      // mentees: goals and aspirations
	Background   string    `json:"background"` // mentors: professional background
	Availability string    `json:"availability"`
	MeetingMode  string    `json:"meeting_mode"`
	Languages    []string  `json:"languages"`
	About        string    `json:"about"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Complete reports whether the profile has what matching needs.
func (p *Profile) Complete() bool {
	return p != nil && p.Department != "" && p.CareerStage != ""
}

// Validate checks the profile against the organisation's departments and scale.
func (p *Profile) Validate(org *Organisation) error {
	pr := Problems{}
	p.ValidateInto(pr, org)
	return pr.Err()
}

// ValidateInto records the profile's problems in pr, so a form that holds more
// than the profile can show all its problems at once.
func (p *Profile) ValidateInto(pr Problems, org *Organisation) {
	p.Department = strings.TrimSpace(p.Department)
	if p.Department == "" {
		pr.Add("department", "Choose your department.")
	} else if len(org.Departments) > 0 && !org.HasDepartment(p.Department) {
		pr.Add("department", "Choose one of the organisation's departments.")
	}
	if p.CareerStage == "" {
		pr.Add("career_stage", "Choose your career stage.")
	} else if org.StageRank(p.CareerStage) < 0 {
		pr.Add("career_stage", "Choose one of the listed career stages.")
	}
	if p.MeetingMode == "" {
		p.MeetingMode = ModeEither
	}
	if p.MeetingMode != ModeEither && p.MeetingMode != ModeInPerson && p.MeetingMode != ModeOnline {
		pr.Add("meeting_mode", "Choose in person, online or either.")
	}
	p.Expertise = CleanList(p.Expertise)
	p.Topics = CleanList(p.Topics)
	p.Languages = CleanList(p.Languages)
	if len(p.Expertise) > 30 || len(p.Topics) > 30 || len(p.Languages) > 15 {
		pr.Add("topics", "List at most 30 topics and 15 languages.")
	}
	for field, text := range map[string]string{"goals": p.Goals, "background": p.Background, "availability": p.Availability, "about": p.About} {
		if utf8.RuneCountInString(text) > 4000 {
			pr.Add(field, "Keep this under 4,000 characters.")
		}
	}
}

// CleanList trims entries, drops empty ones and case-insensitive duplicates,
// keeping the first spelling.
func CleanList(in []string) []string {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.Join(strings.Fields(s), " ")
		k := strings.ToLower(s)
		if s == "" || seen[k] || utf8.RuneCountInString(s) > 80 {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// SplitList splits comma- or newline-separated text into a clean list.
func SplitList(s string) []string {
	return CleanList(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ';' }))
}
