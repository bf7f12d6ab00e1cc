package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/ics"
)

// meetingJSON is a meeting of the pair. Allowed says what the caller may do
// with it now; reads (the workspace, a meeting's preparation) fill it, the
// answers to changes leave it out.
type meetingJSON struct {
	ID           int64               `json:"id"`
	UID          string              `json:"uid"`
	Sequence     int                 `json:"sequence"`
	StartsAt     time.Time           `json:"starts_at"`
	EndsAt       time.Time           `json:"ends_at"`
	StartsLocal  string              `json:"starts_local"`
	Minutes      int                 `json:"minutes"`
	Venue        string              `json:"venue"`
	VideoURL     string              `json:"video_url"`
	Agenda       string              `json:"agenda"`
	State        string              `json:"state"`
	StateLabel   string              `json:"state_label"`
	ProposedByMe bool                `json:"proposed_by_me"`
	Message      string              `json:"message"`
	Held         bool                `json:"held"`
	HeldAt       *time.Time          `json:"held_at"`
	ICSURL       string              `json:"ics_url"`
	Allowed      *meetingAllowedJSON `json:"allowed,omitempty"`
}

type meetingAllowedJSON struct {
	Accept      bool `json:"accept"`
	Move        bool `json:"move"`
	Cancel      bool `json:"cancel"`
	ConfirmHeld bool `json:"confirm_held"`
}

func toMeetingJSON(m *tandem.Meeting, actor *tandem.User, loc *time.Location) meetingJSON {
	return meetingJSON{ID: m.ID, UID: m.UID, Sequence: m.Sequence, StartsAt: m.StartsAt, EndsAt: m.EndsAt(),
		StartsLocal: m.StartsAt.In(loc).Format(time.RFC3339), Minutes: m.Minutes, Venue: m.Venue, VideoURL: m.VideoURL,
		Agenda: m.Agenda, State: m.State, StateLabel: tandem.MeetingStateLabel(m), ProposedByMe: m.ProposedBy == actor.ID,
		Message: m.Message, Held: m.HeldAt != nil, HeldAt: m.HeldAt,
		ICSURL: fmt.Sprintf("/api/v1/partnerships/%d/meetings/%d/ics", m.PartnershipID, m.ID)}
}

func meetingViewJSON(v *app.MeetingView) meetingJSON {
	return meetingJSON{ID: v.ID, UID: v.UID, Sequence: v.Sequence, StartsAt: v.StartsAt, EndsAt: v.EndsAt(),
		StartsLocal: v.Local.Format(time.RFC3339), Minutes: v.Minutes, Venue: v.Venue, VideoURL: v.VideoURL, Agenda: v.Agenda,
		State: v.State, StateLabel: v.StateLabel, ProposedByMe: v.ProposedByMe, Message: v.Message, Held: v.HeldAt != nil, HeldAt: v.HeldAt,
		ICSURL:  fmt.Sprintf("/api/v1/partnerships/%d/meetings/%d/ics", v.PartnershipID, v.ID),
		Allowed: &meetingAllowedJSON{Accept: v.CanAccept, Move: v.CanMove, Cancel: v.CanCancel, ConfirmHeld: v.CanConfirm}}
}

// meetingBody is a proposal: when (RFC 3339, or local time in the
// organisation's zone), how long, where, and what about.
type meetingBody struct {
	Starts   string `json:"starts"`
	Minutes  int    `json:"minutes"`
	Venue    string `json:"venue"`
	VideoURL string `json:"video_url"`
	Agenda   string `json:"agenda"`
}

func (b meetingBody) input(message string) app.MeetingInput {
	return app.MeetingInput{Starts: b.Starts, Minutes: b.Minutes, Venue: b.Venue, VideoURL: b.VideoURL, Agenda: b.Agenda, Message: message}
}

// meetingChange is the answer to a change of a meeting: the meeting as it
// now stands, times shown in the organisation's zone.
func (s *Server) meetingChange(r *http.Request, actor *tandem.User, status int, m *tandem.Meeting, err error) (int, any, error) {
	if err != nil {
		return 0, nil, err
	}
	return status, toMeetingJSON(m, actor, s.app.Location(r.Context(), actor)), nil
}

func (s *Server) proposeMeeting(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var in meetingBody
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	m, err := s.app.ProposeMeeting(r.Context(), actor, id, in.input(""))
	return s.meetingChange(r, actor, http.StatusCreated, m, err)
}

