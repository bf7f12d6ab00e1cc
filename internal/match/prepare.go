package match

// residual is the problem the engine solves: pins are already applied (their
// mentees take no part, their mentors' capacities are reduced), forbidden
// edges are gone, and edges are in compressed sparse rows by mentee with
// int32 indices, which halves memory traffic in the hot loops.
type residual struct {
	n, m     int
	start    []int32 // edges of mentee i are start[i] .. start[i+1]-1
	to       []int32 // mentor of each edge
	weight   []int64 // big + score of each edge
	cap      []int32 // capacity left after pins
	big      int64
	pinTo    []int32  // mentor a mentee is pinned to, or -1
	pinScore []Millis // score of the pinned edge
}

// prepare validates p and builds the residual problem. Messages name ids and
// positions in the input, so a caller can show them as they are.
func prepare(p *Problem) (*residual, error) {
	n, m := len(p.Mentees), len(p.Mentors)
	if n > maxCount || m > maxCount || len(p.Edges) > maxCount {
		return nil, invalidf("problem too large: at most %d mentees, mentors and edges", maxCount)
	}
	r := &residual{n: n, m: m, cap: make([]int32, m), pinTo: make([]int32, n), pinScore: make([]Millis, n)}
	for j, mt := range p.Mentors {
		if mt.Capacity < 0 {
			return nil, invalidf("mentor %d (%q): negative capacity %d", j, mt.ID, mt.Capacity)
		}
		if mt.Capacity > maxCount {
			return nil, invalidf("mentor %d (%q): capacity %d is too large", j, mt.ID, mt.Capacity)
		}
		r.cap[j] = int32(mt.Capacity)
	}
	for k, e := range p.Edges {
		if e.Mentee < 0 || int(e.Mentee) >= n {
			return nil, invalidf("edge %d: mentee index %d out of range", k, e.Mentee)
		}
		if e.Mentor < 0 || int(e.Mentor) >= m {
			return nil, invalidf("edge %d: mentor index %d out of range", k, e.Mentor)
		}
		if e.Score < 0 || e.Score > MaxScore {
			return nil, invalidf("edge %d: score %s is outside 0..%s", k, FormatScore(e.Score), FormatScore(MaxScore))
		}
	}
	forbidden, err := forbidSet(p)
	if err != nil {
		return nil, err
	}

	// Counting sort by mentee keeps each mentee's edges in input order, so
	// ties are broken the same way on every run.
	start := make([]int32, n+1)
	for _, e := range p.Edges {
		start[e.Mentee+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	order := make([]int32, len(p.Edges))
	next := make([]int32, n)
	copy(next, start[:n])
	for k, e := range p.Edges {
		order[next[e.Mentee]] = int32(k)
		next[e.Mentee]++
	}

	// seenBy[j] is 1+the mentee whose edges are being scanned when j was last
	// seen; firstEdge[j] is that edge, so duplicates are caught in O(E).
	seenBy := make([]int32, m)
	firstEdge := make([]int32, m)
	for i := 0; i < n; i++ {
		for _, k := range order[start[i]:start[i+1]] {
			j := p.Edges[k].Mentor
			if seenBy[j] == int32(i)+1 {
				a, b := firstEdge[j], k
				return nil, invalidf("edge %d: duplicate of edge %d (mentee %s, mentor %s)", b, a, p.menteeName(int32(i)), p.mentorName(j))
			}
			seenBy[j] = int32(i) + 1
			firstEdge[j] = k
		}
	}

	if err := r.applyPins(p, forbidden); err != nil {
		return nil, err
	}

	// Big must exceed the largest total score any matching can reach.
	var sumBest int64
	kept := 0
	for i := 0; i < n; i++ {
		if r.pinTo[i] >= 0 {
			continue
		}
		best := int64(-1)
		for _, k := range order[start[i]:start[i+1]] {
			e := p.Edges[k]
			if forbidden[Pair{e.Mentee, e.Mentor}] {
				continue
			}
			kept++
			best = max(best, int64(e.Score))
		}
		if best > 0 {
			sumBest += best
		}
	}
	r.big = sumBest + 1

	r.start = make([]int32, n+1)
	r.to = make([]int32, 0, kept)
	r.weight = make([]int64, 0, kept)
	for i := 0; i < n; i++ {
		if r.pinTo[i] < 0 {
			for _, k := range order[start[i]:start[i+1]] {
				e := p.Edges[k]
				if forbidden[Pair{e.Mentee, e.Mentor}] {
					continue
				}
				r.to = append(r.to, e.Mentor)
				r.weight = append(r.weight, r.big+int64(e.Score))
			}
		}
		r.start[i+1] = int32(len(r.to))
	}
	return r, nil
}

// forbidSet checks the forbids and returns them as a set; nil when empty, and
// a nil map answers false, so the common case costs nothing.
func forbidSet(p *Problem) (map[Pair]bool, error) {
	if len(p.Forbids) == 0 {
		return nil, nil
	}
	set := make(map[Pair]bool, len(p.Forbids))
	for k, f := range p.Forbids {
		if f.Mentee < 0 || int(f.Mentee) >= len(p.Mentees) || f.Mentor < 0 || int(f.Mentor) >= len(p.Mentors) {
			return nil, invalidf("forbid %d: index out of range", k)
		}
		set[f] = true
	}
	return set, nil
}

// applyPins records the pins and takes them out of the capacities.
func (r *residual) applyPins(p *Problem, forbidden map[Pair]bool) error {
	for i := range r.pinTo {
		r.pinTo[i] = -1
	}
	if len(p.Pins) == 0 {
		return nil
	}
	edgeScore := make(map[Pair]Millis, len(p.Pins))
	firstPin := make(map[int32]int, len(p.Pins))
	for k, pin := range p.Pins {
		if pin.Mentee < 0 || int(pin.Mentee) >= r.n || pin.Mentor < 0 || int(pin.Mentor) >= r.m {
			return invalidf("pin %d: index out of range", k)
		}
		if prev, ok := firstPin[pin.Mentee]; ok {
			return invalidf("pin %d: mentee %s is already pinned by pin %d", k, p.menteeName(pin.Mentee), prev)
		}
		firstPin[pin.Mentee] = k
		if forbidden[pin] {
			return invalidf("pin %d: mentee %s and mentor %s are also forbidden", k, p.menteeName(pin.Mentee), p.mentorName(pin.Mentor))
		}
		edgeScore[pin] = -1
	}
	for _, e := range p.Edges {
		pr := Pair{e.Mentee, e.Mentor}
		if _, ok := edgeScore[pr]; ok {
			edgeScore[pr] = e.Score
		}
	}
	for k, pin := range p.Pins {
		if edgeScore[pin] < 0 {
			return invalidf("pin %d: mentee %s and mentor %s are not a candidate edge", k, p.menteeName(pin.Mentee), p.mentorName(pin.Mentor))
		}
		r.pinTo[pin.Mentee] = pin.Mentor
		r.pinScore[pin.Mentee] = edgeScore[pin]
		r.cap[pin.Mentor]--
	}
	for j, c := range r.cap {
		if c < 0 {
			return invalidf("mentor %d (%q): %d pins exceed capacity %d", j, p.Mentors[j].ID, p.Mentors[j].Capacity-int(c), p.Mentors[j].Capacity)
		}
	}
	return nil
}
