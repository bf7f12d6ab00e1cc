package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// The pulse through the JSON API: each member answers and reads their own;
// the other member and strangers learn nothing; the coordinator reads the
// scores and the shared word only, with the summary held back under five.
func TestAPIPulse(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		env := testutil.NewEnv(t, db)
		srv := lifeServer(t, env)
		pair := env.MustPair(t, nil, "pals", "Uma Mentor", "Vic Mentee")
		for _, u := range []*tandem.User{pair.Mentor, pair.Mentee} {
			if _, err := env.App.RespondToPartnership(context.Background(), u, app.RespondInput{PartnershipID: pair.Partnership.ID, Event: tandem.EventConfirm}); err != nil {
				t.Fatal(err)
			}
		}
		env.Clock.Advance(31 * 24 * time.Hour)
		mentor, mentee, coord := signIn(t, srv, pair.Mentor), signIn(t, srv, pair.Mentee), signIn(t, srv, pair.Coordinator)
		stranger := signIn(t, srv, env.MustUser(t, "Sam Stranger", tandem.RoleMember))
		path := fmt.Sprintf("/api/v1/partnerships/%d/pulse", pair.Partnership.ID)

		st := mentee.want(200, "GET", path, "")
		if dig(st, "round") != float64(1) || dig(st, "due") != true || dig(st, "can_say_not_good_fit") != false {
			t.Fatalf("status: %v", st)
		}
		mentee.refused(422, "invalid", "POST", path, `{"score":9}`, "score")
		mentee.refused(422, "invalid", "POST", path, `{"score":3,"not_good_fit":true}`, "not_good_fit")
		res := mentee.want(201, "POST", path, `{"score":1,"word":"VIC-OWN-WORD"}`)
		if dig(res, "offer_repair") != true || dig(res, "pulse", "round") != float64(1) {
			t.Fatalf("a low answer: %v", res)
		}
		mentee.refused(409, "conflict", "POST", path, `{"score":5}`)
		mentor.want(201, "POST", path, `{"score":4,"word":"UMA-SHARED-WORD","share":true}`)
		stranger.refused(404, "not_found", "GET", path, "")
		stranger.refused(404, "not_found", "POST", path, `{"score":3}`)
		coord.refused(404, "not_found", "GET", path, "")
		if text := fmt.Sprint(mentor.want(200, "GET", path, "")); strings.Contains(text, "VIC-OWN-WORD") || !strings.Contains(text, "UMA-SHARED-WORD") {
			t.Fatalf("the mentor's status: %s", text)
		}

		prog := fmt.Sprintf("/api/v1/programmes/%d/pulse", pair.Programme.ID)
		mentee.refused(403, "forbidden", "GET", prog, "")
		coord.refused(422, "invalid", "GET", prog+"?from=yesterday", "", "from")
		got := coord.want(200, "GET", prog, "")
		text := fmt.Sprint(got)
		if dig(got, "summary", "suppressed") != true || dig(got, "summary", "people") != float64(0) || dig(got, "summary", "any_answers") != true || dig(got, "summary", "average") != nil ||
			dig(got, "signals", 0, "low") != true || dig(got, "signals", 0, "mentee", "score") != float64(1) ||
			dig(got, "signals", 0, "mentor", "shared_word") != "UMA-SHARED-WORD" || strings.Contains(text, "VIC-OWN-WORD") {
			t.Fatalf("the coordinator's pulse: %s", text)
		}
	})
}
