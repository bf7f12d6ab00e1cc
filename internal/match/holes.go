package match

// A hole is a mentor with room and a positive potential, which breaks
// complementary slackness. Holes appear only when the engine starts from
// guessed prices (warmPrices). repairHoles removes them with the mirror
// image of route: a shortest-path search backwards from the hole, over
// mentees who could move into a reached mentor from their own, ends either
// at an unmatched mentee who can take the place, or at a mentor whose
// potential can fall to 0. Potentials of reached mentors fall and those of
// the mentees they hold rise by the same amounts, which keeps every
// invariant; each repair fills one place of a hole or zeroes its potential,
// so the repairs end.

// inEdges lists, for each mentor, its candidate mentees and edge weights.
type inEdges struct {
	start  []int32
	mentee []int32
	weight []int64
}

func buildInEdges(r *residual) *inEdges {
	in := &inEdges{start: make([]int32, r.m+1), mentee: make([]int32, len(r.to)), weight: make([]int64, len(r.to))}
	for _, j := range r.to {
		in.start[j+1]++
	}
	for j := 0; j < r.m; j++ {
		in.start[j+1] += in.start[j]
	}
	next := append([]int32(nil), in.start[:r.m]...)
	for i := 0; i < r.n; i++ {
		for x := r.start[i]; x < r.start[i+1]; x++ {
			j := r.to[x]
			in.mentee[next[j]] = int32(i)
			in.weight[next[j]] = r.weight[x]
			next[j]++
		}
	}
	return in
}

func (e *engine) repairHoles() {
	var in *inEdges
	var toward []int32
	for j := range e.ms {
		// Against the real capacity: a mentor clamped to its degree may be
		// full here yet have places left, and then its potential must be 0.
		for e.ms[j].v > 0 && e.fill[j] < e.r.cap[j] {
			if in == nil {
				in = buildInEdges(e.r)
				toward = make([]int32, e.r.m)
			}
			e.repairHole(int32(j), in, toward)
		}
	}
}

// repairHole runs one backward search from hole h. For a reached mentor l,
// ms[l].pred is the mentee that would leave l and toward[l] the mentor it
// would move to.
func (e *engine) repairHole(h int32, in *inEdges, toward []int32) {
	e.stamp++
	st := e.stamp
	e.heap = e.heap[:0]
	e.finals = e.finals[:0]
	ms := e.ms
	ms[h].seen, ms[h].dist = st, 0
	e.heap.push(0, h)

	// The best end found so far: mentor zeroAt's potential falls to 0, or
	// unmatched mentee newK moves into mentor newAt.
	best := int64(1<<62 - 1)
	zeroAt, newK, newAt := int32(-1), int32(-1), int32(-1)
	for len(e.heap) > 0 {
		it := e.heap.pop()
		j, d := it.j, it.d
		m := &ms[j]
		if m.done == st || d != m.dist {
			continue
		}
		if d >= best {
			break
		}
		m.done = st
		e.finals = append(e.finals, j)
		if d+m.v < best {
			best, zeroAt, newK = d+m.v, j, -1
		}
		for x := in.start[j]; x < in.start[j+1]; x++ {
			k := in.mentee[x]
			l := e.mate[k]
			if l == j {
				continue
			}
			nd := d + e.u[k] + m.v - in.weight[x]
			if nd >= best {
				continue
			}
			if l == unmatched {
				best, zeroAt, newK, newAt = nd, -1, k, j
				continue
			}
			ml := &ms[l]
			if ml.seen != st || nd < ml.dist {
				ml.seen, ml.dist, ml.pred = st, nd, k
				toward[l] = j
				e.heap.push(nd, l)
			}
		}
	}

	D := best
	for _, j := range e.finals {
		delta := D - ms[j].dist
		if delta == 0 {
			continue
		}
		ms[j].v -= delta
		for s := e.slotStart[j]; s < e.slotStart[j]+e.fill[j]; s++ {
			e.u[e.slots[s]] += delta
		}
	}

	// The chain runs from the end back to h; moves are applied from h's
	// side, where there is room, outward.
	end := zeroAt
	if newK >= 0 {
		end = newAt
	}
	chain := e.finals[:0] // finals are no longer needed
	for x := end; x != h; x = toward[x] {
		chain = append(chain, x)
	}
	for c := len(chain) - 1; c >= 0; c-- {
		x := chain[c]
		e.move(ms[x].pred, toward[x])
	}
	if newK >= 0 {
		e.move(newK, newAt)
	}
}

// move reassigns mentee k to mentor j (or unmatched).
func (e *engine) move(k, j int32) {
	if old := e.mate[k]; old >= 0 {
		e.unassign(k, old)
	}
	if j >= 0 {
		e.assign(k, j)
	}
	e.mate[k] = j
}
