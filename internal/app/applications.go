package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// MissingPrerequisite is a prerequisite a person has not met yet, what to
// do about it, and where.
type MissingPrerequisite struct {
	tandem.Prerequisite
	// Message says what is missing and how to meet it; Help is its second
	// half, how to meet it, for a page that names the prerequisite already.
	Message string
	Help    string
	// Links lead to where to meet it: programmes to sign up to as a mentor,
	// or upcoming sessions to book.
	Links []tandem.Link
}

// MissingPrerequisites lists the prerequisites of a role in a programme
// that the actor has not met yet (004: a reverse mentor must be a registered
// mentor and have attended "Being a Mentor").
func (a *App) MissingPrerequisites(ctx context.Context, actor *tandem.User, programmeID int64, role string) ([]MissingPrerequisite, error) {
	p, err := a.Programme(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	return a.missingPrerequisites(ctx, actor, p, role)
}

func (a *App) missingPrerequisites(ctx context.Context, actor *tandem.User, p *tandem.Programme, role string) ([]MissingPrerequisite, error) {
	var out []MissingPrerequisite
	for _, q := range p.PrerequisitesFor(role) {
		m := MissingPrerequisite{Prerequisite: q}
		switch q.Kind {
		case tandem.PrereqRegisteredMentor:
			ok, err := a.store.HasApprovedMentorRole(ctx, actor.ID, p.ID)
			if err != nil {
				return nil, err
			}
			if ok {
				continue
			}
			m.Help = "Sign up as a mentor in one of the other programmes first; once the coordinator has approved you, come back here."
			progs, err := a.store.ListProgrammes(ctx, actor.OrgID, false)
			if err != nil {
				return nil, err
			}
			for _, g := range progs {
				// A programme that itself asks for registered mentors is no first step.
				if g.ID == p.ID || !g.IsOpen(a.Now()) || slices.ContainsFunc(g.PrerequisitesFor(tandem.Mentor), func(x tandem.Prerequisite) bool { return x.Kind == tandem.PrereqRegisteredMentor }) {
					continue
				}
				m.Links = append(m.Links, tandem.Link{Label: "Sign up as a mentor in " + g.Name, URL: fmt.Sprintf("/programmes/%d/join?role=mentor", g.ID)})
			}
		case tandem.PrereqAttendedEvent:
			ok, err := hasAttended(ctx, a.store, actor, q.Event)
			if err != nil {
				return nil, err
			}
			if ok {
				continue
			}
			lines, err := a.Events(ctx, actor, false)
			if err != nil {
				return nil, err
			}
			loc := a.Location(ctx, actor)
			booked := ""
			for _, e := range lines {
				if !e.TitleMatches(q.Event) || !e.Upcoming(a.Now()) {
					continue
				}
				on := e.StartsAt.In(loc).Format("Mon 2 Jan 2006, 15:04")
				verb := "Book"
				if e.Mine != nil && e.Mine.Status == tandem.BookingBooked {
					verb = "Your place at"
					if booked == "" {
						booked = on
					}
				}
				m.Links = append(m.Links, tandem.Link{Label: verb + " \u201c" + e.Title + "\u201d on " + on, URL: fmt.Sprintf("/events/%d", e.ID)})
			}
			switch {
			case booked != "":
				m.Help = "Tandem has no record of your attendance yet. You have a place on " + booked + ": once the coordinator records that you attended, come back here."
			case len(m.Links) > 0:
				m.Help = "Tandem has no record of your attendance yet. Book a place at one of the upcoming sessions; once the coordinator records that you attended, come back here."
			default:
				m.Help = "Tandem has no record of your attendance yet, and no session is scheduled at the moment: ask the coordinator when the next one is."
				if p.ContactEmail != "" {
					m.Links = append(m.Links, tandem.Link{Label: "Write to the coordinator", URL: "mailto:" + p.ContactEmail})
				}
			}
		default:
			continue
		}
		m.Message = "To join as a " + role + " you must " + q.Describe() + ". " + m.Help
		out = append(out, m)
	}
	return out, nil
}

// DecisionInput is a coordinator's decision on an application.
type DecisionInput struct {
	Decision string // tandem.DecisionApprove, DecisionDecline or DecisionConversation
	Message  string // to the applicant; optional
}

// DecideApplication decides a pending application: approve, decline, or
// ask for a conversation first, which keeps it pending and tells the
// applicant by email and on the programme's page. Every decision is
// recorded. Coordinators only.
func (a *App) DecideApplication(ctx context.Context, actor *tandem.User, programmeID, membershipID int64, in DecisionInput) (*tandem.Membership, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	pr := tandem.Problems{}
	if !slices.Contains([]string{tandem.DecisionApprove, tandem.DecisionDecline, tandem.DecisionConversation}, in.Decision) {
		pr.Add("decision", "Choose to approve, decline, or ask for a conversation.")
	}
	msg := tandem.CheckText(pr, "message", "The message", in.Message, 2000, false)
	if err := pr.Err(); err != nil {
		return nil, err
	}
	var out *tandem.Membership
	err = a.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.LockMembership(ctx, p.ID, membershipID); err != nil {
			return err
		}
		m, err := tx.Membership(ctx, p.ID, membershipID)
		if err != nil {
			return err
		}
		approve := in.Decision == tandem.DecisionApprove
		if m.Status != tandem.MemberPending && !(m.Status == tandem.MemberDeclined && approve) {
			return tandem.Errorf(tandem.EConflict, "%s's application was already decided (%s).", m.UserName, strings.ToLower(tandem.StatusLabel(m.Status)))
		}
		now := a.Now()
		if in.Decision != tandem.DecisionConversation {
			m.DecidedAt = &now
			m.Status = tandem.MemberDeclined
			if approve {
				m.Status = tandem.MemberApproved
			}
			if err := tx.UpdateMembership(ctx, m); err != nil {
				return err
			}
		}
		out = m
		if err := tx.AddApplicationDecision(ctx, &tandem.ApplicationDecision{MembershipID: m.ID, Decision: in.Decision, Message: msg, DecidedBy: actor.ID, DecidedAt: now}); err != nil {
			return err
		}
		detail := tandem.StatusLabel(m.Status)
		if in.Decision == tandem.DecisionConversation {
			detail = "Asked for a conversation"
		}
		return a.logged(ctx, tx, actor, tandem.AuditDecideApplication, m.UserID, p.ID, detail)
	})
	if err == nil && in.Decision == tandem.DecisionConversation {
		a.askedForConversation(ctx, actor, p, out, msg)
	}
	return out, err
}

