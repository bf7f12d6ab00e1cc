package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestMeetingEmails: a proposal and a move reach the other person; an
// acceptance and a cancellation reach both, with the calendar file that
// adds or removes the meeting; the agenda stays out of the email body.
func TestMeetingEmails(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "activate", "Rio Mentor", "Sol Mentee")
		id := pair.Partnership.ID
		var sent []string
		attachments := map[string]string{}
		a.SetOutbox(func(_ context.Context, _ *store.Store, key string, m *mail.Message) error {
			name := m.Headers["X-Tandem-Template"]
			sent = append(sent, name+" "+m.ToName)
			for _, at := range m.Attachments {
				attachments[name] = at.ContentType
			}
			return nil
		})
		step := func(want ...string) {
			t.Helper()
			slices.Sort(sent)
			slices.Sort(want)
			if strings.Join(sent, ",") != strings.Join(want, ",") {
				t.Fatalf("sent %v, want %v", sent, want)
			}
			sent = nil
		}
		m := must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, pair.Mentee, id, app.MeetingInput{Starts: "2026-10-20T14:00", Venue: "Café"}))
		step("meeting_proposed Rio Mentor")
		must[*tandem.Meeting](t)(a.MoveMeeting(ctx, pair.Mentor, id, m.ID, app.MeetingInput{Starts: "2026-10-21T14:00", Venue: "Café"}))
		step("meeting_moved Sol Mentee")
		must[*tandem.Meeting](t)(a.AcceptMeeting(ctx, pair.Mentee, id, m.ID))
		step("meeting_accepted Rio Mentor", "meeting_accepted Sol Mentee")
		must[*tandem.Meeting](t)(a.CancelMeeting(ctx, pair.Mentor, id, m.ID, "Ill, sorry"))
		step("meeting_cancelled Rio Mentor", "meeting_cancelled Sol Mentee")
		if !strings.Contains(attachments["meeting_accepted"], "method=REQUEST") || !strings.Contains(attachments["meeting_cancelled"], "method=CANCEL") {
			t.Fatalf("attachments: %v", attachments)
		}
	})
}

// TestIntroductionEmails: publishing a matching tells both members of each pair.
func TestIntroductionEmails(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newMatchFixture(t, db)
		var sent []string
		f.e.App.SetOutbox(func(_ context.Context, _ *store.Store, key string, m *mail.Message) error {
			sent = append(sent, m.Headers["X-Tandem-Template"]+" "+m.ToName)
			return nil
		})
		ps := must[[]tandem.Partnership](t)(f.e.App.PublishMatching(context.Background(), f.coord, f.p.ID))
		if len(sent) != 2*len(ps) || !strings.HasPrefix(sent[0], "introduction_made ") {
			t.Fatalf("%d pairs, sent %v", len(ps), sent)
		}
	})
}
