package match

// Assignment is one mentee matched to one mentor, with the edge's score.
type Assignment struct {
	Mentee, Mentor int32
	Score          Millis
}

// Result is a matching. Pairs are in increasing mentee index order.
type Result struct {
	Pairs       []Assignment
	Matched     int
	TotalMillis int64
	// Unmatched lists, in mentee order, every mentee left without a mentor and
	// why (weighted mode only).
	Unmatched []Unmatched
	// Certificate proves optimality (weighted mode only); see Verify.
	Certificate Certificate
}

// Certificate is an optimal solution of the dual of the weighted problem's
// linear programme. Each candidate edge has weight Big+score; Big exceeds the
// sum of every mentee's best score, so one more matched mentee outweighs any
// score difference and maximising weight means "most mentees, then highest
// score". Verify checks it in O(V+E).
//
// Pinned mentees are fixed before solving, so the certificate covers the
// residual problem: their potentials are 0 and their edges are not checked.
type Certificate struct {
	Big     int64
	Mentee  []int64 // u_i >= 0, one per mentee
	Mentor  []int64 // v_j >= 0, one per mentor
	Checked bool    // Verify passed at the end of Solve
}

// Reason says why a mentee is unmatched, as a code the caller turns into words.
type Reason string

const (
	// NoCandidate: the mentee has no candidate edge (after forbids).
	NoCandidate Reason = "no_candidate"
	// MentorsFull: every candidate mentor is at capacity with others whom the
	// optimum could not move elsewhere.
	MentorsFull Reason = "mentors_full"
)

// Text is the reason in plain English.
func (r Reason) Text() string {
	switch r {
	case NoCandidate:
		return "no candidate mentor"
	case MentorsFull:
		return "all candidate mentors are at capacity"
	}
	return string(r)
}

// Unmatched is a mentee left without a mentor.
type Unmatched struct {
	Mentee int32
	Reason Reason
}
