package app

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// The stakeholder report (003: "demonstrate return on investment") and the
// evaluation of closing feedback, for a programme (its coordinators and the
// organisation's admins) or the whole organisation (admins). Every figure is
// an aggregate that has passed the small-group rule (reportcalc.go); nothing
// a pair wrote is read, except the feedback words their authors agreed to
// share, and those only for groups of at least five.

// DateLayout is how a report's period is written in forms, links and the API.
const DateLayout = "2006-01-02"

// maxPeriodDays bounds a report's period: ten years.
const maxPeriodDays = 3660

// Period is a report's period: from the start of day From to the start of
// day To (not included), in the organisation's time zone.
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Days is the period's length in calendar days.
func (p Period) Days() int {
	return int(math.Round(p.To.Sub(p.From).Hours() / 24))
}

// Previous is the period of the same number of days just before.
func (p Period) Previous() Period {
	return Period{From: p.From.AddDate(0, 0, -p.Days()), To: p.From}
}

func (p Period) has(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

func (p Period) hasPtr(t *time.Time) bool { return t != nil && p.has(*t) }

// FromParam and ToParam write the period for a link or a form.
func (p Period) FromParam() string { return p.From.Format(DateLayout) }
func (p Period) ToParam() string   { return p.To.Format(DateLayout) }

// Label reads the period with its last day included: "1 Sep 2026 to 31 Dec 2026".
func (p Period) Label() string {
	return p.From.Format("2 Jan 2006") + " to " + p.To.AddDate(0, 0, -1).Format("2 Jan 2006")
}

// PeriodPreset is a period offered with one click.
type PeriodPreset struct {
	Label  string
	Period Period
}

// termStart is the first day of the academic term holding day: autumn from
// 1 September, spring from 1 January, summer from 1 April.
func termStart(day time.Time) time.Time {
	y, m := day.Year(), day.Month()
	start := time.September
	switch {
	case m < time.April:
		start = time.January
	case m < time.September:
		start = time.April
	}
	return time.Date(y, start, 1, 0, 0, 0, 0, day.Location())
}

// periodPresets are "this term so far" and "the last 12 months", both ending
// with today.
func periodPresets(now time.Time, loc *time.Location) []PeriodPreset {
	n := now.In(loc)
	tomorrow := time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, loc)
	return []PeriodPreset{
		{Label: "Last 12 months", Period: Period{From: tomorrow.AddDate(-1, 0, 0), To: tomorrow}},
		{Label: "This term so far", Period: Period{From: termStart(n), To: tomorrow}},
	}
}

// parsePeriod reads a period from two dates; both empty means the last 12
// months. The errors name the field, so a form can show them beside it.
func parsePeriod(from, to string, now time.Time, loc *time.Location) (Period, error) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if from == "" && to == "" {
		return periodPresets(now, loc)[0].Period, nil
	}
	pr := tandem.Problems{}
	f, ferr := time.ParseInLocation(DateLayout, from, loc)
	t, terr := time.ParseInLocation(DateLayout, to, loc)
	if ferr != nil {
		pr.Add("from", "Give the first day as YYYY-MM-DD.")
	}
	if terr != nil {
		pr.Add("to", "Give the day the period ends (not included) as YYYY-MM-DD.")
	}
	if ferr == nil && terr == nil {
		switch {
		case !t.After(f):
			pr.Add("to", "The period must end after it starts.")
		case t.Sub(f) > maxPeriodDays*24*time.Hour:
			pr.Add("to", "Choose a period of at most ten years.")
		case f.Year() < 2000:
			pr.Add("from", "Choose a period from the year 2000 on.")
		}
	}
	if err := pr.Err(); err != nil {
		return Period{}, err
	}
	return Period{From: f, To: t}, nil
}

// Measure is one line of the report: what it counts, this period's figure,
// the previous period's, and the change.
type Measure struct {
	Key        string `json:"key"`
	Label      string `json:"label"`
	Definition string `json:"definition"`
	Now        Figure `json:"now"`
	Before     Figure `json:"before"`
	Change     Change `json:"change"`
}

