package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// eventsData is the list of events a person may book, and for those who
// arrange events, the way to arrange one.
type eventsData struct {
	Events     []eventGroup
	Past       bool
	CanArrange bool
	Location   *time.Location
	Now        time.Time
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	ctx, u := r.Context(), currentUser(r)
	past := r.URL.Query().Get("when") == "past"
	list, err := s.app.Events(ctx, u, past)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := "Events"
	if past {
		title = "Past events"
	}
	loc := s.app.Location(ctx, u)
	s.render(w, r, "events", page{Title: title, Data: eventsData{Events: groupSlots(list, loc), Past: past, CanArrange: u.CanCreateProgrammes(),
		Location: loc, Now: s.app.Now()}})
}

// eventGroup is one card of the events list: an event, or the slots of a
// series of support sessions on one day, which read better as one card
// with a row of times than as a card each.
type eventGroup struct {
	app.EventLine                 // the event, or the day's first slot
	Slots         []app.EventLine // the day's slots, when more than one
}

func groupSlots(ls []app.EventLine, loc *time.Location) []eventGroup {
	var out []eventGroup
	day := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	for _, l := range ls {
		if n := len(out); n > 0 && l.SeriesID != 0 && out[n-1].SeriesID == l.SeriesID && day(out[n-1].StartsAt) == day(l.StartsAt) {
			if out[n-1].Slots == nil {
				out[n-1].Slots = []app.EventLine{out[n-1].EventLine}
			}
			out[n-1].Slots = append(out[n-1].Slots, l)
			continue
		}
		out = append(out, eventGroup{EventLine: l})
	}
	return out
}

// eventFormData is what the forms to arrange events offer: the programmes
// the person runs (and the whole organisation) and the scheme team.
type eventFormData struct {
	Programmes []tandem.Programme
	Team       []tandem.User
	Kinds      []string
	Audiences  []string
	// Values fills each form ("event", "slots", "edit") until it is refused.
	Values map[string]url.Values
	Hints  map[string]string
}

var eventHints = map[string]string{
	"event-title":   "E.g. “Being a Mentor”. A programme's prerequisite that names this title is met by attending it.",
	"slots-title":   "The same for every slot.",
	"event-starts":  "Starts",
	"edit-starts":   "Starts",
	"slots-starts":  "First slot starts",
	"event-minutes": "E.g. 240 for half a day.",
	"edit-minutes":  "",
	"slots-minutes": "45 for the usual support session.",
}

func (s *Server) eventForm(r *http.Request) (eventFormData, error) {
	ctx, u := r.Context(), currentUser(r)
	// A new form starts from the usual values; ?programme= chooses the programme.
	programme := r.URL.Query().Get("programme")
	d := eventFormData{Kinds: tandem.EventKinds, Audiences: tandem.Audiences, Hints: eventHints, Values: map[string]url.Values{
		"event": {"programme_id": {programme}, "minutes": {"120"}, "capacity": {"20"}, "audience": {tandem.AudienceEveryone}, "kind": {tandem.EventTraining}},
		"slots": {"programme_id": {programme}, "title": {"Support session"}, "minutes": {"45"}, "count": {"6"}, "gap_minutes": {"15"},
			"audience": {tandem.AudienceEveryone}, "host_id": {strconv.FormatInt(u.ID, 10)}},
	}}
	var err error
	if d.Programmes, err = s.app.CoordinatedProgrammes(ctx, u); err != nil {
		return d, err
	}
	d.Team, err = s.app.SchemeTeam(ctx, u)
	return d, err
}

func (s *Server) newEventForm(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	d, err := s.eventForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "event_new", page{Title: "Arrange an event", Data: d})
}

// eventInput reads an event's form.
func eventInput(r *http.Request) app.EventInput {
	f := r.PostFormValue
	return app.EventInput{ProgrammeID: formID(r, "programme_id"), Kind: f("kind"), Title: f("title"), Description: f("description"),
		Starts: f("starts"), Minutes: formInt(r, "minutes"), Place: f("place"), URL: f("url"), Capacity: formInt(r, "capacity"),
		Audience: f("audience"), HostID: formID(r, "host_id")}
}

func (s *Server) createEvent(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	e, err := s.app.CreateEvent(r.Context(), currentUser(r), eventInput(r))
	if err != nil {
		s.eventFormFail(w, r, err)
		return
	}
	s.redirect(w, r, "/events/"+strconv.FormatInt(e.ID, 10), "“"+e.Title+"” is arranged. Everyone it is for can now book a place.")
}

func (s *Server) createSlots(w http.ResponseWriter, r *http.Request) {
	if s.requireSignIn(w, r) {
		return
	}
	in := app.SlotsInput{EventInput: eventInput(r), Count: formInt(r, "count"), GapMinutes: formInt(r, "gap_minutes")}
	slots, err := s.app.CreateSupportSlots(r.Context(), currentUser(r), in)
	if err != nil {
		s.eventFormFail(w, r, err)
		return
	}
	s.redirect(w, r, "/events", plural(len(slots), "support slot is", "support slots are")+" open to book, one person each.")
}

// eventFormFail shows the refused form again, filled in.
func (s *Server) eventFormFail(w http.ResponseWriter, r *http.Request, err error) {
	d, derr := s.eventForm(r)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	s.formFail(w, r, "event_new", page{Title: "Arrange an event", Data: d}, err)
}

// eventData is one event as a person sees it, with the edit form's choices
// for those who run it.
type eventData struct {
	*app.EventDetail
	Form     eventFormData
	Location *time.Location
	Now      time.Time
	Local    time.Time // the start in the organisation's time zone
}

func (s *Server) event(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	s.showEvent(w, r, id, http.StatusOK, page{})
}

