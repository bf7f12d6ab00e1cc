package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func mustCharacteristics(t *testing.T, e *testutil.Env, u *tandem.User, c tandem.Characteristics) {
	t.Helper()
	if _, err := e.App.SaveMyCharacteristics(context.Background(), u, app.CharacteristicsInput{Characteristics: c, Consent: true}); err != nil {
		t.Fatal(err)
	}
}

// dimensionWords would name a dimension or an answer: no explanation, list
// or export seen by anyone but the owner may contain them.
var dimensionWords = []string{"ethnic", "gender", "lgbt", "disab", "caring", "first gen", "first in", "woman", "non-binary", "asian", "black", "white", "prefer"}

func TestCharacteristicsNeedConsentAndAreTheOwnersAlone(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := testutil.NewEnv(t, db)
		ann, ben := e.MustUser(t, "Ann", tandem.RoleMember), e.MustUser(t, "Ben", tandem.RoleMember)

		// Without the consent box nothing is kept, and the form says why.
		_, err := e.App.SaveMyCharacteristics(ctx, ann, app.CharacteristicsInput{Characteristics: tandem.Characteristics{Disability: tandem.CharYes}})
		if f := tandem.ErrorFields(err); f["consent"] == "" {
			t.Fatalf("saved without consent: %v", err)
		}
		if _, err := e.App.MyCharacteristics(ctx, ann); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("kept without consent: %v", err)
		}
		// Own words must be given when chosen; unknown answers are refused.
		_, err = e.App.SaveMyCharacteristics(ctx, ann, app.CharacteristicsInput{Consent: true,
			Characteristics: tandem.Characteristics{Gender: tandem.CharSelfDescribe, Caring: "maybe"}})
		if f := tandem.ErrorFields(err); f["gender_text"] == "" || f["caring"] == "" {
			t.Fatalf("fields %v", f)
		}

		mustCharacteristics(t, e, ann, tandem.Characteristics{Ethnicity: tandem.CharSelfDescribe, EthnicityText: "  Cornish  ",
			Gender: tandem.CharPreferNot, Disability: tandem.CharYes, GenderText: "dropped"})
		got, err := e.App.MyCharacteristics(ctx, ann)
		if err != nil {
			t.Fatal(err)
		}
		if got.EthnicityText != "Cornish" || got.GenderText != "" || got.Disability != tandem.CharYes || !got.ConsentedAt.Equal(e.Clock.Now()) {
			t.Fatalf("kept %+v", got)
		}
		// Ben has none: he never sees Ann's (no method takes another's id).
		if _, err := e.App.MyCharacteristics(ctx, ben); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("Ben reads %v", err)
		}
		if _, err := e.App.MyCharacteristics(ctx, nil); tandem.ErrorCode(err) != tandem.EUnauthorized {
			t.Fatalf("anonymous: %v", err)
		}

		// Her data export holds them with the consent statement.
		x, err := e.App.ExportMyData(ctx, ann)
		if err != nil {
			t.Fatal(err)
		}
		if x.Characteristics == nil || x.Characteristics.EthnicityText != "Cornish" || x.Characteristics.Consent != tandem.CharacteristicsConsent {
			t.Fatalf("export %+v", x.Characteristics)
		}
		js, _ := json.Marshal(x)
		if !strings.Contains(string(js), `"consent_statement"`) || !strings.Contains(string(js), `"disability":"yes"`) {
			t.Fatalf("export JSON %s", js)
		}

		// Withdrawal deletes them.
		if err := e.App.WithdrawMyCharacteristics(ctx, ann); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Store.Characteristics(ctx, ann.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("withdrawn but kept: %v", err)
		}
		if x, _ := e.App.ExportMyData(ctx, ann); x.Characteristics != nil {
			t.Fatal("export still holds withdrawn characteristics")
		}

		// Erasure deletes them too.
		mustCharacteristics(t, e, ben, tandem.Characteristics{LGBTQ: tandem.CharYes})
		if err := e.App.EraseMe(ctx, ben, ben.Email); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Store.Characteristics(ctx, ben.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("erased but kept: %v", err)
		}
	})
}

