package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestWhoSawMyDataPages: a coordinator opening the participant list shows on
// the mentee's "who saw my data" page; the admins' audit log is theirs alone.
func TestWhoSawMyDataPages(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		coord, mentee := w.as(t, w.coord), w.as(t, w.mentee)
		if resp, _ := coord.get(fmt.Sprintf("/programmes/%d/participants", w.prog.ID)); resp.StatusCode != http.StatusOK {
			t.Fatalf("participants: %d", resp.StatusCode)
		}
		resp, body := mentee.get("/profile/activity")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Casey Coordinator") || !strings.Contains(body, "viewed the participant list") {
			t.Fatalf("the mentee's trail: %d\n%s", resp.StatusCode, body)
		}
		if resp, _ := coord.get("/admin/audit"); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("a coordinator reading the audit log: %d", resp.StatusCode)
		}
		admin := w.as(t, w.env.Admin)
		resp, body = admin.get("/admin/audit")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Everyone in PaLS") {
			t.Fatalf("the admin's log: %d\n%s", resp.StatusCode, body)
		}
	})
}

// TestReminderSettingsPage: switching a reminder off sticks; the page keeps
// the others on.
func TestReminderSettingsPage(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		w := newPairWorld(t, db)
		mentee := w.as(t, w.mentee)
		resp, body := mentee.get("/profile/reminders")
		if resp.StatusCode != http.StatusOK || strings.Count(body, `name="on"`) != len(tandem.NudgeKinds) || strings.Count(body, "checked") != len(tandem.NudgeKinds) {
			t.Fatalf("settings page: %d\n%s", resp.StatusCode, body)
		}
		resp, _ = mentee.post("/profile/reminders", url.Values{"on": {tandem.NudgeMeetingTomorrow}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving: %d", resp.StatusCode)
		}
		s, err := w.env.App.MyReminderSettings(context.Background(), w.mentee)
		if err != nil || !s.On[tandem.NudgeMeetingTomorrow] || s.On[tandem.NudgeNoContact] {
			t.Fatalf("after saving: %v %v", s, err)
		}
	})
}
