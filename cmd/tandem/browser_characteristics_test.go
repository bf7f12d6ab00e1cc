package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestBrowserCharacteristics: a mentee gives consented characteristics by
// clicks on a phone, is refused without the consent box (keeping what they
// chose), saves, and withdraws; the coordinator of a programme that uses them
// sees only "consent: yes".
func TestBrowserCharacteristics(t *testing.T) {
	chromium := browserExecPath(t)
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
		defer cancel()
		w := newPairWorld(t, db)
		w.prog.UsesCharacteristics = true
		if _, err := w.env.App.UpdateProgramme(ctx, w.coord, *w.prog); err != nil {
			t.Fatal(err)
		}
		first := newBrowserSession(t, ctx, chromium, w.srv.URL)
		mentee := browserPerson{first, w.mentee}
		mentee.phone(t)
		mentee.signInAt(t, "/profile")
		mentee.follow(t, textEl("a", "Give, change or delete your characteristics"))
		mentee.wantPath(t, "/profile/characteristics")
		mentee.wantTextContains(t, cssEl("main #who-h + ul"), w.prog.Name)
		mentee.click(t, xpathEl(`//input[@name="caring"][@value="yes"]`))
		mentee.click(t, xpathEl(`//input[@name="ethnicity"][@value="self_describe"]`))
		mentee.fill(t, "ethnicity_text", "Cornish")
		if status := mentee.submit(t, textEl("button", "Give consent and save")); status != 422 {
			t.Fatalf("without consent: %d", status)
		}
		mentee.wantTextContains(t, cssEl("#consent-error"), "Tick the consent statement")
		if !mentee.checked(t, `input[name="caring"][value="yes"]`) || mentee.value(t, "ethnicity_text") != "Cornish" {
			t.Fatal("the refused form lost what was chosen")
		}
		mentee.noHorizontalOverflow(t)
		mentee.screenshot(t, "characteristics-01-refused-phone")
		mentee.click(t, cssEl(`input[name="consent"]`))
		mentee.submit(t, textEl("button", "Give consent and save"))
		mentee.wantText(t, cssEl("main .flash"), "Your answers are saved. Only matching uses them.")
		mentee.screenshot(t, "characteristics-02-saved-phone")

		coord := browserPerson{first.newContext(t), w.coord}
		coord.signInAt(t, fmt.Sprintf("/programmes/%d/participants", w.prog.ID))
		coord.wantTextContains(t, xpathEl(`//tr[contains(., "Mina Mentee")]`), "Consent to characteristics: Yes")
		coord.wantTextContains(t, xpathEl(`//tr[contains(., "Morgan Mentor")]`), "Consent to characteristics: No")
		coord.screenshot(t, "characteristics-03-coordinator")

		mentee.submit(t, textEl("button", "Withdraw consent and delete my answers"))
		mentee.wantText(t, cssEl("main .flash"), "Your consent is withdrawn and your answers are deleted.")
		if _, err := w.env.Store.Characteristics(ctx, w.mentee.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("kept after withdrawal: %v", err)
		}
	})
}
