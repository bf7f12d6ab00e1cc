package app

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/match"
	"github.com/tandemhq/tandem/internal/store"
)

// ProposedPair is one pair of a matching proposal with its score and why.
type ProposedPair struct {
	Mentee      tandem.Membership
	Mentor      tandem.Membership
	ScoreMillis int64
	Explanation string
	Pinned      bool
}

// Score formats the pair's score like "0.731".
func (p ProposedPair) Score() string { return match.FormatScore(match.Millis(p.ScoreMillis)) }

// UnmatchedMentee is a mentee the proposal leaves without a mentor, and why.
type UnmatchedMentee struct {
	Mentee tandem.Membership
	Reason string
}

// Option is an allowed mentor for a mentee: for pinning by hand, and for a
// mentee's shortlist.
type Option struct {
	Mentor      tandem.Membership
	ScoreMillis int64
	Explanation string
	Free        int // places the mentor has left
}

// Score formats the option's score like "0.731".
func (o Option) Score() string { return match.FormatScore(match.Millis(o.ScoreMillis)) }

// ForbiddenPair is a pair the coordinator ruled out.
type ForbiddenPair struct {
	Mentee, Mentor tandem.Membership
}

// Proposal is the optimal matching of a programme's waiting mentees to its
// mentors with room, under every hard rule, the coordinator's pins and forbids.
type Proposal struct {
	Programme                                   *tandem.Programme
	Pairs                                       []ProposedPair
	Unmatched                                   []UnmatchedMentee
	Forbidden                                   []ForbiddenPair
	Options                                     map[int64][]Option // mentee membership id -> allowed mentors, best first
	Warnings                                    []string           // pins that can no longer be honoured
	MenteesWaiting, MentorsWithRoom, PlacesFree int
	Matched                                     int
	TotalMillis                                 int64
	Verified                                    bool // the engine's optimality certificate checked out
}

// TotalScore formats the proposal's total score.
func (p *Proposal) TotalScore() string { return match.FormatScore(match.Millis(p.TotalMillis)) }

// ProposeMatching computes the proposal for a programme; its coordinators only.
// It writes nothing: the coordinator adjusts pins and forbids and looks again,
// then publishes.
func (a *App) ProposeMatching(ctx context.Context, actor *tandem.User, programmeID int64) (*Proposal, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	prop, err := a.buildProposal(ctx, a.store, p)
	if err != nil {
		return nil, err
	}
	return prop, a.logged(ctx, a.store, actor, tandem.AuditViewMatching, 0, p.ID, "")
}

// matchInputs is what matching a programme starts from: the mentees still
// waiting, the mentors and their free places, and the rules' context.
type matchInputs struct {
	ctx         *pairContext
	mentees     []tandem.Membership
	mentors     []tandem.Membership
	free        map[int64]int // mentor membership id -> places left
	byID        map[int64]tandem.Membership
	constraints []store.Constraint
}

