package match

import "fmt"

// Mentor is one mentor and how many mentees they can take at most.
type Mentor struct {
	ID       string
	Capacity int
}

// Edge is a candidate pair with its score. Mentee and Mentor are indices into
// Problem.Mentees and Problem.Mentors: indices keep a million-edge problem
// compact (16 bytes an edge) and spare the solver any map lookups.
type Edge struct {
	Mentee, Mentor int32
	Score          Millis
}

// Pair names a mentee and a mentor by index.
type Pair struct {
	Mentee, Mentor int32
}

// Problem is the weighted matching problem.
//
// Mentees and Mentors give the people; their IDs are only labels used in
// messages and output. Pins are pairs that must be in the result; each must be
// a candidate edge. Forbids are pairs that must never be in the result; a
// forbid that is not an edge is harmless.
type Problem struct {
	Mentees []string
	Mentors []Mentor
	Edges   []Edge
	Pins    []Pair
	Forbids []Pair
}

// InvalidError is input the engine refuses. Its message names the problem in
// the caller's terms (ids, positions in the input) and is safe to show.
type InvalidError struct{ Msg string }

func (e *InvalidError) Error() string { return e.Msg }

func invalidf(format string, args ...any) error {
	return &InvalidError{Msg: fmt.Sprintf(format, args...)}
}

// maxCount bounds the number of mentees, mentors and edges: the solver keeps
// indices and CSR offsets in int32 to halve its memory traffic.
const maxCount = 1<<31 - 2

func (p *Problem) menteeName(i int32) string { return fmt.Sprintf("%q", p.Mentees[i]) }
func (p *Problem) mentorName(j int32) string { return fmt.Sprintf("%q", p.Mentors[j].ID) }