func (s *Server) acceptMeeting(r *http.Request, actor *tandem.User) (int, any, error) {
	id, mid, err := pathIDs(r, "mid")
	if err != nil {
		return 0, nil, err
	}
	m, err := s.app.AcceptMeeting(r.Context(), actor, id, mid)
	return s.meetingChange(r, actor, http.StatusOK, m, err)
}

func (s *Server) moveMeeting(r *http.Request, actor *tandem.User) (int, any, error) {
	id, mid, err := pathIDs(r, "mid")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		meetingBody
		Message string `json:"message"`
	}
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	m, err := s.app.MoveMeeting(r.Context(), actor, id, mid, in.input(in.Message))
	return s.meetingChange(r, actor, http.StatusOK, m, err)
}

func (s *Server) cancelMeeting(r *http.Request, actor *tandem.User) (int, any, error) {
	id, mid, err := pathIDs(r, "mid")
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Message string `json:"message"`
	}
	if err := decodeOptional(r, &in); err != nil {
		return 0, nil, err
	}
	m, err := s.app.CancelMeeting(r.Context(), actor, id, mid, in.Message)
	return s.meetingChange(r, actor, http.StatusOK, m, err)
}

func (s *Server) meetingHeld(r *http.Request, actor *tandem.User) (int, any, error) {
	id, mid, err := pathIDs(r, "mid")
	if err != nil {
		return 0, nil, err
	}
	m, err := s.app.ConfirmMeetingHeld(r.Context(), actor, id, mid)
	return s.meetingChange(r, actor, http.StatusOK, m, err)
}

// prepJSON is what a member reads before a meeting.
type prepJSON struct {
	Partnership partnershipJSON   `json:"partnership"`
	Meeting     meetingJSON       `json:"meeting"`
	OpenActions []actionJSON      `json:"open_actions"`
	Goals       []goalJSON        `json:"goals"`
	Notes       []noteJSON        `json:"notes"`
	Prompts     []promptStageJSON `json:"prompts"`
}

// promptStageJSON is one stage of the question prompts (002).
type promptStageJSON struct {
	Key       string   `json:"key"`
	Title     string   `json:"title"`
	Questions []string `json:"questions"`
}

func (s *Server) prepareMeeting(r *http.Request, actor *tandem.User) (int, any, error) {
	id, mid, err := pathIDs(r, "mid")
	if err != nil {
		return 0, nil, err
	}
	p, err := s.app.PrepareMeeting(r.Context(), actor, id, mid)
	if err != nil {
		return 0, nil, err
	}
	out := prepJSON{Partnership: toPartnershipJSON(&p.Workspace.Partnership), Meeting: meetingViewJSON(&p.Meeting),
		OpenActions: actionsJSON(p.Open, p.Workspace.Today), Goals: goalsJSON(p.Workspace.Goals), Notes: notesJSON(p.Notes, actor),
		Prompts: []promptStageJSON{}}
	for _, st := range p.Prompts {
		out.Prompts = append(out.Prompts, promptStageJSON{Key: st.Key, Title: st.Title, Questions: nonNilSlice(st.Questions)})
	}
	return 0, out, nil
}

// meetingICS serves one meeting's invitation as an iCalendar file.
func (s *Server) meetingICS() http.Handler {
	return s.calendarFile("meeting", "mid", func(r *http.Request, actor *tandem.User) (ics.Calendar, error) {
		id, mid, err := pathIDs(r, "mid")
		if err != nil {
			return ics.Calendar{}, err
		}
		return s.app.MeetingCalendar(r.Context(), actor, id, mid)
	})
}

// calendarFeed says whether the caller has a private calendar feed.
func (s *Server) calendarFeed(r *http.Request, actor *tandem.User) (int, any, error) {
	on, err := s.app.CalendarFeedStatus(r.Context(), actor)
	if err != nil {
		return 0, nil, err
	}
	return 0, map[string]bool{"active": on}, nil
}

// newCalendarFeed makes a new feed URL, shown this once; any older URL stops working.
func (s *Server) newCalendarFeed(r *http.Request, actor *tandem.User) (int, any, error) {
	url, err := s.app.NewCalendarFeed(r.Context(), actor)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, map[string]string{"url": url}, nil
}

func (s *Server) revokeCalendarFeed(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := s.app.RevokeCalendarFeed(r.Context(), actor); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}
