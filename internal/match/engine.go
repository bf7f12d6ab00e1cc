package match

// The engine keeps an LP-dual solution (u for mentees, v for mentors) and a
// partial assignment that together satisfy, at all times:
//
//	u_i + v_j >= w_ij on every edge, u, v >= 0,
//	every assigned edge is tight (u_i + v_j = w_ij),
//	u_i = 0 for a mentee decided unmatched.
//
// The last condition of optimality, v_j > 0 only for a full mentor, holds
// throughout when the engine starts from zero prices, and is restored at the
// end by repairHoles when it starts from guessed prices (warmPrices).
//
// Each free mentee is routed by a shortest augmenting path in reduced costs
// (Dijkstra) to the nearest mentor with room, or to "unmatched", a virtual
// mentor with v = 0 and unlimited room reached from mentee k at cost u_k.
// Updating the duals by the distances keeps the invariants, so once no mentee
// is free and no hole is left, (assignment, duals) certifies optimality.
//
// The pipeline, each stage exact except the first, which only guesses:
//
//	warmPrices   ε-scaling auction -> starting potentials v
//	bid          exact bids: cheap routing of most mentees
//	route        shortest augmenting paths for the rest
//	repairHoles  backward shortest paths for mentors with room and v > 0

const (
	free      = -1 // not yet routed
	unmatched = -2 // routed to the virtual "unmatched" mentor
)

type engine struct {
	r    *residual
	tune tuning
	cap  []int32 // capacity, clamped to the mentor's degree to bound slots
	u    []int64
	mate []int32 // mentor of each mentee, or free / unmatched

	// The mentees assigned to mentor j are slots[slotStart[j] : slotStart[j]+fill[j]].
	slotStart []int32
	slots     []int32
	fill      []int32
	pos       []int32 // index of each assigned mentee in slots

	// Search state, reset lazily by bumping stamp.
	stamp  uint32
	ms     []mentorState
	finals []int32
	heap   minHeap
}

// mentorState packs what a relaxation reads and writes about a mentor into
// one 32-byte record (two to a cache line): one memory access per edge
// instead of six scattered ones.
type mentorState struct {
	v    int64  // the mentor's potential
	dist int64  // tentative distance, valid when seen == stamp
	seen uint32 // seen == stamp: dist and pred are set in this search
	done uint32 // done == stamp: finalized in this search
	pred int32  // mentee from which the mentor was reached
	room int32  // free places: capacity minus assigned mentees
}

func newEngine(r *residual, tune tuning) *engine {
	e := &engine{
		r:    r,
		tune: tune,
		cap:  make([]int32, r.m),
		u:    make([]int64, r.n),
		mate: make([]int32, r.n),
		fill: make([]int32, r.m),
		pos:  make([]int32, r.n),
		ms:   make([]mentorState, r.m),
	}
	// A mentor can never hold more mentees than it has edges. Clamping is
	// safe for the certificate: a mentor whose every edge is assigned is never
	// reached by a search (reaching it needs an unassigned edge), so its
	// potential stays 0 even though it may be below its real capacity.
	for _, j := range r.to {
		e.cap[j]++
	}
	e.slotStart = make([]int32, r.m+1)
	for j := 0; j < r.m; j++ {
		e.cap[j] = min(e.cap[j], r.cap[j])
		e.slotStart[j+1] = e.slotStart[j] + e.cap[j]
		e.ms[j].room = e.cap[j]
	}
	e.slots = make([]int32, e.slotStart[r.m])
	for i := range e.mate {
		e.mate[i] = free
	}
	return e
}

// run routes every mentee: bidding first, shortest paths for the rest.
func (e *engine) run() {
	r := e.r
	queue := make([]int32, 0, r.n)
	for i := 0; i < r.n; i++ {
		if r.pinTo[i] >= 0 {
			e.mate[i] = unmatched // not part of the residual problem
			continue
		}
		queue = append(queue, int32(i))
	}
	if e.tune.auctionBids > 0 {
		e.warmPrices(e.tune.auctionBids * r.n)
	}
	for _, i := range e.bid(queue, e.tune.bids*r.n) {
		if e.mate[i] == free {
			e.route(i)
		}
	}
	e.repairHoles()
}

// tuning sets the warm starts' budgets, in bids per mentee. None affects
// the result, only the time to reach it; tests vary them to exercise every
// path of the engine.
type tuning struct {
	auctionBids int // warmPrices; 0 starts from zero prices
	epsFactor   int // warmPrices divides ε by this each round
	lastEps     int // and stops after the round with this ε (in thousandths)
	bids        int // exact bidding before the searches
}

