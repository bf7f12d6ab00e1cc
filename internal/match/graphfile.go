package match

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
)

// graphFile is the JSON the match command reads. Numbers are kept raw so
// that a score is read exactly from its digits and every bad value can be
// named in the message.
type graphFile struct {
	Mentees []struct {
		ID    *string  `json:"id"`
		Ranks []string `json:"ranks"`
	} `json:"mentees"`
	Mentors []struct {
		ID       *string         `json:"id"`
		Capacity json.RawMessage `json:"capacity"`
		Ranks    []string        `json:"ranks"`
	} `json:"mentors"`
	Edges []struct {
		Mentee *string         `json:"mentee"`
		Mentor *string         `json:"mentor"`
		Score  json.RawMessage `json:"score"`
	} `json:"edges"`
	Pins    []pairFile `json:"pins"`
	Forbids []pairFile `json:"forbids"`

	menteeIx, mentorIx map[string]int32
}

type pairFile struct {
	Mentee *string `json:"mentee"`
	Mentor *string `json:"mentor"`
}

// readGraph decodes one JSON object. Input that is empty or only white
// space is an empty graph: there is nobody to match.
func readGraph(data []byte) (*graphFile, error) {
	g := &graphFile{}
	if len(bytes.TrimSpace(data)) == 0 {
		return g, g.index()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(g); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: unexpected data after the graph object")
	}
	return g, g.index()
}

// jsonError turns decoder errors into messages about the input, not about
// Go types.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return fmt.Errorf("invalid JSON: the graph must be an object, not %s", article(typ.Value))
		}
		return fmt.Errorf("invalid JSON: %s must not be %s", typ.Field, article(typ.Value))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("invalid JSON: input ends before the graph object is complete")
	}
	return fmt.Errorf("invalid JSON: %v", err)
}

func article(kind string) string {
	switch kind {
	case "array", "object":
		return "an " + kind
	}
	return "a " + kind
}

// index checks ids and maps them to positions.
func (g *graphFile) index() error {
	g.menteeIx = make(map[string]int32, len(g.Mentees))
	g.mentorIx = make(map[string]int32, len(g.Mentors))
	for k, e := range g.Mentees {
		if e.ID == nil || *e.ID == "" {
			return fmt.Errorf("mentee %d: missing id", k)
		}
		if _, dup := g.menteeIx[*e.ID]; dup {
			return fmt.Errorf("mentee %d: duplicate id %q", k, *e.ID)
		}
		g.menteeIx[*e.ID] = int32(k)
	}
	for k, m := range g.Mentors {
		if m.ID == nil || *m.ID == "" {
			return fmt.Errorf("mentor %d: missing id", k)
		}
		if _, dup := g.mentorIx[*m.ID]; dup {
			return fmt.Errorf("mentor %d: duplicate id %q", k, *m.ID)
		}
		g.mentorIx[*m.ID] = int32(k)
	}
	return nil
}

// people builds the id lists and capacities shared by both modes.
func (g *graphFile) people() ([]string, []Mentor, error) {
	mentees := make([]string, len(g.Mentees))
	for k, e := range g.Mentees {
		mentees[k] = *e.ID
	}
	mentors := make([]Mentor, len(g.Mentors))
	for k, m := range g.Mentors {
		c, err := parseCapacity(m.Capacity)
		if err != nil {
			return nil, nil, fmt.Errorf("mentor %d (%q): %v", k, *m.ID, err)
		}
		mentors[k] = Mentor{ID: *m.ID, Capacity: c}
	}
	return mentees, mentors, nil
}

func parseCapacity(raw json.RawMessage) (int, error) {
	text := string(bytes.TrimSpace(raw))
	if text == "" || text == "null" {
		return 0, errors.New("missing capacity")
	}
	r, ok := new(big.Rat).SetString(text)
	if !isJSONNumber(text) || !ok {
		return 0, fmt.Errorf("capacity %s is not a number", text)
	}
	if !r.IsInt() {
		return 0, fmt.Errorf("capacity %s is not a whole number", text)
	}
	if r.Sign() < 0 {
		return 0, fmt.Errorf("negative capacity %s", text)
	}
	if !r.Num().IsInt64() || r.Num().Int64() > maxCount {
		return 0, fmt.Errorf("capacity %s is too large", text)
	}
	return int(r.Num().Int64()), nil
}

