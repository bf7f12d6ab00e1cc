package app_test

import (
	"context"
	"sync"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestConcurrentPublishKeepsCapacity: two coordinators publish the same
// programme at the same moment; no mentee is introduced twice and no mentor
// beyond their capacity.
func TestConcurrentPublishKeepsCapacity(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newMatchFixture(t, db)
		ctx := context.Background()
		second := f.e.MustUser(t, "Sam Second", tandem.RoleCoordinator)
		if _, err := f.e.App.AppointCoordinator(ctx, f.coord, f.p.ID, second.Email); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, u := range []*tandem.User{f.coord, second} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.e.App.PublishMatching(ctx, u, f.p.ID)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil && tandem.ErrorCode(err) != tandem.EConflict {
				t.Fatalf("publishing at once: %v", errs)
			}
		}
		ps := must[[]tandem.Partnership](t)(f.e.App.Partnerships(ctx, f.coord, f.p.ID))
		mentees, load := map[int64]int{}, map[int64]int{}
		for _, p := range ps {
			mentees[p.MenteeMembershipID]++
			load[p.MentorMembershipID]++
		}
		capacity := map[int64]int{f.prof.ID: f.prof.Capacity, f.lect.ID: f.lect.Capacity, f.postdc.ID: f.postdc.Capacity}
		for id, n := range mentees {
			if n > 1 {
				t.Errorf("mentee membership %d introduced %d times", id, n)
			}
		}
		for id, n := range load {
			if n > capacity[id] {
				t.Errorf("mentor membership %d has %d mentees, capacity %d", id, n, capacity[id])
			}
		}
		if len(ps) == 0 {
			t.Fatal("nothing was published")
		}
	})
}

// TestConcurrentConfirmations: both members confirm at the same moment; both
// confirmations count and the partnership becomes active.
func TestConcurrentConfirmations(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		pair := e.MustPair(t, nil, "pals", "Ola Mentor", "Pia Mentee")
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, u := range []*tandem.User{pair.Mentor, pair.Mentee} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.App.RespondToPartnership(ctx, u, app.RespondInput{PartnershipID: pair.Partnership.ID, Event: tandem.EventConfirm})
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		w := must[*app.Workspace](t)(e.App.WorkspaceOf(ctx, pair.Mentee, pair.Partnership.ID))
		if w.Partnership.State != tandem.PartnershipActive || !w.Partnership.IConfirmed || !w.Partnership.OtherConfirmed {
			t.Fatalf("after confirming at once: %+v", w.Partnership)
		}
	})
}

// TestConcurrentDecisionsDecideOnce: two coordinators approve one
// application at the same moment, several times over; it is approved once, the other is told it
// was already decided, and one decision is on record. (Approve and decline
// at once may both stand: a declined application can still be approved.)
func TestConcurrentDecisionsDecideOnce(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		p := e.MustProgramme(t, coord, "pals")
		p.RequiresApproval = true
		p = must[*tandem.Programme](t)(e.App.UpdateProgramme(ctx, coord, *p))
		second := e.MustUser(t, "Sam Second", tandem.RoleCoordinator)
		if _, err := e.App.AppointCoordinator(ctx, coord, p.ID, second.Email); err != nil {
			t.Fatal(err)
		}
		m := e.MustJoin(t, e.MustUser(t, "Rae Mentee", tandem.RoleMember), p, tandem.Mentee, "History", "phd")
		var wg sync.WaitGroup
		errs := make([]error, 8) // eight clicks from two desks, to make the race likely
		for i := range errs {
			u := []*tandem.User{coord, second}[i%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.App.DecideApplication(ctx, u, p.ID, m.ID, app.DecisionInput{Decision: tandem.DecisionApprove})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case tandem.ErrorCode(err) != tandem.EConflict:
				t.Fatalf("deciding at once: %v", errs)
			}
		}
		ds := must[[]tandem.ApplicationDecision](t)(e.App.ApplicationDecisions(ctx, coord, p.ID))
		if ok != 1 || len(ds) != 1 {
			t.Fatalf("%d decisions succeeded and %d are on record, want 1 and 1 (%v)", ok, len(ds), errs)
		}
	})
}
