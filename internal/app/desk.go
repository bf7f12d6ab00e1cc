package app

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// Dashboard is one programme at a glance for its coordinators (003: monitor
// and review, keep the database, run matching and reassignments): counts,
// dates, states and names, never what a pair wrote.
type Dashboard struct {
	Programme    *tandem.Programme
	AsOf         time.Time
	Applicants   int               // applications waiting for a decision
	Unmatched    []UnmatchedPerson // in WhyOrder, then by name
	UnmatchedWhy []WhyCount        // the same, counted by reason
	States       []StateCount      // every partnership state, in the order of the life cycle
	AtRisk       []PairAtRisk      // most risks first
	RiskCounts   []RiskCount       // pairs per risk, every kind
	OpenConcerns int
	Meetings     MeetingsExpected
	Workload     Workload
	EndedTerms   int // active partnerships past their term's end: "close all ended terms"
	// Upcoming are the next events the programme's people may book (its own
	// and the organisation's), a series of support slots shown once.
	Upcoming []UpcomingEvent
}

// UpcomingEvent is an event still to come; for a series of 1-to-1 support
// slots, the first slot still to come stands for the series.
type UpcomingEvent struct {
	tandem.Event
	Slots       int // support slots still to come in the series (0 for other events)
	SlotsBooked int
}

// deskEvents is how many upcoming events the desk lists.
const deskEvents = 5

// upcomingOnDesk folds each series of support slots into one line and keeps
// the first deskEvents lines, soonest first.
func upcomingOnDesk(es []tandem.Event) []UpcomingEvent {
	var out []UpcomingEvent
	series := map[int64]int{} // series id -> index in out
	for _, e := range es {
		if e.Kind == tandem.EventSupport {
			id := e.SeriesID
			if id == 0 {
				id = e.ID
			}
			if i, ok := series[id]; ok {
				out[i].Slots++
				out[i].SlotsBooked += min(e.Booked, e.Capacity)
				continue
			}
			series[id] = len(out)
			out = append(out, UpcomingEvent{Event: e, Slots: 1, SlotsBooked: min(e.Booked, e.Capacity)})
			continue
		}
		out = append(out, UpcomingEvent{Event: e})
	}
	if len(out) > deskEvents {
		out = out[:deskEvents]
	}
	return out
}

// Why a person in a programme has no partnership, in the order the desk lists them.
const (
	WhyApproval  = "approval"  // the application waits for the coordinator
	WhyRematch   = "rematch"   // their introduction was declined, or the partnership withdrawn
	WhyNoMentor  = "no_mentor" // no mentor the rules allow has room
	WhyReady     = "ready"     // allowed mentors have room: the next matching run places them
	WhyShortlist = "shortlist" // mentee-chooses programmes: picking from the shortlist
	WhyPaused    = "paused"    // a mentor who paused new introductions
	WhyNoMentee  = "no_mentee" // a mentor with room, no mentee yet
)

// WhyOrder is the order of the reasons.
var WhyOrder = []string{WhyApproval, WhyRematch, WhyNoMentor, WhyReady, WhyShortlist, WhyPaused, WhyNoMentee}

// WhyLabel names a reason as a heading.
func WhyLabel(why string) string {
	return map[string]string{
		WhyApproval:  "Waiting for approval",
		WhyRematch:   "Waiting for a rematch",
		WhyNoMentor:  "No eligible mentor with room",
		WhyReady:     "Ready for the next matching run",
		WhyShortlist: "Choosing from their shortlist",
		WhyPaused:    "Mentor paused",
		WhyNoMentee:  "Mentor waiting for a mentee",
	}[why]
}

// UnmatchedPerson is a membership with no live partnership, and why.
type UnmatchedPerson struct {
	MembershipID int64
	UserID       int64
	Name         string
	Role         string
	Since        time.Time // joined, or when their last partnership ended
	Why          string    // one of the Why* reasons
	Reason       string    // the reason in words, from the matching rules
}