// Measured on the uniform and structured benchmarks at 20,000 x 10,000 and
// 66,000 x 33,000: the auction's last rounds (small ε) cost the most bids
// for the least gain, so it stops at ε = 4 thousandths and leaves the
// rest to the exact searches.
var defaultTuning = tuning{auctionBids: 20, epsFactor: 8, lastEps: 4, bids: 10}

func (e *engine) isFree(j int32) bool { return e.ms[j].room > 0 }

func (e *engine) assign(k, j int32) {
	p := e.slotStart[j] + e.fill[j]
	e.slots[p] = k
	e.pos[k] = p
	e.fill[j]++
	e.ms[j].room--
}

func (e *engine) unassign(k, j int32) {
	p := e.pos[k]
	last := e.slotStart[j] + e.fill[j] - 1
	o := e.slots[last]
	e.slots[p] = o
	e.pos[o] = p
	e.fill[j]--
	e.ms[j].room++
}

// route finds a shortest augmenting path from the free mentee root and
// augments along it.
func (e *engine) route(root int32) {
	r := e.r
	lo, hi := r.start[root], r.start[root+1]
	// The smallest feasible u[root]: its best profit, or 0 (unmatched).
	best, bestJ := int64(0), int32(-1)
	for k := lo; k < hi; k++ {
		if p := r.weight[k] - e.ms[r.to[k]].v; p > best {
			best, bestJ = p, r.to[k]
		}
	}
	e.u[root] = best
	if bestJ < 0 {
		e.mate[root] = unmatched
		return
	}
	if e.isFree(bestJ) { // distance 0 to a free slot: nothing to update
		e.mate[root] = bestJ
		e.assign(root, bestJ)
		return
	}

	e.stamp++
	st := e.stamp
	e.heap = e.heap[:0]
	e.finals = e.finals[:0]
	ms := e.ms
	dnull, nullPred := e.u[root], root
	// bound is the best sink known so far: "unmatched" or a free mentor seen
	// but not yet popped. A tentative distance at or above it can never be
	// part of the answer, so it is not pushed.
	bound := dnull
	for k := lo; k < hi; k++ {
		j := r.to[k]
		m := &ms[j]
		d := e.u[root] + m.v - r.weight[k]
		if m.seen != st || d < m.dist {
			m.seen, m.dist, m.pred = st, d, root
			if m.room > 0 {
				bound = min(bound, d)
			}
			e.heap.push(d, j)
		}
	}

	sink, D := int32(unmatched), dnull
	for len(e.heap) > 0 {
		it := e.heap.pop()
		j, d := it.j, it.d
		m := &ms[j]
		if m.done == st || d != m.dist {
			continue // stale
		}
		if d > dnull || (d == dnull && m.room == 0) {
			break
		}
		if m.room > 0 {
			sink, D = j, d
			break
		}
		m.done = st
		e.finals = append(e.finals, j)
		for s := e.slotStart[j]; s < e.slotStart[j]+e.fill[j]; s++ {
			k := e.slots[s]
			a := d + e.u[k] // label of k plus u[k]
			if a < dnull {
				dnull, nullPred = a, k
				bound = min(bound, a)
			}
			lo, hi := r.start[k], r.start[k+1]
			ws := r.weight[lo:hi]
			for x, l := range r.to[lo:hi] {
				ml := &ms[l]
				nd := a + ml.v - ws[x]
				// A finalized mentor never improves (its distance is at most
				// d and reduced costs are >= 0), so no need to test done.
				if nd >= bound {
					continue
				}
				if ml.seen != st || nd < ml.dist {
					ml.seen, ml.dist, ml.pred = st, nd, k
					if ml.room > 0 {
						bound = nd
					}
					e.heap.push(nd, l)
				}
			}
		}
	}
	if sink == unmatched {
		D = dnull
	}

	// Dual update: finalized mentors rise, the mentees they hold fall by the
	// same amount, so held edges stay tight and the path becomes tight.
	for _, j := range e.finals {
		delta := D - ms[j].dist
		if delta == 0 {
			continue
		}
		ms[j].v += delta
		for s := e.slotStart[j]; s < e.slotStart[j]+e.fill[j]; s++ {
			e.u[e.slots[s]] -= delta
		}
	}
	e.u[root] -= D

	// Augment: each mentee on the path moves to the next mentor.
	var k, target int32
	if sink == unmatched {
		k, target = nullPred, unmatched
	} else {
		k, target = e.ms[sink].pred, sink
	}
	for {
		old := e.mate[k]
		if old >= 0 {
			e.unassign(k, old)
		}
		if target >= 0 {
			e.assign(k, target)
		}
		e.mate[k] = target
		if k == root {
			return
		}
		target, k = old, e.ms[old].pred
	}
}
