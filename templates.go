package tandem

// Programme templates: one for each scheme in the source documents. A
// coordinator creates a programme from one and edits it; the numbers come from
// the documents, cited beside each.

// ProgrammeTemplate is a named starting point for a programme.
type ProgrammeTemplate struct {
	Key     string
	Source  string // the document it comes from
	Summary string
	build   func() Programme
}

// New returns a fresh programme built from the template.
func (t ProgrammeTemplate) New() Programme {
	p := t.build()
	p.Template = t.Key
	p.Weights = DefaultWeights()
	return p
}

// Templates lists the shipped templates in display order.
func Templates() []ProgrammeTemplate {
	return []ProgrammeTemplate{
		{"activate", "Activate mentoring expectations (000)",
			"6-month partnerships, up to 6 one-hour meetings, an Aligning Expectations meeting first.", activate},
		{"rsma", "RSMA mentoring code of conduct (001)",
			"Alumni mentor students and recent graduates; 3-4 meetings in 12 months; the mentee drives.", rsma},
		{"pals", "PaLS mentoring handbook (002)",
			"Mentor more senior and in another department; signed agreement; at least 3 meetings a year; 12 months, renewable.", pals},
		{"one_step_beyond", "Mentoring relationships expectations and outcomes (003)",
			"Staff mentoring with development plans and reviews; never with a line manager.", oneStepBeyond},
		{"reverse", "Reverse mentoring (004)",
			"A junior colleague mentors a senior leader; applicants must be registered mentors who attended \u201cBeing a Mentor\u201d.", reverse},
	}
}

// TemplateByKey finds a template.
func TemplateByKey(key string) (ProgrammeTemplate, bool) {
	for _, t := range Templates() {
		if t.Key == key {
			return t, true
		}
	}
	return ProgrammeTemplate{}, false
}

// Agreement sections (002's form, 000's topics). Shared by every template; a
// template adds the sections its document stresses.
var (
	secTopics = AgreementSection{"topics", "Topics the mentee wants to discuss",
		"The broad areas, which you are both comfortable with, as the focus for mentoring. Will you bring personal issues?"}
	secMeetings = AgreementSection{"meetings", "How often and where we meet",
		"How often will you meet and where? Remotely, in person or a mixture? How will you tell each other if you need to reschedule or are running late?"}
	secNextMeeting = AgreementSection{"next_meeting", "Date of our next meeting", "When and where is the next meeting?"}
	secBoundaries  = AgreementSection{"boundaries", "Boundaries and off-limits areas",
		"What ground rules will you set? Which areas are off limits? Which matters belong to line-manager discussions rather than mentoring?"}
	secConfidentiality = AgreementSection{"confidentiality", "Confidentiality and its limits",
		"What confidentiality means here, and its limits: the mentor may not keep confidential a significant and immediate risk to health or safety."}
	secContact = AgreementSection{"contact", "Contact between meetings",
		"Is it acceptable for the mentee to contact the mentor between meetings, and how?"}
	secConflicts = AgreementSection{"conflicts", "Conflicts of interest",
		"Any conflicts of interest, e.g. job applications or line-management relationships."}
	secObjectives = AgreementSection{"objectives", "Objectives",
		"Specific short-term and long-term objectives, and how you will track progress."}
	secValues = AgreementSection{"values", "Values",
		"How will you embed the organisation's values, and be supportive and non-judgemental of each other's views, lifestyle and aspirations?"}
	secActions = AgreementSection{"actions", "Commitment to action",
		"How will you follow up on actions agreed at the previous meeting?"}
	secReview = AgreementSection{"review", "Reviewing the partnership",
		"How often will you check whether the partnership meets the mentee's needs, and how will you recognise when a change of mentor is needed?"}
)

func baseSections(extra ...AgreementSection) []AgreementSection {
	s := []AgreementSection{secTopics, secMeetings, secNextMeeting, secBoundaries, secConfidentiality, secContact, secConflicts}
	return append(s, extra...)
}

func activate() Programme {
	return Programme{
		Name:              "Activate mentoring",
		Description:       "Six-month mentoring partnerships. Mentor and mentee first meet for an Aligning Expectations meeting to build rapport and check the match, then meet up to six times, typically for an hour each.",
		RollingIntake:     true,
		TermMonths:        6, // "typically last 6 months" (000)
		Cadence:           Cadence{MaxMeetings: 6, MaxGapDays: 42, Text: "Up to 6 meetings over about 6 months"},
		MeetingMinutes:    60, // "Mentoring meetings will typically last 1 hour"
		ReviewEveryWeeks:  8,
		Seniority:         SeniorityMentorAbove,
		MentorCapacity:    1,
		MatchingMode:      ModeCoordinatorAssigns,
		AgreementTemplate: baseSections(secValues, secObjectives, secActions, secReview),
	}
}

func rsma() Programme {
	return Programme{
		Name:              "Alumni mentoring",
		Description:       "Alumni mentor current students and recent graduates, sharing the insight they gained through experience. The mentee drives the meetings; three to four meetings across the academic year are recommended (for example late October, late January and late May).",
		RollingIntake:     true,
		TermMonths:        12, // "a twelve-month window, aligned to the academic year" (001)
		Cadence:           Cadence{MinMeetings: 3, MaxMeetings: 4, MaxGapDays: 120, Text: "3-4 meetings in a twelve-month window"},
		MeetingMinutes:    60,
		ReviewEveryWeeks:  16,
		MentorMinStage:    "graduate",
		MenteeMaxStage:    "graduate",
		MentorEligibility: "Alumni of the school.",
		MenteeEligibility: "Current students and recent graduates.",
		Seniority:         SeniorityMentorAbove,
		MentorCapacity:    1,
		MatchingMode:      ModeCoordinatorAssigns,
		AgreementTemplate: baseSections(secObjectives),
	}
}

