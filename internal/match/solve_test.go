package match

import (
	"errors"
	"strings"
	"testing"
)

// ids builds n labels with a prefix: ids("e", 2) is [e0 e1].
func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + string(rune('0'+i))
	}
	return out
}

func mentors(caps ...int) []Mentor {
	out := make([]Mentor, len(caps))
	for j, c := range caps {
		out[j] = Mentor{ID: "m" + string(rune('0'+j)), Capacity: c}
	}
	return out
}

func TestSolveSmall(t *testing.T) {
	tests := []struct {
		name    string
		p       Problem
		want    []Assignment
		total   int64
		unmatch []Unmatched
	}{
		{
			name: "empty",
			p:    Problem{},
		},
		{
			name: "one edge",
			p:    Problem{Mentees: ids("e", 1), Mentors: mentors(2), Edges: []Edge{{0, 0, 731}}},
			want: []Assignment{{0, 0, 731}}, total: 731,
		},
		{
			name:    "capacity zero",
			p:       Problem{Mentees: ids("e", 1), Mentors: mentors(0), Edges: []Edge{{0, 0, 900}}},
			unmatch: []Unmatched{{0, MentorsFull}},
		},
		{
			name: "mentee without edges",
			p:    Problem{Mentees: ids("e", 2), Mentors: mentors(1), Edges: []Edge{{0, 0, 100}}},
			want: []Assignment{{0, 0, 100}}, total: 100,
			unmatch: []Unmatched{{1, NoCandidate}},
		},
		{
			// Greedy would give m0 to e0 (score 900) and leave e1 unmatched;
			// matching both comes first.
			name: "cardinality before score",
			p: Problem{Mentees: ids("e", 2), Mentors: mentors(1, 1),
				Edges: []Edge{{0, 0, 900}, {0, 1, 0}, {1, 0, 100}}},
			want: []Assignment{{0, 1, 0}, {1, 0, 100}}, total: 100,
		},
		{
			name: "capacity two shared",
			p: Problem{Mentees: ids("e", 3), Mentors: mentors(2, 1),
				Edges: []Edge{{0, 0, 500}, {1, 0, 600}, {2, 0, 700}, {2, 1, 100}}},
			want: []Assignment{{0, 0, 500}, {1, 0, 600}, {2, 1, 100}}, total: 1200,
		},
		{
			name: "pin overrides the optimum",
			p: Problem{Mentees: ids("e", 2), Mentors: mentors(1, 1),
				Edges: []Edge{{0, 0, 900}, {0, 1, 100}, {1, 0, 100}, {1, 1, 900}},
				Pins:  []Pair{{0, 1}}},
			want: []Assignment{{0, 1, 100}, {1, 0, 100}}, total: 200,
		},
		{
			name: "forbid drops the edge",
			p: Problem{Mentees: ids("e", 2), Mentors: mentors(1, 1),
				Edges:   []Edge{{0, 0, 900}, {0, 1, 100}, {1, 0, 100}, {1, 1, 900}},
				Forbids: []Pair{{1, 1}, {1, 0}}},
			want: []Assignment{{0, 0, 900}}, total: 900,
			unmatch: []Unmatched{{1, NoCandidate}},
		},
		{
			name: "ties keep the first edge",
			p: Problem{Mentees: ids("e", 1), Mentors: mentors(1, 1),
				Edges: []Edge{{0, 1, 500}, {0, 0, 500}}},
			want: []Assignment{{0, 1, 500}}, total: 500,
		},
		{
			name: "all candidates full",
			p: Problem{Mentees: ids("e", 3), Mentors: mentors(1, 1),
				Edges: []Edge{{0, 0, 1}, {1, 0, 2}, {1, 1, 3}, {2, 1, 4}}},
			want: []Assignment{{1, 0, 2}, {2, 1, 4}}, total: 6,
			unmatch: []Unmatched{{0, MentorsFull}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Solve(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if !equalPairs(got.Pairs, tt.want) || got.TotalMillis != tt.total || got.Matched != len(tt.want) {
				t.Errorf("got %v total %d, want %v total %d", got.Pairs, got.TotalMillis, tt.want, tt.total)
			}
			if !equalUnmatched(got.Unmatched, tt.unmatch) {
				t.Errorf("unmatched %v, want %v", got.Unmatched, tt.unmatch)
			}
			if !got.Certificate.Checked {
				t.Error("certificate not marked checked")
			}
		})
	}
}

func equalPairs(a, b []Assignment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalUnmatched(a, b []Unmatched) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSolveRefuses(t *testing.T) {
	two := Problem{Mentees: ids("e", 2), Mentors: mentors(1, 1),
		Edges: []Edge{{0, 0, 1}, {0, 1, 2}, {1, 0, 3}}}
	with := func(f func(p *Problem)) Problem {
		p := two
		p.Mentors = append([]Mentor(nil), two.Mentors...)
		p.Edges = append([]Edge(nil), two.Edges...)
		f(&p)
		return p
	}
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"negative capacity", with(func(p *Problem) { p.Mentors[1].Capacity = -1 }), `mentor 1 ("m1"): negative capacity -1`},
		{"negative score", with(func(p *Problem) { p.Edges[2].Score = -5 }), "edge 2: score -0.005 is outside"},
		{"mentor out of range", with(func(p *Problem) { p.Edges[1].Mentor = 7 }), "edge 1: mentor index 7 out of range"},
		{"duplicate edge", with(func(p *Problem) { p.Edges = append(p.Edges, Edge{0, 1, 9}) }), `edge 3: duplicate of edge 1 (mentee "e0", mentor "m1")`},
		{"pin not an edge", with(func(p *Problem) { p.Pins = []Pair{{1, 1}} }), `pin 0: mentee "e1" and mentor "m1" are not a candidate edge`},
		{"pinned twice", with(func(p *Problem) { p.Pins = []Pair{{0, 0}, {0, 1}} }), `pin 1: mentee "e0" is already pinned by pin 0`},
		{"pins exceed capacity", with(func(p *Problem) { p.Pins = []Pair{{0, 0}, {1, 0}} }), `mentor 0 ("m0"): 2 pins exceed capacity 1`},
		{"pin forbidden", with(func(p *Problem) { p.Pins = []Pair{{0, 0}}; p.Forbids = []Pair{{0, 0}} }), "are also forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Solve(tt.p)
			var inv *InvalidError
			if !errors.As(err, &inv) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an InvalidError containing %q", err, tt.want)
			}
		})
	}
}