// loadMatchInputs reads everything matching needs from st (the store, or a
// transaction when the caller is about to write).
func loadMatchInputs(ctx context.Context, st *store.Store, p *tandem.Programme) (*matchInputs, error) {
	org, err := st.Organisation(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	members, err := st.ListMemberships(ctx, p.ID, tandem.MembershipFilter{Status: tandem.MemberApproved})
	if err != nil {
		return nil, err
	}
	partnerships, err := st.ProgrammePartnerships(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	relations, err := st.Relations(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	endedBad, err := st.PairsEndedBadly(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	constraints, err := st.Constraints(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	busyMentee := map[int64]bool{}
	used := map[int64]int{}
	for _, ps := range partnerships {
		if tandem.PartnershipLive(ps.State) {
			busyMentee[ps.MenteeMembershipID] = true
			used[ps.MentorMembershipID]++
		}
	}
	in := &matchInputs{free: map[int64]int{}, byID: map[int64]tandem.Membership{}, constraints: constraints,
		ctx: &pairContext{org: org, prog: p, relations: relations, endedBad: endedBad, forbids: map[[2]int64]bool{}}}
	for _, m := range members {
		in.byID[m.ID] = m
		switch {
		case m.Role == tandem.Mentee && !busyMentee[m.ID]:
			in.mentees = append(in.mentees, m)
		case m.Role == tandem.Mentor:
			in.mentors = append(in.mentors, m)
			in.free[m.ID] = max(0, m.Capacity-used[m.ID])
			if m.Paused != tandem.AvailableOpen {
				in.free[m.ID] = 0 // paused: no new introductions (away, full)
			}
		}
	}
	if p.UsesCharacteristics {
		if in.ctx.chars, err = st.ProgrammeCharacteristics(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	for _, k := range constraints {
		if k.Kind == tandem.ConstraintForbid {
			in.ctx.forbids[[2]int64{k.MenteeMembershipID, k.MentorMembershipID}] = true
		}
	}
	return in, nil
}

func (a *App) buildProposal(ctx context.Context, st *store.Store, p *tandem.Programme) (*Proposal, error) {
	in, err := loadMatchInputs(ctx, st, p)
	if err != nil {
		return nil, err
	}
	c, mentees, mentors, free, byID := in.ctx, in.mentees, in.mentors, in.free, in.byID
	prop := &Proposal{Programme: p, Options: map[int64][]Option{}, MenteesWaiting: len(mentees)}
	for _, k := range in.constraints {
		if k.Kind == tandem.ConstraintForbid {
			me, ok1 := byID[k.MenteeMembershipID]
			mr, ok2 := byID[k.MentorMembershipID]
			if ok1 && ok2 {
				prop.Forbidden = append(prop.Forbidden, ForbiddenPair{Mentee: me, Mentor: mr})
			}
		}
	}
	for _, m := range mentors {
		if free[m.ID] > 0 {
			prop.MentorsWithRoom++
			prop.PlacesFree += free[m.ID]
		}
	}

	prob := match.Problem{Mentees: make([]string, len(mentees)), Mentors: make([]match.Mentor, len(mentors))}
	mentorIndex := map[int64]int32{}
	for j, m := range mentors {
		prob.Mentors[j] = match.Mentor{ID: fmt.Sprint(m.ID), Capacity: free[m.ID]}
		mentorIndex[m.ID] = int32(j)
	}
	type edgeInfo struct {
		score   int64
		reasons []string
	}
	info := map[[2]int32]edgeInfo{}
	for i := range mentees {
		me := &mentees[i]
		prob.Mentees[i] = fmt.Sprint(me.ID)
		for j := range mentors {
			mr := &mentors[j]
			if hardRuleBroken(c, me, mr) != "" {
				continue
			}
			score, reasons := scorePair(c, me, mr)
			prop.Options[me.ID] = append(prop.Options[me.ID], Option{Mentor: *mr, ScoreMillis: score,
				Explanation: capitalise(strings.Join(reasons, "; ")) + ".", Free: free[mr.ID]})
			if free[mr.ID] == 0 {
				continue
			}
			e := match.Edge{Mentee: int32(i), Mentor: int32(j), Score: match.Millis(score)}
			prob.Edges = append(prob.Edges, e)
			info[[2]int32{e.Mentee, e.Mentor}] = edgeInfo{score, reasons}
		}
		sort.SliceStable(prop.Options[me.ID], func(x, y int) bool {
			return prop.Options[me.ID][x].ScoreMillis > prop.Options[me.ID][y].ScoreMillis
		})
	}
	menteeIndex := map[int64]int32{}
	for i, m := range mentees {
		menteeIndex[m.ID] = int32(i)
	}
	pinned := map[int32]bool{}
	pinLoad := map[int32]int{}
	for _, k := range in.constraints {
		if k.Kind != tandem.ConstraintPin {
			continue
		}
		i, ok1 := menteeIndex[k.MenteeMembershipID]
		j, ok2 := mentorIndex[k.MentorMembershipID]
		_, isEdge := info[[2]int32{i, j}]
		if !ok1 || !ok2 || !isEdge || pinned[i] || pinLoad[j] >= prob.Mentors[j].Capacity {
			prop.Warnings = append(prop.Warnings, pinWarning(byID, k))
			continue
		}
		pinned[i] = true
		pinLoad[j]++
		prob.Pins = append(prob.Pins, match.Pair{Mentee: i, Mentor: j})
	}

	res, err := match.Solve(prob)
	if err != nil {
		return nil, fmt.Errorf("matching %s: %w", p.Name, err)
	}
	prop.Verified = res.Certificate.Checked
	for _, pr := range res.Pairs {
		in := info[[2]int32{pr.Mentee, pr.Mentor}]
		prop.Pairs = append(prop.Pairs, ProposedPair{Mentee: mentees[pr.Mentee], Mentor: mentors[pr.Mentor], ScoreMillis: in.score,
			Explanation: capitalise(strings.Join(in.reasons, "; ")) + ".", Pinned: pinned[pr.Mentee]})
	}
	prop.Matched, prop.TotalMillis = res.Matched, res.TotalMillis
	for _, u := range res.Unmatched {
		me := &mentees[u.Mentee]
		prop.Unmatched = append(prop.Unmatched, UnmatchedMentee{Mentee: *me, Reason: unmatchedReason(c, me, mentors, free)})
	}
	return prop, nil
}

func pinWarning(byID map[int64]tandem.Membership, k store.Constraint) string {
	me, mr := byID[k.MenteeMembershipID], byID[k.MentorMembershipID]
	if me.UserName == "" || mr.UserName == "" {
		return "A pinned pair is no longer possible: one of them has left the programme. Clear the pin."
	}
	return fmt.Sprintf("The pin of %s with %s can no longer be honoured (a rule now rules it out, or %s has no free place). Clear the pin.", me.UserName, mr.UserName, mr.UserName)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// constraintPair loads and checks the two memberships of a pin or forbid.
func (a *App) constraintPair(ctx context.Context, actor *tandem.User, programmeID, menteeMID, mentorMID int64) (*tandem.Programme, *tandem.Membership, *tandem.Membership, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, nil, nil, err
	}
	me, err := a.store.Membership(ctx, p.ID, menteeMID)
	if err != nil || me.Role != tandem.Mentee || me.Status != tandem.MemberApproved {
		return nil, nil, nil, tandem.Errorf(tandem.EInvalid, "Choose an approved mentee of this programme.")
	}
	mr, err := a.store.Membership(ctx, p.ID, mentorMID)
	if err != nil || mr.Role != tandem.Mentor || mr.Status != tandem.MemberApproved {
		return nil, nil, nil, tandem.Errorf(tandem.EInvalid, "Choose an approved mentor of this programme.")
	}
	return p, me, mr, nil
}

// PinPair makes a pair that the next proposal must contain. The pair must be
// allowed by every hard rule; a mentee has at most one pin.
func (a *App) PinPair(ctx context.Context, actor *tandem.User, programmeID, menteeMID, mentorMID int64) error {
	p, me, mr, err := a.constraintPair(ctx, actor, programmeID, menteeMID, mentorMID)
	if err != nil {
		return err
	}
	in, err := loadMatchInputs(ctx, a.store, p)
	if err != nil {
		return err
	}
	waiting := false
	for _, m := range in.mentees {
		waiting = waiting || m.ID == me.ID
	}
	if !waiting || hardRuleBroken(in.ctx, me, mr) != "" {
		return tandem.Errorf(tandem.EInvalid, "%s cannot be paired with %s: the programme's rules rule it out (or %s is already in a partnership).", me.UserName, mr.UserName, me.UserName)
	}
	return a.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.ClearConstraint(ctx, p.ID, me.ID, 0); err != nil {
			return err
		}
		if err := tx.SetConstraint(ctx, p.ID, me.ID, mr.ID, tandem.ConstraintPin, a.Now()); err != nil {
			return err
		}
		return a.logPair(ctx, tx, actor, p.ID, me.UserID, mr.UserID, "pinned "+me.UserName+" with "+mr.UserName)
	})
}

// ForbidPair rules a pair out of every future proposal of the programme.
func (a *App) ForbidPair(ctx context.Context, actor *tandem.User, programmeID, menteeMID, mentorMID int64) error {
	p, me, mr, err := a.constraintPair(ctx, actor, programmeID, menteeMID, mentorMID)
	if err != nil {
		return err
	}
	return a.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetConstraint(ctx, p.ID, me.ID, mr.ID, tandem.ConstraintForbid, a.Now()); err != nil {
			return err
		}
		return a.logPair(ctx, tx, actor, p.ID, me.UserID, mr.UserID, "never pair "+me.UserName+" with "+mr.UserName)
	})
}

// ClearPair removes a pin or forbid.
func (a *App) ClearPair(ctx context.Context, actor *tandem.User, programmeID, menteeMID, mentorMID int64) error {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return err
	}
	return a.store.ClearConstraint(ctx, p.ID, menteeMID, mentorMID)
}

// PublishMatching turns the current proposal into introductions: one
// partnership per proposed pair, in the introduced state. It recomputes the
// proposal inside the transaction, so what is published is exactly what the
// rules allow at that moment, and two coordinators publishing at once cannot
// introduce a mentee twice.
func (a *App) PublishMatching(ctx context.Context, actor *tandem.User, programmeID int64) ([]tandem.Partnership, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	var out []tandem.Partnership
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		// Taking the programme's row lock first serialises publishers.
		if err := tx.TouchProgramme(ctx, p.ID, a.Now()); err != nil {
			return err
		}
		prop, err := a.buildProposal(ctx, tx, p)
		if err != nil {
			return err
		}
		if len(prop.Pairs) == 0 {
			return tandem.Errorf(tandem.EConflict, "There is nothing to publish: no pair can be made right now.")
		}
		now := a.Now()
		for _, pair := range prop.Pairs {
			ps := tandem.Partnership{ProgrammeID: p.ID, MentorMembershipID: pair.Mentor.ID, MenteeMembershipID: pair.Mentee.ID,
				MentorID: pair.Mentor.UserID, MenteeID: pair.Mentee.UserID, State: tandem.PartnershipIntroduced,
				ScoreMillis: pair.ScoreMillis, Explanation: pair.Explanation, CreatedAt: now, UpdatedAt: now,
				MentorName: pair.Mentor.UserName, MenteeName: pair.Mentee.UserName}
			if err := tx.CreatePartnership(ctx, &ps); err != nil {
				return err
			}
			out = append(out, ps)
		}
		if err := tx.ClearPins(ctx, p.ID); err != nil {
			return err
		}
		if err := a.logged(ctx, tx, actor, tandem.AuditPublishMatching, 0, p.ID, fmt.Sprintf("%d introductions", len(out))); err != nil {
			return err
		}
		return a.notifyIntroductions(ctx, tx, p.OrgID, p, out) // queued with the introductions
	})
	if err != nil {
		return nil, err
	}
	a.log.InfoContext(ctx, "matching published", "programme_id", p.ID, "introductions", len(out), "by", actor.ID)
	return out, nil
}

