package main

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// demoDays is how far back the demo's story starts: the demo clock runs from
// then to now, so partnerships have a past (meetings held, agreements signed)
// and a future (meetings proposed).
const demoDays = 120

// demoStory plays the demo's partnerships forward on the demo clock through
// the same services people use: PaLS and Activate publish their matchings,
// the showcase mentor and mentee work together for four months, and other
// pairs show every state a coordinator meets.
type demoStory struct {
	a     *app.App
	clock *tandem.FixedClock
	start time.Time
	loc   *time.Location
	coord *tandem.User
}

// at moves the clock to the given day of the story, at hh:00 local time.
func (d *demoStory) at(day, hour int) {
	t := d.start.In(d.loc)
	d.clock.Set(time.Date(t.Year(), t.Month(), t.Day()+day, hour, 0, 0, 0, d.loc))
}

// local is day's hh:00 as a form would send it.
func (d *demoStory) local(day, hour int) string {
	t := d.start.In(d.loc)
	return time.Date(t.Year(), t.Month(), t.Day()+day, hour, 0, 0, 0, d.loc).Format(app.LocalLayout)
}

// people returns the two members of a partnership as actors. Imported
// participants have no password; the demo acts for them.
func people(p tandem.Partnership, orgID int64) (mentor, mentee *tandem.User) {
	return &tandem.User{ID: p.MentorID, OrgID: orgID, Name: p.MentorName, Role: tandem.RoleMember},
		&tandem.User{ID: p.MenteeID, OrgID: orgID, Name: p.MenteeName, Role: tandem.RoleMember}
}

// steps runs the demo's calls in order and stops at the first error.
type steps struct{ err error }

func (s *steps) do(what string, fn func() error) {
	if s.err == nil {
		if err := fn(); err != nil {
			s.err = fmt.Errorf("demo: %s: %w", what, err)
		}
	}
}

func ignore[T any](_ T, err error) error { return err }

