package match

import (
	"math"
	"strings"
	"testing"
)

func TestParseScore(t *testing.T) {
	tests := []struct {
		in   string
		want Millis
		err  string
	}{
		{"0.731", 731, ""},
		{"0", 0, ""},
		{"-0", 0, ""},
		{"1", 1000, ""},
		{"0.7310", 731, ""},
		{"7.31e-1", 731, ""},
		{"1000000", MaxScore, ""},
		{"0.7315", 0, "more than three decimals"},
		{"1e-4", 0, "more than three decimals"},
		{"-0.001", 0, "negative"},
		{"1000000.001", 0, "above the maximum"},
		{"abc", 0, "not a number"},
		{"1/3", 0, "not a number"},
		{"", 0, "not a number"},
	}
	for _, tt := range tests {
		got, err := ParseScore(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseScore(%q) = %v, %v; want error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseScore(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestScoreFromFloat(t *testing.T) {
	if m, err := ScoreFromFloat(0.731); err != nil || m != 731 {
		t.Errorf("0.731: %v %v", m, err)
	}
	a, b := 0.1, 0.2 // variables: as constants 0.1+0.2 is exactly 0.3
	for _, f := range []float64{math.NaN(), math.Inf(1), a + b, -1} {
		if _, err := ScoreFromFloat(f); err == nil {
			t.Errorf("%v accepted", f)
		}
	}
}

func TestFormatScore(t *testing.T) {
	tests := map[Millis]string{0: "0", 731: "0.731", 500: "0.5", 2000: "2", 1010: "1.01", 12345: "12.345", -5: "-0.005"}
	for in, want := range tests {
		if got := FormatScore(in); got != want {
			t.Errorf("FormatScore(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestBenchCommandSmall(t *testing.T) {
	for _, args := range [][]string{
		{"--mentees", "300", "--mentors", "150", "--degree", "10", "--kind", "structured"},
		{"bench", "match", "--mentees", "300", "--mentors", "150", "--stable"},
	} {
		var out strings.Builder
		if err := BenchCommand(args, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "certificate: verified optimal") && !strings.Contains(out.String(), "blocking pairs: 0") {
			t.Errorf("%v: output lacks the verdict:\n%s", args, out.String())
		}
	}
	if err := BenchCommand([]string{"--kind", "zipf"}, &strings.Builder{}); err == nil {
		t.Error("unknown kind accepted")
	}
}

// TestGenerateCapacities checks the property the benchmarks rely on:
// capacities sum to exactly the number of mentees, and the same seed gives
// the same instance.
func TestGenerateCapacities(t *testing.T) {
	for _, kind := range []Kind{Uniform, Structured} {
		cfg := GenConfig{Mentees: 1000, Mentors: 300, Degree: 20, Kind: kind, Seed: 9}
		p := Generate(cfg)
		sum := 0
		for _, m := range p.Mentors {
			sum += m.Capacity
		}
		if sum != cfg.Mentees || len(p.Edges) != cfg.Mentees*cfg.Degree {
			t.Errorf("%s: capacity sum %d, edges %d", kind, sum, len(p.Edges))
		}
		q := Generate(cfg)
		for k := range p.Edges {
			if p.Edges[k] != q.Edges[k] {
				t.Fatalf("%s: not deterministic at edge %d", kind, k)
			}
		}
		if _, err := Solve(p); err != nil {
			t.Fatal(err)
		}
	}
}
