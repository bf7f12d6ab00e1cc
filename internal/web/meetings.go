package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/ics"
)

// meetingFromForm reads the propose and "suggest another time" forms.
func meetingFromForm(r *http.Request) app.MeetingInput {
	f := r.PostFormValue
	return app.MeetingInput{Starts: f("starts"), Minutes: formInt(r, "minutes"), Venue: f("venue"),
		VideoURL: f("video_url"), Agenda: f("agenda"), Message: f("message")}
}

// meetingPath reads the partnership and meeting ids of a request.
func (s *Server) meetingPath(w http.ResponseWriter, r *http.Request) (int64, int64, bool) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return 0, 0, false
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return 0, 0, false
	}
	return id, mid, true
}

func meetingAnchor(m *tandem.Meeting) string { return "meeting-" + strconv.FormatInt(m.ID, 10) }

func (s *Server) proposeMeeting(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	m, err := s.app.ProposeMeeting(r.Context(), currentUser(r), id, meetingFromForm(r))
	if err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	local := m.StartsAt.In(s.app.Location(r.Context(), currentUser(r)))
	s.partnershipDone(w, r, id, meetingAnchor(m), "You proposed a meeting on "+when(local)+". It is confirmed once the other person accepts it.")
}

// meetingAction runs one service call on a meeting of the pair and returns
// to the workspace, at the meeting, with done as the flash message.
func (s *Server) meetingAction(w http.ResponseWriter, r *http.Request, done string,
	call func(ctx context.Context, u *tandem.User, id, mid int64) (*tandem.Meeting, error)) {
	id, mid, ok := s.meetingPath(w, r)
	if !ok {
		return
	}
	m, err := call(r.Context(), currentUser(r), id, mid)
	if err != nil {
		s.partnershipFail(w, r, id, err)
		return
	}
	s.partnershipDone(w, r, id, meetingAnchor(m), done)
}

func (s *Server) acceptMeeting(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "Accepted. Add it to your calendar with the .ics file below.", s.app.AcceptMeeting)
}

func (s *Server) moveMeeting(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "You suggested another time. The meeting is confirmed once the other person accepts it.",
		func(ctx context.Context, u *tandem.User, id, mid int64) (*tandem.Meeting, error) {
			return s.app.MoveMeeting(ctx, u, id, mid, meetingFromForm(r))
		})
}

func (s *Server) cancelMeeting(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "The meeting is cancelled. Calendars that hold its invitation drop it when they next update.",
		func(ctx context.Context, u *tandem.User, id, mid int64) (*tandem.Meeting, error) {
			return s.app.CancelMeeting(ctx, u, id, mid, r.PostFormValue("message"))
		})
}

func (s *Server) confirmMeetingHeld(w http.ResponseWriter, r *http.Request) {
	s.meetingAction(w, r, "Thank you: the meeting is recorded as having taken place. The coordinator sees that it happened, never what was said.",
		s.app.ConfirmMeetingHeld)
}

// meetingInvitation serves one meeting's .ics file.
func (s *Server) meetingInvitation(w http.ResponseWriter, r *http.Request) {
	id, mid, ok := s.meetingPath(w, r)
	if !ok {
		return
	}
	cal, err := s.app.MeetingCalendar(r.Context(), currentUser(r), id, mid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCalendar(w, cal, `attachment; filename="meeting.ics"`)
}

// writeCalendar sends a calendar. It is private to its reader: no caching
// by anything between.
func writeCalendar(w http.ResponseWriter, cal ics.Calendar, disposition string) {
	w.Header().Set("Content-Type", ics.ContentType)
	w.Header().Set("Cache-Control", "private, no-store")
	if disposition != "" {
		w.Header().Set("Content-Disposition", disposition)
	}
	cal.WriteTo(w)
}

// prepareMeeting is the page a member reads before a meeting.
func (s *Server) prepareMeeting(w http.ResponseWriter, r *http.Request) {
	id, mid, ok := s.meetingPath(w, r)
	if !ok {
		return
	}
	s.showMeeting(w, r, id, mid, http.StatusOK, page{})
}

// meetingData is the preparation page: the app's preparation and the
// goal titles that actions refer to.
type meetingData struct {
	*app.MeetingPrep
	Base       string
	GoalTitles map[int64]string
	// The same names as on the workspace, for the forms both pages share.
	Partnership app.MyPartnership
	Goals       []tandem.Goal
	Today       string
	Location    *time.Location
	Live        bool
	Editable    bool
	// ReturnMeeting brings the page's forms back here rather than to the workspace.
	ReturnMeeting int64
}

func (s *Server) showMeeting(w http.ResponseWriter, r *http.Request, id, mid int64, status int, p page) {
	prep, err := s.app.PrepareMeeting(r.Context(), currentUser(r), id, mid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ws := prep.Workspace
	d := meetingData{MeetingPrep: prep, Base: "/partnerships/" + strconv.FormatInt(id, 10), GoalTitles: map[int64]string{}, Live: prep.Workspace.Live,
		Partnership: ws.Partnership, Goals: ws.Goals, Today: ws.Today, Location: ws.Location, Editable: ws.Live, ReturnMeeting: mid}
	for _, g := range prep.Workspace.Goals {
		d.GoalTitles[g.ID] = g.Title
	}
	p.Title = "Preparing the meeting of " + prep.Meeting.Local.Format("2 Jan 2006")
	p.Data = d
	s.renderStatus(w, r, status, "meeting", p)
}
