package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

type matchFixture struct {
	e                  *testutil.Env
	p                  *tandem.Programme
	coord              *tandem.User
	ada, bo, cy        tandem.Membership // mentees
	prof, lect, postdc tandem.Membership // mentors
	users              map[string]*tandem.User
}

// newMatchFixture: a PaLS programme (mentor more senior, other department).
//
//	mentees: Ada (History, PhD), Bo (Physics, PhD), Cy (Physics, lecturer)
//	mentors: Prof (Physics, professor, capacity 1), Lect (History, lecturer, capacity 2), Postdc (Chemistry, postdoc, capacity 1)
func newMatchFixture(t *testing.T, db *store.DB) *matchFixture {
	e := testutil.NewEnv(t, db)
	f := &matchFixture{e: e, coord: e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator), users: map[string]*tandem.User{}}
	f.p = e.MustProgramme(t, f.coord, "pals")
	join := func(name, role, dept, stage string, capacity int, topics ...string) tandem.Membership {
		u := e.MustUser(t, name, tandem.RoleMember)
		f.users[name] = u
		prof := testutil.Profile(dept, stage)
		prof.Topics = topics
		res, err := e.App.Join(context.Background(), u, app.JoinInput{ProgrammeID: f.p.ID, Roles: []string{role}, Profile: prof, Capacity: capacity})
		if err != nil {
			t.Fatal(err)
		}
		return res.Memberships[0]
	}
	f.ada = join("Ada", tandem.Mentee, "History", "phd", 0, "grants", "teaching", "leadership")
	f.bo = join("Bo", tandem.Mentee, "Physics", "phd", 0, "grants")
	f.cy = join("Cy", tandem.Mentee, "Physics", "lecturer", 0, "leadership")
	f.prof = join("Prof", tandem.Mentor, "Physics", "professor", 1, "grants", "teaching", "leadership")
	f.lect = join("Lect", tandem.Mentor, "History", "lecturer", 2, "grants")
	f.postdc = join("Postdc", tandem.Mentor, "Chemistry", "postdoc", 1, "teaching")
	return f
}

func pairsOf(p *app.Proposal) map[string]string {
	out := map[string]string{}
	for _, pr := range p.Pairs {
		out[pr.Mentee.UserName] = pr.Mentor.UserName
	}
	return out
}

func TestProposalIsOptimalUnderHardRules(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newMatchFixture(t, db)
		ctx := context.Background()
		prop, err := f.e.App.ProposeMatching(ctx, f.coord, f.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Cy (lecturer, Physics) can only have Prof... who is in Physics too: no mentor.
		// Ada (History) cannot have Lect (History); Bo (Physics) cannot have Prof.
		// All three matched is impossible; two is the optimum: Ada-Prof and Bo-Lect,
		// or Ada-Postdc/Bo-Lect; the score prefers Ada with Prof (all three topics shared).
		got := pairsOf(prop)
		if len(got) != 2 || got["Ada"] != "Prof" || got["Bo"] != "Lect" || !prop.Verified {
			t.Fatalf("proposal %v verified=%v", got, prop.Verified)
		}
		if len(prop.Unmatched) != 1 || prop.Unmatched[0].Mentee.UserName != "Cy" {
			t.Fatalf("unmatched %+v", prop.Unmatched)
		}
		if r := prop.Unmatched[0].Reason; r != "No eligible mentor more senior than them in another department." {
			t.Fatalf("reason %q", r)
		}
		for _, pr := range prop.Pairs {
			if pr.Mentee.UserName == "Ada" && !strings.Contains(pr.Explanation, "Different department; 3 shared topics (grants, teaching, leadership); mentor is six career stages above") {
				t.Fatalf("explanation %q", pr.Explanation)
			}
		}
	})
}