// Section is a group of measures: reach, engagement or outcomes.
type Section struct {
	Key      string    `json:"key"`
	Title    string    `json:"title"`
	Measures []Measure `json:"measures"`
}

// RatingRow is one rating's share of a distribution.
type RatingRow struct {
	Rating int    `json:"rating"`
	Label  string `json:"label"`
	Forms  Figure `json:"forms"`
}

// RoleRatings is one role's closing feedback.
type RoleRatings struct {
	Role    string `json:"role"`
	Label   string `json:"label"`
	People  Figure `json:"people"`
	Average Figure `json:"average"`
}

// FeedbackSummary is the closing feedback given in a period, as aggregates.
type FeedbackSummary struct {
	// People is how many gave feedback; Forms how many forms (a person
	// closing two partnerships gives two).
	People       Figure        `json:"people"`
	Forms        Figure        `json:"forms"`
	Average      Figure        `json:"average"`
	ByRole       []RoleRatings `json:"by_role"`
	Distribution []RatingRow   `json:"distribution"`
}

// Report is the stakeholder report of a programme or the organisation.
type Report struct {
	// ProgrammeID is 0 for the whole organisation.
	ProgrammeID int64           `json:"programme_id,omitempty"`
	Scope       string          `json:"scope"`
	Period      Period          `json:"period"`
	Previous    Period          `json:"previous"`
	TimeZone    string          `json:"time_zone"`
	Sections    []Section       `json:"sections"`
	Departments Breakdown       `json:"departments"`
	Stages      Breakdown       `json:"stages"`
	Feedback    FeedbackSummary `json:"feedback"`
	Presets     []PeriodPreset  `json:"-"`
}

// ReportTables names the report's tables, each downloadable as CSV.
var ReportTables = []string{"summary", "departments", "stages", "ratings"}

// ReportInput chooses a report: a programme (0 for the organisation) and a
// period as two dates (empty for the last 12 months).
type ReportInput struct {
	ProgrammeID int64
	From, To    string
	// Export names the CSV table being downloaded, for the audit log; empty
	// for a view.
	Export string
}

// reportScope loads what a report of in.ProgrammeID covers and checks the
// actor may read it: a programme's coordinators and the organisation's
// admins; the organisation's report, admins only. Anyone else is told
// there is no such report (not found), as for any data not theirs.
func (a *App) reportScope(ctx context.Context, actor *tandem.User, programmeID int64) (*tandem.Organisation, *tandem.Programme, error) {
	if err := requireUser(actor); err != nil {
		return nil, nil, err
	}
	notFound := tandem.Errorf(tandem.ENotFound, "Report not found.")
	org, err := a.store.Organisation(ctx, actor.OrgID)
	if err != nil {
		return nil, nil, err
	}
	if programmeID == 0 {
		if !actor.IsAdmin() {
			return nil, nil, notFound
		}
		return org, nil, nil
	}
	p, err := a.store.Programme(ctx, actor.OrgID, programmeID)
	if err != nil {
		return nil, nil, notFound
	}
	ok, err := a.canCoordinate(ctx, actor, p)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, notFound
	}
	return org, p, nil
}

// reportRequest is what a report or an evaluation is built from, once the
// actor may read it.
type reportRequest struct {
	org    *tandem.Organisation
	prog   *tandem.Programme // nil for the organisation
	loc    *time.Location
	period Period
	data   *store.ReportData
}

func (a *App) reportRequest(ctx context.Context, actor *tandem.User, in ReportInput) (*reportRequest, error) {
	org, prog, err := a.reportScope(ctx, actor, in.ProgrammeID)
	if err != nil {
		return nil, err
	}
	if in.Export != "" && !slices.Contains(ReportTables, in.Export) {
		return nil, tandem.Errorf(tandem.ENotFound, "The report has no table %q.", in.Export)
	}
	q := &reportRequest{org: org, prog: prog, loc: a.orgLocation(ctx, a.store, org.ID)}
	if q.period, err = parsePeriod(in.From, in.To, a.Now(), q.loc); err != nil {
		return nil, err
	}
	if q.data, err = a.store.ReportData(ctx, org.ID); err != nil {
		return nil, err
	}
	return q, nil
}

