package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func TestJoinChecksEligibility(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		pals := e.MustProgramme(t, e.Admin, "pals") // mentors postdoc or above
		student := e.MustUser(t, "Stu Dent", tandem.RoleMember)
		_, err := e.App.Join(ctx, student, app.JoinInput{ProgrammeID: pals.ID, Roles: []string{tandem.Mentor}, Profile: testutil.Profile("Physics", "undergraduate")})
		if msg := tandem.ErrorFields(err)["roles"]; !strings.Contains(msg, "not eligible to mentor") || !strings.Contains(msg, "postdoctoral") {
			t.Fatalf("want the eligibility rule in words, got %v", err)
		}
		_, err = e.App.Join(ctx, student, app.JoinInput{ProgrammeID: pals.ID, Roles: nil, Profile: testutil.Profile("Nowhere", "")})
		f := tandem.ErrorFields(err)
		if f["roles"] == "" || f["department"] == "" || f["career_stage"] == "" {
			t.Fatalf("every problem at once: %v", err)
		}
		res, err := e.App.Join(ctx, student, app.JoinInput{ProgrammeID: pals.ID, Roles: []string{tandem.Mentee}, Profile: testutil.Profile("Physics", "phd")})
		if err != nil || res.Memberships[0].Status != tandem.MemberApproved {
			t.Fatalf("eligible mentee: %+v %v", res, err)
		}
		if _, err := e.App.Join(ctx, student, app.JoinInput{ProgrammeID: pals.ID, Roles: []string{tandem.Mentee}, Profile: testutil.Profile("Physics", "phd")}); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("joining twice in one role: %v", err)
		}
		prof, _ := e.App.MyProfile(ctx, student)
		if prof.Department != "Physics" || prof.CareerStage != "phd" {
			t.Fatalf("joining saves the profile: %+v", prof)
		}
	})
}

func TestReverseMentoringNeedsRegisteredMentorAndApproval(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		rev := e.MustProgramme(t, e.Admin, "reverse")
		pals := e.MustProgramme(t, e.Admin, "pals")
		ann := e.MustUser(t, "Ann Applicant", tandem.RoleMember)
		in := app.JoinInput{ProgrammeID: rev.ID, Roles: []string{tandem.Mentor}, Profile: testutil.Profile("History", "postdoc"), Application: "My experience of the organisation."}
		_, err := e.App.Join(ctx, ann, in)
		if msg := tandem.ErrorFields(err)["roles"]; !strings.Contains(msg, "registered mentor") {
			t.Fatalf("want the missing prerequisite named, got %v", err)
		}
		e.MustJoin(t, ann, pals, tandem.Mentor, "History", "postdoc")
		_, err = e.App.Join(ctx, ann, in)
		if msg := tandem.ErrorFields(err)["roles"]; !strings.Contains(msg, "Being a Mentor") || strings.Contains(msg, "registered mentor") {
			t.Fatalf("a registered mentor who has not attended: %v", err)
		}
		attended(t, e, e.Admin, "being a mentor", ann) // the title matches whatever its case
		res, err := e.App.Join(ctx, ann, in)
		if err != nil {
			t.Fatal(err)
		}
		m := res.Memberships[0]
		if m.Status != tandem.MemberPending || len(res.Unverified) != 0 {
			t.Fatalf("reverse application: %+v", res)
		}
		member := e.MustUser(t, "Nosy Member", tandem.RoleMember)
		if _, err := e.App.Decide(ctx, member, rev.ID, m.ID, true); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("a member deciding: %v", err)
		}
		got, err := e.App.Decide(ctx, e.Admin, rev.ID, m.ID, true)
		if err != nil || got.Status != tandem.MemberApproved || got.DecidedAt == nil {
			t.Fatalf("approve: %+v %v", got, err)
		}
		if _, err := e.App.Decide(ctx, e.Admin, rev.ID, m.ID, false); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("deciding twice: %v", err)
		}
	})
}

func TestWithdrawOnlyOwnMembership(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		p := e.MustProgramme(t, e.Admin, "activate")
		a := e.MustUser(t, "Ada", tandem.RoleMember)
		b := e.MustUser(t, "Bo", tandem.RoleMember)
		m := e.MustJoin(t, a, p, tandem.Mentee, "Physics", "phd")
		if err := e.App.Withdraw(ctx, b, p.ID, m.ID); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("withdrawing someone else: %v", err)
		}
		if err := e.App.Withdraw(ctx, a, p.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		ms, _ := e.App.MyMemberships(ctx, a)
		if ms[0].Status != tandem.MemberWithdrawn {
			t.Fatalf("status %s", ms[0].Status)
		}
	})
}

