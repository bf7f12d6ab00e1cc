package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// eventIn is an event a week after the test epoch, for everyone.
func eventIn(title string, capacity int) app.EventInput {
	return app.EventInput{Kind: tandem.EventTraining, Title: title, Starts: testutil.Epoch.AddDate(0, 0, 7).Format(time.RFC3339), Minutes: 120,
		Place: "Senate Room", Capacity: capacity, Audience: tandem.AudienceEveryone}
}

// attended has people attend an organisation-wide event called title,
// recorded by coord: they book, the event takes place, coord ticks them.
// The clock is put back afterwards.
func attended(t *testing.T, e *testutil.Env, coord *tandem.User, title string, people ...*tandem.User) *tandem.Event {
	t.Helper()
	ctx := context.Background()
	ev := must[*tandem.Event](t)(e.App.CreateEvent(ctx, coord, eventIn(title, 50)))
	var ids []int64
	for _, u := range people {
		must[*tandem.Booking](t)(e.App.Book(ctx, u, ev.ID))
		ids = append(ids, u.ID)
	}
	now := e.Clock.Now()
	e.Clock.Set(ev.StartsAt.Add(time.Hour))
	defer e.Clock.Set(now)
	if n, err := e.App.RecordAttendance(ctx, coord, ev.ID, ids); err != nil || n != len(ids) {
		t.Fatalf("recording attendance: %d %v", n, err)
	}
	return ev
}

// outbox records the emails the app queues.
func outbox(a *app.App) func() map[string]*mail.Message {
	var mu sync.Mutex
	queued := map[string]*mail.Message{}
	a.SetOutbox(func(_ context.Context, _ *store.Store, key string, m *mail.Message) error {
		mu.Lock()
		queued[key] = m
		mu.Unlock()
		return nil
	})
	return func() map[string]*mail.Message {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]*mail.Message{}
		for k, v := range queued {
			out[k] = v
		}
		return out
	}
}

