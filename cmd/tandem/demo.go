package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
)

// Demo accounts. Every person in the demo is invented.
const (
	demoPassword    = "demo-password-2026"
	demoAdmin       = "admin@northfield.example"
	demoCoordinator = "coordinator@northfield.example"
	demoMentor      = "mentor@northfield.example"
	demoMentee      = "mentee@northfield.example"
)

var (
	demoDepartments = []string{"Physics", "Chemistry", "History", "Computer Science", "Mathematics", "Earth Sciences", "Psychology", "Engineering"}
	demoFirst       = []string{"Amara", "Bram", "Celine", "Dario", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kaia", "Lior", "Maren", "Nuno", "Oona", "Pavel", "Quinn", "Rhea", "Soren", "Tamsin", "Ugo", "Vera", "Wren", "Xavi", "Yara", "Zeno"}
	demoLast        = []string{"Abernathy", "Blackwood", "Castellan", "Dunmore", "Everly", "Fairbairn", "Galloway", "Hartigan", "Ironside", "Jessop", "Kilbride", "Lindqvist", "Marchetti", "Northcott", "Okonkwo-Reyes", "Pemberton", "Quarrie", "Rosewarne", "Sandoval", "Thistlewood"}
	demoTopics      = []string{"career planning", "grant writing", "teaching", "work-life balance", "leadership", "promotion", "publishing", "industry careers", "networking", "confidence", "public speaking", "research strategy"}
)

func cmdDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := loadConfig("demo", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	// The demo's story starts demoDays ago on a clock of its own and is
	// played forward to now (see demo_life.go).
	clock := tandem.NewFixedClock(time.Now().AddDate(0, 0, -demoDays))
	a := app.New(app.Options{Store: store.New(db), BaseURL: cfg.BaseURL, Clock: clock})
	if err := loadDemo(ctx, a, clock); err != nil {
		return err
	}
	fmt.Fprintf(stdout, `Demo data loaded: Northfield University (invented), five programmes, 80 invented participants
and four months of their partnerships.
Start the server with "tandem serve" and sign in at %s/signin with any of these (password %q):
  %-34s organisation admin
  %-34s coordinator of every programme
  %-34s a mentor in PaLS
  %-34s a mentee in PaLS
`, cfg.BaseURL, demoPassword, demoAdmin, demoCoordinator, demoMentor, demoMentee)
	return nil
}

// loadDemo fills an empty database through the app's own services, so the
// demo obeys every rule real data does.
func loadDemo(ctx context.Context, a *app.App, clock *tandem.FixedClock) error {
	start := clock.Now()
	need, err := a.NeedsSetup(ctx)
	if err != nil {
		return err
	}
	if !need {
		return fmt.Errorf("the database already has accounts; the demo loads only into an empty one (use a new --data folder)")
	}
	admin, err := a.Setup(ctx, app.SetupInput{OrgName: "Northfield University", Name: "Alex Admin", Email: demoAdmin, Password: demoPassword})
	if err != nil {
		return err
	}
	stages := []string{}
	for _, s := range tandem.DefaultCareerStages() {
		stages = append(stages, s.Label)
	}
	if _, err := a.UpdateOrganisation(ctx, admin, app.OrganisationInput{
		Name: "Northfield University", Departments: demoDepartments, CareerStages: stages, TimeZone: "Europe/London",
		SupportLinks: []tandem.Link{
			{Label: "Wellbeing service", URL: "https://wellbeing.northfield.example"},
			{Label: "Report and support", URL: "https://report.northfield.example"},
			{Label: "Complaints procedure", URL: "https://northfield.example/complaints"},
		},
	}); err != nil {
		return err
	}
	coord, err := a.SignUp(ctx, app.SignUpInput{Name: "Casey Coordinator", Email: demoCoordinator, Password: demoPassword})
	if err != nil {
		return err
	}
	if err := a.SetUserRole(ctx, admin, coord.ID, tandem.RoleCoordinator); err != nil {
		return err
	}
	coord.Role = tandem.RoleCoordinator
	progs := map[string]*tandem.Programme{}
	for _, t := range tandem.Templates() {
		p, err := a.CreateProgramme(ctx, coord, app.CreateProgrammeInput{Template: t.Key})
		if err != nil {
			return err
		}
		progs[t.Key] = p
	}
	// Earlier cohorts, for the report's history (demo_report.go).
	if err := (&demoStory{a: a, clock: clock, start: start, loc: a.Location(ctx, admin), coord: coord}).history(ctx, progs); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	seq := 0 // every demo person gets a distinct name: (seq mod 20, 7 seq mod 26) repeats only after 260
	people := func(count int, role string, stageKeys []string) string {
		var b strings.Builder
		b.WriteString("email,name,role,department,career_stage,topics,expertise,goals,background,meeting_mode,languages\n")
		for i := 0; i < count; i++ {
			first, last := demoFirst[(7*seq)%len(demoFirst)], demoLast[seq%len(demoLast)]
			seq++
			email := fmt.Sprintf("%s.%s@northfield.example", strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, "-", "")))
			stage := stageKeys[rng.IntN(len(stageKeys))]
			t1, t2 := demoTopics[rng.IntN(len(demoTopics))], demoTopics[rng.IntN(len(demoTopics))]
			mode := []string{"either", "online", "in person"}[rng.IntN(3)]
			fmt.Fprintf(&b, "%s,%s %s,%s,%s,%s,\"%s, %s\",%s,\"Grow in %s\",\"Years of work in %s\",%s,English\n",
				email, first, last, role, demoDepartments[rng.IntN(len(demoDepartments))], stage, t1, t2, t2, t1, t2, mode)
		}
		return b.String()
	}
	junior := []string{"phd", "postdoc", "early_career"}
	senior := []string{"lecturer", "senior_lecturer", "professor"}
	imports := []struct {
		key, role string
		n         int
		stages    []string
	}{
		{"pals", "mentee", 14, junior}, {"pals", "mentor", 10, senior},
		{"activate", "mentee", 10, []string{"undergraduate", "postgraduate", "phd"}}, {"activate", "mentor", 8, senior},
		{"one_step_beyond", "mentee", 10, junior}, {"one_step_beyond", "mentor", 8, senior},
		{"rsma", "mentee", 8, []string{"undergraduate", "postgraduate", "graduate"}}, {"rsma", "mentor", 6, []string{"early_career", "lecturer", "professor"}},
	}
	for _, im := range imports {
		res, err := a.ImportParticipants(ctx, coord, progs[im.key].ID, strings.NewReader(people(im.n, im.role, im.stages)))
		if err != nil {
			if res != nil && len(res.Errors) > 0 {
				return fmt.Errorf("demo import: line %d: %s", res.Errors[0].Line, res.Errors[0].Message)
			}
			return err
		}
	}
	// Two showcase participants with passwords, in PaLS.
	showcase := map[string]*tandem.User{}
	for _, sc := range []struct {
		email, name, role, dept, stage string
	}{
		{demoMentor, "Morgan Mentor", tandem.Mentor, "Physics", "senior_lecturer"},
		{demoMentee, "Robin Mentee", tandem.Mentee, "History", "postdoc"},
	} {
		u, err := a.SignUp(ctx, app.SignUpInput{Name: sc.name, Email: sc.email, Password: demoPassword})
		if err != nil {
			return err
		}
		prof := tandem.Profile{Department: sc.dept, CareerStage: sc.stage, Topics: []string{"career planning", "grant writing"},
			Expertise: []string{"grant writing"}, Goals: "Plan the next three years of my research career.", MeetingMode: tandem.ModeEither, Languages: []string{"English"}}
		if _, err := a.Join(ctx, u, app.JoinInput{ProgrammeID: progs["pals"].ID, Roles: []string{sc.role}, Profile: prof}); err != nil {
			return err
		}
		showcase[sc.role] = u
	}
	if err := demoCharacteristics(ctx, a, showcase[tandem.Mentor], showcase[tandem.Mentee]); err != nil {
		return err
	}
	// Reverse mentoring applications wait for the coordinator.
	story := &demoStory{a: a, clock: clock, start: start, loc: a.Location(ctx, admin), coord: coord}
	if err := story.play(ctx, progs, showcase[tandem.Mentor], showcase[tandem.Mentee]); err != nil {
		return err
	}
	if err := story.events(ctx, progs, showcase[tandem.Mentor]); err != nil { // events and bookings (demo_events.go)
		return err
	}
	story.at(demoDays, time.Now().In(story.loc).Hour())
	return nil
}
