package testutil

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// Password is the password every fixture account has.
const Password = "correct horse battery"

// Env is an app over a real test database, with a fixed clock and a mail recorder.
type Env struct {
	App   *app.App
	Store *store.Store
	Clock *tandem.FixedClock
	Mail  *mail.Recorder
	Admin *tandem.User
	Org   *tandem.Organisation
	seq   atomic.Int64
}

// CheapArgon2 keeps password hashing fast in tests; production uses app.DefaultArgon2.
var CheapArgon2 = app.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// NewEnv builds an app over db and sets up an organisation ("Northfield
// University", departments Physics, History and Chemistry) with one admin.
func NewEnv(t testing.TB, db *store.DB) *Env {
	t.Helper()
	e := &Env{Store: store.New(db), Clock: Clock(), Mail: &mail.Recorder{}}
	e.App = app.New(app.Options{Store: e.Store, Clock: e.Clock, Mailer: e.Mail, BaseURL: "http://tandem.test",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Argon2: CheapArgon2})
	ctx := context.Background()
	admin, err := e.App.Setup(ctx, app.SetupInput{OrgName: "Northfield University", Name: "Alex Admin", Email: "admin@northfield.test", Password: Password})
	if err != nil {
		t.Fatal(err)
	}
	var stages []string
	for _, s := range tandem.DefaultCareerStages() {
		stages = append(stages, s.Label)
	}
	e.Org, err = e.App.UpdateOrganisation(ctx, admin, app.OrganisationInput{Name: "Northfield University",
		Departments: []string{"Physics", "History", "Chemistry"}, CareerStages: stages, TimeZone: "Europe/London",
		SupportLinks: []tandem.Link{{Label: "Wellbeing service", URL: "https://wellbeing.northfield.test"}}})
	if err != nil {
		t.Fatal(err)
	}
	e.Admin = admin
	return e
}

// MustUser creates an account with the given organisation role.
func (e *Env) MustUser(t testing.TB, name, role string) *tandem.User {
	t.Helper()
	n := e.seq.Add(1)
	u, err := e.App.SignUp(context.Background(), app.SignUpInput{Name: name, Email: fmt.Sprintf("person%d@northfield.test", n), Password: Password})
	if err != nil {
		t.Fatal(err)
	}
	if role != tandem.RoleMember {
		if err := e.App.SetUserRole(context.Background(), e.Admin, u.ID, role); err != nil {
			t.Fatal(err)
		}
		u.Role = role
	}
	return u
}

// MustProgramme creates a programme from a template, coordinated by coord.
func (e *Env) MustProgramme(t testing.TB, coord *tandem.User, template string) *tandem.Programme {
	t.Helper()
	p, err := e.App.CreateProgramme(context.Background(), coord, app.CreateProgrammeInput{Template: template})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Profile returns a valid profile for the fixture organisation.
func Profile(department, stage string) tandem.Profile {
	return tandem.Profile{Department: department, CareerStage: stage, Topics: []string{"career planning"}, MeetingMode: tandem.ModeEither}
}

// MustJoin signs u up to p in role with a valid profile.
func (e *Env) MustJoin(t testing.TB, u *tandem.User, p *tandem.Programme, role, department, stage string) tandem.Membership {
	t.Helper()
	res, err := e.App.Join(context.Background(), u, app.JoinInput{ProgrammeID: p.ID, Roles: []string{role}, Profile: Profile(department, stage), Application: "I would like to take part."})
	if err != nil {
		t.Fatal(err)
	}
	return res.Memberships[0]
}
