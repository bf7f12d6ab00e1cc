package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func TestMigrateIsIdempotent(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n, err := db.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d (%v), want 0", n, err)
		}
		v, err := db.SchemaVersion(ctx)
		if err != nil || v != db.LatestVersion() || v == 0 {
			t.Fatalf("schema version %d (%v), latest %d", v, err, db.LatestVersion())
		}
	})
}

func mustOrg(t *testing.T, s *store.Store) *tandem.Organisation {
	t.Helper()
	o := &tandem.Organisation{Name: "Northfield University", Departments: []string{"Physics", "History"},
		CareerStages: tandem.DefaultCareerStages(), TimeZone: "Europe/London", CreatedAt: testutil.Epoch}
	if err := s.CreateOrganisation(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o
}

func TestUsersAndSessions(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.New(db)
		org := mustOrg(t, s)
		u := &tandem.User{OrgID: org.ID, Email: "ada@example.org", Name: "Ada Quill", Role: tandem.RoleMember, CreatedAt: testutil.Epoch}
		if err := s.CreateUser(ctx, u, "hash"); err != nil {
			t.Fatal(err)
		}
		dup := &tandem.User{OrgID: org.ID, Email: "ada@example.org", Name: "Other", Role: tandem.RoleMember, CreatedAt: testutil.Epoch}
		if err := s.CreateUser(ctx, dup, ""); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("duplicate email: got %v, want conflict", err)
		}
		got, hash, err := s.UserByEmail(ctx, "ada@example.org")
		if err != nil || got.ID != u.ID || hash != "hash" || !got.HasPassword {
			t.Fatalf("UserByEmail = %+v %q %v", got, hash, err)
		}
		if err := s.CreateSession(ctx, "tok", u.ID, testutil.Epoch, testutil.Epoch.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if su, err := s.SessionUser(ctx, "tok", testutil.Epoch.Add(time.Minute)); err != nil || su.ID != u.ID {
			t.Fatalf("live session: %v %v", su, err)
		}
		if _, err := s.SessionUser(ctx, "tok", testutil.Epoch.Add(2*time.Hour)); tandem.ErrorCode(err) != tandem.ENotFound {
			t.Fatalf("expired session: %v, want not found", err)
		}
		users, err := s.ListUsers(ctx, org.ID, "QUILL", 10)
		if err != nil || len(users) != 1 {
			t.Fatalf("search by name: %v %v", users, err)
		}
		users, err = s.ListUsers(ctx, org.ID, "%", 10)
		if err != nil || len(users) != 0 {
			t.Fatalf("a %% in the query must match literally: %v %v", users, err)
		}
	})
}

func TestInTxRollsBack(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.New(db)
		org := mustOrg(t, s)
		boom := errors.New("boom")
		err := s.InTx(ctx, func(tx *store.Store) error {
			u := &tandem.User{OrgID: org.ID, Email: "x@example.org", Name: "X", Role: tandem.RoleMember, CreatedAt: testutil.Epoch}
			if err := tx.CreateUser(ctx, u, ""); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n, _ := s.CountUsers(ctx); n != 0 {
			t.Fatalf("rolled-back user survived: %d users", n)
		}
	})
}

func TestProgrammeRoundTrip(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.New(db)
		org := mustOrg(t, s)
		for _, tpl := range tandem.Templates() {
			p := tpl.New()
			p.OrgID, p.CreatedAt, p.UpdatedAt = org.ID, testutil.Epoch, testutil.Epoch
			if err := p.Validate(org); err != nil {
				t.Fatalf("template %s invalid: %v", tpl.Key, err)
			}
			if err := s.CreateProgramme(ctx, &p); err != nil {
				t.Fatal(err)
			}
			got, err := s.Programme(ctx, org.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != p.Name || got.Cadence != p.Cadence || len(got.AgreementTemplate) != len(p.AgreementTemplate) ||
				len(got.Prerequisites) != len(p.Prerequisites) || got.Seniority != p.Seniority || got.Renewable != p.Renewable ||
				got.DifferentDepartment != p.DifferentDepartment || got.RequiresApproval != p.RequiresApproval {
				t.Fatalf("%s: round trip changed the programme:\n got %+v\nwant %+v", tpl.Key, got, p)
			}
			if _, err := s.Programme(ctx, org.ID+1, p.ID); tandem.ErrorCode(err) != tandem.ENotFound {
				t.Fatalf("programme visible from another organisation: %v", err)
			}
		}
	})
}
