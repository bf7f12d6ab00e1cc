package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// Nudge is one reminder the daily scan finds due: what, to whom, about which
// partnership or meeting. Key names the reminder once and for all (kind,
// subject, the round it belongs to, recipient), so sending is idempotent: a
// job queue that refuses a second job with the same key never sends twice.
type Nudge struct {
	Kind          string
	To            int64
	PartnershipID int64
	MeetingID     int64
	Key           string
}

// How long the scan waits before chasing, and before telling the coordinator.
const (
	chaseAfter    = 7 * 24 * time.Hour
	escalateAfter = 14 * 24 * time.Hour
	// mentorAfter is the further wait before a mentor hears that their pair
	// has not met: the mentee drives and hears first (001).
	mentorAfter = 7 * 24 * time.Hour
)

// DueNudges lists the reminders due at now across every organisation,
// leaving out those their recipients switched off. It reads and never
// writes: the caller enqueues each by its key.
func (a *App) DueNudges(ctx context.Context, now time.Time) ([]Nudge, error) {
	orgs, err := a.store.OrganisationIDs(ctx)
	if err != nil {
		return nil, err
	}
	var out []Nudge
	for _, orgID := range orgs {
		ns, err := a.orgNudges(ctx, orgID, now)
		if err != nil {
			return nil, err
		}
		out = append(out, ns...)
	}
	return out, nil
}