func (s *Server) showEvent(w http.ResponseWriter, r *http.Request, id int64, status int, p page) {
	ctx, u := r.Context(), currentUser(r)
	d, err := s.app.Event(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc := s.app.Location(ctx, u)
	data := eventData{EventDetail: d, Location: loc, Now: s.app.Now(), Local: d.StartsAt.In(loc)}
	if d.CanManage {
		if data.Form, err = s.eventForm(r); err != nil {
			s.fail(w, r, err)
			return
		}
		data.Form.Values["edit"] = eventValues(&d.Event, loc)
	}
	p.Title, p.Data = d.Title, data
	s.renderStatus(w, r, status, "event", p)
}

// eventValues fills the edit form from an event.
func eventValues(e *tandem.Event, loc *time.Location) url.Values {
	return url.Values{"kind": {e.Kind}, "title": {e.Title}, "description": {e.Description},
		"starts": {e.StartsAt.In(loc).Format(app.LocalLayout)}, "minutes": {strconv.Itoa(e.Minutes)}, "place": {e.Place}, "url": {e.URL},
		"capacity": {strconv.Itoa(e.Capacity)}, "audience": {e.Audience}, "host_id": {strconv.FormatInt(e.HostID, 10)}}
}

// eventFail shows a refused form again on the event's page.
func (s *Server) eventFail(w http.ResponseWriter, r *http.Request, id int64, err error) {
	code := tandem.ErrorCode(err)
	if code != tandem.EInvalid && code != tandem.EConflict {
		s.fail(w, r, err)
		return
	}
	s.showEvent(w, r, id, StatusOf(code), page{Form: r.PostForm, Errors: tandem.ErrorFields(err), Error: tandem.ErrorMessage(err)})
}

// eventAction runs one action on the event in the path and goes back to
// its page with a message, or shows the page again with what went wrong.
func (s *Server) eventAction(do func(s *Server, r *http.Request, u *tandem.User, id int64) (string, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := s.signedInID(w, r)
		if !ok {
			return
		}
		msg, err := do(s, r, currentUser(r), id)
		if err != nil {
			s.eventFail(w, r, id, err)
			return
		}
		s.redirect(w, r, "/events/"+strconv.FormatInt(id, 10), msg)
	}
}

func updateEvent(s *Server, r *http.Request, u *tandem.User, id int64) (string, error) {
	_, err := s.app.UpdateEvent(r.Context(), u, id, eventInput(r))
	return "The event is saved. Everyone booked or waiting is told of a new time or place by email, with the updated invitation.", err
}

func cancelEvent(s *Server, r *http.Request, u *tandem.User, id int64) (string, error) {
	e, err := s.app.CancelEvent(r.Context(), u, id, r.PostFormValue("message"))
	if err != nil {
		return "", err
	}
	return "The event is cancelled. " + plural(e.Booked+e.Waiting, "person booked or waiting is", "people booked or waiting are") + " told by email.", nil
}

func bookEvent(s *Server, r *http.Request, u *tandem.User, id int64) (string, error) {
	b, err := s.app.Book(r.Context(), u, id)
	if err != nil {
		return "", err
	}
	if b.Status == tandem.BookingWaiting {
		return "The event is full: you are number " + strconv.Itoa(b.Position) + " on the waiting list. If a place comes free, it is yours and we will email you.", nil
	}
	return "You have a place. Add it to your calendar below.", nil
}

func unbookEvent(s *Server, r *http.Request, u *tandem.User, id int64) (string, error) {
	_, err := s.app.CancelBooking(r.Context(), u, id)
	return "Your booking is cancelled.", err
}

func checkIn(s *Server, r *http.Request, u *tandem.User, id int64) (string, error) {
	_, err := s.app.CheckIn(r.Context(), u, id)
	return "You are checked in. Welcome!", err
}

func (s *Server) eventCalendar(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	cal, err := s.app.EventCalendar(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCalendar(w, cal, `attachment; filename="event.ics"`)
}

// attendanceData is an event's attendance sheet.
type attendanceData struct {
	*app.EventDetail
	Local    time.Time
	Location *time.Location
	Open     bool // attendance can be recorded now
}

func (s *Server) attendance(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	s.showAttendance(w, r, id, http.StatusOK, page{})
}

func (s *Server) showAttendance(w http.ResponseWriter, r *http.Request, id int64, status int, p page) {
	ctx, u := r.Context(), currentUser(r)
	d, err := s.app.Event(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !d.CanManage {
		s.fail(w, r, tandem.Errorf(tandem.EForbidden, "Only the coordinators who run this event keep its attendance sheet."))
		return
	}
	loc := s.app.Location(ctx, u)
	now := s.app.Now()
	p.Title = "Attendance: " + d.Title
	p.Data = attendanceData{EventDetail: d, Local: d.StartsAt.In(loc), Location: loc,
		Open: !d.Cancelled() && !now.Before(d.StartsAt.Add(-tandem.CheckInOpensBefore))}
	s.renderStatus(w, r, status, "event_attendance", p)
}

func (s *Server) recordAttendance(w http.ResponseWriter, r *http.Request) {
	id, ok := s.signedInID(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	var ids []int64
	for _, v := range r.PostForm["attended"] {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	n, err := s.app.RecordAttendance(r.Context(), currentUser(r), id, ids)
	if err != nil {
		if code := tandem.ErrorCode(err); code == tandem.EConflict {
			s.showAttendance(w, r, id, StatusOf(code), page{Error: tandem.ErrorMessage(err)})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/events/"+strconv.FormatInt(id, 10)+"/attendance", "Attendance saved: "+plural(n, "person", "people")+" attended.")
}
