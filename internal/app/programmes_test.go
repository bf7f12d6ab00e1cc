package app_test

import (
	"context"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func TestProgrammesFromEveryTemplate(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		want := map[string]struct {
			term      int
			renewable bool
			seniority string
			diffDept  bool
			approval  bool
		}{
			"activate":        {6, false, tandem.SeniorityMentorAbove, false, false},
			"rsma":            {12, false, tandem.SeniorityMentorAbove, false, false},
			"pals":            {12, true, tandem.SeniorityMentorAbove, true, false},
			"one_step_beyond": {12, false, tandem.SeniorityMentorAbove, false, false},
			"reverse":         {12, false, tandem.SeniorityMentorBelow, false, true},
		}
		for _, tpl := range tandem.Templates() {
			p := e.MustProgramme(t, coord, tpl.Key)
			w := want[tpl.Key]
			if p.TermMonths != w.term || p.Renewable != w.renewable || p.Seniority != w.seniority || p.DifferentDepartment != w.diffDept || p.RequiresApproval != w.approval {
				t.Errorf("%s: got term %d renewable %v seniority %s diffDept %v approval %v", tpl.Key, p.TermMonths, p.Renewable, p.Seniority, p.DifferentDepartment, p.RequiresApproval)
			}
			if len(p.AgreementTemplate) < 7 {
				t.Errorf("%s: agreement template has %d sections, want the 7 of 002's form at least", tpl.Key, len(p.AgreementTemplate))
			}
			if len(p.Coordinators) != 1 || p.Coordinators[0].ID != coord.ID {
				t.Errorf("%s: creator is not its coordinator: %+v", tpl.Key, p.Coordinators)
			}
		}
	})
}

func TestProgrammePermissions(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		member := e.MustUser(t, "Mel Member", tandem.RoleMember)
		coord := e.MustUser(t, "Casey Coordinator", tandem.RoleCoordinator)
		other := e.MustUser(t, "Otto Othercoord", tandem.RoleCoordinator)
		if _, err := e.App.CreateProgramme(ctx, member, app.CreateProgrammeInput{Template: "pals"}); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("member creating a programme: %v", err)
		}
		if _, err := e.App.CreateProgramme(ctx, nil, app.CreateProgrammeInput{Template: "pals"}); tandem.ErrorCode(err) != tandem.EUnauthorized {
			t.Fatalf("anonymous: %v", err)
		}
		if _, err := e.App.CreateProgramme(ctx, coord, app.CreateProgrammeInput{Template: "nope"}); tandem.ErrorFields(err)["template"] == "" {
			t.Fatalf("unknown template: %v", err)
		}
		p := e.MustProgramme(t, coord, "pals")
		edit := *p
		edit.Name = "Renamed"
		if _, err := e.App.UpdateProgramme(ctx, other, edit); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("another coordinator editing: %v", err)
		}
		if _, err := e.App.UpdateProgramme(ctx, e.Admin, edit); err != nil {
			t.Fatalf("admin editing: %v", err)
		}
		edit.TermMonths, edit.Name, edit.MentorCapacity = 0, " ", 99
		_, err := e.App.UpdateProgramme(ctx, coord, edit)
		f := tandem.ErrorFields(err)
		if f["term_months"] == "" || f["name"] == "" || f["mentor_capacity"] == "" {
			t.Fatalf("invalid edit should name every bad field: %v", err)
		}
		if got, _ := e.App.Programme(ctx, coord, p.ID); got.Name != "Renamed" {
			t.Fatalf("a refused edit changed the programme: %q", got.Name)
		}
		if _, err := e.App.AppointCoordinator(ctx, coord, p.ID, member.Email); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.App.Programme(ctx, member, p.ID); len(got.Coordinators) != 2 {
			t.Fatalf("appointed coordinator missing: %+v", got.Coordinators)
		}
		if !e.App.CanCoordinate(ctx, &tandem.User{ID: member.ID, OrgID: member.OrgID, Role: tandem.RoleCoordinator}, p) {
			t.Fatal("appointee cannot coordinate")
		}
	})
}

func TestOtherOrganisationSeesNothing(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		p := e.MustProgramme(t, e.Admin, "pals")
		otherOrg := &tandem.Organisation{Name: "Southgate College", CareerStages: tandem.DefaultCareerStages(), TimeZone: "UTC", CreatedAt: testutil.Epoch}
		if err := e.Store.CreateOrganisation(ctx, otherOrg); err != nil {
			t.Fatal(err)
		}
		stranger := &tandem.User{OrgID: otherOrg.ID, Email: "admin@southgate.test", Name: "Sam Stranger", Role: tandem.RoleAdmin, CreatedAt: testutil.Epoch}
		if err := e.Store.CreateUser(ctx, stranger, "x"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.Programme(ctx, stranger, p.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("programme of another organisation: %v, want not found", err)
		}
		if _, err := e.App.Participants(ctx, stranger, p.ID, tandem.MembershipFilter{}); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("participants of another organisation: %v, want not found", err)
		}
		if list, _ := e.App.ListProgrammes(ctx, stranger); len(list) != 0 {
			t.Fatalf("another organisation's admin lists %d programmes", len(list))
		}
	})
}

func TestLastAdminCannotStepDown(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		err := e.App.SetUserRole(context.Background(), e.Admin, e.Admin.ID, tandem.RoleMember)
		if tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("got %v, want conflict", err)
		}
	})
}
