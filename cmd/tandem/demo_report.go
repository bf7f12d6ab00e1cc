package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// The demo's history: earlier cohorts of PaLS and Activate, played through
// the services on the demo clock before the demo's own story starts, so the
// report for stakeholders has figures in this period and the one before
// (both at least five people): applicants matched, agreements signed,
// meetings held, partnerships closed with their closing record and
// feedback (some sharing their words, some not), and mentees who went on to
// mentor. Every person is invented.

var (
	historyFirst = []string{"Alba", "Beck", "Cosmo", "Delphine", "Emeric", "Fenna", "Gideon", "Hollis", "Isolde", "Jarrah", "Kestrel", "Linnea", "Marius", "Nell", "Orla", "Piers", "Roisin", "Silas", "Tova", "Vesna", "Wilder", "Ysolde", "Zoltan"}
	historyLast  = []string{"Ashdown", "Brightwater", "Coldridge", "Dunstable", "Eastleigh", "Fernhill", "Greyfriars", "Holloway", "Inchcape", "Juniper", "Kettering", "Larkspur", "Mossgiel", "Nettlefold"}
	historyWords = []string{
		"Having someone outside my department to talk to made a real difference.",
		"My mentor helped me plan the next two years and stick to the plan.",
		"I came away with a clear plan for my fellowship application.",
		"Good to give something back; I learnt as much as my mentee did.",
		"The agreement at the start set the tone: we both knew what to expect.",
		"I would have liked more structure in the second half of the year.",
		"Meeting every six weeks was about right.",
		"It gave me the confidence to apply for a promotion.",
		"Hearing how someone else handled a rejection helped more than any workshop.",
		"We drifted a little over the summer; a reminder would have helped.",
		"The question prompts were useful for the first two meetings.",
		"I now have a network outside my own faculty.",
		"A supportive challenger, exactly as promised.",
		"Practical advice on teaching load and saying no.",
	}
)

var pulseWords = []string{"Steady progress.", "Busy term, but worth it.", "Finding our rhythm.", "Really useful so far.", "Hard to find time to meet."}

// cohort is one earlier intake of a programme and how it went.
type cohort struct {
	key              string
	day              int // when they joined, in days from the story's start (negative: before it)
	mentees, mentors int
	menteeStages     []string
	mentorStages     []string
	meetEvery        int   // days between meetings
	early            int   // pairs that end early, goals met,
	earlyAfter       []int // after these days (taken in turn)
	becomeMentors    int   // mentees who later apply to mentor here
}

var demoCohorts = []cohort{
	{key: "pals", day: -540, mentees: 14, mentors: 8, menteeStages: []string{"postdoc", "early_career"}, mentorStages: []string{"senior_lecturer", "professor"},
		meetEvery: 60, early: 10, earlyAfter: []int{245, 330}, becomeMentors: 12},
	{key: "activate", day: -570, mentees: 12, mentors: 12, menteeStages: []string{"undergraduate", "postgraduate"}, mentorStages: []string{"lecturer", "senior_lecturer", "professor"},
		meetEvery: 35, early: 4, earlyAfter: []int{115}, becomeMentors: 5},
	{key: "activate", day: -210, mentees: 12, mentors: 10, menteeStages: []string{"undergraduate", "postgraduate", "phd"}, mentorStages: []string{"lecturer", "senior_lecturer", "professor"},
		meetEvery: 35, early: 4, earlyAfter: []int{105}, becomeMentors: 5},
}

// history plays the earlier cohorts one after the other and leaves the
// clock at the story's start. It runs before the demo's own participants
// join, so each cohort's matching sees that cohort alone.
func (d *demoStory) history(ctx context.Context, progs map[string]*tandem.Programme) error {
	rng := rand.New(rand.NewPCG(7, 2026))
	seq := 0
	for _, c := range demoCohorts {
		if err := d.playCohort(ctx, progs[c.key], c, rng, &seq); err != nil {
			return fmt.Errorf("demo history, %s: %w", c.key, err)
		}
	}
	d.clock.Set(d.start)
	return nil
}

