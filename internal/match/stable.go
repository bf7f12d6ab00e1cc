package match

import "fmt"

// RankProblem is the stable-mode problem: each side ranks the other, most
// preferred first, by index. A pair is acceptable only if each ranks the
// other; a mentor holds at most Capacity mentees.
type RankProblem struct {
	Mentees     []string
	Mentors     []Mentor
	MenteeRanks [][]int32 // per mentee: mentor indices, best first
	MentorRanks [][]int32 // per mentor: mentee indices, best first
}

// rankIndex is a RankProblem prepared for O(1) questions: for entry x of the
// mentees' lists (flattened), mentorRank[x] is how the mentor ranks that
// mentee, or -1 when the mentor does not rank them.
type rankIndex struct {
	start      []int32 // entries of mentee i are start[i] .. start[i+1]-1
	mentor     []int32
	mentee     []int32 // owner of each entry
	mentorRank []int32
}

func indexRanks(p *RankProblem) (*rankIndex, error) {
	n, m := len(p.Mentees), len(p.Mentors)
	if len(p.MenteeRanks) > n || len(p.MentorRanks) > m {
		return nil, invalidf("more rank lists than people")
	}
	for j, mt := range p.Mentors {
		if mt.Capacity < 0 {
			return nil, invalidf("mentor %d (%q): negative capacity %d", j, mt.ID, mt.Capacity)
		}
	}
	ix := &rankIndex{start: make([]int32, n+1)}
	seen := make([]int32, max(n, m)) // seen[x] == owner+1: x already listed
	total := 0
	for i, list := range p.MenteeRanks {
		for _, j := range list {
			if j < 0 || int(j) >= m {
				return nil, invalidf("mentee %q: ranked mentor index %d out of range", p.Mentees[i], j)
			}
			if seen[j] == int32(i)+1 {
				return nil, invalidf("mentee %q ranks mentor %q twice", p.Mentees[i], p.Mentors[j].ID)
			}
			seen[j] = int32(i) + 1
		}
		total += len(list)
		ix.start[i+1] = int32(total)
	}
	for i := len(p.MenteeRanks); i < n; i++ {
		ix.start[i+1] = int32(total)
	}
	ix.mentor = make([]int32, 0, total)
	ix.mentee = make([]int32, 0, total)
	for i, list := range p.MenteeRanks {
		ix.mentor = append(ix.mentor, list...)
		for range list {
			ix.mentee = append(ix.mentee, int32(i))
		}
	}

	// byMentor lists, for each mentor, the entries that name it, so each
	// mentor's own list can be matched against them with one stamp array.
	cnt := make([]int32, m+1)
	for _, j := range ix.mentor {
		cnt[j+1]++
	}
	for j := 0; j < m; j++ {
		cnt[j+1] += cnt[j]
	}
	byMentor := make([]int32, total)
	fillAt := append([]int32(nil), cnt[:m]...)
	for x, j := range ix.mentor {
		byMentor[fillAt[j]] = int32(x)
		fillAt[j]++
	}
	ix.mentorRank = make([]int32, total)
	clear(seen)
	rankOf := make([]int32, n)
	for j, list := range p.MentorRanks {
		for r, i := range list {
			if i < 0 || int(i) >= n {
				return nil, invalidf("mentor %q: ranked mentee index %d out of range", p.Mentors[j].ID, i)
			}
			if seen[i] == int32(j)+1 {
				return nil, invalidf("mentor %q ranks mentee %q twice", p.Mentors[j].ID, p.Mentees[i])
			}
			seen[i] = int32(j) + 1
			rankOf[i] = int32(r)
		}
		for _, x := range byMentor[cnt[j]:cnt[j+1]] {
			i := ix.mentee[x]
			if seen[i] == int32(j)+1 {
				ix.mentorRank[x] = rankOf[i]
			} else {
				ix.mentorRank[x] = -1
			}
		}
	}
	for j := len(p.MentorRanks); j < m; j++ {
		for _, x := range byMentor[cnt[j]:cnt[j+1]] {
			ix.mentorRank[x] = -1
		}
	}
	return ix, nil
}

// heldMentee is a mentee a mentor holds, with the mentor's rank of them.
type heldMentee struct{ rank, mentee int32 }