// Report builds the stakeholder report for the period and the one before,
// and records the view (or the CSV export) in the audit log.
func (a *App) Report(ctx context.Context, actor *tandem.User, in ReportInput) (*Report, error) {
	q, err := a.reportRequest(ctx, actor, in)
	if err != nil {
		return nil, err
	}
	r := buildReport(q.org, q.prog, q.data, q.period)
	r.TimeZone, r.Presets = q.loc.String(), periodPresets(a.Now(), q.loc)
	action, detail := tandem.AuditViewReport, q.period.Label()
	if in.Export != "" {
		action, detail = tandem.AuditExportReport, in.Export+".csv, "+detail
	}
	if err := a.logged(ctx, a.store, actor, action, 0, in.ProgrammeID, detail); err != nil {
		return nil, err
	}
	return r, nil
}

// scoped is the part of an organisation's report rows one report covers.
type scoped struct {
	org          *tandem.Organisation
	members      []store.ReportMember // of the programme (or every programme)
	allMembers   []store.ReportMember // of the organisation: a mentee may become a mentor anywhere
	partnerships []store.ReportPartnership
	feedback     []store.ReportFeedback
	pulses       []store.ReportPulse
	inPair       map[int64]*time.Time // membership id -> when its first partnership was introduced
}

func scope(org *tandem.Organisation, programmeID int64, d *store.ReportData) *scoped {
	s := &scoped{org: org, allMembers: d.Members, inPair: map[int64]*time.Time{}}
	in := func(id int64) bool { return programmeID == 0 || id == programmeID }
	for _, m := range d.Members {
		if in(m.ProgrammeID) {
			s.members = append(s.members, m)
		}
	}
	for _, p := range d.Partnerships {
		if !in(p.ProgrammeID) {
			continue
		}
		s.partnerships = append(s.partnerships, p)
		for _, id := range []int64{p.MentorMembershipID, p.MenteeMembershipID} {
			if t := s.inPair[id]; t == nil || p.CreatedAt.Before(*t) {
				at := p.CreatedAt
				s.inPair[id] = &at
			}
		}
	}
	for _, f := range d.Feedback {
		if in(f.ProgrammeID) {
			s.feedback = append(s.feedback, f)
		}
	}
	for _, p := range d.Pulses {
		if in(p.ProgrammeID) {
			s.pulses = append(s.pulses, p)
		}
	}
	return s
}

func buildReport(org *tandem.Organisation, prog *tandem.Programme, d *store.ReportData, period Period) *Report {
	s := scope(org, 0, d)
	r := &Report{Scope: org.Name, Period: period, Previous: period.Previous()}
	if prog != nil {
		s = scope(org, prog.ID, d)
		r.ProgrammeID, r.Scope = prog.ID, prog.Name
	}
	now, before := s.measures(r.Period), s.measures(r.Previous)
	for i, sec := range now {
		for j := range sec.Measures {
			m := &now[i].Measures[j]
			m.Before = before[i].Measures[j].Now
			m.Change = compare(m.Now, m.Before)
		}
	}
	r.Sections = now
	r.Departments, r.Stages = s.breakdowns(r.Period)
	r.Feedback = s.feedbackSummary(r.Period)
	return r
}

// Reach columns of the breakdowns.
var reachColumns = []string{"Applicants", "Approved", "Matched"}