func (d *demoStory) playCohort(ctx context.Context, prog *tandem.Programme, c cohort, rng *rand.Rand, seq *int) error {
	a, s := d.a, &steps{}
	var csv strings.Builder
	csv.WriteString("email,name,role,department,career_stage,topics,expertise,goals,background,meeting_mode,languages\n")
	for i := 0; i < c.mentees+c.mentors; i++ {
		role, stages := "mentee", c.menteeStages
		if i >= c.mentees {
			role, stages = "mentor", c.mentorStages
		}
		first, last := historyFirst[*seq%len(historyFirst)], historyLast[(*seq/len(historyFirst)+*seq)%len(historyLast)]
		*seq++
		t1, t2 := demoTopics[rng.IntN(len(demoTopics))], demoTopics[rng.IntN(len(demoTopics))]
		fmt.Fprintf(&csv, "%s.%s.%d@northfield.example,%s %s,%s,%s,%s,\"%s, %s\",%s,\"Grow in %s\",\"Years of work in %s\",either,English\n",
			strings.ToLower(first), strings.ToLower(last), *seq, first, last, role, demoDepartments[rng.IntN(len(demoDepartments))],
			stages[rng.IntN(len(stages))], t1, t2, t2, t1, t2)
	}
	d.at(c.day, 10)
	if res, err := a.ImportParticipants(ctx, d.coord, prog.ID, strings.NewReader(csv.String())); err != nil {
		if res != nil && len(res.Errors) > 0 {
			return fmt.Errorf("import line %d: %s", res.Errors[0].Line, res.Errors[0].Message)
		}
		return err
	}
	d.at(c.day+2, 11)
	pairs, err := a.PublishMatching(ctx, d.coord, prog.ID)
	if err != nil {
		return err
	}
	d.at(c.day+5, 10)
	var termEnds time.Time
	for i, p := range pairs {
		mo, me := people(p, d.coord.OrgID)
		for _, u := range []*tandem.User{mo, me} {
			s.do("confirm", func() error {
				v, err := a.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: p.ID, Event: tandem.EventConfirm})
				if err == nil && v.TermEndsAt != nil {
					termEnds = *v.TermEndsAt
				}
				return err
			})
		}
		if i%7 == 6 {
			continue // this pair never signs its agreement
		}
		s.do("agreement", func() error {
			if _, err := a.SaveAgreement(ctx, me, p.ID, map[string]string{"topics": "Career next steps.", "meetings": "Every few weeks."}); err != nil {
				return err
			}
			if _, err := a.SignAgreement(ctx, me, p.ID, 1); err != nil {
				return err
			}
			return ignore(a.SignAgreement(ctx, mo, p.ID, 1))
		})
		for g := range 2 {
			s.do("goal", func() error {
				return ignore(a.AddGoal(ctx, me, p.ID, app.GoalInput{Horizon: tandem.HorizonShort, Title: fmt.Sprintf("Goal %d", g+1), Progress: 10}))
			})
		}
	}
	if s.err != nil {
		return s.err
	}
	// What follows happens on many days; each event is kept with its day
	// and they are played in order, so the clock only moves forward.
	type event struct {
		day int
		fn  func()
	}
	var events []event
	on := func(day int, fn func()) { events = append(events, event{day, fn}) }
	endDay := func(i int) int { // when pair i ends
		if i < c.early {
			return c.day + c.earlyAfter[i%len(c.earlyAfter)]
		}
		return c.day + 5 + int(termEnds.Sub(d.clock.Now()).Hours()/24) - 15
	}
	closeDay := endDay(len(pairs))
	for day := c.day + 5 + c.meetEvery/2; day < closeDay; day += c.meetEvery {
		var held [][2]int64
		on(day-4, func() {
			d.at(day-4, 9)
			for i, p := range pairs {
				if day >= endDay(i) || rng.IntN(8) == 0 {
					continue // ended early, or a missed meeting
				}
				mo, me := people(p, d.coord.OrgID)
				s.do("meeting", func() error {
					m, err := a.ProposeMeeting(ctx, me, p.ID, app.MeetingInput{Starts: d.local(day, 13), Venue: "Staff common room"})
					if err != nil {
						return err
					}
					held = append(held, [2]int64{p.ID, m.ID})
					return ignore(a.AcceptMeeting(ctx, mo, p.ID, m.ID))
				})
			}
		})
		on(day, func() {
			d.at(day, 16)
			for _, h := range held {
				s.do("meeting held", func() error { return ignore(a.ConfirmMeetingHeld(ctx, d.pairMember(pairs, h[0]), h[0], h[1])) })
			}
		})
	}
	// Pulse check-ins, a few days after each round opens, while the pair lasts.
	for day := c.day + 5 + tandem.PulseFirstAfterDays + 4; day < closeDay; day += tandem.PulseEveryDays {
		on(day, func() {
			d.at(day, 18)
			for i, p := range pairs {
				if day >= endDay(i) {
					continue
				}
				mo, me := people(p, d.coord.OrgID)
				for k, u := range []*tandem.User{me, mo} {
					if rng.IntN(6) == 0 {
						continue // not answered this time
					}
					in := app.PulseInput{Score: []int{5, 4, 4, 4, 3, 5, 3, 2}[rng.IntN(8)]}
					if (i+k)%4 == 0 {
						in.Word, in.Share = pulseWords[rng.IntN(len(pulseWords))], (i+k)%8 == 0
					}
					s.do("pulse", func() error { return ignore(a.SubmitPulse(ctx, u, p.ID, in)) })
				}
			}
		})
	}
	for i, p := range pairs {
		event := tandem.EventClose
		if i < c.early {
			event = tandem.EventComplete
		}
		d.closePair(ctx, s, on, p, i, endDay(i), event, rng)
		// Some mentees come back to mentor, the early finishers first.
		if i < c.becomeMentors {
			day := endDay(i) + 20
			on(day, func() {
				d.at(day, 12)
				_, me := people(p, d.coord.OrgID)
				stage := map[string]string{"activate": "postgraduate"}[c.key]
				if stage == "" {
					stage = "early_career"
				}
				prof := tandem.Profile{Department: demoDepartments[int(p.MenteeID)%len(demoDepartments)], CareerStage: stage, Topics: []string{"career planning"},
					Expertise: []string{"career planning"}, MeetingMode: tandem.ModeEither, Languages: []string{"English"}}
				s.do("mentee becomes a mentor", func() error {
					return ignore(a.Join(ctx, me, app.JoinInput{ProgrammeID: prog.ID, Roles: []string{tandem.Mentor}, Profile: prof}))
				})
			})
		}
		// Once the cohort is done, its mentees and mentors leave the pool, so
		// a later matching does not pair them again.
		on(closeDay+10, func() {
			d.at(closeDay+10, 9)
			mo, me := people(p, d.coord.OrgID)
			s.do("leave the mentee pool", func() error { return a.Withdraw(ctx, me, prog.ID, p.MenteeMembershipID) })
			s.do("leave the mentor pool", func() error { return a.Withdraw(ctx, mo, prog.ID, p.MentorMembershipID) })
		})
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].day < events[j].day })
	for _, e := range events {
		e.fn()
	}
	return s.err
}