func (a *App) askedForConversation(ctx context.Context, actor *tandem.User, p *tandem.Programme, m *tandem.Membership, msg string) {
	to, err := a.store.User(ctx, m.UserID)
	if err != nil {
		return
	}
	org, err := a.store.Organisation(ctx, p.OrgID)
	if err != nil {
		a.log.ErrorContext(ctx, "conversation email: organisation", "err", err)
		return
	}
	data := mail.ApplicationConversation{Layout: mail.Layout{Org: org.Name, Name: to.Name, ActionURL: fmt.Sprintf("%s/programmes/%d", a.baseURL, p.ID),
		SupportLinks: org.SupportLinks}, Programme: p.Name, Coordinator: actor.Name, Contact: p.ContactEmail, Message: msg}
	// Queued after the decision's transaction (a.store): see outbox.go.
	if err := a.notify(ctx, a.store, fmt.Sprintf("application_conversation/m%d/%d", m.ID, a.Now().Unix()), "application_conversation", data, to, org.Name, ""); err != nil {
		a.log.ErrorContext(ctx, "email not queued", "template", "application_conversation", "err", err)
	}
}

// ApplicationDecisions lists the decisions taken on a programme's
// applications, newest first; its coordinators only.
func (a *App) ApplicationDecisions(ctx context.Context, actor *tandem.User, programmeID int64) ([]tandem.ApplicationDecision, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	return a.store.ApplicationDecisions(ctx, p.ID, 0)
}

// MyApplicationDecisions lists the decisions on the actor's own
// applications to a programme, newest first.
func (a *App) MyApplicationDecisions(ctx context.Context, actor *tandem.User, programmeID int64) ([]tandem.ApplicationDecision, error) {
	p, err := a.Programme(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	return a.store.ApplicationDecisions(ctx, p.ID, actor.ID)
}
