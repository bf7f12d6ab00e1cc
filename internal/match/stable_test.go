package match

import (
	"math/rand/v2"
	"testing"
)

func TestStableSmall(t *testing.T) {
	tests := []struct {
		name string
		p    RankProblem
		want []Assignment
	}{
		{
			name: "mentor without mentee's rank is not acceptable",
			p: RankProblem{Mentees: ids("e", 1), Mentors: mentors(2, 1),
				MenteeRanks: [][]int32{{1, 0}}, MentorRanks: [][]int32{{0}, {}}},
			want: []Assignment{{0, 0, 0}},
		},
		{
			// Both mentees want m0 (capacity 1), which prefers e1.
			name: "mentor keeps its favourite",
			p: RankProblem{Mentees: ids("e", 2), Mentors: mentors(1, 1),
				MenteeRanks: [][]int32{{0, 1}, {0, 1}}, MentorRanks: [][]int32{{1, 0}, {0, 1}}},
			want: []Assignment{{0, 1, 0}, {1, 0, 0}},
		},
		{
			// Mentee-optimal: mentees get their first choices although the
			// mentors would both rather swap.
			name: "mentee optimal",
			p: RankProblem{Mentees: ids("e", 2), Mentors: mentors(1, 1),
				MenteeRanks: [][]int32{{0, 1}, {1, 0}}, MentorRanks: [][]int32{{1, 0}, {0, 1}}},
			want: []Assignment{{0, 0, 0}, {1, 1, 0}},
		},
		{
			name: "capacity zero",
			p: RankProblem{Mentees: ids("e", 1), Mentors: mentors(0),
				MenteeRanks: [][]int32{{0}}, MentorRanks: [][]int32{{0}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Stable(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if !equalPairs(got.Pairs, tt.want) {
				t.Errorf("got %v, want %v", got.Pairs, tt.want)
			}
		})
	}
}

func TestStableRefuses(t *testing.T) {
	p := RankProblem{Mentees: ids("e", 1), Mentors: mentors(1), MenteeRanks: [][]int32{{0, 0}}}
	if _, err := Stable(p); err == nil || err.Error() != `mentee "e0" ranks mentor "m0" twice` {
		t.Fatalf("got %v", err)
	}
}

func randomRanks(rng *rand.Rand) RankProblem {
	n, m := 1+rng.IntN(5), 1+rng.IntN(3)
	p := RankProblem{Mentees: ids("e", n), Mentors: make([]Mentor, m),
		MenteeRanks: make([][]int32, n), MentorRanks: make([][]int32, m)}
	for j := range p.Mentors {
		p.Mentors[j] = Mentor{ID: "m" + string(rune('0'+j)), Capacity: rng.IntN(3)}
		for _, i := range rng.Perm(n) {
			if rng.IntN(5) > 0 {
				p.MentorRanks[j] = append(p.MentorRanks[j], int32(i))
			}
		}
	}
	for i := range p.Mentees {
		for _, j := range rng.Perm(m) {
			if rng.IntN(5) > 0 {
				p.MenteeRanks[i] = append(p.MenteeRanks[i], int32(j))
			}
		}
	}
	return p
}

// TestStableMatchesBruteForce enumerates every matching of small instances,
// keeps the stable ones, and checks that Stable's result is stable and that
// every mentee does at least as well as in any stable matching.
func TestStableMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 0; k < 3000; k++ {
		p := randomRanks(rng)
		got, err := Stable(p)
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		ours := partnerRanks(p, got)
		n := len(p.Mentees)
		mate := make([]int32, n)
		load := make([]int, len(p.Mentors))
		stableCount := 0
		var walk func(i int)
		walk = func(i int) {
			if i == n {
				var r Result
				for a, j := range mate {
					if j >= 0 {
						r.Pairs = append(r.Pairs, Assignment{Mentee: int32(a), Mentor: j})
					}
				}
				if b, err := BlockingPairs(p, r); err != nil || b != 0 {
					return
				}
				stableCount++
				for a, rk := range partnerRanks(p, r) {
					if ours[a] > rk {
						t.Fatalf("instance %d: mentee %d does better in %v than in %v", k, a, r.Pairs, got.Pairs)
					}
				}
				return
			}
			mate[i] = -1
			walk(i + 1)
			for _, j := range p.MenteeRanks[i] {
				if load[j] < p.Mentors[j].Capacity && ranks(p.MentorRanks[j], int32(i)) {
					load[j]++
					mate[i] = j
					walk(i + 1)
					load[j]--
				}
			}
			mate[i] = -1
		}
		walk(0)
		if stableCount == 0 {
			t.Fatalf("instance %d: brute force found no stable matching", k)
		}
	}
}

func ranks(list []int32, x int32) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// partnerRanks gives each mentee the position of its mentor in its list, or
// a large number when unmatched.
func partnerRanks(p RankProblem, r Result) []int {
	out := make([]int, len(p.Mentees))
	for i := range out {
		out[i] = 1 << 30
	}
	for _, a := range r.Pairs {
		for k, j := range p.MenteeRanks[a.Mentee] {
			if j == a.Mentor {
				out[a.Mentee] = k
			}
		}
	}
	return out
}
