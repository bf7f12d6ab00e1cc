package api

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/ics"
)

// eventJSON is an event as the caller sees it, with their own booking.
type eventJSON struct {
	ID            int64        `json:"id"`
	Kind          string       `json:"kind"`
	KindLabel     string       `json:"kind_label"`
	Title         string       `json:"title"`
	Description   string       `json:"description"`
	ProgrammeID   *int64       `json:"programme_id"`
	ProgrammeName string       `json:"programme_name"`
	StartsAt      time.Time    `json:"starts_at"`
	EndsAt        time.Time    `json:"ends_at"`
	Minutes       int          `json:"minutes"`
	Place         string       `json:"place"`
	URL           string       `json:"url"`
	Capacity      int          `json:"capacity"`
	Booked        int          `json:"booked"`
	Waiting       int          `json:"waiting"`
	PlacesLeft    int          `json:"places_left"`
	Audience      string       `json:"audience"`
	HostName      string       `json:"host_name"`
	SeriesID      *int64       `json:"series_id"`
	CancelledAt   *time.Time   `json:"cancelled_at"`
	CancelMessage string       `json:"cancel_message"`
	CanManage     bool         `json:"can_manage"`
	MyBooking     *bookingJSON `json:"my_booking"`
}

// bookingJSON is a booking: the caller's own, or one of an event they run.
type bookingJSON struct {
	UserID     int64      `json:"user_id"`
	UserName   string     `json:"user_name"`
	Status     string     `json:"status"`
	Position   int        `json:"position"`
	AttendedAt *time.Time `json:"attended_at"`
	CheckedIn  bool       `json:"checked_in"`
}

// eventDetailJSON is one event; bookings only for those who run it.
type eventDetailJSON struct {
	Event    eventJSON     `json:"event"`
	Bookings []bookingJSON `json:"bookings"`
}

func toBookingJSON(b *tandem.Booking) *bookingJSON {
	if b == nil {
		return nil
	}
	return &bookingJSON{UserID: b.UserID, UserName: b.UserName, Status: b.Status, Position: b.Position, AttendedAt: b.AttendedAt, CheckedIn: b.CheckedIn}
}

func toEventJSON(l app.EventLine) eventJSON {
	e := l.Event
	return eventJSON{ID: e.ID, Kind: e.Kind, KindLabel: tandem.EventKindLabel(e.Kind), Title: e.Title, Description: e.Description,
		ProgrammeID: optionalID(e.ProgrammeID), ProgrammeName: e.ProgrammeName, StartsAt: e.StartsAt, EndsAt: e.EndsAt(), Minutes: e.Minutes,
		Place: e.Place, URL: e.URL, Capacity: e.Capacity, Booked: e.Booked, Waiting: e.Waiting, PlacesLeft: e.PlacesLeft(), Audience: e.Audience,
		HostName: e.HostName, SeriesID: optionalID(e.SeriesID), CancelledAt: e.CancelledAt, CancelMessage: e.CancelMessage, CanManage: l.CanManage,
		MyBooking: toBookingJSON(l.Mine)}
}

