package match

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const matchUsage = `usage: tandem match [--stable] [--explain] --graph FILE

Reads a JSON graph from FILE (- for standard input) and prints the matching
as JSON. Weighted mode (default) maximises the number of mentees matched,
then the total score, exactly:
  {"mentees":[{"id":"e1"}], "mentors":[{"id":"m1","capacity":2}],
   "edges":[{"mentee":"e1","mentor":"m1","score":0.731}],
   "pins":[{"mentee":"e1","mentor":"m1"}], "forbids":[]}
Scores are numbers >= 0 with at most three decimals. --stable reads ranks
instead of edges and prints the mentee-optimal stable matching:
  {"mentees":[{"id":"e1","ranks":["m1"]}],
   "mentors":[{"id":"m1","capacity":2,"ranks":["e1"]}]}
--explain adds, in weighted mode, why each unmatched mentee is unmatched.
Positions in error messages (edge 3, pin 0) count from 0.
`

// MatchCommand implements "tandem match". args are the arguments after
// "match" (a leading "match" is skipped too). Errors name the problem in the
// input and are meant to be shown to the user as they are.
func MatchCommand(args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "match" {
		args = args[1:]
	}
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	graph := fs.String("graph", "", "JSON graph file, or - for standard input")
	stable := fs.Bool("stable", false, "stable mode: rank lists instead of scored edges")
	explain := fs.Bool("explain", false, "list unmatched mentees with a reason")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, err := io.WriteString(stdout, matchUsage)
			return err
		}
		return fmt.Errorf("%v\n%s", err, matchUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), matchUsage)
	}
	if *graph == "" {
		return errors.New("missing --graph FILE (a JSON graph, or - for standard input)")
	}
	var data []byte
	var err error
	if *graph == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(*graph)
	}
	if err != nil {
		return fmt.Errorf("read graph: %w", err)
	}
	g, err := readGraph(data)
	if err != nil {
		return err
	}
	var out resultJSON
	if *stable {
		out, err = runStable(g)
	} else {
		out, err = runWeighted(g, *explain)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// resultJSON is the printed result; keys appear in this order.
type resultJSON struct {
	Pairs         []pairJSON      `json:"pairs"`
	Matched       int             `json:"matched"`
	TotalScore    json.Number     `json:"total_score"`
	BlockingPairs *int            `json:"blocking_pairs,omitzero"`
	Unmatched     []unmatchedJSON `json:"unmatched,omitzero"`
}

type pairJSON struct {
	Mentee string      `json:"mentee"`
	Mentor string      `json:"mentor"`
	Score  json.Number `json:"score"`
}

type unmatchedJSON struct {
	Mentee string `json:"mentee"`
	Reason Reason `json:"reason"`
	Text   string `json:"text"`
}

func pairsJSON(mentees []string, mentors []Mentor, r Result) resultJSON {
	out := resultJSON{Pairs: make([]pairJSON, 0, len(r.Pairs)), Matched: r.Matched,
		TotalScore: json.Number(FormatScore(Millis(r.TotalMillis)))}
	for _, a := range r.Pairs {
		out.Pairs = append(out.Pairs, pairJSON{mentees[a.Mentee], mentors[a.Mentor].ID, json.Number(FormatScore(a.Score))})
	}
	return out
}

func runWeighted(g *graphFile, explain bool) (resultJSON, error) {
	p, err := g.problem()
	if err != nil {
		return resultJSON{}, err
	}
	r, err := Solve(p)
	if err != nil {
		return resultJSON{}, err
	}
	out := pairsJSON(p.Mentees, p.Mentors, r)
	if explain {
		out.Unmatched = make([]unmatchedJSON, 0, len(r.Unmatched))
		for _, u := range r.Unmatched {
			out.Unmatched = append(out.Unmatched, unmatchedJSON{p.Mentees[u.Mentee], u.Reason, u.Reason.Text()})
		}
	}
	return out, nil
}

func runStable(g *graphFile) (resultJSON, error) {
	p, err := g.rankProblem()
	if err != nil {
		return resultJSON{}, err
	}
	r, err := Stable(p)
	if err != nil {
		return resultJSON{}, err
	}
	// Counted again here, from the printed result, so the number shown is
	// the program's own check rather than an assumption.
	b, err := BlockingPairs(p, r)
	if err != nil {
		return resultJSON{}, err
	}
	out := pairsJSON(p.Mentees, p.Mentors, r)
	out.BlockingPairs = &b
	return out, nil
}