// applicants returns the memberships applied for in the period, and for
// each column of reachColumns who counts in it:
//   - Applicants: the people who applied in the period (a membership of
//     either role created in it), each counted once however many roles or
//     programmes they applied for.
//   - Approved: those of them with an application from the period that was
//     admitted (approved now, or withdrawn after being matched: only
//     admitted people are matched). Someone who left before a match is no
//     longer counted: leaving replaces the record of the approval.
//   - Matched: those of them with an application from the period that was
//     in a partnership introduced before the period's end.
func (s *scoped) applicants(p Period) [3]peopleSet {
	out := [3]peopleSet{{}, {}, {}}
	for _, m := range s.members {
		if !p.has(m.CreatedAt) {
			continue
		}
		out[0].add(m.UserID)
		matched := s.inPair[m.MembershipID]
		if m.Status == tandem.MemberApproved || (m.Status == tandem.MemberWithdrawn && matched != nil) {
			out[1].add(m.UserID)
		}
		if matched != nil && matched.Before(p.To) {
			out[2].add(m.UserID)
		}
	}
	return out
}

// active reports whether a partnership was under way during part of the
// period: both had confirmed it (its term started) before the period's end,
// and it had not ended before the period's start.
func active(ps store.ReportPartnership, p Period) bool {
	return ps.StartedAt != nil && ps.StartedAt.Before(p.To) && (ps.EndedAt == nil || !ps.EndedAt.Before(p.From))
}

// pairPeople counts the distinct people of some partnerships.
func pairPeople(ps []store.ReportPartnership) int {
	set := peopleSet{}
	for _, p := range ps {
		set.add(p.MentorID, p.MenteeID)
	}
	return len(set)
}

// measures computes every line of the report for one period. Each line's
// Definition says exactly what counts; the doc comments of applicants and
// active hold the longer rules.
func (s *scoped) measures(p Period) []Section {
	reach := s.applicants(p)

	var introduced, activePairs, closed, goalsMet, withdrawn []store.ReportPartnership
	held, signed, goals, achieved := 0, 0, 0, 0
	for _, x := range s.partnerships {
		if p.has(x.CreatedAt) {
			introduced = append(introduced, x)
		}
		if active(x, p) {
			activePairs = append(activePairs, x)
			for _, t := range x.MeetingsHeld {
				if p.has(t) {
					held++
				}
			}
			if x.AgreementSignedAt != nil && x.AgreementSignedAt.Before(p.To) {
				signed++
			}
		}
		if p.hasPtr(x.ClosedAt) {
			closed = append(closed, x)
			goals += x.Goals
			achieved += x.GoalsAchieved
			if x.Outcome == tandem.OutcomeCompleted {
				goalsMet = append(goalsMet, x)
			}
		}
		if x.State == tandem.PartnershipWithdrawn && p.hasPtr(x.EndedAt) {
			withdrawn = append(withdrawn, x)
		}
	}
	activePeople, closedPeople := pairPeople(activePairs), pairPeople(closed)
	fb := s.feedbackIn(p)
	raters, sum := peopleSet{}, 0
	for _, f := range fb {
		raters.add(f.AuthorID)
		sum += f.Rating
	}
	becameMentors := s.becameMentors(p)
	pulse := s.pulseSummary(p)

	return []Section{
		{Key: "reach", Title: "Reach", Measures: []Measure{
			{Key: "applicants", Label: "Applicants", Now: count(len(reach[0]), len(reach[0])),
				Definition: "People who applied in the period, as a mentor or a mentee, each counted once."},
			{Key: "approved", Label: "Approved", Now: count(len(reach[1]), len(reach[1])),
				Definition: "Of those applicants, the people whose application was admitted (still taking part, or matched before they left)."},
			{Key: "matched", Label: "Matched", Now: count(len(reach[2]), len(reach[2])),
				Definition: "Of those applicants, the people introduced to a partner before the period ended."},
		}},
		{Key: "engagement", Title: "Engagement", Measures: []Measure{
			{Key: "introduced", Label: "Pairs introduced", Now: count(len(introduced), pairPeople(introduced)),
				Definition: "Partnerships published (introduced) in the period."},
			{Key: "active", Label: "Pairs active", Now: count(len(activePairs), activePeople),
				Definition: "Partnerships under way for some of the period: both had confirmed the match before it ended, and the partnership had not ended before it began."},
			{Key: "meetings", Label: "Meetings held", Now: count(held, activePeople),
				Definition: "Meetings of the active pairs, scheduled in the period, that either member confirmed took place."},
			{Key: "meetings_per_pair", Label: "Meetings per active pair", Now: average(float64(held), len(activePairs), activePeople),
				Definition: "Meetings held divided by pairs active."},
			{Key: "agreements_signed", Label: "Agreements signed", Now: percent(signed, len(activePairs), activePeople),
				Definition: "Share of the active pairs whose mentoring agreement both members had signed by the end of the period."},
		}},
		{Key: "outcomes", Title: "Outcomes", Measures: []Measure{
			{Key: "closed", Label: "Partnerships closed", Now: count(len(closed), closedPeople),
				Definition: "Partnerships whose closing conversation was recorded in the period."},
			{Key: "goals_met", Label: "Closed with goals met", Now: count(len(goalsMet), pairPeople(goalsMet)),
				Definition: "Of the partnerships closed, those the pair ended early because the mentee's goals were met."},
			{Key: "goals_achieved", Label: "Goals achieved at closure", Now: percent(achieved, goals, closedPeople),
				Definition: "Of the goals the closed partnerships had set, the share marked achieved when the partnership closed."},
			{Key: "withdrawn", Label: "Partnerships withdrawn", Now: count(len(withdrawn), pairPeople(withdrawn)),
				Definition: "Partnerships that either member (or a concern) ended early in the period."},
			{Key: "satisfaction", Label: "Satisfaction (1 to 5)", Now: average(float64(sum), len(fb), len(raters)),
				Definition: "Average rating of the closing feedback given in the period, from 1 (poor) to 5 (excellent)."},
			{Key: "feedback_people", Label: "People who gave feedback", Now: count(len(raters), len(raters)),
				Definition: "People who gave closing feedback in the period."},
			{Key: "pulse", Label: "Pulse check-ins (1 to 5)", Now: pulse.Average,
				Definition: "Average answer to the pulse check-in “How is your mentoring going?” given in the period, from 1 (not well) to 5 (very well)."},
			{Key: "became_mentors", Label: "Mentees who became mentors", Now: count(becameMentors, becameMentors),
				Definition: "People who applied to mentor, in any of the organisation's programmes, in the period, after being a mentee in a partnership here that had started; never a mentor before."},
		}},
	}
}

