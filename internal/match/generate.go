package match

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// Kind selects how generated instances look.
type Kind string

const (
	// Uniform: every mentee picks mentors uniformly, scores uniform in [0,1].
	Uniform Kind = "uniform"
	// Structured: mentors differ in popularity (Zipf-like) and quality, and
	// scores follow quality, so many mentees want the same few mentors. This
	// is the hard case for the solver: long augmenting paths and contention.
	Structured Kind = "structured"
)

// GenConfig describes a seeded random instance.
type GenConfig struct {
	Mentees, Mentors int
	Degree           int // candidate mentors per mentee (capped at Mentors)
	Kind             Kind
	Seed             uint64
}

// Generate builds a weighted instance. Capacities sum to exactly the number of
// mentees (when there is at least one mentor), the tight case where every
// place matters. The same config always gives the same instance.
func Generate(cfg GenConfig) Problem {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x7a4d))
	n, m := cfg.Mentees, cfg.Mentors
	p := Problem{Mentees: make([]string, n), Mentors: make([]Mentor, m)}
	for i := range p.Mentees {
		p.Mentees[i] = "e" + strconv.Itoa(i)
	}
	caps := capacities(rng, n, m)
	for j := range p.Mentors {
		p.Mentors[j] = Mentor{ID: "m" + strconv.Itoa(j), Capacity: caps[j]}
	}
	if m == 0 {
		return p
	}
	deg := min(cfg.Degree, m)
	p.Edges = make([]Edge, 0, n*deg)

	// Structured: mentor j has popularity rank pop[j] and quality falling
	// with rank, so the most wanted mentors are also the best scored.
	var cum []float64
	var quality []float64
	perm := rng.Perm(m) // perm[rank] = mentor
	if cfg.Kind == Structured {
		cum = make([]float64, m)
		quality = make([]float64, m)
		total := 0.0
		for rank := 0; rank < m; rank++ {
			total += 1 / math.Pow(float64(rank+1), 0.9)
			cum[rank] = total
			quality[perm[rank]] = 1 - 0.6*float64(rank)/float64(m) + 0.1*rng.Float64()
		}
	}
	chosen := make([]int32, m) // chosen[j] == i+1: mentee i already picked j
	for i := 0; i < n; i++ {
		for k := 0; k < deg; {
			var j int
			if cum == nil {
				j = rng.IntN(m)
			} else {
				x := rng.Float64() * cum[m-1]
				rank, _ := slices.BinarySearch(cum, x)
				j = perm[min(rank, m-1)]
			}
			if chosen[j] == int32(i)+1 {
				continue
			}
			chosen[j] = int32(i) + 1
			k++
			var s float64
			if quality == nil {
				s = rng.Float64()
			} else {
				s = 0.7*quality[j] + 0.3*rng.Float64()
			}
			p.Edges = append(p.Edges, Edge{int32(i), int32(j), Millis(math.Round(min(max(s, 0), 1) * 1000))})
		}
	}
	return p
}

// capacities gives m capacities summing to exactly n, spread unevenly
// (some 0, some large) by moving single places at random.
func capacities(rng *rand.Rand, n, m int) []int {
	caps := make([]int, m)
	if m == 0 {
		return caps
	}
	for j := range caps {
		caps[j] = n / m
	}
	for k := 0; k < n%m; k++ {
		caps[rng.IntN(m)]++
	}
	for k := 0; k < m; k++ {
		a, b := rng.IntN(m), rng.IntN(m)
		if caps[a] > 0 {
			caps[a]--
			caps[b]++
		}
	}
	return caps
}

// ParseKind reads a Kind from its name.
func ParseKind(s string) (Kind, error) {
	switch Kind(s) {
	case Uniform, Structured:
		return Kind(s), nil
	}
	return "", fmt.Errorf("unknown kind %q (want uniform or structured)", s)
}

// GenerateRanks builds a stable-mode instance from the same config: each
// mentee ranks its candidate mentors by score; each mentor ranks the mentees
// who listed it by a mentee merit plus personal taste.
func GenerateRanks(cfg GenConfig) RankProblem {
	p := Generate(cfg)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5ab1e))
	n, m := len(p.Mentees), len(p.Mentors)
	rp := RankProblem{Mentees: p.Mentees, Mentors: p.Mentors,
		MenteeRanks: make([][]int32, n), MentorRanks: make([][]int32, m)}
	// Edges come grouped by mentee; sort each group by score, best first.
	for lo := 0; lo < len(p.Edges); {
		hi := lo
		for hi < len(p.Edges) && p.Edges[hi].Mentee == p.Edges[lo].Mentee {
			hi++
		}
		group := p.Edges[lo:hi]
		slices.SortStableFunc(group, func(a, b Edge) int { return int(b.Score - a.Score) })
		list := make([]int32, len(group))
		for k, e := range group {
			list[k] = e.Mentor
		}
		rp.MenteeRanks[group[0].Mentee] = list
		lo = hi
	}
	merit := make([]float64, n)
	for i := range merit {
		merit[i] = rng.Float64()
	}
	type cand struct {
		i   int32
		key float64
	}
	byMentor := make([][]cand, m)
	for _, e := range p.Edges {
		byMentor[e.Mentor] = append(byMentor[e.Mentor], cand{e.Mentee, merit[e.Mentee] + 0.5*rng.Float64()})
	}
	for j, cs := range byMentor {
		slices.SortFunc(cs, func(a, b cand) int {
			if a.key != b.key {
				if a.key > b.key {
					return -1
				}
				return 1
			}
			return int(a.i - b.i)
		})
		list := make([]int32, len(cs))
		for k, c := range cs {
			list[k] = c.i
		}
		rp.MentorRanks[j] = list
	}
	return rp
}
