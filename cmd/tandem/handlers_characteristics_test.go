package main

import (
	"net/url"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestCharacteristicsPage: nothing is kept without the consent box, a
// refused form keeps the answers, the saved page says when consent was
// given, and withdrawing deletes the answers.
func TestCharacteristicsPage(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		b := w.as(t, w.mentee)
		body := wantPage(t, b, "/profile", 200)
		wantAll(t, "profile", body, `href="/profile/characteristics"`)
		body = wantPage(t, b, "/profile/characteristics", 200)
		wantAll(t, "empty form", body, "Who uses your answers", "Nobody reads them", "Give consent and save", "Prefer not to say", "In my own words")
		wantNone(t, "empty form", body, "Withdraw consent")

		form := url.Values{"ethnicity": {"self_describe"}, "ethnicity_text": {"Cornish and proud"}, "caring": {"yes"}}
		resp, body := b.post("/profile/characteristics", form)
		if resp.StatusCode != 422 {
			t.Fatalf("without consent: %d", resp.StatusCode)
		}
		wantAll(t, "refused form", body, "Tick the consent statement", `value="Cornish and proud"`, `id="consent-error"`)
		if _, err := w.env.Store.Characteristics(t.Context(), w.mentee.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("kept without consent: %v", err)
		}

		form.Set("consent", "yes")
		wantRedirect(t, b, "/profile/characteristics", form, "/profile/characteristics")
		body = wantPage(t, b, "/profile/characteristics", 200)
		wantAll(t, "saved form", body, "You gave consent on", `value="Cornish and proud"`, "Withdraw consent and delete my answers")
		body = wantPage(t, b, "/profile/data", 200)
		wantAll(t, "own data", body, "Characteristics you chose to give", "In my own words: Cornish and proud", "Caring responsibilities")

		wantRedirect(t, b, "/profile/characteristics/withdraw", url.Values{}, "/profile/characteristics")
		if _, err := w.env.Store.Characteristics(t.Context(), w.mentee.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("kept after withdrawal: %v", err)
		}
		body = wantPage(t, b, "/profile/characteristics", 200)
		wantNone(t, "after withdrawal", body, "Cornish and proud", "You gave consent on")
	})
}