// feedbackIn is the closing feedback given in the period.
func (s *scoped) feedbackIn(p Period) []store.ReportFeedback {
	var out []store.ReportFeedback
	for _, f := range s.feedback {
		if p.has(f.CreatedAt) {
			out = append(out, f)
		}
	}
	return out
}

// becameMentors counts the people who applied to mentor in the period after
// being a mentee in one of the scope's partnerships that had started before
// the application, and who had no mentor application from before that start.
func (s *scoped) becameMentors(p Period) int {
	firstMentee := map[int64]time.Time{} // person -> first start as a mentee here
	for _, x := range s.partnerships {
		if x.StartedAt == nil {
			continue
		}
		if t, ok := firstMentee[x.MenteeID]; !ok || x.StartedAt.Before(t) {
			firstMentee[x.MenteeID] = *x.StartedAt
		}
	}
	wasMentor, became := peopleSet{}, peopleSet{}
	for _, m := range s.allMembers {
		start, ok := firstMentee[m.UserID]
		if m.Role != tandem.Mentor || !ok {
			continue
		}
		if !m.CreatedAt.After(start) {
			wasMentor.add(m.UserID)
		} else if p.has(m.CreatedAt) {
			became.add(m.UserID)
		}
	}
	n := 0
	for id := range became {
		if !wasMentor[id] {
			n++
		}
	}
	return n
}