// Stable returns the mentee-optimal stable matching (mentee-proposing
// deferred acceptance with mentor capacities): every mentee gets the best
// mentor it has in any stable matching. Pairs have score 0. The result is
// checked to have no blocking pair before it is returned.
func Stable(p RankProblem) (Result, error) {
	ix, err := indexRanks(&p)
	if err != nil {
		return Result{}, err
	}
	n, m := len(p.Mentees), len(p.Mentors)
	// Each mentor's held mentees form a max-heap on rank (worst on top) in
	// its own segment of one flat array.
	segStart := make([]int32, m+1)
	for j, mt := range p.Mentors {
		listed := 0
		if j < len(p.MentorRanks) {
			listed = len(p.MentorRanks[j])
		}
		segStart[j+1] = segStart[j] + int32(min(mt.Capacity, listed))
	}
	held := make([]heldMentee, segStart[m])
	size := make([]int32, m)
	mate := make([]int32, n)
	next := make([]int32, n)
	stack := make([]int32, 0, n)
	for i := n - 1; i >= 0; i-- {
		mate[i] = -1
		next[i] = ix.start[i]
		stack = append(stack, int32(i))
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for next[i] < ix.start[i+1] {
			x := next[i]
			next[i]++
			j, rk := ix.mentor[x], ix.mentorRank[x]
			if rk < 0 {
				continue // the mentor does not rank this mentee
			}
			seg := held[segStart[j]:segStart[j+1]]
			if int(size[j]) < len(seg) {
				heapUp(seg, int(size[j]), heldMentee{rk, i})
				size[j]++
				mate[i] = j
				break
			}
			if len(seg) > 0 && rk < seg[0].rank {
				out := seg[0].mentee
				heapDownRoot(seg, heldMentee{rk, i})
				mate[i], mate[out] = j, -1
				stack = append(stack, out)
				break
			}
		}
	}
	var res Result
	for i, j := range mate {
		if j >= 0 {
			res.Pairs = append(res.Pairs, Assignment{Mentee: int32(i), Mentor: j})
			res.Matched++
		}
	}
	if b, err := blockingPairs(&p, ix, res); err != nil || b != 0 {
		return Result{}, fmt.Errorf("match: internal error, stable matching has %d blocking pairs (%v)", b, err)
	}
	return res, nil
}

// heapUp puts h at position k of a max-heap on rank and sifts it up.
func heapUp(a []heldMentee, k int, h heldMentee) {
	for k > 0 {
		p := (k - 1) / 2
		if a[p].rank >= h.rank {
			break
		}
		a[k] = a[p]
		k = p
	}
	a[k] = h
}

// heapDownRoot replaces the top of a full max-heap with h and sifts it down.
func heapDownRoot(a []heldMentee, h heldMentee) {
	k, n := 0, len(a)
	for {
		c := 2*k + 1
		if c >= n {
			break
		}
		if c+1 < n && a[c+1].rank > a[c].rank {
			c++
		}
		if a[c].rank <= h.rank {
			break
		}
		a[k] = a[c]
		k = c
	}
	a[k] = h
}

// BlockingPairs counts the acceptable pairs (mentee, mentor) that are not
// together although the mentee prefers the mentor to its match (or has none)
// and the mentor has room or prefers the mentee to one it holds. A stable
// matching has none.
func BlockingPairs(p RankProblem, r Result) (int, error) {
	ix, err := indexRanks(&p)
	if err != nil {
		return 0, err
	}
	return blockingPairs(&p, ix, r)
}

// blockingPairs shares the index with Stable; it does not trust anything
// else the matching algorithm computed.
func blockingPairs(p *RankProblem, ix *rankIndex, r Result) (int, error) {
	n, m := len(p.Mentees), len(p.Mentors)
	mate := make([]int32, n)
	for i := range mate {
		mate[i] = -1
	}
	count := make([]int, m)
	worst := make([]int32, m) // the mentor's rank of the worst mentee it holds
	for _, a := range r.Pairs {
		if a.Mentee < 0 || int(a.Mentee) >= n || a.Mentor < 0 || int(a.Mentor) >= m || mate[a.Mentee] >= 0 {
			return 0, fmt.Errorf("pair (%d, %d) is out of range or repeats a mentee", a.Mentee, a.Mentor)
		}
		mate[a.Mentee] = a.Mentor
		count[a.Mentor]++
	}
	// Ranks of held mentees, and a check that every pair is acceptable.
	matchedAt := make([]bool, n)
	for i := 0; i < n; i++ {
		for x := ix.start[i]; x < ix.start[i+1]; x++ {
			if ix.mentor[x] == mate[i] {
				if ix.mentorRank[x] < 0 {
					break
				}
				matchedAt[i] = true
				worst[mate[i]] = max(worst[mate[i]], ix.mentorRank[x])
			}
		}
		if mate[i] >= 0 && !matchedAt[i] {
			return 0, fmt.Errorf("mentee %q and mentor %q do not rank each other", p.Mentees[i], p.Mentors[mate[i]].ID)
		}
	}
	for j, mt := range p.Mentors {
		if count[j] > mt.Capacity {
			return 0, fmt.Errorf("mentor %q has %d mentees, capacity %d", mt.ID, count[j], mt.Capacity)
		}
	}
	blocking := 0
	for i := 0; i < n; i++ {
		for x := ix.start[i]; x < ix.start[i+1]; x++ {
			j := ix.mentor[x]
			if j == mate[i] {
				break // the rest are worse than the match
			}
			rk := ix.mentorRank[x]
			if rk >= 0 && (count[j] < p.Mentors[j].Capacity || rk < worst[j]) {
				blocking++
			}
		}
	}
	return blocking, nil
}
