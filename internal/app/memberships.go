package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// JoinInput is a participant's application to a programme: the roles they
// take, their profile as it should be saved, and what they write to the
// coordinator.
type JoinInput struct {
	ProgrammeID int64
	Roles       []string // mentor and/or mentee
	Profile     tandem.Profile
	Capacity    int    // mentors: mentees they will take; 0 = the programme's default
	Application string // e.g. the experience a reverse mentor will share (004)
}

// JoinResult tells the participant what happened to each role.
type JoinResult struct {
	Memberships []tandem.Membership
	// Unverified lists prerequisites Tandem cannot check; every kind is
	// checked now (attendance comes from events), so it stays empty.
	Unverified []string
}

// Join signs the actor up to a programme. Eligibility and prerequisites are
// checked here; a role that needs approval waits for the coordinator.
func (a *App) Join(ctx context.Context, actor *tandem.User, in JoinInput) (*JoinResult, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	p, err := a.store.Programme(ctx, actor.OrgID, in.ProgrammeID)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	if !p.IsOpen(now) {
		return nil, tandem.Errorf(tandem.EConflict, "%s is not taking new participants at the moment.", p.Name)
	}
	org, err := a.store.Organisation(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	pr := tandem.Problems{}
	roles := map[string]bool{}
	for _, r := range in.Roles {
		if r != tandem.Mentor && r != tandem.Mentee {
			pr.Add("roles", "Choose mentor, mentee or both.")
		}
		roles[r] = true
	}
	if len(roles) == 0 {
		pr.Add("roles", "Choose whether you join as a mentor, a mentee, or both.")
	}
	prof := in.Profile
	prof.UserID, prof.UpdatedAt = actor.ID, now
	prof.ValidateInto(pr, org)
	if utf8.RuneCountInString(in.Application) > 4000 {
		pr.Add("application", "Keep this under 4,000 characters.")
	}
	if roles[tandem.Mentor] {
		if in.Capacity == 0 {
			in.Capacity = p.MentorCapacity
		}
		checkCapacity(pr, p, in.Capacity)
	}
	if pr["career_stage"] == "" {
		checkEligibility(pr, org, p, roles, prof.CareerStage)
	}
	res := &JoinResult{}
	needsReview := p.RequiresApproval
	var missing []string
	for _, role := range []string{tandem.Mentee, tandem.Mentor} {
		if !roles[role] {
			continue
		}
		ms, err := a.missingPrerequisites(ctx, actor, p, role)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			missing = append(missing, m.Message)
		}
	}
	if len(missing) > 0 {
		pr.Add("roles", strings.Join(missing, " "))
	}
	if strings.TrimSpace(in.Application) == "" && p.RequiresApproval {
		pr.Add("application", "Tell the coordinator about yourself and why you are applying.")
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpsertProfile(ctx, &prof); err != nil {
			return err
		}
		for _, role := range []string{tandem.Mentee, tandem.Mentor} {
			if !roles[role] {
				continue
			}
			m := tandem.Membership{ProgrammeID: p.ID, UserID: actor.ID, Role: role, Status: tandem.MemberApproved,
				Application: strings.TrimSpace(in.Application), CreatedAt: now}
			if needsReview {
				m.Status = tandem.MemberPending
			} else {
				m.DecidedAt = &now
			}
			if role == tandem.Mentor {
				m.Capacity = in.Capacity
			}
			if err := tx.CreateMembership(ctx, &m); err != nil {
				return err
			}
			res.Memberships = append(res.Memberships, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkEligibility records a problem for each role whose career-stage bounds
// the person's stage falls outside, quoting the programme's own words.
func checkEligibility(pr tandem.Problems, org *tandem.Organisation, p *tandem.Programme, roles map[string]bool, stage string) {
	if roles[tandem.Mentor] && !tandem.StageAllowed(org, stage, p.MentorMinStage, p.MentorMaxStage) {
		pr.Add("roles", "Your career stage is not eligible to mentor in this programme. "+eligibilityWords(org, p.MentorEligibility, p.MentorMinStage, p.MentorMaxStage))
	}
	if roles[tandem.Mentee] && !tandem.StageAllowed(org, stage, p.MenteeMinStage, p.MenteeMaxStage) {
		pr.Add("roles", "Your career stage is not eligible to be a mentee in this programme. "+eligibilityWords(org, p.MenteeEligibility, p.MenteeMinStage, p.MenteeMaxStage))
	}
}

func eligibilityWords(org *tandem.Organisation, text, min, max string) string {
	if text != "" {
		return "Who can take part: " + text
	}
	switch {
	case min != "" && max != "":
		return "From " + org.StageLabel(min) + " to " + org.StageLabel(max) + "."
	case min != "":
		return org.StageLabel(min) + " or more senior."
	case max != "":
		return org.StageLabel(max) + " or more junior."
	}
	return ""
}

// MyMemberships lists the actor's roles across programmes.
func (a *App) MyMemberships(ctx context.Context, actor *tandem.User) ([]tandem.Membership, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	return a.store.UserMemberships(ctx, actor.ID)
}

// Withdraw takes the actor out of one of their roles (002: either party may
// withdraw at any time).
func (a *App) Withdraw(ctx context.Context, actor *tandem.User, programmeID, membershipID int64) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	return a.store.InTx(ctx, func(tx *store.Store) error {
		m, err := tx.Membership(ctx, programmeID, membershipID)
		if err != nil || m.UserID != actor.ID {
			return tandem.Errorf(tandem.ENotFound, "Participant not found.")
		}
		if m.Status == tandem.MemberWithdrawn {
			return nil
		}
		now := a.Now()
		m.Status, m.DecidedAt = tandem.MemberWithdrawn, &now
		if err := tx.UpdateMembership(ctx, m); err != nil {
			return err
		}
		return endPartnershipsOf(ctx, tx, m, now)
	})
}

// endPartnershipsOf withdraws the live partnerships a membership is part of:
// someone who leaves a programme leaves their partnerships in it too, and the
// other party goes back to the coordinator for a rematch.
func endPartnershipsOf(ctx context.Context, tx *store.Store, m *tandem.Membership, now time.Time) error {
	ps, err := tx.ProgrammePartnerships(ctx, m.ProgrammeID)
	if err != nil {
		return err
	}
	for i := range ps {
		p := &ps[i]
		if !tandem.PartnershipLive(p.State) || (p.MentorMembershipID != m.ID && p.MenteeMembershipID != m.ID) {
			continue
		}
		p.State, p.EndedAt, p.EndedBy, p.UpdatedAt = tandem.PartnershipWithdrawn, &now, m.Role, now
		p.Outcome, p.EndReason = tandem.OutcomeWithdrawn, "Left the programme."
		if err := tx.SavePartnershipProgress(ctx, p); err != nil {
			return err
		}
		if err := cancelFutureMeetings(ctx, tx, p.ID, now, "The partnership has ended."); err != nil {
			return err
		}
	}
	return nil
}

// Participants lists a programme's participants; its coordinators only.
func (a *App) Participants(ctx context.Context, actor *tandem.User, programmeID int64, f tandem.MembershipFilter) ([]tandem.Membership, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	f.Query = strings.TrimSpace(f.Query)
	ms, err := a.store.ListMemberships(ctx, p.ID, f)
	if err != nil {
		return nil, err
	}
	if err := markConsent(ctx, a.store, p, ms); err != nil {
		return nil, err
	}
	return ms, a.logged(ctx, a.store, actor, tandem.AuditViewParticipants, 0, p.ID, "")
}

// ParticipantCounts counts a programme's participants by role and status
// ("mentor/approved" -> n); coordinators only.
func (a *App) ParticipantCounts(ctx context.Context, actor *tandem.User, programmeID int64) (map[string]int, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	return a.store.MembershipCounts(ctx, p.ID)
}

// Decide approves or declines a pending application; coordinators only.
// It is DecideApplication without a message.
func (a *App) Decide(ctx context.Context, actor *tandem.User, programmeID, membershipID int64, approve bool) (*tandem.Membership, error) {
	d := tandem.DecisionDecline
	if approve {
		d = tandem.DecisionApprove
	}
	return a.DecideApplication(ctx, actor, programmeID, membershipID, DecisionInput{Decision: d})
}