// breakdowns are the period's applicants, approved and matched people by
// department and by career stage, each person in the category their
// profile gives today ("Not given" when empty).
func (s *scoped) breakdowns(p Period) (dept, stage Breakdown) {
	reach := s.applicants(p)
	profile := map[int64]store.ReportMember{}
	for _, m := range s.members {
		profile[m.UserID] = m
	}
	byDept, byStage := newCategoryCounts(3), newCategoryCounts(3)
	for col, set := range reach {
		for id := range set {
			byDept.add(profile[id].Department, col, id)
			byStage.add(profile[id].CareerStage, col, id)
		}
	}
	totals := []int{len(reach[0]), len(reach[1]), len(reach[2])}
	stageKeys := make([]string, 0, len(s.org.CareerStages))
	for _, st := range s.org.CareerStages {
		stageKeys = append(stageKeys, st.Key)
	}
	label := func(name func(string) string) func(string) string {
		return func(k string) string {
			if k == "" {
				return "Not given"
			}
			return name(k)
		}
	}
	dept = byDept.breakdown("departments", "Applicants by department", reachColumns, s.org.Departments,
		label(func(k string) string { return k }), totals)
	stage = byStage.breakdown("stages", "Applicants by career stage", reachColumns, stageKeys, label(s.org.StageLabel), totals)
	return dept, stage
}

// answer is one person's 1-to-5 answer: a closing feedback form (or, with
// pulse check-ins, one check-in), with the words shared with the
// coordinator.
type answer struct {
	author int64
	role   string
	score  int
	words  string // only when shared
}

// feedbackAnswers are the closing feedback forms given in the period.
func (s *scoped) feedbackAnswers(p Period) []answer {
	var as []answer
	for _, f := range s.feedbackIn(p) {
		as = append(as, answer{author: f.AuthorID, role: f.Role, score: f.Rating, words: f.SharedWords})
	}
	return as
}

// pulseAnswers are the pulse check-ins answered in the period.
func (s *scoped) pulseAnswers(p Period) []answer {
	var as []answer
	for _, x := range s.pulses {
		if p.has(x.CreatedAt) {
			as = append(as, answer{author: x.AuthorID, role: x.Role, score: x.Score, words: x.SharedWord})
		}
	}
	return as
}

// pulseSummary aggregates the pulse check-ins answered in the period.
func (s *scoped) pulseSummary(p Period) FeedbackSummary {
	return summarise(s.pulseAnswers(p), pulseLabels)
}

var pulseLabels = map[int]string{5: "5 · Very well", 4: "4", 3: "3", 2: "2", 1: "1 · Not well"}

// feedbackSummary aggregates the closing feedback given in the period.
func (s *scoped) feedbackSummary(p Period) FeedbackSummary {
	return summarise(s.feedbackAnswers(p), ratingLabels)
}

// summarise aggregates answers: how many people gave them, the average
// overall and by role (mentors and mentees add up to everyone, so they are
// protected together), and the number of answers at each score (protected
// against the total).
func summarise(as []answer, labels map[int]string) FeedbackSummary {
	all := peopleSet{}
	byRole := map[string]peopleSet{tandem.Mentor: {}, tandem.Mentee: {}}
	sums, forms := map[string]int{}, map[string]int{}
	byScore := map[int]peopleSet{}
	scoreForms := map[int]int{}
	total := 0
	for _, f := range as {
		all.add(f.author)
		if byRole[f.role] == nil {
			byRole[f.role] = peopleSet{}
		}
		byRole[f.role].add(f.author)
		sums[f.role] += f.score
		forms[f.role]++
		if byScore[f.score] == nil {
			byScore[f.score] = peopleSet{}
		}
		byScore[f.score].add(f.author)
		scoreForms[f.score]++
		total += f.score
	}
	out := FeedbackSummary{
		People:  count(len(all), len(all)),
		Forms:   count(len(as), len(all)),
		Average: average(float64(total), len(as), len(all)),
	}
	for _, role := range []string{tandem.Mentor, tandem.Mentee} {
		n := len(byRole[role])
		out.ByRole = append(out.ByRole, RoleRatings{Role: role, Label: tandem.RoleLabel(role) + "s",
			People: count(n, n), Average: average(float64(sums[role]), forms[role], n)})
	}
	protect(out.People, []*Figure{&out.ByRole[0].People, &out.ByRole[1].People})
	cells := []*Figure{}
	for r := 5; r >= 1; r-- {
		out.Distribution = append(out.Distribution, RatingRow{Rating: r, Label: labels[r], Forms: count(scoreForms[r], len(byScore[r]))})
	}
	for i := range out.Distribution {
		cells = append(cells, &out.Distribution[i].Forms)
	}
	protect(out.Forms, cells)
	return out
}

