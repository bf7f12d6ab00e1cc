package match

import (
	"regexp"
	"testing"
)

// namedError is the shape of every message the graph reader gives: it says
// what is wrong with the input (its JSON, or which mentee, mentor, edge, pin
// or forbid), never a Go type or an internal detail.
var namedError = regexp.MustCompile(`^(invalid JSON|(mentee|mentor|edge|pin|forbid) \d+)\b`)

// FuzzReadGraph feeds arbitrary bytes to the reader of `tandem match --graph`:
// it must never panic, every refusal must name what is wrong, and a graph it
// accepts must convert (or be refused with a named error) and solve without
// panicking, with a result that passes the independent verifier.
func FuzzReadGraph(f *testing.F) {
	for _, seed := range []string{
		``,
		" \n",
		`{}`,
		`[]`,
		`null`,
		`{"mentees":[{"id":"e1"}], "mentors":[{"id":"m1","capacity":2}], "edges":[{"mentee":"e1","mentor":"m1","score":0.731}]}`,
		`{"mentees":[{"id":"e1","ranks":["m2","m1"]}], "mentors":[{"id":"m1","capacity":2,"ranks":["e1"]}]}`,
		`{"mentees":[{"id":"e1"},{"id":"e2"}], "mentors":[{"id":"m1","capacity":1},{"id":"m2","capacity":1}],
			"edges":[{"mentee":"e1","mentor":"m1","score":1},{"mentee":"e1","mentor":"m2","score":0.5},{"mentee":"e2","mentor":"m1","score":1}],
			"pins":[{"mentee":"e1","mentor":"m2"}], "forbids":[{"mentee":"e2","mentor":"m2"}]}`,
		`{"mentees":[{"id":"e1"},{"id":"e1"}]}`,
		`{"mentees":[{"id":""}]}`,
		`{"mentors":[{"id":"m1","capacity":-1}]}`,
		`{"mentors":[{"id":"m1","capacity":1.5}]}`,
		`{"mentors":[{"id":"m1","capacity":1e400}]}`,
		`{"mentors":[{"id":"m1","capacity":"2"}]}`,
		`{"mentees":[{"id":"e1"}],"mentors":[{"id":"m1","capacity":1}],"edges":[{"mentee":"e1","mentor":"m1","score":1e-7}]}`,
		`{"mentees":[{"id":"e1"}],"mentors":[{"id":"m1","capacity":1}],"edges":[{"mentee":"e1","mentor":"m9","score":1}]}`,
		`{"mentees":[{"id":"e1"}],"mentors":[{"id":"m1","capacity":1}],"edges":[{"mentee":"e1","mentor":"m1","score":1},{"mentee":"e1","mentor":"m1","score":2}]}`,
		`{"mentees":[{"id":"e1"}]} {}`,
		`{"mentees":[{"id":"e1"}`,
		`{"mentees":[{"id":1}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := readGraph(data)
		if err != nil {
			if !namedError.MatchString(err.Error()) {
				t.Fatalf("unnamed error %q", err)
			}
			return
		}
		if len(g.menteeIx) != len(g.Mentees) || len(g.mentorIx) != len(g.Mentors) {
			t.Fatalf("an accepted graph has unindexed people: %d/%d mentees, %d/%d mentors", len(g.menteeIx), len(g.Mentees), len(g.mentorIx), len(g.Mentors))
		}
		p, perr := g.problem()
		if perr != nil && !namedError.MatchString(perr.Error()) {
			t.Fatalf("unnamed error %q", perr)
		}
		rp, rerr := g.rankProblem()
		if rerr != nil && !namedError.MatchString(rerr.Error()) {
			t.Fatalf("unnamed error %q", rerr)
		}
		// Solving is checked on inputs small enough to stay fast; the
		// solvers have their own tests and benchmarks for size.
		if perr == nil && len(p.Mentees) <= 50 && len(p.Mentors) <= 50 && len(p.Edges) <= 200 {
			if r, err := Solve(p); err == nil {
				if err := Verify(p, r); err != nil {
					t.Fatalf("Solve's result fails verification: %v", err)
				}
			}
		}
		if rerr == nil && len(rp.Mentees) <= 50 && len(rp.Mentors) <= 50 {
			if r, err := Stable(rp); err == nil {
				if n, err := BlockingPairs(rp, r); err != nil || n != 0 {
					t.Fatalf("Stable's result has %d blocking pairs (%v)", n, err)
				}
			}
		}
	})
}
