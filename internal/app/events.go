package app

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/ics"
	"github.com/tandemhq/tandem/internal/store"
)

// EventInput is an event as a coordinator describes it.
type EventInput struct {
	ProgrammeID int64 // 0 = organisation-wide
	Kind        string
	Title       string
	Description string
	// Starts is the start in the organisation's time zone as a form sends it
	// ("2026-12-01T14:00"), or an RFC 3339 time with its own offset (API).
	Starts   string
	Minutes  int
	Place    string
	URL      string
	Capacity int
	Audience string
	HostID   int64 // a support slot's member of the scheme team
}

// SlotsInput is a series of 1-to-1 support slots (004: 45 minutes with a
// member of the scheme team), one after the other.
type SlotsInput struct {
	EventInput     // Kind and Capacity are set for the slots: support, 1
	Count      int // how many slots
	GapMinutes int // the break between one slot's end and the next one's start
}

// DefaultSlotMinutes is a support session's length (004).
const DefaultSlotMinutes = 45

// canManageEvents reports whether actor runs the events of a programme (its
// coordinators and the admins) or, for programmeID 0, organisation-wide
// events (the admins and every coordinator).
func (a *App) canManageEvents(ctx context.Context, st *store.Store, actor *tandem.User, programmeID int64) (bool, error) {
	if actor == nil {
		return false, nil
	}
	if programmeID == 0 || actor.IsAdmin() {
		return actor.CanCreateProgrammes(), nil
	}
	return st.IsCoordinator(ctx, programmeID, actor.ID)
}

// eventsToRun checks that actor may create or change events of a programme
// (or, for 0, of the whole organisation) and returns the programme, if any.
func (a *App) eventsToRun(ctx context.Context, actor *tandem.User, programmeID int64) (*tandem.Programme, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	if programmeID != 0 {
		return a.programmeToRun(ctx, actor, programmeID)
	}
	if !actor.CanCreateProgrammes() {
		return nil, forbidden("Only coordinators and admins can arrange events.")
	}
	return nil, nil
}

// audience tells whether a person is among those an event is for, from
// their memberships: an organisation-wide event looks at every programme,
// a programme's event at that programme alone. A pending applicant counts,
// so that a briefing can come before the coordinator's decision.
func audience(ms []tandem.Membership) func(e *tandem.Event) bool {
	return func(e *tandem.Event) bool {
		if e.Audience == tandem.AudienceEveryone {
			return true
		}
		for _, m := range ms {
			if (e.ProgrammeID != 0 && m.ProgrammeID != e.ProgrammeID) || (m.Status != tandem.MemberApproved && m.Status != tandem.MemberPending) {
				continue
			}
			switch e.Audience {
			case tandem.AudienceMembers:
				return true
			case tandem.AudienceMentors:
				if m.Role == tandem.Mentor {
					return true
				}
			case tandem.AudienceMentees:
				if m.Role == tandem.Mentee {
					return true
				}
			}
		}
		return false
	}
}

// eventAccess is what one person may do with events: see those they are in
// the audience for or booked at, and manage those of the programmes they run.
type eventAccess struct {
	actor    *tandem.User
	inAud    func(e *tandem.Event) bool
	bookings map[int64]*tandem.Booking
	runs     map[int64]bool // programme id -> runs its events; 0 = organisation-wide
}