// WhyCount counts unmatched people for one reason.
type WhyCount struct {
	Why   string
	Label string
	N     int
}

// StateCount counts partnerships in one state.
type StateCount struct {
	State string
	Label string
	N     int
}

// PairAtRisk is a live partnership with at least one risk.
type PairAtRisk struct {
	PartnershipID int64
	MentorName    string
	MenteeName    string
	State         string
	Risks         []Risk
}

// RiskCount counts the pairs with one risk.
type RiskCount struct {
	Kind mail.Risk
	Name string
	N    int
}

// MeetingsExpected sets the meetings held this term by the active pairs
// against what the programme's cadence expects by now: its meetings per
// term, prorated by how far into its term each pair is.
type MeetingsExpected struct {
	Pairs       int     // active pairs counted
	Held        int     // meetings they held this term
	ExpectedMin float64 // by now; 0 when the cadence sets no minimum
	ExpectedMax float64 // by now; 0 when it sets no maximum
	Behind      int     // pairs below their own prorated minimum
	PerTermMin  int
	PerTermMax  int
}

// PairsPerDay is the 003 estimate: one full day a week coordinates about 20 pairs.
const PairsPerDay = 20

// Workload estimates the coordinator's time from the pairs in hand.
type Workload struct {
	LivePairs   int
	DaysPerWeek float64 // to one decimal
}

// WorkloadFor applies the 003 estimate to a number of live pairs.
func WorkloadFor(livePairs int) Workload {
	return Workload{LivePairs: livePairs, DaysPerWeek: math.Round(float64(livePairs)*10/PairsPerDay) / 10}
}

// String reads "34 live pairs ≈ 1.7 days a week".
func (w Workload) String() string {
	pairs := "live pairs"
	if w.LivePairs == 1 {
		pairs = "live pair"
	}
	days := strings.TrimSuffix(fmt.Sprintf("%.1f", w.DaysPerWeek), ".0")
	unit := "days"
	if days == "1" {
		unit = "day"
	}
	return fmt.Sprintf("%d %s \u2248 %s %s a week", w.LivePairs, pairs, days, unit)
}

