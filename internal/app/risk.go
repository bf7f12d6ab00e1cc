package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// Risk is one reason a live pair needs the coordinator's eye, and since
// when. The weekly digest and the coordinator's desk both read risks from
// partnershipRisks, so a pair is "at risk" for the same reasons in both.
// Kinds are the digest's (mail.Risk), whose labels read before a date.
type Risk struct {
	Kind  mail.Risk `json:"kind"`
	Since time.Time `json:"since"`
}

// RiskKinds are the risks in the order the desk lists them.
var RiskKinds = []mail.Risk{mail.RiskNoContact, mail.RiskAgreementUnsigned, mail.RiskIntroductionUnconfirmed,
	mail.RiskProposalUnanswered, mail.RiskReviewOverdue, mail.RiskLowPulse}

// RiskName names a risk as a heading: "No contact beyond the cadence".
func RiskName(k mail.Risk) string {
	switch k {
	case mail.RiskNoContact:
		return "No contact beyond the cadence"
	case mail.RiskAgreementUnsigned:
		return "Agreement unsigned a week after the introduction"
	case mail.RiskIntroductionUnconfirmed:
		return "Introduction unconfirmed after a week"
	case mail.RiskProposalUnanswered:
		return "Meeting proposal unanswered for a week"
	case mail.RiskReviewOverdue:
		return "Review overdue"
	case mail.RiskLowPulse:
		return "Low pulse"
	}
	return string(k)
}

// The rules, one function each, shared by the reminders (nudges.go) and the
// risks: a pair is reminded exactly when it is at risk.

// introOverdue: an introduction nobody finished answering within a week.
func introOverdue(p *tandem.Partnership, now time.Time) bool {
	return p.State == tandem.PartnershipIntroduced && now.Sub(p.CreatedAt) >= chaseAfter
}

// agreementOverdue: a week after the introduction an active pair should have
// signed their agreement.
func agreementOverdue(p *tandem.Partnership, now time.Time) bool {
	return p.State == tandem.PartnershipActive && now.Sub(p.CreatedAt) >= chaseAfter
}

// proposalOverdue: a meeting proposal left unanswered for a week.
func proposalOverdue(m *tandem.Meeting, now time.Time) bool {
	return m.State == tandem.MeetingProposed && now.Sub(m.UpdatedAt) >= chaseAfter
}

// noContact returns since when an active pair has not met and how far past
// the programme's longest gap they are (negative: not yet). ok is false when
// the rule does not apply: no cadence gap set, not started, or a meeting is
// already planned.
func noContact(p *tandem.Partnership, prog *tandem.Programme, upcoming bool, now time.Time) (since time.Time, overdue time.Duration, ok bool) {
	gap := prog.Cadence.MaxGapDays
	if gap <= 0 || upcoming || p.State != tandem.PartnershipActive || p.StartedAt == nil {
		return time.Time{}, 0, false
	}
	since = *p.StartedAt
	if p.LastContactAt != nil && p.LastContactAt.After(since) {
		since = *p.LastContactAt
	}
	return since, now.Sub(since) - time.Duration(gap)*24*time.Hour, true
}

// openMeeting reports whether a meeting is still to come: planned, not
// cancelled, not yet held.
func openMeeting(m *tandem.Meeting, now time.Time) bool {
	return m.State != tandem.MeetingCancelled && m.HeldAt == nil && m.StartsAt.After(now)
}

// partnershipRisks evaluates every risk rule on one partnership at now.
// Ended partnerships carry no risk.
func partnershipRisks(ctx context.Context, st *store.Store, prog *tandem.Programme, p *tandem.Partnership, now time.Time) ([]Risk, error) {
	if !tandem.PartnershipLive(p.State) {
		return nil, nil
	}
	var out []Risk
	if introOverdue(p, now) {
		out = append(out, Risk{Kind: mail.RiskIntroductionUnconfirmed, Since: p.CreatedAt})
	}
	if agreementOverdue(p, now) {
		versions, err := st.AgreementVersions(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		if len(versions) == 0 || !versions[0].Signed() {
			out = append(out, Risk{Kind: mail.RiskAgreementUnsigned, Since: p.CreatedAt})
		}
	}
	meetings, err := st.Meetings(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	upcoming := false
	var proposal *time.Time
	for i := range meetings {
		m := &meetings[i]
		if !openMeeting(m, now) {
			continue
		}
		upcoming = true
		if proposalOverdue(m, now) && (proposal == nil || m.UpdatedAt.Before(*proposal)) {
			proposal = &m.UpdatedAt
		}
	}
	if proposal != nil {
		out = append(out, Risk{Kind: mail.RiskProposalUnanswered, Since: *proposal})
	}
	if p.State == tandem.PartnershipActive && p.StartedAt != nil {
		reviews, err := st.Reviews(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		var earliest *time.Time
		for _, who := range []int64{p.MentorID, p.MenteeID} {
			var mine []tandem.Review
			for _, r := range reviews {
				if r.AuthorID == who {
					mine = append(mine, r)
				}
			}
			if at, due := ReviewDue(p, prog, mine, now); due && (earliest == nil || at.Before(*earliest)) {
				earliest = at
			}
		}
		if earliest != nil {
			out = append(out, Risk{Kind: mail.RiskReviewOverdue, Since: *earliest})
		}
	}
	if since, overdue, ok := noContact(p, prog, upcoming, now); ok && overdue >= 0 {
		out = append(out, Risk{Kind: mail.RiskNoContact, Since: since})
	}
	if at, low, err := lowPulse(ctx, st, p); err != nil {
		return nil, err
	} else if low {
		out = append(out, Risk{Kind: mail.RiskLowPulse, Since: at})
	}
	return out, nil
}

// lowPulse reports whether either party's latest pulse check-in is low (a
// score of 2 or less, or "not a good fit"), and when the latest low one was
// given: the coordinator's health signal, without anyone's words.
func lowPulse(ctx context.Context, st *store.Store, p *tandem.Partnership) (time.Time, bool, error) {
	pulses, err := st.PartnershipPulses(ctx, p.ID) // latest round first
	if err != nil {
		return time.Time{}, false, err
	}
	var at time.Time
	seen := map[string]bool{}
	for i := range pulses {
		pl := &pulses[i]
		if seen[pl.Role] {
			continue
		}
		seen[pl.Role] = true
		if pl.Low() && pl.CreatedAt.After(at) {
			at = pl.CreatedAt
		}
	}
	return at, !at.IsZero(), nil
}
