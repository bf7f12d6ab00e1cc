package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestConcernsReachOnlyTheirHandlers: a concern reaches its raiser and its
// handlers; the other party, other coordinators and other members are told
// it does not exist; a complaint about the coordinator bypasses them.
func TestConcernsReachOnlyTheirHandlers(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx, a := context.Background(), e.App
		pair := e.MustPair(t, nil, "pals", "Uma Mentor", "Vic Mentee")
		other := e.MustPairIn(t, pair.Coordinator, pair.Programme, "Wyn Mentor", "Xan Mentee")
		otherCoord := e.MustUser(t, "Oakley Coordinator", tandem.RoleCoordinator)
		e.MustProgramme(t, otherCoord, "activate")
		id := pair.Partnership.ID
		lineMgr := e.MustUser(t, "Lee Manager", tandem.RoleMember)
		e.MustJoin(t, lineMgr, pair.Programme, tandem.Mentor, "Chemistry", "professor")
		if err := a.RecordRelation(ctx, pair.Coordinator, pair.Programme.ID, lineMgr.Email, pair.Mentee.Email, tandem.RelationLineManager); err != nil {
			t.Fatal(err)
		}

		_, err := a.RaiseConcern(ctx, pair.Mentee, app.ConcernInput{Kind: tandem.ConcernWelfare, PartnershipID: id, AboutMentee: true, Body: "x"})
		if tandem.ErrorFields(err)["about_mentee"] == "" {
			t.Fatalf("a mentee raising a concern 'about their mentee': %v", err)
		}
		_, err = a.RaiseConcern(ctx, pair.Mentee, app.ConcernInput{Kind: tandem.ConcernChangeMentor, PartnershipID: other.Partnership.ID, Body: "x"})
		if tandem.ErrorFields(err)["partnership_id"] == "" {
			t.Fatalf("a concern about someone else's partnership: %v", err)
		}
		// Emails go to an outbox; a welfare concern reaches its handlers at once.
		queued := map[string]*mail.Message{}
		a.SetOutbox(func(_ context.Context, _ *store.Store, key string, m *mail.Message) error {
			queued[key] = m
			return nil
		})
		change := must[*tandem.Concern](t)(a.RaiseConcern(ctx, pair.Mentee, app.ConcernInput{Kind: tandem.ConcernChangeMentor, PartnershipID: id, Body: "We do not get on."}))
		welfare := must[*tandem.Concern](t)(a.RaiseConcern(ctx, pair.Mentor, app.ConcernInput{Kind: tandem.ConcernWelfare, PartnershipID: id, AboutMentee: true, Body: "Vic mentioned not sleeping."}))
		complaint := must[*tandem.Concern](t)(a.RaiseConcern(ctx, pair.Mentee, app.ConcernInput{Kind: tandem.ConcernComplaint, ProgrammeID: pair.Programme.ID, AboutCoordinator: true, Body: "The coordinator ignored me."}))

		var to []string
		for key, m := range queued {
			if !strings.HasPrefix(key, fmt.Sprintf("welfare/c%d/", welfare.ID)) || strings.Contains(m.Text+m.HTML+m.Subject, "not sleeping") || m.Unsubscribe != "" {
				t.Fatalf("welfare email %s: %+v", key, m)
			}
			to = append(to, m.ToName)
		}
		slices.Sort(to)
		if strings.Join(to, ",") != "Alex Admin,Casey Coordinator" {
			t.Fatalf("welfare email went to %v", to)
		}
		roles := map[string]*tandem.User{rMentee: pair.Mentee, rMentor: pair.Mentor, rOtherPair: other.Mentee, rCoord: pair.Coordinator,
			rOtherCoord: otherCoord, rAdmin: e.Admin, rLineMgr: lineMgr, rAnonymous: nil}
		// What each role gets reading each concern, in matrixRoles order.
		want := map[string][]string{
			"change of mentor (by the mentee)": {ok, nf, nf, ok, nf, ok, nf, anon},
			"welfare (by the mentor)":          {nf, ok, nf, ok, nf, ok, nf, anon},
			"complaint about the coordinator":  {ok, nf, nf, nf, nf, ok, nf, anon},
		}
		concerns := map[string]*tandem.Concern{"change of mentor (by the mentee)": change, "welfare (by the mentor)": welfare, "complaint about the coordinator": complaint}
		for name, c := range concerns {
			for i, role := range matrixRoles {
				_, err := a.Concern(ctx, roles[role], c.ID)
				got := ok
				if err != nil {
					got = tandem.ErrorCode(err)
				}
				if got != want[name][i] {
					t.Errorf("%s read by %s: %s (%v), want %s", name, role, got, err, want[name][i])
				}
				handles := roles[role] != nil && slices.ContainsFunc(must[[]tandem.Concern](t)(a.ConcernsToHandle(ctx, roles[role])), func(x tandem.Concern) bool { return x.ID == c.ID })
				wantHandle := want[name][i] == ok && c.RaisedBy != roles[role].ID
				if handles != wantHandle {
					t.Errorf("%s in the handling list of %s: %v, want %v", name, role, handles, wantHandle)
				}
			}
		}
		// The raiser reads the concern but not the handlers' notes, and cannot resolve it.
		must[*tandem.ConcernNote](t)(a.AddConcernNote(ctx, pair.Coordinator, change.ID, "Spoke to both on Tuesday."))
		d := must[*app.ConcernDetail](t)(a.Concern(ctx, pair.Mentee, change.ID))
		if len(d.Notes) != 0 || d.CanHandle {
			t.Fatalf("the raiser sees handling notes: %+v", d)
		}
		_, err = a.ResolveConcern(ctx, pair.Mentee, change.ID, app.ResolveInput{Outcome: tandem.OutcomeNoAction, Resolution: "x"})
		wantCode(t, err, tandem.EForbidden)
		_, err = a.ResolveConcern(ctx, pair.Coordinator, complaint.ID, app.ResolveInput{Outcome: tandem.OutcomeNoAction, Resolution: "x"})
		wantCode(t, err, tandem.ENotFound)

		// A rematch ends the partnership; the pair see that the coordinator ended it.
		must[*tandem.Concern](t)(a.ResolveConcern(ctx, pair.Coordinator, change.ID, app.ResolveInput{Outcome: tandem.OutcomeRematch, Resolution: "Vic will be matched again."}))
		w := must[*app.Workspace](t)(a.WorkspaceOf(ctx, pair.Mentor, id))
		if w.Partnership.State != tandem.PartnershipWithdrawn || !w.Partnership.EndedByCoordinator || w.Partnership.EndedByOther {
			t.Fatalf("after a rematch: %+v", w.Partnership)
		}
		mine := must[[]tandem.Concern](t)(a.MyConcerns(ctx, pair.Mentee))
		i := slices.IndexFunc(mine, func(x tandem.Concern) bool { return x.ID == change.ID })
		if len(mine) != 2 || i < 0 || fmt.Sprint(mine[i].Status, " ", mine[i].Outcome) != "resolved rematch" {
			t.Fatalf("the mentee's concerns: %+v", mine)
		}
		_, err = a.ResolveConcern(ctx, pair.Coordinator, change.ID, app.ResolveInput{Outcome: tandem.OutcomeTalked, Resolution: "again"})
		wantCode(t, err, tandem.EConflict)
		_, err = a.ResolveConcern(ctx, e.Admin, complaint.ID, app.ResolveInput{Outcome: tandem.OutcomeRematch, Resolution: "x"})
		if tandem.ErrorFields(err)["outcome"] == "" {
			t.Fatalf("a rematch for a complaint with no partnership: %v", err)
		}
	})
}
