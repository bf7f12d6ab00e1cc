package match

// Bidding is a cheap warm start that keeps the engine's invariants exact
// (an auction with exact price steps, like the augmenting row reduction of
// Jonker and Volgenant, extended to capacities). A free mentee takes its best
// mentor; if that mentor is full, the mentor's potential rises by as much as
// the bidder and every holder can absorb while staying at a best choice,
// and the holder with the least to lose is displaced and bids in turn.
// Popular mentors become expensive quickly this way, which would otherwise
// take one long shortest-path search per displacement. Mentees that cannot
// bid usefully (ties at the top), and any left when the bid budget runs
// out, go to the shortest-path searches, which are exact in any case.

// bid routes the mentees in queue by bidding and returns those left for the
// searches. sec[i] caches the second-best profit of an assigned mentee at the
// time it bid. Potentials only rise, so profits only fall and the cached value
// is an upper bound: margins computed from it are lower bounds, which is the
// safe side.
func (e *engine) bid(queue []int32, budget int) []int32 {
	r := e.r
	sec := make([]int64, r.n)
	var left []int32
	for head := 0; head < len(queue); head++ {
		i := queue[head]
		if budget <= 0 {
			left = append(left, queue[head:]...)
			break
		}
		// Best and second-best profit; "unmatched" offers 0. Among equally
		// good mentors prefer one with room.
		p1, p2, j1 := int64(0), int64(0), int32(-1)
		for x := r.start[i]; x < r.start[i+1]; x++ {
			j := r.to[x]
			p := r.weight[x] - e.ms[j].v
			switch {
			case p > p1:
				p1, p2, j1 = p, p1, j
			case p == p1 && j1 >= 0:
				p2 = p
				if !e.isFree(j1) && e.isFree(j) {
					j1 = j
				}
			case p > p2:
				p2 = p
			}
		}
		switch {
		case j1 < 0:
			e.u[i], e.mate[i] = 0, unmatched
			continue
		case e.isFree(j1):
			e.u[i], sec[i], e.mate[i] = p1, p2, j1
			e.assign(i, j1)
			continue
		case p1 == p2:
			left = append(left, i)
			continue
		}
		budget--
		lo, hi := e.slotStart[j1], e.slotStart[j1]+e.fill[j1]
		if lo == hi {
			// A mentor with no places at all: price it out and bid again.
			e.ms[j1].v += p1 - p2
			queue = append(queue, i)
			continue
		}
		// Raise v[j1] by delta: no more than the bidder's margin and every
		// holder's (lower-bounded) margin, so all stay at a best choice.
		delta, out := p1-p2, int32(-1)
		least := int64(1<<62 - 1)
		for s := lo; s < hi; s++ {
			h := e.slots[s]
			if m := e.u[h] - sec[h]; m < least {
				least, out = m, h
			}
		}
		delta = min(delta, least)
		e.ms[j1].v += delta
		for s := lo; s < hi; s++ {
			e.u[e.slots[s]] -= delta
		}
		e.unassign(out, j1)
		e.mate[out] = free
		queue = append(queue, out)
		e.assign(i, j1)
		e.u[i], sec[i], e.mate[i] = p1-delta, p2, j1
	}
	return left
}