// ProgrammeDashboard returns the desk of a programme; its coordinators and
// the organisation's admins only. Reading it is audited: it names people.
func (a *App) ProgrammeDashboard(ctx context.Context, actor *tandem.User, programmeID int64) (*Dashboard, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	st, now := a.store, a.Now()
	d := &Dashboard{Programme: p, AsOf: now}
	ps, err := st.ProgrammePartnerships(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if d.Unmatched, err = unmatchedPeople(ctx, st, p, ps); err != nil {
		return nil, err
	}
	for _, why := range WhyOrder {
		n := 0
		for _, u := range d.Unmatched {
			if u.Why == why {
				n++
			}
		}
		if n > 0 {
			d.UnmatchedWhy = append(d.UnmatchedWhy, WhyCount{Why: why, Label: WhyLabel(why), N: n})
		}
	}
	counts, err := st.MembershipCounts(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	d.Applicants = counts[tandem.Mentor+"/"+tandem.MemberPending] + counts[tandem.Mentee+"/"+tandem.MemberPending]

	byState := map[string]int{}
	live := 0
	riskN := map[mail.Risk]int{}
	for i := range ps {
		x := &ps[i]
		byState[x.State]++
		if !tandem.PartnershipLive(x.State) {
			continue
		}
		live++
		if termEnded(x, now) {
			d.EndedTerms++
		}
		risks, err := partnershipRisks(ctx, st, p, x, now)
		if err != nil {
			return nil, err
		}
		if len(risks) > 0 {
			d.AtRisk = append(d.AtRisk, PairAtRisk{PartnershipID: x.ID, MentorName: x.MentorName, MenteeName: x.MenteeName, State: x.State, Risks: risks})
			for _, r := range risks {
				riskN[r.Kind]++
			}
		}
	}
	sort.SliceStable(d.AtRisk, func(i, j int) bool {
		a, b := d.AtRisk[i], d.AtRisk[j]
		if len(a.Risks) != len(b.Risks) {
			return len(a.Risks) > len(b.Risks)
		}
		return a.Risks[0].Since.Before(b.Risks[0].Since)
	})
	for _, k := range RiskKinds {
		d.RiskCounts = append(d.RiskCounts, RiskCount{Kind: k, Name: RiskName(k), N: riskN[k]})
	}
	for _, s := range []string{tandem.PartnershipIntroduced, tandem.PartnershipActive, tandem.PartnershipClosing, tandem.PartnershipClosed,
		tandem.PartnershipDeclined, tandem.PartnershipWithdrawn} {
		d.States = append(d.States, StateCount{State: s, Label: tandem.StateLabel(s), N: byState[s]})
	}
	d.Workload = WorkloadFor(live)

	activity, err := st.ProgrammeActivity(ctx, p.ID, now)
	if err != nil {
		return nil, err
	}
	d.Meetings, _ = meetingsAgainstCadence(p, ps, activity, now)

	concerns, err := a.ConcernsToHandle(ctx, actor)
	if err != nil {
		return nil, err
	}
	for _, c := range concerns {
		if c.ProgrammeID == p.ID && c.Status == tandem.ConcernOpen {
			d.OpenConcerns++
		}
	}
	events, err := a.UpcomingProgrammeEvents(ctx, actor, p.ID, 0)
	if err != nil {
		return nil, err
	}
	d.Upcoming = upcomingOnDesk(events)
	return d, a.logged(ctx, st, actor, tandem.AuditViewDashboard, 0, p.ID, "")
}

// termEnded reports whether an active partnership is past its term's end and
// neither renewed nor closed: the coordinator may close it (CloseEndedTerms).
func termEnded(p *tandem.Partnership, now time.Time) bool {
	return p.State == tandem.PartnershipActive && p.TermEndsAt != nil && !now.Before(*p.TermEndsAt)
}

// partnershipTermStart is when a partnership's current term began: its start, or the
// last renewal.
func partnershipTermStart(p *tandem.Partnership, prog *tandem.Programme) time.Time {
	start := p.TermEndsAt.AddDate(0, -prog.TermMonths, 0)
	if start.Before(*p.StartedAt) {
		start = *p.StartedAt
	}
	return start
}

// meetingsAgainstCadence sets the meetings held this term by each active
// pair against the cadence's meetings per term, prorated by time into the
// term; behind names the pairs below their prorated minimum (rounded down,
// so a pair a few days into a term is never behind).
func meetingsAgainstCadence(prog *tandem.Programme, ps []tandem.Partnership, activity map[int64]*store.PartnershipActivity, now time.Time) (MeetingsExpected, map[int64]bool) {
	m := MeetingsExpected{PerTermMin: prog.Cadence.MinMeetings, PerTermMax: prog.Cadence.MaxMeetings}
	behind := map[int64]bool{}
	for i := range ps {
		p := &ps[i]
		if p.State != tandem.PartnershipActive || p.StartedAt == nil || p.TermEndsAt == nil {
			continue
		}
		start, end := partnershipTermStart(p, prog), *p.TermEndsAt
		frac := 1.0
		if end.After(start) {
			frac = math.Min(1, math.Max(0, float64(now.Sub(start))/float64(end.Sub(start))))
		}
		held := 0
		if act := activity[p.ID]; act != nil {
			for _, at := range act.MeetingsHeld {
				if !at.Before(start) {
					held++
				}
			}
		}
		m.Pairs++
		m.Held += held
		min := float64(prog.Cadence.MinMeetings) * frac
		m.ExpectedMin += min
		m.ExpectedMax += float64(prog.Cadence.MaxMeetings) * frac
		if held < int(math.Floor(min)) {
			m.Behind++
			behind[p.ID] = true
		}
	}
	m.ExpectedMin, m.ExpectedMax = math.Round(m.ExpectedMin*10)/10, math.Round(m.ExpectedMax*10)/10
	return m, behind
}

// unmatchedPeople lists the programme's pending and approved memberships
// that hold no live partnership, each with the reason the matching rules
// give (matchrules.go): the same inputs a matching run starts from.
func unmatchedPeople(ctx context.Context, st *store.Store, p *tandem.Programme, ps []tandem.Partnership) ([]UnmatchedPerson, error) {
	pending, err := st.ListMemberships(ctx, p.ID, tandem.MembershipFilter{Status: tandem.MemberPending})
	if err != nil {
		return nil, err
	}
	in, err := loadMatchInputs(ctx, st, p)
	if err != nil {
		return nil, err
	}
	var out []UnmatchedPerson
	for _, m := range pending {
		out = append(out, UnmatchedPerson{MembershipID: m.ID, UserID: m.UserID, Name: m.UserName, Role: m.Role, Since: m.CreatedAt,
			Why: WhyApproval, Reason: "Their application waits for your decision."})
	}
	// The latest partnership of each membership, and the mentors' live ones.
	last := map[int64]*tandem.Partnership{}
	liveMentor := map[int64]int{}
	for i := range ps {
		x := &ps[i]
		if l := last[x.MenteeMembershipID]; l == nil || x.CreatedAt.After(l.CreatedAt) {
			last[x.MenteeMembershipID] = x
		}
		if tandem.PartnershipLive(x.State) {
			liveMentor[x.MentorMembershipID]++
		}
	}
	for i := range in.mentees { // approved mentees with no live partnership
		me := &in.mentees[i]
		u := UnmatchedPerson{MembershipID: me.ID, UserID: me.UserID, Name: me.UserName, Role: tandem.Mentee, Since: me.CreatedAt}
		room := 0
		for j := range in.mentors {
			if in.free[in.mentors[j].ID] > 0 && hardRuleBroken(in.ctx, me, &in.mentors[j]) == "" {
				room++
			}
		}
		switch {
		case room == 0:
			u.Why, u.Reason = WhyNoMentor, unmatchedReason(in.ctx, me, in.mentors, in.free)
		case p.MatchingMode == tandem.ModeMenteeChooses:
			u.Why, u.Reason = WhyShortlist, fmt.Sprintf("%d %s", room, plural(room, "allowed mentor", "allowed mentors"))+" with room on their shortlist."
		default:
			u.Why, u.Reason = WhyReady, fmt.Sprintf("%d %s", room, plural(room, "allowed mentor", "allowed mentors"))+" with room: the next matching run places them."
		}
		if l := last[me.ID]; l != nil && tandem.PartnershipEndedBadly(l.State) {
			what := "Their introduction did not go ahead"
			if l.State == tandem.PartnershipWithdrawn {
				what = "Their partnership was withdrawn"
			}
			if l.EndedAt != nil {
				u.Since = *l.EndedAt
			}
			u.Why, u.Reason = WhyRematch, what+"; waiting for a rematch. "+u.Reason
		}
		out = append(out, u)
	}
	for i := range in.mentors {
		mr := &in.mentors[i]
		if liveMentor[mr.ID] > 0 {
			continue
		}
		u := UnmatchedPerson{MembershipID: mr.ID, UserID: mr.UserID, Name: mr.UserName, Role: tandem.Mentor, Since: mr.CreatedAt,
			Why: WhyNoMentee, Reason: fmt.Sprintf("Open, with room for %d %s.", mr.Capacity, plural(mr.Capacity, "mentee", "mentees"))}
		if mr.Paused != tandem.AvailableOpen {
			u.Why, u.Reason = WhyPaused, tandem.PauseLabel(mr.Paused)+"."
		}
		out = append(out, u)
	}
	rank := map[string]int{}
	for i, w := range WhyOrder {
		rank[w] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Why] != rank[out[j].Why] {
			return rank[out[i].Why] < rank[out[j].Why]
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out, nil
}
