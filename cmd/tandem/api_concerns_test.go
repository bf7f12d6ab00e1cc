package main

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// listed reports whether a list of concerns in JSON holds id.
func listed(list any, id any) bool {
	items, _ := list.([]any)
	for _, c := range items {
		if dig(c, "id") == id {
			return true
		}
	}
	return false
}

func TestAPIConcerns(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		env := testutil.NewEnv(t, db)
		srv := lifeServer(t, env)
		pair := env.MustPair(t, nil, "pals", "Uma Mentor", "Vic Mentee")
		mentor, mentee, coord, admin := signIn(t, srv, pair.Mentor), signIn(t, srv, pair.Mentee), signIn(t, srv, pair.Coordinator), signIn(t, srv, env.Admin)
		stranger := signIn(t, srv, env.MustUser(t, "Sam Stranger", tandem.RoleMember))
		pid := pair.Partnership.ID

		anon := &member{t: t, name: "anonymous", srv: srv, c: http.DefaultClient}
		anon.refused(401, "unauthorized", "GET", "/api/v1/concerns", "")
		anon.refused(401, "unauthorized", "POST", "/api/v1/concerns", `{"kind":"match","body":"x"}`)
		mentee.refused(422, "invalid", "POST", "/api/v1/concerns", `{"body":" "}`, "kind", "body")
		mentee.refused(422, "invalid", "POST", "/api/v1/concerns", `{"kind":"change_mentor","body":"Please."}`, "partnership_id")
		mentee.refused(422, "invalid", "POST", "/api/v1/concerns", `{"kind":"welfare","partnership_id":`+fmt.Sprint(pid)+`,"about_mentee":true,"body":"x"}`, "about_mentee")
		mentee.refused(422, "invalid", "POST", "/api/v1/concerns", `{"kind":"match","colour":"red","body":"x"}`)

		c := mentee.want(201, "POST", "/api/v1/concerns", fmt.Sprintf(`{"kind":"change_mentor","partnership_id":%d,"body":"We do not get on."}`, pid))
		id := dig(c, "id")
		for k, want := range map[string]any{"kind": "change_mentor", "kind_label": "A request to change mentor", "partnership_id": float64(pid), "mine": true,
			"status": "open", "outcome": "", "outcome_label": "", "resolution": "", "resolved_at": nil, "raised_by_name": "Vic Mentee", "body": "We do not get on."} {
			if got := dig(c, k); got != want {
				t.Errorf("the raised concern's %s = %v, want %v", k, got, want)
			}
		}
		path := fmt.Sprintf("/api/v1/concerns/%v", id)
		welfare := mentor.want(201, "POST", "/api/v1/concerns", fmt.Sprintf(`{"kind":"welfare","partnership_id":%d,"about_mentee":true,"body":"Vic is not sleeping."}`, pid))
		if dig(welfare, "about_mentee") != true {
			t.Errorf("a mentor's welfare concern about their mentee: %v", welfare)
		}

		// The other party and a stranger are told it does not exist, and list nothing of it.
		for _, m := range []*member{mentor, stranger} {
			m.refused(404, "not_found", "GET", path, "")
			m.refused(404, "not_found", "POST", path+"/notes", `{"body":"x"}`)
			m.refused(404, "not_found", "POST", path+"/resolve", `{"outcome":"talked","resolution":"x"}`)
			l := m.want(200, "GET", "/api/v1/concerns", "")
			if listed(dig(l, "mine"), id) || listed(dig(l, "to_handle"), id) {
				t.Errorf("%s lists the concern: %v", m.name, l)
			}
		}
		if l := mentee.want(200, "GET", "/api/v1/concerns", ""); !listed(dig(l, "mine"), id) || len(dig(l, "to_handle").([]any)) != 0 || listed(dig(l, "mine"), dig(welfare, "id")) {
			t.Errorf("the mentee's concerns: %v", l)
		}

		// The coordinator handles it; the raiser never reads the handling record.
		l := coord.want(200, "GET", "/api/v1/concerns", "")
		if !listed(dig(l, "to_handle"), id) || !listed(dig(l, "to_handle"), dig(welfare, "id")) || len(dig(l, "mine").([]any)) != 0 {
			t.Errorf("the coordinator's concerns: %v", l)
		}
		if d := coord.want(200, "GET", path, ""); dig(d, "can_handle") != true || dig(d, "is_raiser") != false || dig(d, "concern", "mine") != false || dig(d, "concern", "programme_name") != pair.Programme.Name {
			t.Errorf("the coordinator's view: %v", d)
		}
		n := coord.want(201, "POST", path+"/notes", `{"body":"Spoke to both on Tuesday."}`)
		if dig(n, "body") != "Spoke to both on Tuesday." || dig(n, "mine") != true || dig(n, "author_name") != "Casey Coordinator" {
			t.Errorf("the note: %v", n)
		}
		coord.refused(422, "invalid", "POST", path+"/notes", `{"body":""}`, "body")
		if d := coord.want(200, "GET", path, ""); len(dig(d, "notes").([]any)) != 1 {
			t.Errorf("the handling record: %v", dig(d, "notes"))
		}
		if d := mentee.want(200, "GET", path, ""); dig(d, "can_handle") != false || dig(d, "is_raiser") != true || len(dig(d, "notes").([]any)) != 0 {
			t.Errorf("the raiser's view: %v", d)
		}
		mentee.refused(403, "forbidden", "POST", path+"/notes", `{"body":"x"}`)
		mentee.refused(403, "forbidden", "POST", path+"/resolve", `{"outcome":"no_action","resolution":"x"}`)

		// A rematch ends the partnership; the pair read that the coordinator ended it.
		coord.refused(422, "invalid", "POST", path+"/resolve", `{"outcome":"retry","resolution":""}`, "outcome", "resolution")
		r := coord.want(200, "POST", path+"/resolve", `{"outcome":"rematch","resolution":"Vic will be matched again."}`)
		if dig(r, "status") != "resolved" || dig(r, "outcome") != "rematch" || dig(r, "outcome_label") != "Partnership ended; the mentee will be matched again" || dig(r, "resolved_at") == nil {
			t.Errorf("the resolved concern: %v", r)
		}
		coord.refused(409, "conflict", "POST", path+"/resolve", `{"outcome":"talked","resolution":"again"}`)
		for _, m := range []*member{mentor, mentee} {
			p := m.want(200, "GET", fmt.Sprintf("/api/v1/partnerships/%d", pid), "")
			if dig(p, "partnership", "state") != "withdrawn" || dig(p, "partnership", "ended_by_other") != false || dig(p, "partnership", "ended_by_me") != false {
				t.Errorf("%s's partnership after a rematch: %v", m.name, dig(p, "partnership"))
			}
		}
		if d := mentee.want(200, "GET", path, ""); dig(d, "concern", "resolution") != "Vic will be matched again." {
			t.Errorf("the raiser does not read what was done: %v", d)
		}

		// A complaint about the coordinator reaches the admins alone.
		comp := mentee.want(201, "POST", "/api/v1/concerns", fmt.Sprintf(`{"kind":"complaint","about_coordinator":true,"programme_id":%d,"body":"The coordinator ignored me."}`, pair.Programme.ID))
		cpath := fmt.Sprintf("/api/v1/concerns/%v", dig(comp, "id"))
		coord.refused(404, "not_found", "GET", cpath, "")
		if l := coord.want(200, "GET", "/api/v1/concerns", ""); listed(dig(l, "to_handle"), dig(comp, "id")) {
			t.Error("the coordinator lists a complaint about them")
		}
		if l := admin.want(200, "GET", "/api/v1/concerns", ""); !listed(dig(l, "to_handle"), dig(comp, "id")) {
			t.Errorf("the admin does not list the complaint: %v", l)
		}
		admin.refused(422, "invalid", "POST", cpath+"/resolve", `{"outcome":"rematch","resolution":"x"}`, "outcome")
		if r := admin.want(200, "POST", cpath+"/resolve", `{"outcome":"referred","resolution":"Referred to HR."}`); dig(r, "about_coordinator") != true || dig(r, "status") != "resolved" {
			t.Errorf("the admin's resolution: %v", r)
		}
		stranger.refused(404, "not_found", "GET", "/api/v1/concerns/abc", "")
	})
}
