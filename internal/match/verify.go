package match

import "fmt"

// maxPotential keeps u_i + v_j inside int64 while checking.
const maxPotential = int64(1) << 61

// Verify checks that r is a feasible matching for p and that its certificate
// proves it optimal, in O(V+E). The error names the first violation found.
//
// Feasibility: pairs in mentee order, each a non-forbidden candidate edge with
// its score, each mentee at most once, capacities kept, pins present, the
// counts and total right, and every unmatched mentee listed with its reason.
//
// Optimality, by LP duality on the weights w = Big + score over the mentees
// that are not pinned: Big exceeds any reachable total score; u, v >= 0;
// u_i + v_j >= w_ij on every edge; every matched edge is tight; u_i > 0 only
// for a matched mentee; v_j > 0 only for a mentor at full capacity.
func Verify(p Problem, r Result) error {
	n, m := len(p.Mentees), len(p.Mentors)
	c := r.Certificate
	if len(c.Mentee) != n || len(c.Mentor) != m {
		return fmt.Errorf("certificate has %d mentee and %d mentor potentials, want %d and %d", len(c.Mentee), len(c.Mentor), n, m)
	}
	mate := make([]int32, n)
	score := make([]Millis, n)
	found := make([]bool, n)
	for i := range mate {
		mate[i] = -1
	}
	count := make([]int, m)
	var total int64
	for k, a := range r.Pairs {
		if a.Mentee < 0 || int(a.Mentee) >= n || a.Mentor < 0 || int(a.Mentor) >= m {
			return fmt.Errorf("pair %d: index out of range", k)
		}
		if k > 0 && a.Mentee <= r.Pairs[k-1].Mentee {
			return fmt.Errorf("pair %d: mentee %q out of order or matched twice", k, p.Mentees[a.Mentee])
		}
		mate[a.Mentee], score[a.Mentee] = a.Mentor, a.Score
		count[a.Mentor]++
		total += int64(a.Score)
	}
	if r.Matched != len(r.Pairs) {
		return fmt.Errorf("matched is %d but there are %d pairs", r.Matched, len(r.Pairs))
	}
	if r.TotalMillis != total {
		return fmt.Errorf("total score is %s but the pairs sum to %s", FormatScore(Millis(r.TotalMillis)), FormatScore(Millis(total)))
	}
	for j, mt := range p.Mentors {
		if count[j] > mt.Capacity {
			return fmt.Errorf("mentor %q has %d mentees, capacity %d", mt.ID, count[j], mt.Capacity)
		}
	}
	pinned := make([]bool, n)
	for k, pin := range p.Pins {
		if pin.Mentee < 0 || int(pin.Mentee) >= n || mate[pin.Mentee] != pin.Mentor {
			return fmt.Errorf("pin %d is not in the result", k)
		}
		pinned[pin.Mentee] = true
	}
	var forbidden map[Pair]bool
	if len(p.Forbids) > 0 {
		forbidden = make(map[Pair]bool, len(p.Forbids))
		for _, f := range p.Forbids {
			forbidden[f] = true
		}
	}

	// First pass over edges: pairs are edges, and the best score of each
	// mentee bounds what any matching can reach.
	best := make([]Millis, n)
	degree := make([]int32, n)
	fullCandidates := make([]int32, n)
	for i := range best {
		best[i] = -1
	}
	for _, e := range p.Edges {
		if forbidden[Pair{e.Mentee, e.Mentor}] {
			if mate[e.Mentee] == e.Mentor {
				return fmt.Errorf("mentee %q and mentor %q are forbidden but matched", p.Mentees[e.Mentee], p.Mentors[e.Mentor].ID)
			}
			continue
		}
		if mate[e.Mentee] == e.Mentor {
			if score[e.Mentee] != e.Score {
				return fmt.Errorf("mentee %q: pair score %s differs from the edge's %s", p.Mentees[e.Mentee], FormatScore(score[e.Mentee]), FormatScore(e.Score))
			}
			found[e.Mentee] = true
		}
		best[e.Mentee] = max(best[e.Mentee], e.Score)
		degree[e.Mentee]++
		if count[e.Mentor] == p.Mentors[e.Mentor].Capacity {
			fullCandidates[e.Mentee]++
		}
	}
	var reach int64
	for i := 0; i < n; i++ {
		if mate[i] >= 0 && !found[i] {
			return fmt.Errorf("mentee %q and mentor %q are not a candidate edge", p.Mentees[i], p.Mentors[mate[i]].ID)
		}
		if !pinned[i] && best[i] > 0 {
			reach += int64(best[i])
		}
	}
	if c.Big <= reach || c.Big > maxPotential/2 {
		return fmt.Errorf("certificate Big %d does not exceed the best reachable total %d", c.Big, reach)
	}

	// Unmatched mentees: listed in order, with the right reason.
	next := 0
	for i := 0; i < n; i++ {
		if mate[i] >= 0 {
			continue
		}
		if next >= len(r.Unmatched) || r.Unmatched[next].Mentee != int32(i) {
			return fmt.Errorf("unmatched mentee %q is missing from the unmatched list or out of order", p.Mentees[i])
		}
		switch why := r.Unmatched[next].Reason; {
		case why == NoCandidate && degree[i] != 0:
			return fmt.Errorf("mentee %q: reason %q but it has %d candidates", p.Mentees[i], why, degree[i])
		case why == MentorsFull && (degree[i] == 0 || fullCandidates[i] != degree[i]):
			return fmt.Errorf("mentee %q: reason %q but %d of its %d candidates are full", p.Mentees[i], why, fullCandidates[i], degree[i])
		case why != NoCandidate && why != MentorsFull:
			return fmt.Errorf("mentee %q: unknown reason %q", p.Mentees[i], why)
		}
		next++
	}
	if next != len(r.Unmatched) {
		return fmt.Errorf("unmatched list has %d entries, want %d", len(r.Unmatched), next)
	}

	// Dual feasibility and complementary slackness.
	for i, u := range c.Mentee {
		if u < 0 || u > maxPotential {
			return fmt.Errorf("mentee %q: potential %d out of range", p.Mentees[i], u)
		}
		if u > 0 && mate[i] < 0 {
			return fmt.Errorf("mentee %q: potential %d > 0 but unmatched", p.Mentees[i], u)
		}
	}
	for j, v := range c.Mentor {
		if v < 0 || v > maxPotential {
			return fmt.Errorf("mentor %q: potential %d out of range", p.Mentors[j].ID, v)
		}
		if v > 0 && count[j] < p.Mentors[j].Capacity {
			return fmt.Errorf("mentor %q: potential %d > 0 but %d of %d places used", p.Mentors[j].ID, v, count[j], p.Mentors[j].Capacity)
		}
	}
	for k, e := range p.Edges {
		if pinned[e.Mentee] || forbidden[Pair{e.Mentee, e.Mentor}] {
			continue
		}
		w := c.Big + int64(e.Score)
		s := c.Mentee[e.Mentee] + c.Mentor[e.Mentor] - w
		if s < 0 {
			return fmt.Errorf("edge %d (%q, %q): negative reduced cost %d", k, p.Mentees[e.Mentee], p.Mentors[e.Mentor].ID, s)
		}
		if s != 0 && mate[e.Mentee] == e.Mentor {
			return fmt.Errorf("edge %d (%q, %q): matched but not tight (slack %d)", k, p.Mentees[e.Mentee], p.Mentors[e.Mentor].ID, s)
		}
	}
	return nil
}