func (a *App) eventAccess(ctx context.Context, st *store.Store, actor *tandem.User) (*eventAccess, error) {
	ms, err := st.UserMemberships(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	bs, err := st.UserBookings(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	x := &eventAccess{actor: actor, inAud: audience(ms), bookings: map[int64]*tandem.Booking{}, runs: map[int64]bool{0: actor.CanCreateProgrammes()}}
	for i := range bs {
		x.bookings[bs[i].EventID] = &bs[i]
	}
	if actor.IsAdmin() {
		x.runs = nil // everything
	} else if actor.CanCreateProgrammes() {
		ids, err := st.CoordinatedProgrammeIDs(ctx, actor.ID)
		if err != nil {
			return nil, err
		}
		for id, ok := range ids {
			x.runs[id] = ok
		}
	}
	return x, nil
}

func (x *eventAccess) manages(e *tandem.Event) bool {
	return x.actor.OrgID == e.OrgID && (x.runs == nil || x.runs[e.ProgrammeID])
}

func (x *eventAccess) sees(e *tandem.Event) bool {
	if x.actor.OrgID != e.OrgID {
		return false
	}
	if b := x.bookings[e.ID]; b != nil && b.Status != tandem.BookingCancelled {
		return true
	}
	return x.manages(e) || (!e.Cancelled() && x.inAud(e))
}

// eventFor loads an event the actor may see; anyone else is told it does
// not exist.
func (a *App) eventFor(ctx context.Context, st *store.Store, actor *tandem.User, id int64) (*tandem.Event, *eventAccess, error) {
	if err := requireUser(actor); err != nil {
		return nil, nil, err
	}
	e, err := st.Event(ctx, actor.OrgID, id)
	if err != nil {
		return nil, nil, err
	}
	x, err := a.eventAccess(ctx, st, actor)
	if err != nil {
		return nil, nil, err
	}
	if !x.sees(e) {
		return nil, nil, tandem.Errorf(tandem.ENotFound, "Event not found.")
	}
	return e, x, nil
}

// eventToRun loads an event the actor manages: someone who may see it is
// refused, anyone else is told it does not exist.
// lockEvent takes event id's row lock for the rest of tx (SQLite: its single
// writer), so that the bookings, cancellations, check-ins, attendance and
// changes of one event happen one after the other: two people can never
// both take the last place. An unknown id is left to the read that follows,
// which reports it in its own words.
func lockEvent(ctx context.Context, tx *store.Store, actor *tandem.User, id int64) error {
	if err := requireUser(actor); err != nil {
		return err
	}
	if err := tx.LockEvent(ctx, actor.OrgID, id); err != nil && tandem.ErrorCode(err) != tandem.ENotFound {
		return err
	}
	return nil
}

func (a *App) eventToRun(ctx context.Context, st *store.Store, actor *tandem.User, id int64) (*tandem.Event, error) {
	e, x, err := a.eventFor(ctx, st, actor, id)
	if err != nil {
		return nil, err
	}
	if !x.manages(e) {
		return nil, forbidden("Only the coordinators who run this event can do that.")
	}
	return e, nil
}

// checkEvent validates an event's details and returns its start (UTC).
// keepStart allows the start to be in the past when it is unchanged.
func (a *App) checkEvent(ctx context.Context, st *store.Store, actor *tandem.User, in EventInput, loc *time.Location, now time.Time, keep *time.Time) (time.Time, tandem.Problems) {
	pr := tandem.Problems{}
	if !slices.Contains(tandem.EventKinds, in.Kind) {
		pr.Add("kind", "Choose the kind of event.")
	}
	tandem.CheckText(pr, "title", "The title", in.Title, 160, true)
	tandem.CheckText(pr, "description", "The description", in.Description, 4000, false)
	s := strings.TrimSpace(in.Starts)
	start, perr := time.ParseInLocation(LocalLayout, s, loc)
	if perr != nil {
		start, perr = time.Parse(time.RFC3339, s)
	}
	unchanged := keep != nil && perr == nil && start.Equal(*keep)
	switch {
	case s == "":
		pr.Add("starts", "Choose a date and time.")
	case perr != nil:
		pr.Add("starts", "Give the date and time as YYYY-MM-DD HH:MM.")
	case !unchanged && !start.After(now):
		pr.Add("starts", "Choose a time in the future.")
	case start.After(now.AddDate(2, 0, 0)):
		pr.Add("starts", "Choose a time within the next two years.")
	}
	if in.Minutes < 15 || in.Minutes > 720 {
		pr.Add("minutes", "An event lasts from 15 minutes to 12 hours.")
	}
	place := tandem.CheckText(pr, "place", "The place", in.Place, 300, false)
	link := strings.TrimSpace(in.URL)
	if link != "" {
		if u, err := url.Parse(link); err != nil || u.Scheme != "https" || u.Host == "" {
			pr.Add("url", "Give the link as a web address starting with https://.")
		}
	}
	if place == "" && link == "" {
		pr.Add("place", "Say where it takes place: a place, a link to join online, or both.")
	}
	if in.Capacity < 1 || in.Capacity > 1000 {
		pr.Add("capacity", "Offer from 1 to 1,000 places.")
	}
	if !slices.Contains(tandem.Audiences, in.Audience) {
		pr.Add("audience", "Choose who the event is for.")
	}
	if in.Kind == tandem.EventSupport || in.HostID != 0 {
		host, err := st.User(ctx, in.HostID)
		if in.HostID == 0 || err != nil || host.OrgID != actor.OrgID || !host.CanCreateProgrammes() {
			pr.Add("host_id", "Choose the member of the scheme team the session is with.")
		}
	}
	return start.UTC(), pr
}

// SchemeTeam lists the people who can host support sessions: the
// organisation's coordinators and admins.
func (a *App) SchemeTeam(ctx context.Context, actor *tandem.User) ([]tandem.User, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	if !actor.CanCreateProgrammes() {
		return nil, forbidden("Only coordinators and admins can arrange events.")
	}
	us, err := a.store.ListUsers(ctx, actor.OrgID, "", 10000)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(us, func(u tandem.User) bool { return !u.CanCreateProgrammes() }), nil
}

func (a *App) newEvent(actor *tandem.User, in EventInput, start time.Time, now time.Time) *tandem.Event {
	token, _ := newToken()
	e := &tandem.Event{OrgID: actor.OrgID, ProgrammeID: in.ProgrammeID, Kind: in.Kind, Title: strings.TrimSpace(in.Title),
		Description: strings.TrimSpace(in.Description), StartsAt: start, Minutes: in.Minutes, Place: strings.TrimSpace(in.Place),
		URL: strings.TrimSpace(in.URL), Capacity: in.Capacity, Audience: in.Audience, UID: "event-" + strings.ToLower(token[:20]) + "@" + a.uidDomain(),
		CreatedBy: actor.ID, CreatedAt: now, UpdatedAt: now}
	if in.Kind == tandem.EventSupport {
		e.HostID = in.HostID
	}
	return e
}

// CreateEvent arranges an event for a programme (its coordinators) or for
// the whole organisation (any coordinator, or an admin).
func (a *App) CreateEvent(ctx context.Context, actor *tandem.User, in EventInput) (*tandem.Event, error) {
	if _, err := a.eventsToRun(ctx, actor, in.ProgrammeID); err != nil {
		return nil, err
	}
	if in.Kind != tandem.EventSupport {
		in.HostID = 0
	}
	now := a.Now()
	start, pr := a.checkEvent(ctx, a.store, actor, in, a.Location(ctx, actor), now, nil)
	if err := pr.Err(); err != nil {
		return nil, err
	}
	e := a.newEvent(actor, in, start, now)
	if err := a.store.CreateEvent(ctx, e); err != nil {
		return nil, err
	}
	return a.store.Event(ctx, actor.OrgID, e.ID)
}

// CreateSupportSlots arranges a series of 1-to-1 support slots, one place
// each, back to back with GapMinutes between them; people book them
// themselves.
func (a *App) CreateSupportSlots(ctx context.Context, actor *tandem.User, in SlotsInput) ([]tandem.Event, error) {
	if _, err := a.eventsToRun(ctx, actor, in.ProgrammeID); err != nil {
		return nil, err
	}
	in.Kind, in.Capacity = tandem.EventSupport, 1
	if in.Minutes == 0 {
		in.Minutes = DefaultSlotMinutes
	}
	now := a.Now()
	start, pr := a.checkEvent(ctx, a.store, actor, in.EventInput, a.Location(ctx, actor), now, nil)
	if in.Count < 1 || in.Count > 40 {
		pr.Add("count", "Create from 1 to 40 slots at a time.")
	}
	if in.GapMinutes < 0 || in.GapMinutes > 240 {
		pr.Add("gap_minutes", "Leave from 0 to 240 minutes between slots.")
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	var out []tandem.Event
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		var series int64
		for i := range in.Count {
			e := a.newEvent(actor, in.EventInput, start.Add(time.Duration(i*(in.Minutes+in.GapMinutes))*time.Minute), now)
			e.SeriesID = series
			if err := tx.CreateEvent(ctx, e); err != nil {
				return err
			}
			if series == 0 {
				series, e.SeriesID = e.ID, e.ID
				if err := tx.SaveEvent(ctx, e); err != nil {
					return err
				}
			}
			out = append(out, *e)
		}
		return nil
	})
	return out, err
}

// UpdateEvent changes an event's details. More places take people off the
// waiting list in turn; fewer than are booked is refused. Its programme and
// kind stay as they were.
func (a *App) UpdateEvent(ctx context.Context, actor *tandem.User, id int64, in EventInput) (*tandem.Event, error) {
	var out *tandem.Event
	var promoted, told []tandem.Booking
	var was time.Time
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		if err := lockEvent(ctx, tx, actor, id); err != nil {
			return err
		}
		e, err := a.eventToRun(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if e.Cancelled() {
			return tandem.Errorf(tandem.EConflict, "This event is cancelled: arrange a new one instead.")
		}
		before := *e
		now := a.Now()
		in.ProgrammeID, in.Kind = e.ProgrammeID, e.Kind
		if in.Kind != tandem.EventSupport {
			in.HostID = 0
		}
		start, pr := a.checkEvent(ctx, tx, actor, in, a.orgLocation(ctx, tx, actor.OrgID), now, &e.StartsAt)
		if in.Capacity < e.Booked && pr["capacity"] == "" {
			pr.Add("capacity", fmt.Sprintf("%s booked: keep at least %d places, or ask people to cancel first.", peopleCount(e.Booked), e.Booked))
		}
		if err := pr.Err(); err != nil {
			return err
		}
		e.Title, e.Description, e.StartsAt, e.Minutes = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description), start, in.Minutes
		e.Place, e.URL, e.Capacity, e.Audience = strings.TrimSpace(in.Place), strings.TrimSpace(in.URL), in.Capacity, in.Audience
		if e.Kind == tandem.EventSupport {
			e.HostID = in.HostID
		}
		e.Sequence++
		e.UpdatedAt = now
		if err := tx.SaveEvent(ctx, e); err != nil {
			return err
		}
		if e.StartsAt.After(now) {
			if promoted, err = promote(ctx, tx, e, now); err != nil {
				return err
			}
		}
		// A new time or place is news to everyone booked or waiting.
		if !before.StartsAt.Equal(e.StartsAt) || before.Minutes != e.Minutes || before.Place != e.Place || before.URL != e.URL {
			if !before.StartsAt.Equal(e.StartsAt) {
				was = before.StartsAt
			}
			bs, err := tx.EventBookings(ctx, e.ID)
			if err != nil {
				return err
			}
			for _, b := range bs {
				if b.Status != tandem.BookingCancelled && !slices.ContainsFunc(promoted, func(p tandem.Booking) bool { return p.ID == b.ID }) {
					told = append(told, b)
				}
			}
		}
		out, err = tx.Event(ctx, actor.OrgID, e.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	a.placeOffered(ctx, out, promoted)
	a.eventChanged(ctx, out, told, was)
	return out, nil
}

func peopleCount(n int) string {
	if n == 1 {
		return "1 person has"
	}
	return fmt.Sprintf("%d people have", n)
}

// promote gives free places to the people at the head of the waiting list,
// in turn, and returns them.
func promote(ctx context.Context, tx *store.Store, e *tandem.Event, now time.Time) ([]tandem.Booking, error) {
	booked, err := tx.CountBooked(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	var out []tandem.Booking
	for ; booked < e.Capacity; booked++ {
		b, err := tx.FirstWaiting(ctx, e.ID)
		if tandem.ErrorCode(err) == tandem.ENotFound {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := tx.SetBookingStatus(ctx, b.ID, tandem.BookingBooked, now); err != nil {
			return nil, err
		}
		b.Status, b.Position = tandem.BookingBooked, 0
		out = append(out, *b)
	}
	return out, nil
}

// CancelEvent calls an event off and tells everyone booked or waiting, by
// email with the calendar cancellation attached.
func (a *App) CancelEvent(ctx context.Context, actor *tandem.User, id int64, message string) (*tandem.Event, error) {
	var out *tandem.Event
	var told []tandem.Booking
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		if err := lockEvent(ctx, tx, actor, id); err != nil {
			return err
		}
		e, err := a.eventToRun(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		pr := tandem.Problems{}
		msg := tandem.CheckText(pr, "message", "The message", message, 1000, false)
		if err := pr.Err(); err != nil {
			return err
		}
		now := a.Now()
		switch {
		case e.Cancelled():
			return tandem.Errorf(tandem.EConflict, "This event is cancelled already.")
		case e.Past(now):
			return tandem.Errorf(tandem.EConflict, "This event has taken place: it cannot be cancelled.")
		}
		e.CancelledAt, e.CancelMessage, e.Sequence, e.UpdatedAt = &now, msg, e.Sequence+1, now
		if err := tx.SaveEvent(ctx, e); err != nil {
			return err
		}
		bs, err := tx.EventBookings(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, b := range bs {
			if b.Status != tandem.BookingCancelled {
				told = append(told, b)
			}
		}
		out = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.eventCancelled(ctx, out, told)
	return out, nil
}

// Book gives the actor a place at an event, or a place on its waiting list
// when it is full. Booking is atomic: the event's row lock (SQLite's single
// writer) makes two people booking the last place at once queue one behind
// the other, so the second finds it taken and waits. Booking again is
// harmless: it returns the booking already held.
func (a *App) Book(ctx context.Context, actor *tandem.User, id int64) (*tandem.Booking, error) {
	var out *tandem.Booking
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		if err := lockEvent(ctx, tx, actor, id); err != nil {
			return err
		}
		e, _, err := a.eventFor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		now := a.Now()
		switch {
		case e.Cancelled():
			return tandem.Errorf(tandem.EConflict, "This event is cancelled.")
		case !e.StartsAt.After(now):
			return tandem.Errorf(tandem.EConflict, "This event has started: booking is closed.")
		}
		if b, err := tx.Booking(ctx, e.ID, actor.ID); err == nil && b.Status != tandem.BookingCancelled {
			out = b
			return nil
		}
		booked, err := tx.CountBooked(ctx, e.ID)
		if err != nil {
			return err
		}
		b := &tandem.Booking{EventID: e.ID, UserID: actor.ID, Status: tandem.BookingBooked, UpdatedAt: now}
		if booked >= e.Capacity {
			b.Status = tandem.BookingWaiting
		}
		if err := tx.PutBooking(ctx, b); err != nil {
			return err
		}
		out, err = tx.Booking(ctx, e.ID, actor.ID)
		return err
	})
	return out, err
}

// CancelBooking gives up the actor's place (or leaves the waiting list).
// A place given up goes to the first person waiting, who is told by email.
func (a *App) CancelBooking(ctx context.Context, actor *tandem.User, id int64) (*tandem.Booking, error) {
	var out *tandem.Booking
	var e *tandem.Event
	var promoted []tandem.Booking
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		if err := lockEvent(ctx, tx, actor, id); err != nil {
			return err
		}
		var err error
		if e, _, err = a.eventFor(ctx, tx, actor, id); err != nil {
			return err
		}
		b, err := tx.Booking(ctx, e.ID, actor.ID)
		if err != nil || b.Status == tandem.BookingCancelled {
			return tandem.Errorf(tandem.EConflict, "You have no place at this event to cancel.")
		}
		now := a.Now()
		if !e.StartsAt.After(now) {
			return tandem.Errorf(tandem.EConflict, "This event has started: your booking can no longer be cancelled.")
		}
		if err := tx.SetBookingStatus(ctx, b.ID, tandem.BookingCancelled, now); err != nil {
			return err
		}
		if b.Status == tandem.BookingBooked && !e.Cancelled() {
			if promoted, err = promote(ctx, tx, e, now); err != nil {
				return err
			}
		}
		b.Status, b.Position = tandem.BookingCancelled, 0
		out = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.placeOffered(ctx, e, promoted)
	return out, nil
}

// CheckIn records that the actor is at an event they booked: from shortly
// before it starts to its end.
func (a *App) CheckIn(ctx context.Context, actor *tandem.User, id int64) (*tandem.Booking, error) {
	var out *tandem.Booking
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		if err := lockEvent(ctx, tx, actor, id); err != nil {
			return err
		}
		e, _, err := a.eventFor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		b, err := tx.Booking(ctx, e.ID, actor.ID)
		if err != nil || b.Status != tandem.BookingBooked {
			return tandem.Errorf(tandem.EConflict, "Only people with a place can check in.")
		}
		now := a.Now()
		if !e.CheckInOpen(now) {
			return tandem.Errorf(tandem.EConflict, "Check-in opens %d minutes before the start and closes when the event ends.", int(tandem.CheckInOpensBefore/time.Minute))
		}
		if b.AttendedAt == nil {
			if err := tx.SetAttendance(ctx, b.ID, &now, true, now); err != nil {
				return err
			}
			b.AttendedAt, b.CheckedIn = &now, true
		}
		out = b
		return nil
	})
	return out, err
}

// EventBookings lists who booked an event and who is waiting: the
// coordinators who run it only, and the reading is audited.
func (a *App) EventBookings(ctx context.Context, actor *tandem.User, id int64) ([]tandem.Booking, error) {
	e, err := a.eventToRun(ctx, a.store, actor, id)
	if err != nil {
		return nil, err
	}
	bs, err := a.store.EventBookings(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	return bs, a.logged(ctx, a.store, actor, tandem.AuditViewBookings, 0, e.ProgrammeID, e.Title)
}

// RecordAttendance is the attendance sheet: of the people with a place,
// those in attended came and the others did not; someone from the waiting
// list who came is given the place they took. It opens when check-in
// does; a person's own check-in stands unless they are unticked.
func (a *App) RecordAttendance(ctx context.Context, actor *tandem.User, id int64, attended []int64) (int, error) {
	n := 0
	err := a.store.InTx(ctx, func(tx *store.Store) error {
		if err := lockEvent(ctx, tx, actor, id); err != nil {
			return err
		}
		e, err := a.eventToRun(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		now := a.Now()
		switch {
		case e.Cancelled():
			return tandem.Errorf(tandem.EConflict, "This event was cancelled: there is no attendance to record.")
		case now.Before(e.StartsAt.Add(-tandem.CheckInOpensBefore)):
			return tandem.Errorf(tandem.EConflict, "Attendance is recorded from %d minutes before the start.", int(tandem.CheckInOpensBefore/time.Minute))
		}
		bs, err := tx.EventBookings(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, b := range bs {
			came := slices.Contains(attended, b.UserID)
			// Someone on the waiting list who came all the same took a place
			// left by someone who did not.
			if b.Status == tandem.BookingWaiting && came {
				if err := tx.SetBookingStatus(ctx, b.ID, tandem.BookingBooked, now); err != nil {
					return err
				}
				b.Status = tandem.BookingBooked
			}
			if b.Status != tandem.BookingBooked {
				continue
			}
			switch {
			case came && b.AttendedAt == nil:
				err = tx.SetAttendance(ctx, b.ID, &now, false, now)
			case !came && b.AttendedAt != nil:
				err = tx.SetAttendance(ctx, b.ID, nil, false, now)
			}
			if err != nil {
				return err
			}
			if came {
				n++
			}
		}
		return a.logged(ctx, tx, actor, tandem.AuditRecordAttendance, 0, e.ProgrammeID, e.Title)
	})
	return n, err
}

// EventLine is an event as one person sees it in a list: with their
// booking, if any, and whether they run it.
type EventLine struct {
	tandem.Event
	Mine      *tandem.Booking // nil when the person has no booking
	CanManage bool
}

// Events lists the events the actor may see: upcoming ones (not yet ended),
// soonest first, or with past set those of the last year, latest first.
// Cancelled events appear to those who run them and to those who had booked.
func (a *App) Events(ctx context.Context, actor *tandem.User, past bool) ([]EventLine, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	now := a.Now()
	from, to := now, now.AddDate(3, 0, 0)
	if past {
		from, to = now.AddDate(-1, 0, 0), now
	}
	all, err := a.store.OrgEvents(ctx, actor.OrgID, from, to)
	if err != nil {
		return nil, err
	}
	x, err := a.eventAccess(ctx, a.store, actor)
	if err != nil {
		return nil, err
	}
	var out []EventLine
	for i := range all {
		e := &all[i]
		if e.Past(now) != past || !x.sees(e) {
			continue
		}
		out = append(out, EventLine{Event: *e, Mine: x.bookings[e.ID], CanManage: x.manages(e)})
	}
	if past {
		slices.Reverse(out)
	}
	return out, nil
}

// EventDetail is one event as the actor sees it.
type EventDetail struct {
	EventLine
	// Bookings is who booked and who waits: for those who run it.
	Bookings []tandem.Booking
}

// Event returns one event the actor may see, with their booking; those who
// run it get the bookings too (audited).
func (a *App) Event(ctx context.Context, actor *tandem.User, id int64) (*EventDetail, error) {
	e, x, err := a.eventFor(ctx, a.store, actor, id)
	if err != nil {
		return nil, err
	}
	d := &EventDetail{EventLine: EventLine{Event: *e, CanManage: x.manages(e)}}
	if b, err := a.store.Booking(ctx, e.ID, actor.ID); err == nil {
		d.Mine = b
	}
	if d.CanManage {
		if d.Bookings, err = a.EventBookings(ctx, actor, id); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// UpcomingProgrammeEvents lists the events still to come that a
// programme's people may book: the programme's own and the organisation's,
// soonest first, at most limit (0 = all). For the programme's coordinators.
func (a *App) UpcomingProgrammeEvents(ctx context.Context, actor *tandem.User, programmeID int64, limit int) ([]tandem.Event, error) {
	p, err := a.programmeToRun(ctx, actor, programmeID)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	all, err := a.store.OrgEvents(ctx, p.OrgID, now, now.AddDate(3, 0, 0))
	if err != nil {
		return nil, err
	}
	var out []tandem.Event
	for _, e := range all {
		if (e.ProgrammeID == p.ID || e.ProgrammeID == 0) && e.Upcoming(now) && (limit <= 0 || len(out) < limit) {
			out = append(out, e)
		}
	}
	return out, nil
}

// EventsAttended lists the events a person attended, latest first: to that
// person, to the organisation's admins, and to the coordinators of a
// programme the person takes part in (audited).
func (a *App) EventsAttended(ctx context.Context, actor *tandem.User, userID int64) ([]tandem.Event, error) {
	if err := requireUser(actor); err != nil {
		return nil, err
	}
	u, err := a.store.User(ctx, userID)
	if err != nil || u.OrgID != actor.OrgID {
		return nil, tandem.Errorf(tandem.ENotFound, "Person not found.")
	}
	visible := func(int64) bool { return true }
	if actor.ID != userID && !actor.IsAdmin() {
		ok := false
		if actor.CanCreateProgrammes() {
			ms, err := a.store.UserMemberships(ctx, userID)
			if err != nil {
				return nil, err
			}
			runs, err := a.store.CoordinatedProgrammeIDs(ctx, actor.ID)
			if err != nil {
				return nil, err
			}
			ok = slices.ContainsFunc(ms, func(m tandem.Membership) bool { return runs[m.ProgrammeID] })
			// A coordinator sees the organisation's events and those of
			// their own programmes, as in History: not another programme's.
			visible = func(id int64) bool { return id == 0 || runs[id] }
		}
		if !ok {
			return nil, tandem.Errorf(tandem.ENotFound, "Person not found.")
		}
	}
	all, err := a.store.AttendedEvents(ctx, userID)
	if err != nil {
		return nil, err
	}
	var es []tandem.Event
	for _, e := range all {
		if visible(e.ProgrammeID) {
			es = append(es, e)
		}
	}
	return es, a.logged(ctx, a.store, actor, tandem.AuditViewEventsAttended, userID, 0, "")
}

// hasAttended reports whether a person attended an event of their
// organisation with the title a prerequisite names.
func hasAttended(ctx context.Context, st *store.Store, u *tandem.User, title string) (bool, error) {
	es, err := st.AttendedEvents(ctx, u.ID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(es, func(e tandem.Event) bool { return e.OrgID == u.OrgID && e.TitleMatches(title) }), nil
}

// EventCalendar is an event's calendar file (.ics) for someone who may see
// it: an invitation, or a cancellation once it is called off.
func (a *App) EventCalendar(ctx context.Context, actor *tandem.User, id int64) (ics.Calendar, error) {
	e, _, err := a.eventFor(ctx, a.store, actor, id)
	if err != nil {
		return ics.Calendar{}, err
	}
	return a.eventCalendar(ctx, e), nil
}

func (a *App) eventCalendar(ctx context.Context, e *tandem.Event) ics.Calendar {
	loc := e.Place
	if e.URL != "" {
		loc = strings.TrimSpace(strings.Trim(loc+" · "+e.URL, " ·"))
	}
	desc := tandem.EventKindLabel(e.Kind)
	if e.ProgrammeName != "" {
		desc += " · " + e.ProgrammeName
	}
	if e.HostName != "" {
		desc += " · with " + e.HostName
	}
	if e.Description != "" {
		desc += "\n\n" + e.Description
	}
	status, method := "CONFIRMED", "PUBLISH"
	if e.Cancelled() {
		status, method = "CANCELLED", "CANCEL"
		if e.CancelMessage != "" {
			desc += "\n\nCancelled: " + e.CancelMessage
		}
	}
	ev := ics.Event{UID: e.UID, Sequence: e.Sequence, Start: e.StartsAt, End: e.EndsAt(), Summary: e.Title, Description: desc, Location: loc,
		URL: fmt.Sprintf("%s/events/%d", a.baseURL, e.ID), Status: status, Created: e.CreatedAt, LastModified: e.UpdatedAt, Stamp: a.Now()}
	if u, err := a.store.User(ctx, e.CreatedBy); err == nil {
		ev.Organizer = &ics.Person{Name: u.Name, Email: u.Email}
	}
	return ics.Calendar{Method: method, Events: []ics.Event{ev}}
}

// bookedEvents are the calendar entries of the events a person has a place
// at that start after since; a cancelled event stays, marked cancelled, so
// that calendars drop it.
func (a *App) bookedEvents(ctx context.Context, u *tandem.User, since time.Time) ([]ics.Event, error) {
	bs, err := a.store.UserBookings(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []ics.Event
	for _, b := range bs {
		if b.Status != tandem.BookingBooked {
			continue
		}
		e, err := a.store.Event(ctx, u.OrgID, b.EventID)
		if err != nil {
			return nil, err
		}
		if e.StartsAt.After(since) {
			out = append(out, a.eventCalendar(ctx, e).Events...)
		}
	}
	return out, nil
}
