package match

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runMatch(t *testing.T, input string, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := MatchCommand(args, strings.NewReader(input), &out)
	return out.String(), err
}

func TestMatchCommandOutput(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		input string
		want  string
	}{
		{
			name:  "stable example from the issue (m2 is not in the file)",
			args:  []string{"--stable", "--graph", "-"},
			input: `{"mentees":[{"id":"e1","ranks":["m2","m1"]}], "mentors":[{"id":"m1","capacity":2,"ranks":["e1"]}]}`,
			want:  `{"pairs":[{"mentee":"e1","mentor":"m1","score":0}],"matched":1,"total_score":0,"blocking_pairs":0}`,
		},
		{
			name:  "weighted example",
			args:  []string{"--graph", "-"},
			input: `{"mentees":[{"id":"e1"}], "mentors":[{"id":"m1","capacity":2}], "edges":[{"mentee":"e1","mentor":"m1","score":0.731}]}`,
			want:  `{"pairs":[{"mentee":"e1","mentor":"m1","score":0.731}],"matched":1,"total_score":0.731}`,
		},
		{
			name:  "empty graph",
			args:  []string{"--graph", "-"},
			input: `{"mentees":[],"mentors":[],"edges":[]}`,
			want:  `{"pairs":[],"matched":0,"total_score":0}`,
		},
		{
			name:  "empty input",
			args:  []string{"--graph", "-"},
			input: " \n",
			want:  `{"pairs":[],"matched":0,"total_score":0}`,
		},
		{
			name: "sum is exact and pairs follow mentee order",
			args: []string{"--graph", "-"},
			input: `{"mentees":[{"id":"b"},{"id":"a"},{"id":"c"}], "mentors":[{"id":"m1","capacity":1},{"id":"m2","capacity":1}],
				"edges":[{"mentee":"a","mentor":"m1","score":0.1},{"mentee":"b","mentor":"m2","score":0.2},{"mentee":"c","mentor":"m2","score":0.1}]}`,
			want: `{"pairs":[{"mentee":"b","mentor":"m2","score":0.2},{"mentee":"a","mentor":"m1","score":0.1}],"matched":2,"total_score":0.3}`,
		},
		{
			name: "pins and forbids",
			args: []string{"--graph", "-"},
			input: `{"mentees":[{"id":"e1"},{"id":"e2"}], "mentors":[{"id":"m1","capacity":1},{"id":"m2","capacity":1}],
				"edges":[{"mentee":"e1","mentor":"m1","score":1},{"mentee":"e1","mentor":"m2","score":0.5},{"mentee":"e2","mentor":"m1","score":1}],
				"pins":[{"mentee":"e1","mentor":"m2"}], "forbids":[{"mentee":"e2","mentor":"m2"}]}`,
			want: `{"pairs":[{"mentee":"e1","mentor":"m2","score":0.5},{"mentee":"e2","mentor":"m1","score":1}],"matched":2,"total_score":1.5}`,
		},
		{
			name: "explain",
			args: []string{"--explain", "--graph", "-"},
			input: `{"mentees":[{"id":"e1"},{"id":"e2"},{"id":"e3"}], "mentors":[{"id":"m1","capacity":1}],
				"edges":[{"mentee":"e1","mentor":"m1","score":1},{"mentee":"e2","mentor":"m1","score":0.5}]}`,
			want: `{"pairs":[{"mentee":"e1","mentor":"m1","score":1}],"matched":1,"total_score":1,"unmatched":[` +
				`{"mentee":"e2","reason":"mentors_full","text":"all candidate mentors are at capacity"},` +
				`{"mentee":"e3","reason":"no_candidate","text":"no candidate mentor"}]}`,
		},
		{
			name:  "stable",
			args:  []string{"--stable", "--graph", "-"},
			input: `{"mentees":[{"id":"e1","ranks":["m2","m1"]},{"id":"e2","ranks":["m2"]}], "mentors":[{"id":"m1","capacity":2,"ranks":["e1"]},{"id":"m2","capacity":1,"ranks":["e2","e1"]}]}`,
			want:  `{"pairs":[{"mentee":"e1","mentor":"m1","score":0},{"mentee":"e2","mentor":"m2","score":0}],"matched":2,"total_score":0,"blocking_pairs":0}`,
		},
		{
			name:  "stable empty",
			args:  []string{"match", "--stable", "--graph=-"},
			input: `{}`,
			want:  `{"pairs":[],"matched":0,"total_score":0,"blocking_pairs":0}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runMatch(t, tt.input, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want+"\n" {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestMatchCommandReadsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.json")
	in := `{"mentees":[{"id":"e1"}], "mentors":[{"id":"m1","capacity":2}], "edges":[{"mentee":"e1","mentor":"m1","score":0.731}]}`
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := runMatch(t, "", "--graph", path)
	if err != nil || !strings.Contains(got, `"total_score":0.731`) {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, err := runMatch(t, "", "--graph", path+".missing"); err == nil || !strings.Contains(err.Error(), "read graph") {
		t.Fatalf("missing file: %v", err)
	}
}

func TestMatchCommandRefuses(t *testing.T) {
	const people = `"mentees":[{"id":"e1"},{"id":"e2"}], "mentors":[{"id":"m1","capacity":1},{"id":"m2","capacity":1}]`
	edges := func(list string) string { return `{` + people + `, "edges":[` + list + `]}` }
	ok := `{"mentee":"e1","mentor":"m1","score":0.5}`
	tests := []struct {
		name  string
		args  []string
		input string
		want  string
	}{
		{"missing --graph", nil, "", "missing --graph FILE"},
		{"unknown flag", []string{"--grap", "-"}, "", "flag provided but not defined: -grap"},
		{"malformed JSON", []string{"--graph", "-"}, `{"mentees":[}`, "invalid JSON at byte 13"},
		{"truncated JSON", []string{"--graph", "-"}, `{"mentees":[`, "invalid JSON"},
		{"not an object", []string{"--graph", "-"}, `[1,2]`, "the graph must be an object, not an array"},
		{"trailing data", []string{"--graph", "-"}, `{} {}`, "unexpected data after the graph object"},
		{"id not a string", []string{"--graph", "-"}, `{"mentees":[{"id":7}]}`, "mentees.id must not be a number"},
		{"missing id", []string{"--graph", "-"}, `{"mentees":[{}]}`, "mentee 0: missing id"},
		{"duplicate mentee", []string{"--graph", "-"}, `{"mentees":[{"id":"e1"},{"id":"e1"}]}`, `mentee 1: duplicate id "e1"`},
		{"duplicate mentor", []string{"--graph", "-"}, `{"mentors":[{"id":"m1","capacity":1},{"id":"m1","capacity":1}]}`, `mentor 1: duplicate id "m1"`},
		{"negative capacity", []string{"--graph", "-"}, `{"mentors":[{"id":"m1","capacity":-1}]}`, `mentor 0 ("m1"): negative capacity -1`},
		{"fractional capacity", []string{"--graph", "-"}, `{"mentors":[{"id":"m1","capacity":1.5}]}`, `mentor 0 ("m1"): capacity 1.5 is not a whole number`},
		{"missing capacity", []string{"--graph", "-"}, `{"mentors":[{"id":"m1"}]}`, `mentor 0 ("m1"): missing capacity`},
		{"unknown mentor", []string{"--graph", "-"}, edges(ok + `,{"mentee":"e2","mentor":"m9","score":1}`), `edge 1: unknown mentor "m9"`},
		{"unknown mentee", []string{"--graph", "-"}, edges(`{"mentee":"x","mentor":"m1","score":1}`), `edge 0: unknown mentee "x"`},
		{"missing score", []string{"--graph", "-"}, edges(`{"mentee":"e1","mentor":"m1"}`), "edge 0: missing score"},
		{"score is a string", []string{"--graph", "-"}, edges(`{"mentee":"e1","mentor":"m1","score":"0.5"}`), `edge 0: score "0.5" is not a number`},
		{"score is NaN text", []string{"--graph", "-"}, edges(`{"mentee":"e1","mentor":"m1","score":"NaN"}`), `edge 0: score "NaN" is not a number`},
		{"NaN literal", []string{"--graph", "-"}, edges(`{"mentee":"e1","mentor":"m1","score":NaN}`), "invalid JSON"},
		{"four decimals", []string{"--graph", "-"}, edges(`{"mentee":"e1","mentor":"m1","score":0.7315}`), "edge 0: score 0.7315 has more than three decimals"},
		{"negative score", []string{"--graph", "-"}, edges(`{"mentee":"e1","mentor":"m1","score":-0.5}`), "edge 0: score -0.5 is negative"},
		{"huge score", []string{"--graph", "-"}, edges(`{"mentee":"e1","mentor":"m1","score":1e300}`), "edge 0: score 1e300 is above the maximum 1000000"},
		{"duplicate edge", []string{"--graph", "-"}, edges(ok + `,{"mentee":"e2","mentor":"m1","score":1},` + ok), `edge 2: duplicate of edge 0 (mentee "e1", mentor "m1")`},
		{"pin unknown", []string{"--graph", "-"}, `{` + people + `,"edges":[` + ok + `],"pins":[{"mentee":"e1","mentor":"m7"}]}`, `pin 0: unknown mentor "m7"`},
		{"pin not an edge", []string{"--graph", "-"}, `{` + people + `,"edges":[` + ok + `],"pins":[{"mentee":"e2","mentor":"m1"}]}`, `pin 0: mentee "e2" and mentor "m1" are not a candidate edge`},
		{"forbid unknown", []string{"--graph", "-"}, `{` + people + `,"forbids":[{"mentee":"zz","mentor":"m1"}]}`, `forbid 0: unknown mentee "zz"`},
		{"stable duplicate rank", []string{"--stable", "--graph", "-"}, `{"mentees":[{"id":"e1"}],"mentors":[{"id":"m1","capacity":1,"ranks":["e1","e1"]}]}`, `mentor "m1" ranks mentee "e1" twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runMatch(t, tt.input, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v (output %q), want an error containing %q", err, out, tt.want)
			}
			if out != "" {
				t.Errorf("printed %q on error", out)
			}
		})
	}
}