// Partnerships lists a programme's partnerships (who, state, dates; never
// content); its coordinators only.
func (a *App) Partnerships(ctx context.Context, actor *tandem.User, programmeID int64) ([]tandem.Partnership, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	ps, err := a.store.ProgrammePartnerships(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return ps, a.logged(ctx, a.store, actor, tandem.AuditViewPartnerships, 0, p.ID, "")
}

// RecordRelation notes that two participants of a programme must never be
// paired: one line-manages the other (003), or they declared a conflict of
// interest. Coordinators only.
func (a *App) RecordRelation(ctx context.Context, actor *tandem.User, programmeID int64, emailA, emailB, kind string) error {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return err
	}
	if kind != tandem.RelationLineManager && kind != tandem.RelationConflict {
		return tandem.Errorf(tandem.EInvalid, "Choose line management or conflict of interest.")
	}
	members, err := a.store.ListMemberships(ctx, p.ID, tandem.MembershipFilter{})
	if err != nil {
		return err
	}
	find := func(email string) int64 {
		email = tandem.NormalizeEmail(email)
		for _, m := range members {
			if m.UserEmail == email {
				return m.UserID
			}
		}
		return 0
	}
	x, y := find(emailA), find(emailB)
	pr := tandem.Problems{}
	if x == 0 {
		pr.Add("email_a", "No participant of this programme has that address.")
	}
	if y == 0 {
		pr.Add("email_b", "No participant of this programme has that address.")
	}
	if x != 0 && x == y {
		pr.Add("email_b", "Give two different people.")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	return a.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.AddRelation(ctx, p.OrgID, x, y, kind, a.Now()); err != nil {
			return err
		}
		return a.logPair(ctx, tx, actor, p.ID, x, y, "recorded a relation ("+kind+")")
	})
}

// logPair logs a change to the matching that concerns two people, once for each.
func (a *App) logPair(ctx context.Context, tx *store.Store, actor *tandem.User, programmeID, userA, userB int64, detail string) error {
	if err := a.logged(ctx, tx, actor, tandem.AuditChangeMatching, userA, programmeID, detail); err != nil {
		return err
	}
	return a.logged(ctx, tx, actor, tandem.AuditChangeMatching, userB, programmeID, detail)
}
