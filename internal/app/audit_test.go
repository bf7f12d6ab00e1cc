package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestAuditTrail: what coordinators and admins do with a person's data
// reaches that person's "who saw my data" page, and only theirs; one's own
// actions are not listed; the full log is for admins.
func TestAuditTrail(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newMatchFixture(t, db)
		ctx, a := context.Background(), f.e.App
		outsider := f.e.MustUser(t, "Zed Outsider", tandem.RoleMember)

		must[[]tandem.Membership](t)(a.Participants(ctx, f.coord, f.p.ID, tandem.MembershipFilter{}))
		if err := a.PinPair(ctx, f.coord, f.p.ID, f.ada.ID, f.prof.ID); err != nil {
			t.Fatal(err)
		}
		must[*app.Proposal](t)(a.ProposeMatching(ctx, f.coord, f.p.ID))
		must[[]tandem.User](t)(a.ListUsers(ctx, f.e.Admin, ""))

		actions := func(u *tandem.User) []string {
			var out []string
			for _, l := range must[[]app.AuditLine](t)(a.WhoSawMyData(ctx, u)) {
				out = append(out, l.ActorName+" "+l.Action)
			}
			slices.Sort(out)
			return out
		}
		ada := actions(f.users["Ada"])
		for _, want := range []string{"Casey Coordinator view_participants", "Casey Coordinator change_matching", "Casey Coordinator view_matching", "Alex Admin view_people"} {
			if !slices.Contains(ada, want) {
				t.Errorf("Ada's trail lacks %q: %v", want, ada)
			}
		}
		bo := actions(f.users["Bo"])
		if slices.Contains(bo, "Casey Coordinator change_matching") || !slices.Contains(bo, "Casey Coordinator view_participants") {
			t.Errorf("Bo's trail names the pin about Ada and Prof, or lacks the list view: %v", bo)
		}
		if got := actions(outsider); strings.Contains(strings.Join(got, ","), "view_participants") {
			t.Errorf("someone outside the programme sees its list views: %v", got)
		}
		if got := actions(f.coord); slices.Contains(got, "Casey Coordinator view_participants") {
			t.Errorf("one's own actions are listed: %v", got)
		}
		_, err := a.AuditLog(ctx, f.coord)
		wantCode(t, err, tandem.EForbidden)
		if log := must[[]app.AuditLine](t)(a.AuditLog(ctx, f.e.Admin)); len(log) < 5 {
			t.Errorf("admin's log: %d entries", len(log))
		}
	})
}