// TestEventsWhoArrangesAndWhoSees: coordinators arrange events for their
// programme, any coordinator or admin for the organisation; participants
// arrange none; each person sees the events they are in the audience for,
// and another organisation sees nothing.
func TestEventsWhoArrangesAndWhoSees(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "pals", "Uma Mentor", "Vic Mentee")
		coord, prog := pair.Coordinator, pair.Programme
		otherCoord := e.MustUser(t, "Oakley Coordinator", tandem.RoleCoordinator)
		e.MustProgramme(t, otherCoord, "activate")
		member := e.MustUser(t, "Nia Member", tandem.RoleMember)

		mentorsOnly := eventIn("Mentor briefing", 10)
		mentorsOnly.ProgrammeID, mentorsOnly.Kind, mentorsOnly.Audience = prog.ID, tandem.EventBriefing, tandem.AudienceMentors
		if _, err := a.CreateEvent(ctx, pair.Mentor, mentorsOnly); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("a participant arranging an event: %v", err)
		}
		if _, err := a.CreateEvent(ctx, member, eventIn("Open day", 10)); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("a member arranging an organisation-wide event: %v", err)
		}
		if _, err := a.CreateEvent(ctx, otherCoord, mentorsOnly); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("another programme's coordinator: %v", err)
		}
		bad := mentorsOnly
		bad.Title, bad.Starts, bad.Place, bad.URL, bad.Capacity, bad.Minutes = "", "2026-10-01T10:00", "", "http://x", 0, 5
		f := tandem.ErrorFields(must0(a.CreateEvent(ctx, coord, bad)))
		for _, field := range []string{"title", "starts", "url", "capacity", "minutes"} {
			if f[field] == "" {
				t.Errorf("no message for %s in %v", field, f)
			}
		}
		briefing := must[*tandem.Event](t)(a.CreateEvent(ctx, coord, mentorsOnly))
		if !briefing.StartsAt.Equal(testutil.Epoch.AddDate(0, 0, 7)) || briefing.ProgrammeName != prog.Name || briefing.Capacity != 10 {
			t.Fatalf("created: %+v", briefing)
		}
		local := eventIn("Being a Mentor", 20)
		local.Starts = "2026-10-20T14:00" // the organisation's time: BST
		orgWide := must[*tandem.Event](t)(a.CreateEvent(ctx, otherCoord, local))
		if want := time.Date(2026, 10, 20, 13, 0, 0, 0, time.UTC); !orgWide.StartsAt.Equal(want) {
			t.Fatalf("local start %s, want %s", orgWide.StartsAt, want)
		}

		otherOrg := &tandem.Organisation{Name: "Southgate College", CareerStages: tandem.DefaultCareerStages(), TimeZone: "UTC", CreatedAt: testutil.Epoch}
		if err := e.Store.CreateOrganisation(ctx, otherOrg); err != nil {
			t.Fatal(err)
		}
		stranger := &tandem.User{OrgID: otherOrg.ID, Email: "admin@southgate.test", Name: "Sam Stranger", Role: tandem.RoleAdmin, CreatedAt: testutil.Epoch}
		if err := e.Store.CreateUser(ctx, stranger, "x"); err != nil {
			t.Fatal(err)
		}

		sees := func(u *tandem.User) string {
			var titles []string
			for _, l := range must[[]app.EventLine](t)(a.Events(ctx, u, false)) {
				titles = append(titles, l.Title)
			}
			return strings.Join(titles, ", ")
		}
		for u, want := range map[*tandem.User]string{pair.Mentor: "Mentor briefing, Being a Mentor", pair.Mentee: "Being a Mentor",
			member: "Being a Mentor", coord: "Mentor briefing, Being a Mentor", otherCoord: "Being a Mentor", e.Admin: "Mentor briefing, Being a Mentor", stranger: ""} {
			if got := sees(u); got != want {
				t.Errorf("%s sees %q, want %q", u.Name, got, want)
			}
		}
		for _, u := range []*tandem.User{pair.Mentee, stranger} {
			if _, err := a.Event(ctx, u, briefing.ID); tandem.ErrorCode(err) != tandem.ENotFound {
				t.Errorf("%s reading the mentors' briefing: %v, want not found", u.Name, err)
			}
			if _, err := a.Book(ctx, u, briefing.ID); tandem.ErrorCode(err) != tandem.ENotFound {
				t.Errorf("%s booking the mentors' briefing: %v, want not found", u.Name, err)
			}
		}
		if _, err := a.EventBookings(ctx, pair.Mentor, briefing.ID); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Errorf("a participant reading the bookings: %v", err)
		}
		if _, err := a.RecordAttendance(ctx, pair.Mentor, briefing.ID, []int64{pair.Mentor.ID}); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Errorf("a participant recording attendance: %v", err)
		}
		if _, err := a.UpdateEvent(ctx, otherCoord, briefing.ID, mentorsOnly); tandem.ErrorCode(err) != tandem.ENotFound && tandem.ErrorCode(err) != tandem.EForbidden {
			t.Errorf("another programme's coordinator editing: %v", err)
		}
		if _, err := a.EventCalendar(ctx, stranger, orgWide.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Errorf("another organisation's calendar file: %v", err)
		}
		up := must[[]tandem.Event](t)(a.UpcomingProgrammeEvents(ctx, coord, prog.ID, 1))
		if len(up) != 1 || up[0].ID != briefing.ID {
			t.Errorf("upcoming events for the programme's desk: %+v", up)
		}
		if _, err := a.UpcomingProgrammeEvents(ctx, pair.Mentor, prog.ID, 5); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Errorf("a participant reading the desk's events: %v", err)
		}
	})
}

// must0 returns the error of a call whose value does not matter.
func must0[T any](_ T, err error) error { return err }

