package app

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
)

// MeetingInput is a proposal, or a suggestion of another time or place.
type MeetingInput struct {
	// Starts is the start in the organisation's time zone as a form sends it
	// ("2026-12-01T14:00"), or an RFC 3339 time with its own offset (API).
	Starts   string
	Minutes  int // 0 = the programme's default length
	Venue    string
	VideoURL string
	Agenda   string
	Message  string // sent with a move: why another time
}

// LocalLayout is how forms write a local date and time (input type=datetime-local).
const LocalLayout = "2006-01-02T15:04"

// orgLocation returns the organisation's time zone; meetings are entered
// and shown in it.
func (a *App) orgLocation(ctx context.Context, st *store.Store, orgID int64) *time.Location {
	if o, err := st.Organisation(ctx, orgID); err == nil {
		if loc, err := time.LoadLocation(o.TimeZone); err == nil {
			return loc
		}
	}
	return time.UTC
}

// Location returns the actor's organisation's time zone.
func (a *App) Location(ctx context.Context, actor *tandem.User) *time.Location {
	if actor == nil {
		return time.UTC
	}
	return a.orgLocation(ctx, a.store, actor.OrgID)
}

func (a *App) checkMeeting(in MeetingInput, prog *tandem.Programme, loc *time.Location, now time.Time) (start time.Time, minutes int, err error) {
	pr := tandem.Problems{}
	s := strings.TrimSpace(in.Starts)
	start, perr := time.ParseInLocation(LocalLayout, s, loc)
	if perr != nil {
		start, perr = time.Parse(time.RFC3339, s)
	}
	switch {
	case s == "":
		pr.Add("starts", "Choose a date and time.")
	case perr != nil:
		pr.Add("starts", "Give the date and time as YYYY-MM-DD HH:MM.")
	case !start.After(now):
		pr.Add("starts", "Choose a time in the future.")
	case start.After(now.AddDate(1, 0, 0)):
		pr.Add("starts", "Choose a time within the next year.")
	}
	minutes = in.Minutes
	if minutes == 0 {
		minutes = prog.MeetingMinutes
	}
	if minutes < 15 || minutes > 480 {
		pr.Add("minutes", "A meeting lasts from 15 minutes to 8 hours.")
	}
	venue := tandem.CheckText(pr, "venue", "The place", in.Venue, 300, false)
	video := strings.TrimSpace(in.VideoURL)
	if video != "" {
		if u, err := url.Parse(video); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			pr.Add("video_url", "Give the video link as a web address starting with https://.")
		}
	}
	if venue == "" && video == "" {
		pr.Add("venue", "Say where you will meet: a place, a video link, or both.")
	}
	tandem.CheckText(pr, "agenda", "The agenda", in.Agenda, 4000, false)
	tandem.CheckText(pr, "message", "The message", in.Message, 1000, false)
	return start.UTC(), minutes, pr.Err()
}

func meetingsAllowed(state string) error {
	if !tandem.PartnershipLive(state) {
		return tandem.Errorf(tandem.EConflict, "The partnership has ended: no more meetings can be arranged in it.")
	}
	return nil
}

// ProposeMeeting proposes a meeting to the other member of the pair, who
// accepts it or suggests another time. Either may propose; the mentee is
// encouraged to drive (001).
func (a *App) ProposeMeeting(ctx context.Context, actor *tandem.User, partnershipID int64, in MeetingInput) (*tandem.Meeting, error) {
	var out *tandem.Meeting
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, _, err := lockedPartnershipOf(ctx, tx, actor, partnershipID)
		if err != nil {
			return err
		}
		if err := meetingsAllowed(p.State); err != nil {
			return err
		}
		prog, err := tx.Programme(ctx, actor.OrgID, p.ProgrammeID)
		if err != nil {
			return err
		}
		now := a.Now()
		start, minutes, err := a.checkMeeting(in, prog, a.orgLocation(ctx, tx, actor.OrgID), now)
		if err != nil {
			return err
		}
		token, _ := newToken()
		m := &tandem.Meeting{PartnershipID: p.ID, UID: "meeting-" + strings.ToLower(token[:20]) + "@" + a.uidDomain(), StartsAt: start, Minutes: minutes,
			Venue: strings.TrimSpace(in.Venue), VideoURL: strings.TrimSpace(in.VideoURL), Agenda: strings.TrimSpace(in.Agenda),
			State: tandem.MeetingProposed, ProposedBy: actor.ID, CreatedAt: now, UpdatedAt: now}
		out = m
		if err := tx.CreateMeeting(ctx, m); err != nil {
			return err
		}
		return a.meetingEmails(ctx, tx, actor, p, m, time.Time{})
	})
	return out, err
}

// uidDomain is the right-hand side of meeting UIDs: the server's host, so
// UIDs are globally unique as RFC 5545 asks.
func (a *App) uidDomain() string {
	if u, err := url.Parse(a.baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "tandem.invalid"
}

// meetingOf loads a meeting of a partnership the actor is in, under the
// partnership's lock.
func meetingOf(ctx context.Context, tx *store.Store, actor *tandem.User, partnershipID, meetingID int64) (*tandem.Partnership, string, *tandem.Meeting, error) {
	p, role, err := lockedPartnershipOf(ctx, tx, actor, partnershipID)
	if err != nil {
		return nil, "", nil, err
	}
	m, err := tx.Meeting(ctx, p.ID, meetingID)
	if err != nil {
		return nil, "", nil, err
	}
	return p, role, m, nil
}

// changeMeeting runs fn on a meeting of the actor's under the partnership's
// lock and saves it.
func (a *App) changeMeeting(ctx context.Context, actor *tandem.User, partnershipID, meetingID int64, fn func(tx *store.Store, p *tandem.Partnership, m *tandem.Meeting, now time.Time) error) (*tandem.Meeting, error) {
	var out *tandem.Meeting
	var before time.Time
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		p, _, m, err := meetingOf(ctx, tx, actor, partnershipID, meetingID)
		if err != nil {
			return err
		}
		before = m.StartsAt
		now := a.Now()
		if err := fn(tx, p, m, now); err != nil {
			return err
		}
		m.UpdatedAt = now
		out = m
		if err := tx.SaveMeeting(ctx, m); err != nil {
			return err
		}
		if m.HeldAt != nil {
			return nil // "it took place" tells no one
		}
		var was time.Time
		if !m.StartsAt.Equal(before) {
			was = before
		}
		return a.meetingEmails(ctx, tx, actor, p, m, was)
	})
	return out, err
}