func (d *demoStory) play(ctx context.Context, progs map[string]*tandem.Programme, mentorShow, menteeShow *tandem.User) error {
	s := &steps{}
	a := d.a
	// The showcase pair: pinned and published with the rest of PaLS.
	s.do("pin the showcase pair", func() error {
		var menteeMID, mentorMID int64
		ms, err := a.MyMemberships(ctx, menteeShow)
		if err != nil || len(ms) == 0 {
			return fmt.Errorf("showcase mentee has no membership: %v", err)
		}
		menteeMID = ms[0].ID
		if ms, err = a.MyMemberships(ctx, mentorShow); err != nil || len(ms) == 0 {
			return fmt.Errorf("showcase mentor has no membership: %v", err)
		}
		mentorMID = ms[0].ID
		return a.PinPair(ctx, d.coord, progs["pals"].ID, menteeMID, mentorMID)
	})
	for _, key := range []string{"pals", "activate", "one_step_beyond"} {
		s.do("publish "+key, func() error { return ignore(a.PublishMatching(ctx, d.coord, progs[key].ID)) })
	}
	if s.err != nil {
		return s.err
	}
	mine, err := a.MyPartnerships(ctx, menteeShow)
	if err != nil || len(mine) == 0 {
		return fmt.Errorf("demo: the showcase pair was not introduced: %v", err)
	}
	id := mine[0].ID
	mo, ro := mentorShow, menteeShow
	respond := func(u *tandem.User, pid int64, event, reason string) error {
		return ignore(a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: pid, Event: event, Reason: reason}))
	}
	d.at(3, 10)
	s.do("showcase confirms", func() error { return respond(mo, id, tandem.EventConfirm, "") })
	d.at(4, 9)
	s.do("showcase confirms", func() error { return respond(ro, id, tandem.EventConfirm, "") })
	d.at(5, 11)
	s.do("showcase agreement", func() error {
		return ignore(a.SaveAgreement(ctx, ro, id, map[string]string{
			"topics":          "Planning a fellowship application; choosing between two postdoc offers; building a teaching portfolio.",
			"meetings":        "Once a month for an hour, alternating between the Physics common room and video.",
			"next_meeting":    "Within two weeks: Robin will propose a time.",
			"boundaries":      "We will not discuss colleagues in either department by name.",
			"confidentiality": "What we say stays between us, except a significant and immediate risk to health or safety.",
			"contact":         "Short questions by email between meetings are welcome.",
			"conflicts":       "None: different departments, no line management.",
		}))
	})
	s.do("showcase signs", func() error { return ignore(a.SignAgreement(ctx, ro, id, 1)) })
	d.at(6, 15)
	s.do("showcase signs", func() error { return ignore(a.SignAgreement(ctx, mo, id, 1)) })
	var m1, m2 *tandem.Meeting
	s.do("showcase first meeting", func() error {
		var err error
		m1, err = a.ProposeMeeting(ctx, ro, id, app.MeetingInput{Starts: d.local(14, 14), Venue: "Physics common room", Agenda: "Fellowship options and timeline"})
		return err
	})
	s.do("showcase accepts", func() error { return ignore(a.AcceptMeeting(ctx, mo, id, m1.ID)) })
	d.at(14, 16)
	s.do("showcase meeting held", func() error { return ignore(a.ConfirmMeetingHeld(ctx, ro, id, m1.ID)) })
	var short *tandem.Goal
	s.do("showcase goals", func() error {
		var err error
		short, err = a.AddGoal(ctx, ro, id, app.GoalInput{Horizon: tandem.HorizonShort, Title: "Submit a fellowship application", Detail: "The spring round, with a strong case for support.", Progress: 40})
		if err != nil {
			return err
		}
		return ignore(a.AddGoal(ctx, ro, id, app.GoalInput{Horizon: tandem.HorizonLong, Title: "Lead my own research group", Progress: 10}))
	})
	s.do("showcase actions", func() error {
		x, err := a.AddAction(ctx, ro, id, app.ActionInput{MeetingID: m1.ID, GoalID: short.ID, Owner: tandem.Mentee, Title: "Draft the case for support", DueOn: d.local(40, 0)[:10]})
		if err != nil {
			return err
		}
		if _, err := a.AddAction(ctx, mo, id, app.ActionInput{MeetingID: m1.ID, Owner: tandem.Mentor, Title: "Share a successful application as an example", DueOn: d.local(21, 0)[:10], Status: tandem.ActionDone}); err != nil {
			return err
		}
		d.at(38, 18)
		_, err = a.SetActionStatus(ctx, ro, id, x.ID, tandem.ActionDone)
		return err
	})
	s.do("showcase notes", func() error {
		if _, err := a.AddNote(ctx, ro, id, app.NoteInput{MeetingID: m1.ID, Body: "Spring round is realistic if the draft is ready by mid-term. Morgan will share an example."}); err != nil {
			return err
		}
		return ignore(a.AddNote(ctx, ro, id, app.NoteInput{Private: true, Body: "Ask about how Morgan handled a rejected application."}))
	})
	s.do("showcase second meeting", func() error {
		var err error
		m2, err = a.ProposeMeeting(ctx, mo, id, app.MeetingInput{Starts: d.local(60, 15), VideoURL: "https://video.northfield.example/morgan", Agenda: "Read the draft together"})
		if err != nil {
			return err
		}
		return ignore(a.AcceptMeeting(ctx, ro, id, m2.ID))
	})
	d.at(60, 17)
	s.do("showcase second meeting held", func() error { return ignore(a.ConfirmMeetingHeld(ctx, mo, id, m2.ID)) })
	s.do("showcase follow-up action", func() error {
		return ignore(a.AddAction(ctx, ro, id, app.ActionInput{MeetingID: m2.ID, GoalID: short.ID, Owner: tandem.Mentee, Title: "Ask two colleagues to review the draft", DueOn: d.local(demoDays+10, 0)[:10]}))
	})
	s.do("showcase reviews", func() error {
		if _, err := a.SubmitReview(ctx, ro, id, app.ReviewInput{MeetsNeeds: tandem.NeedsMet, GoingWell: "Clear next steps after every meeting.", ToChange: "Meet a little more often before the deadline."}); err != nil {
			return err
		}
		return ignore(a.SubmitReview(ctx, mo, id, app.ReviewInput{MeetsNeeds: tandem.NeedsMet, GoingWell: "Robin comes prepared."}))
	})
	d.at(demoDays-1, 12)
	s.do("showcase next proposal", func() error {
		return ignore(a.ProposeMeeting(ctx, ro, id, app.MeetingInput{Starts: d.local(demoDays+7, 10), Venue: "Library café", Agenda: "Feedback from the two reviewers"}))
	})
	if s.err != nil {
		return s.err
	}
	if err := d.others(ctx, progs); err != nil {
		return err
	}
	return d.pulses(ctx, progs) // pulse check-ins: demo_pulse.go
}