// TestBookingWaitingListAndPromotion: places go in order, the rest wait
// with their position shown; giving a place up hands it to the first in
// line, who is told by email; a cancelled event tells everyone.
func TestBookingWaitingListAndPromotion(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		sent := outbox(a)
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		var people []*tandem.User
		for _, n := range []string{"Ana", "Ben", "Cy", "Dee"} {
			people = append(people, e.MustUser(t, n, tandem.RoleMember))
		}
		ev := must[*tandem.Event](t)(a.CreateEvent(ctx, coord, eventIn("Being a Mentor", 2)))
		var got []string
		for _, u := range people {
			b := must[*tandem.Booking](t)(a.Book(ctx, u, ev.ID))
			got = append(got, fmt.Sprintf("%s:%s:%d", u.Name, b.Status, b.Position))
		}
		if want := "Ana:booked:0 Ben:booked:0 Cy:waiting:1 Dee:waiting:2"; strings.Join(got, " ") != want {
			t.Fatalf("bookings %v, want %s", got, want)
		}
		if again := must[*tandem.Booking](t)(a.Book(ctx, people[2], ev.ID)); again.Status != tandem.BookingWaiting || again.Position != 1 {
			t.Fatalf("booking twice: %+v", again)
		}
		must[*tandem.Booking](t)(a.CancelBooking(ctx, people[0], ev.ID))
		d := must[*app.EventDetail](t)(a.Event(ctx, people[2], ev.ID))
		if d.Mine.Status != tandem.BookingBooked || d.Booked != 2 || d.Waiting != 1 {
			t.Fatalf("after Ana cancels, Cy: %+v, %d booked, %d waiting", d.Mine, d.Booked, d.Waiting)
		}
		if d := must[*app.EventDetail](t)(a.Event(ctx, people[3], ev.ID)); d.Mine.Position != 1 {
			t.Fatalf("Dee moves up to 1: %+v", d.Mine)
		}
		var offered []*mail.Message
		for k, m := range sent() {
			if strings.HasPrefix(k, "event_place/") {
				offered = append(offered, m)
			}
		}
		if len(offered) != 1 || offered[0].ToName != "Cy" || !strings.Contains(offered[0].Subject, "A place is yours: Being a Mentor") || len(offered[0].Attachments) != 1 {
			t.Fatalf("the promoted person's email: %+v", offered)
		}
		if _, err := a.CancelBooking(ctx, people[0], ev.ID); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("cancelling twice: %v", err)
		}
		// A waiting person leaving does not free a place.
		must[*tandem.Booking](t)(a.CancelBooking(ctx, people[3], ev.ID))
		// More places take the list in turn; fewer than booked is refused.
		in := eventIn("Being a Mentor", 1)
		if _, err := a.UpdateEvent(ctx, coord, ev.ID, in); tandem.ErrorFields(err)["capacity"] == "" {
			t.Fatalf("capacity below the places booked: %v", err)
		}
		must[*tandem.Booking](t)(a.Book(ctx, people[0], ev.ID)) // Ana again: waiting
		in.Capacity, in.Place = 3, "Great Hall"
		up := must[*tandem.Event](t)(a.UpdateEvent(ctx, coord, ev.ID, in))
		if up.Booked != 3 || up.Waiting != 0 || up.Place != "Great Hall" || up.Sequence != 1 {
			t.Fatalf("after adding a place: %+v", up)
		}
		var changed []string
		for k, m := range sent() {
			if strings.HasPrefix(k, "event_changed/") {
				changed = append(changed, m.ToName)
				if !strings.Contains(m.Text, "Where: Great Hall") || len(m.Attachments) != 1 {
					t.Errorf("change email: %s", m.Text)
				}
			}
		}
		slices.Sort(changed)
		if strings.Join(changed, ",") != "Ben,Cy" {
			t.Errorf("the new place was told to %v, want those booked before (Ben, Cy), not Ana who got a place by it", changed)
		}

		cancelled := must[*tandem.Event](t)(a.CancelEvent(ctx, coord, ev.ID, "The trainer is unwell."))
		if !cancelled.Cancelled() {
			t.Fatal("not cancelled")
		}
		var told []string
		for k, m := range sent() {
			if strings.HasPrefix(k, "event_cancelled/") {
				told = append(told, m.ToName)
				if !strings.Contains(m.Text, "The trainer is unwell.") || !strings.Contains(m.Attachments[0].ContentType, "CANCEL") {
					t.Errorf("cancellation email: %s %+v", m.Text, m.Attachments)
				}
			}
		}
		if len(told) != 3 {
			t.Fatalf("cancellation told %v, want the 3 booked", told)
		}
		if _, err := a.Book(ctx, people[3], ev.ID); tandem.ErrorCode(err) != tandem.EConflict && tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("booking a cancelled event: %v", err)
		}
		link := must[string](t)(a.NewCalendarFeed(ctx, people[1]))
		token := strings.TrimSuffix(link[strings.LastIndex(link, "/")+1:], ".ics")
		if feed := string(must[interface{ Bytes() []byte }](t)(a.CalendarFeed(ctx, token)).Bytes()); !strings.Contains(feed, "SUMMARY:Being a Mentor") || !strings.Contains(feed, "STATUS:CANCELLED") {
			t.Errorf("Ben's calendar feed lacks the cancelled event:\n%s", feed)
		}
		link = must[string](t)(a.NewCalendarFeed(ctx, people[3]))
		token = strings.TrimSuffix(link[strings.LastIndex(link, "/")+1:], ".ics")
		if feed := string(must[interface{ Bytes() []byte }](t)(a.CalendarFeed(ctx, token)).Bytes()); strings.Contains(feed, "Being a Mentor") {
			t.Errorf("Dee left the waiting list, yet her feed holds the event:\n%s", feed)
		}
		cal := must[interface{ Bytes() []byte }](t)(a.EventCalendar(ctx, people[1], ev.ID))
		if s := string(cal.Bytes()); !strings.Contains(s, "METHOD:CANCEL") || !strings.Contains(s, "SUMMARY:Being a Mentor") {
			t.Fatalf("calendar file of a cancelled event:\n%s", s)
		}
	})
}

