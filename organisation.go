package tandem

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Organisation is the body that runs programmes: a university, a faculty, an
// alumni association, a company. Its settings are set by its admins.
type Organisation struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Departments []string `json:"departments"`
	// CareerStages is the ordered seniority scale, most junior first. Matching's
	// "mentor more senior" rule compares positions on this scale.
	CareerStages []CareerStage `json:"career_stages"`
	SupportLinks []Link        `json:"support_links"`
	TimeZone     string        `json:"time_zone"`
	// RetentionMonths is how long the content of an ended partnership is
	// kept before it is deleted (its dates stay, for counts); 0 keeps it.
	RetentionMonths int       `json:"retention_months"`
	CreatedAt       time.Time `json:"created_at"`
}

// MaxRetentionMonths bounds the retention period: ten years.
const MaxRetentionMonths = 120

// CareerStage is one step of the organisation's seniority scale.
type CareerStage struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// Link is a labelled address shown to participants, such as a wellbeing service.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// DefaultCareerStages is the scale a new organisation starts with (PRODUCT.md:
// student < PhD < postdoc < lecturer < professor, with the steps the seed schemes name).
func DefaultCareerStages() []CareerStage {
	return []CareerStage{
		{"undergraduate", "Undergraduate student"},
		{"postgraduate", "Postgraduate (taught) student"},
		{"phd", "PhD student"},
		{"graduate", "Recent graduate"},
		{"postdoc", "Postdoctoral researcher"},
		{"early_career", "Early-career staff"},
		{"lecturer", "Lecturer / assistant professor"},
		{"senior_lecturer", "Senior lecturer / associate professor"},
		{"professor", "Professor"},
		{"senior_leader", "Senior leader"},
	}
}

// StageRank returns the position of key on the scale (0 = most junior), or -1.
func (o *Organisation) StageRank(key string) int {
	for i, s := range o.CareerStages {
		if s.Key == key {
			return i
		}
	}
	return -1
}

// StageLabel returns the label of a stage key, or the key itself when unknown.
func (o *Organisation) StageLabel(key string) string {
	for _, s := range o.CareerStages {
		if s.Key == key {
			return s.Label
		}
	}
	return key
}

// HasDepartment reports whether d is one of the organisation's departments.
func (o *Organisation) HasDepartment(d string) bool {
	for _, x := range o.Departments {
		if x == d {
			return true
		}
	}
	return false
}

// Validate checks the organisation's settings.
func (o *Organisation) Validate() error {
	p := Problems{}
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" {
		p.Add("name", "Enter the organisation's name.")
	} else if utf8.RuneCountInString(o.Name) > 160 {
		p.Add("name", "Keep the name under 160 characters.")
	}
	seen := map[string]bool{}
	for _, d := range o.Departments {
		if seen[strings.ToLower(d)] {
			p.Add("departments", "Department \""+d+"\" is listed twice.")
		}
		seen[strings.ToLower(d)] = true
	}
	if len(o.CareerStages) < 2 {
		p.Add("career_stages", "List at least two career stages, most junior first.")
	}
	keys := map[string]bool{}
	for _, s := range o.CareerStages {
		if s.Key == "" || s.Label == "" {
			p.Add("career_stages", "Every career stage needs a name.")
		}
		if keys[s.Key] {
			p.Add("career_stages", "Career stage \""+s.Label+"\" is listed twice.")
		}
		keys[s.Key] = true
	}
	for _, l := range o.SupportLinks {
		if l.Label == "" {
			p.Add("support_links", "Every support link needs a label before the |.")
			continue
		}
		u, err := url.Parse(l.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "mailto") || (u.Scheme != "mailto" && u.Host == "") {
			p.Add("support_links", "The link for \""+l.Label+"\" must be a full address starting https:// (or mailto:).")
		}
	}
	if o.TimeZone == "" {
		o.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(o.TimeZone); err != nil {
		p.Add("time_zone", "Use a time zone name such as Europe/London.")
	}
	if o.RetentionMonths < 0 || o.RetentionMonths > MaxRetentionMonths {
		p.Add("retention_months", "Keep ended partnerships' content from 1 to 120 months, or 0 to keep it.")
	}
	return p.Err()
}

// Slug turns a label into a stable lower-case key ("Senior lecturer" -> "senior_lecturer").
func Slug(s string) string {
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			underscore = false
		default:
			if b.Len() > 0 && !underscore {
				b.WriteByte('_')
				underscore = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}