// AcceptMeeting accepts the other person's proposal.
func (a *App) AcceptMeeting(ctx context.Context, actor *tandem.User, partnershipID, meetingID int64) (*tandem.Meeting, error) {
	return a.changeMeeting(ctx, actor, partnershipID, meetingID, func(_ *store.Store, p *tandem.Partnership, m *tandem.Meeting, now time.Time) error {
		switch {
		case m.State != tandem.MeetingProposed:
			return tandem.Errorf(tandem.EConflict, "This meeting is %s: there is no proposal to accept.", strings.ToLower(tandem.MeetingStateLabel(m)))
		case m.ProposedBy == actor.ID:
			return tandem.Errorf(tandem.EConflict, "You proposed this time: the other person accepts it or suggests another.")
		case !m.StartsAt.After(now):
			return tandem.Errorf(tandem.EConflict, "This proposed time has passed: suggest another.")
		}
		m.State, m.Message, m.Sequence = tandem.MeetingAccepted, "", m.Sequence+1
		return meetingsAllowed(p.State)
	})
}

// MoveMeeting suggests another time or place for a proposed meeting, or
// reschedules an accepted one: either way it becomes the actor's proposal,
// which the other person accepts. The UID stays, so calendars update it.
func (a *App) MoveMeeting(ctx context.Context, actor *tandem.User, partnershipID, meetingID int64, in MeetingInput) (*tandem.Meeting, error) {
	return a.changeMeeting(ctx, actor, partnershipID, meetingID, func(tx *store.Store, p *tandem.Partnership, m *tandem.Meeting, now time.Time) error {
		if err := meetingsAllowed(p.State); err != nil {
			return err
		}
		if m.State == tandem.MeetingCancelled || m.HeldAt != nil {
			return tandem.Errorf(tandem.EConflict, "This meeting is %s: propose a new one instead.", strings.ToLower(tandem.MeetingStateLabel(m)))
		}
		prog, err := tx.Programme(ctx, actor.OrgID, p.ProgrammeID)
		if err != nil {
			return err
		}
		start, minutes, err := a.checkMeeting(in, prog, a.orgLocation(ctx, tx, actor.OrgID), now)
		if err != nil {
			return err
		}
		m.StartsAt, m.Minutes, m.Venue, m.VideoURL = start, minutes, strings.TrimSpace(in.Venue), strings.TrimSpace(in.VideoURL)
		if strings.TrimSpace(in.Agenda) != "" {
			m.Agenda = strings.TrimSpace(in.Agenda)
		}
		m.State, m.ProposedBy, m.Message, m.Sequence = tandem.MeetingProposed, actor.ID, strings.TrimSpace(in.Message), m.Sequence+1
		return nil
	})
}

// CancelMeeting cancels a meeting that has not taken place, with a message.
func (a *App) CancelMeeting(ctx context.Context, actor *tandem.User, partnershipID, meetingID int64, message string) (*tandem.Meeting, error) {
	return a.changeMeeting(ctx, actor, partnershipID, meetingID, func(_ *store.Store, _ *tandem.Partnership, m *tandem.Meeting, now time.Time) error {
		pr := tandem.Problems{}
		msg := tandem.CheckText(pr, "message", "The message", message, 1000, false)
		if err := pr.Err(); err != nil {
			return err
		}
		if m.State == tandem.MeetingCancelled || m.HeldAt != nil {
			return tandem.Errorf(tandem.EConflict, "This meeting is %s already.", strings.ToLower(tandem.MeetingStateLabel(m)))
		}
		m.State, m.Message, m.Sequence = tandem.MeetingCancelled, msg, m.Sequence+1
		return nil
	})
}

// ConfirmMeetingHeld records that an accepted meeting took place. That fact
// and its date, never its content, reach the coordinator (002), and it is the
// pair's last contact.
func (a *App) ConfirmMeetingHeld(ctx context.Context, actor *tandem.User, partnershipID, meetingID int64) (*tandem.Meeting, error) {
	return a.changeMeeting(ctx, actor, partnershipID, meetingID, func(tx *store.Store, p *tandem.Partnership, m *tandem.Meeting, now time.Time) error {
		switch {
		case m.HeldAt != nil:
			return nil
		case m.State != tandem.MeetingAccepted:
			return tandem.Errorf(tandem.EConflict, "Only an accepted meeting can be confirmed as having taken place; this one is %s.", strings.ToLower(tandem.MeetingStateLabel(m)))
		case m.StartsAt.After(now):
			return tandem.Errorf(tandem.EConflict, "This meeting has not started yet: confirm it once it has taken place.")
		}
		m.HeldAt, m.HeldBy = &now, actor.ID
		return tx.TouchLastContact(ctx, p.ID, m.StartsAt)
	})
}

// MeetingTitle is the meeting's name in calendars and emails.
func MeetingTitle(p *tandem.Partnership) string {
	return fmt.Sprintf("Mentoring: %s and %s", p.MentorName, p.MenteeName)
}