// eventBody is an event as a client sends it; starts is RFC 3339, or a
// local time ("2026-12-01T14:00") in the organisation's time zone.
type eventBody struct {
	ProgrammeID int64  `json:"programme_id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Starts      string `json:"starts"`
	Minutes     int    `json:"minutes"`
	Place       string `json:"place"`
	URL         string `json:"url"`
	Capacity    int    `json:"capacity"`
	Audience    string `json:"audience"`
	HostID      int64  `json:"host_id"`
	// Count and GapMinutes make a series of support slots (POST /events/slots).
	Count      int `json:"count,omitempty"`
	GapMinutes int `json:"gap_minutes,omitempty"`
}

func (b eventBody) input() app.EventInput {
	return app.EventInput{ProgrammeID: b.ProgrammeID, Kind: b.Kind, Title: b.Title, Description: b.Description, Starts: b.Starts, Minutes: b.Minutes,
		Place: b.Place, URL: b.URL, Capacity: b.Capacity, Audience: b.Audience, HostID: b.HostID}
}

func (s *Server) events(r *http.Request, actor *tandem.User) (int, any, error) {
	ls, err := s.app.Events(r.Context(), actor, r.URL.Query().Get("when") == "past")
	if err != nil {
		return 0, nil, err
	}
	out := make([]eventJSON, 0, len(ls))
	for _, l := range ls {
		out = append(out, toEventJSON(l))
	}
	return 0, out, nil
}

// eventReply answers with the event as the caller now sees it.
func (s *Server) eventReply(r *http.Request, actor *tandem.User, id int64, status int) (int, any, error) {
	d, err := s.app.Event(r.Context(), actor, id)
	if err != nil {
		return 0, nil, err
	}
	out := eventDetailJSON{Event: toEventJSON(d.EventLine), Bookings: make([]bookingJSON, 0, len(d.Bookings))}
	for i := range d.Bookings {
		out.Bookings = append(out.Bookings, *toBookingJSON(&d.Bookings[i]))
	}
	return status, out, nil
}

func (s *Server) event(r *http.Request, actor *tandem.User) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	return s.eventReply(r, actor, id, 0)
}

func (s *Server) createEvent(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	var in eventBody
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	e, err := s.app.CreateEvent(r.Context(), actor, in.input())
	if err != nil {
		return 0, nil, err
	}
	return s.eventReply(r, actor, e.ID, http.StatusCreated)
}

func (s *Server) createSlots(r *http.Request, actor *tandem.User) (int, any, error) {
	if err := requireActor(actor); err != nil {
		return 0, nil, err
	}
	var in eventBody
	if err := decode(r, &in); err != nil {
		return 0, nil, err
	}
	es, err := s.app.CreateSupportSlots(r.Context(), actor, app.SlotsInput{EventInput: in.input(), Count: in.Count, GapMinutes: in.GapMinutes})
	if err != nil {
		return 0, nil, err
	}
	out := make([]eventJSON, 0, len(es))
	for _, e := range es {
		out = append(out, toEventJSON(app.EventLine{Event: e, CanManage: true}))
	}
	return http.StatusCreated, out, nil
}

// eventChange runs one change on the event in the path and answers with
// the event as the caller then sees it.
func (s *Server) eventChange(do func(r *http.Request, actor *tandem.User, id int64) error) handlerFunc {
	return func(r *http.Request, actor *tandem.User) (int, any, error) {
		if err := requireActor(actor); err != nil {
			return 0, nil, err
		}
		id, err := pathID(r, "id")
		if err != nil {
			return 0, nil, err
		}
		if err := do(r, actor, id); err != nil {
			return 0, nil, err
		}
		return s.eventReply(r, actor, id, 0)
	}
}

func (s *Server) updateEvent(r *http.Request, actor *tandem.User, id int64) error {
	var in eventBody
	if err := decode(r, &in); err != nil {
		return err
	}
	_, err := s.app.UpdateEvent(r.Context(), actor, id, in.input())
	return err
}

func (s *Server) cancelEvent(r *http.Request, actor *tandem.User, id int64) error {
	var in struct {
		Message string `json:"message"`
	}
	if err := decodeOptional(r, &in); err != nil {
		return err
	}
	_, err := s.app.CancelEvent(r.Context(), actor, id, in.Message)
	return err
}

func (s *Server) book(r *http.Request, actor *tandem.User, id int64) error {
	_, err := s.app.Book(r.Context(), actor, id)
	return err
}

func (s *Server) unbook(r *http.Request, actor *tandem.User, id int64) error {
	_, err := s.app.CancelBooking(r.Context(), actor, id)
	return err
}

func (s *Server) checkIn(r *http.Request, actor *tandem.User, id int64) error {
	_, err := s.app.CheckIn(r.Context(), actor, id)
	return err
}

func (s *Server) recordAttendance(r *http.Request, actor *tandem.User, id int64) error {
	var in struct {
		Attended []int64 `json:"attended"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	_, err := s.app.RecordAttendance(r.Context(), actor, id, in.Attended)
	return err
}

// askForConversation keeps an application pending and asks the applicant
// for a conversation first.
func (s *Server) askForConversation(r *http.Request, actor *tandem.User) (int, any, error) {
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
	m, err := s.app.DecideApplication(r.Context(), actor, id, mid, app.DecisionInput{Decision: tandem.DecisionConversation, Message: in.Message})
	return 0, m, err
}

// calendarFile serves the calendar load returns as a download named by
// the path's id, or the error as JSON.
func (s *Server) calendarFile(prefix, idName string, load func(r *http.Request, actor *tandem.User) (ics.Calendar, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, actor, err := s.authenticate(r)
		if err == nil {
			err = requireActor(actor)
		}
		var id int64
		if err == nil {
			id, err = pathID(r, idName)
		}
		var cal ics.Calendar
		if err == nil {
			cal, err = load(r, actor)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		var buf bytes.Buffer
		cal.WriteTo(&buf)
		w.Header().Set("Content-Type", ics.ContentType)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Disposition", `attachment; filename="`+prefix+`-`+strconv.FormatInt(id, 10)+`.ics"`)
		buf.WriteTo(w)
	})
}

func (s *Server) eventICS() http.Handler {
	return s.calendarFile("event", "id", func(r *http.Request, actor *tandem.User) (ics.Calendar, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return ics.Calendar{}, err
		}
		return s.app.EventCalendar(r.Context(), actor, id)
	})
}