// closePair ends a pair on day with event (goals met early, or closing at
// the term's end), then records the closing conversation and both members'
// feedback (most share their words, some keep them to themselves).
func (d *demoStory) closePair(ctx context.Context, s *steps, on func(int, func()), p tandem.Partnership, i, day int, event string, rng *rand.Rand) {
	a := d.a
	mo, me := people(p, d.coord.OrgID)
	on(day, func() {
		d.at(day, 10)
		s.do("close", func() error {
			return ignore(a.RespondToPartnership(ctx, me, app.RespondInput{PartnershipID: p.ID, Event: event}))
		})
		s.do("goals at closure", func() error {
			w, err := a.WorkspaceOf(ctx, me, p.ID)
			if err != nil {
				return err
			}
			for k, g := range w.Goals {
				if k == 0 || event == tandem.EventComplete || rng.IntN(2) == 0 {
					if _, err := a.UpdateGoal(ctx, me, p.ID, g.ID, app.GoalInput{Horizon: g.Horizon, Title: g.Title, Progress: 100, Status: tandem.GoalAchieved}); err != nil {
						return err
					}
				}
			}
			return nil
		})
	})
	on(day+3, func() {
		d.at(day+3, 15)
		s.do("closure", func() error {
			return ignore(a.RecordClosure(ctx, me, p.ID, app.ClosureInput{GoalsAchieved: "What we set out to do, mostly.", KeepInTouch: "Email now and then."}))
		})
	})
	on(day+4, func() {
		d.at(day+4, 11)
		for k, u := range []*tandem.User{me, mo} {
			rating := []int{5, 5, 4, 4, 4, 3, 5, 2}[rng.IntN(8)]
			share, words := (i+k)%3 != 2, historyWords[rng.IntN(len(historyWords))]
			s.do("feedback", func() error {
				return ignore(a.GiveFeedback(ctx, u, p.ID, app.FeedbackInput{Rating: rating, Comments: words, Share: share}))
			})
		}
	})
}

// pairMember is a pair's mentee as an actor.
func (d *demoStory) pairMember(pairs []tandem.Partnership, id int64) *tandem.User {
	for _, p := range pairs {
		if p.ID == id {
			_, me := people(p, d.coord.OrgID)
			return me
		}
	}
	return nil
}