// others gives the rest of the published pairs the states
// a coordinator meets: unconfirmed introductions, pairs meeting and not,
// a withdrawal, and a closure with feedback.
func (d *demoStory) others(ctx context.Context, progs map[string]*tandem.Programme) error {
	s, a := &steps{}, d.a
	for _, key := range []string{"activate", "one_step_beyond", "pals"} {
		ps, err := a.Partnerships(ctx, d.coord, progs[key].ID)
		if err != nil {
			return err
		}
		for i, p := range ps {
			mo, me := people(p, d.coord.OrgID)
			if p.State != tandem.PartnershipIntroduced || i%5 == 0 {
				continue // still waiting for both to confirm
			}
			d.at(2+i%4, 10)
			s.do("confirm", func() error {
				return ignore(a.RespondToPartnership(ctx, mo, app.RespondInput{PartnershipID: p.ID, Event: tandem.EventConfirm}))
			})
			s.do("confirm", func() error {
				return ignore(a.RespondToPartnership(ctx, me, app.RespondInput{PartnershipID: p.ID, Event: tandem.EventConfirm}))
			})
			if i%5 == 1 {
				continue // confirmed, but no meeting since: at risk
			}
			s.do("agreement", func() error {
				if _, err := a.SaveAgreement(ctx, me, p.ID, map[string]string{"topics": "Next steps after graduation.", "meetings": "Every six weeks."}); err != nil {
					return err
				}
				if _, err := a.SignAgreement(ctx, me, p.ID, 1); err != nil {
					return err
				}
				return ignore(a.SignAgreement(ctx, mo, p.ID, 1))
			})
			for k, day := range []int{12 + i%7, 50 + i%9} {
				if i%5 == 2 && k == 1 {
					break
				}
				var m *tandem.Meeting
				d.at(day-5, 9)
				s.do("meeting", func() error {
					var err error
					m, err = a.ProposeMeeting(ctx, me, p.ID, app.MeetingInput{Starts: d.local(day, 13), Venue: "Student union, room 2"})
					if err != nil {
						return err
					}
					return ignore(a.AcceptMeeting(ctx, mo, p.ID, m.ID))
				})
				d.at(day, 15)
				s.do("meeting held", func() error { return ignore(a.ConfirmMeetingHeld(ctx, me, p.ID, m.ID)) })
			}
			switch {
			case i == 3:
				d.at(70, 9)
				s.do("withdraw", func() error {
					return ignore(a.RespondToPartnership(ctx, mo, app.RespondInput{PartnershipID: p.ID, Event: tandem.EventWithdraw, Reason: "New teaching load this term."}))
				})
			case i == 4:
				d.at(80, 9)
				s.do("close early", func() error {
					return ignore(a.RespondToPartnership(ctx, me, app.RespondInput{PartnershipID: p.ID, Event: tandem.EventComplete, Reason: "Offer accepted."}))
				})
				d.at(82, 16)
				s.do("closure", func() error {
					if _, err := a.RecordClosure(ctx, me, p.ID, app.ClosureInput{GoalsAchieved: "Chose a graduate scheme and accepted the offer.", ToDevelop: "Negotiation.", KeepInTouch: "LinkedIn."}); err != nil {
						return err
					}
					if _, err := a.GiveFeedback(ctx, me, p.ID, app.FeedbackInput{Rating: 5, Comments: "Exactly what I needed.", Share: true}); err != nil {
						return err
					}
					return ignore(a.GiveFeedback(ctx, mo, p.ID, app.FeedbackInput{Rating: 4}))
				})
			}
		}
	}
	return s.err
}
