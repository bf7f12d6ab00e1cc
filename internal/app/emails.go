package app

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
)

// NudgeMessage writes the email for a reminder the scan found due, in the
// organisation's name and time zone, addressed to its recipient. It says
// who, when and where, never what the pair wrote.
func (a *App) NudgeMessage(ctx context.Context, n Nudge, now time.Time) (*mail.Message, error) {
	st := a.store
	to, err := st.User(ctx, n.To)
	if err != nil {
		return nil, err
	}
	org, err := st.Organisation(ctx, to.OrgID)
	if err != nil {
		return nil, err
	}
	loc := a.orgLocation(ctx, st, org.ID)
	layout, err := a.reminderLayout(ctx, org, to, n.Kind)
	if err != nil {
		return nil, err
	}
	if n.Kind == tandem.NudgeWeeklyDigest {
		return a.digestMessage(ctx, to, layout, now, loc)
	}
	p, err := st.Partnership(ctx, n.PartnershipID)
	if err != nil {
		return nil, err
	}
	prog, err := st.Programme(ctx, org.ID, p.ProgrammeID)
	if err != nil {
		return nil, err
	}
	partner := p.MentorName
	if to.ID == p.MentorID {
		partner = p.MenteeName
	}
	base := fmt.Sprintf("%s/partnerships/%d", a.baseURL, p.ID)
	layout.ActionURL = base
	var m *tandem.Meeting
	if n.MeetingID != 0 {
		if m, err = st.Meeting(ctx, p.ID, n.MeetingID); err != nil {
			return nil, err
		}
		layout.ActionURL = fmt.Sprintf("%s/meetings/%d", base, m.ID)
	}
	meeting := func() mail.Meeting {
		where := m.Venue
		if where == "" && m.VideoURL != "" {
			where = "Video call"
		}
		return mail.Meeting{Partner: partner, Start: m.StartsAt.In(loc), Minutes: m.Minutes, Where: where}
	}
	waiting := func() string {
		if (n.Kind == tandem.NudgeIntroEscalated && p.MenteeConfirmedAt == nil) || (m != nil && m.ProposedBy == p.MentorID) {
			return tandem.Mentee
		}
		return tandem.Mentor
	}
	var name string
	var data any
	switch n.Kind {
	case tandem.NudgeMeetingTomorrow:
		name, data = "meeting_tomorrow", mail.MeetingTomorrow{Layout: layout, Meeting: meeting()}
	case tandem.NudgeIntroUnanswered:
		name, data = "intro_unanswered", mail.IntroUnanswered{Layout: layout, Partner: partner, Since: p.CreatedAt.In(loc)}
	case tandem.NudgeProposalUnanswered:
		name, data = "proposal_unanswered", mail.ProposalUnanswered{Layout: layout, Meeting: meeting(), ProposedOn: m.UpdatedAt.In(loc)}
	case tandem.NudgeIntroEscalated, tandem.NudgeProposalEscalated:
		since := p.CreatedAt
		if m != nil {
			since = m.UpdatedAt
		}
		layout.ActionURL = fmt.Sprintf("%s/programmes/%d/partnerships", a.baseURL, prog.ID)
		name, data = n.Kind, mail.Escalation{Layout: layout, Programme: prog.Name, Mentee: p.MenteeName, Mentor: p.MentorName, Waiting: waiting(), Since: since.In(loc)}
	case tandem.NudgeAgreementUnsigned:
		layout.ActionURL = base + "/agreement"
		d := mail.AgreementUnsigned{Layout: layout, Partner: partner, Since: p.CreatedAt.In(loc)}
		if versions, err := st.AgreementVersions(ctx, p.ID); err == nil && len(versions) > 0 {
			v := versions[0]
			d.Since = v.UpdatedAt.In(loc)
			d.PartnerSigned = (to.ID == p.MentorID && v.MenteeSignedAt != nil) || (to.ID == p.MenteeID && v.MentorSignedAt != nil)
		}
		name, data = "agreement_unsigned", d
	case tandem.NudgeReviewDue:
		var mine []tandem.Review
		reviews, err := st.Reviews(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range reviews {
			if r.AuthorID == to.ID {
				mine = append(mine, r)
			}
		}
		due, _ := ReviewDue(p, prog, mine, now)
		if due == nil {
			due = &now
		}
		layout.ActionURL = base + "#reviews"
		name, data = "review_due", mail.ReviewDue{Layout: layout, Partner: partner, Due: due.In(loc)}
	case tandem.NudgeTermEnding:
		name, data = "term_ending", mail.TermEnding{Layout: layout, Partner: partner, Ends: p.TermEndsAt.In(loc)}
	case tandem.NudgeNoContact:
		d := mail.NoContact{Layout: layout, Partner: partner, Programme: prog.Name, GapDays: prog.Cadence.MaxGapDays, Cadence: prog.Cadence.Text}
		if p.LastContactAt != nil {
			d.LastMet = p.LastContactAt.In(loc)
		}
		name = "no_contact_mentee"
		if to.ID == p.MentorID {
			name = "no_contact_mentor"
		}
		data = d
	case tandem.NudgePulse:
		layout.ActionURL = base + "/pulse"
		d := mail.PulseCheckIn{Layout: layout, Partner: partner, Programme: prog.Name}
		for s := 1; s <= 5; s++ {
			d.ScoreURLs = append(d.ScoreURLs, fmt.Sprintf("%s?score=%d", layout.ActionURL, s))
		}
		name, data = "pulse_checkin", d
	default:
		return nil, fmt.Errorf("no email for reminder kind %q", n.Kind)
	}
	return render(name, data, to, org.Name, layout.SettingsURL)
}

// reminderLayout is the layout every reminder shares: the organisation's
// name and support links, the recipient's settings page, and the one-click
// link that turns this kind of reminder off for them.
func (a *App) reminderLayout(ctx context.Context, org *tandem.Organisation, to *tandem.User, kind string) (mail.Layout, error) {
	unsub, err := a.UnsubscribeURL(ctx, to.ID, kind)
	if err != nil {
		return mail.Layout{}, err
	}
	return mail.Layout{Org: org.Name, Name: to.Name, SettingsURL: a.baseURL + "/profile/reminders", UnsubscribeURL: unsub,
		SupportLinks: org.SupportLinks}, nil
}

func render(name string, data any, to *tandem.User, orgName, settings string) (*mail.Message, error) {
	c, err := mail.Render(name, data)
	if err != nil {
		return nil, err
	}
	m := &mail.Message{To: to.Email, ToName: to.Name, FromName: orgName, Subject: c.Subject, Text: c.Text, HTML: c.HTML,
		Headers: map[string]string{"X-Tandem-Template": name}}
	// A reminder carries its one-click unsubscribe (RFC 8058) in the
	// List-Unsubscribe header; emails that are not optional carry none.
	if l, ok := data.(interface{ Unsubscribe() string }); ok {
		m.Unsubscribe = l.Unsubscribe()
	}
	return m, nil
}

// digestMessage is a coordinator's weekly digest: for each programme they
// run, the pairs at risk and why, open concerns and meetings held. Names,
// dates and counts only.
func (a *App) digestMessage(ctx context.Context, to *tandem.User, layout mail.Layout, now time.Time, loc *time.Location) (*mail.Message, error) {
	st := a.store
	progs, err := st.ListProgrammes(ctx, to.OrgID, false)
	if err != nil {
		return nil, err
	}
	concerns, err := a.ConcernsToHandle(ctx, to)
	if err != nil {
		return nil, err
	}
	local := now.In(loc)
	d := mail.WeeklyDigest{Layout: layout, WeekOf: time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)}
	layout.ActionURL = a.baseURL + "/"
	d.Layout.ActionURL = layout.ActionURL
	for i := range progs {
		prog := &progs[i]
		if ok, err := st.IsCoordinator(ctx, prog.ID, to.ID); err != nil || !ok {
			continue
		}
		dp := mail.DigestProgramme{Name: prog.Name, URL: fmt.Sprintf("%s/programmes/%d/partnerships", a.baseURL, prog.ID)}
		for _, c := range concerns {
			if c.ProgrammeID == prog.ID && c.Status == tandem.ConcernOpen {
				dp.OpenConcerns++
			}
		}
		ps, err := st.ProgrammePartnerships(ctx, prog.ID)
		if err != nil {
			return nil, err
		}
		activity, err := st.ProgrammeActivity(ctx, prog.ID, now)
		if err != nil {
			return nil, err
		}
		// The pulse: the average of 90 days (only from five people or more);
		// a pair whose latest answers are low is at risk (risk.go).
		_, pulseSum, err := a.PulseOverview(ctx, to, prog.ID, now.AddDate(0, 0, -90), time.Time{})
		if err != nil {
			return nil, err
		}
		if !pulseSum.Suppressed {
			dp.PulseAverage, dp.PulseAnswers = pulseSum.Average, pulseSum.Answers
		}
		for j := range ps {
			p := &ps[j]
			if !tandem.PartnershipLive(p.State) {
				continue
			}
			if p.State == tandem.PartnershipActive {
				dp.Pairs++
			}
			risks, err := partnershipRisks(ctx, st, prog, p, now)
			if err != nil {
				return nil, err
			}
			for _, r := range risks {
				dp.AtRisk = append(dp.AtRisk, mail.AtRisk{Mentee: p.MenteeName, Mentor: p.MentorName, Risk: r.Kind, Since: r.Since.In(loc)})
			}
		}
		// Meetings held this term against the cadence, as on the desk.
		m, _ := meetingsAgainstCadence(prog, ps, activity, now)
		dp.MeetingsHeld, dp.MeetingsExpected = m.Held, int(math.Round(m.ExpectedMin))
		d.Programmes = append(d.Programmes, dp)
	}
	return render("weekly_digest", d, to, layout.Org, layout.SettingsURL)
}

// RunDailyScan finds the reminders due at now and hands each, written as an
// email, to enqueue under its key; a queue that keeps keys unique makes the
// scan safe to run twice, or on two servers at once.
func (a *App) RunDailyScan(ctx context.Context, now time.Time, enqueue func(ctx context.Context, key string, msg *mail.Message) error) (int, error) {
	ns, err := a.DueNudges(ctx, now)
	if err != nil {
		return 0, err
	}
	for _, n := range ns {
		msg, err := a.NudgeMessage(ctx, n, now)
		if err != nil {
			return 0, fmt.Errorf("reminder %s: %w", n.Key, err)
		}
		if err := enqueue(ctx, n.Key, msg); err != nil {
			return 0, err
		}
	}
	return len(ns), nil
}
