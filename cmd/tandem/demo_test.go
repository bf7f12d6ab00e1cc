package main

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestDemoStory loads the demo on both engines and checks the showcase pair's
// four months: active, agreement signed, two meetings held, a proposal waiting.
func TestDemoStory(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := tandem.NewFixedClock(testutil.Epoch)
		a := app.New(app.Options{Store: store.New(db), Clock: clock, BaseURL: "http://tandem.test", Argon2: testutil.CheapArgon2})
		if err := loadDemo(ctx, a, clock); err != nil {
			t.Fatal(err)
		}
		if got, want := clock.Now(), testutil.Epoch.AddDate(0, 0, demoDays); got.Sub(want) > 24*time.Hour || want.Sub(got) > 24*time.Hour {
			t.Fatalf("the story should end about now: %v, want %v", got, want)
		}
		mentee, err := a.SignIn(ctx, app.SignInInput{Email: demoMentee, Password: demoPassword})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := a.MyPartnerships(ctx, mentee)
		if err != nil || len(mine) != 1 {
			t.Fatalf("showcase partnerships: %v %v", mine, err)
		}
		w, err := a.WorkspaceOf(ctx, mentee, mine[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		held, proposed := 0, 0
		for _, m := range w.Meetings {
			if m.HeldAt != nil {
				held++
			}
			if m.State == tandem.MeetingProposed && m.Upcoming {
				proposed++
			}
		}
		if w.Partnership.State != tandem.PartnershipActive || !w.AgreementSigned || held != 2 || proposed != 1 || len(w.Goals) != 2 || len(w.Notes) != 2 {
			t.Fatalf("showcase: state %s, signed %v, held %d, proposed %d, goals %d, notes %d",
				w.Partnership.State, w.AgreementSigned, held, proposed, len(w.Goals), len(w.Notes))
		}
	})
}
