package match

import (
	"slices"
	"strings"
	"testing"
)

func cloneResult(r Result) Result {
	r.Pairs = slices.Clone(r.Pairs)
	r.Unmatched = slices.Clone(r.Unmatched)
	r.Certificate.Mentee = slices.Clone(r.Certificate.Mentee)
	r.Certificate.Mentor = slices.Clone(r.Certificate.Mentor)
	return r
}

// TestVerifyCatchesTampering solves one problem, spoils the result in one way
// at a time, and expects Verify to name what is wrong.
func TestVerifyCatchesTampering(t *testing.T) {
	p := Problem{Mentees: ids("e", 4), Mentors: mentors(2, 1, 2),
		Edges: []Edge{{0, 0, 700}, {0, 1, 300}, {1, 0, 600}, {1, 2, 650}, {2, 0, 900}, {2, 1, 100}, {3, 1, 800}}}
	good, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(p, good); err != nil {
		t.Fatalf("untouched result: %v", err)
	}
	tests := []struct {
		name   string
		tamper func(r *Result)
		want   string
	}{
		{"potential lowered", func(r *Result) {
			a, c := r.Pairs[0], &r.Certificate
			if c.Mentee[a.Mentee] > 0 {
				c.Mentee[a.Mentee]--
			} else {
				c.Mentor[a.Mentor]--
			}
		}, "negative reduced cost"},
		{"potential raised", func(r *Result) { r.Certificate.Mentee[3] += 5 }, "not tight"},
		{"negative potential", func(r *Result) { r.Certificate.Mentor[2] = -1 }, "out of range"},
		{"big too small", func(r *Result) { r.Certificate.Big = 10 }, "does not exceed"},
		{"score changed", func(r *Result) { r.Pairs[0].Score++; r.TotalMillis++ }, "differs from the edge"},
		{"total changed", func(r *Result) { r.TotalMillis += 1000 }, "pairs sum to"},
		{"matched changed", func(r *Result) { r.Matched-- }, "matched is"},
		{"not an edge", func(r *Result) { r.Pairs[3].Mentor = 2 }, "not a candidate edge"},
		{"over capacity", func(r *Result) { r.Pairs[1].Mentor = 0; r.Pairs[1].Score = 600; r.TotalMillis -= 50 }, "capacity"},
		{"pair dropped", func(r *Result) {
			r.TotalMillis -= int64(r.Pairs[3].Score)
			r.Pairs = r.Pairs[:3]
			r.Matched = 3
			r.Unmatched = []Unmatched{{3, MentorsFull}}
		}, "reason"},
		{"pair dropped, reason kept honest", func(r *Result) {
			r.TotalMillis -= int64(r.Pairs[3].Score)
			r.Pairs = r.Pairs[:3]
			r.Matched = 3
			r.Unmatched = nil
		}, "missing from the unmatched list"},
		{"certificate missing", func(r *Result) { r.Certificate.Mentor = nil }, "potentials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cloneResult(good)
			tt.tamper(&r)
			err := Verify(p, r)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestVerifyRejectsSuboptimal gives Verify a feasible but worse matching with
// the optimum's certificate: complementary slackness must fail.
func TestVerifyRejectsSuboptimal(t *testing.T) {
	p := Problem{Mentees: ids("e", 2), Mentors: mentors(1, 1),
		Edges: []Edge{{0, 0, 900}, {0, 1, 0}, {1, 0, 100}}}
	good, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	worse := cloneResult(good)
	worse.Pairs = []Assignment{{0, 0, 900}}
	worse.Matched, worse.TotalMillis = 1, 900
	worse.Unmatched = []Unmatched{{1, MentorsFull}}
	if err := Verify(p, worse); err == nil {
		t.Fatal("a matching with fewer mentees passed Verify")
	}
}