func pals() Programme {
	return Programme{
		Name:                "PaLS mentoring scheme",
		Description:         "Each mentee is paired with a mentor who is more senior and based in a different research department. Each pair agrees and signs a mentoring agreement and meets at least three times a year. Partnerships last 12 months and can be renewed for another 12 months if both agree.",
		RollingIntake:       true,
		TermMonths:          12,   // "an initial expectation of a 12-month basis" (002)
		Renewable:           true, // "renewed for another 12 months if both mentee and mentor agree"
		Cadence:             Cadence{MinMeetings: 3, MaxGapDays: 122, Text: "At least 3 meetings a year"},
		MeetingMinutes:      60,
		ReviewEveryWeeks:    17,
		MentorMinStage:      "postdoc", // "postdoctoral or more senior level"
		MenteeMinStage:      "phd",     // "academic staff and post-upgrade PhD students"
		MentorEligibility:   "Anyone at postdoctoral or more senior level.",
		MenteeEligibility:   "All academic staff and post-upgrade PhD students.",
		Seniority:           SeniorityMentorAbove,
		DifferentDepartment: true, // "based in a different Research Department ... to ensure no conflict of interest"
		MentorCapacity:      2,    // "a mentee (or, if you agree, more than one mentee)"
		MatchingMode:        ModeCoordinatorAssigns,
		AgreementTemplate:   baseSections(secObjectives, secReview),
	}
}

func oneStepBeyond() Programme {
	return Programme{
		Name:              "One Step Beyond mentoring",
		Description:       "A more experienced colleague supports a mentee's professional and personal growth outside any line-management relationship. The mentee draws up a personal development plan; the pair review progress at regular intervals and agree when to close.",
		RollingIntake:     true,
		TermMonths:        12, // "an agreed time period" (003)
		Cadence:           Cadence{MaxGapDays: 60, Text: "Frequency, length and venue agreed by the pair"},
		MeetingMinutes:    60,
		ReviewEveryWeeks:  12, // "Initiate reviews of progress at regular intervals"
		MentorEligibility: "More experienced members of staff who have undertaken mentoring training.",
		MenteeEligibility: "Members of staff.",
		Seniority:         SeniorityMentorAbove, // "Be a more experienced member of staff"
		MentorCapacity:    1,
		MatchingMode:      ModeCoordinatorAssigns,
		Prerequisites:     []Prerequisite{{Role: Mentor, Kind: PrereqAttendedEvent, Event: "Mentoring training"}},
		AgreementTemplate: baseSections(secObjectives, secActions, secReview),
	}
}

func reverse() Programme {
	return Programme{
		Name:              "Reverse mentoring",
		Description:       "A senior leader is mentored by a more junior colleague who, from a diversity and inclusion perspective, has a different experience of the organisation. Confidential, voluntary and informal: one-to-one conversations every 6-8 weeks, a half-day group briefing, and a group evaluation.",
		RollingIntake:     true,
		TermMonths:        12,
		Cadence:           Cadence{MaxGapDays: 56, MinMeetings: 6, Text: "One-to-one conversations every 6-8 weeks"},
		MeetingMinutes:    60, // "probably lasting no more than one hour" (004)
		ReviewEveryWeeks:  12,
		MenteeMinStage:    "senior_lecturer",
		MentorEligibility: "Staff at any level who are registered mentors, have attended \u201cBeing a Mentor\u201d, and have experiences of the organisation they are willing to share.",
		MenteeEligibility: "Members of the senior leadership.",
		Prerequisites: []Prerequisite{
			{Role: Mentor, Kind: PrereqRegisteredMentor},
			{Role: Mentor, Kind: PrereqAttendedEvent, Event: "Being a Mentor"},
		},
		Seniority:           SeniorityMentorBelow,
		MentorCapacity:      1,
		MatchingMode:        ModeCoordinatorAssigns,
		UsesCharacteristics: true,
		RequiresApproval:    true,
		AgreementTemplate:   baseSections(secObjectives),
	}
}

// PromptStage is one stage of the example mentoring questions (002).
type PromptStage struct {
	Key       string
	Title     string
	Questions []string
}

// QuestionPrompts are PaLS's example mentoring questions, by stage, offered when
// preparing a meeting.
func QuestionPrompts() []PromptStage {
	return []PromptStage{
		{"issue", "Identifying the issue", []string{"What do you make of …?", "How do you feel about …?", "What concerns you the most about …?", "What seems to be your main obstacle?", "What is holding you back from …?"}},
		{"information", "Further information", []string{"What do you mean by …?", "Tell me more about it.", "What else?", "What have you tried so far?", "What will you have to do to get the job done?", "What support do you need to accomplish …?"}},
		{"hypothetical", "Hypothetical", []string{"If you could do it over again what would you do differently?", "If you could do this any way you wanted, what would you do?"}},
		{"outcomes", "Outcomes", []string{"How do you want … to turn out?", "What do you want?", "What is your desired outcome?"}},
		{"planning", "Planning", []string{"What do you plan to do about it?", "What kind of plan do you need to create to accomplish …?", "How do you suppose you could improve the situation?", "If you do this, how will it affect …?", "What else do you need to consider?"}},
		{"action", "Taking action", []string{"What will you do? When will you do it?", "How will I know you did it?", "What are your next steps?"}},
	}
}