// TestLastPlaceGoesToOneOnly: many people book the last place at the same
// moment; exactly one gets it, the rest wait, each at a different position.
func TestLastPlaceGoesToOneOnly(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		ev := must[*tandem.Event](t)(a.CreateEvent(ctx, coord, eventIn("Support session", 1)))
		const n = 12
		people := make([]*tandem.User, n)
		for i := range people {
			people[i] = e.MustUser(t, fmt.Sprintf("Booker %d", i), tandem.RoleMember)
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		results := make([]*tandem.Booking, n)
		errs := make([]error, n)
		for i, u := range people {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				results[i], errs[i] = a.Book(ctx, u, ev.ID)
			}()
		}
		close(start)
		wg.Wait()
		booked, positions := 0, map[int]bool{}
		for i, b := range results {
			if errs[i] != nil {
				t.Fatalf("booking %d: %v", i, errs[i])
			}
			switch b.Status {
			case tandem.BookingBooked:
				booked++
			case tandem.BookingWaiting:
				positions[b.Position] = true
			}
		}
		if booked != 1 || len(positions) != n-1 {
			t.Fatalf("%d got the place, waiting positions %v; want 1 and %d distinct", booked, positions, n-1)
		}
		d := must[*app.EventDetail](t)(a.Event(ctx, coord, ev.ID))
		if d.Booked != 1 || d.Waiting != n-1 || len(d.Bookings) != n {
			t.Fatalf("stored: %d booked, %d waiting, %d rows", d.Booked, d.Waiting, len(d.Bookings))
		}
	})
}

// TestSupportSlotsAndCheckIn: a series of 45-minute slots with a member of
// the team; a participant books one and checks in from shortly before it
// starts until it ends.
func TestSupportSlotsAndCheckIn(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		ana := e.MustUser(t, "Ana", tandem.RoleMember)
		in := app.SlotsInput{EventInput: app.EventInput{Title: "Reverse mentoring support session", Starts: "2026-10-14T10:00", Place: "Room 2.14",
			Audience: tandem.AudienceEveryone, HostID: ana.ID}, Count: 4, GapMinutes: 15}
		if _, err := a.CreateSupportSlots(ctx, coord, in); tandem.ErrorFields(err)["host_id"] == "" {
			t.Fatalf("a host outside the scheme team: %v", err)
		}
		in.HostID = coord.ID
		slots := must[[]tandem.Event](t)(a.CreateSupportSlots(ctx, coord, in))
		if len(slots) != 4 {
			t.Fatalf("%d slots", len(slots))
		}
		loc, _ := time.LoadLocation("Europe/London")
		var times []string
		for _, s := range slots {
			if s.Minutes != 45 || s.Capacity != 1 || s.Kind != tandem.EventSupport || s.SeriesID != slots[0].ID || s.HostID != coord.ID {
				t.Fatalf("slot %+v", s)
			}
			times = append(times, s.StartsAt.In(loc).Format("15:04"))
		}
		if strings.Join(times, " ") != "10:00 11:00 12:00 13:00" {
			t.Fatalf("slot times %v", times)
		}
		slot := slots[1]
		must[*tandem.Booking](t)(a.Book(ctx, ana, slot.ID))
		if _, err := a.CheckIn(ctx, ana, slot.ID); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("checking in days early: %v", err)
		}
		e.Clock.Set(slot.StartsAt.Add(-10 * time.Minute))
		b := must[*tandem.Booking](t)(a.CheckIn(ctx, ana, slot.ID))
		if b.AttendedAt == nil || !b.CheckedIn {
			t.Fatalf("checked in: %+v", b)
		}
		if es := must[[]tandem.Event](t)(a.EventsAttended(ctx, ana, ana.ID)); len(es) != 1 || es[0].ID != slot.ID {
			t.Fatalf("events attended: %+v", es)
		}
		if _, err := a.EventsAttended(ctx, e.MustUser(t, "Bo", tandem.RoleMember), ana.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("another member reading Ana's events: %v", err)
		}
		e.Clock.Set(slot.EndsAt())
		if _, err := a.CheckIn(ctx, ana, slots[2].ID); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("checking in without a place: %v", err)
		}
		// Bo waited for Ana's slot and came when she did not: the sheet gives him the place.
		bo := e.MustUser(t, "Bo Waiting", tandem.RoleMember)
		e.Clock.Set(testutil.Epoch)
		if b := must[*tandem.Booking](t)(a.Book(ctx, bo, slots[1].ID)); b.Status != tandem.BookingWaiting {
			t.Fatalf("Bo: %+v", b)
		}
		e.Clock.Set(slot.StartsAt)
		if n := must[int](t)(a.RecordAttendance(ctx, coord, slot.ID, []int64{bo.ID})); n != 1 {
			t.Fatalf("%d attended", n)
		}
		d := must[*app.EventDetail](t)(a.Event(ctx, coord, slot.ID))
		for _, b := range d.Bookings {
			if (b.UserID == bo.ID) != (b.AttendedAt != nil) || (b.UserID == bo.ID && b.Status != tandem.BookingBooked) {
				t.Errorf("after the sheet: %s %s attended %v", b.UserName, b.Status, b.AttendedAt)
			}
		}
	})
}

