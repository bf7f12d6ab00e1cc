package match

// heapItem is a tentative distance to a mentor. The heap is lazy: a mentor
// may be pushed several times and stale entries are skipped when popped,
// which is cheaper than decrease-key bookkeeping for sparse graphs.
type heapItem struct {
	d int64
	j int32
}

// minHeap is a 4-ary min-heap: shallower than a binary heap, and the four
// children of a node share a cache line.
type minHeap []heapItem

func (h *minHeap) push(d int64, j int32) {
	a := append(*h, heapItem{d, j})
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 4
		if a[p].d <= d {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = heapItem{d, j}
	*h = a
}

func (h *minHeap) pop() heapItem {
	a := *h
	top := a[0]
	last := a[len(a)-1]
	a = a[:len(a)-1]
	n := len(a)
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		best := c
		end := min(c+4, n)
		for k := c + 1; k < end; k++ {
			if a[k].d < a[best].d {
				best = k
			}
		}
		if a[best].d >= last.d {
			break
		}
		a[i] = a[best]
		i = best
	}
	if n > 0 {
		a[i] = last
	}
	*h = a
	return top
}
