package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

type programmeData struct {
	Programme *tandem.Programme
	Mine      []tandem.Membership
	CanRun    bool
	Counts    map[string]int
	Templates []tandem.ProgrammeTemplate
	Prompts   []tandem.PromptStage
	Open      bool
	// Missing lists the prerequisites the person has not met yet, with
	// where to meet them (the join form); Talks the coordinator's latest
	// request for a conversation about each pending application of theirs.
	Missing []app.MissingPrerequisite
	Talks   map[int64]*tandem.ApplicationDecision
}

// joinData is the join form's data: the programme and what is missing.
func (s *Server) joinData(r *http.Request, p *tandem.Programme) (programmeData, error) {
	d := programmeData{Programme: p}
	for _, role := range []string{tandem.Mentor, tandem.Mentee} {
		ms, err := s.app.MissingPrerequisites(r.Context(), currentUser(r), p.ID, role)
		if err != nil {
			return d, err
		}
		d.Missing = append(d.Missing, ms...)
	}
	return d, nil
}

func (s *Server) programmes(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	list, err := s.app.ListProgrammes(r.Context(), currentUser(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "programmes", page{Title: "Programmes", Data: list})
}

func (s *Server) newProgrammeForm(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	if !currentUser(r).CanCreateProgrammes() {
		s.renderError(w, r, http.StatusForbidden, "Only coordinators and admins can create programmes. Ask your organisation's admin to make you a coordinator.")
		return
	}
	s.render(w, r, "programme_new", page{Title: "New programme", Data: tandem.Templates()})
}

func (s *Server) createProgramme(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	p, err := s.app.CreateProgramme(r.Context(), currentUser(r), app.CreateProgrammeInput{
		Template: r.PostFormValue("template"), Name: r.PostFormValue("name"),
	})
	if err != nil {
		s.formFail(w, r, "programme_new", page{Title: "New programme", Data: tandem.Templates()}, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10)+"/edit",
		p.Name+" is created from its template. Check the settings below and save.")
}

func (s *Server) loadProgramme(w http.ResponseWriter, r *http.Request) (*tandem.Programme, bool) {
	if s.requireSignIn(w, r) {
		return nil, false
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	p, err := s.app.Programme(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return p, true
}

func (s *Server) programme(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	s.showProgramme(w, r, p, http.StatusOK, page{})
}

// showProgramme renders the programme page with pg's form state (a refused
// availability form comes back filled in).
func (s *Server) showProgramme(w http.ResponseWriter, r *http.Request, p *tandem.Programme, status int, pg page) {
	u := currentUser(r)
	ms, err := s.app.MyMemberships(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := programmeData{Programme: p, CanRun: s.app.CanCoordinate(r.Context(), u, p), Open: p.IsOpen(s.app.Now())}
	for _, m := range ms {
		if m.ProgrammeID == p.ID {
			d.Mine = append(d.Mine, m)
		}
	}
	if talks, err := s.app.MyApplicationDecisions(r.Context(), u, p.ID); err == nil {
		d.Talks = latestTalks(talks)
	}
	if d.CanRun {
		d.Counts, err = s.app.ParticipantCounts(r.Context(), u, p.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	pg.Title, pg.Data = p.Name, d
	s.renderStatus(w, r, status, "programme", pg)
}

// programmeValues fills the edit form from a programme.
func programmeValues(p *tandem.Programme) url.Values {
	b := func(v bool) string {
		if v {
			return "on"
		}
		return ""
	}
	v := url.Values{
		"name": {p.Name}, "description": {p.Description}, "contact_email": {p.ContactEmail},
		"intake":    {map[bool]string{true: "rolling", false: "dates"}[p.RollingIntake]},
		"starts_on": {isoDate(p.StartsOn)}, "ends_on": {isoDate(p.EndsOn)},
		"term_months": {strconv.Itoa(p.TermMonths)}, "renewable": {b(p.Renewable)},
		"min_meetings": {strconv.Itoa(p.Cadence.MinMeetings)}, "max_meetings": {strconv.Itoa(p.Cadence.MaxMeetings)},
		"max_gap_days": {strconv.Itoa(p.Cadence.MaxGapDays)}, "cadence_text": {p.Cadence.Text},
		"meeting_minutes": {strconv.Itoa(p.MeetingMinutes)}, "review_every_weeks": {strconv.Itoa(p.ReviewEveryWeeks)},
		"mentor_min_stage": {p.MentorMinStage}, "mentor_max_stage": {p.MentorMaxStage},
		"mentee_min_stage": {p.MenteeMinStage}, "mentee_max_stage": {p.MenteeMaxStage},
		"mentor_eligibility": {p.MentorEligibility}, "mentee_eligibility": {p.MenteeEligibility},
		"seniority": {p.Seniority}, "different_department": {b(p.DifferentDepartment)},
		"mentor_capacity": {strconv.Itoa(p.MentorCapacity)}, "matching_mode": {p.MatchingMode},
		"uses_characteristics": {b(p.UsesCharacteristics)}, "requires_approval": {b(p.RequiresApproval)},
		"archived": {b(p.Archived)},
		"w_topics": {strconv.Itoa(p.Weights.Topics)}, "w_goals": {strconv.Itoa(p.Weights.Goals)}, "w_stage": {strconv.Itoa(p.Weights.Stage)},
		"w_mode": {strconv.Itoa(p.Weights.Mode)}, "w_availability": {strconv.Itoa(p.Weights.Availability)}, "w_language": {strconv.Itoa(p.Weights.Language)},
	}
	for _, q := range p.Prerequisites {
		switch q.Kind {
		case tandem.PrereqRegisteredMentor:
			v.Add("prereq_registered_"+q.Role, "on")
		case tandem.PrereqAttendedEvent:
			v.Set("prereq_event_"+q.Role, strings.TrimSpace(v.Get("prereq_event_"+q.Role)+"\n"+q.Event))
		}
	}
	for _, sec := range p.AgreementTemplate {
		v.Add("section_title", sec.Title)
		v.Add("section_prompt", sec.Prompt)
		v.Add("section_key", sec.Key)
	}
	return v
}

func isoDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

// programmeFromForm applies the edit form to a copy of cur. Numbers that do
// not parse become -1 so validation names the field.
func programmeFromForm(r *http.Request, cur tandem.Programme) tandem.Programme {
	f := r.PostFormValue
	num := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f(name)))
		if err != nil {
			return -1
		}
		return n
	}
	date := func(name string) *time.Time {
		t, err := time.Parse("2006-01-02", f(name))
		if err != nil {
			return nil
		}
		return &t
	}
	p := cur
	p.Name, p.Description, p.ContactEmail = f("name"), strings.TrimSpace(f("description")), f("contact_email")
	p.RollingIntake = f("intake") != "dates"
	p.StartsOn, p.EndsOn = date("starts_on"), date("ends_on")
	p.TermMonths, p.Renewable = num("term_months"), f("renewable") == "on"
	p.Cadence = tandem.Cadence{MinMeetings: num("min_meetings"), MaxMeetings: num("max_meetings"), MaxGapDays: num("max_gap_days"), Text: strings.TrimSpace(f("cadence_text"))}
	p.MeetingMinutes, p.ReviewEveryWeeks = num("meeting_minutes"), num("review_every_weeks")
	p.MentorMinStage, p.MentorMaxStage = f("mentor_min_stage"), f("mentor_max_stage")
	p.MenteeMinStage, p.MenteeMaxStage = f("mentee_min_stage"), f("mentee_max_stage")
	p.MentorEligibility, p.MenteeEligibility = strings.TrimSpace(f("mentor_eligibility")), strings.TrimSpace(f("mentee_eligibility"))
	p.Seniority, p.DifferentDepartment = f("seniority"), f("different_department") == "on"
	p.MentorCapacity, p.MatchingMode = num("mentor_capacity"), f("matching_mode")
	p.UsesCharacteristics, p.RequiresApproval = f("uses_characteristics") == "on", f("requires_approval") == "on"
	p.Archived = f("archived") == "on"
	p.Weights = tandem.MatchWeights{Topics: num("w_topics"), Goals: num("w_goals"), Stage: num("w_stage"),
		Mode: num("w_mode"), Availability: num("w_availability"), Language: num("w_language")}
	p.Prerequisites = nil
	for _, role := range []string{tandem.Mentor, tandem.Mentee} {
		if f("prereq_registered_"+role) == "on" {
			p.Prerequisites = append(p.Prerequisites, tandem.Prerequisite{Role: role, Kind: tandem.PrereqRegisteredMentor})
		}
		for _, ev := range app.Lines(f("prereq_event_" + role)) {
			p.Prerequisites = append(p.Prerequisites, tandem.Prerequisite{Role: role, Kind: tandem.PrereqAttendedEvent, Event: ev})
		}
	}
	titles, prompts, keys := r.PostForm["section_title"], r.PostForm["section_prompt"], r.PostForm["section_key"]
	p.AgreementTemplate = nil
	for i, title := range titles {
		title = strings.TrimSpace(title)
		prompt := ""
		if i < len(prompts) {
			prompt = strings.TrimSpace(prompts[i])
		}
		if title == "" && prompt == "" {
			continue // an emptied section is removed
		}
		key := ""
		if i < len(keys) {
			key = keys[i]
		}
		if key == "" {
			key = tandem.Slug(title)
		}
		p.AgreementTemplate = append(p.AgreementTemplate, tandem.AgreementSection{Key: key, Title: title, Prompt: prompt})
	}
	return p
}

func (s *Server) editProgrammeForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	if !s.app.CanCoordinate(r.Context(), currentUser(r), p) {
		s.renderError(w, r, http.StatusForbidden, "Only this programme's coordinators can change its settings.")
		return
	}
	s.render(w, r, "programme_edit", page{Title: "Edit " + p.Name, Form: programmeValues(p), Data: programmeData{Programme: p}})
}

func (s *Server) updateProgramme(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	in := programmeFromForm(r, *p)
	saved, err := s.app.UpdateProgramme(r.Context(), currentUser(r), in)
	if err != nil {
		s.formFail(w, r, "programme_edit", page{Title: "Edit " + p.Name, Data: programmeData{Programme: p}}, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(saved.ID, 10), "The programme's settings are saved.")
}

func (s *Server) joinForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	u := currentUser(r)
	prof, err := s.app.MyProfile(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := profileValues(u, prof)
	if role := r.URL.Query().Get("role"); role == tandem.Mentor || role == tandem.Mentee {
		v.Set("roles", role)
	}
	v.Set("capacity", strconv.Itoa(p.MentorCapacity))
	d, err := s.joinData(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "join", page{Title: "Join " + p.Name, Form: v, Data: d})
}

func (s *Server) join(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	capacity, _ := strconv.Atoi(r.PostFormValue("capacity"))
	res, err := s.app.Join(r.Context(), currentUser(r), app.JoinInput{
		ProgrammeID: p.ID, Roles: r.PostForm["roles"], Profile: profileFromForm(r),
		Capacity: capacity, Application: r.PostFormValue("application"),
	})
	if err != nil {
		d, derr := s.joinData(r, p)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formFail(w, r, "join", page{Title: "Join " + p.Name, Data: d}, err)
		return
	}
	msg := "You have joined " + p.Name + "."
	for _, m := range res.Memberships {
		if m.Status == tandem.MemberPending {
			msg = "Your application to " + p.Name + " is with the coordinator, who will let you know."
		}
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10), msg)
}

func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProgramme(w, r)
	if !ok {
		return
	}
	mid, err := pathID(r, "mid")
	if err == nil {
		err = s.app.Withdraw(r.Context(), currentUser(r), p.ID, mid)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10), "You have withdrawn. You can join again at any time.")
}

// latestTalks keeps, for each application, the latest decision if it was a
// request for a conversation (decisions come newest first).
func latestTalks(ds []tandem.ApplicationDecision) map[int64]*tandem.ApplicationDecision {
	out, seen := map[int64]*tandem.ApplicationDecision{}, map[int64]bool{}
	for i, d := range ds {
		if !seen[d.MembershipID] && d.Decision == tandem.DecisionConversation {
			out[d.MembershipID] = &ds[i]
		}
		seen[d.MembershipID] = true
	}
	return out
}
