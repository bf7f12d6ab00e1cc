package tandem

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Characteristics are what a participant may choose to tell Tandem about
// themself for programmes that ask for them (PRODUCT.md, Joining: "optional,
// explicitly consented, separately stored"; 004: a reverse mentor "from a
// diversity and inclusion perspective is different from them somehow").
//
// They are kept apart from the profile, only with the person's consent, and
// are read by nobody but their owner: matching in a programme with
// UsesCharacteristics learns only whether two people differ on at least one
// dimension both answered, never which or how. Withdrawing consent deletes them.
type Characteristics struct {
	UserID int64 `json:"-"`
	// ConsentedAt is when the person ticked the consent statement.
	ConsentedAt time.Time `json:"consented_at"`
	// Ethnicity is one of EthnicityGroups, CharSelfDescribe (then
	// EthnicityText holds the person's own words), CharPreferNot or "".
	Ethnicity     string `json:"ethnicity"`
	EthnicityText string `json:"ethnicity_text"`
	// Gender is one of GenderOptions, CharSelfDescribe (then GenderText), CharPreferNot or "".
	Gender     string `json:"gender"`
	GenderText string `json:"gender_text"`
	// The yes/no dimensions: CharYes, CharNo, CharPreferNot or "" (not answered).
	LGBTQ           string    `json:"lgbtq"`
	Disability      string    `json:"disability"`
	Caring          string    `json:"caring_responsibilities"`
	FirstGeneration string    `json:"first_generation"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Answers shared by the dimensions.
const (
	CharYes          = "yes"
	CharNo           = "no"
	CharPreferNot    = "prefer_not"
	CharSelfDescribe = "self_describe"
)

// CharacteristicsConsent is the statement a person ticks before anything is
// kept. The page shows it word for word, and the data export repeats it.
const CharacteristicsConsent = "I agree that Tandem keeps these answers and uses them only to suggest mentoring pairs in programmes that ask for them, such as reverse mentoring. " +
	"Nobody reads them: not my mentor or mentee, not coordinators, not admins. I can change or delete them at any time."

// Option is a value and its words, for a form's choices.
type Option struct{ Value, Label string }

// EthnicityGroups are broad groups (as in the UK census); anyone may describe
// themself in their own words instead.
var EthnicityGroups = []Option{
	{"asian", "Asian or Asian British"},
	{"black", "Black, Black British, Caribbean or African"},
	{"mixed", "Mixed or multiple ethnic groups"},
	{"white", "White"},
	{"other", "Another ethnic group"},
}

// GenderOptions are the gender identities offered; anyone may describe
// themself in their own words instead.
var GenderOptions = []Option{
	{"woman", "Woman"},
	{"man", "Man"},
	{"non_binary", "Non-binary"},
}

// YesNoOptions are the answers to the yes/no dimensions.
var YesNoOptions = []Option{{CharYes, "Yes"}, {CharNo, "No"}, {CharPreferNot, "Prefer not to say"}}

func hasOption(opts []Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// Validate checks every answer is one offered, and cleans the free text.
func (c *Characteristics) Validate() error {
	pr := Problems{}
	c.ValidateInto(pr)
	return pr.Err()
}

// ValidateInto records the answers' problems in pr, so a form that holds more
// (the consent box) can show all its problems at once.
func (c *Characteristics) ValidateInto(pr Problems) {
	check := func(field string, v *string, opts []Option, text *string) {
		*v = strings.TrimSpace(*v)
		switch {
		case *v == "" || *v == CharPreferNot:
		case text != nil && *v == CharSelfDescribe:
			*text = strings.Join(strings.Fields(*text), " ")
			if *text == "" {
				pr.Add(field+"_text", "Describe it in your own words, or choose another answer.")
			} else if utf8.RuneCountInString(*text) > 80 {
				pr.Add(field+"_text", "Keep this under 80 characters.")
			}
		case !hasOption(opts, *v):
			pr.Add(field, "Choose one of the answers offered.")
		}
		if text != nil && *v != CharSelfDescribe {
			*text = ""
		}
	}
	check("ethnicity", &c.Ethnicity, EthnicityGroups, &c.EthnicityText)
	check("gender", &c.Gender, GenderOptions, &c.GenderText)
	for field, v := range map[string]*string{"lgbtq": &c.LGBTQ, "disability": &c.Disability, "caring": &c.Caring, "first_generation": &c.FirstGeneration} {
		check(field, v, YesNoOptions, nil)
	}
}

// dimensions returns each dimension's comparable answer: "" when the person
// did not answer it or preferred not to say, so it is never compared.
func (c *Characteristics) dimensions() [6]string {
	own := func(v, text string) string {
		switch v {
		case CharPreferNot:
			return ""
		case CharSelfDescribe:
			return "own:" + strings.ToLower(text)
		}
		return v
	}
	yn := func(v string) string {
		if v == CharPreferNot {
			return ""
		}
		return v
	}
	return [6]string{own(c.Ethnicity, c.EthnicityText), own(c.Gender, c.GenderText), yn(c.LGBTQ), yn(c.Disability), yn(c.Caring), yn(c.FirstGeneration)}
}

// DifferOnAShared reports whether two people answered at least one dimension
// both (neither left it out nor preferred not to say) and differ on it. It is
// all that matching learns from characteristics: a yes or no, never which.
func DifferOnAShared(a, b *Characteristics) bool {
	if a == nil || b == nil {
		return false
	}
	da, db := a.dimensions(), b.dimensions()
	for i := range da {
		if da[i] != "" && db[i] != "" && da[i] != db[i] {
			return true
		}
	}
	return false
}

// CharacteristicAnswer is one question and the person's answer in words.
type CharacteristicAnswer struct{ Question, Answer string }

// Answers gives every question with the person's answer in words, for the
// person's own pages ("Not answered" where they left it).
func (c *Characteristics) Answers() []CharacteristicAnswer {
	words := func(opts []Option, v, text string) string {
		switch v {
		case "":
			return "Not answered"
		case CharPreferNot:
			return "Prefer not to say"
		case CharSelfDescribe:
			return "In my own words: " + text
		}
		for _, o := range opts {
			if o.Value == v {
				return o.Label
			}
		}
		return v
	}
	return []CharacteristicAnswer{
		{"Ethnicity", words(EthnicityGroups, c.Ethnicity, c.EthnicityText)},
		{"Gender identity", words(GenderOptions, c.Gender, c.GenderText)},
		{"LGBTQ+", words(YesNoOptions, c.LGBTQ, "")},
		{"Disability or long-term condition", words(YesNoOptions, c.Disability, "")},
		{"Caring responsibilities", words(YesNoOptions, c.Caring, "")},
		{"First in family to go to university", words(YesNoOptions, c.FirstGeneration, "")},
	}
}