func TestPinsForbidsAndRelations(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newMatchFixture(t, db)
		ctx := context.Background()
		a := f.e.App
		if err := a.PinPair(ctx, f.coord, f.p.ID, f.ada.ID, f.lect.ID); tandem.ErrorCode(err) != tandem.EInvalid {
			t.Fatalf("pinning a same-department pair must be refused: %v", err)
		}
		if err := a.PinPair(ctx, f.coord, f.p.ID, f.ada.ID, f.postdc.ID); err != nil {
			t.Fatal(err)
		}
		prop, _ := a.ProposeMatching(ctx, f.coord, f.p.ID)
		if got := pairsOf(prop); got["Ada"] != "Postdc" || got["Bo"] != "Lect" {
			t.Fatalf("with the pin: %v", got)
		}
		if err := a.ClearPair(ctx, f.coord, f.p.ID, f.ada.ID, f.postdc.ID); err != nil {
			t.Fatal(err)
		}
		if err := a.ForbidPair(ctx, f.coord, f.p.ID, f.ada.ID, f.prof.ID); err != nil {
			t.Fatal(err)
		}
		prop, _ = a.ProposeMatching(ctx, f.coord, f.p.ID)
		if got := pairsOf(prop); got["Ada"] == "Prof" || len(prop.Forbidden) != 1 {
			t.Fatalf("forbidden pair proposed: %v", got)
		}
		a.ClearPair(ctx, f.coord, f.p.ID, f.ada.ID, f.prof.ID)
		err := a.RecordRelation(ctx, f.coord, f.p.ID, f.users["Prof"].Email, f.users["Ada"].Email, tandem.RelationLineManager)
		if err != nil {
			t.Fatal(err)
		}
		prop, _ = a.ProposeMatching(ctx, f.coord, f.p.ID)
		if got := pairsOf(prop); got["Ada"] == "Prof" {
			t.Fatalf("paired with line manager: %v", got)
		}
		member := f.users["Bo"]
		if _, err := a.ProposeMatching(ctx, member, f.p.ID); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("a participant running matching: %v", err)
		}
	})
}

func TestPublishMakesIntroductionsOnce(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newMatchFixture(t, db)
		ctx := context.Background()
		a := f.e.App
		intro, err := a.PublishMatching(ctx, f.coord, f.p.ID)
		if err != nil || len(intro) != 2 {
			t.Fatalf("publish: %d %v", len(intro), err)
		}
		for _, ps := range intro {
			if ps.State != tandem.PartnershipIntroduced || ps.Explanation == "" {
				t.Fatalf("introduction %+v", ps)
			}
		}
		prop, _ := a.ProposeMatching(ctx, f.coord, f.p.ID)
		if prop.MenteesWaiting != 1 || len(prop.Pairs) != 0 {
			t.Fatalf("after publishing, only Cy waits: %+v", prop)
		}
		if _, err := a.PublishMatching(ctx, f.coord, f.p.ID); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("publishing nothing: %v", err)
		}
		// Lect had capacity 2 and Postdc 1: two places are still free.
		u := f.e.MustUser(t, "Di", tandem.RoleMember)
		f.e.MustJoin(t, u, f.p, tandem.Mentee, "Physics", "phd")
		prop, _ = a.ProposeMatching(ctx, f.coord, f.p.ID)
		if got := pairsOf(prop); got["Di"] == "" || prop.PlacesFree != 2 || prop.MentorsWithRoom != 2 {
			t.Fatalf("remaining capacity: %v, %d places with %d mentors", got, prop.PlacesFree, prop.MentorsWithRoom)
		}
		ps, _ := a.Partnerships(ctx, f.coord, f.p.ID)
		if len(ps) != 2 {
			t.Fatalf("partnerships %d", len(ps))
		}
	})
}

func TestMenteeChoosesFromShortlist(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newMatchFixture(t, db)
		ctx := context.Background()
		a := f.e.App
		edit := *f.p
		edit.MatchingMode = tandem.ModeMenteeChooses
		if _, err := a.UpdateProgramme(ctx, f.coord, edit); err != nil {
			t.Fatal(err)
		}
		ada, bo := f.users["Ada"], f.users["Bo"]
		sl, err := a.MentorShortlist(ctx, ada, f.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range sl.Options {
			names = append(names, o.Mentor.UserName)
			if o.Mentor.UserEmail != "" || o.Explanation == "" {
				t.Fatalf("shortlist entry %+v", o)
			}
		}
		if strings.Join(names, ",") != "Prof,Postdc" {
			t.Fatalf("Ada's shortlist %v (Lect shares her department)", names)
		}
		if _, err := a.ChooseMentor(ctx, ada, f.p.ID, f.lect.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("choosing a mentor the rules rule out: %v", err)
		}
		if _, err := a.ChooseMentor(ctx, ada, f.p.ID, f.postdc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ChooseMentor(ctx, ada, f.p.ID, f.prof.ID); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("choosing twice: %v", err)
		}
		// Postdc had one place: Bo can no longer choose them.
		if _, err := a.ChooseMentor(ctx, bo, f.p.ID, f.postdc.ID); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("the last place taken twice: %v", err)
		}
		if _, err := a.MentorShortlist(ctx, f.users["Prof"], f.p.ID); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("a mentor asking for a shortlist: %v", err)
		}
	})
}