// TestReverseMentorApplication: the application is blocked until the
// applicant is a registered mentor and has attended "Being a Mentor", each
// named with a way to meet it; then the coordinator asks for a
// conversation (the application stays pending, the applicant is told),
// and accepts it, or declines another.
func TestReverseMentorApplication(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		sent := outbox(a)
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		rev := e.MustProgramme(t, coord, "reverse")
		general := e.MustProgramme(t, coord, "pals")
		ann := e.MustUser(t, "Ann Applicant", tandem.RoleMember)
		bea := e.MustUser(t, "Bea Applicant", tandem.RoleMember)
		in := app.JoinInput{ProgrammeID: rev.ID, Roles: []string{tandem.Mentor}, Profile: testutil.Profile("History", "postdoc"), Application: "I will share my experience as a first-generation student."}

		missing := must[[]app.MissingPrerequisite](t)(a.MissingPrerequisites(ctx, ann, rev.ID, tandem.Mentor))
		if len(missing) != 2 || missing[0].Kind != tandem.PrereqRegisteredMentor || missing[1].Kind != tandem.PrereqAttendedEvent {
			t.Fatalf("missing: %+v", missing)
		}
		if l := missing[0].Links; len(l) != 1 || l[0].URL != fmt.Sprintf("/programmes/%d/join?role=mentor", general.ID) {
			t.Fatalf("where to register as a mentor: %+v", l)
		}
		if !strings.Contains(missing[1].Message, "no session is scheduled") {
			t.Fatalf("no session yet: %s", missing[1].Message)
		}
		session := must[*tandem.Event](t)(a.CreateEvent(ctx, coord, eventIn("Being a Mentor", 30)))
		missing = must[[]app.MissingPrerequisite](t)(a.MissingPrerequisites(ctx, ann, rev.ID, tandem.Mentor))
		if l := missing[1].Links; len(l) != 1 || l[0].URL != fmt.Sprintf("/events/%d", session.ID) || !strings.Contains(l[0].Label, "Being a Mentor") {
			t.Fatalf("where to book the session: %+v", l)
		}
		_, err := a.Join(ctx, ann, in)
		if msg := tandem.ErrorFields(err)["roles"]; !strings.Contains(msg, "registered mentor") || !strings.Contains(msg, "Being a Mentor") {
			t.Fatalf("both prerequisites named: %v", err)
		}
		for _, u := range []*tandem.User{ann, bea} {
			e.MustJoin(t, u, general, tandem.Mentor, "History", "postdoc")
			must[*tandem.Booking](t)(a.Book(ctx, u, session.ID))
		}
		if _, err := a.Join(ctx, ann, in); !strings.Contains(tandem.ErrorFields(err)["roles"], "no record of your attendance") {
			t.Fatalf("booked but not yet attended: %v", err)
		}
		now := e.Clock.Now()
		e.Clock.Set(session.StartsAt.Add(time.Hour))
		must[int](t)(a.RecordAttendance(ctx, coord, session.ID, []int64{ann.ID, bea.ID}))
		e.Clock.Set(now)
		// Another organisation's session of the same name would not count;
		// this one does, whatever the case of the prerequisite's words.
		annApp := must[*app.JoinResult](t)(a.Join(ctx, ann, in)).Memberships[0]
		beaApp := must[*app.JoinResult](t)(a.Join(ctx, bea, in)).Memberships[0]
		if annApp.Status != tandem.MemberPending {
			t.Fatalf("application: %+v", annApp)
		}

		if _, err := a.DecideApplication(ctx, ann, rev.ID, annApp.ID, app.DecisionInput{Decision: tandem.DecisionApprove}); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("the applicant deciding: %v", err)
		}
		talk := must[*tandem.Membership](t)(a.DecideApplication(ctx, coord, rev.ID, annApp.ID, app.DecisionInput{Decision: tandem.DecisionConversation,
			Message: "Could we talk about your availability?"}))
		if talk.Status != tandem.MemberPending {
			t.Fatalf("a conversation keeps the application pending: %s", talk.Status)
		}
		mine := must[[]tandem.ApplicationDecision](t)(a.MyApplicationDecisions(ctx, ann, rev.ID))
		if len(mine) != 1 || mine[0].Decision != tandem.DecisionConversation || mine[0].Message != "Could we talk about your availability?" || mine[0].DeciderName != coord.Name {
			t.Fatalf("the applicant's page: %+v", mine)
		}
		var asked *mail.Message
		for k, m := range sent() {
			if strings.HasPrefix(k, "application_conversation/") {
				asked = m
			}
		}
		if asked == nil || asked.To != ann.Email || !strings.Contains(asked.Text, "Could we talk about your availability?") {
			t.Fatalf("conversation email: %+v", asked)
		}
		if got := must[*tandem.Membership](t)(a.DecideApplication(ctx, coord, rev.ID, annApp.ID, app.DecisionInput{Decision: tandem.DecisionApprove})); got.Status != tandem.MemberApproved {
			t.Fatalf("accepted: %s", got.Status)
		}
		if got := must[*tandem.Membership](t)(a.Decide(ctx, coord, rev.ID, beaApp.ID, false)); got.Status != tandem.MemberDeclined {
			t.Fatalf("declined: %s", got.Status)
		}
		all := must[[]tandem.ApplicationDecision](t)(a.ApplicationDecisions(ctx, coord, rev.ID))
		if len(all) != 3 {
			t.Fatalf("decisions recorded: %+v", all)
		}
		if _, err := a.ApplicationDecisions(ctx, ann, rev.ID); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("an applicant reading every decision: %v", err)
		}
	})
}

