package match

import (
	"testing"
)

func benchSolve(b *testing.B, cfg GenConfig) {
	p := Generate(cfg)
	b.ReportAllocs()
	b.ResetTimer()
	var r Result
	for b.Loop() {
		var err error
		r, err = Solve(p)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.Matched), "matched")
	b.ReportMetric(float64(r.TotalMillis)/1000, "score")
}

func BenchmarkSolve(b *testing.B) {
	b.Run("uniform-20k", func(b *testing.B) {
		benchSolve(b, GenConfig{Mentees: 20000, Mentors: 10000, Degree: 50, Kind: Uniform, Seed: 1})
	})
	b.Run("structured-20k", func(b *testing.B) {
		benchSolve(b, GenConfig{Mentees: 20000, Mentors: 10000, Degree: 50, Kind: Structured, Seed: 1})
	})
}

// BenchmarkSolveLarge is the 66,000 x 33,000 instance (3.3 million edges);
// run it by name: go test -bench SolveLarge ./internal/match/
func BenchmarkSolveLarge(b *testing.B) {
	b.Run("uniform-66k", func(b *testing.B) {
		benchSolve(b, GenConfig{Mentees: 66000, Mentors: 33000, Degree: 50, Kind: Uniform, Seed: 1})
	})
	b.Run("structured-66k", func(b *testing.B) {
		benchSolve(b, GenConfig{Mentees: 66000, Mentors: 33000, Degree: 50, Kind: Structured, Seed: 1})
	})
}

func BenchmarkStable(b *testing.B) {
	for _, kind := range []Kind{Uniform, Structured} {
		b.Run(string(kind)+"-20k", func(b *testing.B) {
			p := GenerateRanks(GenConfig{Mentees: 20000, Mentors: 10000, Degree: 50, Kind: kind, Seed: 1})
			b.ReportAllocs()
			var r Result
			for b.Loop() {
				var err error
				if r, err = Stable(p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(r.Matched), "matched")
		})
	}
}