// isJSONNumber tells a raw JSON value that is a number from a string, a
// boolean, an object or an array (the decoder has already checked syntax).
func isJSONNumber(text string) bool {
	return text != "" && (text[0] == '-' || (text[0] >= '0' && text[0] <= '9'))
}

func parseEdgeScore(raw json.RawMessage) (Millis, error) {
	text := string(bytes.TrimSpace(raw))
	switch {
	case text == "" || text == "null":
		return 0, errors.New("missing score")
	case !isJSONNumber(text):
		return 0, fmt.Errorf("score %s is not a number", text)
	}
	return ParseScore(text)
}

func (g *graphFile) lookup(what string, k int, mentee, mentor *string) (Pair, error) {
	switch {
	case mentee == nil:
		return Pair{}, fmt.Errorf("%s %d: missing mentee", what, k)
	case mentor == nil:
		return Pair{}, fmt.Errorf("%s %d: missing mentor", what, k)
	}
	i, ok := g.menteeIx[*mentee]
	if !ok {
		return Pair{}, fmt.Errorf("%s %d: unknown mentee %q", what, k, *mentee)
	}
	j, ok := g.mentorIx[*mentor]
	if !ok {
		return Pair{}, fmt.Errorf("%s %d: unknown mentor %q", what, k, *mentor)
	}
	return Pair{i, j}, nil
}

// problem converts the file for Solve, which checks the rest (duplicate
// edges, pins) with messages in the same terms.
func (g *graphFile) problem() (Problem, error) {
	mentees, mentors, err := g.people()
	if err != nil {
		return Problem{}, err
	}
	p := Problem{Mentees: mentees, Mentors: mentors, Edges: make([]Edge, len(g.Edges))}
	for k, e := range g.Edges {
		pr, err := g.lookup("edge", k, e.Mentee, e.Mentor)
		if err != nil {
			return Problem{}, err
		}
		s, err := parseEdgeScore(e.Score)
		if err != nil {
			return Problem{}, fmt.Errorf("edge %d: %v", k, err)
		}
		p.Edges[k] = Edge{pr.Mentee, pr.Mentor, s}
	}
	for k, q := range g.Pins {
		pr, err := g.lookup("pin", k, q.Mentee, q.Mentor)
		if err != nil {
			return Problem{}, err
		}
		p.Pins = append(p.Pins, pr)
	}
	for k, q := range g.Forbids {
		pr, err := g.lookup("forbid", k, q.Mentee, q.Mentor)
		if err != nil {
			return Problem{}, err
		}
		p.Forbids = append(p.Forbids, pr)
	}
	return p, nil
}

// rankProblem converts the file for Stable. A rank naming someone not in the
// file is skipped rather than refused: a pair is allowed only when each ranks
// the other, and someone absent can rank nobody (the issue's own example ranks
// a mentor "m2" that the file does not list).
func (g *graphFile) rankProblem() (RankProblem, error) {
	mentees, mentors, err := g.people()
	if err != nil {
		return RankProblem{}, err
	}
	p := RankProblem{Mentees: mentees, Mentors: mentors,
		MenteeRanks: make([][]int32, len(mentees)), MentorRanks: make([][]int32, len(mentors))}
	for k, e := range g.Mentees {
		for _, id := range e.Ranks {
			j, ok := g.mentorIx[id]
			if !ok {
				continue
			}
			p.MenteeRanks[k] = append(p.MenteeRanks[k], j)
		}
	}
	for k, m := range g.Mentors {
		for _, id := range m.Ranks {
			i, ok := g.menteeIx[id]
			if !ok {
				continue
			}
			p.MentorRanks[k] = append(p.MentorRanks[k], i)
		}
	}
	return p, nil
}