func (a *App) orgNudges(ctx context.Context, orgID int64, now time.Time) ([]Nudge, error) {
	st := a.store
	loc := a.orgLocation(ctx, st, orgID)
	optOuts, err := st.ReminderOptOuts(ctx, orgID)
	if err != nil {
		return nil, err
	}
	progs, err := st.ListProgrammes(ctx, orgID, false)
	if err != nil {
		return nil, err
	}
	var out []Nudge
	add := func(n Nudge, round string) {
		if optOuts[store.OptOut{UserID: n.To, Kind: n.Kind}] {
			return
		}
		n.Key = fmt.Sprintf("%s/p%d/m%d/%s/u%d", n.Kind, n.PartnershipID, n.MeetingID, round, n.To)
		out = append(out, n)
	}
	coordinators := map[int64]bool{}
	for i := range progs {
		prog := &progs[i]
		coords, err := st.ProgrammeCoordinators(ctx, prog.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range coords {
			coordinators[c.ID] = true
		}
		ps, err := st.ProgrammePartnerships(ctx, prog.ID)
		if err != nil {
			return nil, err
		}
		for j := range ps {
			p := &ps[j]
			if !tandem.PartnershipLive(p.State) {
				continue
			}
			if err := a.partnershipNudges(ctx, st, prog, p, coords, now, loc, add); err != nil {
				return nil, err
			}
		}
	}
	// The weekly digest goes to every coordinator on Monday mornings, in the
	// organisation's time zone.
	if local := now.In(loc); local.Weekday() == time.Monday {
		year, week := local.ISOWeek()
		for id := range coordinators {
			add(Nudge{Kind: tandem.NudgeWeeklyDigest, To: id}, fmt.Sprintf("%d-W%02d", year, week))
		}
	}
	return out, nil
}

// partnershipNudges applies the rules to one live partnership.
func (a *App) partnershipNudges(ctx context.Context, st *store.Store, prog *tandem.Programme, p *tandem.Partnership, coords []tandem.User,
	now time.Time, loc *time.Location, add func(Nudge, string)) error {
	both := []struct {
		id        int64
		confirmed bool
		choice    string
	}{{p.MentorID, p.MentorConfirmedAt != nil, p.MentorChoice}, {p.MenteeID, p.MenteeConfirmedAt != nil, p.MenteeChoice}}
	escalate := func(kind string, meetingID int64, round string) {
		for _, c := range coords {
			add(Nudge{Kind: kind, To: c.ID, PartnershipID: p.ID, MeetingID: meetingID}, round)
		}
	}

	// An introduction left unanswered: each who has not confirmed, then the coordinator.
	if introOverdue(p, now) {
		for _, x := range both {
			if !x.confirmed {
				add(Nudge{Kind: tandem.NudgeIntroUnanswered, To: x.id, PartnershipID: p.ID}, "intro")
			}
		}
		if now.Sub(p.CreatedAt) >= escalateAfter {
			escalate(tandem.NudgeIntroEscalated, 0, "intro")
		}
	}

	// The agreement, a week after the introduction: each who has not signed the current version.
	if agreementOverdue(p, now) {
		versions, err := st.AgreementVersions(ctx, p.ID)
		if err != nil {
			return err
		}
		round, mentorSigned, menteeSigned := "v0", false, false
		if len(versions) > 0 {
			v := versions[0]
			round, mentorSigned, menteeSigned = fmt.Sprintf("v%d", v.Version), v.MentorSignedAt != nil, v.MenteeSignedAt != nil
		}
		if !mentorSigned {
			add(Nudge{Kind: tandem.NudgeAgreementUnsigned, To: p.MentorID, PartnershipID: p.ID}, round)
		}
		if !menteeSigned {
			add(Nudge{Kind: tandem.NudgeAgreementUnsigned, To: p.MenteeID, PartnershipID: p.ID}, round)
		}
	}

	meetings, err := st.Meetings(ctx, p.ID)
	if err != nil {
		return err
	}
	tomorrow := now.In(loc).AddDate(0, 0, 1).Format("2006-01-02")
	upcoming := false
	for i := range meetings {
		m := &meetings[i]
		if !openMeeting(m, now) {
			continue
		}
		upcoming = true
		round := fmt.Sprintf("seq%d", m.Sequence) // a moved meeting is a new round
		switch m.State {
		case tandem.MeetingAccepted:
			if m.StartsAt.In(loc).Format("2006-01-02") == tomorrow {
				add(Nudge{Kind: tandem.NudgeMeetingTomorrow, To: p.MentorID, PartnershipID: p.ID, MeetingID: m.ID}, round)
				add(Nudge{Kind: tandem.NudgeMeetingTomorrow, To: p.MenteeID, PartnershipID: p.ID, MeetingID: m.ID}, round)
			}
		case tandem.MeetingProposed:
			if proposalOverdue(m, now) {
				other := p.MentorID
				if m.ProposedBy == p.MentorID {
					other = p.MenteeID
				}
				add(Nudge{Kind: tandem.NudgeProposalUnanswered, To: other, PartnershipID: p.ID, MeetingID: m.ID}, round)
				if now.Sub(m.UpdatedAt) >= escalateAfter {
					escalate(tandem.NudgeProposalEscalated, m.ID, round)
				}
			}
		}
	}
	if p.State != tandem.PartnershipActive || p.StartedAt == nil {
		return nil
	}

	// Reviews falling due, each person on their own rounds.
	reviews, err := st.Reviews(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, x := range both {
		var mine []tandem.Review
		for _, r := range reviews {
			if r.AuthorID == x.id {
				mine = append(mine, r)
			}
		}
		if dueAt, due := ReviewDue(p, prog, mine, now); due {
			add(Nudge{Kind: tandem.NudgeReviewDue, To: x.id, PartnershipID: p.ID}, dueAt.Format("2006-01-02"))
		}
	}

	// The pulse check-in: each who has not answered the round open now.
	if round, _ := tandem.PulseRound(*p.StartedAt, now); round > 0 {
		pulses, err := st.PartnershipPulses(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, x := range both {
			answered := slices.ContainsFunc(pulses, func(pl tandem.Pulse) bool { return pl.AuthorID == x.id && pl.Round == round })
			if !answered {
				add(Nudge{Kind: tandem.NudgePulse, To: x.id, PartnershipID: p.ID}, fmt.Sprintf("round%d", round))
			}
		}
	}

	// The term ending: each who has not yet chosen renew or close.
	if termChoiceOpen(p, now) {
		for _, x := range both {
			if x.choice == "" {
				add(Nudge{Kind: tandem.NudgeTermEnding, To: x.id, PartnershipID: p.ID}, fmt.Sprintf("term%d", p.Term))
			}
		}
	}

	// No meeting for longer than the cadence allows, and none planned: the
	// mentee first, the mentor a week later.
	if since, overdue, ok := noContact(p, prog, upcoming, now); ok {
		round := "since-" + since.In(loc).Format("2006-01-02")
		if overdue >= 0 {
			add(Nudge{Kind: tandem.NudgeNoContact, To: p.MenteeID, PartnershipID: p.ID}, round)
		}
		if overdue >= mentorAfter {
			add(Nudge{Kind: tandem.NudgeNoContact, To: p.MentorID, PartnershipID: p.ID}, round)
		}
	}
	return nil
}

// ReminderSettings are the reminders a person gets, kind by kind.
type ReminderSettings struct {
	Kinds []string        // every kind, in order
	On    map[string]bool // kind -> gets it
}

// MyReminderSettings returns which reminders the actor gets.
func (a *App) MyReminderSettings(ctx context.Context, actor *tandem.User) (*ReminderSettings, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	optOuts, err := a.store.ReminderOptOuts(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	s := &ReminderSettings{Kinds: tandem.NudgeKinds, On: map[string]bool{}}
	for _, k := range tandem.NudgeKinds {
		s.On[k] = !optOuts[store.OptOut{UserID: actor.ID, Kind: k}]
	}
	return s, nil
}

// SetReminders records which reminders the actor gets: on lists the kinds
// they keep; every other kind is switched off. Safeguarding messages are not
// reminders and always reach the coordinator.
func (a *App) SetReminders(ctx context.Context, actor *tandem.User, on []string) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, k := range on {
		keep[k] = true
	}
	var off []string
	for _, k := range tandem.NudgeKinds {
		if !keep[k] {
			off = append(off, k)
		}
	}
	return a.store.InTx(ctx, func(tx *store.Store) error { return tx.SetReminderOptOuts(ctx, actor.ID, off) })
}
