package match

import (
	"math/rand/v2"
	"testing"
)

// bruteBest tries every assignment and returns the best (matched, total)
// respecting capacities, pins and forbids.
func bruteBest(p Problem) (int, int64) {
	n := len(p.Mentees)
	forbidden := map[Pair]bool{}
	for _, f := range p.Forbids {
		forbidden[f] = true
	}
	pin := make([]int32, n)
	for i := range pin {
		pin[i] = -1
	}
	for _, q := range p.Pins {
		pin[q.Mentee] = q.Mentor
	}
	opts := make([][]Edge, n)
	for _, e := range p.Edges {
		if !forbidden[Pair{e.Mentee, e.Mentor}] && (pin[e.Mentee] < 0 || pin[e.Mentee] == e.Mentor) {
			opts[e.Mentee] = append(opts[e.Mentee], e)
		}
	}
	load := make([]int, len(p.Mentors))
	bestM, bestT := -1, int64(-1)
	var walk func(i, matched int, total int64)
	walk = func(i, matched int, total int64) {
		if i == n {
			if matched > bestM || (matched == bestM && total > bestT) {
				bestM, bestT = matched, total
			}
			return
		}
		if pin[i] < 0 {
			walk(i+1, matched, total)
		}
		for _, e := range opts[i] {
			if load[e.Mentor] < p.Mentors[e.Mentor].Capacity {
				load[e.Mentor]++
				walk(i+1, matched+1, total+int64(e.Score))
				load[e.Mentor]--
			}
		}
	}
	walk(0, 0, 0)
	return bestM, bestT
}

// randomSmall draws a small instance; scores come from a tiny set so that
// ties, which are where exactness bugs hide, are frequent.
func randomSmall(rng *rand.Rand) Problem {
	n, m := 1+rng.IntN(6), 1+rng.IntN(4)
	p := Problem{Mentees: ids("e", n), Mentors: make([]Mentor, m)}
	for j := range p.Mentors {
		p.Mentors[j] = Mentor{ID: "m" + string(rune('0'+j)), Capacity: rng.IntN(3)}
	}
	scores := []Millis{0, 1, 2, 500, 999, 1000}
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			if rng.IntN(100) < 55 {
				p.Edges = append(p.Edges, Edge{int32(i), int32(j), scores[rng.IntN(len(scores))]})
			}
		}
	}
	rng.Shuffle(len(p.Edges), func(a, b int) { p.Edges[a], p.Edges[b] = p.Edges[b], p.Edges[a] })
	if len(p.Edges) > 0 && rng.IntN(4) == 0 {
		e := p.Edges[rng.IntN(len(p.Edges))]
		p.Forbids = append(p.Forbids, Pair{e.Mentee, e.Mentor})
	}
	if len(p.Edges) > 0 && rng.IntN(4) == 0 {
		e := p.Edges[rng.IntN(len(p.Edges))]
		if p.Mentors[e.Mentor].Capacity > 0 && (len(p.Forbids) == 0 || p.Forbids[0] != Pair{e.Mentee, e.Mentor}) {
			p.Pins = append(p.Pins, Pair{e.Mentee, e.Mentor})
		}
	}
	return p
}

// tunings covers every path of the engine: plain searches, bidding, auction
// prices, and prices so rough (a budget of one bid) that many mentors need
// repairing.
var tunings = map[string]tuning{
	"default":        defaultTuning,
	"searches only":  {},
	"bidding only":   {bids: 10},
	"auction only":   {auctionBids: 20, epsFactor: 8, lastEps: 1},
	"rough auction":  {auctionBids: 1},
	"rough, bidding": {auctionBids: 1, bids: 1},
	"coarse auction": {auctionBids: 20, epsFactor: 2, lastEps: 50},
}

func TestSolveMatchesBruteForce(t *testing.T) {
	for name, tune := range tunings {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			for k := 0; k < 3000; k++ {
				p := randomSmall(rng)
				got, err := solveWith(p, tune)
				if err != nil {
					t.Fatalf("instance %d: %v\n%+v", k, err, p)
				}
				m, total := bruteBest(p)
				if got.Matched != m || got.TotalMillis != total {
					t.Fatalf("instance %d: got (%d, %d), brute force (%d, %d)\n%+v\n%+v", k, got.Matched, got.TotalMillis, m, total, p, got.Pairs)
				}
			}
		})
	}
}

// TestTuningsAgree solves medium instances, too large for brute force, with
// every tuning: each result passed Verify inside solveWith, so each is
// optimal, and all must reach the same (matched, total).
func TestTuningsAgree(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		kind := Uniform
		if seed%2 == 0 {
			kind = Structured
		}
		p := Generate(GenConfig{Mentees: 400, Mentors: 150, Degree: 8, Kind: kind, Seed: seed})
		if seed%3 == 0 { // fewer places than mentees: some stay unmatched
			for j := range p.Mentors {
				p.Mentors[j].Capacity /= 2
			}
		}
		want, err := solveWith(p, tuning{})
		if err != nil {
			t.Fatal(err)
		}
		for name, tune := range tunings {
			got, err := solveWith(p, tune)
			if err != nil {
				t.Fatalf("seed %d, %s: %v", seed, name, err)
			}
			if got.Matched != want.Matched || got.TotalMillis != want.TotalMillis {
				t.Errorf("seed %d, %s: (%d, %d), want (%d, %d)", seed, name, got.Matched, got.TotalMillis, want.Matched, want.TotalMillis)
			}
		}
	}
}
