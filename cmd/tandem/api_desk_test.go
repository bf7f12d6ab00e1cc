package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func TestAPIDashboard(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		env := testutil.NewEnv(t, db)
		srv := lifeServer(t, env)
		pair := env.MustPair(t, nil, "pals", "Uma Mentor", "Vic Mentee")
		waiting := env.MustUser(t, "Wes Waiting", tandem.RoleMember)
		env.MustJoin(t, waiting, pair.Programme, tandem.Mentee, "History", "phd")
		env.Clock.Set(testutil.Epoch.AddDate(0, 0, 8))
		coord, mentee := signIn(t, srv, pair.Coordinator), signIn(t, srv, pair.Mentee)
		path := fmt.Sprintf("/api/v1/programmes/%d/dashboard", pair.Programme.ID)

		d := coord.want(200, "GET", path, "")
		for k, want := range map[string]any{"applicants_waiting": 0.0, "live_pairs": 1.0, "open_concerns": 0.0, "ended_terms": 0.0,
			"workload.text": "1 live pair \u2248 0.1 days a week", "workload.days_per_week": 0.1,
			"unmatched.0.name": "Wes Waiting", "unmatched.0.why": "ready", "unmatched.0.user_id": float64(waiting.ID),
			"at_risk.0.mentee_name": "Vic Mentee", "at_risk.0.risks.0.kind": "introduction_unconfirmed",
			"pairs_by_state.0.key": "introduced", "pairs_by_state.0.count": 1.0, "meetings.active_pairs": 0.0} {
			if got := dig(d, splitPath(k)...); got != want {
				t.Errorf("%s = %v, want %v", k, got, want)
			}
		}
		mentee.refused(403, "forbidden", "GET", path, "")
		signIn(t, srv, env.MustUser(t, "Sam Stranger", tandem.RoleCoordinator)).refused(403, "forbidden", "GET", path, "")
	})
}

// splitPath turns "a.0.b" into dig's path: "a", 0, "b".
func splitPath(s string) []any {
	var out []any
	for _, p := range strings.Split(s, ".") {
		if n, err := strconv.Atoi(p); err == nil {
			out = append(out, n)
		} else {
			out = append(out, p)
		}
	}
	return out
}
