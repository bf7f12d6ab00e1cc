package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestEventEmailsShareTheChangesTransaction: an event's emails are queued in
// the transaction that records the event, so a queue that refuses them
// undoes the event (nothing happens that its emails do not follow), and a
// queue that takes them is handed that transaction.
func TestEventEmailsShareTheChangesTransaction(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "activate", "Rio Mentor", "Sol Mentee")
		id := pair.Partnership.ID
		refuse := errors.New("queue refused")
		inTx := 0
		a.SetOutbox(func(_ context.Context, st *store.Store, _ string, _ *mail.Message) error {
			if _, tx := st.Tx(); tx == nil {
				t.Error("an event email was queued outside its transaction")
			}
			inTx++
			return refuse
		})
		if _, err := a.ProposeMeeting(ctx, pair.Mentee, id, app.MeetingInput{Starts: "2026-10-20T14:00", Venue: "Café"}); !errors.Is(err, refuse) {
			t.Fatalf("proposal with a refusing queue: %v", err)
		}
		if ms := must[*app.Workspace](t)(a.WorkspaceOf(ctx, pair.Mentee, id)).Meetings; len(ms) != 0 {
			t.Fatalf("the proposal was kept without its email: %+v", ms)
		}
		_, err := a.RaiseConcern(ctx, pair.Mentee, app.ConcernInput{Kind: tandem.ConcernWelfare, PartnershipID: id, Body: "Help"})
		if !errors.Is(err, refuse) {
			t.Fatalf("welfare concern with a refusing queue: %v", err)
		}
		if cs := must[[]tandem.Concern](t)(a.MyConcerns(ctx, pair.Mentee)); len(cs) != 0 {
			t.Fatalf("the welfare concern was kept though its handlers were not told: %+v", cs)
		}
		if inTx != 2 {
			t.Fatalf("%d emails offered to the queue, want the proposal's and the first handler's", inTx)
		}

		// A queue that takes them: both are kept, each with its email.
		var keys []string
		a.SetOutbox(func(_ context.Context, st *store.Store, key string, _ *mail.Message) error {
			if _, tx := st.Tx(); tx == nil {
				t.Error("an event email was queued outside its transaction")
			}
			keys = append(keys, key)
			return nil
		})
		must[*tandem.Meeting](t)(a.ProposeMeeting(ctx, pair.Mentee, id, app.MeetingInput{Starts: "2026-10-20T14:00", Venue: "Café"}))
		must[*tandem.Concern](t)(a.RaiseConcern(ctx, pair.Mentee, app.ConcernInput{Kind: tandem.ConcernWelfare, PartnershipID: id, Body: "Help"}))
		if len(keys) < 3 { // the proposal to the mentor; the concern to the coordinator and the admin
			t.Fatalf("queued %v", keys)
		}
	})
}
