package match

// warmPrices estimates the optimal mentor potentials with an ε-scaling
// forward auction over mentor places. It is only a guess: the engine starts
// from these prices with an empty assignment, routes every mentee exactly,
// then repairs any mentor left with room but a positive price (see
// repairHoles). Good prices make nearly every mentee's first choice
// available, so few shortest-path searches are needed and they are short.
//
// Each mentor's places carry their own prices, kept as a min-heap in the
// mentor's segment of the slot arrays: a bid takes the cheapest place and
// displaces its holder. The auction stops early once it has spent its bid
// budget (a price war over a place nobody can do without ends that way);
// the result is still a usable guess.
func (e *engine) warmPrices(budget int) {
	r := e.r
	slots := e.slotStart[r.m]
	price := make([]int64, slots)
	holder := make([]int32, slots)
	queue := make([]int32, 0, r.n)

	var lo, hi int64 = 1<<62 - 1, 0
	for _, w := range r.weight {
		lo, hi = min(lo, w), max(hi, w)
	}
	if hi <= lo {
		return
	}
	// ε starts at a fraction of the score range and shrinks each round.
	f := int64(max(e.tune.epsFactor, 2))
	last := int64(max(e.tune.lastEps, 1))
	eps := max((hi-lo)/f, 1)
	for {
		for s := range holder {
			holder[s] = -1
		}
		queue = queue[:0]
		for i := 0; i < r.n; i++ {
			if r.pinTo[i] < 0 && r.start[i] < r.start[i+1] {
				queue = append(queue, int32(i))
			}
		}
		for head := 0; head < len(queue); head++ {
			if budget <= 0 {
				e.setPrices(price)
				return
			}
			i := queue[head]
			p1, p2, j1 := int64(0), int64(0), int32(-1)
			for x := r.start[i]; x < r.start[i+1]; x++ {
				j := r.to[x]
				if e.cap[j] == 0 {
					continue
				}
				p := r.weight[x] - price[e.slotStart[j]]
				if p > p1 {
					p1, p2, j1 = p, p1, j
				} else if p > p2 {
					p2 = p
				}
			}
			if j1 < 0 {
				continue // unmatched is as good as anything
			}
			budget--
			s := e.slotStart[j1]
			if old := holder[s]; old >= 0 {
				queue = append(queue, old)
			}
			holder[s] = i
			price[s] += p1 - p2 + eps
			siftPlace(price[s:e.slotStart[j1+1]], holder[s:e.slotStart[j1+1]])
		}
		if eps <= last {
			break
		}
		eps = max(eps/f, last)
	}
	e.setPrices(price)
}

// siftPlace restores the min-heap of a mentor's places after the price of
// the top place rose.
func siftPlace(price []int64, holder []int32) {
	k, n := 0, len(price)
	for {
		c := 2*k + 1
		if c >= n {
			return
		}
		if c+1 < n && price[c+1] < price[c] {
			c++
		}
		if price[k] <= price[c] {
			return
		}
		price[k], price[c] = price[c], price[k]
		holder[k], holder[c] = holder[c], holder[k]
		k = c
	}
}

// setPrices starts each mentor at the price of its cheapest place.
func (e *engine) setPrices(price []int64) {
	for j := range e.ms {
		if e.cap[j] > 0 {
			e.ms[j].v = min(price[e.slotStart[j]], maxPotential/4)
		}
	}
}
