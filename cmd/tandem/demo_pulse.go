package main

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// pulses answers the first round of pulse check-ins (30 days after each
// start) in the demo's PaLS and Activate partnerships, so the coordinator's
// partnerships page shows scores, a low one, and an average built from more
// than five people. The second round is open at the demo's "now": the
// showcase mentee finds the check-in waiting in the workspace.
func (d *demoStory) pulses(ctx context.Context, progs map[string]*tandem.Programme) error {
	s, a := &steps{}, d.a
	end := d.start.AddDate(0, 0, demoDays)
	words := []string{"Clear next steps every time.", "", "Hard to find a time that suits us both.", "", "Really useful so far."}
	for _, key := range []string{"pals", "activate"} {
		ps, err := a.Partnerships(ctx, d.coord, progs[key].ID)
		if err != nil {
			return err
		}
		for i, p := range ps {
			if p.State != tandem.PartnershipActive || p.StartedAt == nil {
				continue
			}
			at := p.StartedAt.AddDate(0, 0, tandem.PulseFirstAfterDays+1)
			if !at.Before(end) {
				continue
			}
			d.clock.Set(at)
			mo, me := people(p, d.coord.OrgID)
			menteeScore := 3 + i%3
			if i%5 == 1 { // the pair that has not met since confirming
				menteeScore = 2
			}
			w := words[i%len(words)]
			s.do(fmt.Sprintf("pulse %s %d", key, p.ID), func() error {
				if _, err := a.SubmitPulse(ctx, me, p.ID, app.PulseInput{Score: menteeScore, Word: w, Share: i%2 == 0}); err != nil {
					return err
				}
				return ignore(a.SubmitPulse(ctx, mo, p.ID, app.PulseInput{Score: 4 + i%2}))
			})
		}
	}
	return s.err
}