func TestImportReportsEveryBadLineAndSavesNothing(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		p := e.MustProgramme(t, e.Admin, "pals")
		csv := "email,name,role,department,career_stage,topics\n" +
			"ok@northfield.test,Olive Ok,mentee,Physics,PhD student,\"grants, teaching\"\n" +
			"bad-email,Bad Email,mentee,Physics,phd,\n" +
			"x@northfield.test,X,pilot,Physics,phd,\n" +
			"y@northfield.test,Y,mentor,Atlantis,professor,\n" +
			"z@northfield.test,Z,mentor,Physics,undergraduate,\n" +
			"ok@northfield.test,Olive Again,mentor,Physics,professor,\n"
		res, err := e.App.ImportParticipants(ctx, e.Admin, p.ID, strings.NewReader(csv))
		if tandem.ErrorCode(err) != tandem.EInvalid {
			t.Fatalf("want invalid, got %v", err)
		}
		want := map[int]string{3: "email address", 4: "role must be mentor, mentee or both", 5: "departments", 6: "not eligible to mentor", 7: "already on line 2"}
		if len(res.Errors) != len(want) {
			t.Fatalf("want %d errors, got %+v", len(want), res.Errors)
		}
		for _, re := range res.Errors {
			if !strings.Contains(re.Message, want[re.Line]) {
				t.Errorf("line %d: %q does not mention %q", re.Line, re.Message, want[re.Line])
			}
		}
		if n, _ := e.Store.CountUsers(ctx); n != 1 {
			t.Fatalf("a failed import created accounts: %d users", n)
		}
		good := "Email,Name,Role,Department,Career Stage,Capacity\nok@northfield.test,Olive Ok,both,Physics,Postdoctoral researcher,2\n"
		res, err = e.App.ImportParticipants(ctx, e.Admin, p.ID, strings.NewReader(good))
		if err != nil || res.NewAccounts != 1 || res.NewRoles != 2 {
			t.Fatalf("good import: %+v %v", res, err)
		}
		res, err = e.App.ImportParticipants(ctx, e.Admin, p.ID, strings.NewReader(good))
		if err != nil || res.AlreadyThere != 2 || res.NewRoles != 0 {
			t.Fatalf("re-import is harmless: %+v %v", res, err)
		}
		list, _ := e.App.Participants(ctx, e.Admin, p.ID, tandem.MembershipFilter{Role: tandem.Mentor})
		if len(list) != 1 || list[0].Capacity != 2 || list[0].Profile.CareerStage != "postdoc" || list[0].Status != tandem.MemberApproved {
			t.Fatalf("imported mentor: %+v", list)
		}
	})
}

func TestImportRefusesMalformedFiles(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		p := e.MustProgramme(t, e.Admin, "pals")
		for name, tc := range map[string]struct{ csv, want string }{
			"empty":          {"", "empty"},
			"no role column": {"email,name\na@b.test,A\n", `"role" is missing`},
			"unknown column": {"email,name,role,shoe_size\n", "unknown column"},
			"header only":    {"email,name,role\n", "no participants"},
			"bad quote":      {"email,name,role\n\"a@b.test,A,mentee\n", "quotation mark"},
		} {
			res, err := e.App.ImportParticipants(context.Background(), e.Admin, p.ID, strings.NewReader(tc.csv))
			if err == nil || res == nil || len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, tc.want) {
				t.Errorf("%s: got %+v %v, want a row error mentioning %q", name, res, err, tc.want)
			}
		}
	})
}

func TestExportDefusesFormulas(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		p := e.MustProgramme(t, e.Admin, "activate")
		u := e.MustUser(t, "=HYPERLINK(\"http://evil.test\")", tandem.RoleMember)
		e.MustJoin(t, u, p, tandem.Mentee, "Physics", "phd")
		var buf bytes.Buffer
		if err := e.App.ExportParticipants(ctx, e.Admin, p.ID, &buf); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), `"'=HYPERLINK(""http://evil.test"")"`) {
			t.Fatalf("formula not defused:\n%s", buf.String())
		}
		member := e.MustUser(t, "Nosy", tandem.RoleMember)
		if err := e.App.ExportParticipants(ctx, member, p.ID, &buf); tandem.ErrorCode(err) != tandem.EForbidden {
			t.Fatalf("member exporting: %v", err)
		}
	})
}

func TestRejoinAfterWithdrawing(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		e := testutil.NewEnv(t, db)
		ctx := context.Background()
		p := e.MustProgramme(t, e.Admin, "activate")
		a := e.MustUser(t, "Ada", tandem.RoleMember)
		m := e.MustJoin(t, a, p, tandem.Mentee, "Physics", "phd")
		if err := e.App.Withdraw(ctx, a, p.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		again := e.MustJoin(t, a, p, tandem.Mentee, "Physics", "phd")
		if again.ID != m.ID || again.Status != tandem.MemberApproved {
			t.Fatalf("rejoin: %+v", again)
		}
	})
}
