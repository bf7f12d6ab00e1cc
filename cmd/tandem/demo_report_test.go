package main

import (
	"context"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

// TestDemoReportHasFigures loads the demo on both engines and checks that
// PaLS's and Activate's reports for the last 12 months show real figures,
// this period and the one before, with none of the headline ones withheld.
func TestDemoReportHasFigures(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newDemoWorld(t, db)
		a := w.app
		coord, err := a.SignIn(ctx, app.SignInInput{Email: demoCoordinator, Password: demoPassword})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []*tandem.Programme{w.progs["pals"], w.progs["activate"]} {
			r, err := a.Report(ctx, coord, app.ReportInput{ProgrammeID: p.ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, key := range []string{"applicants", "approved", "matched", "introduced", "active", "meetings", "meetings_per_pair",
				"agreements_signed", "closed", "goals_met", "goals_achieved", "satisfaction", "feedback_people", "became_mentors", "pulse"} {
				for _, s := range r.Sections {
					for _, m := range s.Measures {
						if m.Key == key && (!m.Now.Shown() || !m.Before.Shown() || m.Now.V() == 0 || m.Before.V() == 0) {
							t.Errorf("%s %s: this period %s, the previous %s; want figures in both", p.Name, m.Label, m.Now.Text, m.Before.Text)
						}
					}
				}
			}
			if len(r.Departments.Rows) < 3 || !r.Feedback.Average.Shown() {
				t.Errorf("%s: %d departments, satisfaction %s", p.Name, len(r.Departments.Rows), r.Feedback.Average.Text)
			}
			e, err := a.Evaluation(ctx, coord, app.ReportInput{ProgrammeID: p.ID})
			if err != nil || len(e.Comments) == 0 {
				t.Errorf("%s evaluation: %d comments, %v", p.Name, len(e.Comments), err)
			}
		}
	})
}
