package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func TestAPIEvents(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		env := testutil.NewEnv(t, db)
		srv := lifeServer(t, env)
		pair := env.MustPair(t, nil, "pals", "Uma Mentor", "Vic Mentee")
		mentor, mentee, coord := signIn(t, srv, pair.Mentor), signIn(t, srv, pair.Mentee), signIn(t, srv, pair.Coordinator)
		nia := signIn(t, srv, env.MustUser(t, "Nia Member", tandem.RoleMember))
		anon := &member{t: t, name: "anonymous", srv: srv, c: http.DefaultClient}
		anon.refused(401, "unauthorized", "GET", "/api/v1/events", "")

		event := `{"kind":"training","title":"Being a Mentor","starts":"2026-10-12T14:00","minutes":120,"place":"Senate Room","capacity":1,"audience":"everyone"}`
		mentor.refused(403, "forbidden", "POST", "/api/v1/events", event)
		coord.refused(422, "invalid", "POST", "/api/v1/events", `{"kind":"training","title":"","starts":"soon","minutes":5,"capacity":0,"audience":"all"}`,
			"title", "starts", "minutes", "capacity", "audience", "place")
		d := coord.want(201, "POST", "/api/v1/events", event)
		eid := id(d, "event", "id")
		for k, want := range map[string]any{"title": "Being a Mentor", "kind_label": "Training", "programme_id": nil, "capacity": float64(1),
			"places_left": float64(1), "can_manage": true, "my_booking": nil} {
			if got := dig(d, "event", k); got != want {
				t.Errorf("created event's %s = %v, want %v", k, got, want)
			}
		}
		if !isTime(t, dig(d, "event", "starts_at"), time.Date(2026, 10, 12, 13, 0, 0, 0, time.UTC)) {
			t.Errorf("starts_at %v: the local time is the organisation's", dig(d, "event", "starts_at"))
		}
		path := "/api/v1/events/" + eid

		b := mentee.want(200, "POST", path+"/booking", "")
		if dig(b, "event", "my_booking", "status") != "booked" || dig(b, "bookings") == nil || len(dig(b, "bookings").([]any)) != 0 {
			t.Fatalf("the mentee's booking: %v", b)
		}
		w := mentor.want(200, "POST", path+"/booking", "")
		if dig(w, "event", "my_booking", "status") != "waiting" || dig(w, "event", "my_booking", "position") != float64(1) {
			t.Fatalf("the mentor waits: %v", w)
		}
		mentor.refused(403, "forbidden", "PUT", path+"/attendance", `{"attended":[]}`)
		mentor.refused(403, "forbidden", "PUT", path, event)
		if cal := mentee.raw("GET", path+"/ics"); !strings.Contains(cal, "SUMMARY:Being a Mentor") {
			t.Errorf("calendar file:\n%s", cal)
		}
		full := coord.want(200, "GET", path, "")
		if len(dig(full, "bookings").([]any)) != 2 || dig(full, "bookings", 1, "user_name") != "Uma Mentor" {
			t.Errorf("the coordinator's bookings: %v", dig(full, "bookings"))
		}
		list := nia.want(200, "GET", "/api/v1/events", "")
		if find(list, eid) == nil || dig(find(list, eid), "booked") != float64(1) || dig(find(list, eid), "waiting") != float64(1) {
			t.Errorf("a member's list: %v", list)
		}

		// Giving up the place hands it to the first in line.
		mentee.want(200, "DELETE", path+"/booking", "")
		if got := mentor.want(200, "GET", path, ""); dig(got, "event", "my_booking", "status") != "booked" {
			t.Errorf("the mentor after the mentee cancels: %v", got)
		}
		coord.refused(409, "conflict", "PUT", path+"/attendance", `{"attended":[]}`)
		env.Clock.Set(time.Date(2026, 10, 12, 13, 50, 0, 0, time.UTC))
		if got := mentor.want(200, "POST", path+"/checkin", ""); dig(got, "event", "my_booking", "checked_in") != true {
			t.Errorf("check in: %v", got)
		}
		got := coord.want(200, "PUT", path+"/attendance", fmt.Sprintf(`{"attended":[%d]}`, pair.Mentor.ID))
		if dig(got, "bookings", 0, "attended_at") == nil {
			t.Errorf("attendance: %v", got)
		}
		// Having attended, the mentor applies to reverse mentoring; the
		// coordinator asks for a conversation and the application stays pending.
		rev := env.MustProgramme(t, pair.Coordinator, "reverse")
		apply := `{"roles":["mentor"],"profile":{"department":"Physics","career_stage":"postdoc","meeting_mode":"either"},"application":"What I can share."}`
		joined := mentor.want(201, "POST", fmt.Sprintf("/api/v1/programmes/%d/join", rev.ID), apply)
		mid := id(joined, "memberships", 0, "id")
		nia.refused(422, "invalid", "POST", fmt.Sprintf("/api/v1/programmes/%d/join", rev.ID), apply, "roles")
		mentor.refused(403, "forbidden", "POST", fmt.Sprintf("/api/v1/programmes/%d/participants/%s/conversation", rev.ID, mid), `{}`)
		talk := coord.want(200, "POST", fmt.Sprintf("/api/v1/programmes/%d/participants/%s/conversation", rev.ID, mid), `{"message":"Tuesday at ten?"}`)
		if dig(talk, "status") != "pending" {
			t.Errorf("after asking for a conversation: %v", talk)
		}

		// A member of another programme cannot see a programme's mentors-only briefing.
		brief := coord.want(201, "POST", "/api/v1/events", fmt.Sprintf(`{"programme_id":%d,"kind":"briefing","title":"Mentor briefing","starts":"2026-10-20T10:00","minutes":240,"url":"https://meet.example.org/x","capacity":8,"audience":"mentors"}`, pair.Programme.ID))
		bpath := "/api/v1/events/" + id(brief, "event", "id")
		nia.refused(404, "not_found", "GET", bpath, "")
		mentee.refused(404, "not_found", "POST", bpath+"/booking", "")
		if got := coord.want(200, "POST", bpath+"/cancel", `{"message":"Moved to November."}`); dig(got, "event", "cancel_message") != "Moved to November." {
			t.Errorf("cancelled: %v", got)
		}
		coord.refused(409, "conflict", "POST", bpath+"/cancel", "")
	})
}
