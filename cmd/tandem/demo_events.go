package main

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// events gives the demo its events (004): a "Being a Mentor" training that
// took place, with its attendance, and another to come with places left;
// the reverse-mentoring half-day briefing, a series of 45-minute support
// slots and a group evaluation activity; and two reverse-mentoring
// applications from mentors who attended, one of them asked for a
// conversation. The showcase mentor has booked the next training, so their
// reverse-mentoring join form still names what is missing.
func (d *demoStory) events(ctx context.Context, progs map[string]*tandem.Programme, mentorShow *tandem.User) error {
	s := &steps{}
	a, c := d.a, d.coord
	// Events fall on working days: from day n of the story, the first one.
	weekday := func(n int) int {
		for t := d.start.In(d.loc).AddDate(0, 0, n); t.Weekday() == time.Saturday || t.Weekday() == time.Sunday; t = t.AddDate(0, 0, 1) {
			n++
		}
		return n
	}
	rev := progs["reverse"]
	var mentors []*tandem.User
	var profiles []tandem.Profile
	s.do("list mentors", func() error {
		for _, key := range []string{"pals", "activate"} {
			ms, err := a.Participants(ctx, c, progs[key].ID, tandem.MembershipFilter{Role: tandem.Mentor, Status: tandem.MemberApproved})
			if err != nil {
				return err
			}
			for _, m := range ms {
				if m.UserID != mentorShow.ID && len(mentors) < 10 {
					mentors = append(mentors, &tandem.User{ID: m.UserID, OrgID: c.OrgID, Name: m.UserName, Email: m.UserEmail, Role: tandem.RoleMember})
					profiles = append(profiles, *m.Profile)
				}
			}
		}
		if len(mentors) < 10 {
			return fmt.Errorf("only %d mentors to book events", len(mentors))
		}
		return nil
	})
	training := func(day int, capacity int) app.EventInput {
		return app.EventInput{Kind: tandem.EventTraining, Title: "Being a Mentor", Starts: d.local(day, 14), Minutes: 180, Place: "Senate Room, Main Building",
			Capacity: capacity, Audience: tandem.AudienceEveryone,
			Description: "What mentoring is and is not, the first meetings, boundaries and confidentiality, and where to turn for support. Required before applying to be a reverse mentor."}
	}
	book := func(e **tandem.Event, who []*tandem.User) {
		for _, u := range who {
			s.do("book "+(*e).Title, func() error { return ignore(a.Book(ctx, u, (*e).ID)) })
		}
	}

	// A training that took place on day 20: eight booked, six came.
	var past *tandem.Event
	d.at(12, 9)
	s.do("arrange the past training", func() (err error) { past, err = a.CreateEvent(ctx, c, training(weekday(20), 16)); return err })
	if s.err != nil {
		return s.err
	}
	book(&past, mentors[:8])
	d.at(weekday(20), 17)
	s.do("record attendance", func() error {
		var came []int64
		for _, u := range mentors[:6] {
			came = append(came, u.ID)
		}
		return ignore(a.RecordAttendance(ctx, c, past.ID, came))
	})

	// Two who attended apply to be reverse mentors; the coordinator asks one for a conversation.
	d.at(demoDays-6, 11)
	for i, text := range []string{
		"I came to Northfield as a first-generation student and now work in the library's digital team. I would like to share what that path looks like from the inside.",
		"As a disabled member of staff I have learnt a great deal about how our buildings and meetings work, or do not, for people like me. I am glad to share it.",
	} {
		s.do("apply to reverse mentoring", func() error {
			return ignore(a.Join(ctx, mentors[i], app.JoinInput{ProgrammeID: rev.ID, Roles: []string{tandem.Mentor}, Profile: profiles[i], Capacity: 1, Application: text}))
		})
	}
	d.at(demoDays-3, 10)
	s.do("ask for a conversation", func() error {
		ms, err := a.Participants(ctx, c, rev.ID, tandem.MembershipFilter{Status: tandem.MemberPending})
		if err != nil || len(ms) == 0 {
			return fmt.Errorf("no application waiting: %v", err)
		}
		return ignore(a.DecideApplication(ctx, c, rev.ID, ms[len(ms)-1].ID, app.DecisionInput{Decision: tandem.DecisionConversation,
			Message: "Thank you for applying. Could we have twenty minutes next week to talk about the time it takes?"}))
	})

	// What is still to come.
	d.at(demoDays-1, 9)
	var next, briefing *tandem.Event
	var slots []tandem.Event
	s.do("arrange the next training", func() (err error) { next, err = a.CreateEvent(ctx, c, training(weekday(demoDays+9), 12)); return err })
	s.do("arrange the briefing", func() (err error) {
		briefing, err = a.CreateEvent(ctx, c, app.EventInput{ProgrammeID: rev.ID, Kind: tandem.EventBriefing, Title: "Reverse mentoring briefing",
			Starts: d.local(weekday(demoDays+14), 9), Minutes: 240, Place: "Council Room, Main Building", URL: "https://meet.northfield.example/reverse-briefing",
			Capacity: 20, Audience: tandem.AudienceMembers,
			Description: "A half-day group briefing for reverse mentors and their mentees: the aims of the scheme, power differentials, creating a safe space."})
		return err
	})
	s.do("arrange support slots", func() (err error) {
		slots, err = a.CreateSupportSlots(ctx, c, app.SlotsInput{EventInput: app.EventInput{ProgrammeID: rev.ID, Title: "Reverse mentoring support session",
			Starts: d.local(weekday(demoDays+4), 10), Place: "Room 2.14, Student Centre", URL: "https://meet.northfield.example/support", Audience: tandem.AudienceEveryone,
			HostID: c.ID, Description: "45 minutes with a member of the reverse mentoring team: your experience of the scheme, a challenge, or questions before you apply."},
			Count: 6, GapMinutes: 15})
		return err
	})
	s.do("arrange the evaluation", func() error {
		return ignore(a.CreateEvent(ctx, c, app.EventInput{ProgrammeID: rev.ID, Kind: tandem.EventEvaluation, Title: "Reverse mentoring: group evaluation",
			Starts: d.local(weekday(demoDays+40), 14), Minutes: 120, Place: "Council Room, Main Building", Capacity: 30, Audience: tandem.AudienceMembers,
			Description: "Together, what worked and what to change for next year's scheme."}))
	})
	if s.err != nil {
		return s.err
	}
	book(&next, append([]*tandem.User{mentorShow}, mentors[6:10]...))
	book(&briefing, mentors[:2])
	s.do("book a support slot", func() error { return ignore(a.Book(ctx, mentors[1], slots[1].ID)) })
	return s.err
}