// TestMatchingUsesOnlyADifferenceFlag: in a programme that uses
// characteristics, a mentor who differs from the mentee on a dimension both
// answered scores higher and is explained in words that name no dimension;
// elsewhere, and where either preferred not to say, nothing changes.
func TestMatchingUsesOnlyADifferenceFlag(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := testutil.NewEnv(t, db)
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		p := e.MustProgramme(t, coord, "pals")
		users := map[string]*tandem.User{}
		ids := map[string]int64{}
		join := func(name, role, dept string) {
			u := e.MustUser(t, name, tandem.RoleMember)
			stage := "phd"
			if role == tandem.Mentor {
				stage = "lecturer"
			}
			m := e.MustJoin(t, u, p, role, dept, stage)
			users[name], ids[name] = u, m.UserID
		}
		join("Mia", tandem.Mentee, "History")
		join("Dee", tandem.Mentor, "Physics")   // differs from Mia on caring
		join("Sam", tandem.Mentor, "Chemistry") // same answers as Mia
		join("Pat", tandem.Mentor, "Physics")   // prefers not to say where Mia answered
		join("Nia", tandem.Mentor, "Chemistry") // gave nothing
		mustCharacteristics(t, e, users["Mia"], tandem.Characteristics{Caring: tandem.CharYes, Disability: tandem.CharNo})
		mustCharacteristics(t, e, users["Dee"], tandem.Characteristics{Caring: tandem.CharNo, Disability: tandem.CharNo})
		mustCharacteristics(t, e, users["Sam"], tandem.Characteristics{Caring: tandem.CharYes, Disability: tandem.CharNo, Gender: tandem.GenderOptions[0].Value})
		mustCharacteristics(t, e, users["Pat"], tandem.Characteristics{Caring: tandem.CharPreferNot, Disability: tandem.CharPreferNot})

		options := func() map[string]app.Option {
			prop, err := e.App.ProposeMatching(ctx, coord, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]app.Option{}
			for _, opts := range prop.Options {
				for _, o := range opts {
					out[o.Mentor.UserName] = o
				}
			}
			if len(out) != 4 {
				t.Fatalf("options %v", out)
			}
			return out
		}
		// Not a programme that uses them: all four mentors look alike.
		before := options()
		for name, o := range before {
			if o.ScoreMillis != before["Sam"].ScoreMillis || strings.Contains(o.Explanation, "different experience") {
				t.Fatalf("%s: %d %q", name, o.ScoreMillis, o.Explanation)
			}
		}

		p.UsesCharacteristics = true
		if _, err := e.App.UpdateProgramme(ctx, coord, *p); err != nil {
			t.Fatal(err)
		}
		after := options()
		if !strings.Contains(after["Dee"].Explanation, "brings a different experience of the organisation") {
			t.Fatalf("Dee: %q", after["Dee"].Explanation)
		}
		if after["Dee"].ScoreMillis <= after["Sam"].ScoreMillis {
			t.Fatalf("Dee %d, Sam %d", after["Dee"].ScoreMillis, after["Sam"].ScoreMillis)
		}
		for _, name := range []string{"Sam", "Pat", "Nia"} {
			if o := after[name]; o.ScoreMillis != after["Sam"].ScoreMillis || strings.Contains(o.Explanation, "different experience") {
				t.Fatalf("%s: %d %q", name, o.ScoreMillis, o.Explanation)
			}
		}
		for name, o := range after {
			for _, w := range dimensionWords {
				if strings.Contains(strings.ToLower(o.Explanation), w) {
					t.Fatalf("%s's explanation %q names %q", name, o.Explanation, w)
				}
			}
		}

		// The coordinator learns only who gave consent, here and nowhere else.
		ms, err := e.App.Participants(ctx, coord, p.ID, tandem.MembershipFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			want := m.UserName != "Nia"
			if m.CharacteristicsConsent == nil || *m.CharacteristicsConsent != want {
				t.Fatalf("%s consent %v", m.UserName, m.CharacteristicsConsent)
			}
		}
		js, _ := json.Marshal(ms)
		var csv bytes.Buffer
		if err := e.App.ExportParticipants(ctx, coord, p.ID, &csv); err != nil {
			t.Fatal(err)
		}
		for what, text := range map[string]string{"participants JSON": string(js), "participants CSV": csv.String()} {
			for _, w := range []string{"caring", "disab", `"yes"`, "characteristics\":{"} {
				if strings.Contains(strings.ToLower(text), w) {
					t.Fatalf("%s holds %q: %s", what, w, text)
				}
			}
		}
		other := e.MustProgramme(t, coord, "activate")
		e.MustJoin(t, users["Mia"], other, tandem.Mentee, "History", "phd")
		ms, err = e.App.Participants(ctx, coord, other.ID, tandem.MembershipFilter{})
		if err != nil || len(ms) != 1 || ms[0].CharacteristicsConsent != nil {
			t.Fatalf("programme without characteristics: %v %+v", err, ms)
		}

		// Published, Mia and Dee are introduced; neither reads the difference
		// in why they were introduced, nor in their data download.
		pub, err := e.App.PublishMatching(ctx, coord, p.ID)
		if err != nil || len(pub) != 1 || pub[0].MentorID != users["Dee"].ID {
			t.Fatalf("published: %v %+v", err, pub)
		}
		for _, name := range []string{"Mia", "Dee"} {
			mine, err := e.App.MyPartnerships(ctx, users[name])
			if err != nil || len(mine) != 1 || mine[0].Explanation == "" || strings.Contains(mine[0].Explanation, "different experience") {
				t.Fatalf("%s's partnership: %v %+v", name, err, mine)
			}
			x, err := e.App.ExportMyData(ctx, users[name])
			if err != nil || len(x.Partnerships) != 1 || strings.Contains(x.Partnerships[0].Explanation, "different experience") {
				t.Fatalf("%s's data download: %v %+v", name, err, x)
			}
		}
	})
}