// sharedWords are the words of answers shared with the coordinator, shown
// only when at least MinGroup people answered (people is the figure of
// them): sorted alphabetically, without name, role, score or date, so no
// words can be tied to a partnership. withheld is set when some were
// shared but the group is too small to show them.
func sharedWords(as []answer, people Figure) (words []string, withheld bool) {
	words = []string{}
	var shared []string
	for _, a := range as {
		if w := strings.TrimSpace(a.words); w != "" {
			shared = append(shared, w)
		}
	}
	if people.V() < MinGroup {
		return words, len(shared) > 0
	}
	sort.Strings(shared)
	return append(words, shared...), false
}

var ratingLabels = map[int]string{5: "5 · Excellent", 4: "4 · Good", 3: "3 · Fair", 2: "2 · Poor", 1: "1 · Very poor"}

// Evaluation is the closing feedback and the pulse check-ins of a period as
// aggregates, with the words their authors agreed to share.
type Evaluation struct {
	ProgrammeID int64           `json:"programme_id,omitempty"`
	Scope       string          `json:"scope"`
	Period      Period          `json:"period"`
	Feedback    FeedbackSummary `json:"feedback"`
	// Comments are the shared words, shown only when at least MinGroup people
	// gave feedback in the period; sorted alphabetically, without name, role,
	// rating or date, so no comment can be tied to a partnership.
	Comments []string `json:"comments"`
	// CommentsWithheld is set when some words were shared but the group is
	// too small to show them.
	CommentsWithheld bool `json:"comments_withheld,omitempty"`
	// Pulse is the pulse check-ins answered in the period, under the same
	// rule; PulseWords the words shared with the coordinator, shown as
	// Comments are.
	Pulse              FeedbackSummary `json:"pulse"`
	PulseWords         []string        `json:"pulse_words"`
	PulseWordsWithheld bool            `json:"pulse_words_withheld,omitempty"`
	Presets            []PeriodPreset  `json:"-"`
}

// Evaluation aggregates a programme's (or, for admins with programmeID 0,
// the organisation's) closing feedback over a period, and records the view.
func (a *App) Evaluation(ctx context.Context, actor *tandem.User, in ReportInput) (*Evaluation, error) {
	in.Export = ""
	q, err := a.reportRequest(ctx, actor, in)
	if err != nil {
		return nil, err
	}
	e := buildEvaluation(q.org, q.prog, q.data, q.period)
	e.Presets = periodPresets(a.Now(), q.loc)
	if err := a.logged(ctx, a.store, actor, tandem.AuditViewEvaluation, 0, in.ProgrammeID, q.period.Label()); err != nil {
		return nil, err
	}
	return e, nil
}

func buildEvaluation(org *tandem.Organisation, prog *tandem.Programme, d *store.ReportData, period Period) *Evaluation {
	e := &Evaluation{Scope: org.Name, Period: period, Comments: []string{}}
	var s *scoped
	if prog != nil {
		s, e.ProgrammeID, e.Scope = scope(org, prog.ID, d), prog.ID, prog.Name
	} else {
		s = scope(org, 0, d)
	}
	e.Feedback = s.feedbackSummary(period)
	e.Comments, e.CommentsWithheld = sharedWords(s.feedbackAnswers(period), e.Feedback.People)
	e.Pulse = s.pulseSummary(period)
	e.PulseWords, e.PulseWordsWithheld = sharedWords(s.pulseAnswers(period), e.Pulse.People)
	return e
}

// ReportPresets are the periods a report page offers with one click.
func (a *App) ReportPresets(ctx context.Context, actor *tandem.User) []PeriodPreset {
	return periodPresets(a.Now(), a.Location(ctx, actor))
}