// TestCancelAndBookAtOnce: while the holder of the only place gives it up,
// others book; the first person already waiting gets the place, and never
// more than one person holds it.
func TestCancelAndBookAtOnce(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		ev := must[*tandem.Event](t)(a.CreateEvent(ctx, coord, eventIn("Support session", 1)))
		holder, first := e.MustUser(t, "Holder", tandem.RoleMember), e.MustUser(t, "First Waiting", tandem.RoleMember)
		must[*tandem.Booking](t)(a.Book(ctx, holder, ev.ID))
		must[*tandem.Booking](t)(a.Book(ctx, first, ev.ID))
		late := []*tandem.User{e.MustUser(t, "Late 1", tandem.RoleMember), e.MustUser(t, "Late 2", tandem.RoleMember), e.MustUser(t, "Late 3", tandem.RoleMember)}
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, len(late)+1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[0] = a.CancelBooking(ctx, holder, ev.ID)
		}()
		for i, u := range late {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i+1] = a.Book(ctx, u, ev.ID)
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		d := must[*app.EventDetail](t)(a.Event(ctx, coord, ev.ID))
		if d.Booked != 1 || d.Waiting != len(late) || d.Bookings[0].UserID != first.ID {
			t.Fatalf("%d booked (first: %s), %d waiting; want the first in line booked and the %d late ones waiting", d.Booked, d.Bookings[0].UserName, d.Waiting, len(late))
		}
	})
}
